"""Deterministic rows for the benchmark market (see schema.py), generated as a stream.

Row ``i`` of a table depends only on the seed, the table and ``i``'s place in the stream, never
on memory of earlier rows: references between tables are computed from ids (user ``10k + 3`` is
the k-th vendor; listing ``l`` belongs to the vendor picked by a hash of ``l``), so a dump of any
size is written in constant memory. Texts are long and hostile the way seized texts are: PGP
armor, quotes, backslashes, CR/LF and tabs, and non-ASCII (German, French, Russian, emoji).
"""

from __future__ import annotations

import base64
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bench.ingest.schema import LISTINGS, MESSAGES, ORDERS, USERS, Table

Row = tuple[object, ...]

EPOCH = 1_401_580_800  # 2014-06-01 00:00:00 UTC: the market opens
SPAN = 3 * 365 * 86_400  # and runs for three years
SATS = 100_000_000

WORDS = [
    "quality",
    "stealth",
    "shipping",
    "vendor",
    "escrow",
    "finalize",
    "early",
    "tracking",
    "package",
    "batch",
    "sample",
    "pure",
    "lab",
    "tested",
    "fresh",
    "discreet",
    "vacuum",
    "sealed",
    "refund",
    "reship",
    "customs",
    "letter",
    "envelope",
    "bitcoin",
    "wallet",
    "address",
    "order",
    "listing",
    "feedback",
    "review",
    "dispute",
    "moderator",
    "market",
    "support",
    "pgp",
    "key",
    "weight",
    "gram",
    "ounce",
    "pill",
    "tab",
    "blotter",
    "crystal",
    "powder",
    "rock",
    "strain",
    "indoor",
    "outdoor",
    "organic",
    "week",
    "days",
    "europe",
    "germany",
    "netherlands",
    "spain",
    "france",
    "canada",
    "australia",
    "usa",
    "domestic",
    "international",
    "insured",
    "tracked",
    "signed",
]
FOREIGN = [
    "schnell",
    "zuverlässig",
    "Qualität",
    "größe",
    "Grüße",
    "Straße",
    "über",
    "très",
    "fiabilité",
    "reçu",
    "colis",
    "спасибо",
    "заказ",
    "качество",
    "быстро",
    "отлично",
    "доставка",
    "😀",
    "👍",
    "🔥",
    "✓",
    "★★★★★",
    "“smart”",
    "‘quotes’",
    "—",
    "…",
]
PHRASES = (
    "it's the best I've had",
    'he said "next week" again',
    "path C:\\Users\\market\\keys",
    "\\o/ arrived today",
    "50% off -- no 'refunds'",
    "tab\tseparated\tvalues",
    "line one\r\nline two",
    "Ctrl-Z \x1a in a paste",
    "back\\\\slashes\\n literal",
)
PRODUCTS = (
    "Cocaine",
    "MDMA",
    "LSD",
    "Heroin",
    "Cannabis",
    "Hash",
    "Ketamine",
    "Speed",
    "Xanax",
    "Oxycodone",
    "Meth",
    "Psilocybin",
)
CATEGORIES = (
    "Drugs > Stimulants",
    "Drugs > Ecstasy",
    "Drugs > Psychedelics",
    "Drugs > Opioids",
    "Drugs > Cannabis",
    "Drugs > Dissociatives",
    "Drugs > Benzos",
    "Drugs > Prescription",
)
COUNTRIES = (
    "Germany",
    "Netherlands",
    "United Kingdom",
    "United States",
    "Spain",
    "France",
    "Canada",
    "Australia",
    "Belgium",
    "Poland",
    "Österreich",
    "Россия",
)
CITIES = ("Berlin", "Köln", "Amsterdam", "Leeds", "Lyon", "Madrid", "Toronto", "Kraków", "Москва")
STREETS = ("Hauptstraße", "Main St", "Rue de la Paix", "Calle Mayor", "Dorpsstraat", "ул. Ленина")
NAMES = ("J. Müller", "Anna O'Neil", 'Tom "T" Smith', "José García", "Łukasz Nowak", "Иван Петров")
DOMAINS = ("protonmail.com", "tutanota.de", "cock.li", "sigaint.org", "mail2tor.com")
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BCRYPT = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class Counts:
    """How many rows each table gets."""

    users: int
    listings: int
    orders: int
    messages: int

    def of(self, table: Table) -> int:
        return int(getattr(self, table.name))

    @property
    def vendors(self) -> int:
        return (self.users + 7) // 10


def rng_for(seed: int, table: Table, salt: int = 0) -> random.Random:
    """An RNG for one table, independent of the order the tables are written in."""
    return random.Random(seed * 1_000_003 + zlib.crc32(table.name.encode()) + salt)


def vendor_id(k: int) -> int:
    """The k-th vendor's user id (vendors are users 3, 13, 23, ...)."""
    return 10 * k + 3


def role_of(user_id: int) -> str:
    if user_id <= 2:
        return "admin"
    return "vendor" if user_id % 10 == 3 else "buyer"


def vendor_of_listing(listing_id: int, counts: Counts) -> int:
    return vendor_id((listing_id * 2_654_435_761) % counts.vendors)


