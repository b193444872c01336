"""Tracing on hand-built graphs: the three taint models, conservation, peel chains, stops."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from tests.chain.test_cluster_support import Graph, open_graph

from seized.chain.taint import fifo, haircut, proportional
from seized.chain.trace import TraceResult, trace
from seized.errors import UserError


@pytest.fixture
def graph() -> Iterator[Graph]:
    yield from open_graph()


def _cashouts(graph: Graph) -> list[tuple[str, int, int, bool]]:
    rows = graph.con.execute(
        "SELECT label, amount_sats, hops, peel_chain FROM cashouts ORDER BY hops, label"
    ).fetchall()
    return [(str(r[0]), int(r[1]), int(r[2]), bool(r[3])) for r in rows]


def _conserved(result: TraceResult) -> bool:
    ends = result.cashout_sats + result.unspent_sats + result.fee_sats + result.limit_sats
    return ends + result.stopped_sats == result.seed_sats


def test_proportional_shares_add_up_exactly() -> None:
    rng = random.Random(3)
    for _ in range(2_000):
        weights = [rng.randint(0, 10**9) for _ in range(rng.randint(1, 8))]
        amount = rng.randint(0, 10**10)
        shares = proportional(amount, weights)
        assert sum(shares) == (amount if sum(weights) else 0)
        assert all(s >= 0 for s in shares)
    assert proportional(10, [1, 1, 1]) == [4, 3, 3]
    shares, fee = haircut(7, [10, 10], [9, 9])
    assert sum(shares) + fee == 7


def test_fifo_fills_outputs_in_order() -> None:
    # inputs: 30 traced then 70 clean; outputs 50 and 40; the fee is the last 10
    parts, fee = fifo([30, 70], [[(0, 30)], []], [50, 40])
    assert parts == [[(0, 30)], []] and fee == 0
    parts, fee = fifo([70, 30], [[], [(0, 30)]], [50, 40])
    assert parts == [[], [(20, 40)]] and fee == 10


def _mixing_graph(graph: Graph) -> None:
    """A seed coin of 1,000,003 sats mixed with clean coins over three hops, then cashed out."""
    graph.coin("seed", [("vendor", 1_000_003)])
    graph.coin("other", [("stranger", 2_000_001)])
    graph.tx("t1", [("seed", 0), ("other", 0)], [("a", 1_500_000), ("b", 1_499_001), ("c", 1)])
    graph.tx("t2", [("t1", 0)], [("exch1", 700_001), ("d", 799_000)])  # fee 999
    graph.tx("t3", [("t2", 1), ("t1", 1)], [("exch2", 2_000_000), ("e", 297_000)])
    graph.tag("exch1", "Kraken")
    graph.tag("exch2", "Bitstamp")


@pytest.mark.parametrize("model", ["haircut", "fifo"])
def test_taint_is_conserved_exactly(graph: Graph, model: str) -> None:
    _mixing_graph(graph)
    result = trace(graph.con, start=("address", "vendor"), model=model)  # type: ignore[arg-type]
    assert result.seed_sats == 1_000_003
    assert _conserved(result)
    assert result.cashout_sats > 0
    total = graph.con.execute("SELECT sum(amount_sats) FROM cashouts").fetchone()
    assert total == (result.cashout_sats,)


def test_haircut_shares(graph: Graph) -> None:
    _mixing_graph(graph)
    trace(graph.con, start=("address", "vendor"), model="haircut")
    # t1: 1,000,003 of 3,000,004 sats traced: a 500,000.83, b 499,667.66, c 0.33, fee 334.0003;
    # floors add to 1,000,001, the two largest remainders (a, b) get the last two satoshis
    flows = graph.con.execute("SELECT to_address, amount_sats FROM money_flows WHERE hop = 1")
    assert dict(flows.fetchall()) == {"a": 500_001, "b": 499_668}
    kraken = graph.con.execute("SELECT amount_sats FROM cashouts WHERE label = 'Kraken'")
    assert kraken.fetchone() == (233_334,)  # 500,001 * 700,001 / 1,500,000 = 233,334.1


def test_poison_marks_everything_downstream(graph: Graph) -> None:
    _mixing_graph(graph)
    trace(graph.con, start=("address", "vendor"), model="poison")
    # t3 is reached twice (through b at hop 2, through d at hop 3): its output counts once
    assert _cashouts(graph) == [("Bitstamp", 2_000_000, 2, True), ("Kraken", 700_001, 2, False)]


def test_fifo_follows_input_order(graph: Graph) -> None:
    _mixing_graph(graph)
    result = trace(graph.con, start=("address", "vendor"), model="fifo")
    # the seed is input 0: its 1,000,003 sats fill the first 1,000,003 of output a (1,500,000)
    # t2 gives exch1 its first 700,001 and d the other 300,002 traced sats; d is t3's first input
    assert _cashouts(graph) == [("Kraken", 700_001, 2, False), ("Bitstamp", 300_002, 3, True)]
    assert result.fee_sats == 0 and result.unspent_sats == 0 and _conserved(result)


def _peel_chain(graph: Graph, hops: int) -> list[int]:
    graph.coin("pay", [("wallet", 100_000_000)])
    graph.tag("exchange-deposit", "Binance")
    spend, value, peeled = ("pay", 0), 100_000_000, []
    for hop in range(1, hops + 1):
        part = value * 15 // 100
        rest = value - part - 500
        graph.tx(f"peel{hop}", [spend], [("exchange-deposit", part), (f"rest{hop}", rest)])
        peeled.append(part)
        spend, value = (f"peel{hop}", 1), rest
    return peeled


def test_peel_chain_is_followed_beyond_the_hop_limit(graph: Graph) -> None:
    peeled = _peel_chain(graph, 6)
    result = trace(graph.con, start=("address", "wallet"), model="haircut", max_hops=1)
    got = _cashouts(graph)
    assert [g[1] for g in got] == peeled
    assert [g[2] for g in got] == [1, 2, 3, 4, 5, 6]
    assert all(g[3] for g in got)
    assert _conserved(result) and result.limit_sats == 0


def test_hop_limit_stops_plain_chains(graph: Graph) -> None:
    graph.coin("c", [("w0", 1_000_000)])
    for hop in range(1, 5):
        graph.tx(
            f"t{hop}", [(f"t{hop - 1}" if hop > 1 else "c", 0)], [(f"w{hop}", 1_000_000 - hop)]
        )
    graph.tag("w4", "Kraken")
    result = trace(graph.con, start=("address", "w0"), max_hops=3)
    assert result.cashouts == 0 and result.limit_sats == 999_997 and _conserved(result)
    graph.con.execute("DELETE FROM cashouts")
    result = trace(graph.con, start=("address", "w0"), max_hops=4)
    assert _cashouts(graph) == [("Kraken", 999_996, 4, False)]


def test_seized_database_tags_do_not_stop_a_trace(graph: Graph) -> None:
    graph.coin("c", [("vendor", 1_000_000)])
    graph.tx("t1", [("c", 0)], [("market-hot", 999_000)])
    graph.tx("t2", [("t1", 0)], [("exch", 998_000)])
    graph.con.execute(
        "INSERT INTO tags (address, label, category, tagpack) "
        "VALUES ('market-hot', 'silkway hot', 'market', 'seized database')"
    )
    graph.tag("exch", "Kraken")
    trace(graph.con, start=("address", "vendor"))
    assert _cashouts(graph) == [("Kraken", 998_000, 2, False)]


def test_swept_deposit_addresses_count_as_the_exchange(graph: Graph) -> None:
    graph.coin("c", [("vendor", 1_000_000), ("other", 5_000)])
    graph.tx("t1", [("c", 0)], [("deposit", 999_000)])
    graph.tx("sweep", [("t1", 0), ("c", 1)], [("exchange-hot", 1_003_000)])
    graph.tag("exchange-hot", "Kraken")
    trace(graph.con, start=("address", "vendor"))
    assert _cashouts(graph) == [("Kraken", 999_000, 1, False)]


def test_a_vendor_emptying_a_wallet_into_an_exchange_is_no_exchange_deposit(graph: Graph) -> None:
    # two payouts to the vendor's withdrawal address, then one payment of all of it to the
    # exchange: the withdrawal address looks like a deposit address being swept, but the seized
    # database says it is the vendor's
    graph.coin("c", [("withdrawal", 600_000), ("withdrawal", 400_000)])
    graph.tx("all", [("c", 0), ("c", 1)], [("exchange-hot", 999_000)])
    graph.tag("exchange-hot", "Kraken")
    # unknown to the seized database, it reads as a Kraken deposit address: cash-outs at hop 0
    trace(graph.con, start=("address", "withdrawal"))
    assert sorted(_cashouts(graph)) == [
        ("Kraken", 400_000, 0, False),
        ("Kraken", 600_000, 0, False),
    ]
    graph.con.execute("DELETE FROM cashouts")
    graph.con.execute(
        "INSERT INTO wallet_addresses (market_id, account_id, address, kind) "
        "VALUES ('silkway', 'silkway:7', 'withdrawal', 'withdrawal')"
    )
    trace(graph.con, start=("address", "withdrawal"))
    assert _cashouts(graph) == [("Kraken", 999_000, 1, False)]


def test_backward_finds_the_source(graph: Graph) -> None:
    graph.coin("c", [("exchange-hot", 10_000_000)])
    graph.tag("exchange-hot", "Kraken")
    graph.tx("t1", [("c", 0)], [("buyer", 4_000_000), ("exchange-hot", 5_999_000)])
    graph.tx("t2", [("t1", 0)], [("market-deposit", 3_999_000)])
    result = trace(graph.con, start=("address", "market-deposit"), direction="backward")
    rows = graph.con.execute("SELECT label, amount_sats, hops, direction FROM cashouts")
    assert rows.fetchall() == [("Kraken", 3_999_000, 2, "backward")]
    assert result.cashout_sats == result.seed_sats


def test_bad_start_is_a_usage_error(graph: Graph) -> None:
    with pytest.raises(UserError):
        trace(graph.con, start=("address", "nowhere"))
    with pytest.raises(UserError):
        trace(graph.con, start=("address", "x"), model="magic")  # type: ignore[arg-type]


def test_a_service_without_category_gives_a_cashout_without_category(graph: Graph) -> None:
    graph.coin("c", [("vendor", 1_000_000)])
    graph.tx("t1", [("c", 0)], [("exch", 999_000)])
    graph.con.execute(
        "INSERT INTO tags (address, label, tagpack, valid) VALUES ('exch', 'Kraken', 'p', TRUE)"
    )
    trace(graph.con, start=("address", "vendor"))
    rows = graph.con.execute("SELECT label, category FROM cashouts").fetchall()
    assert rows == [("Kraken", None)]


def test_backward_fifo_and_peel_chain(graph: Graph) -> None:
    # backward from the end of a peel chain: each step spends the larger output, so a hop limit
    # of 1 still reaches the start; FIFO takes the first satoshis of the inputs
    graph.coin("c", [("exchange-hot", 10_000_000), ("stranger", 2_000_000)])
    graph.tag("exchange-hot", "Kraken")
    graph.tx("t1", [("c", 0), ("c", 1)], [("rest1", 11_000_000), ("shop", 999_000)])
    graph.tx("t2", [("t1", 0)], [("rest2", 9_000_000), ("shop", 1_999_000)])
    result = trace(
        graph.con, start=("address", "rest2"), direction="backward", model="fifo", max_hops=1
    )
    rows = graph.con.execute(
        "SELECT label, amount_sats, hops, peel_chain FROM cashouts ORDER BY amount_sats"
    ).fetchall()
    assert rows == [("Kraken", 9_000_000, 2, True)]
    assert result.cashout_sats == result.seed_sats == 9_000_000


def test_a_trace_leaves_no_temporary_objects(graph: Graph) -> None:
    _mixing_graph(graph)
    before = graph.con.execute("SELECT count(*) FROM duckdb_tables()").fetchall()
    trace(graph.con, start=("address", "vendor"))
    assert graph.con.execute("SELECT count(*) FROM duckdb_tables()").fetchall() == before
    macros = graph.con.execute(
        "SELECT count(*) FROM duckdb_functions() WHERE function_name = 'payout_addresses'"
    ).fetchall()
    assert macros == [(0,)]
