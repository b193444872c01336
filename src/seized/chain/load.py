"""Writing chain records into the case store: btc_blocks, btc_transactions, btc_inputs, btc_outputs.

Records are gathered into Arrow batches of bounded size and inserted with set-based SQL, one
database transaction per batch, so a killed load leaves whole blocks or none. Loading is
idempotent: a block whose hash is already stored is skipped, and a transaction id already stored
(the two BIP30 duplicate coinbases, or a transaction repeated in a stale block) keeps its first
row. After the last batch, inputs get the value and address of the outputs they spend, and
transactions whose inputs are all known get their input total and fee, all in SQL.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from seized.chain.address import Network
from seized.chain.block import Block
from seized.chain.record import ChainBlock, block_to_record

#: Flush a batch when it holds this many inputs plus outputs.
BATCH_ROWS = 200_000
#: How many recent block hashes are remembered to give children their height.
RECENT_BLOCKS = 20_000
#: DuckDB's checkpoint threshold while blocks load (its default: 16 MB of write-ahead log).
LOAD_CHECKPOINT = "1GB"
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

# The staged batch: new blocks (first copy of each hash not stored yet), then their
# transactions (first copy of each txid not stored yet), then those transactions' rows. NOT
# EXISTS, not NOT IN: DuckDB then hashes the small batch and scans the stored ids, instead of
# hashing every stored id again for each batch (7x slower with 5M stored transactions).
_SQL_NEW_BLOCKS = """
CREATE OR REPLACE TEMP TABLE _chain_new_blocks AS
SELECT hash, min(seq) AS seq FROM _chain_stage_blocks AS s
WHERE NOT EXISTS (SELECT 1 FROM btc_blocks AS b WHERE b.hash = s.hash)
GROUP BY hash
"""
_SQL_INSERT_BLOCKS = """
INSERT INTO btc_blocks (height, hash, prev_hash, merkle_root, time, tx_count)
SELECT b.height, b.hash, b.prev_hash, b.merkle_root, b.time, b.tx_count
FROM _chain_stage_blocks b JOIN _chain_new_blocks n USING (hash, seq)
"""
_SQL_NEW_TXS = """
CREATE OR REPLACE TEMP TABLE _chain_new_txs AS
SELECT t.* FROM _chain_stage_txs t JOIN _chain_new_blocks n USING (seq)
WHERE NOT EXISTS (SELECT 1 FROM btc_transactions AS s WHERE s.txid = t.txid)
QUALIFY row_number() OVER (PARTITION BY t.txid ORDER BY t.seq) = 1
"""
_SQL_INSERT_TXS = """
INSERT INTO btc_transactions (txid, block_height, block_hash, time, is_coinbase, n_inputs,
                              n_outputs, input_sats, output_sats, fee_sats)
SELECT t.txid, b.height, b.hash, b.time, t.is_coinbase, t.n_inputs, t.n_outputs,
       CASE WHEN t.fee_sats IS NOT NULL THEN t.output_sats + t.fee_sats END,
       t.output_sats, t.fee_sats