class Texts:
    """Text pieces drawn from one RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        pool = WORDS * 4 + FOREIGN
        self.sentences = [self._sentence(pool) for _ in range(400)]

    def _sentence(self, pool: list[str]) -> str:
        rng = self.rng
        words = rng.choices(pool, k=rng.randint(5, 18))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(PHRASES))
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice((".", ".", "!", "?", "..."))

    def prose(self, low: int, high: int) -> str:
        rng = self.rng
        parts = rng.choices(self.sentences, k=rng.randint(low, high))
        seps = rng.choices((" ", " ", " ", "\n", "\n\n", "\r\n"), k=len(parts))
        return "".join(p + s for p, s in zip(parts, seps, strict=True)).rstrip()

    def armor(self, kind: str, nbytes: int) -> str:
        """An ASCII-armored PGP block of random content (not decryptable: it only looks real)."""
        body = base64.b64encode(self.rng.randbytes(nbytes)).decode()
        lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
        crc = base64.b64encode(self.rng.randbytes(3)).decode()
        return (
            f"-----BEGIN PGP {kind}-----\nVersion: GnuPG v2\n\n{lines}\n={crc}\n"
            f"-----END PGP {kind}-----"
        )

    def chars(self, alphabet: str, k: int) -> str:
        return "".join(self.rng.choices(alphabet, k=k))

    def address(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(NAMES)}\n{rng.choice(STREETS)} {rng.randint(1, 200)}\n"
            f"{rng.randint(10000, 99999)} {rng.choice(CITIES)}\n{rng.choice(COUNTRIES)}"
        )

    def btc_address(self) -> str:
        if self.rng.random() < 0.6:
            return "1" + self.chars(BASE58, 33)
        return "bc1q" + self.chars(BECH32, 38)


def _time(rng: random.Random, i: int, n: int) -> int:
    return EPOCH + (i * SPAN) // max(n, 1) + rng.randrange(86_400)


def users(seed: int, counts: Counts, start: int = 1, salt: int = 0) -> Iterator[Row]:
    rng = rng_for(seed, USERS, salt)
    t = Texts(rng)
    n = counts.users
    for i in range(start, n + 1):
        role = role_of(i)
        first = rng.choice(WORDS + FOREIGN[:12])
        created = _time(rng, i, n)
        yield (
            i,
            f"{first}_{rng.choice(WORDS)}{i}",
            "$2y$10$" + t.chars(BCRYPT, 53),
            f"{first.lower()}{i}@{rng.choice(DOMAINS)}" if rng.random() < 0.3 else None,
            role,
            t.armor("PUBLIC KEY BLOCK", rng.randint(900, 1400))
            if role == "vendor" or rng.random() < 0.05
            else None,
            t.btc_address() if rng.random() < 0.8 else None,
            rng.randrange(50 * SATS) if rng.random() < 0.7 else 0,
            created,
            created + rng.randrange(SPAN // 3) if rng.random() < 0.9 else None,
            rng.random() < 0.03,
        )


def listings(seed: int, counts: Counts, start: int = 1, salt: int = 0) -> Iterator[Row]:
    rng = rng_for(seed, LISTINGS, salt)
    t = Texts(rng)
    n = counts.listings
    for i in range(start, n + 1):
        product = rng.choice(PRODUCTS)
        grams = rng.choice((0.5, 1, 2, 3.5, 5, 7, 10, 28, 100))
        sats = rng.randrange(SATS // 500, 3 * SATS)
        yield (
            i,
            vendor_of_listing(i, counts),
            f"{grams}g {product} {rng.choice(WORDS)} {rng.choice(FOREIGN)} — "
            f"{rng.randint(60, 99)}% pure",
            t.prose(3, 14),
            rng.choice(CATEGORIES),
            sats,
            sats // 200_000 * 13,
            rng.choice(COUNTRIES) if rng.random() < 0.9 else None,
            rng.choice(("Worldwide", "EU", "EU, UK", "USA only", "Europe & Россия"))
            if rng.random() < 0.8
            else None,
            rng.randrange(1000),
            _time(rng, i, n),
        )


def orders(seed: int, counts: Counts, start: int = 1, salt: int = 0) -> Iterator[Row]:
    rng = rng_for(seed, ORDERS, salt)
    t = Texts(rng)
    n = counts.orders
    statuses = ("finalized",) * 6 + ("shipped", "paid", "pending", "disputed", "refunded")
    for i in range(start, n + 1):
        listing = rng.randint(1, counts.listings)
        buyer = rng.randint(1, counts.users)
        if buyer % 10 == 3:
            buyer = buyer - 1 if buyer > 3 else 4
        r = rng.random()
        if r < 0.6:
            shipping: str | None = t.armor("MESSAGE", rng.randint(350, 700))
        elif r < 0.92:
            shipping = t.address()
        else:
            shipping = None
        created = _time(rng, i, n)
        yield (
            i,
            listing,
            buyer,
            vendor_of_listing(listing, counts),
            rng.choice((1, 1, 1, 2, 3, 5, 10)),
            rng.randrange(SATS // 1000, 2 * SATS),
            rng.choice(statuses),
            shipping,
            created,
            created + rng.randrange(30 * 86_400) if rng.random() < 0.8 else None,
        )


def messages(seed: int, counts: Counts, start: int = 1, salt: int = 0) -> Iterator[Row]:
    rng = rng_for(seed, MESSAGES, salt)
    t = Texts(rng)
    n = counts.messages
    for i in range(start, n + 1):
        sender = rng.randint(1, counts.users)
        recipient = vendor_id(rng.randrange(counts.vendors)) if rng.random() < 0.7 else 1
        r = rng.random()
        body = t.armor("MESSAGE", rng.randint(300, 3000)) if r < 0.4 else t.prose(2, 40)
        yield (
            i,
            sender,
            recipient,
            f"Re: order #{rng.randint(1, max(counts.orders, 1))}" if rng.random() < 0.5 else None,
            body,
            rng.random() < 0.8,
            _time(rng, i, n),
        )


RowSource = Callable[..., Iterator[Row]]

ROWS: dict[str, RowSource] = {
    "users": users,
    "listings": listings,
    "orders": orders,
    "messages": messages,
}
