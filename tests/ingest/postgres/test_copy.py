"""COPY data: the Arrow fast path gives exactly what the line-by-line reading gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from seized.ingest import lines as line_reader
from seized.ingest.base import POS_COLUMN, ParseOptions, Source
from seized.ingest.postgres import copy_bulk, parse
from seized.ingest.postgres.copy_exact import RowError, parse_line

from ..collect import Collect, line_starts
from .test_dump import FIXTURES

NASTY = [
    "",
    " ",
    "\\",
    "\\\\",
    "\\N",
    "N",
    "tab\tnew\nline\rcr",
    "\b\f\v",
    "\\n literally",
    "\uffff placeholder",
    "\\\uffff",
    "東京 🚀 Grüße",
    "a" * 3000,
    "ends with backslash\\",
    "#comment-like",
    '"quoted"',
    "'single'",
    "  padded  ",
]


def copy_escape(value: str) -> str:
    out = value.replace("\\", "\\\\")
    for char, esc in (("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"), ("\b", "\\b")):
        out = out.replace(char, esc)
    return out.replace("\f", "\\f").replace("\v", "\\v")


def odd_escape(value: str, rng: random.Random) -> str:
    """Escapes COPY TO never writes but COPY FROM accepts: octal, hex, any escaped char."""
    out = []
    for char in value:
        code = ord(char)
        roll = rng.random()
        if code < 128 and roll < 0.2:
            out.append(f"\\{code:03o}")
        elif code < 128 and roll < 0.3:
            out.append(f"\\x{code:02x}")
        elif char.isalpha() and char not in "bfnrtvxN" and code < 128 and roll < 0.4:
            out.append("\\" + char)
        else:
            out.append(copy_escape(char))
    return "".join(out)


def write_dump(path: Path, rows: list[list[str | bytes | None]], escape: object) -> None:
    lines = ["CREATE TABLE public.t (\n    id integer,\n    a text,\n    b text,\n    c bytea\n);"]
    lines.append("COPY public.t (id, a, b, c) FROM stdin;")
    for row in rows:
        fields = []
        for v in row:
            if v is None:
                fields.append("\\N")
            elif isinstance(v, bytes):
                fields.append("\\\\x" + v.hex())
            else:
                fields.append(escape(v))  # type: ignore[operator]
        lines.append("\t".join(fields))
    lines.append("\\.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rows_for(seed: int, n: int) -> list[list[str | bytes | None]]:
    rng = random.Random(seed)
    rows: list[list[str | bytes | None]] = []
    for i in range(n):
        a = rng.choice([*NASTY, None])
        b = "".join(rng.choice(["x", "\\", "\t", "\n", "é", "\uffff", " "]) for _ in range(8))
        c = rng.choice([None, b"", bytes(rng.randrange(256) for _ in range(rng.randrange(6)))])
        rows.append([str(i), a, b, c])
    return rows


def load(path: Path, *, slow: bool, monkeypatch: pytest.MonkeyPatch) -> Collect:
    sink = Collect()
    with monkeypatch.context() as patch:
        if slow:
            patch.setattr(copy_bulk.CopyBlock, "_fast", lambda self, chunk, pieces: None)
        parse(Source(path), sink, ParseOptions(batch_rows=37))
    return sink


def expected(rows: list[list[str | bytes | None]], dump: Path) -> list[dict[str, object]]:
    """The rows, each at the offset of its line (the data starts on line 8)."""
    starts = line_starts(dump.read_bytes())
    return [
        {"id": r[0], "a": r[1], "b": r[2], "c": r[3], POS_COLUMN: starts[i + 8]}
        for i, r in enumerate(rows)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_equals_slow_equals_truth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rows = rows_for(seed, 400)
    dump = tmp_path / "d.sql"
    write_dump(dump, rows, copy_escape)
    fast = load(dump, slow=False, monkeypatch=monkeypatch).rows("t")
    slow = load(dump, slow=True, monkeypatch=monkeypatch).rows("t")
    assert fast == slow == expected(rows, dump)


def test_octal_hex_and_other_escapes_take_the_exact_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(7)
    rows = rows_for(4, 300)
    dump = tmp_path / "d.sql"
    write_dump(dump, rows, lambda v: odd_escape(v, rng))
    fast = load(dump, slow=False, monkeypatch=monkeypatch).rows("t")
    assert fast == load(dump, slow=True, monkeypatch=monkeypatch).rows("t")
    assert fast == expected(rows, dump)


def test_small_chunks_and_reads_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunk and read boundaries anywhere, also inside the \\. line."""
    rows = rows_for(5, 200)
    dump = tmp_path / "d.sql"
    write_dump(dump, rows, copy_escape)
    reference = load(dump, slow=False, monkeypatch=monkeypatch).rows("t")
    for read_size, chunk in [(1, 7), (2, 1), (5, 100), (64, 64)]:
        monkeypatch.setattr(line_reader, "CHUNK_BYTES", read_size)
        monkeypatch.setattr(copy_bulk, "CHUNK_BYTES", chunk)
        assert load(dump, slow=False, monkeypatch=monkeypatch).rows("t") == reference