FROM _chain_new_txs t JOIN _chain_stage_blocks b USING (seq)
"""
_SQL_INSERT_INPUTS = """
INSERT INTO btc_inputs (txid, idx, prev_txid, prev_vout, address, value_sats)
SELECT t.txid, i.idx, i.prev_txid, i.prev_vout, i.address, i.value_sats
FROM _chain_stage_inputs i JOIN _chain_new_txs t ON t.seq = i.seq AND t.pos = i.tx
"""
_SQL_INSERT_OUTPUTS = """
INSERT INTO btc_outputs (txid, vout, address, value_sats, script_type)
SELECT t.txid, o.vout, o.address, o.value_sats, o.script_type
FROM _chain_stage_outputs o JOIN _chain_new_txs t ON t.seq = o.seq AND t.pos = o.tx
"""

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
    FROM btc_inputs
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
        txs = pa.Table.from_pydict(self.txs, schema=_TXS)
        # position of each transaction within its block, to join inputs and outputs to it
        positions: list[int] = []
        counts: dict[object, int] = {}
        for seq in self.txs["seq"]:
            n = counts.get(seq, 0)
            positions.append(n)
            counts[seq] = n + 1
        txs = txs.append_column("pos", pa.array(positions, pa.int32()))
        return {
            "_chain_stage_blocks": pa.Table.from_pydict(self.blocks, schema=_BLOCKS),
            "_chain_stage_txs": txs,
            "_chain_stage_inputs": pa.Table.from_pydict(self.inputs, schema=_INPUTS),
            "_chain_stage_outputs": pa.Table.from_pydict(self.outputs, schema=_OUTPUTS),
        }


class _Heights:
    """Gives blocks without a stated height one from their parent (recent ones kept in memory)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._recent: OrderedDict[str, int | None] = OrderedDict()

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
        if len(self._recent) > RECENT_BLOCKS:
            self._recent.popitem(last=False)
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
    """
    counts = {
        "blocks_read": 0,
        "blocks_loaded": 0,
        "blocks_skipped": 0,
        "transactions": 0,
        "duplicate_txids": 0,
        "inputs": 0,
        "outputs": 0,
    }
    # each batch is committed (a load cut short keeps what it wrote), but checkpointed only
    # every gigabyte of log: at DuckDB's 16 MB default, every commit rewrote the table files
    kept = con.execute("SELECT current_setting('checkpoint_threshold')").fetchall()[0][0]
    con.execute(f"SET checkpoint_threshold = '{LOAD_CHECKPOINT}'")
    try:
        _load(con, records, batch_rows, counts)
    finally:
        con.execute(f"SET checkpoint_threshold = '{kept}'")
    counts.update(resolve_chain(con))
    return counts


def _load(
    con: duckdb.DuckDBPyConnection,
    records: Iterable[Block | ChainBlock],
    batch_rows: int,
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
            _flush(con, batch, counts)
            batch = _Batch()
    if batch.rows:
        _flush(con, batch, counts)


def _flush(con: duckdb.DuckDBPyConnection, batch: _Batch, counts: dict[str, int]) -> None:
    tables = batch.tables()
    for name, table in tables.items():
        con.register(name, table)
    _run(con, "BEGIN TRANSACTION")
    try:
        _run(con, _SQL_NEW_BLOCKS)
        _run(con, _SQL_INSERT_BLOCKS)
        _run(con, _SQL_NEW_TXS)
        _run(con, _SQL_INSERT_TXS)
        _run(con, _SQL_INSERT_INPUTS)
        _run(con, _SQL_INSERT_OUTPUTS)
        row = con.execute(
            "SELECT (SELECT count(*) FROM _chain_new_blocks),"
            " (SELECT count(*) FROM _chain_new_txs),"
            " (SELECT count(*) FROM _chain_stage_txs JOIN _chain_new_blocks USING (seq)),"
            " (SELECT count(*) FROM _chain_stage_inputs i JOIN _chain_new_txs t"
            "   ON t.seq = i.seq AND t.pos = i.tx),"
            " (SELECT count(*) FROM _chain_stage_outputs o JOIN _chain_new_txs t"
            "   ON t.seq = o.seq AND t.pos = o.tx)"
        ).fetchall()[0]
        _run(con, "DROP TABLE _chain_new_txs")
        _run(con, "DROP TABLE _chain_new_blocks")
        _run(con, "COMMIT")
    except BaseException:
        _run(con, "ROLLBACK")
        raise
    finally:
        for name in tables:
            con.unregister(name)
    new_blocks, new_txs, block_txs, new_inputs, new_outputs = (int(v) for v in row)
    counts["blocks_loaded"] += new_blocks
    counts["blocks_skipped"] += len(batch.blocks["seq"]) - new_blocks
    counts["transactions"] += new_txs
    counts["duplicate_txids"] += block_txs - new_txs
    counts["inputs"] += new_inputs
    counts["outputs"] += new_outputs


def resolve_chain(con: duckdb.DuckDBPyConnection, *, max_rounds: int = 10_000) -> dict[str, int]:
    """Fill derived columns: missing heights, input values and addresses, input totals and fees.

    Safe to run again; it only touches rows still missing a value.
    """
    for _ in range(max_rounds):
        if not _run(con, _SQL_FILL_HEIGHTS) + _run(con, _SQL_FILL_PARENT_HEIGHTS):
            break
    _run(con, _SQL_TX_HEIGHTS)
    resolved = _run(con, _SQL_RESOLVABLE)
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
    unresolved = _run(
        con, "SELECT count(*) FROM btc_inputs WHERE value_sats IS NULL AND prev_txid IS NOT NULL"
    )
    return {"inputs_resolved": resolved, "inputs_unresolved": unresolved}
