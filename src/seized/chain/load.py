"""Writing chain records into the case store: btc_blocks, btc_transactions, btc_inputs, btc_outputs.

Records are gathered into Arrow batches of bounded size and staged as Parquet files beside the
store; then one database transaction writes them all with set-based SQL, so a killed load leaves
every block or none. Loading is idempotent: a block whose hash is already stored is skipped, and a
transaction id already stored (the two BIP30 duplicate coinbases, or a transaction repeated in a
stale block) keeps its first row. Inputs are written with the value and address of the outputs
they spend, and transactions whose inputs are all known with their input total and fee; inputs
whose outputs were stored later than they were are resolved afterwards, all in SQL.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from seized.chain.address import Network
from seized.chain.block import Block
from seized.chain.record import ChainBlock, block_to_record
from seized.db import quote_literal, transaction

#: Flush a batch when it holds this many inputs plus outputs.
BATCH_ROWS = 200_000
_ZERO_HASH = "0" * 64
#: Lowest plausible BIP34 height on mainnet: no version-2 block is older (used as a sanity bound).
_BIP34_MIN = {"mainnet": 200_000, "testnet": 1, "regtest": 1}

_BLOCKS = pa.schema(
    [
        ("seq", pa.int64()),
        ("hash", pa.string()),
        ("prev_hash", pa.string()),
        ("merkle_root", pa.string()),
        ("height", pa.int64()),
        ("time", pa.timestamp("s")),
        ("tx_count", pa.int32()),
    ]
)
_TXS = pa.schema(
    [
        ("seq", pa.int64()),
        ("pos", pa.int32()),
        ("txid", pa.string()),
        ("is_coinbase", pa.bool_()),
        ("n_inputs", pa.int32()),
        ("n_outputs", pa.int32()),
        ("output_sats", pa.int64()),
        ("fee_sats", pa.int64()),
    ]
)
_INPUTS = pa.schema(
    [
        ("seq", pa.int64()),
        ("tx", pa.int32()),
        ("idx", pa.int32()),
        ("prev_txid", pa.string()),
        ("prev_vout", pa.int64()),
        ("address", pa.string()),
        ("value_sats", pa.int64()),
    ]
)
_STAGED = ("blocks", "txs", "inputs", "outputs")
_STAGING_PREFIX = "seized-chain-"
_OUTPUTS = pa.schema(
    [
        ("seq", pa.int64()),
        ("tx", pa.int32()),
        ("vout", pa.int32()),
        ("address", pa.string()),
        ("value_sats", pa.int64()),
        ("script_type", pa.string()),
    ]
)

# The staged load, read from Parquet (the {blocks} ... placeholders): new blocks (the first copy
# of each hash not stored yet), their transactions (the first copy of each txid not stored yet),
# then those transactions' rows. NOT EXISTS, not NOT IN: DuckDB then hashes the staged ids and
# scans the stored ones once.
_SQL_NEW_BLOCKS = """
CREATE OR REPLACE TEMP TABLE _chain_new_blocks AS
SELECT hash, min(seq) AS seq FROM {blocks} AS s
WHERE NOT EXISTS (SELECT 1 FROM btc_blocks AS b WHERE b.hash = s.hash)
GROUP BY hash
"""
_SQL_INSERT_BLOCKS = """
INSERT INTO btc_blocks (height, hash, prev_hash, merkle_root, time, tx_count)
SELECT b.height, b.hash, b.prev_hash, b.merkle_root, b.time, b.tx_count
FROM {blocks} b JOIN _chain_new_blocks n USING (hash, seq)
"""
_SQL_NEW_TXS = """
CREATE OR REPLACE TEMP TABLE _chain_new_txs AS
SELECT t.* FROM {txs} t SEMI JOIN _chain_new_blocks n USING (seq)
WHERE NOT EXISTS (SELECT 1 FROM btc_transactions AS s WHERE s.txid = t.txid)
"""
# a txid staged twice keeps its first copy; so rare that finding them beats a window over all
_SQL_DROP_REPEATS = """
DELETE FROM _chain_new_txs AS t USING (
    SELECT txid, min({'seq': seq, 'pos': pos}) AS first FROM _chain_new_txs
    GROUP BY txid HAVING count(*) > 1
) AS f
WHERE t.txid = f.txid AND {'seq': t.seq, 'pos': t.pos} > f.first
"""
_SQL_INSERT_OUTPUTS = """
INSERT INTO btc_outputs (txid, vout, address, value_sats, script_type)
SELECT t.txid, o.vout, o.address, o.value_sats, o.script_type
FROM {outputs} o JOIN _chain_new_txs t ON t.seq = o.seq AND t.pos = o.tx
"""
# inputs take the value and address of the output they spend when it is stored (this load's
# outputs are, by now), as resolve_chain gives them to inputs stored earlier
_SQL_INSERT_INPUTS = """
INSERT INTO btc_inputs (txid, idx, prev_txid, prev_vout, address, value_sats)
SELECT t.txid, i.idx, i.prev_txid, i.prev_vout,
       CASE WHEN o.txid IS NULL THEN i.address ELSE o.address END,
       CASE WHEN o.txid IS NULL THEN i.value_sats ELSE o.value_sats END
