"""The corpus schemas that come as database dumps (MySQL and PostgreSQL)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from .world import World
from .writers import MySQLDump, PgDump


def unix(when: datetime) -> int:
    return int(when.timestamp())


def millis(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def uuid(kind: str, n: int) -> str:
    digest = hashlib.sha256(f"{kind}:{n}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"


def password(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def tbl_kingdom(world: World, folder: Path) -> None:
    """MySQL, every table prefixed tbl_, a numeric user group, abbreviated feedback and wallet
    tables, the vendor column before the listing id, category ids, unix times."""
    groups = {"buyer": 1, "vendor": 2}
    dump = MySQLDump("kingdom")
    dump.table(
        "tbl_users",
        [("user_id", "int(11) NOT NULL"), ("username", "varchar(32)"), ("password", "char(64)"),
         ("user_group", "tinyint(4)"), ("pgp_pubkey", "text"), ("jabber", "varchar(64)"),
         ("email", "varchar(64)"), ("reg_date", "int(11)"), ("last_seen", "int(11)")],
        [(a.n, a.username, password(a.username),
          groups.get(a.role, 4 if a.staff == "admin" else 3), a.pgp, a.jabber, a.email,
          unix(a.created), unix(a.last_seen)) for a in world.accounts],
        key="user_id",
    )  # fmt: skip
    dump.table(
        "tbl_categories",
        [("cat_id", "int(11)"), ("parent_id", "int(11)"), ("cat_name", "varchar(64)")],
        [(c.n, c.parent or 0, c.name) for c in world.categories],
        key="cat_id",
    )
    dump.table(
        "tbl_vendor_listings",
        [("vendor_id", "int(11)"), ("lid", "int(11) NOT NULL"), ("cat_id", "int(11)"),
         ("title", "varchar(128)"), ("descr", "text"), ("price_btc", "decimal(16,8)"),
         ("ship_from", "varchar(64)"), ("ship_to", "varchar(64)"), ("created", "int(11)"),
         ("active", "tinyint(1)")],
        [(li.vendor, li.n, li.category, li.title, li.description, li.price_btc, li.ships_from,
          li.ships_to, unix(li.created), 1) for li in world.listings],
        key="lid",
    )  # fmt: skip
    words = {"pending": "Pending", "paid": "Paid", "shipped": "Shipped", "finalized": "Finalized",
             "disputed": "Dispute", "refunded": "Refunded", "cancelled": "Canceled"}  # fmt: skip
    dump.table(
        "tbl_orders",
        [("order_id", "int(11)"), ("lid", "int(11)"), ("buyer_id", "int(11)"), ("qty", "int(11)"),
         ("total_btc", "decimal(16,8)"), ("status", "varchar(16)"), ("address", "text"),
         ("created", "int(11)")],
        [(o.n, o.listing, o.buyer, o.quantity, o.total_btc, words[o.status], o.shipping,
          unix(o.created)) for o in world.orders],
        key="order_id",
    )  # fmt: skip
    dump.table(
        "tbl_fdbk",
        [
            ("fb_id", "int(11)"),
            ("order_id", "int(11)"),
            ("rating", "tinyint(4)"),
            ("fb_text", "varchar(255)"),
            ("fb_time", "int(11)"),
        ],
        [(f.n, f.order, f.rating, f.comment, unix(f.created)) for f in world.feedback],
        key="fb_id",
    )
    kinds = {"deposit": "in", "withdrawal": "out", "hot": "hot"}
    dump.table(
        "tbl_wllt",
        [
            ("w_id", "int(11)"),
            ("user_id", "int(11)"),
            ("btc_addr", "varchar(35)"),
            ("type", "varchar(8)"),
            ("created", "int(11)"),
        ],
        [(w.n, w.account or 0, w.address, kinds[w.kind], unix(w.created)) for w in world.wallets],
        key="w_id",
    )
    dump.table(
        "tbl_pms",
        [("pm_id", "int(11)"), ("from_uid", "int(11)"), ("to_uid", "int(11)"),
         ("subject", "varchar(128)"), ("message", "text"), ("sent", "int(11)"),
         ("is_read", "tinyint(1)")],
        [(m.n, m.sender, m.recipient, world.conversations[m.conversation - 1].subject, m.body,
          unix(m.created), 1) for m in world.messages],
        key="pm_id",
    )  # fmt: skip
    logins = [(g.account, g.ip, g.agent, unix(g.at)) for g in world.logins]
    dump.table(
        "tbl_login_log",
        [
            ("uid", "int(11)"),
            ("ip", "varchar(45)"),
            ("useragent", "varchar(255)"),
            ("login_at", "int(11)"),
        ],
        logins + logins[:5],  # no key; the log holds exact duplicates
    )
    dump.table(
        "tbl_withdrawals",
        [("wd_id", "int(11)"), ("user_id", "int(11)"), ("order_id", "int(11)"),
         ("address", "varchar(35)"), ("amount_sat", "bigint(20)"), ("txid", "char(64)"),
         ("reason", "varchar(16)"), ("created", "int(11)")],
        [(p.n, p.account, p.order, p.address, p.sats, p.txid,
          "release" if p.kind == "payout" else "refund", unix(p.created)) for p in world.payouts],
        key="wd_id",
    )  # fmt: skip
    dump.table(
        "tbl_settings",
        [("name", "varchar(64)"), ("value", "text")],
        [("site_name", "Kingdom"), ("fee_percent", "4"), ("min_withdraw", "0.001")],
    )
    dump.write(folder / "kingdom.sql")


def prisma_pg(world: World, folder: Path) -> None:
    """PostgreSQL from an ORM: PascalCase tables, camelCase columns, UUID user and listing ids,
    enum words, prices in US dollars, conversations holding the participants and messages
    holding the sender (no recipient)."""
    kinds = {"buyer": "CUSTOMER", "vendor": "VENDOR"}
    dump = PgDump()
    dump.table(
        "User",
        [("id", "uuid NOT NULL"), ("userName", "text"), ("accountType", "text"),
         ("pgpPublicKey", "text"), ("emailAddress", "text"), ("createdAt", "timestamp(3)"),
         ("lastSeenAt", "timestamp(3)")],
        [(uuid("u", a.n), a.username, kinds.get(a.role, "STAFF_" + str(a.staff).upper()), a.pgp,
          a.email, a.created, a.last_seen) for a in world.accounts],
        key="id",
    )  # fmt: skip
    dump.table(
        "Category",
        [("id", "integer"), ("name", "text"), ("parentId", "integer")],
        [(c.n, c.name, c.parent) for c in world.categories],
        key="id",
    )
    dump.table(
        "Listing",
        [("id", "uuid"), ("vendorId", "uuid"), ("title", "text"), ("description", "text"),
         ("categoryId", "integer"), ("priceUsd", "numeric(10,2)"), ("shipsFrom", "text"),
         ("shipsTo", "text"), ("createdAt", "timestamp(3)")],
        [(uuid("l", li.n), uuid("u", li.vendor), li.title, li.description, li.category,
          li.price_usd, li.ships_from, li.ships_to, li.created) for li in world.listings],
        key="id",
    )  # fmt: skip
    states = {"pending": "AWAITING_PAYMENT", "paid": "IN_ESCROW", "shipped": "SHIPPED",
              "finalized": "COMPLETED", "disputed": "DISPUTED", "refunded": "REFUNDED",
              "cancelled": "CANCELLED"}  # fmt: skip
    dump.table(
        "Order",
        [("id", "integer"), ("listingId", "uuid"), ("buyerId", "uuid"), ("quantity", "integer"),
         ("totalUsd", "numeric(10,2)"), ("status", "text"), ("shippingAddress", "text"),
         ("createdAt", "timestamp(3)")],
        [(o.n, uuid("l", o.listing), uuid("u", o.buyer), o.quantity, o.total_usd,
          states[o.status], o.shipping, o.created) for o in world.orders],
        key="id",
    )  # fmt: skip
    dump.table(
        "Review",
        [("id", "integer"), ("orderId", "integer"), ("authorId", "uuid"), ("stars", "integer"),
         ("body", "text"), ("createdAt", "timestamp(3)")],
        [(f.n, f.order, uuid("u", world.order(f.order).buyer), f.rating, f.comment, f.created)
         for f in world.feedback],
        key="id",
    )  # fmt: skip
    dump.table(
        "Conversation",
        [("id", "integer"), ("buyerId", "uuid"), ("vendorId", "uuid"), ("subject", "text"),
         ("createdAt", "timestamp(3)")],
        [(c.n, uuid("u", c.buyer), uuid("u", c.vendor), c.subject, c.created)
         for c in world.conversations],
        key="id",
    )  # fmt: skip
    dump.table(
        "Message",
        [
            ("id", "integer"),
            ("conversationId", "integer"),
            ("senderId", "uuid"),
            ("content", "text"),
            ("createdAt", "timestamp(3)"),
        ],
        [(m.n, m.conversation, uuid("u", m.sender), m.body, m.created) for m in world.messages],
        key="id",
    )
    dump.table(
        "LoginEvent",
        [
            ("id", "integer"),
            ("userId", "uuid"),
            ("ipAddress", "text"),
            ("userAgent", "text"),
            ("createdAt", "timestamp(3)"),
        ],
        [(g.n, uuid("u", g.account), g.ip, g.agent, g.at) for g in world.logins],
        key="id",
    )
    dump.table(
        "WalletAddress",
        [("id", "integer"), ("userId", "uuid"), ("address", "text"), ("purpose", "text"),
         ("createdAt", "timestamp(3)")],
        [(w.n, uuid("u", w.account) if w.account else None, w.address, w.kind.upper(),
          w.created) for w in world.wallets],
        key="id",
    )  # fmt: skip
    dump.table(
        "Payout",
        [("id", "integer"), ("userId", "uuid"), ("orderId", "integer"), ("address", "text"),
         ("amountSats", "bigint"), ("txHash", "text"), ("kind", "text"),
         ("createdAt", "timestamp(3)")],
        [(p.n, uuid("u", p.account), p.order, p.address, p.sats, p.txid, p.kind.upper(),
          p.created) for p in world.payouts],
        key="id",
    )  # fmt: skip
    dump.table(
        "_prisma_migrations",
        [
            ("id", "text"),
            ("checksum", "text"),
            ("migration_name", "text"),
            ("finished_at", "timestamp with time zone"),
        ],
        [("a1", password("init"), "20160301_init", world.accounts[0].created)],
        key="id",
    )
    dump.write(folder / "market.sql")


GERMAN_COUNTRIES = {
    "Germany": "Deutschland", "Netherlands": "Niederlande", "United States": "Vereinigte Staaten",
    "United Kingdom": "Vereinigtes Königreich", "Canada": "Kanada", "Spain": "Spanien",
    "Worldwide": "Weltweit", "Europe": "Europa",
}  # fmt: skip


def german_mariadb(world: World, folder: Path) -> None:
    """MariaDB with German table and column names, role and status words in German, euro
    amounts, DATETIME columns."""
    roles = {"buyer": "Käufer", "vendor": "Verkäufer"}
    dump = MySQLDump("marktplatz")
    dump.table(
        "benutzer",
        [("id", "int(11)"), ("benutzername", "varchar(32)"), ("passwort", "char(64)"),
         ("rolle", "varchar(16)"), ("oeffentlicher_schluessel", "text"), ("email", "varchar(64)"),
         ("registriert_am", "datetime"), ("zuletzt_online", "datetime")],
        [(a.n, a.username, password(a.username),
          roles.get(a.role, "Administrator" if a.staff == "admin" else "Moderator"), a.pgp,
          a.email, a.created, a.last_seen) for a in world.accounts],
        key="id",
    )  # fmt: skip
    dump.table(
        "angebote",
        [("id", "int(11)"), ("verkaeufer_id", "int(11)"), ("titel", "varchar(128)"),
         ("beschreibung", "text"), ("kategorie", "varchar(64)"), ("preis_eur", "decimal(10,2)"),
         ("versand_aus", "varchar(64)"), ("versand_nach", "varchar(64)"),
         ("erstellt_am", "datetime")],
        [(li.n, li.vendor, li.title, li.description, world.category(li.category).name,
          li.price_eur, GERMAN_COUNTRIES[li.ships_from], GERMAN_COUNTRIES[li.ships_to],
          li.created) for li in world.listings],
        key="id",
    )  # fmt: skip
    states = {"pending": "offen", "paid": "bezahlt", "shipped": "versendet",
              "finalized": "abgeschlossen", "disputed": "reklamiert", "refunded": "erstattet",
              "cancelled": "storniert"}  # fmt: skip
    dump.table(
        "bestellungen",
        [("id", "int(11)"), ("angebot_id", "int(11)"), ("kaeufer_id", "int(11)"),
         ("menge", "int(11)"), ("summe_eur", "decimal(10,2)"), ("status", "varchar(16)"),
         ("lieferadresse", "text"), ("bestellt_am", "datetime")],
        [(o.n, o.listing, o.buyer, o.quantity, o.total_eur, states[o.status], o.shipping,
          o.created) for o in world.orders],
        key="id",
    )  # fmt: skip
    dump.table(
        "bewertungen",
        [
            ("id", "int(11)"),
            ("bestellung_id", "int(11)"),
            ("sterne", "tinyint(4)"),
            ("kommentar", "text"),
            ("erstellt_am", "datetime"),
        ],
        [(f.n, f.order, f.rating, f.comment, f.created) for f in world.feedback],
        key="id",
    )
    dump.table(
        "nachrichten",
        [("id", "int(11)"), ("absender_id", "int(11)"), ("empfaenger_id", "int(11)"),
         ("betreff", "varchar(128)"), ("inhalt", "text"), ("gesendet_am", "datetime")],
        [(m.n, m.sender, m.recipient, world.conversations[m.conversation - 1].subject, m.body,
          m.created) for m in world.messages],
        key="id",
    )  # fmt: skip
    dump.table(
        "anmeldungen",
        [
            ("id", "int(11)"),
            ("benutzer_id", "int(11)"),
            ("ip_adresse", "varchar(45)"),
            ("browser", "varchar(255)"),
            ("zeitpunkt", "datetime"),
        ],
        [(g.n, g.account, g.ip, g.agent, g.at) for g in world.logins],
        key="id",
    )
    purposes = {"deposit": "Einzahlung", "withdrawal": "Auszahlung", "hot": "Hot-Wallet"}
    dump.table(
        "wallet_adressen",
        [
            ("id", "int(11)"),
            ("benutzer_id", "int(11)"),
            ("adresse", "varchar(64)"),
            ("zweck", "varchar(16)"),
            ("erstellt_am", "datetime"),
        ],
        [(w.n, w.account, w.address, purposes[w.kind], w.created) for w in world.wallets],
        key="id",
    )
    dump.table(
        "auszahlungen",
        [("id", "int(11)"), ("benutzer_id", "int(11)"), ("bestellung_id", "int(11)"),
         ("adresse", "varchar(64)"), ("betrag_btc", "decimal(16,8)"), ("txid", "char(64)"),
         ("art", "varchar(16)"), ("erstellt_am", "datetime")],
        [(p.n, p.account, p.order, p.address, Decimal(p.sats) / 100_000_000, p.txid,
          "Auszahlung" if p.kind == "payout" else "Erstattung", p.created)
         for p in world.payouts],
        key="id",
    )  # fmt: skip
    dump.write(folder / "marktplatz.sql")
