"""More dump schemas of the corpus: a snake_case PostgreSQL market and an abbreviated MySQL one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from .schemas_sql import millis, password, unix, uuid
from .world import World
from .writers import MySQLDump, PgDump

ISO = {"Germany": "DE", "Netherlands": "NL", "United States": "US", "United Kingdom": "GB",
       "Canada": "CA", "Spain": "ES"}  # fmt: skip


def uuid_pg(world: World, folder: Path) -> None:
    """PostgreSQL, snake_case: UUID member and product ids, the role through a groups table,
    times in unix milliseconds, amounts in satoshis, numeric order states, PGP keys in a
    one-to-one profile table, private messages that name sender and recipient by handle."""
    dump = PgDump()
    dump.table(
        "groups",
        [("id", "smallint"), ("title", "text")],
        [(1, "Customers"), (2, "Vendors"), (3, "Moderators"), (4, "Administrators")],
        key="id",
    )
    group = {"buyer": 1, "vendor": 2}
    dump.table(
        "members",
        [("id", "uuid"), ("handle", "text"), ("group_id", "smallint"), ("email", "text"),
         ("created_ms", "bigint"), ("last_login_ms", "bigint")],
        [(uuid("m", a.n), a.username, group.get(a.role, 4 if a.staff == "admin" else 3),
          a.email, millis(a.created), millis(a.last_seen)) for a in world.accounts],
        key="id",
    )  # fmt: skip
    dump.table(
        "vendor_profiles",
        [("member_id", "uuid"), ("pgp_key", "text"), ("about", "text"), ("jabber", "text")],
        [(uuid("m", a.n), a.pgp, a.bio, a.jabber) for a in world.accounts if a.pgp],
        key="member_id",
    )
    dump.table(
        "products",
        [("id", "uuid"), ("seller", "uuid"), ("name", "text"), ("details", "text"),
         ("category", "text"), ("price_sat", "bigint"), ("origin_country", "character(2)"),
         ("shipping_to", "text"), ("created_ms", "bigint")],
        [(uuid("p", li.n), uuid("m", li.vendor), li.title, li.description,
          world.category(li.category).name, int(li.price_btc * 100_000_000),
          ISO[li.ships_from], li.ships_to, millis(li.created)) for li in world.listings],
        key="id",
    )  # fmt: skip
    states = {"pending": 0, "paid": 1, "shipped": 2, "finalized": 3, "disputed": 4,
              "refunded": 5, "cancelled": 6}  # fmt: skip
    dump.table(
        "purchases",
        [("id", "bigint"), ("product_id", "uuid"), ("buyer", "uuid"), ("qty", "integer"),
         ("price_sat", "bigint"), ("state", "smallint"), ("address_encrypted", "text"),
         ("created_ms", "bigint")],
        [(1000 + o.n, uuid("p", o.listing), uuid("m", o.buyer), o.quantity,
          int(o.total_btc * 100_000_000), states[o.status], o.shipping, millis(o.created))
         for o in world.orders],
        key="id",
    )  # fmt: skip
    dump.table(
        "ratings",
        [
            ("id", "bigint"),
            ("purchase_id", "bigint"),
            ("stars", "smallint"),
            ("remark", "text"),
            ("created_ms", "bigint"),
        ],
        [(f.n, 1000 + f.order, f.rating, f.comment, millis(f.created)) for f in world.feedback],
        key="id",
    )
    dump.table(
        "private_messages",
        [("id", "bigint"), ("sender_handle", "text"), ("recipient_handle", "text"),
         ("title", "text"), ("message", "text"), ("created_ms", "bigint")],
        [(m.n, world.account(m.sender).username, world.account(m.recipient).username,
          world.conversations[m.conversation - 1].subject, m.body, millis(m.created))
         for m in world.messages],
        key="id",
    )  # fmt: skip
    dump.table(
        "access_log",
        [("member_id", "uuid"), ("ip", "inet"), ("agent", "text"), ("ts_ms", "bigint")],
        [(uuid("m", g.account), g.ip, g.agent, millis(g.at)) for g in world.logins],
    )
    dump.table(
        "deposit_addresses",
        [("address", "text"), ("member_id", "uuid"), ("created_ms", "bigint")],
        [(w.address, uuid("m", w.account), millis(w.created))
         for w in world.wallets if w.kind == "deposit" and w.account],
        key="address",
    )  # fmt: skip
    dump.table(
        "withdrawals",
        [("id", "bigint"), ("member_id", "uuid"), ("purchase_id", "bigint"),
         ("to_address", "text"), ("amount_sat", "bigint"), ("txid", "text"),
         ("created_ms", "bigint")],
        [(p.n, uuid("m", p.account), 1000 + p.order, p.address, p.sats, p.txid,
          millis(p.created)) for p in world.payouts],
        key="id",
    )  # fmt: skip
    dump.write(folder / "market.sql")


def mk_abbrev(world: World, folder: Path) -> None:
    """MySQL with an mk_ prefix and abbreviated names everywhere, one-letter roles, prices in
    millibitcoin, a conversation table and its messages, DATETIME and unix times mixed."""
    letters = {"buyer": "B", "vendor": "V"}
    dump = MySQLDump("mk")
    dump.table(
        "mk_usr",
        [("uid", "int(10) unsigned"), ("unm", "varchar(32)"), ("upw", "char(64)"),
         ("ugrp", "char(1)"), ("upgp", "text"), ("umail", "varchar(64)"), ("ureg", "datetime"),
         ("ulast", "int(10) unsigned")],
        [(a.n, a.username, password(a.username),
          letters.get(a.role, "A" if a.staff == "admin" else "M"), a.pgp, a.email, a.created,
          unix(a.last_seen)) for a in world.accounts],
        key="uid",
    )  # fmt: skip
    dump.table(
        "mk_cat",
        [("cid", "int(10)"), ("cname", "varchar(64)"), ("cparent", "int(10)")],
        [(c.n, c.name, c.parent) for c in world.categories],
        key="cid",
    )
    dump.table(
        "mk_prd",
        [("pid", "int(10)"), ("uid", "int(10)"), ("cid", "int(10)"), ("pttl", "varchar(128)"),
         ("pdsc", "text"), ("pprice_mbtc", "decimal(12,5)"), ("pfrom", "varchar(64)"),
         ("pto", "varchar(64)"), ("padd", "int(10)")],
        [(li.n, li.vendor, li.category, li.title, li.description, li.price_btc * 1000,
          li.ships_from, li.ships_to, unix(li.created)) for li in world.listings],
        key="pid",
    )  # fmt: skip
    states = {"pending": "new", "paid": "paid", "shipped": "sent", "finalized": "done",
              "disputed": "dispute", "refunded": "refund", "cancelled": "cancel"}  # fmt: skip
    dump.table(
        "mk_ord",
        [("oid", "int(10)"), ("pid", "int(10)"), ("uid", "int(10)"), ("oqty", "int(10)"),
         ("otot_mbtc", "decimal(12,5)"), ("ostat", "varchar(8)"), ("oaddr", "text"),
         ("otime", "int(10)")],
        [(o.n, o.listing, o.buyer, o.quantity, o.total_btc * 1000, states[o.status], o.shipping,
          unix(o.created)) for o in world.orders],
        key="oid",
    )  # fmt: skip
    dump.table(
        "mk_fb",
        [
            ("fid", "int(10)"),
            ("oid", "int(10)"),
            ("fscore", "tinyint(3)"),
            ("ftxt", "text"),
            ("ftime", "int(10)"),
        ],
        [(f.n, f.order, f.rating, f.comment, unix(f.created)) for f in world.feedback],
        key="fid",
    )
    dump.table(
        "mk_conv",
        [
            ("cid", "int(10)"),
            ("uid_a", "int(10)"),
            ("uid_b", "int(10)"),
            ("ctopic", "varchar(128)"),
            ("ctime", "int(10)"),
        ],
        [(c.n, c.buyer, c.vendor, c.subject, unix(c.created)) for c in world.conversations],
        key="cid",
    )
    dump.table(
        "mk_conv_msg",
        [
            ("mid", "int(10)"),
            ("cid", "int(10)"),
            ("uid", "int(10)"),
            ("mtxt", "text"),
            ("mtime", "int(10)"),
        ],
        [(m.n, m.conversation, m.sender, m.body, unix(m.created)) for m in world.messages],
        key="mid",
    )
    logins = [(g.account, g.ip, g.agent, unix(g.at)) for g in world.logins]
    dump.table(
        "mk_iplog",
        [("uid", "int(10)"), ("ip", "varchar(45)"), ("ua", "varchar(255)"), ("t", "int(10)")],
        logins + logins[-3:],
    )
    purposes = {"deposit": "dep", "withdrawal": "wd", "hot": "hot"}
    dump.table(
        "mk_addr",
        [
            ("aid", "int(10)"),
            ("uid", "int(10)"),
            ("addr", "varchar(64)"),
            ("apurp", "varchar(4)"),
            ("atime", "int(10)"),
        ],
        [(w.n, w.account, w.address, purposes[w.kind], unix(w.created)) for w in world.wallets],
        key="aid",
    )
    dump.table(
        "mk_wd",
        [("wid", "int(10)"), ("uid", "int(10)"), ("oid", "int(10)"), ("waddr", "varchar(64)"),
         ("wamt_sat", "bigint(20)"), ("wtx", "char(64)"), ("wtime", "int(10)")],
        [(p.n, p.account, p.order, p.address, p.sats, p.txid, unix(p.created))
         for p in world.payouts],
        key="wid",
    )  # fmt: skip
    dump.table(
        "mk_cfg",
        [("k", "varchar(32)"), ("v", "varchar(255)")],
        [("name", "mk"), ("fee", Decimal("0.04"))],
    )
    dump.write(folder / "mk.sql")