FROM {inputs} i JOIN _chain_new_txs t ON t.seq = i.seq AND t.pos = i.tx
LEFT JOIN btc_outputs AS o
  ON i.value_sats IS NULL AND i.prev_txid IS NOT NULL
 AND o.txid = i.prev_txid AND o.vout = i.prev_vout
"""
# a fee the source states, else the input total less the outputs when every input is known
_SQL_INSERT_TXS = """
INSERT INTO btc_transactions (txid, block_height, block_hash, time, is_coinbase, n_inputs,
                              n_outputs, input_sats, output_sats, fee_sats)
SELECT t.txid, b.height, b.hash, b.time, t.is_coinbase, t.n_inputs, t.n_outputs,
       CASE WHEN t.fee_sats IS NOT NULL THEN t.output_sats + t.fee_sats
            WHEN NOT t.is_coinbase AND s.known THEN s.input_sats END,
       t.output_sats,
       CASE WHEN t.fee_sats IS NOT NULL THEN t.fee_sats
            WHEN NOT t.is_coinbase AND s.known THEN s.input_sats - t.output_sats END
FROM _chain_new_txs t JOIN {blocks} b USING (seq)
LEFT JOIN (
    SELECT txid, sum(value_sats) AS input_sats, count(*) = count(value_sats) AS known
    FROM btc_inputs SEMI JOIN _chain_new_txs USING (txid)
    GROUP BY txid
) AS s USING (txid)
"""
_SQL_STAGED_COUNTS = """
SELECT (SELECT count(*) FROM _chain_new_blocks),
       (SELECT count(*) FROM _chain_new_txs),
       (SELECT count(*) FROM {txs} SEMI JOIN _chain_new_blocks USING (seq))
"""
_SQL_UNRESOLVED = (
    "SELECT count(*) FROM btc_inputs WHERE value_sats IS NULL AND prev_txid IS NOT NULL"
)

# After loading: heights of blocks whose parent arrived later, inputs from spent outputs, fees.
_SQL_FILL_HEIGHTS = """
UPDATE btc_blocks AS b SET height = p.height + 1
FROM btc_blocks AS p
WHERE b.prev_hash = p.hash AND b.height IS NULL AND p.height IS NOT NULL
"""
_SQL_FILL_PARENT_HEIGHTS = """
UPDATE btc_blocks AS b SET height = c.height - 1
FROM btc_blocks AS c
WHERE c.prev_hash = b.hash AND b.height IS NULL AND c.height IS NOT NULL
"""
_SQL_TX_HEIGHTS = """
UPDATE btc_transactions AS t SET block_height = b.height
FROM btc_blocks AS b
WHERE t.block_hash = b.hash AND t.block_height IS NULL AND b.height IS NOT NULL
"""
# Inputs get the value and address of the outputs they spend. The table is written again from a
# join rather than UPDATEd in place: DuckDB updates row by row, which took 16 us an input (hours
# for an AlphaBay-size chain); the join and the rewrite take about 3 us.
_SQL_RESOLVABLE = """
SELECT count(*) FROM btc_inputs AS i JOIN btc_outputs AS o
  ON o.txid = i.prev_txid AND o.vout = i.prev_vout
