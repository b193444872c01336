"""Plain mysqldump INSERTs read many at a time (insert_vector) give the rows of the exact path."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from tests.ingest.mysql.support import NASTY_WORDS, as_tuples, mysql_string, run

from seized.ingest.mysql import batcher, dump
from seized.ingest.mysql.insert_vector import quotes_pair_up, read_rows
from seized.ingest.mysql.lexer import string_value

TABLE = b"CREATE TABLE `t` (`id` int NOT NULL, `s` text, `b` blob, PRIMARY KEY (`id`));\n"


def _values(rows: list[tuple[int, str]]) -> bytes:
    return b",".join(f"({i},{mysql_string(text)})".encode() for i, text in rows)


def test_nasty_strings_in_one_batch_match_the_lexer() -> None:
    texts = [_values([(i, w), (i + 1000, w + w)]) for i, w in enumerate(NASTY_WORDS)]
    found = read_rows(texts, [pa.string(), pa.string()])
    assert found is not None
    table, counts, starts = found
    assert counts.tolist() == [2] * len(NASTY_WORDS)
    # each row starts at its "(" in its own text
    assert starts.tolist() == [at for text in texts for at in (0, text.index(b"),(1") + 2)]
    expected = []
    for word in NASTY_WORDS:
        for text in (word, word + word):
            expected.append(string_value(mysql_string(text).encode()).decode())
    assert table.column(1).to_pylist() == expected


@pytest.mark.parametrize(
    "text",
    [
        b"(1,0x41)",  # hex
        b"(1, 'a')",  # spaces
        b"(1,null)",  # lower-case NULL
        b"(1,'a')(2,'b')",
        b"(1,'a'),(2)",  # a row one value short
        b"(1,'a\\')",  # the last quote is escaped: the string never ends
        b"(1,\\N)",  # a backslash outside a string
        b"(1,'a')\\",  # a backslash at the very end
        b"(1,'\xff')",  # not UTF-8
    ],
)
def test_anything_but_plain_rows_fails_the_batch(text: bytes) -> None:
    assert read_rows([b"(0,'ok')", text], [pa.string(), pa.string()]) is None


def test_a_raw_line_break_is_read_right_or_refused() -> None:
    """The parser sends no such statement here (it is not one line), but the reader is safe."""
    found = read_rows([b"(0,'ok')", b"(1,'a\nb')"], [pa.string(), pa.string()])
    assert found is None or found[0].column(1).to_pylist() == ["ok", "a\nb"]


def test_binary_prefix_and_escapes_in_blobs() -> None:
    found = read_rows([b"(1,_binary 'a\\0b\\Zc\\\\d\\'e')"], [pa.string(), pa.binary()])
    assert found is not None
    assert found[0].column(1).to_pylist() == [b"a\x00b\x1ac\\d'e"]


def test_percent_and_underscore_keep_their_backslash() -> None:
    found = read_rows([b"(1,'5\\% of a\\_b and \\\\%')"], [pa.string(), pa.string()])
    assert found is not None
    assert found[0].column(1).to_pylist() == ["5\\% of a\\_b and \\%"]


@pytest.mark.parametrize(
    ("text", "paired"),
    [
        (b"(1,'a')", True),
        (b"(1,'a\\'b')", True),
        (b"(1,'a\\\\')", True),
        (b"(1,'a\\\\\\'')", True),
        (b"(1,'never closed)", False),
        (b"(1,'a\\')", False),
        (b"(1,2)", True),
    ],
)
def test_quotes_pair_up(text: bytes, paired: bool) -> None:
    assert quotes_pair_up(b"xx" + text + b";", 2, len(text) + 3) is paired


def _no_slower_path(*args: object) -> None:
    raise AssertionError("a plain statement left the batch path")


def test_plain_statements_stay_on_the_batch_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batcher, "_read_one", _no_slower_path)
    monkeypatch.setattr(dump._DumpParser, "_slow_insert", _no_slower_path)
    lines = [TABLE]
    truth = []
    for start in range(0, 300, 30):
        rows = [(i, NASTY_WORDS[i % len(NASTY_WORDS)]) for i in range(start, start + 30)]
        body = b",".join(
            f"({i},{mysql_string(w)},_binary {mysql_string(w)})".encode() for i, w in rows
        )
        lines.append(b"INSERT INTO `t` VALUES " + body + b";\n")
        truth += [(str(i), string_value(mysql_string(w).encode()).decode()) for i, w in rows]
    path = tmp_path / "plain.sql"
    path.write_bytes(b"".join(lines))
    got = [(row[0], row[1]) for row in as_tuples(run(path).rows("t"))]
    assert got == truth


def test_a_string_with_a_line_break_after_a_semicolon_is_read_whole(tmp_path: Path) -> None:
    """The first line ends with ');' inside a string: not the statement's end."""
    path = tmp_path / "d.sql"
    path.write_bytes(
        TABLE
        + b"INSERT INTO `t` VALUES (1,'x);\ny',NULL);\n"
        + b"INSERT INTO `t` VALUES (2,'z',NULL);\n"
    )
    for fast in (True, False):
        rows = as_tuples(run(path, fast=fast).rows("t"))
        assert [(r[0], r[1]) for r in rows] == [("1", "x);\ny"), ("2", "z")]


def test_one_odd_statement_does_not_slow_its_batch_neighbours(tmp_path: Path) -> None:
    """A batch with one statement the batch reader refuses: each statement on its own."""
    path = tmp_path / "d.sql"
    path.write_bytes(
        TABLE
        + b"INSERT INTO `t` VALUES (1,'a',NULL),(2,'b',NULL);\n"
        + b"INSERT INTO `t` VALUES (3,0x41,NULL);\n"
        + b"INSERT INTO `t` VALUES (4,'d',NULL);\n"
    )
    fast = as_tuples(run(path, fast=True).rows("t"))
    slow = as_tuples(run(path, fast=False).rows("t"))
    assert fast == slow
    assert [r[0] for r in fast] == ["1", "2", "3", "4"]
