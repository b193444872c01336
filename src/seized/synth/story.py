"""The market history, day by day: listings, orders, feedback, messages, logins and payouts.

Everything is drawn from one seeded random generator in a fixed order and streamed to the dump
writers as it happens; only accounts, listings and the orders still waiting for their payout are
held in memory.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from seized.synth.keys import Key, KeyRing
from seized.synth.money import COMMISSION_PERCENT, Money
from seized.synth.owl import SATS_PER_CENT
from seized.synth.places import COUNTRIES, ip_address
from seized.synth.records import Feedback, Listing, Login, Message, Order, Payout, WalletAddress
from seized.synth.scale import Scale
from seized.synth.sink import DumpWriter
from seized.synth.software import Software
from seized.synth.texts import (
    HOSTILE,
    MESSAGES,
    PRODUCTS,
    QUANTITIES,
    REVIEWS_BAD,
    REVIEWS_GOOD,
    listing_title,
    long_text,
)
from seized.synth.truth import Truth
from seized.synth.world import MARKET_SHARE, MARKETS, Account, Person, World

#: The share of a buyer's orders that go to one of their regular vendors (when that vendor has a
#: listing on the market).
REPEAT_SHARE = 0.6
#: How many regular vendors a buyer keeps.
MAX_REGULARS = 3

USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; rv:68.0) Gecko/20100101 Firefox/68.0",
    "Mozilla/5.0 (Windows NT 10.0; rv:78.0) Gecko/20100101 Firefox/78.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:91.0) Gecko/20100101 Firefox/91.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 13_3 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
)
SHIPS_TO = (
    "Worldwide",
    "EU",
    "Europe only",
    "Worldwide except USA",
    "Germany, Austria",
    "USA only",
)
STATUS_WEIGHTS = {
    "cancelled": 5,
    "pending": 3,
    "refunded": 4,
    "disputed": 3,
    "finalized": 85,
}

# Cumulative weights made once: random.choices gives the same draws as with the weights.
_MARKET_IDS = tuple(range(len(MARKETS)))
_MARKET_CUM = tuple(itertools.accumulate(MARKET_SHARE))
_STATUSES = tuple(STATUS_WEIGHTS)
_STATUS_CUM = tuple(itertools.accumulate(STATUS_WEIGHTS.values()))


@dataclass
class Picker:
    """Weighted choice among items that exist from a time on (items sorted by that time)."""

    items: list[object] = field(default_factory=list)
    times: list[int] = field(default_factory=list)
    cum: list[float] = field(default_factory=list)

    def add(self, item: object, time: int, weight: float) -> None:
        self.items.append(item)
        self.times.append(time)
        self.cum.append((self.cum[-1] if self.cum else 0.0) + weight)

    def pick(self, rng: random.Random, until: int) -> object | None:
        n = bisect.bisect_right(self.times, until)
        if n == 0:
            return None
        r = rng.random() * self.cum[n - 1]
        return self.items[min(bisect.bisect_right(self.cum, r, 0, n), n - 1)]


class Story:
    def __init__(
        self,
        rng: random.Random,
        scale: Scale,
        world: World,
        softwares: list[Software],
        writers: list[DumpWriter],
        money: Money,
        truth: Truth,
        start: int,
        progress: Callable[[str, int, int], None],
    ) -> None:
        self.rng = rng
        self.scale = scale
        self.world = world
        self.softwares = softwares
        self.writers = writers
        self.money = money
        self.truth = truth
        self.start = start
        self.progress = progress
        self.listings: list[Picker] = [Picker() for _ in MARKETS]
        self.buyers: list[Picker] = [Picker() for _ in MARKETS]
        self.everyone: list[Picker] = [Picker() for _ in MARKETS]
        self.vendors_by_market: list[list[Account]] = [[] for _ in MARKETS]  # by creation time
        self.vendor_times: list[list[int]] = [[] for _ in MARKETS]
        self.vendor_index: list[dict[int, int]] = [{} for _ in MARKETS]  # id(account) -> index
        self.counters: dict[tuple[int, str], itertools.count[int]] = defaultdict(itertools.count)
        self.due: dict[int, list[Order]] = defaultdict(list)
        # repeat custom: each buyer's regular vendors (persons, across markets) and every vendor
        # person's listings per market in creation order
        self.regulars: dict[int, list[Person]] = {}
        self.offers: dict[tuple[int, int], list[Listing]] = defaultdict(list)
        self.offer_times: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.long_left = scale.long_texts
        self.growth_total = sum((d + 1) ** 0.5 for d in range(scale.days))

    # --- output ------------------------------------------------------------------------------

    def _emit(self, market: int, rows: object) -> None:
        writer = self.writers[market]
        for table_name, row in rows:  # type: ignore[attr-defined]
            writer.write(table_name, row)
            self.truth.raw_row(market, table_name)

    def _next(self, market: int, kind: str) -> int | str:
        seq = next(self.counters[(market, kind)])
        return self.softwares[market].native_id(kind, seq)

    # --- phases ------------------------------------------------------------------------------

    def run(self) -> None:
        self._accounts()
        self._listings()
        days = self.scale.days
        for day in range(days):
            self.progress("days", day, days)
            self._day(day)
        self.progress("days", days, days)

    def _accounts(self) -> None:
        for m, accounts in enumerate(self.world.accounts):
            software = self.softwares[m]
            extra = getattr(software, "categories", None)
            if extra is not None:
                self._emit(m, extra())
            hot_wallets = [
                WalletAddress(0, None, a, "hot", self.start) for a in self.world.market_hot[m]
            ]
            for w in hot_wallets:
                w.native_id = int(self._next(m, "wallet"))
                self._emit(m, software.wallet(w))
                self.truth.market_wallet(m, w.address, "hot")
            for a in accounts:
                self._emit(m, software.account(a))
                self.truth.account(a)
                self.money.deposit_market[a.deposit_address] = m
                dep = WalletAddress(
                    int(self._next(m, "wallet")), a, a.deposit_address, "deposit", a.created
                )
                self._emit(m, software.wallet(dep))
                self.truth.market_wallet(m, a.deposit_address, "deposit")
                if a.withdrawal_address:
                    w = WalletAddress(
                        int(self._next(m, "wallet")),
                        a,
                        a.withdrawal_address,
                        "withdrawal",
                        a.created,
                    )
                    self._emit(m, software.wallet(w))
                    self.truth.count(m, "wallet_addresses")
                self.everyone[m].add(a, a.created, 1.0)
                if a.role == "buyer":
                    self.buyers[m].add(a, a.created, a.weight)
                elif a.role == "vendor":
                    self.vendor_index[m][id(a)] = len(self.vendors_by_market[m])
                    self.vendors_by_market[m].append(a)
                    self.vendor_times[m].append(a.created)
                self._planted_profile(a)

    def _planted_profile(self, a: Account) -> None:
        if a.role != "vendor":
            return
        self.truth.planted("jabber", a.contact or "", a, "profile")
        if a.key is not None:
            self.truth.planted("pgp_fingerprint", a.key.fingerprint, a, "profile")

    def _listings(self) -> None:
        rng = self.rng
        made: list[tuple[int, Listing, float]] = []
        for m, vendors in enumerate(self.vendors_by_market):
            for a in vendors:
                popularity = rng.paretovariate(1.2)
                person = a.person
                count = max(1, int(rng.expovariate(1 / self.scale.listings_per_vendor)) + 1)
                for _ in range(count):
                    p = rng.choice(person.products)
                    category, product, unit, base = PRODUCTS[p]
                    qty = rng.choice(QUANTITIES[:9] if unit == "g" else QUANTITIES[3:])
                    discount = 1.0 if qty < 10 else 0.8 if qty < 100 else 0.6
                    price = int(base * qty * discount * rng.uniform(0.8, 1.3))
                    price = max(SATS_PER_CENT, price // SATS_PER_CENT * SATS_PER_CENT)
                    created = a.created + rng.randint(0, 20 * 86400)
                    description = f"{product}, {qty}{unit}. {person.signature}"
                    if rng.random() < 0.05:
                        description += "\n" + rng.choice(HOSTILE)
                    if self.long_left > 0 and rng.random() < 0.1:
                        self.long_left -= 1
                        description += "\n" + long_text(rng, rng.choice((70_000, 200_000)))
                    ships_from = (
                        person.country if rng.random() < 0.9 else rng.choice(tuple(COUNTRIES))
                    )
                    listing = Listing(
                        native_id=0,
                        vendor=a,
                        title=listing_title(rng, product, unit, qty, rng.random() < 0.2),
                        description=description,
                        category=category,
                        product=p,
                        unit_qty=qty,
                        price_sats=price,
                        ships_from=ships_from,
                        ships_to=rng.choice(SHIPS_TO),
                        stock=rng.choice((None, 0, 10, 100, 999)) or 0,
                        created=created,
                    )
                    made.append((m, listing, popularity))
        made.sort(key=lambda item: (item[0], item[1].created))
        for m, listing, popularity in made:
            listing.native_id = self._next(m, "listing")
            self._emit(m, self.softwares[m].listing(listing))
            self.listings[m].add(listing, listing.created, popularity)
            self.offers[m, id(listing.vendor.person)].append(listing)
            self.offer_times[m, id(listing.vendor.person)].append(listing.created)
            self.truth.count(m, "listings")

    def _day(self, day: int) -> None:
        rng = self.rng
        t0 = self.start + day * 86400
        self.money.begin_day(day, t0)
        self._payouts(day, t0)
        orders_today = round(self.scale.orders * (day + 1) ** 0.5 / self.growth_total)
        for _ in range(orders_today):
            m = rng.choices(_MARKET_IDS, cum_weights=_MARKET_CUM)[0]
            self._order(m, t0 + rng.randrange(86400), day)
        for _ in range(self.scale.messages // self.scale.days):
            m = rng.choices(_MARKET_IDS, cum_weights=_MARKET_CUM)[0]
            self._message(m, t0 + rng.randrange(86400))
        total_accounts = sum(len(a) for a in self.world.accounts)
        seen: set[tuple[int, int]] = set()  # (account, second): logins never coincide by chance
        for _ in range(total_accounts * self.scale.logins_per_account // self.scale.days):
            m = rng.choices(_MARKET_IDS, cum_weights=_MARKET_CUM)[0]
            self._login(m, t0 + rng.randrange(86400), seen)
        self.money.end_day(day)

    # --- events ------------------------------------------------------------------------------

    def _order(self, m: int, t: int, day: int) -> None:
        rng = self.rng
        listing = self.listings[m].pick(rng, t)
        buyer = self.buyers[m].pick(rng, t)
        if not isinstance(listing, Listing) or not isinstance(buyer, Account):
            return
        listing = self._regular(m, buyer.person, t) or listing
        vendor = listing.vendor
        t = self._online(buyer.person, t, max(buyer.created, listing.created))
        quantity = rng.randint(5, 20) if buyer.person.bulk else rng.choice((1, 1, 1, 2, 3))
        amount = listing.price_sats * quantity
        status = rng.choices(_STATUSES, cum_weights=_STATUS_CUM)[0]
        settle_day = day + rng.randint(2, 12)
        if status in ("finalized", "refunded") and settle_day >= self.scale.days:
            status = rng.choice(("paid", "shipped"))
        shipping = self._shipping(m, buyer, vendor)
        updated = (
            t + (settle_day - day) * 86400 if status in ("finalized", "refunded") else t + 3600
        )
        order = Order(
            self._next(m, "order"), listing, buyer, quantity, amount, status, shipping, t, updated
        )
        self._remember(buyer.person, vendor.person)
        self._emit(m, self.softwares[m].order(order))
        self.truth.order(m, order)
        if status not in ("pending", "cancelled"):
            self.money.deposit(buyer, amount)
        if status in ("finalized", "refunded"):
            self.due[settle_day].append(order)
        if (status == "finalized" and rng.random() < 0.75) or (
            status == "disputed" and rng.random() < 0.5
        ):
            good = status == "finalized" and rng.random() < 0.9
            rating = rng.choice((4, 5, 5, 5)) if good else rng.choice((1, 2, 3))
            comment = rng.choice(REVIEWS_GOOD if good else REVIEWS_BAD)
            if rng.random() < 0.03:
                comment += " " + rng.choice(HOSTILE)
            feedback = Feedback(self._next(m, "feedback"), order, rating, comment, updated + 3600)
            self._emit(m, self.softwares[m].feedback(feedback))
            self.truth.count(m, "feedback")

    def _shipping(self, m: int, buyer: Account, vendor: Account) -> str:
        address = self.rng.choice(buyer.shipping) if buyer.shipping else buyer.person.address.text
        recipients: list[Key] = [vendor.key] if vendor.key else []
        if m == 1:
            recipients.append(self.world.server_keys[1])
        if self.rng.random() < 0.06 or not recipients:
            self.truth.planted("postal_address", address, buyer, "shipping")
            self.truth.blob(m, "orders", "shipping", None)
            return address
        self.truth.blob(m, "orders", "shipping", recipients)
        return KeyRing.encrypt(address, recipients)

    def _message(self, m: int, t: int) -> None:
        rng = self.rng
        sender = self.everyone[m].pick(rng, t)
        if not isinstance(sender, Account):
            return
        recipient = self._vendor_at(m, t, sender)
        if recipient is None:
            return
        if sender.role == "vendor" and rng.random() < 0.5:
            buyer = self.buyers[m].pick(rng, t)
            if isinstance(buyer, Account):
                recipient = buyer
        template = rng.choice(MESSAGES)
        body = template.format(
            q=rng.choice(QUANTITIES), u="g", country=COUNTRIES[sender.person.country].names[0]
        )
        encrypted = recipient.key is not None and rng.random() < 0.25
        r = rng.random()
        if sender.role == "vendor" and r < 0.15:
            kind, value = rng.choice(
                (
                    ("jabber", sender.contact or sender.person.jabber),
                    ("telegram", sender.person.telegram),
                    ("email", sender.person.email),
                    ("phone", sender.person.phone[1]),
                    ("bitcoin_address", sender.withdrawal_address or sender.deposit_address),
                )
            )
            # a bare @name says nothing about the platform; vendors name it
            shown = f"telegram {value}" if kind == "telegram" else value
            body += f"\nContact me off-site: {shown}"
            # inside an encrypted message only a decryption reveals it
            self.truth.planted(kind, value, sender, "message_pgp" if encrypted else "message")
        elif r < 0.2:
            body += " " + rng.choice(HOSTILE)
        elif r < 0.25:
            body += " 🔥💯 ñ ü ß 日本"
        person = sender.person
        if person.quirk and rng.random() < 0.6:
            body = f"{body}\n{person.quirk}"
        if person.greeting and rng.random() < 0.9:
            body = f"{person.greeting}\n{body}"
        if person.signoff and rng.random() < 0.9:
            body = f"{body}\n{person.signoff}"
        t = self._online(person, t, max(sender.created, recipient.created))
        if encrypted and recipient.key is not None:
            body = KeyRing.encrypt(body, [recipient.key])
            self.truth.blob(m, "messages", "body", [recipient.key])
        subject = rng.choice(("Order", "question", "Re: order", None, "URGENT!!!", "hi"))
        msg = Message(
            self._next(m, "message"), sender, recipient, subject or "", body, encrypted, t
        )
        self._emit(m, self.softwares[m].message(msg))
        self.truth.count(m, "messages")

    def _vendor_at(self, m: int, t: int, sender: Account) -> Account | None:
        """A vendor of market ``m`` created by ``t``, uniformly, other than ``sender``.

        Vendors are held in creation order, so those existing at ``t`` are a prefix: one bisect
        instead of a scan of every vendor per message.
        """
        vendors = self.vendors_by_market[m]
        n = bisect.bisect_right(self.vendor_times[m], t)
        skip = self.vendor_index[m].get(id(sender), n)
        if skip >= n:
            return vendors[self.rng.randrange(n)] if n else None
        if n == 1:
            return None
        index = self.rng.randrange(n - 1)
        return vendors[index + 1 if index >= skip else index]

    def _regular(self, m: int, buyer: Person, t: int) -> Listing | None:
        """Most orders go back to a vendor the buyer bought from before, on whichever market
        that vendor sells (repeat custom); else the buyer tries the listing the market showed,
        and its vendor may become a regular. Returns the listing to buy, or None for the shown
        one."""
        rng = self.rng
        regulars = self.regulars.setdefault(id(buyer), [])
        if regulars and rng.random() < REPEAT_SHARE:
            vendor = rng.choice(regulars)
            key = (m, id(vendor))
            n = bisect.bisect_right(self.offer_times.get(key, ()), t)
            if n:
                return self.offers[key][rng.randrange(n)]
        return None

    def _remember(self, buyer: Person, vendor: Person) -> None:
        regulars = self.regulars.setdefault(id(buyer), [])
        if vendor not in regulars and len(regulars) < MAX_REGULARS:
            regulars.append(vendor)

    def _online(self, person: Person, t: int, earliest: int) -> int:
        """The time of a person's action on the day of ``t``: mostly inside their online hours
        (people keep a daily rhythm, across markets too), sometimes any time; never before
        ``earliest`` (when what they act on came to be)."""
        rng = self.rng
        if rng.random() >= 0.85:
            return t
        first, last = person.hours
        hour = (first + rng.randrange(last - first)) % 24
        when = t - (t - self.start) % 86400 + hour * 3600 + rng.randrange(3600)
        return when if when >= earliest else t

    def _login(self, m: int, t: int, seen: set[tuple[int, int]]) -> None:
        rng = self.rng
        account = self.everyone[m].pick(rng, t)
        if not isinstance(account, Account):
            return
        t = self._online(account.person, t, account.created)
        if (id(account), t) in seen:
            return
        seen.add((id(account), t))
        tor = rng.random() < 0.8
        ip = "127.0.0.1" if tor else ip_address(rng, account.person.country)
        login = Login(account, ip, rng.choice(USER_AGENTS), t)
        rows = list(self.softwares[m].login(login))
        self._emit(m, rows)
        self.truth.login(m, account, ip, t)
        if m != 1 and rng.random() < 0.02:  # the exact same row again: a duplicate in the dump
            self._emit(m, rows)

    def _payouts(self, day: int, t0: int) -> None:
        orders = self.due.pop(day, [])
        per_market: dict[int, list[Order]] = defaultdict(list)
        for order in orders:
            per_market[order.listing.vendor.market].append(order)
        for m, items in sorted(per_market.items()):
            plan: list[tuple[Order, str, int, str, Account]] = []
            for order in items:
                if order.status == "finalized":
                    vendor = order.listing.vendor
                    net = order.amount_sats * (100 - COMMISSION_PERCENT) // 100
                    plan.append((order, vendor.withdrawal_address or "", net, "payout", vendor))
                else:
                    buyer = order.buyer
                    plan.append(
                        (order, buyer.withdrawal_address or "", order.amount_sats, "refund", buyer)
                    )
            txid = self.money.payouts(m, [(address, amount) for _, address, amount, _, _ in plan])
            if txid is None:  # not enough in the hot wallet yet: pay tomorrow
                self.due[day + 1].extend(items)
                continue
            for order, address, amount, kind, account in plan:
                if kind == "payout":
                    self.money.add_commission(m, order.amount_sats - amount)
                payout = Payout(
                    int(self._next(m, "payout")),
                    account,
                    order,
                    address,
                    amount,
                    txid,
                    kind,
                    t0 + 3600,
                )
                self._emit(m, self.softwares[m].payout(payout))
                self.truth.payout(m, payout)
