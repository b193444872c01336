"""synth-bazaar: a PHP/MySQL market (market 'silkway').

Integer auto-increment ids, amounts in satoshis (BIGINT), times as unix seconds, one-letter role
codes (B buyer, V vendor, A admin, M moderator), numeric order states (0 pending, 1 paid,
2 shipped, 3 finalized, 4 disputed, 5 refunded, 6 cancelled), ships-from as an English country
name (or a local spelling). ``login_log`` has no primary key and holds exact duplicate rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from seized.synth.places import COUNTRIES
from seized.synth.records import Feedback, Listing, Login, Message, Order, Payout, WalletAddress
from seized.synth.schema import table
from seized.synth.software import TableRow
from seized.synth.world import Account

STATES = {
    "pending": 0,
    "paid": 1,
    "shipped": 2,
    "finalized": 3,
    "disputed": 4,
    "refunded": 5,
    "cancelled": 6,
}
ROLES = {"buyer": "B", "vendor": "V", "staff": "A"}

TABLES = [
    table(
        "users",
        """
        user_id int(10) unsigned NOT NULL
        username varchar(64) NOT NULL
        password_hash varchar(128) DEFAULT NULL
        role char(1) NOT NULL DEFAULT 'B'
        email varchar(128) DEFAULT NULL
        pgp_key text
        jabber varchar(128) DEFAULT NULL
        created int(10) unsigned NOT NULL
        last_login int(10) unsigned DEFAULT NULL
        banned tinyint(1) NOT NULL DEFAULT '0'
        """,
        ("user_id",),
    ),
    table(
        "vendor_profiles",
        """
        user_id int(10) unsigned NOT NULL
        display_name varchar(64) DEFAULT NULL
        bio mediumtext
        ships_from varchar(64) DEFAULT NULL
        pgp_fingerprint char(40) DEFAULT NULL
        vacation tinyint(1) NOT NULL DEFAULT '0'
        level int(11) NOT NULL DEFAULT '1'
        """,
        ("user_id",),
    ),
    table(
        "items",
        """
        item_id int(10) unsigned NOT NULL
        seller_id int(10) unsigned NOT NULL
        title varchar(255) NOT NULL
        descr mediumtext
        cat varchar(128) DEFAULT NULL
        price_sat bigint(20) NOT NULL
        ships_from varchar(64) DEFAULT NULL
        ships_to varchar(255) DEFAULT NULL
        stock int(11) DEFAULT NULL
        added int(10) unsigned NOT NULL
        """,
        ("item_id",),
    ),
    table(
        "orders",
        """
        order_id int(10) unsigned NOT NULL
        item_id int(10) unsigned NOT NULL
        buyer_id int(10) unsigned NOT NULL
        seller_id int(10) unsigned NOT NULL
        qty int(11) NOT NULL DEFAULT '1'
        total_sat bigint(20) NOT NULL
        state tinyint(4) NOT NULL DEFAULT '0'
        address_enc text
        placed int(10) unsigned NOT NULL
        updated int(10) unsigned DEFAULT NULL
        """,
        ("order_id",),
    ),
    table(
        "reviews",
        """
        review_id int(10) unsigned NOT NULL
        order_id int(10) unsigned NOT NULL
        item_id int(10) unsigned NOT NULL
        rating tinyint(4) NOT NULL
        body text
        posted int(10) unsigned NOT NULL
        """,
        ("review_id",),
    ),
    table(
        "pms",
        """
        pm_id int(10) unsigned NOT NULL
        from_id int(10) unsigned NOT NULL
        to_id int(10) unsigned NOT NULL
        subject varchar(255) DEFAULT NULL
        body mediumtext
        is_pgp tinyint(1) NOT NULL DEFAULT '0'
        sent int(10) unsigned NOT NULL
        """,
        ("pm_id",),
    ),
    table(
        "login_log",
        """
        uid int(10) unsigned NOT NULL
        ip varchar(45) DEFAULT NULL
        ua varchar(255) DEFAULT NULL
        ts int(10) unsigned NOT NULL
        """,
    ),
    table(
        "btc_addresses",
        """
        addr_id int(10) unsigned NOT NULL
        user_id int(10) unsigned DEFAULT NULL
        address varchar(64) NOT NULL
        purpose enum('deposit','withdraw','hot') NOT NULL
        created int(10) unsigned NOT NULL
        """,
        ("addr_id",),
    ),
    table(
        "withdrawals",
        """
        wd_id int(10) unsigned NOT NULL
        user_id int(10) unsigned NOT NULL
        order_id int(10) unsigned DEFAULT NULL
        address varchar(64) NOT NULL
        amount_sat bigint(20) NOT NULL
        txid char(64) DEFAULT NULL
        kind enum('payout','refund') NOT NULL
        created int(10) unsigned NOT NULL
        """,
        ("wd_id",),
    ),
]


def _country(a: Account, iso2: str) -> str:
    names = COUNTRIES[iso2].names
    return names[a.seq % len(names)]


class Bazaar:
    name = "synth-bazaar"
    dump = "mysql"
    tables = TABLES

    def native_id(self, kind: str, seq: int) -> int | str:
        return {"account": 1000, "listing": 1, "order": 100_000}.get(kind, 1) + seq

    def account(self, a: Account) -> Iterator[TableRow]:
        digest = hashlib.sha256(f"{a.username}:{a.seq}".encode()).hexdigest()
        email = a.person.email if a.role != "buyer" or a.seq % 3 == 0 else None
        yield (
            "users",
            (
                a.native_id,
                a.username,
                "$2y$10$" + digest[:53],
                ROLES[a.role] if a.role != "staff" or a.seq == 0 else "M",
                email,
                a.key.public_armor if a.key else None,
                a.contact,
                a.created,
                a.created + 3600 if a.seq % 5 else None,
                0,
            ),
        )
        if a.role == "vendor":
            fp = a.key.fingerprint if a.key else None
            bio = f"Welcome to {a.username}! {a.person.signature}\nJabber: {a.contact}"
            yield (
                "vendor_profiles",
                (
                    a.native_id,
                    a.username,
                    bio,
                    _country(a, a.person.country),
                    fp.lower() if fp and a.seq % 2 else fp,
                    0,
                    1 + a.seq % 5,
                ),
            )

    def listing(self, x: Listing) -> Iterator[TableRow]:
        yield (
            "items",
            (
                x.native_id,
                x.vendor.native_id,
                x.title,
                x.description,
                x.category,
                x.price_sats,
                _country(x.vendor, x.ships_from),
                x.ships_to,
                x.stock,
                x.created,
            ),
        )

    def order(self, x: Order) -> Iterator[TableRow]:
        yield (
            "orders",
            (
                x.native_id,
                x.listing.native_id,
                x.buyer.native_id,
                x.listing.vendor.native_id,
                x.quantity,
                x.amount_sats,
                STATES[x.status],
                x.shipping,
                x.created,
                x.updated,
            ),
        )

    def feedback(self, x: Feedback) -> Iterator[TableRow]:
        yield (
            "reviews",
            (
                x.native_id,
                x.order.native_id,
                x.order.listing.native_id,
                x.rating,
                x.comment,
                x.created,
            ),
        )

    def message(self, x: Message) -> Iterator[TableRow]:
        yield (
            "pms",
            (
                x.native_id,
                x.sender.native_id,
                x.recipient.native_id,
                x.subject,
                x.body,
                1 if x.encrypted else 0,
                x.created,
            ),
        )

    def login(self, x: Login) -> Iterator[TableRow]:
        yield "login_log", (x.account.native_id, x.ip, x.user_agent, x.at)

    def wallet(self, x: WalletAddress) -> Iterator[TableRow]:
        purpose = {"deposit": "deposit", "withdrawal": "withdraw", "hot": "hot"}[x.kind]
        owner = x.account.native_id if x.account else None
        yield "btc_addresses", (x.native_id, owner, x.address, purpose, x.created)

    def payout(self, x: Payout) -> Iterator[TableRow]:
        yield (
            "withdrawals",
            (
                x.native_id,
                x.account.native_id,
                x.order.native_id,
                x.address,
                x.amount_sats,
                x.txid,
                x.kind,
                x.created,
            ),
        )
