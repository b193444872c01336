"""The SQL hop step gives the reference tracer's rows, in its order, and its counts.

Random transaction graphs with what makes tracing subtle: several coins of one person entering
one transaction (equal amounts, so the flows' source is decided by order), peel steps, fees,
CoinJoins, services, stop addresses, unspent coins and hop limits.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import duckdb
import pytest
from tests.chain.test_cluster_support import Graph, open_graph

from seized.chain.trace import finish, prepare
from seized.chain.trace.hop import Tracer
from seized.chain.trace.seeds import seed_coins
from seized.chain.trace.sql import SqlTracer


@pytest.fixture
def graph() -> Iterator[Graph]:
    yield from open_graph()


def _random_chain(graph: Graph, rng: random.Random) -> list[tuple[str, int]]:
    """A random chain; returns the seed outpoints (a few coins paid to three persons)."""
    unspent: list[tuple[str, int, int]] = []  # txid, vout, value
    for n in range(6):
        values = [rng.choice([10_000, 20_000, 50_000, 50_000, 123_457]) for _ in range(3)]
        txid = graph.coin(f"cb{n}", [(f"a{rng.randrange(40)}", v) for v in values])
        unspent += [(txid, k, v) for k, v in enumerate(values)]
    seeds = [(t, v) for t, v, _value in unspent]
    for n in range(60):
        if not unspent:
            break
        rng.shuffle(unspent)
        spent = [unspent.pop() for _ in range(min(len(unspent), rng.choice([1, 1, 2, 3])))]
        total = sum(v for _t, _k, v in spent)
        fee = min(total, rng.choice([0, 0, 1, 999, total // 7]))
        left = total - fee
        shape = rng.random()
        if shape < 0.3 and left > 4:  # a peel step: the larger output at least twice the other
            small = rng.randint(1, left // 3)
            values = [left - small, small] if rng.random() < 0.5 else [small, left - small]
        elif shape < 0.45 and left > 6:  # equal outputs: remainders tie
            values = [left // 3] * 3
        else:
            cuts = sorted(rng.randint(0, left) for _ in range(rng.randint(0, 3)))
            values = [b - a for a, b in zip([0, *cuts], [*cuts, left], strict=True)]
        outputs: list[tuple[str | None, int]] = [
            (None if rng.random() < 0.05 else f"a{rng.randrange(40)}", v) for v in values
        ]
        txid = graph.tx(f"t{n}", [(t, k) for t, k, _v in spent], outputs)
        if rng.random() < 0.1:
            graph.con.execute(
                "INSERT INTO coinjoins (txid, pattern) VALUES (?, 'equal-outputs')", [txid]
            )
        unspent += [(txid, k, v) for k, (_a, v) in enumerate(outputs)]
    for address in rng.sample(range(40), 6):
        graph.tag(f"a{address}", f"Service {address % 3}", rng.choice(["exchange", None]))  # type: ignore[arg-type]
    return rng.sample(seeds, 8)


def _seed_table(con: duckdb.DuckDBPyConnection, seeds: list[tuple[str, int]]) -> None:
    """``_test_seeds``: the seed coins, paid to three persons, with their services."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _test_seeds (person VARCHAR, txid VARCHAR, vout INTEGER)"
    )
    for n, (txid, vout) in enumerate(seeds):
        con.execute("INSERT INTO _test_seeds VALUES (?, ?, ?)", [f"P{n % 3}", txid, vout])


_SEEDS = (
    "SELECT t.person, o.txid, o.vout, o.value_sats, o.address, s.label, s.category "
    "FROM _test_seeds t JOIN btc_outputs o USING (txid, vout) "
    "LEFT JOIN _trace_service s ON s.address = o.address"
)


def _traced(graph: Graph, tracer: Any, seeds: list[tuple[str, int]], **kw: Any) -> Any:
    """Rows and counts of one trace of ``seeds``: the reference runs Python coins, the SQL
    tracer the seed query."""
    con = graph.con
    con.execute("DELETE FROM money_flows")
    con.execute("DELETE FROM cashouts")
    prepare(con, "SELECT 'a7' AS address")
    try:
        _seed_table(con, seeds)
        run = tracer(con, kw["model"], "forward", kw["max_hops"], kw["stop"])
        if isinstance(run, SqlTracer):
            result = run.run_query(_SEEDS, [])
        else:
            result = run.run(*seed_coins(con.execute(_SEEDS).fetchall()))
    finally:
        finish(con)
    flows = con.execute("SELECT * FROM money_flows").fetchall()  # in the order written
    cashouts = con.execute("SELECT * FROM cashouts").fetchall()
    return flows, cashouts, result.counts()


@pytest.mark.parametrize("seed", range(8))
def test_sql_hops_give_the_reference_rows(graph: Graph, seed: int) -> None:
    rng = random.Random(seed)
    seeds = _random_chain(graph, rng)
    for model in ("haircut", "poison"):
        for max_hops in (0, 2, 10):
            for stop in (True, False):
                options = {"model": model, "max_hops": max_hops, "stop": stop}
                expected = _traced(graph, Tracer, seeds, **options)
                got = _traced(graph, SqlTracer, seeds, **options)
                assert got == expected, options
    # the graphs exercise what they are meant to
    assert expected[0], "no flows"


def test_sql_tracer_refuses_what_it_does_not_compute(graph: Graph) -> None:
    for model, direction in (("fifo", "forward"), ("haircut", "backward")):
        tracer = SqlTracer(graph.con, model, direction, 3, True)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="forward"):
            tracer.step([])
