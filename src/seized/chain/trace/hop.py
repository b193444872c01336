"""The hop step: from the traced coins at one side of their transactions to the other side.

Forward, a coin's transaction is the one spending it: the traced part moves from its inputs to
its outputs. Backward, it is the one that made the coin: the traced part moves from its outputs to
the coins its inputs spent. One step does both, the direction choosing which side is ahead. What
differs is said where it differs: how a peel step is recognised; backward, haircut shares the
traced amount among the inputs by value (no fee's share), poison marks every input wholly traced,
an input reached twice counts twice and no fee is counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

import duckdb
import pyarrow as pa

from seized.chain.taint import Model, Ranges, fifo, haircut, poison, proportional, total
from seized.chain.trace.records import PEEL_RATIO, Ahead, Behind, Coin, Direction, TraceResult

_FLOW_COLUMNS = "person_id, from_address, to_address, txid, vout, amount_sats, hop"


class _Side(NamedTuple):
    """How to read the coins at one side of a transaction from a table of the chain."""

    table: str
    outpoint: str
    value: str
    order: str
    where: str = "TRUE"


_OUTPUTS = _Side("btc_outputs", "e.txid, e.vout", "e.value_sats", "e.vout")
# a coinbase input spends no coin: a coinbase has none behind it
_INPUTS = _Side(
    "btc_inputs",
    "e.prev_txid, e.prev_vout",
    "coalesce(e.value_sats, 0)",
    "e.idx",
    "e.prev_txid IS NOT NULL",
)


def _ahead_sql(side: _Side) -> str:
    """The coins the trace moves to, with the service and stop address each one reaches."""
    return (
        f"SELECT e.txid, {side.outpoint}, {side.value}, e.address, s.label, s.category, "
        "  st.address IS NOT NULL "
        f"FROM {side.table} e SEMI JOIN _trace_txs t ON e.txid = t.txid "
        "LEFT JOIN _trace_service s ON s.address = e.address "
        "LEFT JOIN _trace_stop st ON st.address = e.address "
        f"WHERE {side.where} ORDER BY e.txid, {side.order}"
    )


def _behind_sql(side: _Side) -> str:
    """The coins the trace comes from: outpoints and values."""
    return (
        f"SELECT e.txid, {side.outpoint}, {side.value} "
        f"FROM {side.table} e SEMI JOIN _trace_txs t ON e.txid = t.txid "
        f"WHERE {side.where} ORDER BY e.txid, {side.order}"
    )


def peel_larger(values: list[int]) -> int:
    """Index of the larger output when ``values`` are the two outputs of a peel step, else -1."""
    if len(values) != 2:
        return -1
    a, b = values
    if max(a, b) < PEEL_RATIO * min(a, b):
        return -1
    return 0 if a >= b else 1


class Tracer:
    """One trace run: seeds, then hop steps until nothing is left; rows are written per step."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        model: Model,
        direction: Direction,
        max_hops: int,
        stop_at_labels: bool,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.con = con
        self.progress = progress  # (deepest hop counted so far, max_hops) after each step
        self.model = model
        self.direction = direction
        self.forward = direction == "forward"
        self.max_hops = max_hops
        self.stop_at_labels = stop_at_labels
        self.result = TraceResult(model, direction)
        self.flows: list[tuple[str | None, Coin]] = []  # (from address, coin)
        self.cashouts: list[tuple[Coin, str, str | None]] = []  # (coin, label, category)
        self.poisoned: set[tuple[str, str, int]] = set()
        ahead, behind = (_OUTPUTS, _INPUTS) if self.forward else (_INPUTS, _OUTPUTS)
        self._ahead_sql = _ahead_sql(ahead)
        self._behind_sql = _behind_sql(behind)

    # -- running ----------------------------------------------------------------------------

    def run(self, coins: list[Coin], services: dict[str, tuple[str, str | None]]) -> TraceResult:
        """Trace ``coins`` (seeds); ``services`` are the services of the seeds' addresses."""
        self.result.seeds += len(coins)
        self.result.seed_sats += sum(c.amount for c in coins)
        frontier = []
        for coin in coins:
            service = services.get(coin.address or "")
            if service is not None:
                self._cashout(coin, *service)
                if self.stop_at_labels:
                    continue
            frontier.append(coin)
        self.write()
        while frontier:
            frontier = self.step(frontier)
            self.write()
            if self.progress is not None:
                deepest = max((c.budget for c in frontier), default=self.max_hops)
                self.progress(min(deepest, self.max_hops), self.max_hops)
        return self.result

    def step(self, frontier: list[Coin]) -> list[Coin]:
        """One hop from every coin of ``frontier``; returns the coins reached."""
        groups = self._groups(frontier)
        if not groups:
            return []
        ahead, behind, coinjoins = self._fetch(sorted({tx for _person, tx in groups}))
        nxt: list[Coin] = []
        for (person, tx), coins in groups.items():
            nxt.extend(self.move(person, tx, coins, ahead[tx], behind[tx], tx in coinjoins))
        return nxt

    def move(
        self,
        person: str,
        tx: str,
        coins: list[Coin],
        ends: list[Ahead],
        sources: list[Behind],
        coinjoin: bool,
    ) -> list[Coin]:
        """One person's traced ``coins`` (in frontier order) through the transaction ``tx``:
        its coins ahead (``ends``) and behind (``sources``); the flows, cash-outs and counts go
        to the run, the coins reached are returned. Reads and writes no table (the Spark engine
        runs it on its executors)."""
        nxt: list[Coin] = []
        values, source_values = [e[3] for e in ends], [s[3] for s in sources]
        traced = sum(c.amount for c in coins)
        if not ends and not self.forward:
            self.result.unspent_sats += traced  # a coinbase: newly mined coins
            return nxt
        # A transaction spending the larger output of a peel step costs no hop. Forward, a
        # coin knows whether it is one (``peel``, set when it was reached); backward, the
        # coins are this transaction's outputs and all of them must be its larger one.
        if self.forward:
            larger = peel_larger(values)
            free = any(c.peel for c in coins)
            at_service = larger >= 0 or free
        else:
            larger = peel_larger(source_values)
            free = larger >= 0 and all(c.vout == sources[larger][2] for c in coins)
            at_service = free
        budget = max(c.budget for c in coins) + (0 if free else 1)
        if budget > self.max_hops:
            self.result.limit_sats += traced
            return nxt
        hop = max(c.hop for c in coins) + 1
        via = coinjoin or any(c.via_coinjoin for c in coins)
        shares, ranges, fee = self._split(coins, traced, sources, source_values, values)
        self.result.fee_sats += fee
        source = max(coins, key=lambda c: c.amount) if self.forward else coins[0]
        for k, (_tx, txid, vout, value, address, label, category, stop) in enumerate(ends):
            if shares[k] <= 0:
                continue
            if self.model == "poison" and self.forward:
                key = (person, tx, k)
                if key in self.poisoned:
                    continue  # reached again through another input: counted once
                self.poisoned.add(key)
            coin = Coin(
                person=person,
                txid=txid,
                vout=vout,
                value=value,
                address=address,
                amount=shares[k],
                ranges=ranges[k],
                hop=hop,
                budget=budget,
                peel=(k == larger) if self.forward else free,
                via_coinjoin=via,
            )
            self.flows.append((source.address, coin))
            if label is not None:
                # the cash-out ends a peel chain when this hop is a peel step or was free
                # (the coin carries the mark on when the trace goes past services)
                coin.peel = at_service
                self._cashout(coin, label, category)
                if self.stop_at_labels:
                    continue
            if stop:
                self.result.stopped_sats += coin.amount
                continue
            nxt.append(coin)
        return nxt

    def _groups(self, frontier: list[Coin]) -> dict[tuple[str, str], list[Coin]]:
        """The coins by person and the transaction they move through, in frontier order.

        Forward, that is the transaction spending the coin; a coin nobody spent is counted as
        unspent and left out."""
        groups: dict[tuple[str, str], list[Coin]] = defaultdict(list)
        if not self.forward:
            for coin in frontier:
                groups[(coin.person, coin.txid)].append(coin)
            return groups
        con = self.con
        outpoints = pa.table(
            {
                "txid": pa.array([c.txid for c in frontier], pa.string()),
                "vout": pa.array([c.vout for c in frontier], pa.int64()),
            }
        )
        con.register("_trace_frontier", outpoints)
        spends = con.execute(
            "SELECT DISTINCT f.txid, f.vout, i.txid FROM _trace_frontier f "
            "JOIN btc_inputs i ON i.prev_txid = f.txid AND i.prev_vout = f.vout"
        ).fetchall()
        con.unregister("_trace_frontier")
        spender = {(r[0], r[1]): r[2] for r in spends}
        for coin in frontier:
            tx = spender.get((coin.txid, coin.vout))
            if tx is None:
                self.result.unspent_sats += coin.amount
            else:
                groups[(coin.person, tx)].append(coin)
        return groups

    def _split(
        self,
        coins: list[Coin],
        traced: int,
        sources: list[Behind],
        source_values: list[int],
        values: list[int],
    ) -> tuple[list[int], list[Ranges], int]:
        """Traced amount and (FIFO) ranges of each coin ahead (``values``), and the fee's share.

        Backward, haircut shares among the inputs by value alone and no fee is counted.
        """
        if self.model == "fifo":
            by_outpoint = {(c.txid, c.vout): c.ranges for c in coins}
            traced_in = [by_outpoint.get((t, v), []) for _tx, t, v, _value in sources]
            parts, fee = fifo(source_values, traced_in, values)
            return [total(r) for r in parts], parts, fee if self.forward else 0
        no_ranges: list[Ranges] = [[] for _ in values]
        if self.model == "poison":
            return (poison(traced, values) if self.forward else values), no_ranges, 0
        if self.forward:
            shares, fee = haircut(traced, source_values, values)
            return shares, no_ranges, fee
        return proportional(traced, values), no_ranges, 0

    def _fetch(
        self, txids: list[str]
    ) -> tuple[dict[str, list[Ahead]], dict[str, list[Behind]], set[str]]:
        """The coins ahead and behind of each transaction, and which ones are CoinJoins."""
        con = self.con
        con.register("_trace_txs", pa.table({"txid": pa.array(txids, pa.string())}))
        ahead: dict[str, list[Ahead]] = defaultdict(list)
        for row in con.execute(self._ahead_sql).fetchall():
            ahead[row[0]].append(row)
        behind: dict[str, list[Behind]] = defaultdict(list)
        for row in con.execute(self._behind_sql).fetchall():
            behind[row[0]].append(row)
        coinjoins = {
            r[0]
            for r in con.execute(
                "SELECT txid FROM coinjoins SEMI JOIN _trace_txs USING (txid)"
            ).fetchall()
        }
        con.unregister("_trace_txs")
        return ahead, behind, coinjoins

    # -- rows -------------------------------------------------------------------------------

    def _cashout(self, coin: Coin, label: str, category: str | None) -> None:
        self.cashouts.append((coin, label, category))
        self.result.cashouts += 1
        self.result.cashout_sats += coin.amount

    def write(self) -> None:
        """Append the rows gathered since the last write to ``money_flows`` and ``cashouts``."""
        con = self.con
        if self.flows:
            coins = [c for _source, c in self.flows]
            flows = pa.table(
                {
                    "person_id": [c.person for c in coins],
                    "from_address": pa.array([s for s, _c in self.flows], pa.string()),
                    "to_address": pa.array([c.address for c in coins], pa.string()),
                    "txid": [c.txid for c in coins],
                    "vout": [c.vout for c in coins],
                    "amount_sats": [c.amount for c in coins],
                    "hop": [c.hop for c in coins],
                }
            )
            con.register("_trace_flows", flows)
            con.execute(
                f"INSERT INTO money_flows ({_FLOW_COLUMNS}, model, direction) "
                f"SELECT {_FLOW_COLUMNS}, ?, ? FROM _trace_flows",
                [self.model, self.direction],
            )
            con.unregister("_trace_flows")
            self.result.flows += len(self.flows)
            self.flows = []
        if self.cashouts:
            coins = [c for c, _label, _category in self.cashouts]
            cashouts = pa.table(
                {
                    "person_id": [c.person for c in coins],
                    "label": [label for _c, label, _category in self.cashouts],
                    "amount_sats": [c.amount for c in coins],
                    "hops": [c.hop for c in coins],
                    "category": pa.array(
                        [category for _c, _label, category in self.cashouts], pa.string()
                    ),
                    "address": pa.array([c.address for c in coins], pa.string()),
                    "txid": [c.txid for c in coins],
                    "vout": [c.vout for c in coins],
                    "via_coinjoin": [c.via_coinjoin for c in coins],
                    "peel_chain": [c.peel for c in coins],
                }
            )
            con.register("_trace_cash", cashouts)
            names = ", ".join(cashouts.column_names)
            con.execute(
                f"INSERT INTO cashouts ({names}, model, direction) "
                f"SELECT {names}, ?, ? FROM _trace_cash",
                [self.model, self.direction],
            )
            con.unregister("_trace_cash")
            self.cashouts = []
