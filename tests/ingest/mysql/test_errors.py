"""Bad dumps: every error names file, line and byte; keep_going sets bad rows aside."""

from __future__ import annotations

import contextlib
import gzip
import random
from pathlib import Path

import pytest
from tests.ingest.mysql.support import FIXTURES, as_tuples, generate_dump, run

from seized.errors import InputError
from seized.ingest.base import Reject

TABLE = b"CREATE TABLE `t` (`id` int NOT NULL, `name` varchar(20), PRIMARY KEY (`id`));\n"


def write(tmp_path: Path, data: bytes, name: str = "bad.sql") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def error_of(path: Path, *, fast: bool = True) -> InputError:
    with pytest.raises(InputError) as info:
        run(path, fast=fast)
    error = info.value
    assert error.path == str(path)
    assert error.hint
    return error


@pytest.mark.parametrize("fast", [True, False])
def test_truncated_inside_a_string(tmp_path: Path, fast: bool) -> None:
    raw = (FIXTURES / "mysqldump.sql").read_bytes()
    cut = raw.index(b"'carol")  # line 54, inside the first users INSERT
    path = write(tmp_path, raw[: cut + 4])
    error = error_of(path, fast=fast)
    assert "ends inside a string" in error.reason
    assert error.line == 54
    assert error.offset == cut


@pytest.mark.parametrize("fast", [True, False])
def test_truncated_inside_a_statement(tmp_path: Path, fast: bool) -> None:
    raw = (FIXTURES / "mysqldump.sql").read_bytes()
    cut = raw.index(b",(2,'bob")
    path = write(tmp_path, raw[: cut + 3])
    error = error_of(path, fast=fast)
    assert "ends inside a statement" in error.reason
    assert error.line == 54
    assert error.offset == raw.index(b"INSERT INTO `users`")


