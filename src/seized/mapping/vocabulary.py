"""The words market software uses for tables and columns, per canonical table and column.

Used by `mapping suggest` to guess which raw table and column fills which canonical one. Lists are
in priority order; names are compared in lower case.
"""

from __future__ import annotations

import re

TABLE_WORDS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "users",
        "user",
        "members",
        "member",
        "accounts",
        "account",
        "customers",
        "vendors",
        "sellers",
        "profiles",
    ),
    "listings": ("listings", "listing", "products", "product", "items", "item", "offers", "offer"),
    "orders": ("orders", "order", "purchases", "purchase", "sales", "transactions", "trades"),
    "feedback": ("feedback", "feedbacks", "reviews", "review", "ratings", "rating"),
    "messages": (
        "messages",
        "message",
        "private_messages",
        "pms",
        "pm",
        "mail",
        "mails",
        "inbox",
        "conversations",
    ),
    "logins": ("logins", "login", "login_log", "login_history", "sessions", "access_log", "ips"),
    "wallet_addresses": (
        "wallet_addresses",
        "addresses",
        "btc_addresses",
        "bitcoin_addresses",
        "wallets",
        "deposit_addresses",
    ),
    "payouts": ("payouts", "payout", "withdrawals", "withdrawal", "withdraws", "payments"),
}

# canonical column -> raw column names, best first ('{t}' is the raw table name in singular)
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "native_id": ("id", "{t}_id", "{t}id", "uid", "pk", "{t}_no", "no"),
    "username": ("username", "user_name", "login", "nick", "nickname", "handle", "name", "alias"),
    "role": (
        "role",
        "user_role",
        "type",
        "user_type",
        "account_type",
        "group",
        "usergroup",
        "user_group",
        "rank",
        "class",
        "level",
        "is_vendor",
        "vendor",
        "is_admin",
    ),
    "pgp_public_key": (
        "pgp_key",
        "pgp",
        "public_key",
        "pubkey",
        "pgp_public_key",
        "gpg",
        "gpg_key",
    ),
    "pgp_fingerprint": ("pgp_fingerprint", "fingerprint", "key_fingerprint", "fpr"),
    "profile": ("profile", "bio", "about", "description", "info", "signature"),
    "contact": ("contact", "jabber", "xmpp", "telegram", "wickr", "icq", "contact_info"),
    "email": ("email", "e_mail", "mail", "email_address"),
    "created_at": (
        "created_at",
        "created",
        "registered",
        "register_date",
        "reg_date",
        "joined",
        "join_date",
        "signup",
        "date_added",
        "added",
        "date",
        "time",
        "timestamp",
        "sent_at",
        "sent",
        "posted",
        "placed",
        "ordered_at",
    ),
    "last_seen_at": (
        "last_seen",
        "last_login",
        "last_active",
        "lastactive",
        "last_activity",
        "last_visit",
        "lastvisit",
    ),
    "vendor_id": (
        "vendor_id",
        "seller_id",
        "vendor",
        "seller",
        "merchant_id",
        "shop_id",
        "owner_id",
        "user_id",
    ),
    "buyer_id": (
        "buyer_id",
        "customer_id",
        "buyer",
        "customer",
        "user_id",
        "author_id",
        "reviewer_id",
    ),
    "listing_id": ("listing_id", "product_id", "item_id", "offer_id", "listing", "product", "item"),
    "order_id": ("order_id", "purchase_id", "sale_id", "transaction_id", "order"),
    "account_id": ("user_id", "account_id", "member_id", "uid", "user", "owner_id", "owner"),
    "sender_id": (
        "sender_id",
        "from_id",
        "from_user",
        "from_user_id",
        "sender",
        "author_id",
        "from",
    ),
    "recipient_id": (
        "recipient_id",
        "receiver_id",
        "to_id",
        "to_user",
        "to_user_id",
        "recipient",
        "receiver",
        "to",
    ),
    "title": ("title", "name", "product_name", "item_name", "product", "subject", "headline"),
    "subject": ("subject", "title"),
    "description": ("description", "desc", "details", "body", "text", "content"),
    "category": ("category", "category_name", "cat", "category_id", "cat_id", "type"),
    "price": (
        "price",
        "price_btc",
        "btc_price",
        "price_usd",
        "usd_price",
        "price_eur",
        "cost",
        "amount",
    ),
    "currency": ("currency", "price_currency", "coin"),
    "ships_from": (
        "ships_from",
        "ship_from",
        "shipping_from",
        "origin",
        "country_from",
        "from_country",
        "country",
        "location",
        "from",
    ),
    "ships_to": ("ships_to", "ship_to", "shipping_to", "destination", "ships_to_countries", "to"),
    "quantity": ("quantity", "qty", "amount_items", "count", "units"),
    "amount_sats": (
        "amount_sats",
        "total_sats",
        "sats",
        "amount_btc",
        "total_btc",
        "btc",
        "total",
        "amount",
        "price",
        "value",
        "sum",
    ),
    "status": ("status", "state", "order_status", "stage"),
    "shipping_raw": (
        "shipping_address",
        "shipping",
        "address",
        "ship_to_address",
        "delivery",
        "shipping_info",
        "buyer_address",
        "note",
    ),
    "rating": ("rating", "score", "stars", "rate", "grade"),
    "comment": ("comment", "text", "review", "message", "body", "content", "feedback"),
    "body": ("body", "message", "content", "text", "msg", "contents"),
    "ip": ("ip", "ip_address", "ipaddress", "remote_addr", "address", "ipv4"),
    "user_agent": ("user_agent", "useragent", "ua", "agent", "browser"),
    "at": ("at", "logged_at", "login_time", "time", "timestamp", "date", "created_at", "created"),
    "address": ("address", "btc_address", "bitcoin_address", "addr", "wallet", "wallet_address"),
    "kind": ("kind", "type", "purpose", "address_type"),
    "txid": ("txid", "tx_hash", "tx_id", "transaction_hash", "hash", "tx"),
}

