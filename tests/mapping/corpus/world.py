"""The made-up market history that every corpus schema renders in its own style.

One seeded world (accounts, categories, listings, orders, feedback, conversations, messages,
logins, wallet addresses, payouts), so the schemas differ only in how their software stores it:
table and column names, id forms, time and money encodings, role and status codes, joins.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

START = datetime(2016, 3, 1, tzinfo=UTC)
END = datetime(2017, 6, 30, tzinfo=UTC)
BTC_EUR = Decimal("2400")
BTC_USD = Decimal("2700")
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_SYLLABLES = (
    "green", "dark", "moon", "frost", "nordic", "happy", "magic", "king", "dr", "silk", "tiger",
    "crystal", "lucky", "shadow", "blue", "owl", "rocket", "zen", "candy", "hemp", "dutch", "alpha",
)  # fmt: skip
_TAILS = ("leaf", "shop", "pharm", "labs", "dealer", "bro", "man", "store", "vibes", "fox", "x")
COUNTRIES = ("Germany", "Netherlands", "United States", "United Kingdom", "Canada", "Spain")
DESTINATIONS = ("Worldwide", "Europe", "Germany", "United States", "Worldwide")
CATEGORY_TREE = (
    ("Drugs", "Cannabis", ("Weed", "Hash", "Edibles")),
    ("Drugs", "Stimulants", ("Cocaine", "Speed", "MDMA")),
    ("Drugs", "Opioids", ("Oxycodone",)),
    ("Digital", "Guides", ("Tutorials",)),
)
PRODUCTS = {
    "Weed": ("Amnesia Haze", "OG Kush", "White Widow", "Super Lemon Haze"),
    "Hash": ("Moroccan Hash", "Afghan Black"),
    "Edibles": ("THC Gummies", "Space Brownies"),
    "Cocaine": ("Peruvian Flake", "Colombian Cocaine 90%"),
    "Speed": ("Amphetamine Paste", "Speed Pills"),
    "MDMA": ("MDMA Crystal", "Blue Punisher XTC"),
    "Oxycodone": ("Oxycodone 30mg", "Oxy 80mg"),
    "Tutorials": ("Carding Guide 2017", "Stealth Shipping Guide"),
}
COMMENTS = (
    "great stealth, fast shipping", "top quality, will order again", "arrived after 3 days",
    "a bit light but ok", "never arrived", "excellent vendor, A+++", "good comms", "meh",
)  # fmt: skip
AGENTS = (
    "Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0",
    "Mozilla/5.0 (Windows NT 10.0; rv:52.0) Gecko/20100101 Firefox/52.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Firefox/45.0",
)
STATUSES = ("pending", "paid", "shipped", "finalized", "finalized", "finalized", "disputed",
            "refunded", "cancelled")  # fmt: skip


@dataclass
class Account:
    n: int  # 1-based
    username: str
    role: str  # buyer | vendor | staff
    staff: str | None  # admin | moderator for staff
    email: str | None
    pgp: str | None
    jabber: str | None
    bio: str | None
    created: datetime
    last_seen: datetime


@dataclass
class Category:
    n: int
    name: str
    parent: int | None


@dataclass
class Listing:
    n: int
    vendor: int
    title: str
    description: str
    category: int  # a leaf
    price_btc: Decimal
    ships_from: str
    ships_to: str
    created: datetime

    @property
    def price_eur(self) -> Decimal:
        return (self.price_btc * BTC_EUR).quantize(Decimal("0.01"))

    @property
    def price_usd(self) -> Decimal:
        return (self.price_btc * BTC_USD).quantize(Decimal("0.01"))


@dataclass
class Order:
    n: int
    listing: int
    buyer: int
    vendor: int
    quantity: int
    total_btc: Decimal
    status: str
    created: datetime
    shipping: str

    @property
    def total_eur(self) -> Decimal:
        return (self.total_btc * BTC_EUR).quantize(Decimal("0.01"))

    @property
    def total_usd(self) -> Decimal:
        return (self.total_btc * BTC_USD).quantize(Decimal("0.01"))


@dataclass
class Feedback:
    n: int
    order: int
    rating: int  # 1..5
    comment: str
    created: datetime


@dataclass
class Conversation:
    n: int
    buyer: int
    vendor: int
    subject: str
    created: datetime


@dataclass
class Message:
    n: int
    conversation: int
    sender: int
    recipient: int
    body: str
    created: datetime


@dataclass
class Login:
    n: int
    account: int
    ip: str
    agent: str
    at: datetime


@dataclass
class Wallet:
    n: int
    account: int | None  # None: the market's own
    address: str
    kind: str  # deposit | withdrawal | hot
    created: datetime


@dataclass
class Payout:
    n: int
    account: int
    order: int
    address: str
    sats: int
    txid: str
    kind: str  # payout | refund
    created: datetime


@dataclass
class World:
    accounts: list[Account] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)
    wallets: list[Wallet] = field(default_factory=list)
    payouts: list[Payout] = field(default_factory=list)

    def account(self, n: int) -> Account:
        return self.accounts[n - 1]

    def listing(self, n: int) -> Listing:
        return self.listings[n - 1]

    def order(self, n: int) -> Order:
        return self.orders[n - 1]

    def category(self, n: int) -> Category:
        return self.categories[n - 1]

    def category_path(self, n: int) -> list[str]:
        path: list[str] = []
        current: int | None = n
        while current is not None:
            path.insert(0, self.category(current).name)
            current = self.category(current).parent
        return path


def _time(rng: random.Random, after: datetime = START) -> datetime:
    span = int((END - after).total_seconds())
    return after + timedelta(seconds=rng.randrange(max(span, 1)))


def _armor(rng: random.Random, kind: str, size: int) -> str:
    body = base64.b64encode(rng.randbytes(size)).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    check = base64.b64encode(rng.randbytes(3)).decode()
    return "\n".join(
        [f"-----BEGIN PGP {kind}-----", "", *lines, f"={check}", f"-----END PGP {kind}-----"]
    )


def public_key(rng: random.Random) -> str:
    return _armor(rng, "PUBLIC KEY BLOCK", 70)


def pgp_message(rng: random.Random) -> str:
    return _armor(rng, "MESSAGE", 40)


def btc_address(rng: random.Random) -> str:
    """A P2PKH address with a valid checksum."""
    payload = b"\x00" + rng.randbytes(20)
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(payload + check, "big")
    text = ""
    while number:
        number, digit = divmod(number, 58)
        text = _B58[digit] + text
    return "1" + text  # one leading zero byte


def build(seed: int = 22) -> World:
    rng = random.Random(seed)
    world = World()
    names: set[str] = set()
    rest = ["staff", "staff"] + ["vendor"] * 6 + ["buyer"] * 17
    rng.shuffle(rest)
    roles = ["staff", *rest]  # the first account is the admin
    for n, role in enumerate(roles, 1):
        while True:
            name = rng.choice(_SYLLABLES) + rng.choice(_TAILS) + str(rng.randrange(10, 99))
            if name not in names:
                names.add(name)
                break
        created = _time(rng, START) - timedelta(days=200)
        vendorish = role != "buyer"
        world.accounts.append(
            Account(
                n=n,
                username=name,
                role=role,
                staff=("admin" if n == 1 else "moderator") if role == "staff" else None,
                email=f"{name}@mail2tor.com" if rng.random() < 0.5 else None,
                pgp=public_key(rng) if vendorish or rng.random() < 0.3 else None,
                jabber=f"{name}@jabber.ccc.de" if role == "vendor" else None,
                bio=f"{name}: quality since 2015, ship daily" if role == "vendor" else None,
                created=created,
                last_seen=_time(rng, created + timedelta(days=210)),
            )
        )
    for top, middle, leaves in CATEGORY_TREE:
        parents = {c.name: c.n for c in world.categories}
        if top not in parents:
            world.categories.append(Category(len(world.categories) + 1, top, None))
            parents[top] = len(world.categories)
        if middle not in parents:
            world.categories.append(Category(len(world.categories) + 1, middle, parents[top]))
            parents[middle] = len(world.categories)
        for leaf in leaves:
            world.categories.append(Category(len(world.categories) + 1, leaf, parents[middle]))
    leaves = [c for c in world.categories if c.name in PRODUCTS]
    vendors = [a for a in world.accounts if a.role == "vendor"]
    buyers = [a for a in world.accounts if a.role == "buyer"]
    for n in range(1, 31):
        vendor = vendors[(n - 1) % len(vendors)] if n <= 12 else rng.choice(vendors)
        leaf = rng.choice(leaves)
        product = rng.choice(PRODUCTS[leaf.name])
        grams = rng.choice((1, 5, 10, 28, 100))
        world.listings.append(
            Listing(
                n=n,
                vendor=vendor.n,
                title=f"{grams}g {product}" if leaf.name != "Tutorials" else product,
                description=f"{product} from {vendor.username}. Vacuum sealed, tracked.",
                category=leaf.n,
                price_btc=Decimal(rng.randrange(40_000, 9_000_000)) / Decimal(100_000_000),
                ships_from=rng.choice(COUNTRIES),
                ships_to=rng.choice(DESTINATIONS),
                created=_time(rng, START),
            )
        )
    for n in range(1, 61):
        listing = rng.choice(world.listings)
        quantity = rng.choice((1, 1, 1, 2, 3))
        world.orders.append(
            Order(
                n=n,
                listing=listing.n,
                buyer=rng.choice(buyers).n,
                vendor=listing.vendor,
                quantity=quantity,
                total_btc=listing.price_btc * quantity,
                status=rng.choice(STATUSES),
                created=_time(rng, listing.created),
                shipping=pgp_message(rng),
            )
        )
    for order in world.orders:
        if order.status in ("finalized", "disputed", "refunded") and len(world.feedback) < 30:
            world.feedback.append(
                Feedback(
                    n=len(world.feedback) + 1,
                    order=order.n,
                    rating=rng.choice((5, 5, 5, 4, 4, 3, 1)),
                    comment=rng.choice(COMMENTS),
                    created=order.created + timedelta(days=rng.randrange(2, 20)),
                )
            )
    for n in range(1, 16):
        order = rng.choice(world.orders)
        created = order.created + timedelta(hours=rng.randrange(1, 48))
        world.conversations.append(
            Conversation(n, order.buyer, order.vendor, f"order #{order.n}", created)
        )
        when = created
        for turn in range(rng.randrange(2, 5)):
            sender, recipient = (order.buyer, order.vendor)
            if turn % 2:
                sender, recipient = recipient, sender
            body = pgp_message(rng) if rng.random() < 0.6 else "hi, any news on my order?"
            world.messages.append(
                Message(len(world.messages) + 1, n, sender, recipient, body, when)
            )
            when += timedelta(hours=rng.randrange(1, 30))
    for n in range(1, 51):
        account = rng.choice(world.accounts)
        ip = ".".join(str(rng.randrange(1, 255)) for _ in range(4))
        world.logins.append(Login(n, account.n, ip, rng.choice(AGENTS), _time(rng, START)))
    for account in world.accounts:
        world.wallets.append(
            Wallet(len(world.wallets) + 1, account.n, btc_address(rng), "deposit", account.created)
        )
        if account.role == "vendor":
            world.wallets.append(
                Wallet(
                    len(world.wallets) + 1,
                    account.n,
                    btc_address(rng),
                    "withdrawal",
                    account.created + timedelta(days=3),
                )
            )
    for _ in range(2):
        world.wallets.append(Wallet(len(world.wallets) + 1, None, btc_address(rng), "hot", START))
    for order in world.orders:
        if order.status in ("finalized", "refunded"):
            refund = order.status == "refunded"
            world.payouts.append(
                Payout(
                    n=len(world.payouts) + 1,
                    account=order.buyer if refund else order.vendor,
                    order=order.n,
                    address=btc_address(rng),
                    sats=int(order.total_btc * 100_000_000 * (1 if refund else Decimal("0.96"))),
                    txid=rng.randbytes(32).hex(),
                    kind="refund" if refund else "payout",
                    created=order.created + timedelta(days=rng.randrange(3, 25)),
                )
            )
    return world
