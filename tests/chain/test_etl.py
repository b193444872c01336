"""blockchain-etl import: one synthetic chain through etl (JSON, CSV, Parquet) and blk files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from seized.chain.blk import iter_blocks
from seized.chain.etl import ETL_TYPES, PHASES, find_export, load_export
from seized.chain.load import load_chain
from seized.chain.stage import add_chain_source, source_kind
from seized.errors import InputError
from seized.model import migrate
from seized.synth.bitcoin import Chain

TABLES = ("btc_blocks", "btc_transactions", "btc_inputs", "btc_outputs")


@pytest.fixture(scope="module")
def chain_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small chain with every address kind, a multi-input payment and a CoinJoin."""
    out = tmp_path_factory.mktemp("chain")
    with Chain(out, seed=7, block_interval=600) as chain:
        kinds = ["p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr"]
        coins = [chain.mint(chain.new_address(k), 50_000_000 + i) for i, k in enumerate(kinds)]
        _txid, made = chain.pay(coins[:2], [(chain.new_address("p2tr"), 90_000_000)], fee=None)
        chain.mine()
        participants = [
            ([coin], chain.new_address(), chain.new_address()) for coin in [*coins[2:], made[0]]
        ]
        chain.coinjoin(participants, 10_000_000, fee_per_participant=1_000)
        chain.mine()
    return out


def _store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    migrate(con)
    return con


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}


@pytest.fixture(scope="module")
def from_blk(chain_dir: Path) -> dict[str, list[str]]:
    con = _store()
    load_chain(con, iter_blocks(chain_dir / "blocks"), source="blk")
    return _tables(con)


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = _store()
    yield connection
    connection.close()


def test_etl_json_equals_blk_import(
    con: duckdb.DuckDBPyConnection, chain_dir: Path, from_blk: dict[str, list[str]]
) -> None:
    counts = load_export(con, chain_dir / "etl")
    assert counts["inputs_unresolved"] == 0
    assert counts["transactions"] == len(from_blk["btc_transactions"])
    assert _tables(con) == from_blk
    types = {r[0] for r in con.execute("SELECT DISTINCT script_type FROM btc_outputs").fetchall()}
    assert {"p2pkh", "p2sh", "p2wpkh", "p2tr", "nulldata"} <= types
    again = load_export(con, chain_dir / "etl")
    assert again["transactions"] == again["outputs"] == again["blocks_loaded"] == 0
    assert _tables(con) == from_blk


def test_progress_names_the_phases_of_an_export(
    con: duckdb.DuckDBPyConnection, chain_dir: Path, from_blk: dict[str, list[str]]
) -> None:
    seen: list[tuple[str, int, int]] = []
    load_export(con, chain_dir / "etl", progress=lambda *args: seen.append(args))
    assert _tables(con) == from_blk
    assert seen == [(f"chain add: {phase}", n, 1) for phase in PHASES for n in (0, 1)]


def test_csv_and_parquet_exports_equal_blk(
    con: duckdb.DuckDBPyConnection, chain_dir: Path, from_blk: dict[str, list[str]], tmp_path: Path
) -> None:
    for fmt in ("csv", "parquet"):
        out = tmp_path / fmt
        out.mkdir()
        for table in ("blocks", "transactions"):
            source = str(chain_dir / "etl" / f"{table}.jsonl")
            rel = "SELECT * EXCLUDE (inputs, outputs), to_json(inputs) AS inputs, "
            rel += "to_json(outputs) AS outputs FROM read_json_auto(?)"
            if table == "blocks":
                rel = "SELECT * FROM read_json_auto(?)"
            if fmt == "parquet" and table == "transactions":
                rel = "SELECT * FROM read_json_auto(?)"
            option = "(FORMAT csv, HEADER)" if fmt == "csv" else "(FORMAT parquet)"
            dest = str(out / f"{table}.{fmt}")
            con.execute(f"COPY ({rel.replace('?', repr(source))}) TO '{dest}' {option}")
        fresh = _store()
        assert source_kind(out) == "etl"
        add_chain_source(fresh, out)
        assert _tables(fresh) == from_blk, fmt


def test_bigquery_style_and_split_blocks(
    con: duckdb.DuckDBPyConnection, chain_dir: Path, from_blk: dict[str, list[str]], tmp_path: Path
) -> None:
    """Timestamps as text, amounts as strings, a block's transactions split over two files."""
    lines = (chain_dir / "etl" / "transactions.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    for row in rows:
        row["block_timestamp"] = _utc(row["block_timestamp"])
        for item in row["inputs"] + row["outputs"]:
            item["value"] = str(item["value"])
    split = len(rows) - 2  # the last block's transactions end up in both files' halves
    (tmp_path / "transactions-000.json").write_text(
        "".join(json.dumps(r) + "\n" for r in rows[:split])
    )
    (tmp_path / "transactions-001.json").write_text(
        "".join(json.dumps(r) + "\n" for r in rows[split:])
    )
    (tmp_path / "blocks.json").write_text((chain_dir / "etl" / "blocks.jsonl").read_text())
    assert len(find_export(tmp_path)["transactions"]) == 2
    load_export(con, tmp_path)
    assert _tables(con) == from_blk


def _utc(seconds: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def test_without_blocks_file_heights_and_parents_come_from_transactions(
    con: duckdb.DuckDBPyConnection, chain_dir: Path, from_blk: dict[str, list[str]], tmp_path: Path
) -> None:
    (tmp_path / "transactions.jsonl").write_text(
        (chain_dir / "etl" / "transactions.jsonl").read_text()
    )
    load_export(con, tmp_path)
    blocks = con.execute(
        "SELECT height, hash, prev_hash FROM btc_blocks ORDER BY height"
    ).fetchall()
    expected = duckdb.connect()
    migrate(expected)
    load_chain(expected, iter_blocks(chain_dir / "blocks"), source="blk")
    want = expected.execute("SELECT height, hash, prev_hash FROM btc_blocks ORDER BY height")
    assert blocks == want.fetchall()
    for table in ("btc_transactions", "btc_inputs", "btc_outputs"):
        assert _tables(con)[table] == from_blk[table]


def test_type_names_cover_the_etl_vocabulary() -> None:
    assert ETL_TYPES["witness_v1_taproot"] == "p2tr"
    assert ETL_TYPES["witness_v0_keyhash"] == "p2wpkh"
    assert ETL_TYPES["pubkey"] == "p2pk"
    assert len(ETL_TYPES) == 10


def test_broken_export_names_the_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    bad = tmp_path / "transactions.jsonl"
    bad.write_text('{"hash": "ab", "block_number": "x", "inputs": [], "outputs": []}\n{oops\n')
    with pytest.raises(InputError) as caught:
        load_export(con, tmp_path)
    assert str(tmp_path) in str(caught.value)
    assert con.execute("SELECT count(*) FROM btc_transactions").fetchone() == (0,)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("transactions.csv", b"hash,block_hash,inputs\nab,\xff\xfe,[]\n"),  # not UTF-8
        ("transactions.parquet", b"PAR1 not a parquet file PAR1"),
    ],
)
def test_unreadable_csv_or_parquet_names_the_export(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, name: str, data: bytes
) -> None:
    """The columns of a CSV or Parquet export are looked up before the load: a file DuckDB
    cannot read fails there with the same InputError as in the load."""
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError, match="cannot read the blockchain-etl export") as caught:
        load_export(con, tmp_path)
    assert caught.value.path == str(tmp_path)
