"""The fast path must give exactly the rows of the exact slow path; and how fast it is."""

from __future__ import annotations

import time
from pathlib import Path

import pyarrow as pa
import pytest
from tests.ingest.mysql.support import (
    FIXTURES,
    NASTY_WORDS,
    as_tuples,
    generate_dump,
    mysql_string,
    run,
)

from seized.ingest.mysql import dump
from seized.ingest.mysql.insert_csv import fast_csv, read_csv, skeleton_ok
from seized.ingest.mysql.lexer import string_value


@pytest.mark.parametrize("name", ["mysqldump.sql", "phpmyadmin.sql", "mariadb.sql"])
def test_fast_equals_slow_on_fixtures(name: str) -> None:
    fast = run(FIXTURES / name, fast=True)
    slow = run(FIXTURES / name, fast=False)
    assert fast.tables == slow.tables
    assert fast.all_rows() == slow.all_rows()


def test_plain_dump_needs_no_slow_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plain.sql"
    truth = generate_dump(path, 2000, per_statement=100, nasty=False)
    monkeypatch.setattr(dump._DumpParser, "_slow_insert", _no_slow_path)
    assert as_tuples(run(path).rows("posts")) == truth


def test_fast_equals_slow_on_nasty_strings(tmp_path: Path) -> None:
    path = tmp_path / "nasty.sql"
    truth = generate_dump(path, 3000, per_statement=60, nasty=True)
    fast = run(path, fast=True)
    slow = run(path, fast=False)
    assert fast.all_rows() == slow.all_rows()
    assert as_tuples(fast.rows("posts")) == truth


@pytest.mark.parametrize("word", NASTY_WORDS)
def test_each_nasty_string_alone(word: str) -> None:
    """Each nasty value, alone and beside others, through the fast converter and CSV reader."""
    for row in (f"(1,{mysql_string(word)})", f"({mysql_string(word)},{mysql_string(word)})"):
        text = f"{row},{row};".encode()
        found = fast_csv(text, 0, len(text))
        expected = string_value(mysql_string(word).encode()).decode()
        if found is None:  # then the slow path reads it; that is allowed, not wrong
            continue
        assert found.rows == 2
        assert found.skeleton is None or skeleton_ok(found.skeleton, 2, 2)
        table = read_csv(found.csv, [pa.string(), pa.string()])
        assert table.num_rows == 2
        assert table.column(1).to_pylist() == [expected, expected]


def test_plain_mysqldump_rows_take_the_quick_route() -> None:
    """Ordinary rows must not fall back to the slow regular expressions."""
    from seized.ingest.mysql import insert_csv

    text = b"(1,'a\\'b\\\\c\\nd',NULL,-1.5e3),(2,_binary 'x\\0',NULL,.5);"
    found = insert_csv._split_rows(text[:-1])
    assert found is not None and found.skeleton is not None
    assert found.rows == 2 and skeleton_ok(found.skeleton, 2, 4)
    table = read_csv(found.csv, [pa.string(), pa.string(), pa.string(), pa.string()])
    assert table.to_pylist() == [
        {"c0": "1", "c1": "a'b\\c\nd", "c2": None, "c3": "-1.5e3"},
        {"c0": "2", "c1": "x\x00", "c2": None, "c3": ".5"},
    ]


def test_fast_path_refuses_what_it_cannot_read_exactly() -> None:
    """Refused by the converter, or by the skeleton check when the batch is read."""
    for text in (
        b"(1,0x41);",  # hex
        b"(1,b'01');",  # bits
        b"(1,'a' 'b');",  # adjacent strings
        b"(1, 'a');",  # spaces are the loose route's, checked below
        b"(1,null);",  # lower-case NULL
        b"(1,--1);",
        b"(1,1.2.3);",
        b"(1,'a'),;",
        b"(1,'a')(2,'b');",
        b"(1,\\N);",
    ):
        found = fast_csv(text, 0, len(text))
        if text == b"(1, 'a');":
            assert found is not None and found.csv == b"1,'a'" and found.skeleton is None
        else:
            assert found is None or (
                found.skeleton is not None and not skeleton_ok(found.skeleton, found.rows, 2)
            ), text


@pytest.mark.slow
def test_throughput(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the parser's speed on a typical dump (not a timed assertion)."""
    path = tmp_path / "typical.sql"
    generate_dump(path, 60_000, per_statement=1000, nasty=False)
    size = path.stat().st_size
    start = time.process_time()
    sink = run(path)
    seconds = time.process_time() - start
    assert sink.appended == 60_000
    with capsys.disabled():
        print(
            f"\nmysqldump parser: {size / 1e6:.1f} MB in {seconds:.2f} s CPU = "
            f"{size / 1e6 / seconds:.1f} MB/s"
        )


def _no_slow_path(*args: object) -> None:
    raise AssertionError("the slow path was used")


@pytest.mark.parametrize("fast", [True, False])
def test_binary_blobs_with_every_byte(
    tmp_path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mysqldump writes BLOBs as raw bytes with few escapes; every byte value occurs."""
    if fast:  # the fast path must manage on its own
        monkeypatch.setattr(dump._DumpParser, "_slow_insert", _no_slow_path)
    blobs = [bytes(range(256)) * 3, bytes(reversed(range(256))) + b"\\'\"\x00\n\r\x1a"]
    literal = [
        b"'"
        + blob.replace(b"\\", b"\\\\")
        .replace(b"'", b"\\'")
        .replace(b"\x00", b"\\0")
        .replace(b"\n", b"\\n")
        .replace(b"\r", b"\\r")
        .replace(b"\x1a", b"\\Z")
        + b"'"
        for blob in blobs
    ]
    path = tmp_path / "blob.sql"
    path.write_bytes(
        b"CREATE TABLE `img` (`id` int, `data` longblob, `note` varchar(9));\n"
        b"INSERT INTO `img` VALUES (1,_binary " + literal[0] + b",'a\\\\n'),"
        b"(2," + literal[1] + b",NULL);\n"
    )
    rows = run(path, fast=fast).rows("img")
    assert [(r["data"], r["note"]) for r in rows] == [(blobs[0], "a\\n"), (blobs[1], None)]
