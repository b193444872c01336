"""Hostile dumps: bytes no dump holds fail early, in bounded memory, with the byte offset;
broken INSERTs keep their whole rows; other text encodings are read or refused clearly."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from pathlib import Path

import pytest
import zstandard
from tests.ingest.mysql.support import as_tuples, run

from seized.errors import InputError, UserError

HEADER = b"-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n\n"
TABLE = b"CREATE TABLE `t` (`id` int NOT NULL, `name` varchar(20), PRIMARY KEY (`id`));\n"
MIB = 1 << 20


def write(tmp_path: Path, data: bytes, name: str = "hostile.sql") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def gzip_of_blanks(byte: bytes, mib: int) -> bytes:
    """``mib`` MiB of ``byte`` after the header, as gzip members of a MiB each (quick to make,
    about a kilobyte a member)."""
    member = gzip.compress(byte * MIB)
    return gzip.compress(HEADER) + member * mib


def timed_error(path: Path, **options: object) -> tuple[InputError, float]:
    """The error reading ``path`` gives, and the seconds it took."""
    started = time.monotonic()
    with pytest.raises(InputError) as info:
        run(path, **options)  # type: ignore[arg-type]
    return info.value, time.monotonic() - started


def error_and_peak(path: Path) -> tuple[InputError, int]:
    """The error reading ``path`` gives, and the peak of memory (bytes) on the way."""
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            run(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return info.value, peak


@pytest.mark.parametrize("fast", [True, False])
def test_nul_bytes_after_the_header_fail_at_once(tmp_path: Path, fast: bool) -> None:
    path = write(tmp_path, HEADER + b"\x00" * (4 * MIB))
    error, seconds = timed_error(path, fast=fast)
    assert seconds < 5  # at the old 0.2 MB/s it took 20 s
    assert "not a statement a dump holds" in error.reason
    assert error.offset == len(HEADER)
    assert error.line == 4


def test_nul_bytes_with_keep_going_are_one_reject(tmp_path: Path) -> None:
    junk = b"\x00" * (4 * MIB)
    data = (
        TABLE + b"INSERT INTO `t` VALUES (1,'a');\n" + junk + b"\nINSERT INTO `t` VALUES (2,'b');\n"
    )
    started = time.monotonic()
    sink = run(write(tmp_path, data), keep_going=True)
    assert time.monotonic() - started < 5
    assert as_tuples(sink.rows("t")) == [("1", "a"), ("2", "b")]
    [reject] = sink.rejects
    assert reject.table is None and reject.line == 3
    assert reject.offset == data.index(junk)
    assert reject.raw_text is not None
    rejected = len(junk) + 1  # up to the line that begins the next statement
    assert reject.raw_text.endswith(f"... [{rejected - MIB} more bytes in the dump]")


def test_a_gzip_bomb_of_nul_bytes_fails_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, gzip_of_blanks(b"\x00", 64), "bomb.sql.gz")
    error, seconds = timed_error(path)
    assert seconds < 5
    assert error.offset == len(HEADER)
    assert error_and_peak(path)[1] < 100 * MIB


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_a_bomb_of_spaces_fails_in_bounded_memory(tmp_path: Path, kind: str) -> None:
    if kind == "gzip":
        data = gzip_of_blanks(b" ", 256)
    else:
        frame = zstandard.ZstdCompressor().compress(b" " * MIB)
        data = zstandard.ZstdCompressor().compress(HEADER) + frame * 256
    path = write(tmp_path, data, "bomb.sql." + ("gz" if kind == "gzip" else "zst"))
    error, peak = error_and_peak(path)
    assert "32 MiB of nothing but blank bytes" in error.reason
    assert error.offset == len(HEADER.rstrip())
    assert peak < 200 * MIB  # the whole run of spaces was kept before: 256 MiB and more


def test_spaces_inside_a_statement_fail_in_bounded_memory(tmp_path: Path) -> None:
    start = TABLE + b"INSERT INTO `t` VALUES (1,'a'),"
    member = gzip.compress(b" " * MIB)
    path = write(tmp_path, gzip.compress(start) + member * 128, "bomb.sql.gz")
    error, peak = error_and_peak(path)
    assert "blank bytes" in error.reason
    assert error.offset == len(start)
    assert peak < 300 * MIB


def test_comments_between_statements_are_not_kept_in_memory(tmp_path: Path) -> None:
    """A gap of comments is passed over as it comes (it is no run of blank bytes)."""
    comments = b"-- a comment line of a dump\n" * (24 * MIB // 28)
    data = TABLE + comments + b"INSERT INTO `t` VALUES (1,'a');\n"
    path = write(tmp_path, gzip.compress(data, 1), "comments.sql.gz")
    tracemalloc.start()
    try:
        sink = run(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert as_tuples(sink.rows("t")) == [("1", "a")]
    assert peak < 80 * MIB


@pytest.mark.parametrize("fast", [True, False])
def test_a_truncated_insert_keeps_its_whole_rows(tmp_path: Path, fast: bool) -> None:
    rows = b",".join(b"(%d,'name %d')" % (i, i) for i in range(1, 601))
    data = TABLE + b"INSERT INTO `t` VALUES " + rows + b";\n"
    cut = data.index(b"(558,'name 5") + 9
    path = write(tmp_path, data[:cut])
    with pytest.raises(InputError, match="ends inside a string"):
        run(path, fast=fast)
    sink = run(path, keep_going=True, fast=fast)
    assert as_tuples(sink.rows("t")) == [(str(i), f"name {i}") for i in range(1, 558)]
    [reject] = sink.rejects
    assert reject.table == "t"
    assert reject.raw_text == "(558,'nam"
    assert reject.offset == data.index(b"(558,")
    assert reject.line == 2
    assert "557 whole rows before it kept" in reject.reason


@pytest.mark.parametrize("fast", [True, False])
def test_a_broken_row_rejects_only_the_rest_of_its_insert(tmp_path: Path, fast: bool) -> None:
    data = (
        TABLE
        + b"INSERT INTO `t` VALUES (1,'a'),(2,'b'),(3,'c' 'd' oops),(4,'e');\n"
        + b"INSERT INTO `t` VALUES (5,'f');\n"
    )
    sink = run(write(tmp_path, data), keep_going=True, fast=fast)
    assert as_tuples(sink.rows("t")) == [("1", "a"), ("2", "b"), ("5", "f")]
    [reject] = sink.rejects
    assert reject.table == "t" and reject.raw_text == "(3,'c' 'd' oops),(4,'e')"


MYSQL_TEXT = (
    "-- MySQL dump 10.13\n"
    "CREATE TABLE `users` (`id` int NOT NULL, `name` varchar(64), PRIMARY KEY (`id`));\n"
    "INSERT INTO `users` VALUES (1,'zoë 🙂'),(2,'O\\'Brien'),(3,'Ünïcödé; \\\"x\\\"');\n"
)
ROWS = [("1", "zoë 🙂"), ("2", "O'Brien"), ("3", 'Ünïcödé; "x"')]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_dump_in_utf16_or_utf32_is_read(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, MYSQL_TEXT.encode(encoding))
    assert as_tuples(run(path, encoding=encoding).rows("users")) == ROWS


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_byte_order_mark_decides_the_encoding(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, MYSQL_TEXT.encode(encoding))  # with the mark, declared utf-8
    assert as_tuples(run(path).rows("users")) == ROWS


def test_errors_in_a_utf16_dump_name_lines(tmp_path: Path) -> None:
    text = MYSQL_TEXT + "INSERT INTO `users` VALUES (4,'x',5);\n"
    path = write(tmp_path, text.encode("utf-16"))
    with pytest.raises(InputError, match="a row of 3 values for 2 columns") as info:
        run(path, encoding="utf-16")
    assert info.value.line == 4 and info.value.offset is None
    sink = run(path, encoding="utf-16", keep_going=True)
    [reject] = sink.rejects
    assert reject.line == 4 and reject.offset is None and reject.raw_text == "(4,'x',5)"


def test_text_not_valid_in_the_encoding_names_its_byte(tmp_path: Path) -> None:
    raw = MYSQL_TEXT.encode("utf-16-le")
    bad = raw.index("zoë".encode("utf-16-le"))
    raw = raw[:bad] + b"\x00\xdc" + raw[bad + 2 :]  # a lone low surrogate
    with pytest.raises(InputError, match="not valid utf-16-le text") as info:
        run(write(tmp_path, raw), encoding="utf-16-le")
    assert info.value.offset == bad


def test_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="unknown text encoding"):
        run(write(tmp_path, MYSQL_TEXT.encode()), encoding="klingon")
