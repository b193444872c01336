"""``chain add`` of a blockchain-etl export on Spark: the export's files read by the executors
and normalised into the chain tables.

The same rules as :func:`seized.chain.etl.load_export`, in Spark SQL: every text column read as
text (JSON lines and Parquet, gzip allowed), times from Unix seconds or BigQuery's timestamp
texts, amounts through ``DECIMAL(38, 9)``, the output types renamed by the same ``CASE``; within
the export the lowest block height keeps a transaction id, and ids (transactions and blocks)
already in the case store are left out, so what the job writes is exactly what the case store
adds. Blocks named only by their transactions are made from them; a coinbase gets one input
row without a previous output. Scripts without a usable address in the export are classified
by :func:`seized.chain.address.script_to_address` on the executors (a Python UDF over those
outputs only).

Previous-block hashes (from the block one height lower, stored or new), input values and fees
are filled by the case store after the load, as for every other source.
"""

from __future__ import annotations

import gzip
import json
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from seized.chain.address import Network, script_to_address
from seized.chain.etl import (
    _ADDR_TYPES,
    _ADDRESS_TYPES,
    _IO_FIELDS,
    _TYPE_CASE,
    Table,
    file_format,
)
from seized.errors import InputError, UserError

_IO = (
    "array<struct<index:string, spent_transaction_hash:string, spent_output_index:string, "
    "type:string, addresses:array<string>, value:string, script_hex:string>>"
)
_COLUMNS: dict[Table, dict[str, str]] = {
    "transactions": {
        "hash": "string",
        "block_hash": "string",
        "block_number": "string",
        "block_timestamp": "string",
        "is_coinbase": "string",
        "index": "string",
        "inputs": _IO,
        "outputs": _IO,
    },
    "blocks": {
        "hash": "string",
        "number": "string",
        "timestamp": "string",
        "merkle_root": "string",
        "transaction_count": "string",
    },
}
_CORRUPT = "_corrupt_record"
_HINT = "expected the crypto_bitcoin blocks/transactions schema as JSON lines or Parquet"


@dataclass
class SparkExport:
    """The job's tables (not yet written) and the transaction rows it read (duplicates
    included)."""

    tables: dict[str, DataFrame]
    rows: int


def _ts(expr: str) -> str:
    """Spark SQL for a TIMESTAMP_NTZ from Unix seconds or a BigQuery timestamp text (no time
    zone involved: the case store's times are UTC)."""
    return (
        f"CASE WHEN {expr} RLIKE '^[0-9]+$' THEN TIMESTAMP_NTZ'1970-01-01 00:00:00' + "
        f"make_dt_interval(0, 0, 0, CAST({expr} AS BIGINT)) "
        f"ELSE CAST(regexp_replace({expr}, '( UTC|Z|[+]00(:?00)?)$', '') AS TIMESTAMP_NTZ) END"
    )


def _sats(expr: str) -> str:
    # DuckDB rounds a decimal cast to an integer, Spark truncates: round first
    return f"CAST(round(CAST({expr} AS DECIMAL(38, 9)), 0) AS BIGINT)"


def _len(expr: str) -> str:
    # size(NULL) is -1 in Spark without ANSI mode; DuckDB's len(NULL) is NULL
    return f"CAST(CASE WHEN {expr} IS NOT NULL THEN size({expr}) END AS INT)"


def _local(uri: str) -> Path:
    return Path(urllib.parse.unquote(urllib.parse.urlsplit(uri).path))


def _bad_line(path: Path, record: str) -> int | None:
    """The line of ``path`` holding ``record``, or the first line that is not a JSON object."""
    opener: Any = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                text = line.strip()
                if not text:
                    continue
                if text == record.strip():
                    return number
                try:
                    if not isinstance(json.loads(text), dict):
                        return number
                except ValueError:
                    return number
    except OSError:
        return None
    return None


def _read_json(spark: SparkSession, files: list[Path], columns: dict[str, str]) -> DataFrame:
    """JSON lines with ``columns``, and ``_corrupt_record`` (the text of a record Spark cannot
    read as the schema says) and ``_file`` (where it is) for :func:`check_records`."""
    schema = ", ".join(f"`{k}` {v}" for k, v in columns.items()) + f", {_CORRUPT} string"
    return (
        spark.read.schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", _CORRUPT)
        .json([str(f) for f in files])
        .withColumn("_file", F.input_file_name())
    )


def check_records(frame: DataFrame) -> None:
    """``InputError`` naming the file and line of the first record of ``frame`` (checkpointed:
    Spark reads no file for only its corrupt records) that Spark could not read."""
    bad = frame.where(F.col(_CORRUPT).isNotNull()).select("_file", _CORRUPT).limit(1).collect()
    if bad:
        path = _local(str(bad[0][0]))
        raise InputError(
            "not a blockchain-etl record (malformed JSON or a field of the wrong type)",
            path,
            line=_bad_line(path, str(bad[0][1])),
            hint=_HINT,
        )


