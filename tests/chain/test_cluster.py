"""Clustering on hand-built transaction graphs: multi-input, CoinJoins, change, labels."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import numpy as np
import pytest
from tests.chain.test_cluster_support import Graph, open_graph

from seized.chain.cluster import PHASES, cluster, components, smallest_members
from seized.errors import UserError


@pytest.fixture
def graph() -> Iterator[Graph]:
    yield from open_graph()


def test_multi_input_merges_inputs_and_keeps_every_address(graph: Graph) -> None:
    graph.coin("c1", [("a1", 1_000)])
    graph.coin("c2", [("a2", 2_000)])
    graph.coin("c3", [("a3", 3_000)])
    graph.tx("t1", [("c1", 0), ("c2", 0)], [("pay", 2_500), ("a4", 400)])
    graph.tx("t2", [("t1", 1), ("c3", 0)], [("pay2", 3_300)])
    result = cluster(graph.con)
    assert graph.cluster_of("a1") == graph.cluster_of("a2")
    assert graph.cluster_of("a3") == graph.cluster_of("a4") != graph.cluster_of("a1")
    assert graph.cluster_of("pay") != graph.cluster_of("pay2") != graph.cluster_of("a1")
    assert result.addresses == 6
    assert result.clusters == 4
    rows = graph.con.execute("SELECT count(*) FROM address_clusters").fetchone()
    assert rows == (6,)


def test_coinjoin_does_not_merge_its_participants(graph: Graph) -> None:
    for k in range(5):
        graph.coin(f"c{k}", [(f"p{k}", 20_000_000 + k * 1_000_000)])
    outputs: list[tuple[str | None, int]] = [(f"mix{k}", 10_000_000) for k in range(5)]
    outputs += [(f"change{k}", 9_990_000 + k * 1_000_000) for k in range(5)]
    graph.tx("cj", [(f"c{k}", 0) for k in range(5)], outputs)
    # one participant also co-spends two of its own coins: that link must stay
    graph.coin("c9", [("p0b", 5_000)])
    graph.tx("own", [("cj", 5), ("c9", 0)], [("x", 9_000_000)])
    result = cluster(graph.con)
    assert result.coinjoins["joinmarket"] == 1
    clusters = {graph.cluster_of(f"p{k}") for k in range(5)}
    assert len(clusters) == 5
    assert graph.cluster_of("change0") == graph.cluster_of("p0b")


def test_change_heuristic_merges_change_into_the_payer(graph: Graph) -> None:
    graph.coin("c1", [("payer1", 5_000_000, "p2pkh")])
    graph.coin("c2", [("payer2", 5_000_000, "p2pkh")])
    graph.tx(
        "pay", [("c1", 0), ("c2", 0)], [("shop", 3_000_000, "p2wpkh"), ("back", 6_990_000, "p2pkh")]
    )
    plain = cluster(graph.con)
    assert graph.cluster_of("back") != graph.cluster_of("payer1")
    with_change = cluster(graph.con, change=("address_type",))
    assert with_change.change_guesses == 1
    assert graph.cluster_of("back") == graph.cluster_of("payer1")
    assert graph.cluster_of("shop") != graph.cluster_of("payer1")
    assert with_change.clusters == plain.clusters - 1


def test_progress_names_the_phases_and_changes_nothing(graph: Graph) -> None:
    graph.coin("c1", [("payer1", 5_000_000, "p2pkh")])
    graph.coin("c2", [("payer2", 5_000_000, "p2pkh")])
    graph.tx(
        "pay", [("c1", 0), ("c2", 0)], [("shop", 3_000_000, "p2wpkh"), ("back", 6_990_000, "p2pkh")]
    )
    quiet = cluster(graph.con, change=("address_type",))
    rows = graph.con.execute("SELECT * FROM address_clusters ORDER BY address").fetchall()
    seen: list[tuple[str, int, int]] = []
    told = cluster(graph.con, change=("address_type",), progress=lambda *args: seen.append(args))
    assert told == quiet
    assert graph.con.execute("SELECT * FROM address_clusters ORDER BY address").fetchall() == rows
    assert seen == [(f"cluster: {phase}", n, 1) for phase in PHASES for n in (0, 1)]
    assert PHASES == ("coinjoins", "change", "input groups", "components", "labels")


def test_unknown_change_heuristic_is_a_usage_error(graph: Graph) -> None:
    with pytest.raises(UserError, match="round_amount"):
        cluster(graph.con, change=("lucky_guess",))


def test_labels_and_conflicts(graph: Graph) -> None:
    graph.coin("c1", [("e1", 1_000)])
    graph.coin("c2", [("e2", 1_000)])
    graph.coin("c3", [("e3", 1_000)])
    graph.tx("t", [("c1", 0), ("c2", 0)], [("out", 1_900)])
    graph.tag("e1", "Kraken")
    graph.tag("e2", "Bitstamp")
    graph.tag("e3", "Kraken")
    result = cluster(graph.con)
    assert result.labelled_clusters == 2
    assert len(result.conflicts) == 1
    cluster_id, labels, categories, size = result.conflicts[0]
    assert cluster_id == graph.cluster_of("e1")
    assert labels == ["Bitstamp", "Kraken"] and categories == ["exchange"] and size == 2


def test_user_labels_never_conflict(graph: Graph) -> None:
    # an exchange's deposit addresses that two users of two markets asked to be paid to
    graph.coin("c1", [("d1", 1_000)])
    graph.coin("c2", [("d2", 1_000)])
    graph.tx("sweep", [("c1", 0), ("c2", 0)], [("hot", 1_900)])
    graph.tag("d1", "Kraken")
    graph.tag("d1", "silk withdrawal of silk:7", "user")
    graph.tag("d2", "hydra withdrawal of hydra:3", "user")
    result = cluster(graph.con)
    assert result.conflicts == []
    labels = graph.con.execute(
        "SELECT label, category FROM cluster_labels WHERE cluster_id = ? ORDER BY label",
        [graph.cluster_of("d1")],
    ).fetchall()
    assert labels == [
        ("Kraken", "exchange"),
        ("hydra withdrawal of hydra:3", "user"),
        ("silk withdrawal of silk:7", "user"),
    ]
    # a second service in the same cluster still is one
    graph.tag("d2", "Bitstamp")
    assert len(cluster(graph.con).conflicts) == 1


def test_cluster_ids_depend_only_on_members(graph: Graph) -> None:
    graph.coin("c1", [("b", 1_000)])
    graph.coin("c2", [("a", 1_000)])
    graph.tx("t", [("c1", 0), ("c2", 0)], [("z", 1_900)])
    cluster(graph.con)
    first = graph.cluster_of("a")
    graph.con.execute("DELETE FROM address_clusters")
    cluster(graph.con)
    assert graph.cluster_of("b") == first and first.startswith("cl_")


def test_components_of_random_graph_match_a_plain_union_find() -> None:
    rng = np.random.default_rng(5)
    n = 2_000
    src = rng.integers(0, n, 1_500)
    dst = rng.integers(0, n, 1_500)
    labels = components(n, src, dst)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s, d in zip(src.tolist(), dst.tolist(), strict=True):
        parent[find(s)] = find(d)
    for s, d in zip(src.tolist(), dst.tolist(), strict=True):
        assert labels[s] == labels[d]
    roots = {find(x) for x in range(n)}
    assert len(set(labels.tolist())) == len(roots)


def test_smallest_members_match_a_plain_minimum() -> None:
    rng = np.random.default_rng(11)
    labels = rng.integers(0, 300, 1_000)
    smallest = smallest_members(labels)
    for node, label in enumerate(labels.tolist()):
        assert smallest[node] == min(np.flatnonzero(labels == label))
    assert len(smallest_members(np.zeros(0, dtype=np.int64))) == 0


def test_random_graph_ids_are_the_md5_of_each_clusters_smallest_address(graph: Graph) -> None:
    rng = np.random.default_rng(7)
    # addresses in no particular order, some paid more than once
    pool = [hashlib.sha1(str(k).encode()).hexdigest()[:12] for k in range(60)]
    unspent: list[tuple[str, int, str]] = []
    for k in range(80):
        address = pool[int(rng.integers(0, len(pool)))]
        unspent.append((graph.coin(f"c{k}", [(address, 1_000 + k)]), 0, address))
    parent = {a: a for a in pool}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for k in range(30):
        picks = sorted(rng.choice(len(unspent), size=int(rng.integers(2, 4)), replace=False))
        spent = [unspent[int(i)] for i in picks]
        for i in reversed(picks):
            unspent.pop(int(i))
        out = pool[int(rng.integers(0, len(pool)))]
        txid = graph.tx(f"t{k}", [(t, v) for t, v, _ in spent], [(out, 500)])
        unspent.append((txid, 0, out))
        for _, _, address in spent[1:]:
            parent[find(address)] = find(spent[0][2])
    result = cluster(graph.con)
    seen = {
        a
        for a in pool
        if graph.con.execute(
            "SELECT count(*) FROM address_clusters WHERE address = ?", [a]
        ).fetchone()
        == (1,)
    }
    members: dict[str, list[str]] = {}
    for address in seen:
        members.setdefault(find(address), []).append(address)
    for group in members.values():
        expected = "cl_" + hashlib.md5(min(group).encode()).hexdigest()[:16]
        assert {graph.cluster_of(a) for a in group} == {expected}
    assert result.clusters == len(members)
    assert result.addresses == len(seen)
