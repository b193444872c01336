"""Connected components of a large graph in DataFrames: large-star and small-star.

The algorithm of Kiveris, Lattanzi, Mirrokni, Rastogi and Vassilvitskii, "Connected Components in
MapReduce and Beyond" (SoCC 2014). Nodes are integers, edges pairs; every round is a few joins
and aggregations, so nothing gathers a component on one machine (a union-find on the driver
would need the whole graph there), and a node of a million neighbours is one group, not a
million messages. Each round is

* large-star: every node ``u`` links each neighbour larger than itself to the smallest node of
  its neighbourhood (``u`` included);
* small-star: every node ``u`` links itself and each neighbour not larger than itself to the
  smallest of those;

until the edges form stars (no node has two edges out, none has edges both out and in). Then
every edge points from a node to its component's smallest node. The rounds grow with the
logarithm of a component's size: a peel chain of 5,000 steps took 10 rounds, a star of 100,000
addresses one.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

#: rounds after which a graph is taken not to converge (far beyond any real one)
MAX_ROUNDS = 200


@dataclass
class Components:
    """``labels``: (id, component) for every node with an edge, ``component`` being the
    smallest node id of its component; ``rounds``: large-star/small-star rounds it took."""

    labels: DataFrame
    rounds: int


def _large_star(edges: DataFrame) -> DataFrame:
    both = edges.select("src", "dst").union(
        edges.select(F.col("dst").alias("src"), F.col("src").alias("dst"))
    )
    smallest = both.groupBy("src").agg(F.least(F.min("dst"), F.col("src")).alias("m"))
    return (
        both.join(smallest, "src")
        .where(F.col("dst") > F.col("src"))
        .select(F.col("dst").alias("src"), F.col("m").alias("dst"))
    )  # duplicates go in small-star's distinct


def _small_star(edges: DataFrame) -> DataFrame:
    # each edge oriented from the larger node to the smaller one
    down = edges.select(
        F.greatest("src", "dst").alias("src"), F.least("src", "dst").alias("dst")
    ).where(F.col("src") != F.col("dst"))
    smallest = down.groupBy("src").agg(F.min("dst").alias("m"))
    linked = down.join(smallest, "src").select(F.col("dst").alias("src"), F.col("m").alias("dst"))
    own = smallest.select(F.col("src"), F.col("m").alias("dst"))
    return linked.union(own).where(F.col("src") != F.col("dst")).distinct()


def _stars(edges: DataFrame) -> bool:
    """Whether the edges (each from a larger node to a smaller one) are stars: no node has two
    edges out, and none has an edge both out and in. Both operations keep the components, so
    stars are the components, each pointing to its smallest node: the algorithm is done."""
    ends = edges.select(F.col("src").alias("node"), F.lit(1).alias("out")).union(
        edges.select(F.col("dst").alias("node"), F.lit(0).alias("out"))
    )
    per_node = ends.groupBy("node").agg(F.sum("out").alias("outs"), F.count("out").alias("all"))
    bad = per_node.where((F.col("outs") > 1) | ((F.col("outs") == 1) & (F.col("all") > 1)))
    return bad.limit(1).count() == 0


def connected_components(edges: DataFrame) -> Components:
    """The components of the undirected graph of ``edges`` (columns ``src``, ``dst``: longs).

    Each round's edges are checkpointed (kept by the executors, lineage cut), so a long run of
    rounds costs no growing plan."""
    given = edges.select(F.col("src").cast("long"), F.col("dst").cast("long")).localCheckpoint()
    current = (
        given.select(F.greatest("src", "dst").alias("src"), F.least("src", "dst").alias("dst"))
        .where(F.col("src") != F.col("dst"))
        .distinct()
        .localCheckpoint()
    )
    rounds = 0
    while not _stars(current):
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise RuntimeError(f"connected components did not converge in {MAX_ROUNDS} rounds")
        following = _small_star(_large_star(current)).localCheckpoint()
        current.unpersist()
        current = following
    # at convergence every edge is (node, its component's smallest node)
    labels = current.select(F.col("src").alias("id"), F.col("dst").alias("component"))
    roots = current.select(F.col("dst").alias("id"), F.col("dst").alias("component")).distinct()
    return Components(labels.union(roots), rounds)
