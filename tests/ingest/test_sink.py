from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from seized.errors import InputError
from seized.ingest.base import Column, Reject, TableDef
from seized.ingest.sink import ParquetSink
from seized.model import migrate

USERS = TableDef(
    "users",
    (
        Column("id", "BIGINT"),
        Column("name", "VARCHAR"),
        Column("joined", "TIMESTAMP"),
        Column("balance", "DECIMAL(18,8)"),
    ),
    primary_key=("id",),
)


def _sink(root: Path, keep_going: bool = False) -> tuple[duckdb.DuckDBPyConnection, ParquetSink]:
    con = duckdb.connect()
    migrate(con)
    sink = ParquetSink(
        con,
        root=root,
        schema="raw_m",
        market_id="m",
        evidence_id=1,
        evidence_path="dump.sql",
        keep_going=keep_going,
    )
    sink.define(USERS)
    return con, sink


def _batch(rows: list[tuple[str | None, ...]], positions: list[int]) -> pa.Table:
    cols = list(zip(*rows, strict=True))
    arrays = [pa.array(list(c), type=pa.string()) for c in cols]
    return pa.table(
        [*arrays, pa.array(positions, pa.int64())],
        names=["id", "name", "joined", "balance", "_seized_pos"],
    )


def test_text_is_cast_to_declared_types_and_zero_dates_become_null(tmp_path: Path) -> None:
    con, sink = _sink(tmp_path)
    sink.append(
        "users",
        _batch(
            [
                ("1", "ann", "2020-01-02 03:04:05", "0.12345678"),
                ("2", None, "0000-00-00 00:00:00", None),
            ],
            [10, 10],
        ),
    )
    counts = sink.finish()
    assert (counts["users"].read, counts["users"].stored, counts["users"].rejected) == (2, 2, 0)
    rows = con.execute(
        "SELECT id, name, joined, balance::VARCHAR, _seized_pos FROM raw_m.users ORDER BY id"
    ).fetchall()
    assert rows[0][0] == 1 and str(rows[0][2]) == "2020-01-02 03:04:05"
    assert rows[0][3] == "0.12345678"
    assert rows[1][2] is None and rows[1][4] == 10
    assert con.execute("SELECT rows_read, rows_stored FROM raw_tables").fetchone() == (2, 2)


def test_a_value_that_does_not_fit_names_file_offset_and_column(tmp_path: Path) -> None:
    _, sink = _sink(tmp_path)
    sink.append("users", _batch([("1", "a", None, None), ("x7", "b", None, None)], [3, 40]))
    with pytest.raises(InputError) as err:
        sink.drain()  # writes happen on the sink's writer thread
    assert err.value.offset == 40 and err.value.column == "id"
    assert "dump.sql (byte 40)" in str(err.value)


def test_keep_going_sets_bad_rows_aside_and_counts_add_up(tmp_path: Path) -> None:
    con, sink = _sink(tmp_path, keep_going=True)
    sink.append("users", _batch([("1", "a", None, None), ("x7", "b", None, None)], [3, 4]))
    sink.reject(Reject("users", "wrong number of values", line=5, raw_text="(1,2)"))
    counts = sink.finish()["users"]
    assert (counts.read, counts.stored, counts.rejected) == (3, 1, 2)
    found = con.execute("SELECT reason, line, byte_offset FROM rejects ORDER BY reason").fetchall()
    assert [(line, offset) for _, line, offset in found] == [(None, 4), (5, None)]
    assert "not a valid BIGINT" in found[0][0] and found[1][0] == "wrong number of values"


def test_duplicate_primary_key_is_an_error_with_both_rows(tmp_path: Path) -> None:
    _, sink = _sink(tmp_path)
    sink.append("users", _batch([("1", "a", None, None), ("1", "b", None, None)], [7, 9]))
    with pytest.raises(InputError, match="duplicate primary key") as err:
        sink.finish()
    assert err.value.offset == 9 and "at byte 9; first seen at byte 7" in str(err.value)


def test_duplicate_primary_key_with_keep_going_keeps_the_first(tmp_path: Path) -> None:
    con, sink = _sink(tmp_path, keep_going=True)
    sink.append("users", _batch([("1", "a", None, None), ("1", "b", None, None)], [7, 9]))
    counts = sink.finish()["users"]
    assert (counts.read, counts.stored, counts.rejected) == (2, 1, 1)
    assert con.execute("SELECT name FROM raw_m.users").fetchall() == [("a",)]
    assert con.execute("SELECT line, byte_offset FROM rejects").fetchall() == [(None, 9)]


def test_reject_without_keep_going_raises(tmp_path: Path) -> None:
    _, sink = _sink(tmp_path)
    sink.reject(Reject(None, "bad statement", line=2))
    with pytest.raises(InputError, match="bad statement"):
        sink.finish()
    with pytest.raises(InputError, match="stopped after an earlier error"):
        sink.append("users", _batch([("1", "a", None, None)], [3]))
