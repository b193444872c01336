"""``chain cluster`` on Spark: CoinJoins, change, multi-input clusters, in DataFrames.

The same steps as :func:`seized.chain.cluster.cluster`, on the same SQL: the CoinJoin patterns
(:data:`seized.chain.coinjoin.DETECT_SQL`), the named change heuristics
(:data:`seized.chain.change.HEURISTICS`) and the queries grouping input addresses and change
links run translated to Spark SQL. The groups become edges (each address to the smallest of its
group) and the components come from large-star/small-star (:mod:`seized.spark.components`)
instead of a union-find. Address ids follow the addresses' order, so a component's smallest id
is its smallest address, whose MD5 names the cluster as in the DuckDB engine: the same
partition gets the same ids.

The case store then labels the clusters (:func:`seized.chain.cluster.label_clusters`: tags
are few).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from seized.chain import cluster as duck
from seized.chain.change import HEURISTICS
from seized.chain.cluster import ClusterResult
from seized.chain.coinjoin import DETECT_SQL, PATTERNS
from seized.spark.components import connected_components
from seized.spark.sql import insert_parts, to_spark

#: what the job reads and what it writes
READS = ("btc_transactions", "btc_inputs", "btc_outputs")
WRITES = ("coinjoins", "change_outputs", "address_clusters")


@dataclass
class SparkClusters:
    """The job's tables (not yet written) and its counts."""

    tables: dict[str, DataFrame]
    result: ClusterResult
    rounds: int


def _sql(spark: SparkSession, duckdb_sql: str) -> DataFrame:
    return spark.sql(to_spark(duckdb_sql))


def detect_coinjoins(spark: SparkSession) -> DataFrame:
    columns, query = insert_parts(DETECT_SQL)
    found = _sql(spark, query).toDF(*columns)
    return found.select(
        "txid",
        "pattern",
        F.col("n_inputs").cast("int"),
        F.col("n_outputs").cast("int"),
        F.col("input_addresses").cast("int"),
        F.col("denomination_sats").cast("long"),
        F.col("equal_outputs").cast("int"),
    )


def guess_change(spark: SparkSession, names: tuple[str, ...]) -> DataFrame:
    parts = [
        _sql(spark, HEURISTICS[name]).select(
            "txid", F.col("vout").cast("int"), F.lit(name).alias("heuristic")
        )
        for name in names
    ]
    if not parts:
        return spark.createDataFrame([], "txid string, vout int, heuristic string")
    out = parts[0]
    for part in parts[1:]:
        out = out.unionByName(part)
    return out


def cluster_job(
    spark: SparkSession, inputs: dict[str, str], names: tuple[str, ...]
) -> SparkClusters:
    """Run the clustering on the chain tables at ``inputs`` (table -> Parquet directory) with
    the change heuristics ``names`` (checked)."""
    for table in READS:
        spark.read.parquet(inputs[table]).createOrReplaceTempView(table)
    result = ClusterResult()
    coinjoins = detect_coinjoins(spark).localCheckpoint()
    coinjoins.createOrReplaceTempView("coinjoins")
    found = {r[0]: int(r[1]) for r in coinjoins.groupBy("pattern").count().collect()}
    result.coinjoins = {p: found.get(p, 0) for p in PATTERNS}
    change = guess_change(spark, names).localCheckpoint()
    change.createOrReplaceTempView("change_outputs")
    result.change_guesses = change.count()

    # ids in the order of the addresses: a component's smallest id is its smallest address
    addresses = spark.sql(
        "SELECT address FROM btc_outputs WHERE address IS NOT NULL "
        "UNION SELECT address FROM btc_inputs WHERE address IS NOT NULL"
    )
    ids = addresses.orderBy("address").withColumn("id", F.monotonically_increasing_id())
    ids = ids.localCheckpoint()
    ids.createOrReplaceTempView("_cluster_addr")
    groups = _sql(spark, duck._SQL_INPUT_GROUPS)
    if names:
        groups = groups.union(_sql(spark, duck._SQL_CHANGE_GROUPS))
    groups = groups.localCheckpoint()
    sizes = groups.agg(F.sum(F.size("ids")), F.count(F.lit(1))).collect()[0]
    result.links = int(sizes[0] or 0) - int(sizes[1])
    edges = groups.select(F.explode("ids").alias("src"), F.array_min("ids").alias("dst"))
    found_components = connected_components(edges)
    labelled = ids.join(found_components.labels, "id", "left").select(
        "address", F.coalesce("component", "id").alias("component")
    )
    names_of = ids.select(F.col("id").alias("component"), F.col("address").alias("smallest"))
    clusters = labelled.join(names_of, "component").select(
        "address",
        F.concat(F.lit("cl_"), F.substring(F.md5("smallest"), 1, 16)).alias("cluster_id"),
    )
    clusters = clusters.localCheckpoint()
    result.addresses = ids.count()
    result.clusters = clusters.select("cluster_id").distinct().count()
    tables = {"coinjoins": coinjoins, "change_outputs": change, "address_clusters": clusters}
    return SparkClusters(tables, result, found_components.rounds)