def test_truncated_gzip(tmp_path: Path) -> None:
    raw = gzip.compress((FIXTURES / "mysqldump.sql").read_bytes())
    path = write(tmp_path, raw[: len(raw) // 2], "bad.sql.gz")
    with pytest.raises(InputError, match="truncated"):
        run(path)


@pytest.mark.parametrize("fast", [True, False])
def test_latin1_bytes_in_a_utf8_dump(tmp_path: Path, fast: bool) -> None:
    data = TABLE + b"INSERT INTO `t` VALUES (1,'ok'),\n(2,'caf\xe9 au lait');\n"
    path = write(tmp_path, data)
    error = error_of(path, fast=fast)
    assert error.line == 3
    assert error.offset == data.index(b"\xe9")
    assert "0xE9" in error.reason and "utf-8" in error.reason
    assert error.hint is not None and "encoding" in error.hint


@pytest.mark.parametrize("fast", [True, False])
def test_latin1_bytes_with_keep_going(tmp_path: Path, fast: bool) -> None:
    data = TABLE + b"INSERT INTO `t` VALUES (1,'ok'),(2,'caf\xe9'),(3,'fine');\n"
    sink = run(write(tmp_path, data), keep_going=True, fast=fast)
    assert as_tuples(sink.rows("t")) == [("1", "ok"), ("3", "fine")]
    [reject] = sink.rejects
    assert reject.table == "t" and reject.line == 2
    assert reject.offset == data.index(b"\xe9")
    assert reject.raw_text == "(2,'caf\\xe9')"


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = random.Random(3).randbytes(20_000)
    path = write(tmp_path, b"\x8f" + garbage)
    error = error_of(path)
    assert error.line == 1 and error.offset == 0
    assert "not a statement a dump holds" in error.reason


def test_binary_garbage_with_keep_going(tmp_path: Path) -> None:
    garbage = random.Random(4).randbytes(5_000).replace(b"\n", b" ")
    data = TABLE + b"\x8f" + garbage + b"\nINSERT INTO `t` VALUES (1,'after');\n"
    sink = run(write(tmp_path, data), keep_going=True)
    assert as_tuples(sink.rows("t")) == [("1", "after")]
    assert len(sink.rejects) == 1 and sink.rejects[0].line == 2


@pytest.mark.parametrize("fast", [True, False])
def test_unknown_statement(tmp_path: Path, fast: bool) -> None:
    data = TABLE + b"FROBNICATE `t` NOW;\nINSERT INTO `t` VALUES (1,'a');\n"
    path = write(tmp_path, data)
    error = error_of(path, fast=fast)
    assert error.line == 2 and error.offset == len(TABLE)
    assert "FROBNICATE" in error.reason
    sink = run(path, keep_going=True, fast=fast)
    assert as_tuples(sink.rows("t")) == [("1", "a")]
    assert sink.rejects == [
        Reject(None, sink.rejects[0].reason, 2, len(TABLE), "FROBNICATE `t` NOW")
    ]


def test_statements_that_change_rows_are_refused(tmp_path: Path) -> None:
    data = TABLE + b"INSERT INTO `t` VALUES (1,'a');\nDELETE FROM `t`;\n"
    error = error_of(write(tmp_path, data))
    assert error.line == 3 and "changes rows" in error.reason
    truncate = TABLE + b"INSERT INTO `t` VALUES (1,'a');\nTRUNCATE TABLE `t`;\n"
    error = error_of(write(tmp_path, truncate, "t.sql"))
    assert error.line == 3 and "TRUNCATE" in error.reason


@pytest.mark.parametrize("fast", [True, False])
def test_wrong_column_count(tmp_path: Path, fast: bool) -> None:
    data = TABLE + b"INSERT INTO `t` VALUES (1,'a'),(2,'b','extra'),(3,'c');\n"
    path = write(tmp_path, data)
    error = error_of(path, fast=fast)
    assert error.line == 2
    assert error.offset == data.index(b"(2,")
    assert "3 values for 2 columns" in error.reason
    sink = run(path, keep_going=True, fast=fast)
    assert as_tuples(sink.rows("t")) == [("1", "a"), ("3", "c")]
    [reject] = sink.rejects
    assert (reject.table, reject.line, reject.raw_text) == ("t", 2, "(2,'b','extra')")


@pytest.mark.parametrize("fast", [True, False])
def test_unterminated_string(tmp_path: Path, fast: bool) -> None:
    data = (
        TABLE
        + b"INSERT INTO `t` VALUES (1,'never closed);\n"
        + b"INSERT INTO `t` VALUES (2,'b');\n"
        + b"INSERT INTO `t` VALUES (3,'c');\n"
    )
    path = write(tmp_path, data)
    error = error_of(path, fast=fast)
    assert error.line == 2 and error.offset == data.index(b"'never")
    assert "string that starts at line 2 is never closed" in error.reason
    assert "runs on into line 3" in error.reason
    sink = run(path, keep_going=True, fast=fast)
    assert as_tuples(sink.rows("t")) == [("2", "b"), ("3", "c")]
    [reject] = sink.rejects
    assert reject.line == 2 and reject.raw_text == "INSERT INTO `t` VALUES (1,'never closed);"


def test_unterminated_string_at_the_end(tmp_path: Path) -> None:
    data = TABLE + b"INSERT INTO `t` VALUES (1,'a');\nINSERT INTO `t` VALUES (2,'b);\n"
    error = error_of(write(tmp_path, data))
    assert error.line == 3 and error.offset == data.index(b"'b")
    assert "ends inside a string that starts at line 3" in error.reason


def test_insert_for_a_table_never_defined(tmp_path: Path) -> None:
    data = TABLE + b"INSERT INTO `ghost` VALUES (1,'a');\nINSERT INTO `t` VALUES (1,'a');\n"
    path = write(tmp_path, data)
    error = error_of(path)
    assert error.line == 2 and "'ghost'" in error.reason
    sink = run(path, keep_going=True)
    assert as_tuples(sink.rows("t")) == [("1", "a")]
    assert [(r.table, r.line) for r in sink.rejects] == [("ghost", 2)]


def test_missing_semicolon_does_not_hide_rows(tmp_path: Path) -> None:
    data = TABLE + b"SET NAMES utf8mb4\nINSERT INTO `t` VALUES (1,'a');\n"
    path = write(tmp_path, data)
    error = error_of(path)
    assert error.line == 2 and "';'" in error.reason
    sink = run(path, keep_going=True)
    assert as_tuples(sink.rows("t")) == [("1", "a")]
    assert [r.line for r in sink.rejects] == [2]


@pytest.mark.parametrize("fast", [True, False])
def test_counts_in_equal_appended_plus_rejected(tmp_path: Path, fast: bool) -> None:
    """Every row read is appended or rejected."""
    path = tmp_path / "d.sql"
    generate_dump(path, 600, per_statement=40)
    raw = path.read_bytes()
    # Damage three rows: an extra value, a latin-1 byte, a missing value.
    raw = raw.replace(b"(17,", b"(17,1,", 1).replace(b"(233,", b"(233,'\xe9',", 1)
    raw = raw.replace(b"(404,", b"(404,NULL,", 1)
    path.write_bytes(raw)
    sink = run(path, keep_going=True, fast=fast)
    rejected = [r for r in sink.rejects if r.table == "posts"]
    assert len(rejected) == 3
    assert sink.appended + len(rejected) == 600
    assert {row[0] for row in as_tuples(sink.rows("posts"))}.isdisjoint({"17", "233", "404"})


def _outcome(path: Path, *, fast: bool) -> object:
    try:
        sink = run(path, fast=fast)
    except InputError:
        return "error"
    return sink.tables, sink.all_rows()


def test_fuzzed_dumps_raise_only_input_errors(tmp_path: Path) -> None:
    """Random byte mutations of golden dumps: the parser raises InputError or nothing, and the
    fast path agrees with the exact slow path on every dump."""
    dumps = [(FIXTURES / name).read_bytes() for name in ("mysqldump.sql", "mariadb.sql")]
    rnd = random.Random(20240301)
    path = tmp_path / "fuzz.sql"
    noise = [b"'", b'"', b"`", b";", b"\\", b"(", b")", b",", b"\n", b"/*", b"*/", b"--", b"\xff"]
    noise += [b"),(", b"_binary ", b"\\'", b"''", b" ", b"NULL", b"-", b"."]
    for _ in range(120):
        data = bytearray(rnd.choice(dumps))
        for _ in range(rnd.randint(1, 6)):
            at = rnd.randrange(len(data))
            action = rnd.random()
            if action < 0.4:
                data[at] = rnd.randrange(256)
            elif action < 0.8:
                data[at:at] = rnd.choice(noise)
            else:
                del data[at : at + rnd.randint(1, 40)]
        path.write_bytes(bytes(data))
        assert _outcome(path, fast=True) == _outcome(path, fast=False)
        with contextlib.suppress(InputError):
            run(path, keep_going=True, fast=rnd.random() < 0.5)
