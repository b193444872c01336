"""The words market software uses for tables and columns, per canonical table and column.

Used by `mapping suggest` to weigh which raw table and column fills which canonical one. Names are
compared as words: ``tbl_vendorListings`` is ``tbl vendor listings``; English and German words
are listed, and a short word is also read as the abbreviation of a longer one (``fdbk``,
``wllt``). Names only weigh a guess: the values decide (see :mod:`seized.mapping.profile`).
"""

from __future__ import annotations

import re

_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

TABLE_WORDS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "users", "user", "members", "member", "accounts", "account", "customers", "vendors",
        "sellers", "profiles", "benutzer", "nutzer", "mitglieder", "mitglied", "konten", "kunden",
        "utilisateurs", "usuarios",
    ),
    "listings": (
        "listings", "listing", "products", "product", "items", "item", "offers", "offer", "ads",
        "angebote", "angebot", "artikel", "produkte", "produkt", "annonces", "productos",
    ),
    "orders": (
        "orders", "order", "purchases", "purchase", "sales", "transactions", "trades",
        "bestellungen", "bestellung", "kaeufe", "auftraege", "commandes", "pedidos",
    ),
    "feedback": (
        "feedback", "feedbacks", "reviews", "review", "ratings", "rating", "bewertungen",
        "bewertung", "avis", "comments",
    ),
    "messages": (
        "messages", "message", "private_messages", "pms", "pm", "mail", "mails", "inbox",
        "nachrichten", "nachricht", "msgs", "msg", "mensajes",
    ),
    "logins": (
        "logins", "login", "login_log", "login_history", "sessions", "access_log", "ips",
        "ip_log", "anmeldungen", "log", "logs",
    ),
    "wallet_addresses": (
        "wallet_addresses", "addresses", "btc_addresses", "bitcoin_addresses", "wallets",
        "wallet", "deposit_addresses", "adressen", "wallet_adressen",
    ),
    "payouts": (
        "payouts", "payout", "withdrawals", "withdrawal", "withdraws", "payments",
        "auszahlungen", "auszahlung",
    ),
}  # fmt: skip

#: canonical column -> raw column names, best first (words joined by '_')
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "username": (
        "username", "user_name", "login", "nick", "nickname", "handle", "name", "alias",
        "benutzername", "nutzername", "pseudo",
    ),
    "role": (
        "role", "user_role", "group", "user_group", "usergroup", "account_type", "user_type",
        "type", "rank", "class", "level", "rolle", "gruppe", "is_vendor",
    ),
    "pgp_public_key": (
        "pgp_key", "pgp", "public_key", "pubkey", "pgp_public_key", "pgp_pubkey", "gpg",
        "gpg_key", "schluessel", "oeffentlicher_schluessel",
    ),
    "pgp_fingerprint": ("pgp_fingerprint", "fingerprint", "key_fingerprint", "fpr"),
    "profile": ("profile", "bio", "about", "description", "info", "signature", "motto"),
    "contact": ("contact", "jabber", "xmpp", "telegram", "wickr", "icq", "contact_info",
                "kontakt"),
    "email": ("email", "e_mail", "mail", "email_address", "mail_address"),
    "created_at": (
        "created_at", "created", "creation", "registered", "register_date", "reg_date",
        "registration", "joined", "join_date", "signup", "date_added", "added", "date", "time",
        "timestamp", "sent_at", "sent", "posted", "placed", "ordered_at", "listed_at",
        "erstellt_am", "erstellt", "registriert_am", "registriert", "datum", "zeit", "zeitpunkt",
        "bestellt_am", "gesendet_am", "angelegt",
    ),
    "last_seen_at": (
        "last_seen", "last_login", "last_active", "last_activity", "last_visit", "last_online",
        "seen", "lastseen", "zuletzt_online", "zuletzt_aktiv", "letzter_login", "online",
    ),
    "title": ("title", "name", "product_name", "item_name", "product", "headline", "titel",
              "bezeichnung"),
    "subject": ("subject", "title", "topic", "betreff", "titel"),
    "description": ("description", "desc", "descr", "details", "body", "text", "content",
                    "beschreibung"),
    "category": ("category", "category_name", "cat", "cat_name", "section", "kategorie",
                 "rubrik", "category_id", "cat_id"),
    "price": ("price", "price_btc", "btc_price", "price_usd", "usd_price", "price_eur", "cost",
              "amount", "preis", "preis_eur"),
    "currency": ("currency", "price_currency", "coin", "waehrung"),
    "ships_from": (
        "ships_from", "ship_from", "shipping_from", "origin", "country_from", "from_country",
        "origin_country", "country", "location", "from", "versand_aus", "versand_von",
        "herkunft", "land",
    ),
    "ships_to": ("ships_to", "ship_to", "shipping_to", "destination", "destinations",
                 "ships_to_countries", "to", "versand_nach", "ziel"),
    "quantity": ("quantity", "qty", "amount_items", "count", "units", "menge", "anzahl",
                 "amount"),
    "amount_sats": (
        "amount_sats", "total_sats", "sats", "amount_btc", "total_btc", "btc", "total", "amount",
        "price", "value", "sum", "summe", "betrag", "gesamt",
    ),
    "status": ("status", "state", "order_status", "stage", "zustand"),
    "shipping_raw": (
        "shipping_address", "shipping", "address", "ship_to_address", "delivery",
        "delivery_address", "shipping_info", "buyer_address", "note", "lieferadresse",
        "adresse",
    ),
    "rating": ("rating", "score", "stars", "rate", "grade", "sterne", "note", "bewertung"),
    "comment": ("comment", "text", "review", "message", "body", "content", "feedback", "remark",
                "kommentar", "note", "notes"),
    "body": ("body", "message", "content", "text", "msg", "contents", "inhalt", "nachricht"),
    "ip": ("ip", "ip_address", "ipaddress", "remote_addr", "address", "ipv4", "ip_adresse"),
    "user_agent": ("user_agent", "useragent", "ua", "agent", "browser"),
    "at": ("at", "logged_at", "login_time", "login_at", "time", "timestamp", "date",
           "created_at", "created", "zeitpunkt"),
    "address": ("address", "btc_address", "bitcoin_address", "addr", "wallet", "wallet_address",
                "btc_addr", "to_address", "adresse"),
    "kind": ("kind", "type", "purpose", "address_type", "direction", "reason", "zweck", "art",
             "typ"),
    "txid": ("txid", "tx_hash", "tx_id", "transaction_hash", "hash", "tx"),
}  # fmt: skip