def test_empty_lines_and_crlf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dump = tmp_path / "d.sql"
    dump.write_bytes(
        b"CREATE TABLE public.one (v text);\nCOPY public.one (v) FROM stdin;\n"
        b"a\n\n\\N\r\nb\\r\n\\.\n"
        b"CREATE TABLE public.two (a text, b text);\nCOPY public.two (a, b) FROM stdin;\n"
        b"\t\n\\.\n"
    )
    for slow in (False, True):
        sink = load(dump, slow=slow, monkeypatch=monkeypatch)
        assert [r["v"] for r in sink.rows("one")] == ["a", "", None, "b\r"]
        at = line_starts(dump.read_bytes())[10]
        assert sink.rows("two") == [{"a": "", "b": "", POS_COLUMN: at}]
    bad = tmp_path / "bad.sql"
    bad.write_bytes(
        b"CREATE TABLE public.two (a text, b text);\nCOPY public.two (a, b) FROM stdin;\n"
        b"x\ty\n\n\\.\n"
    )
    sink = Collect()
    parse(Source(bad), sink, ParseOptions(keep_going=True))
    assert [r["a"] for r in sink.rows("two")] == ["x"]
    assert [(r.line, r.table) for r in sink.rejects] == [(4, "two")]


def test_parse_line_reads_the_text_format() -> None:
    blobs = [False, False, True]
    assert parse_line(b"a\\tb\t\\N\t\\\\x00ff", blobs, "utf-8") == ["a\tb", None, b"\x00\xff"]
    assert parse_line(b"\\101\\x42\\q\t\t\\\\000a\\\\\\\\", blobs, "utf-8") == [
        "ABq",
        "",
        b"\x00a\\",
    ]
    assert parse_line(b"a\\\tb\tc\t\\N", blobs, "utf-8") == ["a\tb", "c", None]
    with pytest.raises(RowError, match="fields"):
        parse_line(b"a\tb", blobs, "utf-8")
    with pytest.raises(RowError, match="more than"):
        parse_line(b"a\tb\tc\td", blobs, "utf-8")
    with pytest.raises(RowError, match="hex"):
        parse_line(b"a\tb\t\\\\xzz", blobs, "utf-8")
    with pytest.raises(RowError) as err:
        parse_line(b"ok\tb\xffad\t\\N", blobs, "utf-8")
    assert err.value.position == 4


def test_basic_fixture_fast_equals_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load(FIXTURES / "basic.sql", slow=False, monkeypatch=monkeypatch)
    slow = load(FIXTURES / "basic.sql", slow=True, monkeypatch=monkeypatch)
    assert fast.rows("users") == slow.rows("users") and len(fast.rows("users")) == 4
