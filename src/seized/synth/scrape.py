"""A scrape of a fourth market's vendor pages (market 'lantern'), as researchers publish them.

Only what a crawler sees: every account is a vendor (a vendor page), each with its listings'
titles, category paths in the scrape's own wording (``Cannabis/Weeds`` where the markets write
``Drugs > Cannabis > Weed``), prices in US dollars and the day they were seen, and some listing
texts and profiles. There is no ships-from, no order, message, login or wallet::

    OUT/markets/lantern/vendors.csv   vendor, profile, first_seen
    OUT/markets/lantern/items.csv     item, vendor, title, category, description, price_usd, seen
    OUT/markets/lantern.yaml          the mapping for the scrape (software synth-scrape)

Its rows are drawn from a random generator of their own, so the three markets' dumps do not
depend on it.
"""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime
from pathlib import Path

from seized.synth.texts import PRODUCTS, QUANTITIES, listing_title
from seized.synth.world import SCRAPE, Account

#: US dollars per bitcoin the scrape's prices were written at.
USD_PER_BTC = 9000

MAPPING = f"""mapping: 1
software: synth-scrape
description: >-
  A crawl of the vendor pages of market '{SCRAPE}' (written by `seized synth`): vendors.csv with
  each vendor's name and profile, items.csv with each listing seen, prices in US dollars.
params:
  btc_usd_rate: {USD_PER_BTC}
tables:
  accounts:
    source: vendors
    select: |
      SELECT vendor AS native_id, vendor AS username, 'vendor' AS role,
             clean_text(profile) AS profile, text_ts(first_seen) AS created_at
        FROM vendors
  listings:
    source: items
    select: |
      SELECT item AS native_id, vendor AS vendor_id, title,
             clean_text(description) AS description, category,
             CAST(price_usd AS DOUBLE) AS price, 'USD' AS currency,
             usd_sats(price_usd, getvariable('btc_usd_rate')) AS price_sats,
             text_ts(seen) AS created_at
        FROM items
"""


def category(path: str) -> str:
    """The scrape's wording of a category path: no top level, '/' between levels, the leaf in
    the plural (``Drugs > Cannabis > Weed`` -> ``Cannabis/Weeds``)."""
    levels = [p.strip() for p in path.split(">")][1:] or [path]
    leaf = levels[-1]
    levels[-1] = leaf if leaf.endswith("s") else leaf + "s"
    return "/".join(levels)


def _day(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d")


def write_scrape(out: Path, vendors: list[Account], seed: int, end: int) -> dict[str, int]:
    """The scrape's two CSV files and its mapping; returns the rows written per table."""
    rng = random.Random(f"seized-synth-scrape:{seed}")
    folder = out / "markets" / SCRAPE
    folder.mkdir(parents=True, exist_ok=True)
    items = 0
    with (
        (folder / "vendors.csv").open("w", encoding="utf-8", newline="") as v,
        (folder / "items.csv").open("w", encoding="utf-8", newline="") as i,
    ):
        vendor_rows = csv.writer(v)
        item_rows = csv.writer(i)
        vendor_rows.writerow(("vendor", "profile", "first_seen"))
        item_rows.writerow(
            ("item", "vendor", "title", "category", "description", "price_usd", "seen")
        )
        for account in vendors:
            person = account.person
            profile = person.signature if rng.random() < 0.5 else ""
            vendor_rows.writerow((account.native_id, profile, _day(account.created)))
            for _ in range(rng.randint(1, 6)):
                items += 1
                cat, product, unit, base = PRODUCTS[rng.choice(person.products)]
                qty = rng.choice(QUANTITIES[:9] if unit == "g" else QUANTITIES[3:])
                sats = int(base * qty * rng.uniform(0.8, 1.3))
                text = f"{product}, {qty}{unit}. {person.signature}" if rng.random() < 0.5 else ""
                item_rows.writerow(
                    (
                        f"i{items}",
                        account.native_id,
                        listing_title(rng, product, unit, qty, rng.random() < 0.2),
                        category(cat),
                        text,
                        f"{sats * USD_PER_BTC / 100_000_000:.2f}",
                        _day(rng.randint(account.created, end)),
                    )
                )
    (out / "markets" / f"{SCRAPE}.yaml").write_text(MAPPING, encoding="utf-8")
    return {"accounts": len(vendors), "listings": items}
