"""Change heuristics, each on a payment where it should guess and one where it must abstain."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.chain.test_cluster_support import Graph, open_graph

from seized.chain.change import HEURISTICS, guess_change


@pytest.fixture
def graph() -> Iterator[Graph]:
    yield from open_graph()


def _guesses(graph: Graph, name: str) -> dict[str, int]:
    guess_change(graph.con, [name])
    rows = graph.con.execute("SELECT txid, vout FROM change_outputs").fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def test_one_time_change(graph: Graph) -> None:
    graph.coin("c0", [("shop", 1_000), ("a", 9_000_000), ("b", 9_000_000)])
    graph.tx("pay", [("c0", 1)], [("shop", 3_000_000), ("fresh", 5_990_000)])
    graph.tx("two-fresh", [("c0", 2)], [("new1", 3_000_000), ("new2", 5_990_000)])
    assert _guesses(graph, "one_time_change") == {"pay": 1}


def test_address_type(graph: Graph) -> None:
    graph.coin("c0", [("a", 9_000_000, "p2tr"), ("b", 9_000_000, "p2pkh")])
    graph.tx("pay", [("c0", 0)], [("shop", 3_000_000, "p2wpkh"), ("back", 5_990_000, "p2tr")])
    graph.tx("same", [("c0", 1)], [("s1", 3_000_000, "p2pkh"), ("s2", 5_990_000, "p2pkh")])
    assert _guesses(graph, "address_type") == {"pay": 1}


def test_round_amount(graph: Graph) -> None:
    graph.coin("c0", [("a", 9_000_000), ("b", 9_000_000)])
    graph.tx("pay", [("c0", 0)], [("back", 5_987_654), ("shop", 3_000_000)])
    graph.tx("none-round", [("c0", 1)], [("x", 3_000_001), ("y", 5_987_654)])
    assert _guesses(graph, "round_amount") == {"pay": 0}


def test_optimal_change(graph: Graph) -> None:
    graph.coin("c0", [("a", 4_000_000), ("b", 5_000_000), ("c", 5_000_000)])
    graph.tx("pay", [("c0", 0), ("c0", 1)], [("shop", 6_000_000), ("back", 2_990_000)])
    graph.tx("single", [("c0", 2)], [("x", 2_000_000), ("y", 2_990_000)])
    assert _guesses(graph, "optimal_change") == {"pay": 1}


def test_coinjoins_and_self_change_are_left_alone(graph: Graph) -> None:
    graph.coin("c0", [("a", 9_000_000, "p2pkh")])
    graph.tx("self", [("c0", 0)], [("shop", 3_000_000), ("a", 5_990_000, "p2pkh")])
    graph.con.execute("INSERT INTO coinjoins (txid, pattern) VALUES ('self', 'equal_output')")
    for name in HEURISTICS:
        assert _guesses(graph, name) == {}, name
