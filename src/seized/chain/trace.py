"""Tracing: follow traced coins through the transaction graph to services (cash-outs).

A trace starts from coins (outputs) of a person, an account, an address, a cluster or a
transaction and moves hop by hop: forward to the transaction spending each coin, backward to the
coins a transaction spent. At each transaction a taint model (:mod:`seized.chain.taint`) says how
much of each output (or input) is traced. A trace stops at:

* a service address (``stop_at_labels``): an address tagged by a tag pack (not the seized
  database's own tags, where stories start), one in a cluster carrying such a label, or a deposit
  address inferred from a sweep into one (see ``SERVICES_SQL``; never a withdrawal, payout or
  refund address the seized database gives a user: a vendor emptying their wallet into an
  exchange in one payment is cashing out, not an exchange sweeping a deposit). Forward, each
  arrival is a cash-out row (person, label, amount, hops, model); backward, a source of funds;
* the hop limit ``max_hops``: the number of transactions passed, except that a peel chain is
  followed to its end: a transaction spending the larger output of a peel step (two outputs, the
  larger at least twice the smaller) does not count against the limit (``hops`` still counts it);
* an unspent coin, a coinbase (backward), or an address in ``stop_addresses``.

Every traced move is a row of ``money_flows``. Seeds of :func:`trace_all` are the outputs paid to
each account's payout addresses (``payouts`` and withdrawal ``wallet_addresses``), credited to
its person (``persons``; an account without a person row is its own person), each coin once (the
lowest person id when accounts of different persons share an address); and the market's hot and
escrow wallets, as the person ``market:<market_id>``, stopping at accounts' addresses (whose
coins the vendors' traces follow).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import pyarrow as pa

from seized.chain.taint import (
    MODELS,
    Model,
    Ranges,
    fifo,
    haircut,
    poison,
    proportional,
    total,
)
from seized.errors import UserError
from seized.sqlident import literal_list, quote_literal
from seized.vocabulary import PAYOUT_KINDS, SEIZED_TAGPACK

Direction = Literal["forward", "backward"]
StartKind = Literal["person", "account", "address", "cluster", "txid"]
START_KINDS: tuple[StartKind, ...] = ("person", "account", "address", "cluster", "txid")
#: The larger output of a peel step is at least this many times the smaller.
PEEL_RATIO = 2

_SEIZED_TAGPACK = quote_literal(SEIZED_TAGPACK)
_PAID_TO = literal_list(PAYOUT_KINDS)  # kinds of a wallet address its account is paid to

SERVICES_SQL = f"""
CREATE OR REPLACE TEMP TABLE _trace_service AS
WITH direct AS (
    SELECT address, coalesce(actor, label) AS label, category, 3 AS priority, 1 AS weight
    FROM tags
    WHERE address IS NOT NULL AND coalesce(tagpack, '') <> {_SEIZED_TAGPACK}
      AND coalesce(valid, TRUE)
),
clustered AS (
    SELECT ac.address, l.label, l.category, 2 AS priority, l.tags AS weight
    FROM cluster_labels l JOIN address_clusters ac USING (cluster_id)
    WHERE len(list_filter(l.tagpacks, lambda x: x IS NULL OR x <> {_SEIZED_TAGPACK})) > 0
),
known AS (
    SELECT address, arg_max(label, priority * 1e9 + weight) AS label,
           arg_max(category, priority * 1e9 + weight) AS category
    FROM (SELECT * FROM direct UNION ALL SELECT * FROM clustered)
    GROUP BY address
),
sweeps AS (
    SELECT o.txid, min(k.label) AS label, min(k.category) AS category
    FROM btc_outputs o LEFT JOIN known k USING (address)
    GROUP BY o.txid
    HAVING count(*) = count(k.label) AND count(DISTINCT k.label) = 1
),
inferred AS (
    SELECT i.address, any_value(s.label) AS label, any_value(s.category) AS category
    FROM btc_inputs i JOIN sweeps s USING (txid)
    WHERE i.address IS NOT NULL AND i.address NOT IN (SELECT address FROM known)
      AND i.address NOT IN (
          SELECT address FROM wallet_addresses
           WHERE account_id IS NOT NULL AND kind IN {_PAID_TO}
          UNION ALL
          SELECT address FROM payouts WHERE address IS NOT NULL)
      AND (i.txid IN (
              SELECT txid FROM btc_inputs GROUP BY txid HAVING count(DISTINCT address) >= 2)
           OR i.address IN (
              SELECT address FROM btc_outputs WHERE address IS NOT NULL
              GROUP BY address HAVING count(*) >= 2))
    GROUP BY i.address HAVING count(DISTINCT s.label) = 1
)
SELECT address, label, category, 'tag' AS how FROM known
UNION ALL
SELECT address, label, category, 'swept into ' || label FROM inferred
"""


@dataclass
class Coin:
    """The traced part of one output."""

    person: str
    txid: str
    vout: int
    value: int
    address: str | None
    amount: int
    ranges: Ranges = field(default_factory=list)  # FIFO: traced offsets within the output
    hop: int = 0
    budget: int = 0
    peel: bool = False
    via_coinjoin: bool = False


@dataclass
class TraceResult:
    model: Model
    direction: Direction
    seeds: int = 0
    seed_sats: int = 0
    cashouts: int = 0
    cashout_sats: int = 0
    flows: int = 0
    unspent_sats: int = 0  # traced coins not spent (forward) or coinbase (backward)
    fee_sats: int = 0  # traced satoshis paid as fees (haircut and FIFO)
    limit_sats: int = 0  # traced satoshis left at the hop limit
    stopped_sats: int = 0  # traced satoshis at a stop address

    def counts(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items()}


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> list[tuple[Any, ...]]:
    """The rows of a query, with DuckDB's Python types (VARCHAR str, integers int)."""
    return con.execute(sql, params or []).fetchall()


