"""Deposit addresses inferred from sweeps into a tagged service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.chain.test_cluster_support import Graph, open_graph

from seized.chain.deposits import infer_deposit_addresses


@pytest.fixture
def graph() -> Iterator[Graph]:
    yield from open_graph()


def _deposits(graph: Graph) -> list[tuple[str, str, str]]:
    rows = graph.con.execute("SELECT * FROM _deposit_addresses ORDER BY address").fetchall()
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def test_addresses_swept_together_into_one_exchange_are_its_deposits(graph: Graph) -> None:
    graph.coin("c", [("d1", 5_000), ("d2", 7_000), ("d3", 9_000)])
    graph.tx("sweep", [("c", 0), ("c", 1)], [("hot", 11_000)])
    graph.tx("pay", [("c", 2)], [("hot", 4_000), ("elsewhere", 4_000)])
    graph.tag("hot", "Kraken")
    assert infer_deposit_addresses(graph.con) == 2
    assert _deposits(graph) == [("d1", "Kraken", "exchange"), ("d2", "Kraken", "exchange")]
    services = graph.con.execute("SELECT address, label FROM _service_addresses").fetchall()
    assert services == [("hot", "Kraken")]


def test_a_lone_payment_or_a_users_address_is_no_deposit(graph: Graph) -> None:
    graph.coin("c", [("once", 5_000), ("payout", 3_000), ("payout", 4_000)])
    graph.tx("t1", [("c", 0)], [("hot", 4_900)])  # one address, paid once: a payment
    graph.tx("t2", [("c", 1), ("c", 2)], [("hot", 6_900)])  # paid twice, but a user's
    graph.tag("hot", "Kraken")
    graph.con.execute(
        "INSERT INTO payouts (payout_id, market_id, native_id, account_id, address) "
        "VALUES ('p1', 'silkway', '1', NULL, 'payout')"
    )
    assert infer_deposit_addresses(graph.con) == 0


def test_a_sweep_into_two_services_infers_nothing(graph: Graph) -> None:
    graph.coin("c", [("d1", 5_000), ("d2", 7_000)])
    graph.tx("sweep", [("c", 0), ("c", 1)], [("hot", 6_000), ("other-hot", 5_000)])
    graph.tag("hot", "Kraken")
    graph.tag("other-hot", "Bitstamp")
    assert infer_deposit_addresses(graph.con) == 0
