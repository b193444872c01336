"""The Spark engine's side of the stages: share the inputs, run the job, load the results.

Each function runs inside the stage's body (:meth:`seized.case.Case.stage`), on the stage's
connection: the loads are part of the stage's transaction, and a job that fails or is killed
leaves nothing but its temporary directory (see :mod:`seized.spark.exchange`).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from seized.chain.address import Network
from seized.chain.change import check_names
from seized.chain.cluster import ClusterResult, label_clusters
from seized.chain.etl import SQL_PARENT_HASHES, find_export
from seized.chain.load import resolve_chain
from seized.chain.taint import Model
from seized.chain.trace import TraceResult, trace_all
from seized.db import transaction
from seized.errors import UserError
from seized.spark.exchange import Exchange
from seized.spark.session import Progress, SparkSettings, require_pyspark, spark_session

if TYPE_CHECKING:
    from seized.link.options import LinkOptions
    from seized.link.stage import LinkOutcome


def cluster_with_spark(
    root: Path,
    con: duckdb.DuckDBPyConnection,
    change: tuple[str, ...] | list[str],
    settings: SparkSettings,
    work: str | None = None,
    progress: Progress | None = None,
) -> tuple[ClusterResult, dict[str, Any]]:
    """``chain cluster`` with the Spark engine (see :mod:`seized.spark.cluster`): replaces
    ``coinjoins``, ``change_outputs`` and ``address_clusters`` with the job's, then labels the
    clusters in the case store. Returns the result and details for the custody entry."""
    require_pyspark()
    from seized.spark.cluster import READS, WRITES, cluster_job

    names = check_names(change)
    with (
        Exchange(root, work) as exchange,
        spark_session(settings, "seized chain cluster", progress=progress) as spark,
    ):
        inputs = {table: exchange.share(con, table) for table in READS}
        job = cluster_job(spark, inputs, names)
        for table, frame in job.tables.items():
            frame.write.mode("overwrite").parquet(exchange.output(table))
        for table in WRITES:
            exchange.load(con, table)
        label_clusters(con, job.result)
        exchange.keep(list(WRITES))
        details = {
            "engine": "spark",
            "spark_master": settings.master,
            "component_rounds": job.rounds,
            "results": {t: exchange.result(t) for t in WRITES},
        }
    return job.result, details


def trace_with_spark(
    root: Path,
    con: duckdb.DuckDBPyConnection,
    *,
    max_hops: int,
    model: Model,
    stop_at_labels: bool,
    settings: SparkSettings,
    work: str | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, TraceResult], dict[str, Any]]:
    """``trace`` of every payout and market wallet with the Spark engine (see
    :mod:`seized.spark.trace`): :func:`seized.chain.trace.trace_all` with its hop steps on
    Spark; their flows and cash-outs are loaded into the case store at the end."""
    require_pyspark()
    from seized.spark.trace import SparkTracer, cashouts, flows

    with (
        Exchange(root, work) as exchange,
        spark_session(settings, "seized trace", progress=progress) as spark,
    ):
        chain = {
            table: spark.read.parquet(exchange.share(con, table))
            for table in ("btc_inputs", "btc_outputs", "coinjoins")
        }
        shared = itertools.count()

        def share(table: str) -> str:
            return exchange.share(con, f"{table}_{next(shared)}", f"SELECT * FROM {table}")

        def write_rows(frame: Any) -> None:
            frame.write.mode("append").parquet(exchange.output("trace_rows"))

        tracers: list[SparkTracer] = []

        def tracer(*args: Any) -> SparkTracer:
            made = SparkTracer(*args, spark=spark, chain=chain, share=share, write_rows=write_rows)
            tracers.append(made)
            return made

        runs = trace_all(
            con, max_hops=max_hops, model=model, stop_at_labels=stop_at_labels, tracer=tracer
        )
        if Path(exchange.output("trace_rows")).exists() or not exchange.local:
            rows = spark.read.parquet(exchange.output("trace_rows"))
            for table, make in (("money_flows", flows), ("cashouts", cashouts)):
                make(rows, model).write.parquet(exchange.output(table))
                exchange.load(con, table, replace=False)
        exchange.keep(["money_flows", "cashouts"])
        details = {
            "engine": "spark",
            "spark_master": settings.master,
            "hop_steps": sum(t.steps for t in tracers),
            "results": {t: exchange.result(t) for t in ("money_flows", "cashouts")},
        }
    return runs, details


def link_with_spark(
    root: Path, con: duckdb.DuckDBPyConnection, options: LinkOptions
) -> tuple[LinkOutcome, dict[str, Any]]:
    """``link`` with the Spark engine: :func:`seized.link.stage.link_accounts` with the model's
    candidate pairs scored on Spark (see :mod:`seized.spark.link`). Returns the outcome and
    details for the custody entry."""
    require_pyspark()
    from seized.link.stage import link_accounts
    from seized.spark.link import WRITES, SparkScorer, jars

    settings = options.spark_settings()
    with (
        Exchange(root, options.spark_work) as exchange,
        spark_session(settings, "seized link", jars()) as spark,
    ):
        scorer = SparkScorer(spark, exchange)
        outcome = link_accounts(con, options, scorer)
        exchange.keep(list(WRITES))
        details = {
            "engine": "spark",
            "spark_master": settings.master,
            "scored_pairs": scorer.pairs,
            "results": {t: exchange.result(t) for t in WRITES},
        }
    return outcome, details


def add_export_with_spark(
    root: Path,
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    network: Network,
    settings: SparkSettings,
    work: str | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, int], dict[str, Any]]:
    """``chain add`` of a blockchain-etl export with the Spark engine (see
    :mod:`seized.spark.etl`): the job writes the new rows of the chain tables as Parquet, the
    case store adds them in one transaction once every table is written, then resolves input
    values and fees. Returns the counts of :func:`seized.chain.etl.load_export` and details
    for the custody entry."""
    require_pyspark()
    from seized.spark.etl import export_job

    export = find_export(path)
    if not export["transactions"]:
        raise UserError(f"{path}: no blockchain-etl transactions files here")
    with (
        Exchange(root, work) as exchange,
        spark_session(settings, "seized chain add", progress=progress) as spark,
    ):
        job = export_job(spark, export, _stored(con, exchange, spark), network)
        loaded = _add_rows(con, exchange, job.tables, SQL_PARENT_HASHES)
    counts = {
        "blocks_loaded": loaded["btc_blocks"],
        "transactions": loaded["btc_transactions"],
        "duplicate_txids": job.rows - loaded["btc_transactions"],
        "inputs": loaded["btc_inputs"],
        "outputs": loaded["btc_outputs"],
    }
    counts.update(resolve_chain(con))
    return counts, {"engine": "spark", "spark_master": settings.master}


def add_blocks_with_spark(
    root: Path,
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    settings: SparkSettings,
    work: str | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, int], dict[str, Any]]:
    """``chain add`` of blk files (a blocks directory or one file) with the Spark engine (see
    :mod:`seized.spark.blk`), committed as :func:`add_export_with_spark` does. Returns the
    counts of :func:`seized.chain.load.load_chain` and details for the custody entry."""
    require_pyspark()
    from seized.spark.blk import block_files, blocks_job

    files, key = block_files(path)
    with (
        Exchange(root, work) as exchange,
        spark_session(settings, "seized chain add", progress=progress) as spark,
    ):
        job = blocks_job(spark, files, key, _stored(con, exchange, spark))
        loaded = _add_rows(con, exchange, job.tables)
    counts = {
        "blocks_read": job.blocks_read,
        "blocks_loaded": loaded["btc_blocks"],
        "blocks_skipped": job.blocks_read - loaded["btc_blocks"],
        "transactions": loaded["btc_transactions"],
        "duplicate_txids": job.block_txs - loaded["btc_transactions"],
        "inputs": loaded["btc_inputs"],
        "outputs": loaded["btc_outputs"],
    }
    counts.update(resolve_chain(con))
    return counts, {"engine": "spark", "spark_master": settings.master}


def _stored(con: duckdb.DuckDBPyConnection, exchange: Exchange, spark: Any) -> dict[str, Any]:
    """What the case store holds already, for the job to leave out: ``txids`` (txid) and
    ``blocks`` (hash, height)."""
    shared = {
        "txids": ("SELECT txid FROM btc_transactions", "txid string"),
        "blocks": ("SELECT hash, height FROM btc_blocks", "hash string, height bigint"),
    }
    return {
        name: spark.read.schema(schema).parquet(exchange.share(con, f"_stored_{name}", query))
        for name, (query, schema) in shared.items()
    }


def _add_rows(
    con: duckdb.DuckDBPyConnection,
    exchange: Exchange,
    tables: dict[str, Any],
    after: str | None = None,
) -> dict[str, int]:
    """Write the job's chain tables, then add them to the case store's in one transaction
    (with the statement ``after``); returns the rows added to each."""
    for table, frame in tables.items():
        frame.write.parquet(exchange.output(table))
    # every table is written: only now does the case store change, all in one go
    with transaction(con):
        loaded = {table: exchange.load(con, table, replace=False) for table in tables}
        if after:
            con.execute(after)
    return loaded