def _register(
    con: duckdb.DuckDBPyConnection,
    name: str,
    columns: dict[str, list[object]],
    types: dict[str, pa.DataType],
) -> None:
    con.register(name, pa.table({k: pa.array(v, types[k]) for k, v in columns.items()}))


_TX = {"txid": pa.string()}
_OUTPOINT = {"txid": pa.string(), "vout": pa.int64()}


def _check(model: str, direction: str, max_hops: int) -> None:
    if model not in MODELS:
        raise UserError(f"unknown taint model {model!r}: choose from {', '.join(MODELS)}")
    if direction not in ("forward", "backward"):
        raise UserError(f"unknown direction {direction!r}: forward or backward")
    if max_hops < 0:
        raise UserError("the hop limit must not be negative")


class _Tracer:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        model: Model,
        direction: Direction,
        max_hops: int,
        stop_at_labels: bool,
    ) -> None:
        self.con = con
        self.model = model
        self.direction = direction
        self.max_hops = max_hops
        self.stop_at_labels = stop_at_labels
        self.result = TraceResult(model, direction)
        self.flows: list[tuple[object, ...]] = []
        self.cashouts: list[tuple[object, ...]] = []
        self.poisoned: set[tuple[str, str, int]] = set()

    # -- bookkeeping ----------------------------------------------------------------------

    def seed(self, coins: list[Coin], services: dict[str, tuple[str, str]]) -> list[Coin]:
        self.result.seeds += len(coins)
        self.result.seed_sats += sum(c.amount for c in coins)
        live = []
        for coin in coins:
            service = services.get(coin.address or "")
            if service is not None:
                self._cashout(coin, service)
                if self.stop_at_labels:
                    continue
            live.append(coin)
        return live

    def _cashout(self, coin: Coin, service: tuple[str, str]) -> None:
        self.cashouts.append(
            (
                coin.person,
                service[0],
                coin.amount,
                coin.hop,
                self.model,
                service[1],
                coin.address,
                coin.txid,
                coin.vout,
                coin.via_coinjoin,
                coin.peel,
                self.direction,
            )
        )
        self.result.cashouts += 1
        self.result.cashout_sats += coin.amount

    def _flow(self, source: str | None, coin: Coin) -> None:
        self.flows.append(
            (coin.person, source, coin.address, coin.txid, coin.vout, coin.amount, coin.hop)
        )

    def write(self) -> None:
        if self.flows:
            names = [
                "person_id", "from_address", "to_address", "txid", "vout", "amount_sats", "hop"
            ]  # fmt: skip
            columns = zip(*self.flows, strict=True)
            self.con.register(
                "_trace_flows",
                pa.table([pa.array(c) for c in columns], names=names),
            )
            self.con.execute(
                f"INSERT INTO money_flows ({', '.join(names)}, model, direction) "
                "SELECT *, ?, ? FROM _trace_flows",
                [self.model, self.direction],
            )
            self.con.unregister("_trace_flows")
            self.result.flows += len(self.flows)
            self.flows = []
        if self.cashouts:
            names = [
                "person_id",
                "label",
                "amount_sats",
                "hops",
                "model",
                "category",
                "address",
                "txid",
                "vout",
                "via_coinjoin",
                "peel_chain",
                "direction",
            ]
            cols = list(zip(*self.cashouts, strict=True))
            self.con.register(
                "_trace_cash", pa.table(dict(zip(names, [list(c) for c in cols], strict=True)))
            )
            self.con.execute(f"INSERT INTO cashouts ({', '.join(names)}) SELECT * FROM _trace_cash")
            self.con.unregister("_trace_cash")
            self.cashouts = []

    # -- forward ---------------------------------------------------------------------------

    def forward(self, frontier: list[Coin]) -> None:
        while frontier:
            frontier = self._forward_hop(frontier)
            self.write()

    def _forward_hop(self, frontier: list[Coin]) -> list[Coin]:
        con = self.con
        _register(
            con,
            "_trace_frontier",
            {"txid": [c.txid for c in frontier], "vout": [c.vout for c in frontier]},
            _OUTPOINT,
        )
        spends = _rows(
            con,
            "SELECT DISTINCT f.txid, f.vout, i.txid FROM _trace_frontier f "
            "JOIN btc_inputs i ON i.prev_txid = f.txid AND i.prev_vout = f.vout",
        )
        con.unregister("_trace_frontier")
        spender = {(r[0], r[1]): r[2] for r in spends}  # txid, vout (int), spending txid
        groups: dict[tuple[str, str], list[Coin]] = defaultdict(list)
        for coin in frontier:
            tx = spender.get((coin.txid, coin.vout))
            if tx is None:
                self.result.unspent_sats += coin.amount
            else:
                groups[(coin.person, tx)].append(coin)
        if not groups:
            return []
        txids = sorted({tx for _, tx in groups})
        inputs, outputs, coinjoins = self._fetch(txids)
        nxt: list[Coin] = []
        for (person, tx), coins in groups.items():
            ins, outs = inputs[tx], outputs[tx]
            free = any(c.peel for c in coins)
            budget = max(c.budget for c in coins) + (0 if free else 1)
            if budget > self.max_hops:
                self.result.limit_sats += sum(c.amount for c in coins)
                continue
            hop = max(c.hop for c in coins) + 1
            via = any(c.via_coinjoin for c in coins) or tx in coinjoins
            in_values = [v for _p, _v, v in ins]
            out_values = [o[1] for o in outs]
            shares, ranges, fee = self._split(coins, ins, in_values, out_values)
            self.result.fee_sats += fee
            peel_step = len(outs) == 2 and max(out_values) >= PEEL_RATIO * min(out_values)
            larger = out_values.index(max(out_values)) if peel_step else -1
            source = max(coins, key=lambda c: c.amount).address
            for k, (vout, value, address, label, category, stop) in enumerate(outs):
                if shares[k] <= 0:
                    continue
                if self.model == "poison":
                    key = (person, tx, k)
                    if key in self.poisoned:
                        continue  # reached again through another input: counted once
                    self.poisoned.add(key)
                coin = Coin(
                    person,
                    tx,
                    vout,
                    value,
                    address,
                    shares[k],
                    ranges[k],
                    hop,
                    budget,
                    k == larger,
                    via,
                )
                self._flow(source, coin)
                if label is not None:
                    coin.peel = peel_step or free
                    self._cashout(coin, (str(label), str(category)))
                    if self.stop_at_labels:
                        continue
                if stop:
                    self.result.stopped_sats += coin.amount
                    continue
                nxt.append(coin)
        return nxt

    def _split(
        self,
        coins: list[Coin],
        ins: list[tuple[str | None, int | None, int]],
        in_values: list[int],
        out_values: list[int],
    ) -> tuple[list[int], list[Ranges], int]:
        if self.model == "poison":
            return poison(sum(c.amount for c in coins), out_values), [[] for _ in out_values], 0
        if self.model == "haircut":
            shares, fee = haircut(sum(c.amount for c in coins), in_values, out_values)
            return shares, [[] for _ in out_values], fee
        by_outpoint: dict[tuple[str | None, int | None], Ranges] = {
            (c.txid, c.vout): c.ranges for c in coins
        }
        traced = [by_outpoint.get((p, v), []) for p, v, _value in ins]
        parts, fee = fifo(in_values, traced, out_values)
        return [total(r) for r in parts], parts, fee

    def _fetch(
        self, txids: list[str]
    ) -> tuple[
        dict[str, list[tuple[str | None, int | None, int]]],
        dict[str, list[tuple[int, int, str | None, str | None, str | None, bool]]],
        set[str],
    ]:
        con = self.con
        _register(con, "_trace_txs", {"txid": list(txids)}, _TX)
        inputs: dict[str, list[tuple[str | None, int | None, int]]] = defaultdict(list)
        for row in _rows(
            con,
            "SELECT i.txid, i.prev_txid, i.prev_vout, coalesce(i.value_sats, 0) FROM btc_inputs i "
            "SEMI JOIN _trace_txs t ON i.txid = t.txid ORDER BY i.txid, i.idx",
        ):
            inputs[str(row[0])].append((row[1], row[2], row[3]))
        outputs: dict[str, list[tuple[int, int, str | None, str | None, str | None, bool]]] = (
            defaultdict(list)
        )
        for row in _rows(
            con,
            "SELECT o.txid, o.vout, o.value_sats, o.address, s.label, s.category, "
            "  st.address IS NOT NULL "
            "FROM btc_outputs o SEMI JOIN _trace_txs t ON o.txid = t.txid "
            "LEFT JOIN _trace_service s ON s.address = o.address "
            "LEFT JOIN _trace_stop st ON st.address = o.address "
            "ORDER BY o.txid, o.vout",
        ):
            outputs[str(row[0])].append((row[1], row[2], row[3], row[4], row[5], bool(row[6])))
        coinjoins = {
            str(r[0])
            for r in _rows(con, "SELECT txid FROM coinjoins SEMI JOIN _trace_txs USING (txid)")
        }
        con.unregister("_trace_txs")
        return inputs, outputs, coinjoins

    # -- backward --------------------------------------------------------------------------

    def backward(self, frontier: list[Coin]) -> None:
        while frontier:
            frontier = self._backward_hop(frontier)
            self.write()

    def _backward_hop(self, frontier: list[Coin]) -> list[Coin]:
        groups: dict[tuple[str, str], list[Coin]] = defaultdict(list)
        for coin in frontier:
            groups[(coin.person, coin.txid)].append(coin)
        txids = sorted({tx for _, tx in groups})
        con = self.con
        _register(con, "_trace_txs", {"txid": list(txids)}, _TX)
        inputs: dict[str, list[tuple[object, ...]]] = defaultdict(list)
        for row in _rows(
            con,
            "SELECT i.txid, i.prev_txid, i.prev_vout, coalesce(i.value_sats, 0), i.address, "
            "  s.label, s.category, st.address IS NOT NULL "
            "FROM btc_inputs i SEMI JOIN _trace_txs t ON i.txid = t.txid "
            "LEFT JOIN _trace_service s ON s.address = i.address "
            "LEFT JOIN _trace_stop st ON st.address = i.address "
            "ORDER BY i.txid, i.idx",
        ):
            inputs[str(row[0])].append(row[1:])
        outputs: dict[str, list[int]] = defaultdict(list)
        for row in _rows(
            con,
            "SELECT o.txid, o.value_sats FROM btc_outputs o SEMI JOIN _trace_txs t "
            "ON o.txid = t.txid ORDER BY o.txid, o.vout",
        ):
            outputs[str(row[0])].append(int(str(row[1])))
        coinjoins = {
            str(r[0])
            for r in _rows(con, "SELECT txid FROM coinjoins SEMI JOIN _trace_txs USING (txid)")
        }
        con.unregister("_trace_txs")
        nxt: list[Coin] = []
        for (person, tx), coins in groups.items():
            ins, out_values = inputs[tx], outputs[tx]
            traced = sum(c.amount for c in coins)
            if not ins or ins[0][0] is None:  # coinbase: newly mined coins
                self.result.unspent_sats += traced
                continue
            peel_step = len(out_values) == 2 and max(out_values) >= PEEL_RATIO * min(out_values)
            larger = out_values.index(max(out_values)) if peel_step else -1
            free = peel_step and all(c.vout == larger for c in coins)
            budget = max(c.budget for c in coins) + (0 if free else 1)
            if budget > self.max_hops:
                self.result.limit_sats += traced
                continue
            hop = max(c.hop for c in coins) + 1
            via = any(c.via_coinjoin for c in coins) or tx in coinjoins
            in_values = [int(str(r[2])) for r in ins]
            shares: list[int]
            ranges: list[Ranges]
            if self.model == "poison":
                shares, ranges = list(in_values), [[] for _ in ins]
            elif self.model == "haircut":
                shares, ranges = proportional(traced, in_values), [[] for _ in ins]
            else:
                by_vout = {c.vout: c.ranges for c in coins}
                per_output = [by_vout.get(k, []) for k in range(len(out_values))]
                ranges, _fee = fifo(out_values, per_output, in_values)
                shares = [total(r) for r in ranges]
            source = coins[0].address
            for k, (prev_txid, prev_vout, value, address, label, category, stop) in enumerate(ins):
                if shares[k] <= 0:
                    continue
                coin = Coin(
                    person,
                    str(prev_txid),
                    int(str(prev_vout)),
                    int(str(value)),
                    None if address is None else str(address),
                    shares[k],
                    ranges[k],
                    hop,
                    budget,
                    free,
                    via,
                )
                self._flow(source, coin)
                if label is not None:
                    self._cashout(coin, (str(label), str(category)))
                    if self.stop_at_labels:
                        continue
                if stop:
                    self.result.stopped_sats += coin.amount
                    continue
                nxt.append(coin)
        return nxt


