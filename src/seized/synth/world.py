"""The people behind the accounts: vendors, buyers and staff, and their accounts on the markets.

A person has one account per market they use, and a few a second one on a market they already
use (a sock puppet). How two accounts of one person can be tied together is decided here and
recorded as the link kinds truth.json reports: ``same_username``, ``name_variant`` (the name
written again with other separators, leetspeak or case: ``silent_fox77`` / ``silent.fox.77``),
``shared_pgp`` (one key on both), ``shared_address`` (one payout or refund address),
``shared_handle`` (one Jabber handle), ``co_spend`` (two payout addresses their owner spends
together on chain; kept only when it happened, see :mod:`seized.synth.money`) and
``behaviour_only`` (nothing shared but the person's habits: product, ships-from, listing wording,
how they open and close their messages, a line they often write, and the hours they are online).
Every person has those habits, buyers too. Some buyers ship to several addresses (home, work, a
drop), each account to an overlapping part of them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from seized.synth.handles import coined, variant
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
#: A fourth market known only from a scrape of its vendor pages (:mod:`seized.synth.scrape`).
SCRAPE = "lantern"
ALL_MARKETS = (*MARKETS, SCRAPE)
#: Share of vendor and buyer persons with a second account on a market they already use.
SOCK_PUPPETS = {"vendor": 0.08, "buyer": 0.03}
#: Share of vendor persons seen on the scraped market; vendors seen there only, per vendor person.
SCRAPED = 0.45
SCRAPE_ONLY = 0.15
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
    shipping: tuple[str, ...] = ()  # addresses its orders go to (buyers; none: the person's)

    @property
    def ref(self) -> tuple[str, str]:
        return ALL_MARKETS[self.market], str(self.native_id)


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
    drops: list[PostalAddress] = field(default_factory=list)  # addresses beside ``address``
    accounts: list[Account] = field(default_factory=list)
    link_kinds: set[str] = field(default_factory=set)
    links: list[tuple[Account, Account, tuple[str, ...]]] = field(default_factory=list)


@dataclass
class World:
    persons: list[Person]
    accounts: list[list[Account]]  # per market of MARKETS, in native order
    server_keys: list[Key]
    passphrases: dict[str, str]  # fingerprint -> passphrase of every seized key
    exchange_hot: list[list[str]]  # per exchange, hot wallet addresses
    market_hot: list[list[str]]  # per market, hot wallet addresses
    scrape: list[Account] = field(default_factory=list)  # the scraped market's vendors


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
        self.accounts: list[list[Account]] = [[] for _ in ALL_MARKETS]
        self.persons: list[Person] = []
        self.usernames: list[set[str]] = [set() for _ in ALL_MARKETS]
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
        for _ in range(round(self.scale.vendors * SCRAPE_ONLY)):
            person = self._person("vendor")
            self._trade(person)
            self._account(person, len(MARKETS), self._vendor_name(), "vendor")
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
                # a scrape knows vendors by name
                scraped = account.market == len(MARKETS)
                account.native_id = (
                    account.username if scraped else self.native_id(account.market, seq)
                )
        markets = self.accounts[: len(MARKETS)]
        return World(
            self.persons,
            markets,
            server_keys,
            passphrases,
            exchange_hot,
            market_hot,
            self.accounts[len(MARKETS)],
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
        if rng.random() < 0.15:
            return coined(rng)  # a shop name of its own, without digits
        name = rng.choice(_ADJ) + rng.choice(_NOUN)
        r = rng.random()
        if r < 0.3:
            name += str(rng.randint(1, 99))
        elif r < 0.36:
            name = rng.choice(("❄️", "🍁", "💊")) + name
        elif r < 0.4:
            name = name.upper()
        return name

    def _trade(self, person: Person) -> None:
        """What a vendor sells and how their listings end."""
        rng = self.rng
        family = rng.randrange(len(PRODUCTS))
        products = {family}
        while rng.random() < 0.4 and len(products) < 3:
            products.add(rng.randrange(len(PRODUCTS)))
        person.products = tuple(sorted(products))
        person.signature = rng.choice(SIGNATURES)

    def _vendor(self, index: int) -> None:
        rng = self.rng
        person = self._person("vendor")
        self._trade(person)
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
            # the name and what else the accounts share are chosen apart: a name reused or
            # written another way goes with a shared key as often as without one
            kinds = _kinds(
                rng, NAME_KINDS, EVIDENCE_KINDS["vendor"], (35, 15, 50), (17, 12, 12, 19, 40)
            )
            if "same_username" in kinds:
                username = rng.choice((first.username, first.username.lower(), first.username))
            elif "name_variant" in kinds:
                username = variant(rng, first.username)
            else:
                username = self._vendor_name()
            account = self._account(person, m, username, "vendor")
            _check_name(kinds, first.username, account.username)
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
        if rng.random() < SOCK_PUPPETS["vendor"]:
            self._sock_puppet(person)
        if first is not None and rng.random() < SCRAPED:
            r = rng.random()
            name = first.username
            if r < 0.15:
                name = name.lower() if name != name.lower() else name.upper()
            elif r < 0.3:
                name = variant(rng, name)
            scraped = self._account(person, len(MARKETS), name, "vendor")
            kinds = ["name_variant" if 0.15 <= r < 0.3 else "same_username"]
            _check_name(kinds, first.username, scraped.username)
            person.link_kinds.update(kinds)
            person.links.append((first, scraped, tuple(kinds)))

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
        if rng.random() < 0.2:  # a work address, a drop, a friend's
            person.drops = [
                postal_address(
                    rng, person.country, rng.choice((person.name, person_name(rng, person.country)))
                )
                for _ in range(rng.randint(1, 3))
            ]
        first: Account | None = None
        for m in self._markets((0.85, 0.15)):
            if first is None:
                first = self._account(person, m, username, "buyer")
                first.withdrawal_address = person.exchange_address
                first.weight = 8.0 if person.bulk else 1.0
                self._ship_to(first)
                continue
            kinds = _kinds(rng, NAME_KINDS, EVIDENCE_KINDS["buyer"], (45, 15, 40), (30, 70))
            if "same_username" in kinds:
                name = first.username
            elif "name_variant" in kinds:
                name = variant(rng, first.username)
            else:
                name = rng.choice(_BUYER) + str(index)
            account = self._account(person, m, name, "buyer")
            account.weight = first.weight
            self._ship_to(account)
            _check_name(kinds, first.username, account.username)
            account.withdrawal_address = (
                person.exchange_address if "shared_address" in kinds else self.new_address()
            )
            person.link_kinds.update(kinds)
            person.links.append((first, account, tuple(kinds)))
        if rng.random() < SOCK_PUPPETS["buyer"]:
            self._sock_puppet(person)

    def _ship_to(self, account: Account) -> None:
        """The addresses a buyer account's orders go to: the person's own and some of their
        other addresses, so that two accounts of one person share one address or more."""
        person = account.person
        if person.drops:
            chosen = [d.text for d in person.drops if self.rng.random() < 0.6]
            account.shipping = (person.address.text, *chosen)

    def _sock_puppet(self, person: Person) -> None:
        """A second account on a market the person already uses: mostly the name written
        another way, sometimes one payout address or (vendors) one key."""
        rng = self.rng
        first = rng.choice(person.accounts)
        evidence: tuple[str, ...]
        weights: tuple[int, ...]
        if person.role == "vendor":
            evidence, weights = ("shared_pgp", "shared_address", "co_spend", ""), (15, 15, 15, 55)
        else:
            evidence, weights = ("shared_address", ""), (20, 80)
        kinds = _kinds(rng, ("name_variant", ""), evidence, (60, 40), weights)
        if "name_variant" in kinds:
            name = variant(rng, first.username)
        elif person.role == "vendor":
            name = self._vendor_name()
        else:
            name = rng.choice(_BUYER) + str(rng.randint(1, 99999))
        account = self._account(person, first.market, name, person.role)
        account.weight = first.weight
        if "shared_pgp" in kinds:
            account.key = first.key
            if first.key is None:  # a buyer's: nothing to share
                kinds.remove("shared_pgp")
        elif person.role == "vendor":
            name = account.username.strip("❄️🍁💊") or "vendor"
            handle = self._handle(name.lower())
            account.key = self.keyring.new(f"{name} <{handle}@mail2tor.com>")
            account.contact = f"{handle}@{rng.choice(('xmpp.jp', 'jabber.de', '404.city'))}"
        if "shared_address" in kinds:
            account.withdrawal_address = first.withdrawal_address
        else:
            account.withdrawal_address = self.new_address()
        if person.role == "buyer":
            self._ship_to(account)
        _check_name(kinds, first.username, account.username)
        person.link_kinds.update(kinds)
        person.links.append((first, account, tuple(kinds)))


#: How a second account's name relates to the first's (no kind: a new name).
NAME_KINDS = ("same_username", "name_variant", "")
#: What else a second account shares with the first, per role (no kind: nothing).
EVIDENCE_KINDS = {
    "vendor": ("shared_pgp", "shared_address", "shared_handle", "co_spend", ""),
    "buyer": ("shared_address", ""),
}


def _kinds(
    rng: random.Random,
    names: tuple[str, ...],
    evidence: tuple[str, ...],
    name_weights: tuple[int, ...],
    evidence_weights: tuple[int, ...],
) -> list[str]:
    """The kinds of a link: its name kind and its evidence kind, drawn apart."""
    drawn = (rng.choices(names, name_weights)[0], rng.choices(evidence, evidence_weights)[0])
    return [k for k in drawn if k] or ["behaviour_only"]


def _check_name(kinds: list[str], first: str, second: str) -> None:
    """Keep the name kinds true to the names the accounts got (a name may have been taken and
    changed): the same name up to case, or not; a link left with no kind is behaviour only."""
    same = first.lower() == second.lower()
    if "same_username" in kinds and not same:
        kinds.remove("same_username")
    if "name_variant" in kinds and same:
        kinds.remove("name_variant")
    if same and "same_username" not in kinds:
        kinds.append("same_username")
        if "behaviour_only" in kinds:
            kinds.remove("behaviour_only")
    if not kinds:
        kinds.append("behaviour_only")