def _read_parquet(spark: SparkSession, files: list[Path], columns: dict[str, str]) -> DataFrame:
    """Parquet files (their schemas merged) with ``columns`` as text; missing columns and
    missing fields of the inputs and outputs are NULL."""
    try:
        raw = spark.read.option("mergeSchema", "true").parquet(*(str(f) for f in files))
        present = {f.name: f.dataType for f in raw.schema.fields}
    except Exception as exc:  # a file Spark cannot read: not Parquet, cut short
        raise InputError(
            f"cannot read the blockchain-etl export: {str(exc).splitlines()[0]}",
            files[0].parent,
            hint=_HINT,
        ) from exc
    parts = []
    for name, kind in columns.items():
        if name not in present:
            parts.append(F.lit(None).cast(kind).alias(name))
        elif kind == _IO:
            element = getattr(present[name], "elementType", None)
            fields = set(element.names) if isinstance(element, T.StructType) else set()
            items = ", ".join(
                f"'{f}', "
                + (f"CAST(x.`{f}` AS " if f in fields else "CAST(NULL AS ")
                + ("array<string>)" if f == "addresses" else "string)")
                for f in _IO_FIELDS
            )
            parts.append(F.expr(f"transform(`{name}`, x -> named_struct({items}))").alias(name))
        else:
            parts.append(F.col(f"`{name}`").cast("string").alias(name))
    nothing = F.lit(None).cast("string")
    return raw.select(*parts, nothing.alias(_CORRUPT), nothing.alias("_file"))


def read_files(spark: SparkSession, files: list[Path], table: Table) -> DataFrame:
    """One export table (``transactions`` or ``blocks``) of ``files``, every column as text,
    with the columns :func:`check_records` reads."""
    formats = {file_format(f) for f in files}
    if len(formats) != 1:
        raise UserError(
            f"{files[0].parent}: an export mixes formats "
            f"({', '.join(sorted(map(str, formats)))}); load each format on its own"
        )
    fmt = formats.pop()
    if fmt == "json":
        return _read_json(spark, files, _COLUMNS[table])
    if fmt == "parquet":
        return _read_parquet(spark, files, _COLUMNS[table])
    raise UserError(
        f"{files[0]}: the Spark engine reads blockchain-etl exports as JSON lines or Parquet; "
        "load CSV exports with --engine duckdb"
    )


def _script_udf(network: Network) -> Any:
    """(script type, address) of an output script, as the DuckDB engine's UDFs give them."""

    def classify(script_hex: str) -> tuple[str, str | None]:
        try:
            return script_to_address(bytes.fromhex(script_hex), network)
        except ValueError:
            return "nonstandard", None

    kind = "struct<script_type:string, address:string>"
    return F.udf(classify, kind, useArrow=True)


