"""The canonical model: numbered schema files applied as migrations, and table checksums."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import duckdb

from seized.db import quote_ident

SQL_PACKAGE = "seized.model.sql"
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

#: Canonical tables whose content `seized verify` protects with checksums.
CANONICAL_TABLES: tuple[str, ...] = (
    "evidence",
    "markets",
    "accounts",
    "listings",
    "orders",
    "feedback",
    "messages",
    "logins",
    "wallet_addresses",
    "payouts",
    "pgp_keys",
    "identifiers",
    "persons",
    "btc_blocks",
    "btc_transactions",
    "btc_inputs",
    "btc_outputs",
    "address_clusters",
    "tags",
    "cashouts",
    "targets",
    "rejects",
    "raw_tables",
    "raw_files",
)


def migrations() -> list[tuple[int, str, str]]:
    """All shipped migrations as (version, file name, SQL), in order."""
    found = []
    for entry in resources.files(SQL_PACKAGE).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration not applied yet; returns the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT now())"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def table_checksum(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    """Row count and an order-independent checksum of a table's content."""
    quoted = quote_ident(table)
    count, total = con.execute(
        f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {quoted} AS t"
    ).fetchone() or (0, 0)
    return checksum_text(count, total)


def checksum_text(count: Any, total: Any) -> tuple[int, str]:
    """:func:`table_checksum`'s form of a row count and a sum of row hashes (as
    :func:`seized.integrity.quick_checksums` gives them)."""
    return int(count), f"{int(total) & ((1 << 128) - 1):032x}"