WHERE i.value_sats IS NULL AND i.prev_txid IS NOT NULL
"""
_SQL_RESOLVED_INPUTS = """
CREATE OR REPLACE TEMP TABLE _chain_inputs AS
SELECT i.txid, i.idx, i.prev_txid, i.prev_vout,
       CASE WHEN o.txid IS NULL THEN i.address ELSE o.address END AS address,
       CASE WHEN o.txid IS NULL THEN i.value_sats ELSE o.value_sats END AS value_sats
FROM btc_inputs AS i LEFT JOIN btc_outputs AS o
  ON i.value_sats IS NULL AND i.prev_txid IS NOT NULL
 AND o.txid = i.prev_txid AND o.vout = i.prev_vout
"""
_SQL_FEES = """
UPDATE btc_transactions AS t
SET input_sats = s.input_sats, fee_sats = s.input_sats - t.output_sats
FROM (
    SELECT txid, sum(value_sats) AS input_sats
    FROM btc_inputs SEMI JOIN (
        SELECT txid FROM btc_transactions WHERE input_sats IS NULL AND NOT is_coinbase
    ) USING (txid)
    GROUP BY txid
    HAVING count(*) = count(value_sats)
) AS s
WHERE t.txid = s.txid AND t.input_sats IS NULL AND NOT t.is_coinbase
"""


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    """Run one statement to completion; returns the first value of its result (or 0)."""
    rows = con.execute(sql, params or []).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


@dataclass
class _Batch:
    blocks: dict[str, list[object]] = field(default_factory=dict)
    txs: dict[str, list[object]] = field(default_factory=dict)
    inputs: dict[str, list[object]] = field(default_factory=dict)
    outputs: dict[str, list[object]] = field(default_factory=dict)
    rows: int = 0

    def __post_init__(self) -> None:
        for store, schema in (
            (self.blocks, _BLOCKS),
            (self.txs, _TXS),
            (self.inputs, _INPUTS),
            (self.outputs, _OUTPUTS),
        ):
            for name in schema.names:
                store[name] = []

    def add(self, seq: int, record: ChainBlock) -> None:
        n_tx, n_in, n_out = record.tx_count, len(record.in_tx), len(record.out_tx)
        b = self.blocks
        b["seq"].append(seq)
        b["hash"].append(record.hash)
        b["prev_hash"].append(record.prev_hash)
        b["merkle_root"].append(record.merkle_root)
        b["height"].append(record.height)
        b["time"].append(record.time)
        b["tx_count"].append(n_tx)
        t = self.txs
        t["seq"].extend([seq] * n_tx)
        t["pos"].extend(range(n_tx))  # the position within the block that rows refer to
        t["txid"].extend(record.txids)
        t["is_coinbase"].extend(record.tx_coinbase)
        t["n_inputs"].extend(record.tx_n_inputs)
        t["n_outputs"].extend(record.tx_n_outputs)
        t["output_sats"].extend(record.tx_output_sats)
        t["fee_sats"].extend(record.tx_fee_sats)
        i = self.inputs
        i["seq"].extend([seq] * n_in)
        i["tx"].extend(record.in_tx)
        i["idx"].extend(record.in_idx)
        i["prev_txid"].extend(record.in_prev_txid)
        i["prev_vout"].extend(record.in_prev_vout)
        i["address"].extend(record.in_address)
        i["value_sats"].extend(record.in_value)
        o = self.outputs
        o["seq"].extend([seq] * n_out)
        o["tx"].extend(record.out_tx)
        o["vout"].extend(record.out_vout)
        o["address"].extend(record.out_address)
        o["value_sats"].extend(record.out_value)
        o["script_type"].extend(record.out_type)
        self.rows += n_in + n_out + 1

    def tables(self) -> dict[str, pa.Table]:
        return {
            "blocks": pa.Table.from_pydict(self.blocks, schema=_BLOCKS),
            "txs": pa.Table.from_pydict(self.txs, schema=_TXS),
            "inputs": pa.Table.from_pydict(self.inputs, schema=_INPUTS),
            "outputs": pa.Table.from_pydict(self.outputs, schema=_OUTPUTS),
        }


class _Stage:
    """The staged load: one Parquet file per table, written batch by batch."""

    def __init__(self, directory: Path) -> None:
        self.paths = {name: directory / f"{name}.parquet" for name in _STAGED}
        self._writers: dict[str, pq.ParquetWriter] = {}

    def write(self, batch: _Batch) -> None:
        for name, table in batch.tables().items():
            if name not in self._writers:
                self._writers[name] = pq.ParquetWriter(
                    self.paths[name],
                    table.schema,
                    # hashes are unique: dictionaries do not pay; LZ4 costs little
                    compression="lz4",
                    use_dictionary=["script_type"],
                )
            self._writers[name].write_table(table)

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()

    def sql(self, template: str) -> str:
        """``template`` with ``{blocks}`` and the other staged tables as Parquet readers."""
        readers = {name: f"read_parquet({quote_literal(str(p))})" for name, p in self.paths.items()}
        return template.format(**readers)


class _Heights:
    """Gives blocks without a stated height one from their parent: one read earlier in this
    load (all are kept: about 150 bytes a block) or one already stored."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._recent: dict[str, int | None] = {}

    def height(self, record: ChainBlock, bip34: int | None) -> int | None:
        height = record.height
        if height is None:
            if record.prev_hash == _ZERO_HASH:
                height = 0
            elif record.prev_hash in self._recent:
                parent = self._recent[record.prev_hash]
                height = None if parent is None else parent + 1
            else:
                rows = self._con.execute(
                    "SELECT height FROM btc_blocks WHERE hash = ?", [record.prev_hash]
                ).fetchall()
                if rows and rows[0][0] is not None:
                    height = int(rows[0][0]) + 1
            if height is None:
                height = bip34
        self._recent[record.hash] = height
        return height


