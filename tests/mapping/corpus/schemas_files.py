"""The corpus schemas that come as files: a scrape's CSV export, a dataset's CSV files, a
JSON-lines export of a document store."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from pathlib import Path

from .world import World
from .writers import write_csv, write_jsonl

SCRAPE_DAYS = (datetime(2017, 3, 1), datetime(2017, 3, 8), datetime(2017, 3, 15))


def scrape_csv(world: World, folder: Path) -> None:
    """A crawler's CSV export: one file per crawl day with the same columns (listing_url,
    listing_title, listing_vendor, listing_price in dollars, category_id, ...) and the site's
    category menu. No ids but the number in the listing URL; vendors only by name."""
    rng = random.Random(17)
    for day in SCRAPE_DAYS:
        rows = []
        for li in world.listings:
            if rng.random() < 0.2:
                continue  # not seen on this crawl
            sold = rng.randrange(0, 300)
            rows.append(
                (
                    f"http://dreammarketxyz.onion/?listing={4000 + li.n}",
                    li.title,
                    world.account(li.vendor).username,
                    f"{li.price_usd} USD",
                    li.category,
                    li.ships_from,
                    li.ships_to,
                    f"{sold} sold since {li.created:%b %d, %Y}",
                    f"{day:%Y-%m-%d}",
                )
            )
        write_csv(
            folder / f"dream_{day:%Y-%m-%d}.csv",
            ["listing_url", "listing_title", "listing_vendor", "listing_price", "category_id",
             "ships_from", "ships_to", "sold", "scraped_at"],
            rows,
        )  # fmt: skip
    write_csv(
        folder / "categories.csv",
        ["category_id", "category_name", "parent_id"],
        [(c.n, c.name, c.parent or "") for c in world.categories],
    )


def dnm_csv(world: World, folder: Path) -> None:
    """A research dataset of one market as CSV files: vendors by name (no numeric ids),
    listings with a vendor name, reviews naming listing and vendor, buyers masked."""
    vendors = [a for a in world.accounts if a.role == "vendor"]
    write_csv(
        folder / "vendors.csv",
        ["vendor_name", "vendor_rating", "pgp_key", "joined", "last_online"],
        [(a.username, f"{4 + (a.n % 10) / 10:.2f}/5", a.pgp, f"{a.created:%b %d, %Y}",
          f"{a.last_seen:%Y-%m-%d %H:%M}") for a in vendors],
    )  # fmt: skip
    write_csv(
        folder / "listings.csv",
        ["listing_id", "vendor_name", "title", "category", "price_btc", "ship_from", "ship_to",
         "posted"],
        [(f"L{1000 + li.n}", world.account(li.vendor).username, li.title,
          "/".join(world.category_path(li.category)), f"{li.price_btc:.8f}", li.ships_from,
          li.ships_to, f"{li.created:%Y-%m-%d}") for li in world.listings],
    )  # fmt: skip
    rows = []
    for f in world.feedback:
        order = world.order(f.order)
        buyer = world.account(order.buyer).username
        rows.append(
            (f"L{1000 + order.listing}", world.account(order.vendor).username,
             f"{buyer[0]}***{buyer[-1]}", f"{f.rating}/5", f.comment, f"{f.created:%Y-%m-%d}")
        )  # fmt: skip
    write_csv(
        folder / "reviews.csv",
        ["listing_id", "vendor_name", "buyer", "rating", "review", "review_date"],
        rows,
    )


def object_id(kind: str, n: int) -> str:
    return hashlib.md5(f"{kind}{n}".encode()).hexdigest()[:24]


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def mongo_jsonl(world: World, folder: Path) -> None:
    """A document store exported as JSON lines: 24-hex object ids, camelCase fields, vendor and
    staff flags, prices in BTC as text, upper-case states, ISO 8601 times with Z."""
    write_jsonl(
        folder / "users.jsonl",
        [{"_id": object_id("u", a.n), "handle": a.username, "isVendor": a.role == "vendor",
          "isStaff": a.role == "staff", "pgpKey": a.pgp, "email": a.email,
          "joinedAt": _iso(a.created), "lastLoginAt": _iso(a.last_seen)}
         for a in world.accounts],
    )  # fmt: skip
    write_jsonl(
        folder / "products.jsonl",
        [{"_id": object_id("p", li.n), "owner": object_id("u", li.vendor), "name": li.title,
          "desc": li.description, "category": " / ".join(world.category_path(li.category)),
          "priceBtc": f"{li.price_btc:.8f}", "shipsFrom": li.ships_from, "shipsTo": li.ships_to,
          "createdAt": _iso(li.created)} for li in world.listings],
    )  # fmt: skip
    write_jsonl(
        folder / "orders.jsonl",
        [{"_id": object_id("o", o.n), "product": object_id("p", o.listing),
          "buyer": object_id("u", o.buyer), "vendor": object_id("u", o.vendor), "qty": o.quantity,
          "totalBtc": f"{o.total_btc:.8f}", "state": o.status.upper(), "shipTo": o.shipping,
          "createdAt": _iso(o.created)} for o in world.orders],
    )  # fmt: skip
    write_jsonl(
        folder / "feedbacks.jsonl",
        [{"_id": object_id("f", f.n), "order": object_id("o", f.order), "score": f.rating,
          "text": f.comment, "createdAt": _iso(f.created)} for f in world.feedback],
    )  # fmt: skip
    write_jsonl(
        folder / "messages.jsonl",
        [{"_id": object_id("m", m.n), "from": object_id("u", m.sender),
          "to": object_id("u", m.recipient), "body": m.body, "sentAt": _iso(m.created)}
         for m in world.messages],
    )  # fmt: skip
    write_jsonl(
        folder / "wallets.jsonl",
        [{"_id": object_id("w", w.n), "user": object_id("u", w.account) if w.account else None,
          "address": w.address, "type": w.kind, "createdAt": _iso(w.created)}
         for w in world.wallets],
    )  # fmt: skip
    write_jsonl(
        folder / "sessions.jsonl",
        [{"_id": object_id("s", g.n), "user": object_id("u", g.account), "ip": g.ip,
          "userAgent": g.agent, "createdAt": _iso(g.at + timedelta(seconds=0))}
         for g in world.logins],
    )  # fmt: skip
