"""Where PGP material can hide in the case store: the text (and BLOB) columns of the canonical
market tables, and on request of every raw table."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from seized.db import qualified, quote_ident

#: Canonical tables with seized text, and each one's row key.
CANONICAL: dict[str, str] = {
    "accounts": "account_id",
    "listings": "listing_id",
    "orders": "order_id",
    "feedback": "feedback_id",
    "messages": "message_id",
    "logins": "login_id",
    "payouts": "payout_id",
    "wallet_addresses": "rowid",
}
#: Columns that stages fill or that hold ids and provenance: never seized free text.
DERIVED = {
    "shipping_address",
    "body_plain",
    "market_id",
    "native_id",
    "raw_table",
    "raw_key",
}
_TEXT_TYPES = ("VARCHAR", "BLOB")


@dataclass(frozen=True)
class Source:
    """One table to scan: how to name it in results and in SQL, its row key, its columns."""

    name: str  # 'orders' or 'raw_silkway.orders'
    sql: str  # the quoted table reference
    key: str  # key expression (quoted column or rowid)
    market: str | None  # constant market for raw tables; None: the table has market_id
    columns: tuple[tuple[str, str], ...]  # (column, type)

    def has_market_column(self) -> bool:
        return self.market is None


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [schema, table],
    ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def canonical_sources(con: duckdb.DuckDBPyConnection) -> list[Source]:
    sources = []
    for table, key in CANONICAL.items():
        columns = _columns(con, "main", table)
        if not columns:
            continue
        keep = tuple(
            (name, kind)
            for name, kind in columns
            if kind in _TEXT_TYPES and name not in DERIVED and name != key
        )
        key_sql = "rowid" if key == "rowid" else quote_ident(key)
        sources.append(Source(table, quote_ident(table), key_sql, None, keep))
    return sources


def raw_sources(con: duckdb.DuckDBPyConnection) -> list[Source]:
    """Every table of every market's raw schema."""
    markets = con.execute("SELECT market_id, raw_schema FROM markets ORDER BY market_id").fetchall()
    sources = []
    for market, schema in markets:
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
            "AND table_type IN ('BASE TABLE', 'VIEW') ORDER BY table_name",
            [schema],
        ).fetchall()
        for (table,) in tables:
            columns = _columns(con, str(schema), str(table))
            names = {name for name, _ in columns}
            key = quote_ident("_seized_pos") if "_seized_pos" in names else "rowid"
            keep = tuple(
                (name, kind)
                for name, kind in columns
                if kind in _TEXT_TYPES and name != "_seized_pos"
            )
            sources.append(
                Source(
                    f"{schema}.{table}", qualified(str(schema), str(table)), key, str(market), keep
                )
            )
    return sources


def _candidate_tests(name: str, kind: str, regex: str | None) -> list[str]:
    """The SQL tests (parameters: ``like``, then ``regex``) that a column may hold PGP
    material."""
    col = quote_ident(name)
    if kind == "BLOB":
        return [f"(octet_length({col}) >= 12)"]
    tests = [f"({col} LIKE ?)"]
    if regex is not None:
        tests.append(f"(length({col}) >= 40 AND regexp_full_match({col}, ?))")
    return tests


def candidate_filter(columns: tuple[tuple[str, str], ...], like: str, regex: str | None) -> str:
    """A WHERE clause (parameters: ``like`` then ``regex`` per column) that keeps only rows where
    some column may hold PGP material; the Python finder then decides."""
    parts = [test for name, kind in columns for test in _candidate_tests(name, kind, regex)]
    return " OR ".join(parts) if parts else "FALSE"


def candidate_columns(columns: tuple[tuple[str, str], ...], regex: str | None) -> list[str]:
    """SELECT expressions (parameters as :func:`candidate_params`) giving each column where it
    may hold PGP material and NULL elsewhere: the finder is not handed the other texts of a row
    that holds a message."""
    return [
        f"CASE WHEN {' OR '.join(_candidate_tests(name, kind, regex))} "
        f"THEN {quote_ident(name)} END AS {quote_ident(name)}"
        for name, kind in columns
    ]


def candidate_params(
    columns: tuple[tuple[str, str], ...], like: str, regex: str | None
) -> list[str]:
    params: list[str] = []
    for _name, kind in columns:
        if kind == "BLOB":
            continue
        params.append(like)
        if regex is not None:
            params.append(regex)
    return params