def export_job(
    spark: SparkSession,
    export: dict[Table, list[Path]],
    stored: dict[str, DataFrame],
    network: Network,
) -> SparkExport:
    """The chain tables of ``export`` (its files by table), leaving out the transaction ids
    and block hashes of ``stored`` (``txids``: column ``txid``; ``blocks``: column ``hash``)."""
    read_files(spark, export["transactions"], "transactions").createOrReplaceTempView("_etl_raw")
    stored["txids"].createOrReplaceTempView("_etl_stored_txs")
    stored["blocks"].createOrReplaceTempView("_etl_stored_blocks")
    every = spark.sql(
        f"""
        SELECT lower(hash) AS txid, lower(block_hash) AS block_hash,
               CAST(block_number AS BIGINT) AS height, {_ts("block_timestamp")} AS time,
               lower(is_coinbase) IN ('true', '1', 't') AS is_coinbase,
               CAST(`index` AS BIGINT) AS pos, inputs, outputs, _corrupt_record, _file
        FROM _etl_raw
        """
    ).localCheckpoint()
    check_records(every)
    every = every.drop(_CORRUPT, "_file")
    every.createOrReplaceTempView("_etl_all")
    rows = every.count()
    txs = spark.sql(
        """
        SELECT txid, block_hash, height, time, is_coinbase, pos, inputs, outputs FROM (
            SELECT a.*, row_number() OVER (
                PARTITION BY a.txid ORDER BY a.height NULLS LAST, a.pos NULLS LAST) AS _n
            FROM _etl_all a LEFT ANTI JOIN _etl_stored_txs s ON s.txid = a.txid
        ) WHERE _n = 1
        """
    ).localCheckpoint()
    txs.createOrReplaceTempView("_etl_tx")
    if export["blocks"]:
        raw_blocks = read_files(spark, export["blocks"], "blocks").localCheckpoint()
        check_records(raw_blocks)
        raw_blocks.createOrReplaceTempView("_etl_raw_blocks")
        named = spark.sql(
            f"""
            SELECT hash, height, time, merkle_root, tx_count FROM (
                SELECT lower(hash) AS hash, CAST(number AS BIGINT) AS height,
                       {_ts("`timestamp`")} AS time, lower(merkle_root) AS merkle_root,
                       CAST(transaction_count AS INT) AS tx_count,
                       row_number() OVER (PARTITION BY lower(hash) ORDER BY number) AS _n
                FROM _etl_raw_blocks
            ) WHERE _n = 1
            """
        )
    else:
        named = spark.createDataFrame(
            [], "hash string, height bigint, time timestamp_ntz, merkle_root string, tx_count int"
        )
    named.createOrReplaceTempView("_etl_named_blocks")
    # blocks named only by their transactions (no blocks file, or an incomplete one)
    blocks = spark.sql(
        """
        WITH every_block AS (
            SELECT * FROM _etl_named_blocks
            UNION ALL
            SELECT a.block_hash, any_value(a.height, true), min(a.time),
                   CAST(NULL AS STRING), CAST(count(DISTINCT a.txid) AS INT)
            FROM _etl_all a LEFT ANTI JOIN _etl_named_blocks n ON n.hash = a.block_hash
            WHERE a.block_hash IS NOT NULL
            GROUP BY a.block_hash
        )
        SELECT height, hash, CASE WHEN height = 0 THEN repeat('0', 64) END AS prev_hash,
               merkle_root, time, tx_count
        FROM every_block b LEFT ANTI JOIN _etl_stored_blocks s ON s.hash = b.hash
        """
    )
    outputs = _outputs(spark, network)
    inputs = spark.sql(
        f"""
        SELECT t.txid, CAST(i.`index` AS INT) AS idx,
               lower(i.spent_transaction_hash) AS prev_txid,
               CAST(i.spent_output_index AS BIGINT) AS prev_vout,
               CASE WHEN {_TYPE_CASE.replace("o.type", "i.type")} IN ({_ADDR_TYPES})
                    THEN get(i.addresses, 0) END AS address,
               {_sats("i.value")} AS value_sats
        FROM _etl_tx t LATERAL VIEW explode(t.inputs) e AS i
        WHERE NOT t.is_coinbase
        UNION ALL
        SELECT txid, 0, CAST(NULL AS STRING), CAST(NULL AS BIGINT), CAST(NULL AS STRING),
               CAST(NULL AS BIGINT)
        FROM _etl_tx WHERE is_coinbase
        """
    ).localCheckpoint()
    inputs.createOrReplaceTempView("_etl_in")
    transactions = spark.sql(
        f"""
        SELECT t.txid, t.height AS block_height, t.block_hash, t.time, t.is_coinbase,
               CASE WHEN t.is_coinbase THEN 1 ELSE {_len("t.inputs")} END AS n_inputs,
               {_len("t.outputs")} AS n_outputs, i.input_sats,
               coalesce(o.output_sats, 0) AS output_sats,
               i.input_sats - coalesce(o.output_sats, 0) AS fee_sats
        FROM _etl_tx t
        LEFT JOIN (SELECT txid, sum(value_sats) AS output_sats FROM _etl_out GROUP BY txid) o
            ON o.txid = t.txid
        LEFT JOIN (
            SELECT txid, sum(value_sats) AS input_sats FROM _etl_in
            GROUP BY txid HAVING count(*) = count(value_sats)
        ) i ON i.txid = t.txid
        """
    )
    tables = {
        "btc_blocks": blocks,
        "btc_transactions": transactions,
        "btc_inputs": inputs,
        "btc_outputs": outputs,
    }
    return SparkExport(tables, rows)


def _outputs(spark: SparkSession, network: Network) -> DataFrame:
    """``btc_outputs`` of the new transactions (also the view ``_etl_out``): the export's type
    and first address where it has a usable one, else the script classified."""
    typed = spark.sql(
        f"""
        SELECT t.txid, CAST(o.`index` AS INT) AS vout, {_sats("o.value")} AS value_sats,
               {_TYPE_CASE} AS etl_type, get(o.addresses, 0) AS etl_address, o.script_hex
        FROM _etl_tx t LATERAL VIEW explode(t.outputs) e AS o
        """
    )
    usable = F.coalesce(F.col("etl_type").isin(*_ADDRESS_TYPES), F.lit(False))
    classify = usable | F.col("script_hex").isNull()
    known = typed.where(classify).select(
        "txid",
        "vout",
        F.when(usable, F.col("etl_address")).alias("address"),
        "value_sats",
        F.col("etl_type").alias("script_type"),
    )
    script = _script_udf(network)
    scripts = (
        typed.where(~classify)
        .withColumn("_s", script("script_hex"))
        .select("txid", "vout", "_s.address", "value_sats", "_s.script_type")
    )
    outputs = known.unionByName(scripts).localCheckpoint()
    outputs.createOrReplaceTempView("_etl_out")
    return outputs
