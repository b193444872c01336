"""CoinJoin patterns on hand-built transactions, and look-alikes that are not CoinJoins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.chain.test_cluster_support import Graph, open_graph

from seized.chain.coinjoin import detect_coinjoins


@pytest.fixture
def graph() -> Iterator[Graph]:
    yield from open_graph()


def _coins(graph: Graph, name: str, values: list[int], owners: list[str] | None = None) -> None:
    for k, value in enumerate(values):
        owner = owners[k] if owners else f"{name}-in{k}"
        graph.coin(f"{name}-c{k}", [(owner, value)])


def _spends(name: str, n: int) -> list[tuple[str, int]]:
    return [(f"{name}-c{k}", 0) for k in range(n)]


def _pattern(graph: Graph, txid: str) -> str | None:
    row = graph.con.execute("SELECT pattern FROM coinjoins WHERE txid = ?", [txid]).fetchone()
    return None if row is None else str(row[0])


def test_whirlpool(graph: Graph) -> None:
    _coins(graph, "w", [1_000_500 + k for k in range(5)])
    graph.tx("w", _spends("w", 5), [(f"w-out{k}", 1_000_000) for k in range(5)])
    found = detect_coinjoins(graph.con)
    assert _pattern(graph, "w") == "whirlpool" and found["whirlpool"] == 1


def test_wasabi(graph: Graph) -> None:
    n = 12
    _coins(graph, "ws", [15_000_000 + k * 100_000 for k in range(n)])
    outputs: list[tuple[str | None, int]] = [(f"ws-mix{k}", 10_010_000) for k in range(n)]
    outputs += [(f"ws-change{k}", 4_900_000 + k * 100_000) for k in range(n - 2)]
    outputs.append(("coordinator", 360_000))
    graph.tx("ws", _spends("ws", n), outputs)
    detect_coinjoins(graph.con)
    assert _pattern(graph, "ws") == "wasabi"


def test_joinmarket(graph: Graph) -> None:
    _coins(graph, "jm", [30_000_000, 41_000_000, 52_000_000, 63_000_000])
    outputs: list[tuple[str | None, int]] = [(f"jm-eq{k}", 25_000_000) for k in range(3)]
    outputs += [("jm-ch0", 5_000_900), ("jm-ch1", 16_001_000), ("jm-ch2", 65_997_000)]
    graph.tx("jm", _spends("jm", 4), outputs)
    detect_coinjoins(graph.con)
    assert _pattern(graph, "jm") == "joinmarket"


def test_generic_equal_outputs(graph: Graph) -> None:
    _coins(graph, "g", [7_000_000, 8_000_000, 9_000_000, 6_000_000])
    graph.tx("g", _spends("g", 4), [(f"g-eq{k}", 7_000_000) for k in range(4)] + [("g-x", 1)])
    detect_coinjoins(graph.con)
    assert _pattern(graph, "g") == "equal_output"


def test_exchange_batch_of_equal_withdrawals_is_not_a_coinjoin(graph: Graph) -> None:
    _coins(graph, "ex", [50_000_000] * 4, owners=["hot", "hot", "hot", "hot2"])
    outputs: list[tuple[str | None, int]] = [(f"cust{k}", 10_000_000) for k in range(5)]
    graph.tx("ex", _spends("ex", 4), [*outputs, ("hot", 149_990_000)])
    # and an ordinary payment with two outputs
    _coins(graph, "p", [5_000_000, 5_000_000])
    graph.tx("p", _spends("p", 2), [("shop", 4_000_000), ("back", 5_990_000)])
    found = detect_coinjoins(graph.con)
    assert sum(found.values()) == 0
