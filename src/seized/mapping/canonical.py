"""What the mapping engine knows about the canonical market tables (docs/schema.md).

Column names and types are read from the case store itself (the schema files are the one source);
this module only says which columns carry ids and which values a column may take.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from seized.vocabulary import PAYOUT_KINDS

ROLES = ("buyer", "vendor", "staff")
ORDER_STATUSES = ("pending", "paid", "shipped", "finalized", "disputed", "refunded", "cancelled")
WALLET_KINDS = ("deposit", "withdrawal", "refund", "escrow", "hot")

#: Filled by the engine, never by a mapping's select.
ENGINE_COLUMNS = ("market_id", "evidence_id", "raw_table", "raw_key")


@dataclass(frozen=True)
class CanonicalTable:
    """One canonical table as the mapping engine sees it."""

    name: str
    id_column: str | None  # the row's own id, '<market_id>:<native_id>'; None: no own id
    id_refs: tuple[str, ...] = ()  # columns holding native ids of other rows (prefixed too)
    required: tuple[str, ...] = ("native_id",)  # columns every select must output
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # allowed values


TABLES: dict[str, CanonicalTable] = {
    table.name: table
    for table in (
        CanonicalTable("accounts", "account_id", choices={"role": ROLES}),
        CanonicalTable("listings", "listing_id", ("vendor_id",)),
        CanonicalTable(
            "orders",
            "order_id",
            ("listing_id", "buyer_id", "vendor_id"),
            choices={"status": ORDER_STATUSES},
        ),
        CanonicalTable(
            "feedback", "feedback_id", ("order_id", "listing_id", "vendor_id", "buyer_id")
        ),
        CanonicalTable("messages", "message_id", ("sender_id", "recipient_id")),
        CanonicalTable("logins", "login_id", ("account_id",)),
        CanonicalTable(
            "wallet_addresses",
            None,
            ("account_id",),
            required=("address", "kind"),
            choices={"kind": WALLET_KINDS},
        ),
        CanonicalTable(
            "payouts", "payout_id", ("account_id", "order_id"), choices={"kind": PAYOUT_KINDS}
        ),
    )
}


def column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """The canonical table's columns and DuckDB types, in table order."""
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return {str(name): str(kind) for name, kind in rows}


def mappable_columns(con: duckdb.DuckDBPyConnection, table: CanonicalTable) -> dict[str, str]:
    """Columns a select may output for ``table`` (engine-filled ones removed), with types."""
    engine = {*ENGINE_COLUMNS, *([table.id_column] if table.id_column else [])}
    columns = column_types(con, table.name)
    return {name: kind for name, kind in columns.items() if name not in engine}
