"""synth-owl: a small SQLite market (market 'nightowl').

Integer ids, prices and totals in euros (REAL) converted at a fixed rate of ``EUR_PER_BTC``
(payouts carry satoshis), times as ISO 8601 text with a Z, numeric member groups (1 buyer,
2 vendor, 8 moderator, 9 admin), one-letter order states (n new, p paid, s sent, f finalized,
d disputed, r refunded, x cancelled), feedback scores -1/0/1, contacts as JSON, ships-from as the
local country name in any case. ``access_log`` has no primary key and holds exact duplicates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from seized.synth.places import COUNTRIES
from seized.synth.records import Feedback, Listing, Login, Message, Order, Payout, WalletAddress
from seized.synth.schema import table
from seized.synth.software import TableRow
from seized.synth.world import Account

EUR_PER_BTC = 8000  # 1 euro cent = 125 satoshis exactly, so every amount converts exactly
SATS_PER_CENT = 100_000_000 // (EUR_PER_BTC * 100)
STATES = {
    "pending": "n",
    "paid": "p",
    "shipped": "s",
    "finalized": "f",
    "disputed": "d",
    "refunded": "r",
    "cancelled": "x",
}
GROUPS = {"buyer": 1, "vendor": 2, "staff": 8}
SCORES = {1: -1, 2: -1, 3: 0, 4: 1, 5: 1}

TABLES = [
    table(
        "members",
        """
        mid INTEGER
        nick TEXT NOT NULL
        grp INTEGER NOT NULL DEFAULT 1
        mail TEXT
        pgp TEXT
        joined TEXT
        seen TEXT
        """,
        ("mid",),
    ),
    table(
        "shops",
        """
        mid INTEGER
        shop_name TEXT
        motto TEXT
        contacts TEXT
        country TEXT
        """,
        ("mid",),
    ),
    table(
        "products",
        """
        pid INTEGER
        mid INTEGER NOT NULL
        name TEXT NOT NULL
        text TEXT
        section TEXT
        price_eur REAL NOT NULL
        origin TEXT
        destination TEXT
        ts TEXT
        """,
        ("pid",),
    ),
    table(
        "orders",
        """
        oid INTEGER
        pid INTEGER NOT NULL
        buyer INTEGER NOT NULL
        seller INTEGER NOT NULL
        amount INTEGER NOT NULL
        total_eur REAL NOT NULL
        st TEXT NOT NULL
        addr TEXT
        ts TEXT NOT NULL
        """,
        ("oid",),
    ),
    table(
        "feedback",
        """
        fid INTEGER
        oid INTEGER NOT NULL
        score INTEGER NOT NULL
        note TEXT
        ts TEXT
        """,
        ("fid",),
    ),
    table(
        "mail",
        """
        id INTEGER
        sender INTEGER NOT NULL
        receiver INTEGER NOT NULL
        title TEXT
        content TEXT
        ts TEXT
        """,
        ("id",),
    ),
    table(
        "access_log",
        """
        mid INTEGER
        ip TEXT
        agent TEXT
        ts TEXT
        """,
    ),
    table(
        "addresses",
        """
        aid INTEGER
        mid INTEGER
        btc TEXT NOT NULL
        typ TEXT NOT NULL
        ts TEXT
        """,
        ("aid",),
    ),
    table(
        "payouts",
        """
        id INTEGER
        mid INTEGER NOT NULL
        oid INTEGER
        btc TEXT NOT NULL
        sats INTEGER NOT NULL
        tx TEXT
        typ TEXT NOT NULL
        ts TEXT
        """,
        ("id",),
    ),
]


def ts(unix: int) -> str:
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def eur(sats: int) -> float:
    cents, rest = divmod(sats, SATS_PER_CENT)
    if rest:
        raise ValueError(f"{sats} satoshis is not a whole number of euro cents")
    return cents / 100


class Owl:
    name = "synth-owl"
    dump = "sqlite"
    tables = TABLES

    def native_id(self, kind: str, seq: int) -> int | str:
        return 1 + seq

    def account(self, a: Account) -> Iterator[TableRow]:
        group = GROUPS[a.role] if a.role != "staff" or a.seq != 0 else 9
        yield (
            "members",
            (
                a.native_id,
                a.username,
                group,
                a.person.email if a.role == "vendor" and a.seq % 2 else None,
                a.key.public_armor if a.key else None,
                ts(a.created),
                ts(a.created + 86400),
            ),
        )
        if a.role == "vendor":
            contacts = {"jabber": a.contact}
            if a.seq % 2 == 0:
                contacts["telegram"] = a.person.telegram
            names = COUNTRIES[a.person.country].names
            country = names[1] if a.seq % 3 else names[1].upper()
            yield (
                "shops",
                (
                    a.native_id,
                    a.username,
                    a.person.signature,
                    json.dumps(contacts, ensure_ascii=False),
                    country,
                ),
            )

    def listing(self, x: Listing) -> Iterator[TableRow]:
        names = COUNTRIES[x.ships_from].names
        yield (
            "products",
            (
                x.native_id,
                x.vendor.native_id,
                x.title,
                x.description,
                x.category.split(" > ")[-1],
                eur(x.price_sats),
                names[1],
                x.ships_to,
                ts(x.created),
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
                eur(x.amount_sats),
                STATES[x.status],
                x.shipping,
                ts(x.created),
            ),
        )

    def feedback(self, x: Feedback) -> Iterator[TableRow]:
        yield (
            "feedback",
            (
                x.native_id,
                x.order.native_id,
                SCORES[x.rating],
                x.comment,
                ts(x.created),
            ),
        )

    def message(self, x: Message) -> Iterator[TableRow]:
        yield (
            "mail",
            (
                x.native_id,
                x.sender.native_id,
                x.recipient.native_id,
                x.subject,
                x.body,
                ts(x.created),
            ),
        )

    def login(self, x: Login) -> Iterator[TableRow]:
        yield "access_log", (x.account.native_id, x.ip, x.user_agent, ts(x.at))

    def wallet(self, x: WalletAddress) -> Iterator[TableRow]:
        typ = {"deposit": "dep", "withdrawal": "wd", "hot": "hot"}[x.kind]
        owner = x.account.native_id if x.account else None
        yield "addresses", (x.native_id, owner, x.address, typ, ts(x.created))

    def payout(self, x: Payout) -> Iterator[TableRow]:
        yield (
            "payouts",
            (
                x.native_id,
                x.account.native_id,
                x.order.native_id,
                x.address,
                x.amount_sats,
                x.txid,
                "release" if x.kind == "payout" else "refund",
                ts(x.created),
            ),
        )
