"""The money story on the synthetic chain.

Per day (one block): exchanges sweep their customers' deposit addresses into hot wallets; each
market sweeps the buyers' deposit addresses into its hot wallet (multi-input); escrow payouts and
refunds leave the hot wallet in one batch per market; the admin withdraws the commission monthly;
vendors (and admins) cash out through peel chains to exchange deposit addresses, some through a
CoinJoin first, and a vendor whose two accounts' payout addresses are planted as ``co_spend``
spends both in one transaction when both hold coins (recorded, so the truth keeps the kind only
when it happened); unrelated owners move coins; buyers fund their deposit addresses from their
exchange in one batch per exchange. Outputs made on a day are spent at the earliest the next day.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from seized.synth.bitcoin import Chain, Outpoint
from seized.synth.world import EXCHANGES, Account, Person, World

DUST = 5_000
COINJOIN_DENOMINATIONS = (5_000_000, 10_000_000, 50_000_000, 100_000_000)
COMMISSION_PERCENT = 4
_NOISE_TRIES = 64  # random draws when picking CoinJoin partners from the noise pool


def fee(n_in: int, n_out: int) -> int:
    return 200 + 70 * n_in + 35 * n_out


class Recorder(Protocol):
    def cashout(self, person: Person, entry: dict[str, object]) -> None: ...

    def coinjoin(self, txid: str) -> None: ...

    def co_spent(self, first: str, second: str) -> None: ...


@dataclass
class PeelChain:
    person: Person
    source: str  # the account or wallet it started from, for truth
    utxos: list[Outpoint]
    hops_total: int
    hop: int = 0
    via_coinjoin: bool = False


@dataclass
class Money:
    chain: Chain
    world: World
    rng: random.Random
    recorder: Recorder
    day_time: int = 0
    exchange_utxos: list[list[Outpoint]] = field(default_factory=list)
    exchange_addresses: list[set[str]] = field(default_factory=list)
    customer_deposits: list[list[Outpoint]] = field(default_factory=list)  # per exchange
    market_deposits: list[list[Outpoint]] = field(default_factory=list)  # per market, unswept
    market_hot: list[list[Outpoint]] = field(default_factory=list)
    wallets: dict[str, list[Outpoint]] = field(default_factory=dict)  # withdrawal address -> UTXOs
    owners: dict[str, Person] = field(default_factory=dict)  # withdrawal address -> person
    next_cashout: dict[str, int] = field(default_factory=dict)
    peels: list[PeelChain] = field(default_factory=list)
    noise: list[tuple[Outpoint, int]] = field(default_factory=list)  # (utxo, day made)
    pending_deposits: list[list[tuple[str, int]]] = field(default_factory=list)  # per exchange
    commission: list[int] = field(default_factory=list)
    second_exchange: dict[str, tuple[int, str]] = field(default_factory=dict)
    uses_coinjoin: set[str] = field(default_factory=set)
    fresh: list[tuple[str, Outpoint]] = field(
        default_factory=list
    )  # made today, spendable tomorrow
    fresh_peels: list[PeelChain] = field(default_factory=list)
    deposit_market: dict[str, int] = field(default_factory=dict)  # deposit address -> market
    world_noise: int = 0  # unrelated transactions per day
    partners: dict[str, str] = field(default_factory=dict)  # payout address -> co-spent one

    def __post_init__(self) -> None:
        n_ex = len(EXCHANGES)
        self.exchange_utxos = [[] for _ in range(n_ex)]
        self.exchange_addresses = [set(a) for a in self.world.exchange_hot]
        self.customer_deposits = [[] for _ in range(n_ex)]
        self.pending_deposits = [[] for _ in range(n_ex)]
        n_m = len(self.world.accounts)
        self.market_deposits = [[] for _ in range(n_m)]
        self.market_hot = [[] for _ in range(n_m)]
        self.commission = [0] * n_m
        for person in self.world.persons:
            self.exchange_addresses[person.exchange].add(person.exchange_address)
            if person.role == "vendor":
                if self.rng.random() < 0.3:
                    self.uses_coinjoin.add(person.person_id)
                for a in person.accounts:
                    if a.withdrawal_address:
                        self.owners[a.withdrawal_address] = person
                        self.wallets.setdefault(a.withdrawal_address, [])
                for first, second, kinds in person.links:
                    if (
                        "co_spend" in kinds
                        and first.withdrawal_address
                        and second.withdrawal_address
                    ):
                        self.partners[first.withdrawal_address] = second.withdrawal_address
                        self.partners[second.withdrawal_address] = first.withdrawal_address

    # --- bookkeeping -------------------------------------------------------------------------

    def _later(self, pool: str, utxo: Outpoint) -> None:
        self.fresh.append((pool, utxo))

    def _confirm(self) -> None:
        for pool, utxo in self.fresh:
            kind, _, index = pool.partition(":")
            if kind == "ex":
                self.exchange_utxos[int(index)].append(utxo)
            elif kind == "cust":
                self.customer_deposits[int(index)].append(utxo)
            elif kind == "dep":
                self.market_deposits[int(index)].append(utxo)
            elif kind == "hot":
                self.market_hot[int(index)].append(utxo)
            elif kind == "wallet":
                self.wallets[index].append(utxo)
            elif kind == "noise":
                self.noise.append((utxo, 0))
        self.fresh = []

    def _pay(
        self, inputs: list[Outpoint], outputs: list[tuple[str, int]]
    ) -> tuple[str, list[Outpoint]]:
        return self.chain.pay(
            inputs, outputs, fee=fee(len(inputs), len(outputs)), time=self.day_time
        )

    def _take(self, pool: list[Outpoint], amount: int) -> list[Outpoint] | None:
        """Oldest UTXOs from ``pool`` worth at least ``amount`` (removed), or None."""
        taken: list[Outpoint] = []
        total = 0
        while pool and total < amount:
            utxo = pool.pop(0)
            taken.append(utxo)
            total += utxo.value
        if total < amount:
            pool[:0] = taken
            return None
        return taken

    def exchange_of(self, address: str) -> int | None:
        for i, addresses in enumerate(self.exchange_addresses):
            if address in addresses:
                return i
        return None

    # --- the day -----------------------------------------------------------------------------

    def start(self) -> None:
        """Exchanges' opening balances."""
        for i, hot in enumerate(self.world.exchange_hot):
            for address in hot:
                self.exchange_utxos[i].append(self.chain.mint(address, 500 * 100_000_000))

    def begin_day(self, day: int, time: int) -> None:
        self.day_time = time
        self._confirm()
        self._sweep_customers()
        self._sweep_markets()

    def end_day(self, day: int) -> None:
        self._commission(day)
        self._cashouts(day)
        self._noise(day)
        self._fund_deposits()
        self.chain.mine()

    def deposit(self, buyer: Account, amount: int) -> None:
        """The buyer pays ``amount`` to their deposit address from their exchange today."""
        self.pending_deposits[buyer.person.exchange].append((buyer.deposit_address, amount))

    def payouts(self, market: int, items: list[tuple[str, int]]) -> str | None:
        """Pays (address, amount) items from the market's hot wallet in one transaction."""
        if not items:
            return None
        merged: dict[str, int] = defaultdict(int)
        for address, amount in items:
            merged[address] += amount
        outputs = list(merged.items())
        total = sum(merged.values()) + fee(20, len(outputs) + 1)
        inputs = self._take(self.market_hot[market], total)
        if inputs is None:
            return None
        change = (
            sum(u.value for u in inputs) - sum(merged.values()) - fee(len(inputs), len(outputs) + 1)
        )
        hot = self.world.market_hot[market][0]
        if change > DUST:
            outputs.append((hot, change))
        paid_fee = sum(u.value for u in inputs) - sum(v for _, v in outputs)
        txid, made = self.chain.pay(inputs, outputs, fee=paid_fee, time=self.day_time)
        for utxo in made:
            if utxo.address == hot:
                self._later(f"hot:{market}", utxo)
            elif utxo.address in self.wallets:
                self._later(f"wallet:{utxo.address}", utxo)
            else:
                ex = self.exchange_of(utxo.address)
                if ex is not None:
                    self._later(f"cust:{ex}", utxo)
        return txid

    def add_commission(self, market: int, amount: int) -> None:
        self.commission[market] += amount

    # --- steps -------------------------------------------------------------------------------

    def _sweep(self, utxos: list[Outpoint], to: str, pool: str) -> None:
        for start in range(0, len(utxos), 100):
            chunk = utxos[start : start + 100]
            value = sum(u.value for u in chunk) - fee(len(chunk), 1)
            if value <= DUST:
                continue
            _, made = self._pay(chunk, [(to, value)])
            self._later(pool, made[0])

    def _sweep_customers(self) -> None:
        for i, utxos in enumerate(self.customer_deposits):
            if utxos:
                self._sweep(utxos, self.world.exchange_hot[i][0], f"ex:{i}")
                self.customer_deposits[i] = []

    def _sweep_markets(self) -> None:
        for m, utxos in enumerate(self.market_deposits):
            if utxos:
                self._sweep(utxos, self.world.market_hot[m][0], f"hot:{m}")
                self.market_deposits[m] = []

    def _fund_deposits(self) -> None:
        for i, items in enumerate(self.pending_deposits):
            for start in range(0, len(items), 150):
                chunk = items[start : start + 150]
                need = sum(v for _, v in chunk) + fee(3, len(chunk) + 1) + DUST
                inputs = self._take(self.exchange_utxos[i], need)
                if inputs is None:
                    inputs = [
                        self.chain.mint(self.world.exchange_hot[i][1], need + 100 * 100_000_000)
                    ]
                change = sum(u.value for u in inputs) - sum(v for _, v in chunk)
                change -= fee(len(inputs), len(chunk) + 1)
                hot = self.world.exchange_hot[i][2]
                _, made = self._pay(inputs, [*chunk, (hot, change)])
                for utxo in made:
                    if utxo.address == hot:
                        self._later(f"ex:{i}", utxo)
                    else:
                        market = self.deposit_market[utxo.address]
                        self._later(f"dep:{market}", utxo)
            self.pending_deposits[i] = []

    def _commission(self, day: int) -> None:
        if day % 30 != 29:
            return
        for m, amount in enumerate(self.commission):
            if amount < 10 * DUST:
                continue
            admin = self.world.accounts[m][0]
            if admin.withdrawal_address is None:
                admin.withdrawal_address = self.chain.new_address()
                self.owners[admin.withdrawal_address] = admin.person
                self.wallets[admin.withdrawal_address] = []
            txid = self.payouts(m, [(admin.withdrawal_address, amount)])
            if txid is not None:
                self.commission[m] = 0
                self.next_cashout.setdefault(admin.withdrawal_address, day + 2)

    def _cashouts(self, day: int) -> None:
        peels, self.peels = self.peels, []
        for peel in peels:
            self._hop(peel)
        for address, utxos in self.wallets.items():
            if not utxos:
                continue
            due = self.next_cashout.get(address)
            if due is None:
                self.next_cashout[address] = day + self.rng.randint(7, 30)
                continue
            if due > day:
                continue
            person = self.owners[address]
            self.wallets[address] = []
            self.next_cashout[address] = day + self.rng.randint(10, 40)
            partner = self.partners.get(address)
            if partner is not None and self.wallets[partner]:  # both spent in one transaction
                utxos = utxos + self.wallets[partner]
                self.wallets[partner] = []
                if self._hop(PeelChain(person, address, utxos, self.rng.randint(2, 6))):
                    self.recorder.co_spent(address, partner)
                continue
            peel = PeelChain(person, address, utxos, self.rng.randint(2, 6))
            if person.person_id in self.uses_coinjoin and self._coinjoin(peel):
                continue
            self._hop(peel)

    def _exchange_address(self, person: Person) -> tuple[int, str]:
        if self.rng.random() < 0.7 or person.role != "vendor":
            return person.exchange, person.exchange_address
        second = self.second_exchange.get(person.person_id)
        if second is None:
            ex = (person.exchange + 1 + self.rng.randrange(len(EXCHANGES) - 1)) % len(EXCHANGES)
            second = (ex, self.chain.new_address())
            self.exchange_addresses[ex].add(second[1])
            self.second_exchange[person.person_id] = second
        return second

    def _hop(self, peel: PeelChain) -> bool:
        """One hop of a peel chain; False when there was too little to pay anything."""
        value = sum(u.value for u in peel.utxos)
        peel.hop += 1
        ex, address = self._exchange_address(peel.person)
        last = peel.hop >= peel.hops_total or value < 40 * DUST
        if last:
            outputs = [(address, value - fee(len(peel.utxos), 1))]
        else:
            part = value * self.rng.randint(5, 25) // 100
            rest = value - part - fee(len(peel.utxos), 2)
            outputs = [(address, part), (self.chain.new_address(once=True), rest)]
        if outputs[0][1] <= DUST:
            return False
        txid, made = self._pay(peel.utxos, outputs)
        self._later(f"cust:{ex}", made[0])
        self.recorder.cashout(
            peel.person,
            {
                "exchange": EXCHANGES[ex],
                "address": address,
                "amount_sats": made[0].value,
                "hops": peel.hop,
                "txid": txid,
                "vout": made[0].vout,
                "from_address": peel.source,
                "via_coinjoin": peel.via_coinjoin,
            },
        )
        if not last:
            peel.utxos = [made[1]]
            self.peels.append(peel)
        return True

    def _coinjoin(self, peel: PeelChain) -> bool:
        value = sum(u.value for u in peel.utxos)
        denominations = [d for d in COINJOIN_DENOMINATIONS if d + 10 * DUST < value]
        if not denominations:
            return False
        denomination = denominations[-1]
        chosen = self._take_noise(denomination + 10 * DUST, self.rng.randint(3, 7))
        if chosen is None:
            return False
        mine_out = self.chain.new_address(once=True)
        mine_change = self.chain.new_address(once=True)
        participants: list[tuple[list[Outpoint], str, str]] = [
            (list(peel.utxos), mine_out, mine_change)
        ]
        for utxo, _ in chosen:
            participants.append(
                ([utxo], self.chain.new_address(once=True), self.chain.new_address(once=True))
            )
        self.rng.shuffle(participants)
        txid, made = self.chain.coinjoin(participants, denomination, fee_per_participant=fee(1, 2))
        self.recorder.coinjoin(txid)
        peel.utxos = [u for u in made if u.address in (mine_out, mine_change)]
        peel.via_coinjoin = True
        for u in made:
            if u.address not in (mine_out, mine_change):
                self._later("noise", u)
        self.fresh_peels.append(peel)
        return True

    def _take_noise(self, above: int, count: int) -> list[tuple[Outpoint, int]] | None:
        """Up to ``count`` random noise UTXOs worth more than ``above`` (removed), at least 3.

        Draws random positions (a bounded number of tries) rather than scanning the whole pool,
        and removes by swapping with the last element: both stay O(1) as the pool grows.
        """
        noise = self.noise
        if len(noise) < 3:
            return None
        picked: list[int] = []
        for _ in range(_NOISE_TRIES):
            index = self.rng.randrange(len(noise))
            if index not in picked and noise[index][0].value > above:
                picked.append(index)
                if len(picked) == count:
                    break
        if len(picked) < 3:
            return None
        chosen = [noise[i] for i in picked]
        for index in sorted(picked, reverse=True):
            last = noise.pop()
            if index < len(noise):
                noise[index] = last
        return chosen

    def _pop_noise(self, index: int) -> tuple[Outpoint, int]:
        """Removes and returns the noise UTXO at ``index`` (the last one takes its place)."""
        noise = self.noise
        last = noise.pop()
        if index == len(noise):
            return last
        found, noise[index] = noise[index], last
        return found

    def _noise(self, day: int) -> None:
        self.peels.extend(self.fresh_peels)
        self.fresh_peels = []
        n = self.world_noise
        for _ in range(n):
            ex = self.rng.randrange(len(EXCHANGES))
            if self.rng.random() < 0.5 and len(self.noise) > 20:
                utxo, _ = self._pop_noise(self.rng.randrange(len(self.noise)))
                target = self.rng.randrange(len(EXCHANGES))
                address = self.chain.new_address(once=True)  # an exchange customer's deposit
                _, made = self._pay([utxo], [(address, utxo.value - fee(1, 1))])
                self._later(f"cust:{target}", made[0])
                continue
            amount = self.rng.randint(1, 100) * 1_000_000
            inputs = self._take(self.exchange_utxos[ex], amount + fee(2, 2) + DUST)
            if inputs is None:  # the hot wallet is short: the exchange tops it up
                inputs = [
                    self.chain.mint(self.world.exchange_hot[ex][1], amount + 100 * 100_000_000)
                ]
            change = sum(u.value for u in inputs) - amount - fee(len(inputs), 2)
            hot = self.world.exchange_hot[ex][2]
            outputs = [(self.chain.new_address(once=True), amount), (hot, change)]
            _, made = self._pay(inputs, outputs)
            self._later("noise", made[0])
            self._later(f"ex:{ex}", made[1])
