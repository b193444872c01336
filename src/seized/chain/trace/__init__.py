"""Tracing: follow traced coins through the transaction graph to services (cash-outs).

A trace starts from coins (outputs) of a person, an account, an address, a cluster or a
transaction and moves hop by hop (:mod:`.hop`): forward to the transaction spending each coin,
backward to the coins a transaction spent. Forward haircut and poison traces move every coin of a
hop at once in SQL (:mod:`.sql`), with the same rows as the reference hop step. At each
transaction a taint model (:mod:`seized.chain.taint`) says how much of each output (or input) is
traced. A trace stops at:

* a service address (``stop_at_labels``): an address tagged by a tag pack (not the seized
  database's own tags, where stories start), one in a cluster carrying such a label, or a deposit
  address inferred from a sweep into one (:mod:`seized.chain.deposits`). Forward, each arrival is
  a cash-out row (person, label, amount, hops, model); backward, a source of funds;
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

import functools
from collections.abc import Callable

import duckdb

from seized.chain.deposits import infer_deposit_addresses
from seized.chain.taint import Model
from seized.chain.trace.cashouts import CashoutLine, cashout_report
from seized.chain.trace.hop import Tracer
from seized.chain.trace.records import (
    START_KINDS,
    Direction,
    StartKind,
    TraceResult,
    check_options,
)
from seized.chain.trace.seeds import seed_coins, seed_query
from seized.chain.trace.sql import MODELS as SQL_MODELS
from seized.chain.trace.sql import SqlTracer
from seized.errors import UserError

__all__ = [
    "START_KINDS",
    "CashoutLine",
    "Direction",
    "StartKind",
    "TraceResult",
    "cashout_report",
    "trace",
    "trace_all",
]


def prepare(con: duckdb.DuckDBPyConnection, stop_addresses: str | None) -> None:
    """The TEMP tables a trace reads: ``_trace_service`` (every service address, tagged or an
    inferred deposit address, with its label and category) and ``_trace_stop`` (the addresses
    of the query ``stop_addresses``, or none)."""
    infer_deposit_addresses(con)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _trace_service AS "
        "SELECT address, label, category FROM _service_addresses "
        "UNION ALL SELECT address, label, category FROM _deposit_addresses"
    )
    if stop_addresses is None:
        con.execute("CREATE OR REPLACE TEMP TABLE _trace_stop (address VARCHAR)")
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _trace_stop AS {stop_addresses}")


def finish(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what :func:`prepare` made."""
    for table in ("_trace_stop", "_trace_service", "_deposit_addresses", "_service_addresses"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute("DROP MACRO TABLE IF EXISTS payout_addresses")


def _run(
    con: duckdb.DuckDBPyConnection,
    seeds: tuple[str, str | None],
    model: Model,
    direction: Direction,
    max_hops: int,
    stop_at_labels: bool,
    progress: Callable[[int, int], None] | None = None,
    tracer: Callable[..., Tracer] | None = None,
) -> TraceResult:
    """Trace the coins of ``seeds`` = (kind, value) of :func:`seed_query`."""
    if tracer is None:
        # a forward haircut or poison trace moves all coins of a hop at once in SQL; the
        # reference moves them one transaction at a time (FIFO and backward traces)
        sql = direction == "forward" and model in SQL_MODELS
        tracer = SqlTracer if sql else Tracer
    run = tracer(con, model, direction, max_hops, stop_at_labels, progress)
    query, params = seed_query(*seeds)
    if isinstance(run, SqlTracer):
        return run.run_query(query, params)
    coins, services = seed_coins(con.execute(query, params).fetchall())
    return run.run(coins, services)


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
    check_options(model, direction, max_hops)
    kind, value = start
    if kind not in START_KINDS:
        raise UserError(f"unknown start {kind!r}: choose from {', '.join(START_KINDS)}")
    prepare(con, None)
    try:
        query, params = seed_query(kind, value)
        if not con.execute(f"SELECT count(*) FROM ({query})", params).fetchall()[0][0]:
            raise UserError(f"no coins found for {kind} {value!r}: is the chain loaded?")
        return _run(con, (kind, value), model, direction, max_hops, stop_at_labels)
    finally:
        finish(con)


def trace_all(
    con: duckdb.DuckDBPyConnection,
    *,
    max_hops: int = 5,
    model: Model = "haircut",
    stop_at_labels: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    tracer: Callable[..., Tracer] | None = None,
) -> dict[str, TraceResult]:
    """Forward traces from every person's payout coins and from the market's wallets.

    Replaces this model's forward rows of ``cashouts`` and ``money_flows``. Returns the
    results of the two traces (``persons`` and ``market``). ``progress(label, hop, max_hops)``
    is called after every hop step with the deepest hop reached. ``tracer`` makes the hop
    steps' runner (the Spark engine's runs them on a cluster).
    """
    check_options(model, "forward", max_hops)
    con.execute("DELETE FROM cashouts WHERE model = ? AND direction = 'forward'", [model])
    con.execute("DELETE FROM money_flows WHERE model = ? AND direction = 'forward'", [model])
    results: dict[str, TraceResult] = {}
    market_stops = "SELECT DISTINCT address FROM wallet_addresses"
    for name, kind, stops in (("persons", "all", None), ("market", "market", market_stops)):
        prepare(con, stops)
        try:
            step = None
            if progress is not None:
                label = {"persons": "trace persons' payouts", "market": "trace market wallets"}
                step = functools.partial(progress, f"{label[name]} (hops)")
            results[name] = _run(
                con, (kind, None), model, "forward", max_hops, stop_at_labels, step, tracer
            )
        finally:
            finish(con)
    return results
