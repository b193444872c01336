"""synth-agorax: a Python/PostgreSQL market (market 'hydrant').

UUID ids for accounts, offers and messages (bigint for the rest), amounts in BTC as
numeric(16,8), times as ``timestamp with time zone``, role words (customer, merchant, moderator,
administrator), upper-case status words (AWAITING_PAYMENT, PAID, DISPATCHED, COMPLETED, DISPUTED,
REFUNDED, CANCELED), ships-from as a lower-case ISO code, categories in their own table. Shipping
information is encrypted to the vendor *and* to the market's server key.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache

from seized.synth.records import Feedback, Listing, Login, Message, Order, Payout, WalletAddress
from seized.synth.schema import table
from seized.synth.software import TableRow
from seized.synth.texts import PRODUCTS
from seized.synth.world import Account

STATES = {
    "pending": "AWAITING_PAYMENT",
    "paid": "PAID",
    "shipped": "DISPATCHED",
    "finalized": "COMPLETED",
    "disputed": "DISPUTED",
    "refunded": "REFUNDED",
    "cancelled": "CANCELED",
}
ROLES = {"buyer": "customer", "vendor": "merchant", "staff": "moderator"}
CATEGORIES = sorted({p[0] for p in PRODUCTS})

TABLES = [
    table(
        "accounts",
        """
        id uuid NOT NULL
        login character varying(64) NOT NULL
        display_name text
        kind character varying(16) NOT NULL
        contact_email text
        registered timestamp with time zone NOT NULL
        last_seen timestamp with time zone
        """,
        ("id",),
    ),
    table(
        "merchant_profiles",
        """
        account_id uuid NOT NULL
        pgp_public_key text
        fingerprint character varying(64)
        contact text
        about text
        origin_country character(2)
        """,
        ("account_id",),
    ),
    table(
        "categories",
        """
        id integer NOT NULL
        parent_id integer
        name text NOT NULL
        """,
        ("id",),
    ),
    table(
        "offers",
        """
        id uuid NOT NULL
        merchant_id uuid NOT NULL
        headline text NOT NULL
        body text
        category_id integer
        price_btc numeric(16,8) NOT NULL
        origin character(2)
        destinations text
        created_at timestamp with time zone NOT NULL
        """,
        ("id",),
    ),
    table(
        "purchases",
        """
        id bigint NOT NULL
        offer_id uuid NOT NULL
        customer_id uuid NOT NULL
        merchant_id uuid NOT NULL
        quantity integer NOT NULL
        amount_btc numeric(16,8) NOT NULL
        status character varying(24) NOT NULL
        shipping_info text
        created_at timestamp with time zone NOT NULL
        updated_at timestamp with time zone
        """,
        ("id",),
    ),
    table(
        "ratings",
        """
        id bigint NOT NULL
        purchase_id bigint NOT NULL
        stars smallint NOT NULL
        comment text
        created_at timestamp with time zone NOT NULL
        """,
        ("id",),
    ),
    table(
        "messages",
        """
        id uuid NOT NULL
        author_id uuid NOT NULL
        recipient_id uuid NOT NULL
        title text
        body text
        created_at timestamp with time zone NOT NULL
        """,
        ("id",),
    ),
    table(
        "sessions",
        """
        id bigint NOT NULL
        account_id uuid NOT NULL
        remote_addr inet
        user_agent text
        started_at timestamp with time zone NOT NULL
        """,
        ("id",),
    ),
    table(
        "wallets",
        """
        id integer NOT NULL
        account_id uuid
        address text NOT NULL
        direction character varying(8) NOT NULL
        created_at timestamp with time zone NOT NULL
        """,
        ("id",),
    ),
    table(
        "payouts",
        """
        id bigint NOT NULL
        account_id uuid NOT NULL
        purchase_id bigint
        address text NOT NULL
        amount_btc numeric(16,8) NOT NULL
        txid text
        type character varying(8) NOT NULL
        created_at timestamp with time zone NOT NULL
        """,
        ("id",),
    ),
]


def ts(unix: int) -> str:
    day, second = divmod(unix, 86400)
    hour, second = divmod(second, 3600)
    minute, second = divmod(second, 60)
    return f"{_date(day)} {hour:02d}:{minute:02d}:{second:02d}+00"


@lru_cache(maxsize=4096)
def _date(day: int) -> str:
    """The UTC date of a day number since the epoch (one strftime per day, not per row)."""
    return datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%d")


def btc(sats: int) -> str:
    return f"{sats // 100_000_000}.{sats % 100_000_000:08d}"


class Agorax:
    name = "synth-agorax"
    dump = "postgres"
    tables = TABLES

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"agorax-{seed}")
        self.uuids: dict[tuple[str, int], str] = {}
        self.sessions = 0

    def native_id(self, kind: str, seq: int) -> int | str:
        if kind in ("account", "listing", "message"):
            return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        return 1 + seq

    def categories(self) -> Iterator[TableRow]:
        parents: dict[str, int] = {}
        for path in CATEGORIES:
            parts = path.split(" > ")
            for depth in range(1, len(parts) + 1):
                prefix = " > ".join(parts[:depth])
                if prefix not in parents:
                    parents[prefix] = len(parents) + 1
                    parent = parents.get(" > ".join(parts[: depth - 1]))
                    yield "categories", (parents[prefix], parent, parts[depth - 1])
        self.category_ids = parents

    def account(self, a: Account) -> Iterator[TableRow]:
        kind = ROLES[a.role] if a.role != "staff" or a.seq != 0 else "administrator"
        email = a.person.email if a.seq % 4 == 0 else None
        yield (
            "accounts",
            (
                a.native_id,
                a.username,
                a.username if a.seq % 7 else None,
                kind,
                email,
                ts(a.created),
                ts(a.created + 7200) if a.seq % 3 else None,
            ),
        )
        if a.role == "vendor":
            contact = f"jabber: {a.contact}"
            if a.seq % 3 == 0:
                contact += f" | telegram {a.person.telegram}"
            yield (
                "merchant_profiles",
                (
                    a.native_id,
                    a.key.public_armor if a.key else None,
                    a.key.fingerprint if a.key else None,
                    contact,
                    a.person.signature,
                    a.person.country.lower(),
                ),
            )

    def listing(self, x: Listing) -> Iterator[TableRow]:
        yield (
            "offers",
            (
                x.native_id,
                x.vendor.native_id,
                x.title,
                x.description,
                self.category_ids[x.category],
                btc(x.price_sats),
                x.ships_from.lower(),
                x.ships_to,
                ts(x.created),
            ),
        )

    def order(self, x: Order) -> Iterator[TableRow]:
        yield (
            "purchases",
            (
                x.native_id,
                x.listing.native_id,
                x.buyer.native_id,
                x.listing.vendor.native_id,
                x.quantity,
                btc(x.amount_sats),
                STATES[x.status],
                x.shipping,
                ts(x.created),
                ts(x.updated),
            ),
        )

    def feedback(self, x: Feedback) -> Iterator[TableRow]:
        yield "ratings", (x.native_id, x.order.native_id, x.rating, x.comment, ts(x.created))

    def message(self, x: Message) -> Iterator[TableRow]:
        yield (
            "messages",
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
        self.sessions += 1
        ip = None if x.ip == "127.0.0.1" and self.sessions % 2 else x.ip
        yield "sessions", (self.sessions, x.account.native_id, ip, x.user_agent, ts(x.at))

    def wallet(self, x: WalletAddress) -> Iterator[TableRow]:
        direction = {"deposit": "in", "withdrawal": "out", "hot": "hot"}[x.kind]
        owner = x.account.native_id if x.account else None
        yield "wallets", (x.native_id, owner, x.address, direction, ts(x.created))

    def payout(self, x: Payout) -> Iterator[TableRow]:
        yield (
            "payouts",
            (
                x.native_id,
                x.account.native_id,
                x.order.native_id,
                x.address,
                btc(x.amount_sats),
                x.txid,
                "release" if x.kind == "payout" else "refund",
                ts(x.created),
            ),
        )
