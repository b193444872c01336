"""``chain add --engine spark`` on ``local[2]``: the small synthetic case's blockchain-etl export
(JSON lines, and Parquet with BigQuery's types) and real mainnet blk files give the DuckDB
engine's chain tables, and the custody contract holds (evidence first, one entry per source,
skipped when unchanged, nothing half-written, a bad line or byte named)."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from seized.case import Case
from seized.chain.stage import ChainAddOptions, ClusterOptions
from seized.errors import InputError
from seized.stages import run_stage
from seized.verify import verify
from tests.spark.conftest import partition, start_session, table_rows

pytestmark = pytest.mark.slow

CHAIN = ("btc_blocks", "btc_transactions", "btc_inputs", "btc_outputs")


@pytest.fixture(scope="module", autouse=True)
def spark() -> Iterator[Any]:
    session = start_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def export(small_base: Path) -> Path:
    """The synthetic case's blockchain-etl export (blocks.jsonl, transactions.jsonl)."""
    return small_base.parent / "chain" / "etl"


@pytest.fixture(scope="module")
def loaded(export: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A new case per engine, each loaded from the export."""
    seen: dict[str, Any] = {}
    for engine in ("duckdb", "spark"):
        case = Case.init(tmp_path_factory.mktemp(engine) / "case")
        options = ChainAddOptions(sources=[export], engine=engine)
        seen[engine] = (case, run_stage(case, "chain.add", options))
    return seen


def chain_rows(case: Case) -> dict[str, list[tuple[Any, ...]]]:
    return {table: table_rows(case, table) for table in CHAIN}


def test_same_chain_tables_as_duckdb(loaded: dict[str, Any]) -> None:
    (duck, duck_result), (spark, spark_result) = loaded["duckdb"], loaded["spark"]
    expected = chain_rows(duck)
    assert len(expected["btc_blocks"]) > 50 and len(expected["btc_outputs"]) > 4000
    assert {r[4] for r in expected["btc_outputs"]} >= {"nulldata", "p2tr"}  # scripts classified
    assert chain_rows(spark) == expected
    assert spark_result.counts == duck_result.counts
    # the same clusters from either load
    for case in (duck, spark):
        run_stage(case, "chain.cluster", ClusterOptions())
    assert partition(spark) == partition(duck) and len(partition(duck)) > 100


def test_custody_and_rerun(loaded: dict[str, Any], export: Path) -> None:
    case, _result = loaded["spark"]
    entries = case.custody.entries()
    evidence = [e for e in entries if e["action"] == "add"]
    added = [e for e in entries if e["action"] == "chain.add"]
    assert len(evidence) == 1 and len(added) == 1  # the source is evidence before it is read
    assert evidence[0]["seq"] < added[0]["seq"]
    assert added[0]["details"]["engine"] == "spark"
    assert added[0]["inputs"][0]["sha256"] == evidence[0]["details"]["sha256"]
    assert added[0]["outputs"]["transactions"] == len(table_rows(case, "btc_transactions"))
    assert not (case.root / "spark" / "tmp").exists()
    for engine in ("spark", "duckdb"):  # unchanged source: skipped, whichever engine
        again = run_stage(case, "chain.add", ChainAddOptions(sources=[export], engine=engine))
        assert again.parts[0].skipped
    assert len(case.custody.entries()) == len(entries)
    assert verify(case).ok


def _parquet_export(export: Path, into: Path) -> Path:
    """The export's transactions as one Parquet file with BigQuery's types (TIMESTAMP times,
    NUMERIC amounts) and no blocks file: blocks come from their transactions."""
    into.mkdir()
    numeric = "value := CAST(x.value AS DECIMAL(38, 9))"
    with duckdb.connect() as con:
        con.execute(
            f"""
            COPY (
                SELECT * REPLACE (
                    make_timestamp(CAST(block_timestamp AS BIGINT) * 1000000) AS block_timestamp,
                    list_transform(inputs, lambda x: struct_update(x, {numeric})) AS inputs,
                    list_transform(outputs, lambda x: struct_update(x, {numeric})) AS outputs)
                FROM read_json('{export}/transactions.jsonl')
            ) TO '{into}/transactions.parquet' (FORMAT parquet)
            """
        )
    return into


def test_parquet_export_then_json_on_top(export: Path, tmp_path: Path) -> None:
    parquet = _parquet_export(export, tmp_path / "bq")
    seen: dict[str, Any] = {}
    for engine in ("duckdb", "spark"):
        case = Case.init(tmp_path / engine)
        first = run_stage(case, "chain.add", ChainAddOptions(sources=[parquet], engine=engine))
        rows = chain_rows(case)
        # the same transactions again, now with the blocks file: all stored already
        second = run_stage(case, "chain.add", ChainAddOptions(sources=[export], engine=engine))
        seen[engine] = (first.counts, rows, second.counts, chain_rows(case))
    duck, spark = seen["duckdb"], seen["spark"]
    assert duck[0]["transactions"] > 900 and duck[2]["duplicate_txids"] == duck[0]["transactions"]
    assert all(r[3] is None for r in duck[1]["btc_blocks"])  # no merkle root without blocks
    assert spark == duck


@pytest.mark.parametrize(("name", "line"), [("transactions.jsonl", 7), ("blocks.jsonl", 3)])
def test_malformed_line_names_file_and_line(
    export: Path, tmp_path: Path, name: str, line: int
) -> None:
    bad = tmp_path / "etl"
    shutil.copytree(export, bad)
    lines = (bad / name).read_text().splitlines(keepends=True)
    lines[line - 1] = lines[line - 1][: len(lines[line - 1]) // 2] + "\n"  # cut in the middle
    (bad / name).write_text("".join(lines))
    case = Case.init(tmp_path / "case")
    with pytest.raises(InputError) as info:
        run_stage(case, "chain.add", ChainAddOptions(sources=[bad], engine="spark"))
    assert info.value.path == str(bad / name) and info.value.line == line
    assert f"{name}:{line}: not a blockchain-etl record" in str(info.value)
    assert all(not rows for rows in chain_rows(case).values())
    assert not (case.root / "spark" / "tmp").exists()


def test_failed_load_leaves_no_table_half_written(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import seized.spark.exchange as exchange

    real_load = exchange.Exchange.load

    def load_then_fail(self: exchange.Exchange, con: Any, table: str, **kw: Any) -> int:
        loaded = real_load(self, con, table, **kw)
        if table == "btc_transactions":  # blocks and transactions in, inputs not yet
            raise RuntimeError("executor lost")
        return loaded

    monkeypatch.setattr(exchange.Exchange, "load", load_then_fail)
    case = Case.init(tmp_path / "case")
    with pytest.raises(RuntimeError, match="executor lost"):
        run_stage(case, "chain.add", ChainAddOptions(sources=[export], engine="spark"))
    assert all(not rows for rows in chain_rows(case).values())
    assert not (case.root / "spark" / "tmp").exists()
    assert verify(case).ok


def test_mainnet_blk_files_same_as_duckdb(shared_data: Path, tmp_path: Path) -> None:
    """Real blocks: heights 1 to 255 from one file (no parent: no heights yet), then the
    directory, which holds that file and one of heights 0 to 438 (read first)."""
    real = shared_data / "mainnet-blocks"
    seen = []
    for engine in ("duckdb", "spark"):
        case = Case.init(tmp_path / engine)
        counts = [
            run_stage(case, "chain.add", ChainAddOptions(sources=[source], engine=engine)).counts
            for source in (real / "blk-1-255.dat", real)
        ]
        seen.append((counts, chain_rows(case)))
    (first, then), rows = seen[0]
    assert first["blocks_loaded"] == 255 and then["blocks_loaded"] == 439 - 255
    assert then["blocks_skipped"] == 255 * 2  # stored, then read again in the other file
    assert sorted(r[0] for r in rows["btc_blocks"]) == list(range(439))
    assert seen[1] == seen[0]


def test_cut_blk_file_names_file_and_offset(small_base: Path, tmp_path: Path) -> None:
    blocks = tmp_path / "blocks"
    blocks.mkdir()
    data = (small_base.parent / "chain" / "blocks" / "blk00000.dat").read_bytes()
    (blocks / "blk00000.dat").write_bytes(data[: len(data) * 2 // 3])
    errors = []
    for engine in ("duckdb", "spark"):
        case = Case.init(tmp_path / engine)
        with pytest.raises(InputError) as info:
            run_stage(case, "chain.add", ChainAddOptions(sources=[blocks], engine=engine))
        errors.append((info.value.path, info.value.offset, info.value.reason))
        if engine == "spark":
            assert all(not rows for rows in chain_rows(case).values())
    assert errors[0][0] == str(blocks / "blk00000.dat") and errors[0][1] > 0
    assert errors[1] == errors[0]


def test_heights_by_pointer_jumping(spark: Any) -> None:
    """Heights of new blocks in shuffled order: from genesis along a chain and a stale branch,
    from a stored parent, else BIP34 (and none without either)."""
    from seized.spark.blk import _heights

    zero = "0" * 64
    rows = [("g0", zero, None)] + [(f"g{i}", f"g{i - 1}", None) for i in range(1, 300)]
    rows += [("stale", "g150", None), ("stale2", "stale", None)]
    rows += [("s1", "stored", None), ("s2", "s1", None)]  # above a stored block at 1000
    rows += [("b1", "unknown", 700_000), ("b2", "b1", None), ("lost", "unknown", None)]
    random.Random(3).shuffle(rows)
    blocks = spark.createDataFrame(rows, "hash string, prev_hash string, bip34 long")
    stored = spark.createDataFrame([("stored", 1000)], "hash string, height bigint")
    found = {r[0]: r[1] for r in _heights(blocks, stored).collect()}
    assert [found[f"g{i}"] for i in range(300)] == list(range(300))
    assert (found["stale"], found["stale2"]) == (151, 152)
    assert (found["s1"], found["s2"]) == (1001, 1002)
    assert (found["b1"], found["b2"], found["lost"]) == (700_000, 700_001, None)