# -- seeds ---------------------------------------------------------------------------------

_PERSON_OF = """
SELECT a.account_id, coalesce(p.person_id, a.account_id) AS person_id
FROM accounts a LEFT JOIN persons p USING (account_id)
"""
_PAYOUT_ADDRESSES = f"""
SELECT DISTINCT po.person_id, x.address
FROM (
    SELECT account_id, address FROM payouts WHERE address IS NOT NULL AND account_id IS NOT NULL
    UNION
    SELECT account_id, address FROM wallet_addresses
    WHERE account_id IS NOT NULL AND kind IN {_PAID_TO}
) x JOIN ({_PERSON_OF}) po USING (account_id)
"""
_SEED_COLUMNS = "o.txid, o.vout, o.value_sats, o.address, s.label, s.category"


def _seed_rows(
    con: duckdb.DuckDBPyConnection, kind: str, value: str | None
) -> list[tuple[object, ...]]:
    """(person, txid, vout, value, address, label, category) of the start's coins."""
    join = "FROM btc_outputs o LEFT JOIN _trace_service s ON s.address = o.address"
    if kind == "all":
        return _rows(
            con,
            f"SELECT min(pa.person_id), {_SEED_COLUMNS} {join} "
            f"JOIN ({_PAYOUT_ADDRESSES}) pa ON pa.address = o.address "
            f"GROUP BY {_SEED_COLUMNS}",
        )
    if kind == "market":
        return _rows(
            con,
            f"SELECT 'market:' || min(w.market_id), {_SEED_COLUMNS} {join} "
            "JOIN wallet_addresses w ON w.address = o.address AND w.account_id IS NULL "
            f"GROUP BY {_SEED_COLUMNS}",
        )
    if kind in ("person", "account"):
        where = "pa.person_id = ?" if kind == "person" else "pa.account_id = ?"
        addresses = (
            f"SELECT DISTINCT x.account_id, po.person_id, x.address FROM ("
            "SELECT account_id, address FROM payouts WHERE address IS NOT NULL UNION "
            "SELECT account_id, address FROM wallet_addresses WHERE account_id IS NOT NULL "
            f"AND kind IN {_PAID_TO}) x "
            f"JOIN ({_PERSON_OF}) po USING (account_id)"
        )
        return _rows(
            con,
            f"SELECT DISTINCT ?, {_SEED_COLUMNS} {join} "
            f"JOIN ({addresses}) pa ON pa.address = o.address WHERE {where}",
            [f"{kind}:{value}" if kind == "account" else value, value],
        )
    if kind == "address":
        return _rows(
            con,
            f"SELECT ?, {_SEED_COLUMNS} {join} WHERE o.address = ?",
            [f"address:{value}", value],
        )
    if kind == "cluster":
        return _rows(
            con,
            f"SELECT ?, {_SEED_COLUMNS} {join} "
            "JOIN address_clusters ac ON ac.address = o.address WHERE ac.cluster_id = ?",
            [f"cluster:{value}", value],
        )
    if kind == "txid":
        return _rows(
            con, f"SELECT ?, {_SEED_COLUMNS} {join} WHERE o.txid = ?", [f"txid:{value}", value]
        )
    raise UserError(f"unknown start {kind!r}: choose from {', '.join(START_KINDS)}")


