"""Address clustering: the multi-input heuristic without CoinJoins, optional change, labels.

Every address seen on the chain gets an integer id in DuckDB; each transaction that is neither a
coinbase nor a detected CoinJoin links all its input addresses (an edge from each to the
transaction's smallest id), and each guessed change output links its address to the payer's. The
groups are joined by graphsense-clustering's union-find (Rust, reading the Arrow buffers
directly); its components are the clusters, written to ``address_clusters`` for every address,
singletons included.

A cluster's id is ``cl_`` and 16 hex digits of the MD5 of its smallest address, so it depends
only on which addresses it holds, not on the order things were loaded.

Labels come from ``tags`` (tag packs and the seized wallet tables): a cluster carries the actor
(else the label) of each tag on one of its addresses or on the cluster. A cluster carrying more
than one service label (any category but ``user``) is a conflict, listed in ``cluster_conflicts``
and counted in the result. User labels (the addresses accounts asked the market to pay to) are
kept but never conflict: one wallet may serve a person's accounts on several markets, and an
exchange's deposit addresses serve many users.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
from gs_clustering import Clustering  # type: ignore[import-untyped]
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from seized.chain.change import check_names, guess_change
from seized.chain.coinjoin import detect_coinjoins
from seized.stages import Progress, phases

#: The phases of :func:`cluster` that progress names, in order.
PHASES = ("coinjoins", "change", "input groups", "components", "labels")

# Ids in address order: the smallest id of a component is then its smallest address, and the
# addresses go into address_clusters (and its primary-key index) in key order, which DuckDB
# inserts and commits several times faster than keys in random order.
_SQL_ADDRESSES = """
CREATE OR REPLACE TEMP TABLE _cluster_addr AS
SELECT address, (row_number() OVER (ORDER BY address) - 1)::BIGINT AS id
FROM (
    SELECT address FROM btc_outputs WHERE address IS NOT NULL
    UNION
    SELECT address FROM btc_inputs WHERE address IS NOT NULL
)
"""
_SQL_INPUT_GROUPS = """
SELECT list(DISTINCT a.id) AS ids
FROM btc_inputs i JOIN _cluster_addr a USING (address)
WHERE i.txid NOT IN (SELECT txid FROM coinjoins)
GROUP BY i.txid HAVING count(DISTINCT a.id) > 1
"""
_SQL_CHANGE_GROUPS = """
SELECT [any_value(ca.id), min(ia.id)] AS ids
FROM change_outputs c
JOIN btc_outputs o ON o.txid = c.txid AND o.vout = c.vout
JOIN _cluster_addr ca ON ca.address = o.address
JOIN btc_inputs i ON i.txid = c.txid
JOIN _cluster_addr ia ON ia.address = i.address
GROUP BY c.txid, c.vout
"""
_SQL_WRITE = """
INSERT INTO address_clusters (address, cluster_id)
SELECT address, 'cl_' || substr(md5(smallest), 1, 16) FROM _cluster_members
"""
_SQL_LABELS = """
INSERT INTO cluster_labels (cluster_id, label, category, tags, tagpacks)
SELECT cluster_id, label, category, count(DISTINCT address)::INTEGER,
       list(DISTINCT tagpack ORDER BY tagpack)
FROM (
    SELECT ac.cluster_id, coalesce(t.actor, t.label) AS label, t.category, t.address, t.tagpack
    FROM tags t JOIN address_clusters ac ON ac.address = t.address
    WHERE coalesce(t.valid, TRUE)
    UNION ALL
    SELECT t.cluster_id, coalesce(t.actor, t.label), t.category, NULL, t.tagpack
    FROM tags t
    WHERE t.address IS NULL AND t.cluster_id IN (SELECT cluster_id FROM address_clusters)
)
GROUP BY cluster_id, label, category
"""
_SQL_CONFLICTS = """
INSERT INTO cluster_conflicts (cluster_id, labels, categories, addresses)
SELECT l.cluster_id, list(DISTINCT l.label ORDER BY l.label),
       list(DISTINCT l.category ORDER BY l.category),
       (SELECT count(*) FROM address_clusters ac WHERE ac.cluster_id = l.cluster_id)