#: words naming who a reference to an account is (seller, buyer, sender, recipient)
PARTY_WORDS: dict[str, tuple[str, ...]] = {
    "vendor_id": ("vendor", "seller", "merchant", "shop", "owner", "verkaeufer", "anbieter",
                  "haendler", "vendeur", "vendedor"),
    "buyer_id": ("buyer", "customer", "purchaser", "client", "author", "reviewer", "kaeufer",
                 "kunde", "acheteur", "comprador"),
    "sender_id": ("sender", "from", "author", "absender", "von", "expediteur", "by"),
    "recipient_id": ("recipient", "receiver", "to", "empfaenger", "an", "destinataire",
                     "target"),
    "account_id": ("user", "account", "member", "owner", "benutzer", "nutzer", "mitglied", "uid"),
}  # fmt: skip

#: canonical columns per table that `suggest` tries to fill, in output order
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "native_id", "username", "role", "pgp_public_key", "pgp_fingerprint", "email",
        "contact", "profile", "created_at", "last_seen_at",
    ),
    "listings": (
        "native_id", "vendor_id", "title", "description", "category", "price", "currency",
        "price_sats", "ships_from", "ships_to", "created_at",
    ),
    "orders": (
        "native_id", "listing_id", "buyer_id", "vendor_id", "quantity", "amount_sats", "status",
        "shipping_raw", "created_at",
    ),
    "feedback": (
        "native_id", "order_id", "listing_id", "vendor_id", "buyer_id", "rating", "comment",
        "created_at",
    ),
    "messages": (
        "native_id", "sender_id", "recipient_id", "subject", "body", "encrypted", "created_at",
    ),
    "logins": ("native_id", "account_id", "ip", "user_agent", "at"),
    "wallet_addresses": ("account_id", "address", "kind", "currency", "created_at"),
    "payouts": (
        "native_id", "account_id", "order_id", "address", "amount_sats", "txid", "kind",
        "created_at",
    ),
}  # fmt: skip


def words(name: str) -> tuple[str, ...]:
    """A table or column name in lower-case words: 'tbl_vendorListings' -> tbl, vendor, listings."""
    found: list[str] = []
    for part in _SPLIT.split(name):
        found.extend(piece.lower() for piece in _CAMEL.findall(part))
    return tuple(found)


def is_abbreviation(short: str, word: str) -> bool:
    """'fdbk' of 'feedback', 'wllt' of 'wallet': same first letter, the letters in order, and
    at least two letters but fewer than the word has."""
    if len(short) < 2 or len(short) >= len(word) or short[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(char in rest for char in short[1:])


def table_score(canonical: str, name_words: tuple[str, ...]) -> float:
    """How well a raw table name fits a canonical table: 3 the whole name, 2 its last word,
    1.5 any word, 1 a word abbreviating one of the canonical table's words, else 0."""
    vocabulary = TABLE_WORDS[canonical]
    if not name_words:
        return 0.0
    if "_".join(name_words) in vocabulary:
        return 3.0
    if name_words[-1] in vocabulary or "_".join(name_words[-2:]) in vocabulary:
        return 2.0
    if any(word in vocabulary for word in name_words):
        return 1.5
    if any(is_abbreviation(word, v) for word in name_words for v in vocabulary if "_" not in v):
        return 1.0
    return 0.0


def name_score(target: str, column_words: tuple[str, ...]) -> float:
    """How well a raw column name (its words, prefixes removed) fits a canonical column:
    3 a listed name (less for names further down the list), 1.5 a listed name among its words,
    1.2 a name of three letters or more abbreviating a listed word ('grp', 'amt'), else 0."""
    names = COLUMN_NAMES.get(target, ())
    joined = "_".join(column_words)
    if joined in names:
        return 3.0 - min(names.index(joined), 10) * 0.05
    for name in names:
        parts = tuple(name.split("_"))
        size = len(parts)
        if any(column_words[i : i + size] == parts for i in range(len(column_words) - size + 1)):
            return 1.5 - min(names.index(name), 10) * 0.02
    short = len(column_words) == 1 and len(joined) >= 3
    if short and any("_" not in name and is_abbreviation(joined, name) for name in names):
        return 1.2
    return 0.0


def party_score(target: str, column_words: tuple[str, ...]) -> float:
    """Whether a reference column's name says who it is (seller, buyer, sender, recipient)."""
    party = PARTY_WORDS.get(target, ())
    return 1.0 if any(word in party for word in column_words) else 0.0


def singular(word: str) -> str:
    """A word in singular, roughly ('users' -> 'user', 'addresses' -> 'address')."""
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