def _coins(rows: Iterable[tuple[object, ...]]) -> tuple[list[Coin], dict[str, tuple[str, str]]]:
    coins: list[Coin] = []
    services: dict[str, tuple[str, str]] = {}
    for person, txid, vout, value, address, label, category in rows:
        amount = int(str(value))
        coins.append(
            Coin(
                str(person),
                str(txid),
                int(str(vout)),
                amount,
                None if address is None else str(address),
                amount,
                [(0, amount)] if amount else [],
            )
        )
        if label is not None and address is not None:
            services[str(address)] = (str(label), str(category))
    coins.sort(key=lambda c: (c.person, c.txid, c.vout))
    return coins, services


def _prepare(con: duckdb.DuckDBPyConnection, stop_addresses: str | None) -> None:
    con.execute(SERVICES_SQL)
    if stop_addresses is None:
        con.execute("CREATE OR REPLACE TEMP TABLE _trace_stop (address VARCHAR)")
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _trace_stop AS {stop_addresses}")


def _finish(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DROP TABLE IF EXISTS _trace_stop")
    con.execute("DROP TABLE IF EXISTS _trace_service")


def _run(
    con: duckdb.DuckDBPyConnection,
    rows: list[tuple[object, ...]],
    model: Model,
    direction: Direction,
    max_hops: int,
    stop_at_labels: bool,
) -> TraceResult:
    tracer = _Tracer(con, model, direction, max_hops, stop_at_labels)
    coins, services = _coins(rows)
    live = tracer.seed(coins, services)
    tracer.write()
    if direction == "forward":
        tracer.forward(live)
    else:
        tracer.backward(live)
    return tracer.result


def trace(
    con: duckdb.DuckDBPyConnection,
    *,
    start: tuple[StartKind, str],
    direction: Direction = "forward",
    max_hops: int = 5,
    model: Model = "haircut",
    stop_at_labels: bool = True,
) -> TraceResult:
    """Trace from ``start`` = (kind, value); kind is person, account, address, cluster or txid.

    Appends to ``money_flows`` and ``cashouts`` (the caller owns the transaction). The person of
    the rows is the person id for a person start, else ``kind:value``.
    """
    _check(model, direction, max_hops)
    kind, value = start
    if kind not in START_KINDS:
        raise UserError(f"unknown start {kind!r}: choose from {', '.join(START_KINDS)}")
    _prepare(con, None)
    try:
        rows = _seed_rows(con, kind, value)
        if not rows:
            raise UserError(f"no coins found for {kind} {value!r}: is the chain loaded?")
        return _run(con, rows, model, direction, max_hops, stop_at_labels)
    finally:
        _finish(con)


def trace_all(
    con: duckdb.DuckDBPyConnection,
    *,
    max_hops: int = 5,
    model: Model = "haircut",
    stop_at_labels: bool = True,
) -> dict[str, TraceResult]:
    """Forward traces from every person's payout coins and from the market's wallets.

    Replaces this model's forward rows of ``cashouts`` and ``money_flows``. Returns the
    results of the two traces (``persons`` and ``market``).
    """
    _check(model, "forward", max_hops)
    con.execute("DELETE FROM cashouts WHERE model = ? AND direction = 'forward'", [model])
    con.execute("DELETE FROM money_flows WHERE model = ? AND direction = 'forward'", [model])
    results: dict[str, TraceResult] = {}
    _prepare(con, None)
    try:
        results["persons"] = _run(
            con, _seed_rows(con, "all", None), model, "forward", max_hops, stop_at_labels
        )
    finally:
        _finish(con)
    _prepare(con, "SELECT DISTINCT address FROM wallet_addresses")
    try:
        results["market"] = _run(
            con, _seed_rows(con, "market", None), model, "forward", max_hops, stop_at_labels
        )
    finally:
        _finish(con)
    return results


REPORT_SQL = """
SELECT c.person_id, string_agg(DISTINCT a.username, ', ' ORDER BY a.username) AS usernames,
       c.label, sum(c.amount_sats)::BIGINT AS amount_sats, count(*) AS cashouts,
       min(c.hops) AS min_hops, max(c.hops) AS max_hops,
       coalesce(sum(c.amount_sats) FILTER (WHERE c.peel_chain), 0)::BIGINT AS peel_sats,
       coalesce(sum(c.amount_sats) FILTER (WHERE c.via_coinjoin), 0)::BIGINT AS coinjoin_sats
FROM cashouts c
LEFT JOIN (
    SELECT coalesce(p.person_id, a.account_id) AS person_id, a.username, a.role
    FROM accounts a LEFT JOIN persons p USING (account_id)
) a ON a.person_id = c.person_id
WHERE c.model = ? AND c.direction = 'forward'
  AND (? = FALSE OR a.role = 'vendor')
GROUP BY c.person_id, c.label
ORDER BY sum(c.amount_sats) DESC, c.person_id, c.label
"""


@dataclass(frozen=True)
class CashoutLine:
    person_id: str
    usernames: str
    label: str
    amount_sats: int
    cashouts: int
    min_hops: int
    max_hops: int
    peel_sats: int
    coinjoin_sats: int


def cashout_report(
    con: duckdb.DuckDBPyConnection, *, model: Model = "haircut", vendors_only: bool = True
) -> list[CashoutLine]:
    """Per person (vendors only by default) and service: amount, count, hops; largest first."""
    _check(model, "forward", 0)
    return [
        CashoutLine(
            str(r[0]),
            str(r[1] or ""),
            str(r[2]),
            int(str(r[3])),
            int(str(r[4])),
            int(str(r[5])),
            int(str(r[6])),
            int(str(r[7])),
            int(str(r[8])),
        )
        for r in _rows(con, REPORT_SQL, [model, vendors_only])
    ]
