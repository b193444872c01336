"""The benchmark market's schema: four tables as a small darknet market keeps them.

Each column has a *kind* that says how its values are generated and written: ``int``,
``text`` (any string, may be None when nullable), ``btc`` (satoshis, written as a decimal with 8
places), ``usd`` (cents, written with 2 places), ``time`` (Unix seconds, written as a UTC
``YYYY-MM-DD HH:MM:SS``), ``flag`` (bool: ``tinyint(1)`` in MySQL, ``boolean`` in PostgreSQL) and
``enum`` (one of the listed labels).

The DDL strings are written exactly as ``SHOW CREATE TABLE`` (MariaDB) and ``pg_dump``
(PostgreSQL) print these tables, so that generated dumps match what the real tools write.
"""

from __future__ import annotations

from dataclasses import dataclass

USER_ROLES = ("buyer", "vendor", "admin")
ORDER_STATUSES = ("pending", "paid", "shipped", "finalized", "disputed", "refunded", "cancelled")


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # int, text, btc, usd, time, flag, enum
    mysql: str  # the column line of SHOW CREATE TABLE, without the name
    pg: str  # the column line of pg_dump, without the name


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...]
    unique: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Col, ...]
    indexes: tuple[Index, ...]  # besides the primary key on the first column
    id_pg_type: str  # integer or bigint: the type of the id sequence
    share: float  # the table's share of the dump's bytes

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _id(mysql: str, pg: str) -> Col:
    return Col("id", "int", f"{mysql} NOT NULL AUTO_INCREMENT", f"{pg} NOT NULL")


UINT = "int(10) unsigned"

USERS = Table(
    "users",
    (
        _id(UINT, "integer"),
        Col("username", "text", "varchar(64) NOT NULL", "character varying(64) NOT NULL"),
        Col("password_hash", "text", "char(60) NOT NULL", "character(60) NOT NULL"),
        Col("email", "text", "varchar(255) DEFAULT NULL", "character varying(255)"),
        Col(
            "role",
            "enum",
            "enum('buyer','vendor','admin') NOT NULL DEFAULT 'buyer'",
            "public.user_role DEFAULT 'buyer'::public.user_role NOT NULL",
        ),
        Col("pgp_key", "text", "text DEFAULT NULL", "text"),
        Col("btc_address", "text", "varchar(64) DEFAULT NULL", "character varying(64)"),
        Col(
            "balance",
            "btc",
            "decimal(16,8) NOT NULL DEFAULT 0.00000000",
            "numeric(16,8) DEFAULT 0 NOT NULL",
        ),
        Col("created_at", "time", "datetime NOT NULL", "timestamp without time zone NOT NULL"),
        Col("last_login", "time", "datetime DEFAULT NULL", "timestamp without time zone"),
        Col("is_banned", "flag", "tinyint(1) NOT NULL DEFAULT 0", "boolean DEFAULT false NOT NULL"),
    ),
    (Index("username", ("username",), unique=True),),
    "integer",
    0.08,
)

LISTINGS = Table(
    "listings",
    (
        _id(UINT, "integer"),
        Col("vendor_id", "int", f"{UINT} NOT NULL", "integer NOT NULL"),
        Col("title", "text", "varchar(255) NOT NULL", "character varying(255) NOT NULL"),
        Col("description", "text", "text NOT NULL", "text NOT NULL"),
        Col("category", "text", "varchar(64) NOT NULL", "character varying(64) NOT NULL"),
        Col("price_btc", "btc", "decimal(16,8) NOT NULL", "numeric(16,8) NOT NULL"),
        Col("price_usd", "usd", "decimal(10,2) NOT NULL", "numeric(10,2) NOT NULL"),
        Col("ships_from", "text", "varchar(64) DEFAULT NULL", "character varying(64)"),
        Col("ships_to", "text", "varchar(255) DEFAULT NULL", "character varying(255)"),
        Col("stock", "int", "int(11) NOT NULL DEFAULT 0", "integer DEFAULT 0 NOT NULL"),
        Col("created_at", "time", "datetime NOT NULL", "timestamp without time zone NOT NULL"),
    ),
    (Index("vendor_id", ("vendor_id",)),),
    "integer",
    0.17,
)

ORDERS = Table(
    "orders",
    (
        _id(UINT, "integer"),
        Col("listing_id", "int", f"{UINT} NOT NULL", "integer NOT NULL"),
        Col("buyer_id", "int", f"{UINT} NOT NULL", "integer NOT NULL"),
        Col("vendor_id", "int", f"{UINT} NOT NULL", "integer NOT NULL"),
        Col("quantity", "int", "int(11) NOT NULL DEFAULT 1", "integer DEFAULT 1 NOT NULL"),
        Col("amount_btc", "btc", "decimal(16,8) NOT NULL", "numeric(16,8) NOT NULL"),
        Col(
            "status",
            "enum",
            "enum(" + ",".join(f"'{s}'" for s in ORDER_STATUSES) + ") NOT NULL DEFAULT 'pending'",
            "public.order_status DEFAULT 'pending'::public.order_status NOT NULL",
        ),
        Col("shipping_address", "text", "text DEFAULT NULL", "text"),
        Col("created_at", "time", "datetime NOT NULL", "timestamp without time zone NOT NULL"),
        Col("updated_at", "time", "datetime DEFAULT NULL", "timestamp without time zone"),
    ),
    (Index("buyer_id", ("buyer_id",)), Index("vendor_id", ("vendor_id",))),
    "integer",
    0.25,
)

MESSAGES = Table(
    "messages",
    (
        _id("bigint(20) unsigned", "bigint"),
        Col("sender_id", "int", f"{UINT} NOT NULL", "integer NOT NULL"),
        Col("recipient_id", "int", f"{UINT} NOT NULL", "integer NOT NULL"),
        Col("subject", "text", "varchar(255) DEFAULT NULL", "character varying(255)"),
        Col("body", "text", "mediumtext NOT NULL", "text NOT NULL"),
        Col("is_read", "flag", "tinyint(1) NOT NULL DEFAULT 0", "boolean DEFAULT false NOT NULL"),
        Col("created_at", "time", "datetime NOT NULL", "timestamp without time zone NOT NULL"),
    ),
    (Index("recipient_id", ("recipient_id",)),),
    "bigint",
    0.50,
)

# In name order: both mysqldump and pg_dump write tables sorted by name.
TABLES: tuple[Table, ...] = (LISTINGS, MESSAGES, ORDERS, USERS)

# PostgreSQL enum types, in name order as pg_dump writes them.
PG_ENUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("order_status", ORDER_STATUSES),
    ("user_role", USER_ROLES),
)