FROM cluster_labels l
WHERE l.category IS DISTINCT FROM 'user'
GROUP BY l.cluster_id HAVING count(DISTINCT l.label) > 1
"""


@dataclass
class ClusterResult:
    addresses: int = 0
    clusters: int = 0
    links: int = 0
    coinjoins: dict[str, int] = field(default_factory=dict)
    change_guesses: int = 0
    labelled_clusters: int = 0
    conflicts: list[tuple[str, list[str], list[str], int]] = field(default_factory=list)

    def counts(self) -> dict[str, object]:
        return {
            "addresses": self.addresses,
            "clusters": self.clusters,
            "links": self.links,
            "coinjoins": sum(self.coinjoins.values()),
            **{f"coinjoins_{k}": v for k, v in self.coinjoins.items()},
            "change_guesses": self.change_guesses,
            "labelled_clusters": self.labelled_clusters,
            "label_conflicts": len(self.conflicts),
        }


def components(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Component number of each of ``n`` nodes linked by the edges ``src[k] - dst[k]``."""
    graph = coo_matrix(
        (np.ones(len(src), dtype=np.int8), (src.astype(np.int64), dst.astype(np.int64))),
        shape=(n, n),
    ).tocsr()
    _count, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def group_components(n: int, groups: pa.ListArray) -> np.ndarray:
    """Component number of each of ``n`` nodes, each list of ``groups`` (node ids) joined.

    graphsense-clustering's union-find does the joining.
    """
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    union_find = Clustering(max_address_id=n - 1)
    union_find.process_transactions_arrow(groups.cast(pa.list_(pa.uint32())))
    mapping = union_find.get_mapping()
    labels = np.empty(n, dtype=np.int64)
    labels[mapping.column(0).to_numpy()] = mapping.column(1).to_numpy()
    return labels


def smallest_members(labels: np.ndarray) -> np.ndarray:
    """For each node, the smallest node of its component (``labels``: a component number per
    node, each below the number of nodes)."""
    n = len(labels)
    nodes = np.arange(n, dtype=np.int64)
    smallest = np.full(n, n, dtype=np.int64)
    np.minimum.at(smallest, labels, nodes)
    members: np.ndarray = smallest[labels]
    return members


def _groups(con: duckdb.DuckDBPyConnection, sql: str) -> pa.ListArray:
    table = con.sql(sql).to_arrow_table()
    if table is None or table.num_rows == 0:
        return pa.array([], pa.list_(pa.int64()))
    lists: pa.ListArray = table.column("ids").combine_chunks().cast(pa.list_(pa.int64()))
    return lists


def cluster(
    con: duckdb.DuckDBPyConnection,
    *,
    change: tuple[str, ...] | list[str] = (),
    progress: Progress | None = None,
) -> ClusterResult:
    """Detect CoinJoins, guess change (the named heuristics), cluster and label; see the module.

    Replaces ``coinjoins``, ``change_outputs``, ``address_clusters``, ``cluster_labels`` and
    ``cluster_conflicts``. The caller owns the transaction. ``progress`` is told as each of
    :data:`PHASES` begins and ends (:func:`seized.stages.phases`).
    """
    names = check_names(change)
    ended = phases(progress, "cluster", PHASES)
    result = ClusterResult()
    result.coinjoins = detect_coinjoins(con)
    ended("coinjoins")
    result.change_guesses = guess_change(con, names)
    ended("change")
    con.execute(_SQL_ADDRESSES)
    n = int(con.execute("SELECT count(*) FROM _cluster_addr").fetchall()[0][0])
    groups = _groups(con, _SQL_INPUT_GROUPS)
    if names:
        groups = pa.concat_arrays([groups, _groups(con, _SQL_CHANGE_GROUPS)])
    result.links = len(groups.values) - len(groups)
    ended("input groups")
    labels = group_components(n, groups) if n else np.zeros(0, dtype=np.int64)
    smallest = smallest_members(labels)
    # ids follow address order, so a node's smallest fellow member is its cluster's smallest
    # address; the rows go in in address order
    addresses = con.sql("SELECT address FROM _cluster_addr ORDER BY id").to_arrow_table()
    column = addresses.column("address").combine_chunks() if n else pa.array([], pa.string())
    table = pa.table({"address": column, "smallest": column.take(pa.array(smallest))})
    con.register("_cluster_members", table)
    try:
        con.execute("DELETE FROM address_clusters")
        con.execute(_SQL_WRITE)
    finally:
        con.unregister("_cluster_members")
        con.execute("DROP TABLE _cluster_addr")
    result.addresses = n
    result.clusters = int(np.count_nonzero(smallest == np.arange(n)))
    ended("components")
    label_clusters(con, result)
    ended("labels")
    return result


def label_clusters(con: duckdb.DuckDBPyConnection, result: ClusterResult) -> None:
    """Replace ``cluster_labels`` and ``cluster_conflicts`` from ``tags`` and
    ``address_clusters``; fill the result's labelled clusters and conflicts."""
    con.execute("DELETE FROM cluster_labels")
    con.execute(_SQL_LABELS)
    con.execute("DELETE FROM cluster_conflicts")
    con.execute(_SQL_CONFLICTS)
    row = con.execute("SELECT count(DISTINCT cluster_id) FROM cluster_labels").fetchone()
    result.labelled_clusters = int(row[0]) if row else 0
    rows = con.execute(
        "SELECT cluster_id, labels, categories, addresses FROM cluster_conflicts "
        "ORDER BY addresses DESC, cluster_id"
    ).fetchall()
    result.conflicts = [(str(r[0]), list(r[1]), list(r[2]), int(r[3])) for r in rows]