def _bip34_height(block: Block, network: Network) -> int | None:
    height = block.coinbase_height()
    if height is None or height < _BIP34_MIN[network] or height > 10_000_000:
        return None
    return height


def load_chain(
    con: duckdb.DuckDBPyConnection,
    records: Iterable[Block | ChainBlock],
    *,
    source: str,
    batch_rows: int = BATCH_ROWS,
) -> dict[str, int]:
    """Write blocks into the case store and resolve spent outputs; returns counts.

    ``records`` are parsed raw blocks or :class:`ChainBlock` records from any source; ``source``
    names where they came from (for the counts and messages). The counts are ``blocks_read``,
    ``blocks_loaded``, ``blocks_skipped`` (already stored), ``transactions``,
    ``duplicate_txids`` (a txid already stored, kept once), ``inputs``, ``outputs``,
    ``inputs_resolved`` (given a value from a stored output by this call) and
    ``inputs_unresolved`` (still without a value: their outputs are not in the store).

    The records are staged in a temporary directory beside the store (DuckDB's
    ``temp_directory``), batches of ``batch_rows`` inputs and outputs at a time, and written in
    one transaction when the last one is read.
    """
    counts = {
        "blocks_read": 0,
        "blocks_loaded": 0,
        "blocks_skipped": 0,
        "transactions": 0,
        "duplicate_txids": 0,
        "inputs": 0,
        "outputs": 0,
        "inputs_resolved": 0,
    }
    with tempfile.TemporaryDirectory(prefix=_STAGING_PREFIX, dir=_staging_parent(con)) as tmp:
        stage = _Stage(Path(tmp))
        try:
            _read(con, records, batch_rows, stage, counts)
        finally:
            stage.close()
        if counts["blocks_read"]:
            _insert(con, stage, counts)
    resolved = resolve_chain(con)
    counts["inputs_resolved"] += resolved["inputs_resolved"]
    counts["inputs_unresolved"] = resolved["inputs_unresolved"]
    return counts


def _staging_parent(con: duckdb.DuckDBPyConnection) -> str | None:
    """DuckDB's spill directory for a store on disk (made if missing); None (the system's
    temporary directory) for one in memory.

    The store on disk has one writer at a time (DuckDB locks its file), so staging left in its
    spill directory is that of a load that was killed: it is removed."""
    rows = con.execute(
        "SELECT current_setting('temp_directory'), "
        "(SELECT path FROM duckdb_databases() WHERE database_name = current_database())"
    ).fetchall()
    spill, path = rows[0] if rows else (None, None)
    if not spill or not path:
        return None
    parent = Path(spill)
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f"{_STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    return str(parent)


