"""``chain add`` of Bitcoin Core blk files on Spark: each file parsed by an executor with the
block parser of the DuckDB engine, the chain tables built in Spark SQL.

The files are spread over the executors, one task per file, and each is read with
:func:`seized.chain.blk.iter_blk_file` and :func:`seized.chain.record.block_to_record` (the
compiled block walk, the same script classification): one row per block, its transactions,
inputs and outputs as arrays. The rules then are :func:`seized.chain.load.load_chain`'s: blocks
in file order (file by file, in name order, then by offset), the first copy of a block hash
kept and blocks already stored skipped; of the new blocks' transactions the first copy of an
id not stored yet kept, with its inputs and outputs. A block's height comes from its parent
(genesis 0, a stored parent's height, or a parent loaded with it: found for every block at once
by pointer jumping, in about log2 of the chain's length rounds), else from its BIP34 coinbase
height. Input values and fees are resolved by the case store after the load.

Bad bytes in a file give an ``InputError`` naming the file and the byte offset, as with DuckDB.
The files must be readable by every executor at the same path (the directory on shared storage).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from seized.chain.blk import blk_files, is_blk_file, iter_blk_file, read_xor_key
from seized.chain.load import _bip34_height
from seized.chain.record import block_to_record
from seized.errors import InputError, UserError

#: rounds of pointer jumping after which the parents are taken to form a cycle
MAX_ROUNDS = 64
_ZERO_HASH = "0" * 64

#: one parsed block (or, with ``error``, the first bad record of a file)
_BLOCK = (
    "file int, offset long, hash string, prev_hash string, merkle_root string, time long, "
    "bip34 long, error string, "
    "txs array<struct<txid:string, is_coinbase:boolean, n_inputs:int, n_outputs:int, "
    "output_sats:long>>, "
    "inputs array<struct<tx:int, idx:int, prev_txid:string, prev_vout:long>>, "
    "outputs array<struct<tx:int, vout:int, address:string, value_sats:long, "
    "script_type:string>>"
)
#: blocks per Arrow batch a parsing task gives back
_BATCH = 64


@dataclass
class SparkBlocks:
    """The job's tables (not yet written), the blocks it read and the transactions of the
    blocks it keeps (duplicates included)."""

    tables: dict[str, DataFrame]
    blocks_read: int
    block_txs: int


def block_files(path: Path) -> tuple[list[Path], bytes | None]:
    """The blk files of ``path`` (a blocks directory or one blk file) and the directory's XOR
    key; ``UserError`` for anything else (a raw block loads with DuckDB)."""
    if path.is_dir():
        files = blk_files(path)
        if not files:
            raise UserError(f"{path}: no block files in this directory")
        return files, read_xor_key(path)
    key = read_xor_key(path.parent)
    if not (path.is_file() and is_blk_file(path, key)):
        raise UserError(
            f"{path}: the Spark engine loads blk files and directories of them; load a raw "
            "block with --engine duckdb"
        )
    return [path], key


def _block_row(file: int, block: Any) -> dict[str, Any]:
    record = block_to_record(block, network=block.network)
    return {
        "file": file,
        "offset": block.offset,
        "hash": record.hash,
        "prev_hash": record.prev_hash,
        "merkle_root": record.merkle_root,
        "time": record.time,
        "bip34": _bip34_height(block, block.network),
        "txs": [
            {"txid": t, "is_coinbase": c, "n_inputs": i, "n_outputs": o, "output_sats": s}
            for t, c, i, o, s in zip(
                record.txids,
                record.tx_coinbase,
                record.tx_n_inputs,
                record.tx_n_outputs,
                record.tx_output_sats,
                strict=True,
            )
        ],
        "inputs": [
            {"tx": t, "idx": i, "prev_txid": p, "prev_vout": v}
            for t, i, p, v in zip(
                record.in_tx, record.in_idx, record.in_prev_txid, record.in_prev_vout, strict=True
            )
        ],
        "outputs": [
            {"tx": t, "vout": v, "address": a, "value_sats": s, "script_type": k}
            for t, v, a, s, k in zip(
                record.out_tx,
                record.out_vout,
                record.out_address,
                record.out_value,
                record.out_type,
                strict=True,
            )
        ],
    }


def parse_files(
    batches: Iterator[pa.RecordBatch], xor_key: bytes | None, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """The blocks of each file named by the batches (columns ``file``, ``path``); a file's bad
    record ends it with an error row."""
    for batch in batches:
        for item in batch.to_pylist():
            rows: list[dict[str, Any]] = []
            try:
                for block in iter_blk_file(Path(item["path"]), xor_key=xor_key):
                    rows.append(_block_row(item["file"], block))
                    if len(rows) >= _BATCH:
                        yield pa.RecordBatch.from_pylist(rows, schema=schema)
                        rows = []
            except InputError as exc:
                rows.append({"file": item["file"], "offset": exc.offset, "error": exc.reason})
            if rows:
                yield pa.RecordBatch.from_pylist(rows, schema=schema)


def _heights(blocks: DataFrame, stored: DataFrame) -> DataFrame:
    """(hash, height) of the new ``blocks`` (hash, prev_hash, bip34): from the parent, by
    pointer jumping over the parents loaded with them, else BIP34."""
    parents = blocks.select(F.col("hash").alias("prev_hash"), F.lit(True).alias("_new"))
    known = stored.select(
        F.col("hash").alias("prev_hash"), (F.col("height") + 1).alias("_from_stored")
    )
    start = (
        blocks.join(parents, "prev_hash", "left")
        .join(known, "prev_hash", "left")
        .select(
            "hash",
            F.when(F.col("_new"), F.col("prev_hash")).alias("anc"),
            F.when(F.col("_new"), F.lit(1)).otherwise(F.lit(0)).cast("long").alias("dist"),
            F.when(F.col("prev_hash") == _ZERO_HASH, F.lit(0))
            .otherwise(F.coalesce("_from_stored", "bip34"))
            .cast("long")
            .alias("base"),
            "bip34",
        )
    ).localCheckpoint()
    current = start
    rounds = 0
    while current.where(F.col("anc").isNotNull()).limit(1).count():
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise UserError("the blocks' parents form a cycle: not a block chain")
        up = current.select(
            F.col("hash").alias("anc"),
            F.col("anc").alias("_anc"),
            F.col("dist").alias("_dist"),
            F.col("base").alias("_base"),
        )
        following = (
            current.join(up, "anc", "left")
            .select(
                "hash",
                F.when(F.col("anc").isNotNull(), F.col("_anc")).alias("anc"),
                (F.col("dist") + F.coalesce("_dist", F.lit(0))).alias("dist"),
                F.when(F.col("anc").isNotNull(), F.col("_base"))
                .otherwise(F.col("base"))
                .alias("base"),
                "bip34",
            )
            .localCheckpoint()
        )
        current.unpersist()
        current = following
    return current.select(
        "hash", F.coalesce(F.col("base") + F.col("dist"), F.col("bip34")).alias("height")
    )


def blocks_job(
    spark: SparkSession,
    files: list[Path],
    xor_key: bytes | None,
    stored: dict[str, DataFrame],
) -> SparkBlocks:
    """The chain tables of the blk ``files`` (in load order), leaving out the transaction ids
    and blocks of ``stored`` (``txids``: ``txid``; ``blocks``: ``hash``, ``height``)."""
    names = spark.createDataFrame(
        [(k, str(f)) for k, f in enumerate(files)], "file int, path string"
    ).repartition(len(files), "file")
    schema = spark.createDataFrame([], _BLOCK).schema
    arrow = pa.schema(
        [
            pa.field("file", pa.int32()),
            pa.field("offset", pa.int64()),
            pa.field("hash", pa.string()),
            pa.field("prev_hash", pa.string()),
            pa.field("merkle_root", pa.string()),
            pa.field("time", pa.int64()),
            pa.field("bip34", pa.int64()),
            pa.field("error", pa.string()),
            pa.field("txs", _arrow_list(schema["txs"].dataType)),
            pa.field("inputs", _arrow_list(schema["inputs"].dataType)),
            pa.field("outputs", _arrow_list(schema["outputs"].dataType)),
        ]
    )
    parsed = names.mapInArrow(partial(parse_files, xor_key=xor_key, schema=arrow), _BLOCK)
    parsed = parsed.localCheckpoint()
    bad = parsed.where("error IS NOT NULL").orderBy("file", "offset").limit(1).collect()
    if bad:
        raise InputError(
            str(bad[0]["error"]),
            files[int(bad[0]["file"])],
            offset=bad[0]["offset"],
            hint="is this a Bitcoin Core blk*.dat file (and is xor.dat beside it)?",
        )
    parsed.createOrReplaceTempView("_blk_all")
    stored["txids"].createOrReplaceTempView("_blk_stored_txs")
    stored["blocks"].createOrReplaceTempView("_blk_stored_blocks")
    read = parsed.count()
    new = spark.sql(
        """
        SELECT * FROM (
            SELECT a.*, row_number() OVER (PARTITION BY a.hash ORDER BY a.file, a.offset) AS _n
            FROM _blk_all a LEFT ANTI JOIN _blk_stored_blocks s ON s.hash = a.hash
        ) WHERE _n = 1
        """
    ).drop("_n")
    heights = _heights(new.select("hash", "prev_hash", "bip34"), stored["blocks"])
    new = new.join(heights, "hash").localCheckpoint()
    new.createOrReplaceTempView("_blk_new")
    block_txs = new.agg(F.sum(F.size("txs"))).collect()[0][0] or 0
    txs = spark.sql(
        """
        SELECT * FROM (
            SELECT b.file, b.offset, b.hash AS block_hash, b.height, b.time, p.pos, p.t,
                   row_number() OVER (PARTITION BY p.t.txid ORDER BY b.file, b.offset) AS _n
            FROM _blk_new b LATERAL VIEW posexplode(b.txs) p AS pos, t
        ) s WHERE _n = 1 AND NOT EXISTS (SELECT 1 FROM _blk_stored_txs x WHERE x.txid = s.t.txid)
        """
    ).localCheckpoint()
    txs.createOrReplaceTempView("_blk_tx")
    time = "TIMESTAMP_NTZ'1970-01-01 00:00:00' + make_dt_interval(0, 0, 0, {})"
    tables = {
        "btc_blocks": spark.sql(
            f"""
            SELECT height, hash, prev_hash, merkle_root, {time.format("time")} AS time,
                   CAST(size(txs) AS INT) AS tx_count
            FROM _blk_new
            """
        ),
        "btc_transactions": spark.sql(
            f"""
            SELECT t.txid, height AS block_height, block_hash, {time.format("time")} AS time,
                   t.is_coinbase, t.n_inputs, t.n_outputs, CAST(NULL AS BIGINT) AS input_sats,
                   t.output_sats, CAST(NULL AS BIGINT) AS fee_sats
            FROM _blk_tx
            """
        ),
        "btc_inputs": spark.sql(
            """
            SELECT t.t.txid, i.i.idx, i.i.prev_txid, i.i.prev_vout,
                   CAST(NULL AS STRING) AS address, CAST(NULL AS BIGINT) AS value_sats
            FROM (SELECT file, offset, i FROM _blk_new LATERAL VIEW explode(inputs) e AS i) i
            JOIN _blk_tx t ON t.file = i.file AND t.offset = i.offset AND t.pos = i.i.tx
            """
        ),
        "btc_outputs": spark.sql(
            """
            SELECT t.t.txid, o.o.vout, o.o.address, o.o.value_sats, o.o.script_type
            FROM (SELECT file, offset, o FROM _blk_new LATERAL VIEW explode(outputs) e AS o) o
            JOIN _blk_tx t ON t.file = o.file AND t.offset = o.offset AND t.pos = o.o.tx
            """
        ),
    }
    return SparkBlocks(tables, read, int(block_txs))


def _arrow_list(spark_type: Any) -> pa.DataType:
    kinds = {
        "string": pa.string(),
        "int": pa.int32(),
        "bigint": pa.int64(),
        "boolean": pa.bool_(),
    }
    element = spark_type.elementType
    return pa.list_(pa.struct([(f.name, kinds[f.dataType.simpleString()]) for f in element.fields]))
