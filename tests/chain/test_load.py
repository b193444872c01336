"""Loading real blocks into an in-memory case store: counts, idempotence, resolution, fees."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from seized.chain.blk import iter_blocks, read_raw_block
from seized.chain.load import load_chain
from seized.chain.record import ChainBlock
from seized.chain.undo import block_with_undo, read_undo
from seized.model import migrate


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    migrate(connection)
    yield connection
    connection.close()


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    return con.execute(sql, params or []).fetchall()[0][0]


def test_blk_files_load_resolve_and_stay_idempotent(
    con: duckdb.DuckDBPyConnection, blocks_dir: Path, expected_blk: list[dict[str, Any]]
) -> None:
    first = load_chain(con, iter_blocks(blocks_dir / "blk-0-438.dat"), source="blk-0-438.dat")
    assert first["blocks_loaded"] == 439
    assert first["transactions"] == 446
    assert first["inputs_unresolved"] == 0
    # small batches: blocks 1-255 again, every one already stored
    again = load_chain(
        con, iter_blocks(blocks_dir / "blk-1-255.dat"), source="blk-1-255.dat", batch_rows=50
    )
    assert again["blocks_read"] == 255
    assert again["blocks_skipped"] == 255
    assert again["blocks_loaded"] == again["transactions"] == again["outputs"] == 0
    assert _one(con, "SELECT count(*) FROM btc_blocks") == 439
    assert _one(con, "SELECT count(*) FROM btc_transactions") == 446
    heights = con.execute("SELECT hash, height FROM btc_blocks").fetchall()
    by_hash = dict(heights)
    for exp in expected_blk[:439]:
        assert by_hash[exp["hash"]] == exp["height"]
    total = sum(e["total_output_value_sats"] for e in expected_blk[:439])
    assert _one(con, "SELECT sum(value_sats) FROM btc_outputs") == total
    # every spend in the first 439 blocks resolves to an output of an earlier block
    spends = con.execute(
        "SELECT i.value_sats, i.address, t.input_sats, t.fee_sats, t.output_sats"
        " FROM btc_inputs i JOIN btc_transactions t USING (txid)"
        " WHERE NOT t.is_coinbase"
    ).fetchall()
    assert len(spends) == 7
    assert all(row[0] is not None and row[0] > 0 for row in spends)
    assert all(row[2] - row[4] == row[3] and row[3] >= 0 for row in spends)
    # block 170: the first bitcoin transaction, 50 BTC from block 9's coinbase (P2PK: no address)
    row = con.execute(
        "SELECT t.block_height, i.value_sats, i.address, t.fee_sats FROM btc_inputs i"
        " JOIN btc_transactions t USING (txid) WHERE txid = ?",
        ["f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16"],
    ).fetchall()
    assert row == [(170, 5_000_000_000, None, 0)]
    coinbase = con.execute(
        "SELECT prev_txid, prev_vout, value_sats FROM btc_inputs WHERE txid = ?",
        [expected_blk[0]["coinbase_txid"]],
    ).fetchall()
    assert coinbase == [(None, None, None)]


def test_blk_files_loaded_in_reverse_order_resolve_later(
    con: duckdb.DuckDBPyConnection, blocks_dir: Path
) -> None:
    """Blocks 1-255 first (heights and spends unknown), then the file that starts at genesis."""
    first = load_chain(con, iter_blocks(blocks_dir / "blk-1-255.dat"), source="b")
    assert first["blocks_loaded"] == 255
    assert _one(con, "SELECT count(*) FROM btc_blocks WHERE height IS NULL") == 255
    assert first["inputs_unresolved"] == 0  # block 170 spends block 9, both in this file
    second = load_chain(con, iter_blocks(blocks_dir / "blk-0-438.dat"), source="a")
    assert second["blocks_loaded"] == 439 - 255
    assert second["blocks_skipped"] == 255
    assert second["inputs_unresolved"] == 0
    assert _one(con, "SELECT count(*) FROM btc_blocks WHERE height IS NULL") == 0
    assert _one(con, "SELECT count(*) FROM btc_transactions WHERE block_height IS NULL") == 0
    assert _one(con, "SELECT max(height) FROM btc_blocks") == 438
    assert (
        _one(
            con,
            "SELECT count(*) FROM btc_transactions"
            " WHERE NOT is_coinbase AND (fee_sats IS NULL OR input_sats IS NULL)",
        )
        == 0
    )


def test_raw_blocks_outputs_and_addresses(
    con: duckdb.DuckDBPyConnection, blocks_dir: Path, expected: list[dict[str, Any]]
) -> None:
    blocks = [read_raw_block(blocks_dir / exp["file"]) for exp in expected]
    counts = load_chain(con, blocks, source="raw", batch_rows=3000)
    assert counts["blocks_loaded"] == 14
    assert counts["transactions"] == sum(e["tx_count"] for e in expected)
    for exp in expected:
        stored = con.execute(
            "SELECT height, prev_hash, merkle_root, tx_count, epoch(time)::BIGINT"
            " FROM btc_blocks WHERE hash = ?",
            [exp["hash"]],
        ).fetchall()
        height, prev, root, tx_count, time = stored[0]
        assert (prev, root, tx_count, time) == (
            exp["prev_hash"],
            exp["merkle_root"],
            exp["tx_count"],
            exp["time"],
        )
        assert height in (None, exp["height"])
        for etx in exp["txs"]:
            outs = con.execute(
                "SELECT value_sats, address, script_type FROM btc_outputs"
                " WHERE txid = ? ORDER BY vout",
                [etx["txid"]],
            ).fetchall()
            assert outs == [(o["value"], o["address"], o["script_type"]) for o in etx["outputs"]]
            ins = con.execute(
                "SELECT prev_txid, prev_vout FROM btc_inputs WHERE txid = ? ORDER BY idx",
                [etx["txid"]],
            ).fetchall()
            want = [
                (None, None) if "coinbase" in e else (e["prev_txid"], e["prev_vout"])
                for e in etx["inputs"]
            ]
            assert ins == want
    # 227835 has no BIP34 height but is the parent of 227836, which has one
    assert (
        _one(
            con,
            "SELECT height FROM btc_blocks WHERE hash = ?",
            ["00000000000001aa077d7aa84c532a4d69bdbff519609d1da0835261b7a74eb6"],
        )
        == 227835
    )
    # spends between the loaded blocks resolve (227836 spends outputs of 227835)
    assert counts["inputs_resolved"] > 0
    total = sum(e["total_output_value_sats"] for e in expected)
    assert _one(con, "SELECT sum(value_sats) FROM btc_outputs") == total


def test_undo_file_gives_values_and_fees(
    con: duckdb.DuckDBPyConnection, blocks_dir: Path, expected: list[dict[str, Any]]
) -> None:
    block = read_raw_block(blocks_dir / "block-000300025.raw")
    spent = read_undo(blocks_dir / "block-000300025-undo.raw")
    undo = next(e for e in expected if e["height"] == 300025)["undo"]
    assert len(spent) == undo["n_spent_outputs"] == 1427
    record = block_with_undo(block, spent)
    load_chain(con, [record], source="block-000300025.raw")
    inputs_total = _one(
        con,
        "SELECT sum(i.value_sats) FROM btc_inputs i JOIN btc_transactions t USING (txid)"
        " WHERE t.block_hash = ?",
        [block.hash_hex],
    )
    fees = _one(
        con, "SELECT sum(fee_sats) FROM btc_transactions WHERE block_hash = ?", [block.hash_hex]
    )
    assert inputs_total == undo["total_input_value_sats"] == 510593575772
    assert fees == undo["total_fees_sats"] == 7773345
    coinbase_out = _one(
        con,
        "SELECT output_sats FROM btc_transactions WHERE block_hash = ? AND is_coinbase",
        [block.hash_hex],
    )
    assert coinbase_out == 25 * 100_000_000 + fees
    first = con.execute(
        "SELECT value_sats, address FROM btc_inputs WHERE txid = ? ORDER BY idx",
        [block.txids[1][::-1].hex()],
    ).fetchall()
    for got, want in zip(first, undo["first_spent"], strict=False):
        assert got == (want["value"], want["address"])


def test_a_transaction_mined_again_is_kept_once(
    con: duckdb.DuckDBPyConnection, blocks_dir: Path
) -> None:
    """btc_transactions has no key: the loader itself keeps one row per txid. A transaction
    already stored, and one that comes twice in a batch, stays in the block loaded first."""
    import dataclasses

    from seized.chain.record import block_to_record

    blocks = list(iter_blocks(blocks_dir / "blk-0-438.dat"))
    load_chain(con, blocks[:171], source="a")
    original = block_to_record(blocks[170])  # the first bitcoin payment, in block 170

    def mined_again(number: int, record: ChainBlock = original) -> ChainBlock:
        """A stale block: the same transactions under a new hash."""
        return dataclasses.replace(record, hash=f"{number:064x}", height=None)

    counts = load_chain(con, [mined_again(1), mined_again(2)], source="b")
    assert counts["blocks_loaded"] == 2 and counts["transactions"] == 0
    assert counts["duplicate_txids"] == 2 * original.tx_count
    first = load_chain(con, [*blocks[171:200], mined_again(3)], source="c", batch_rows=1)
    assert first["duplicate_txids"] == original.tx_count
    rows = con.execute(
        "SELECT count(*), count(DISTINCT txid), count(*) FILTER (WHERE txid = ?) "
        "FROM btc_transactions",
        [original.txids[1]],
    ).fetchall()
    total, distinct, payment = rows[0]
    assert total == distinct == sum(block_to_record(b).tx_count for b in blocks[:200])
    assert payment == 1
    where = con.execute(
        "SELECT block_hash FROM btc_transactions WHERE txid = ?", [original.txids[1]]
    ).fetchall()
    assert where == [(original.hash,)]
    assert _one(con, "SELECT count(*) FROM btc_outputs WHERE txid = ?", [original.txids[1]]) == 2
    newer = block_to_record(blocks[200])  # new, and again in the same batch
    both = load_chain(con, [newer, mined_again(4, newer)], source="d")
    assert both["transactions"] == both["duplicate_txids"] == newer.tx_count
    where = con.execute(
        "SELECT DISTINCT block_hash FROM btc_transactions WHERE txid IN ?", [newer.txids]
    ).fetchall()
    assert where == [(newer.hash,)]


def test_migration_011_keeps_the_transactions_and_drops_the_key(blocks_dir: Path) -> None:
    """A store made before migration 011 keeps every transaction when it drops the key."""
    from seized.model import migrations

    con = duckdb.connect()
    migrate(con)
    con.execute("DROP TABLE btc_transactions")
    con.execute("DELETE FROM schema_migrations WHERE version = 11")
    (old,) = [sql for version, _, sql in migrations() if version == 3]
    table = old[old.index("CREATE TABLE btc_transactions") :]
    con.execute(table[: table.index(";") + 1])  # as migration 003 made it, with its key
    load_chain(con, iter_blocks(blocks_dir / "blk-0-438.dat"), source="a")
    before = con.execute("SELECT * FROM btc_transactions ORDER BY txid").fetchall()
    keys = (
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'btc_transactions' "
        "AND constraint_type = 'PRIMARY KEY'"
    )
    assert _one(con, keys) == 1
    assert "011_btc_transactions_unkeyed.sql" in migrate(con)
    assert con.execute("SELECT * FROM btc_transactions ORDER BY txid").fetchall() == before
    assert len(before) == 446 and _one(con, keys) == 0


def test_pre_bip34_heights_come_from_the_stored_parent(
    con: duckdb.DuckDBPyConnection, blocks_dir: Path, expected_blk: list[dict[str, Any]]
) -> None:
    # version-1 blocks state no height: a block whose parent is stored (by an earlier load)
    # is one higher; genesis is 0
    blocks = list(iter_blocks(blocks_dir / "blk-0-438.dat"))
    assert all(b.coinbase_height() is None for b in blocks)
    load_chain(con, blocks[:200], source="first")
    load_chain(con, blocks[200:], source="rest")
    stored = dict(con.execute("SELECT hash, height FROM btc_blocks").fetchall())
    want = {e["hash"]: e["height"] for e in expected_blk if e["file"] == "blk-0-438.dat"}
    assert stored == want


def test_a_load_that_fails_leaves_no_rows_and_no_staged_files(
    blocks_dir: Path, tmp_path: Path
) -> None:
    """The records are staged beside the store and written in one transaction: a source that
    fails half-way leaves the tables as they were, and its staged files are removed."""
    store = duckdb.connect(str(tmp_path / "case.duckdb"))
    migrate(store)
    spill = tmp_path / "spill"
    store.execute("SET temp_directory = ?", [str(spill)])
    blocks = list(iter_blocks(blocks_dir / "blk-0-438.dat"))
    load_chain(store, blocks[:100], source="first")

    def cut(at: int) -> Iterator[Any]:
        yield from blocks[100:at]
        raise OSError("the disk went away")

    with pytest.raises(OSError, match="went away"):
        load_chain(store, cut(300), source="second", batch_rows=10)
    assert _one(store, "SELECT count(*) FROM btc_blocks") == 100
    assert _one(store, "SELECT max(height) FROM btc_blocks") == 99
    assert list(spill.iterdir()) == []
    # what a killed load leaves (no exception to clean up after) goes with the next load
    (spill / "seized-chain-killed").mkdir()
    (spill / "seized-chain-killed" / "inputs.parquet").write_bytes(b"PAR1")
    again = load_chain(store, blocks[100:], source="second", batch_rows=10)
    assert again["blocks_loaded"] == 339 and again["inputs_unresolved"] == 0
    assert list(spill.iterdir()) == []
    store.close()
