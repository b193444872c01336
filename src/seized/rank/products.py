"""``listing_products``: each listing's normalised category and quantity per purchase.

Titles are read in Arrow batches from a cursor of their own and parsed in Python (one regex
pass per distinct title); results go back in batches through Arrow, never one row at a time.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from seized.rank.categories import category_of
from seized.rank.quantities import Quantity, parse_quantity

_BATCH = 8192
_SCHEMA = pa.schema(
    [
        ("listing_id", pa.string()),
        ("category", pa.string()),
        ("quantity", pa.float64()),
        ("unit", pa.string()),
        ("written", pa.string()),
    ]
)


def fill_listing_products(con: duckdb.DuckDBPyConnection) -> int:
    """Replace ``listing_products`` from ``listings``; returns the number of listings."""
    con.execute("DELETE FROM listing_products")
    cursor = con.cursor()
    cache: dict[tuple[str | None, str | None], tuple[str, Quantity | None]] = {}
    total = 0
    try:
        reader = cursor.sql(
            "SELECT listing_id, category, title FROM listings WHERE listing_id IS NOT NULL "
            "ORDER BY listing_id"
        ).to_arrow_reader(_BATCH)
        for batch in reader or ():
            columns: dict[str, list[Any]] = {name: [] for name in _SCHEMA.names}
            ids = batch.column(0).to_pylist()
            categories = batch.column(1).to_pylist()
            titles = batch.column(2).to_pylist()
            for listing_id, market_category, title in zip(ids, categories, titles, strict=True):
                key = (market_category, title)
                found = cache.get(key)
                if found is None:
                    found = (category_of(market_category, title), parse_quantity(title))
                    if len(cache) < 200_000:
                        cache[key] = found
                category, quantity = found
                columns["listing_id"].append(listing_id)
                columns["category"].append(category)
                columns["quantity"].append(quantity.amount if quantity else None)
                columns["unit"].append(quantity.unit if quantity else None)
                columns["written"].append(quantity.written if quantity else None)
            con.register("rank_listing_batch", pa.table(columns, schema=_SCHEMA))
            try:
                con.execute(
                    "INSERT OR REPLACE INTO listing_products "
                    "(listing_id, category, quantity, unit, written) "
                    "SELECT * FROM rank_listing_batch"
                )
            finally:
                con.unregister("rank_listing_batch")
            total += len(ids)
    finally:
        cursor.close()
    return total