def _read(
    con: duckdb.DuckDBPyConnection,
    records: Iterable[Block | ChainBlock],
    batch_rows: int,
    stage: _Stage,
    counts: dict[str, int],
) -> None:
    heights = _Heights(con)
    batch = _Batch()
    for seq, item in enumerate(records):
        if isinstance(item, Block):
            bip34 = _bip34_height(item, item.network)
            record = block_to_record(item, network=item.network)
        else:
            bip34 = None
            record = item
        record.height = heights.height(record, bip34)
        batch.add(seq, record)
        counts["blocks_read"] += 1
        if batch.rows >= batch_rows:
            stage.write(batch)
            batch = _Batch()
    if batch.rows:
        stage.write(batch)


def _insert(con: duckdb.DuckDBPyConnection, stage: _Stage, counts: dict[str, int]) -> None:
    """Write the staged records in one transaction (see the SQL above for the rules)."""
    unresolved_before = _run(con, _SQL_UNRESOLVED)
    with transaction(con):
        _run(con, stage.sql(_SQL_NEW_BLOCKS))
        _run(con, stage.sql(_SQL_INSERT_BLOCKS))
        _run(con, stage.sql(_SQL_NEW_TXS))
        _run(con, _SQL_DROP_REPEATS)
        outputs = _run(con, stage.sql(_SQL_INSERT_OUTPUTS))
        inputs = _run(con, stage.sql(_SQL_INSERT_INPUTS))
        _run(con, stage.sql(_SQL_INSERT_TXS))
        new_blocks, new_txs, block_txs = con.execute(stage.sql(_SQL_STAGED_COUNTS)).fetchall()[0]
        # staged inputs without a value, less those still without one: the ones given one here
        waiting = _run(
            con,
            stage.sql(
                "SELECT count(*) FROM {inputs} i JOIN _chain_new_txs t"
                " ON t.seq = i.seq AND t.pos = i.tx"
                " WHERE i.value_sats IS NULL AND i.prev_txid IS NOT NULL"
            ),
        )
        unresolved_after = _run(con, _SQL_UNRESOLVED)
        _run(con, "DROP TABLE _chain_new_txs")
        _run(con, "DROP TABLE _chain_new_blocks")
    counts["blocks_loaded"] += int(new_blocks)
    counts["blocks_skipped"] += counts["blocks_read"] - int(new_blocks)
    counts["transactions"] += int(new_txs)
    counts["duplicate_txids"] += int(block_txs) - int(new_txs)
    counts["inputs"] += inputs
    counts["outputs"] += outputs
    counts["inputs_resolved"] += unresolved_before + waiting - unresolved_after


def resolve_chain(con: duckdb.DuckDBPyConnection, *, max_rounds: int = 10_000) -> dict[str, int]:
    """Fill derived columns: missing heights, input values and addresses, input totals and fees.

    Safe to run again; it only touches rows still missing a value.
    """
    for _ in range(max_rounds):
        if not _run(con, _SQL_FILL_HEIGHTS) + _run(con, _SQL_FILL_PARENT_HEIGHTS):
            break
    _run(con, _SQL_TX_HEIGHTS)
    # the join is skipped when no input waits for a value (after a load of whole chains)
    resolved = _run(con, _SQL_RESOLVABLE) if _run(con, _SQL_UNRESOLVED) else 0
    if resolved:
        _run(con, "BEGIN TRANSACTION")
        try:
            _run(con, _SQL_RESOLVED_INPUTS)
            _run(con, "DELETE FROM btc_inputs")
            _run(con, "INSERT INTO btc_inputs SELECT * FROM _chain_inputs")
            _run(con, "DROP TABLE _chain_inputs")
            _run(con, "COMMIT")
        except BaseException:
            _run(con, "ROLLBACK")
            raise
    _run(con, _SQL_FEES)
    unresolved = _run(con, _SQL_UNRESOLVED)
    return {"inputs_resolved": resolved, "inputs_unresolved": unresolved}
