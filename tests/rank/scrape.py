"""A listings-only scrape as a unit receives it: CSV exports of a 2017 market's listing pages.

Three files (one per category group) with the columns ``listing_title``, ``listing_vendor``,
``listing_price`` (US dollars, ``$1,234.50``), ``listing_sold`` (``14 sold since Apr 12, 2017``,
empty where the page showed none), ``listing_feedback`` (``Feedback (23)``), ``category`` and
``ships_from``, and the crawl date ``scrape_date``. Every listing is seen on two crawls; its
counters rise between them. No orders, no feedback texts, no buyers.

Planted: a vendor parking a "1x tab" at $99,999 with 1,000 sales on the counter (a holding
price), a listing priced 0 with sales, a vendor whose listings show only feedback counters, a
vendor whose pages show no counters at all, and ships-from values that are not countries
(``WW``, ``EU``).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

#: Dollars per bitcoin used by the mapping (the spring 2017 rate).
BTC_USD = 1183.0
CRAWLS = ("2017-05-03", "2017-06-07")
COLUMNS = (
    "listing_title",
    "listing_vendor",
    "listing_price",
    "listing_sold",
    "listing_feedback",
    "category",
    "ships_from",
    "scrape_date",
)
PLACEHOLDER_VENDOR = "HoldingPattern"
ZERO_PRICE_VENDOR = "FreeSampleFred"
FEEDBACK_ONLY_VENDOR = "QuietReviews"
NO_COUNTS_VENDOR = "BlankPages"

# category path, file, title template, unit price in dollars, quantities
_PRODUCTS = {
    "cannabis": ("Drugs/Cannabis/Weed", "weed", "{q}g Amnesia Haze", 10.0, (1, 3.5, 7, 14, 28)),
    "cocaine": (
        "Drugs/Stimulants/Cocaine",
        "stims",
        "{q}g Cocaine 90% pure",
        80.0,
        (0.5, 1, 3.5, 7),
    ),
    "speed": ("Drugs/Stimulants/Speed", "stims", "{q}g Speed paste", 12.0, (5, 10, 25, 50)),
    "mdma": ("Drugs/Ecstasy/Pills", "party", "{q}x Ecstasy pills 200mg", 9.0, (10, 25, 50, 100)),
    "lsd": ("Drugs/Psychedelics/LSD", "party", "{q} tabs LSD 150ug", 8.0, (1, 5, 10, 25, 100)),
}
# vendor, products, ships from, size (sales per listing before the first crawl)
_VENDORS = (
    ("GreenGiant", ("cannabis",), "Netherlands", 900),
    ("SnowWhiteNL", ("cocaine", "speed"), "NL", 420),
    ("PillPalace", ("mdma",), "Germany", 260),
    ("AcidAlice", ("lsd",), "United Kingdom", 150),
    ("WorldWideWeed", ("cannabis",), "WW", 95),
    ("EuroSpeed", ("speed",), "EU", 60),
    ("TabTheory", ("lsd", "mdma"), "Germany", 38),
    ("KushKorner", ("cannabis",), "Spain", 22),
    ("RollingStoned", ("mdma",), "Poland", 7),
    (PLACEHOLDER_VENDOR, ("lsd",), "Netherlands", 3),
    (ZERO_PRICE_VENDOR, ("cannabis",), "Belgium", 7),
    (FEEDBACK_ONLY_VENDOR, ("cocaine",), "France", 80),
    (NO_COUNTS_VENDOR, ("cannabis", "mdma", "lsd", "speed"), "Germany", 0),
)


@dataclass(frozen=True)
class Row:
    title: str
    vendor: str
    price_usd: float
    sold: int | None
    sold_since: str
    feedback: int | None
    category: str
    file: str
    ships_from: str
    crawl: str

    def cells(self) -> list[str]:
        return [
            self.title,
            self.vendor,
            f"${self.price_usd:,.2f}",
            f"{self.sold} sold since {self.sold_since}" if self.sold is not None else "",
            f"Feedback ({self.feedback})" if self.feedback is not None else "",
            self.category,
            self.ships_from,
            self.crawl,
        ]


def _price(unit: float, quantity: float) -> float:
    return round(unit * quantity**0.9, 2)  # bulk is a little cheaper per unit


def rows(seed: int = 7) -> list[Row]:
    """Every row of the scrape, in file order."""
    rng = random.Random(seed)
    out: list[Row] = []
    months = ("Jan", "Feb", "Mar", "Apr")
    for vendor, products, ships_from, size in _VENDORS:
        for product in products:
            path, file, title, unit, quantities = _PRODUCTS[product]
            for quantity in quantities:
                q = f"{quantity:g}"
                price = _price(unit * rng.uniform(0.85, 1.15), quantity)
                if vendor == ZERO_PRICE_VENDOR and quantity == 7:
                    price = 0.0
                since = f"{rng.choice(months)} {rng.randint(1, 28)}, 2017"
                first = max(1, round(size * rng.uniform(0.6, 1.4) / quantity**0.5))
                rise = max(1, round(first * rng.uniform(0.2, 0.4)))
                for crawl, sold in zip(CRAWLS, (first, first + rise), strict=True):
                    feedback = round(sold * 0.5)
                    shown_sold: int | None = sold
                    shown_feedback: int | None = feedback
                    if vendor == FEEDBACK_ONLY_VENDOR:
                        shown_sold = None
                    if vendor == NO_COUNTS_VENDOR:
                        shown_sold = shown_feedback = None
                    out.append(
                        Row(
                            title.format(q=q),
                            vendor,
                            price,
                            shown_sold,
                            since,
                            shown_feedback,
                            path,
                            file,
                            ships_from,
                            crawl,
                        )
                    )
        if vendor == PLACEHOLDER_VENDOR:
            for crawl in CRAWLS:  # the holding price: 84.5 BTC for one tab, 1,000 on the counter
                out.append(
                    Row(
                        "1x tab",
                        vendor,
                        99_999.0,
                        1000,
                        "Apr 12, 2017",
                        None,
                        "Drugs/Psychedelics/LSD",
                        "party",
                        ships_from,
                        crawl,
                    )
                )
    return out


def write(folder: Path, seed: int = 7) -> list[Row]:
    """Write the scrape's CSV files into ``folder``; returns the rows."""
    folder.mkdir(parents=True, exist_ok=True)
    written = rows(seed)
    files = sorted({r.file for r in written})
    for name in files:
        with (folder / f"scrape-2017-{name}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            writer.writerows(r.cells() for r in written if r.file == name)
    return written


def usd_sats(amount: float) -> int:
    """Satoshis of a dollar amount at :data:`BTC_USD`, as the mapping's ``usd_sats`` rounds."""
    return round(amount * 100_000_000 / BTC_USD)