# canonical columns per table that `suggest` tries to fill, in output order
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "native_id",
        "username",
        "role",
        "pgp_public_key",
        "pgp_fingerprint",
        "email",
        "contact",
        "profile",
        "created_at",
        "last_seen_at",
    ),
    "listings": (
        "native_id",
        "vendor_id",
        "title",
        "description",
        "category",
        "price",
        "currency",
        "ships_from",
        "ships_to",
        "created_at",
    ),
    "orders": (
        "native_id",
        "listing_id",
        "buyer_id",
        "vendor_id",
        "quantity",
        "amount_sats",
        "status",
        "shipping_raw",
        "created_at",
    ),
    "feedback": (
        "native_id",
        "order_id",
        "listing_id",
        "vendor_id",
        "buyer_id",
        "rating",
        "comment",
        "created_at",
    ),
    "messages": ("native_id", "sender_id", "recipient_id", "subject", "body", "created_at"),
    "logins": ("native_id", "account_id", "ip", "user_agent", "at"),
    "wallet_addresses": ("account_id", "address", "kind", "created_at"),
    "payouts": (
        "native_id",
        "account_id",
        "order_id",
        "address",
        "amount_sats",
        "txid",
        "kind",
        "created_at",
    ),
}

_SPLIT = re.compile(r"[^a-z0-9]+")


def tokens(name: str) -> list[str]:
    """A table or column name in lower-case words ('tbl_UserLogins' -> ['tbl', 'userlogins'])."""
    return [t for t in _SPLIT.split(name.lower()) if t]


def table_score(canonical: str, raw_name: str) -> int:
    """How well a raw table name fits a canonical table: 3 exact, 2 last word, 1 any word."""
    words = TABLE_WORDS[canonical]
    name = raw_name.lower()
    parts = tokens(raw_name)
    if name in words:
        return 3
    if parts and (parts[-1] in words or "_".join(parts[-2:]) in words):
        return 2
    if any(part in words for part in parts):
        return 1
    return 0


_GENERIC = ("native_id", "created_at", "at")


def column_score(canonical: str, raw_name: str, columns: list[str]) -> int:
    """How many specific canonical columns of a table the raw table's columns would fill."""
    return sum(
        column_for(target, raw_name, columns, set()) is not None
        for target in TABLE_COLUMNS[canonical]
        if target not in _GENERIC
    )


def singular(name: str) -> str:
    """A table name in singular, roughly ('users' -> 'user', 'addresses' -> 'address')."""
    lower = name.lower()
    if lower.endswith("sses"):
        return lower[:-2]
    if lower.endswith("ies"):
        return lower[:-3] + "y"
    if lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


def column_for(canonical: str, table: str, columns: list[str], taken: set[str]) -> str | None:
    """The raw column that best fits a canonical column, or None."""
    lower = {c.lower(): c for c in columns if c not in taken and not c.startswith("_seized")}
    singles = [singular(table), *(singular(part) for part in reversed(tokens(table)))]
    for word in COLUMN_WORDS.get(canonical, ()):
        for single in singles if "{t}" in word else [""]:
            found = lower.get(word.replace("{t}", single))
            if found:
                return found
    return None
