"""The people behind the accounts: vendors, buyers and staff, and their accounts on the markets.

A person has one account per market they use. How two accounts of one vendor can be tied together
is decided here and recorded as the link kinds truth.json reports: ``same_username``,
``shared_pgp`` (one key on both), ``shared_address`` (one payout or refund address),
``shared_handle`` (one Jabber handle) and ``behaviour_only`` (nothing shared but the person's
habits: product, ships-from, listing wording, how they open and close their messages, a line
they often write, and the hours they are online). Every person has those habits, buyers too.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from seized.synth.keys import Key, KeyRing
from seized.synth.places import (
    PostalAddress,
    person_name,
    phone_number,
    pick_country,
    postal_address,
)
from seized.synth.scale import Scale
from seized.synth.texts import GREETINGS, HOSTILE, PRODUCTS, QUIRKS, SIGNATURES, SIGNOFFS

MARKETS = ("silkway", "hydrant", "nightowl")
MARKET_SHARE = (0.45, 0.35, 0.20)  # share of orders, buyers and vendors per market
EXCHANGES = ("Bitvault", "CoinHarbor", "Satstack", "Exmoon", "Blockmarkt", "Zaplink")

_ADJ = ("Dutch", "Green", "Royal", "Silent", "Happy", "Dark", "Frosty", "Golden", "Lucky", "Alpine")
_NOUN = ("Delight", "Garden", "Pharma", "Express", "Dragon", "Fox", "Tiger", "Store", "Lab", "Owl")
_BUYER = ("mike", "anon", "user", "lisa", "k", "raver", "tom", "jo", "night", "chem")


@dataclass(slots=True)
class Account:
    market: int
    seq: int  # 0-based order of creation on the market
    native_id: int | str
    username: str
    role: str  # buyer | vendor | staff
    person: Person
    created: int
    key: Key | None = None
    contact: str | None = None  # Jabber handle shown on the profile
    deposit_address: str = ""
    withdrawal_address: str | None = None  # payouts (vendors) or refunds (buyers)
    revenue: int = 0  # satoshis of finalized orders (vendors)
    spend: int = 0  # satoshis of finalized orders (buyers)
    orders: int = 0
    weight: float = 1.0  # how often this account trades

    @property
    def ref(self) -> tuple[str, str]:
        return MARKETS[self.market], str(self.native_id)


@dataclass(slots=True)
class Person:
    person_id: str
    role: str
    country: str
    name: str
    address: PostalAddress
    phone: tuple[str, str]
    email: str
    jabber: str
    telegram: str
    exchange: int
    exchange_address: str  # the person's deposit address at their exchange
    products: tuple[int, ...] = ()
    signature: str = ""
    hours: tuple[int, int] = (0, 24)  # online from the first hour to the second (UTC, may pass 24)
    greeting: str = ""  # how they open their messages ("" none)
    signoff: str = ""  # how they close them
    quirk: str = ""  # a line they put in most messages
    bulk: bool = False
    arrested: bool = False
    accounts: list[Account] = field(default_factory=list)
    link_kinds: set[str] = field(default_factory=set)
    links: list[tuple[Account, Account, tuple[str, ...]]] = field(default_factory=list)


@dataclass
class World:
    persons: list[Person]
    accounts: list[list[Account]]  # per market, in native order
    server_keys: list[Key]
    passphrases: dict[str, str]  # fingerprint -> passphrase of every seized key
    exchange_hot: list[list[str]]  # per exchange, hot wallet addresses
    market_hot: list[list[str]]  # per market, hot wallet addresses


class WorldBuilder:
    def __init__(
        self,
        rng: random.Random,
        scale: Scale,
        keyring: KeyRing,
        new_address: Callable[[], str],
        native_id: Callable[[int, int], int | str],
        start: int,
    ) -> None:
        self.rng = rng
        self.scale = scale
        self.keyring = keyring
        self.new_address = new_address
        self.native_id = native_id
        self.start = start
        self.accounts: list[list[Account]] = [[] for _ in MARKETS]
        self.persons: list[Person] = []
        self.usernames: list[set[str]] = [set() for _ in MARKETS]
        self._stems: set[str] = set()

    def build(self) -> World:
        server_keys, passphrases = self._server_keys()
        exchange_hot = [[self.new_address() for _ in range(3)] for _ in EXCHANGES]
        market_hot = [[self.new_address() for _ in range(2)] for _ in MARKETS]
        for m in range(len(MARKETS)):
            for s in range(self.scale.staff_per_market):
                self._staff(m, s)
        for v in range(self.scale.vendors):
            self._vendor(v)
        for b in range(self.scale.buyers):
            self._buyer(b)
        arrested = [p for p in self.persons if p.role == "vendor"]
        self.rng.shuffle(arrested)
        # Arrested vendors: one with an RSA key when there is one, the rest Curve25519.
        rsa = [p for p in arrested if any(a.key and a.key.rsa for a in p.accounts)]
        chosen = (rsa[:1] + [p for p in arrested if p not in rsa[:1]])[: self.scale.arrested]
        for p in chosen:
            p.arrested = True
            for a in p.accounts:
                if a.key is not None and a.key.fingerprint not in passphrases:
                    passphrases[a.key.fingerprint] = self._passphrase()
        for market in self.accounts:
            market.sort(key=lambda a: a.created)
            for seq, account in enumerate(market):
                account.seq = seq
                account.native_id = self.native_id(account.market, seq)
        return World(
            self.persons, self.accounts, server_keys, passphrases, exchange_hot, market_hot
        )

    def _passphrase(self) -> str:
        words = ("correct", "horse", "battery", "staple", "tulpe", "wolke", "nebel", "sol", "lua")
        return "-".join(self.rng.choice(words) for _ in range(4)) + str(self.rng.randint(10, 99))

    def _server_keys(self) -> tuple[list[Key], dict[str, str]]:
        keys, phrases = [], {}
        for name in MARKETS:
            key = self.keyring.new(f"{name} market <admin@{name}.onion>")
            keys.append(key)
            phrases[key.fingerprint] = self._passphrase()
        return keys, phrases

    def _person(self, role: str) -> Person:
        rng = self.rng
        country = pick_country(rng)
        name = person_name(rng, country)
        stem = self._stem(rng, name)
        exchange = rng.randrange(len(EXCHANGES))
        person = Person(
            person_id=f"P{len(self.persons) + 1:07d}",
            role=role,
            country=country,
            name=name,
            address=postal_address(rng, country, name),
            phone=phone_number(rng, country),
            email=f"{stem}@{rng.choice(('protonmail.com', 'tutanota.de', 'cock.li', 'gmx.net'))}",
            jabber=f"{stem}@{rng.choice(('jabber.calyxinstitute.org', 'xmpp.is', 'exploit.im'))}",
            telegram="@" + stem.replace(".", "_") + rng.choice(("", "_shop", "_plug")),
            exchange=exchange,
            exchange_address=self.new_address(),
        )
        first_hour = rng.randrange(24)
        person.hours = (first_hour, first_hour + rng.randint(4, 10))
        person.greeting = rng.choice(GREETINGS) if rng.random() < 0.85 else ""
        person.signoff = rng.choice(SIGNOFFS) if rng.random() < 0.85 else ""
        person.quirk = rng.choice(QUIRKS) if rng.random() < 0.75 else ""
        self.persons.append(person)
        return person

    def _handle(self, name: str) -> str:
        """``name`` as a handle if no other person holds it, else with digits added."""
        stem = name
        while stem in self._stems:
            stem = name + str(self.rng.randint(1, 9999))
        self._stems.add(stem)
        return stem

    def _stem(self, rng: random.Random, name: str) -> str:
        """A handle stem (e-mail, Jabber, Telegram) used by no other person: real handles are
        unique per person, and shared ones would be false hard links in the truth."""
        first = name.split()[0].lower()
        for tries in range(1000):
            stem = first + str(rng.randint(1, 999 if tries < 20 else 999_999))
            if stem not in self._stems:
                self._stems.add(stem)
                return stem
        raise RuntimeError("no free handle stem")  # unreachable at any supported scale

    def _time(self, rng: random.Random, early: float = 1.0) -> int:
        return self.start + int(rng.random() * early * self.scale.days * 86400 * 0.6)

    def _unique(self, market: int, username: str) -> str:
        seen = self.usernames[market]
        candidate = username
        while candidate.lower() in seen:
            candidate = username + str(self.rng.randint(1, 9999))
        seen.add(candidate.lower())
        return candidate

    def _account(self, person: Person, market: int, username: str, role: str) -> Account:
        account = Account(
            market=market,
            seq=0,
            native_id=0,
            username=self._unique(market, username),
            role=role,
            person=person,
            created=self._time(self.rng, 0.5 if role != "buyer" else 1.0),
            deposit_address=self.new_address(),
        )
        self.accounts[market].append(account)
        person.accounts.append(account)
        return account

    def _staff(self, market: int, index: int) -> None:
        person = self._person("staff")
        name = ("admin", "mod_" + person.name.split()[0].lower(), "support")[min(index, 2)]
        account = self._account(person, market, name if index < 3 else f"mod{index}", "staff")
        account.created = self.start
        account.contact = person.jabber

    def _markets(self, choices: tuple[float, ...]) -> list[int]:
        count = 1 + self.rng.choices(range(len(choices)), weights=choices)[0]
        markets: list[int] = []
        while len(markets) < count:
            m = self.rng.choices(range(len(MARKETS)), weights=MARKET_SHARE)[0]
            if m not in markets:
                markets.append(m)
        return markets

    def _vendor_name(self) -> str:
        rng = self.rng
        name = rng.choice(_ADJ) + rng.choice(_NOUN)
        r = rng.random()
        if r < 0.3:
            name += str(rng.randint(1, 99))
        elif r < 0.36:
            name = rng.choice(("❄️", "🍁", "💊")) + name
        elif r < 0.4:
            name = name.upper()
        return name

    def _vendor(self, index: int) -> None:
        rng = self.rng
        person = self._person("vendor")
        family = rng.randrange(len(PRODUCTS))
        products = {family}
        while rng.random() < 0.4 and len(products) < 3:
            products.add(rng.randrange(len(PRODUCTS)))
        person.products = tuple(sorted(products))
        person.signature = rng.choice(SIGNATURES)
        markets = self._markets((0.55, 0.30, 0.15))
        rsa = index < self.scale.rsa_keys
        base_name = self._vendor_name()
        first: Account | None = None
        for m in markets:
            if first is None:
                account = self._account(person, m, base_name, "vendor")
                account.key = self.keyring.new(f"{base_name} <{person.email}>", rsa=rsa)
                account.withdrawal_address = self.new_address()
                account.contact = person.jabber
                first = account
                continue
            kind = rng.choices(
                (
                    "same_username",
                    "shared_pgp",
                    "shared_address",
                    "shared_handle",
                    "behaviour_only",
                ),
                weights=(30, 20, 15, 15, 20),
            )[0]
            kinds = [kind]
            if kind not in ("same_username", "behaviour_only") and rng.random() < 0.25:
                kinds.append("same_username")
            if "same_username" in kinds:
                username = rng.choice((first.username, first.username.lower(), first.username))
            else:
                username = self._vendor_name()
            account = self._account(person, m, username, "vendor")
            if "same_username" in kinds and account.username.lower() != first.username.lower():
                kinds.remove("same_username")  # the name was taken: a different name after all
                if not kinds:
                    kinds.append("behaviour_only")
            # a handle of this account's own, taken by no other person (handles are unique)
            handle = self._handle(account.username.strip("❄️🍁💊").lower() or "vendor")
            if "shared_pgp" in kinds:
                account.key = first.key
            else:
                name = account.username.strip("❄️🍁💊") or "vendor"
                account.key = self.keyring.new(f"{name} <{handle}@mail2tor.com>")
            if "shared_address" in kinds:
                account.withdrawal_address = first.withdrawal_address
            else:
                account.withdrawal_address = self.new_address()
            if "shared_handle" in kinds:
                account.contact = person.jabber
            else:
                domain = rng.choice(("xmpp.jp", "jabber.de", "404.city"))
                account.contact = f"{handle}@{domain}"
            person.link_kinds.update(kinds)
            person.links.append((first, account, tuple(kinds)))

    def _buyer(self, index: int) -> None:
        rng = self.rng
        person = self._person("buyer")
        person.bulk = rng.random() < 0.05
        r = rng.random()
        if r < 0.01:
            username = rng.choice(HOSTILE)[:60]
        elif r < 0.03:
            username = rng.choice(("Jürgen", "Ñoño", "Łukasz", "😎cool", "Zoë")) + str(index)
        else:
            username = rng.choice(_BUYER) + rng.choice(("", "_", ".")) + str(rng.randint(1, 99999))
        first: Account | None = None
        for m in self._markets((0.85, 0.15)):
            if first is None:
                first = self._account(person, m, username, "buyer")
                first.withdrawal_address = person.exchange_address
                first.weight = 8.0 if person.bulk else 1.0
                continue
            kind = rng.choices(("same_username", "shared_address", "behaviour_only"), (50, 25, 25))[
                0
            ]
            name = first.username if kind == "same_username" else rng.choice(_BUYER) + str(index)
            account = self._account(person, m, name, "buyer")
            account.weight = first.weight
            if kind == "same_username" and account.username.lower() != first.username.lower():
                kind = "behaviour_only"
            account.withdrawal_address = (
                person.exchange_address if kind == "shared_address" else self.new_address()
            )
            person.link_kinds.add(kind)
            person.links.append((first, account, (kind,)))
