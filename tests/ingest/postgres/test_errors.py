"""Bad pg_dump input: errors name file and line, keep_going rejects, nothing else escapes."""

from __future__ import annotations

import contextlib
import gzip
import random
from pathlib import Path

import pytest
import zstandard

from seized.errors import InputError, UserError
from seized.ingest.base import POS_COLUMN, ParseOptions, Source
from seized.ingest.postgres import parse

from ..collect import Collect, line_starts
from .test_dump import FIXTURES

HEAD = (
    "CREATE TABLE public.t (\n    id integer,\n    v text\n);\nCOPY public.t (id, v) FROM stdin;\n"
)


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "dump.sql"
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return path


def run(path: Path, **options: object) -> Collect:
    sink = Collect()
    parse(Source(path), sink, ParseOptions(**options))  # type: ignore[arg-type]
    return sink


def test_wrong_column_count(tmp_path: Path) -> None:
    dump = write(tmp_path, HEAD + "1\ta\n2\tb\textra\n3\n4\td\n\\.\n")
    with pytest.raises(InputError) as err:
        run(dump)
    assert err.value.line == 7 and err.value.path == str(dump)
    assert "3 columns" in str(err.value) or "more than 2" in str(err.value)
    sink = run(dump, keep_going=True)
    assert [r["id"] for r in sink.rows("t")] == ["1", "4"]
    assert [(r.table, r.line) for r in sink.rejects] == [("t", 7), ("t", 8)]
    assert sink.rejects[0].raw_text == "2\tb\textra"


def test_truncated_inside_copy(tmp_path: Path) -> None:
    dump = write(tmp_path, HEAD + "1\ta\n2\tb\n3\tpart")
    with pytest.raises(InputError, match="truncated") as err:
        run(dump)
    assert err.value.line == 8
    sink = run(dump, keep_going=True)
    assert [r["id"] for r in sink.rows("t")] == ["1", "2"]
    assert [r.line for r in sink.rejects] == [8, 8]  # the cut row, and the missing end marker
    assert sink.rejects[0].raw_text == "3\tpart"


def test_truncated_inside_a_statement(tmp_path: Path) -> None:
    dump = write(tmp_path, "SET a = 1;\nCREATE TABLE public.t (\n    id integer,\n    v te")
    with pytest.raises(InputError, match="ends inside this statement") as err:
        run(dump)
    assert err.value.line == 2
    assert len(run(dump, keep_going=True).rejects) == 1


def test_invalid_utf8_names_line_and_byte(tmp_path: Path) -> None:
    data = HEAD.encode() + b"1\tok\n2\tbad \xff byte\n\\.\n"
    dump = write(tmp_path, data)
    with pytest.raises(InputError, match="utf-8") as err:
        run(dump)
    assert err.value.line == 7
    assert err.value.offset == data.index(b"\xff")
    sink = run(dump, keep_going=True)
    assert [r["id"] for r in sink.rows("t")] == ["1"] and len(sink.rejects) == 1
    latin = run(dump, encoding="latin-1")
    assert [r["v"] for r in latin.rows("t")] == ["ok", "bad ÿ byte"]


def test_invalid_utf8_in_a_statement(tmp_path: Path) -> None:
    data = b"SET a = 1;\nINSERT INTO public.t VALUES (1, 'caf\xe9');\n"
    dump = write(tmp_path, b"CREATE TABLE public.t (id integer, v text);\n" + data)
    with pytest.raises(InputError) as err:
        run(dump)
    assert err.value.line == 3 and err.value.offset == dump.read_bytes().index(b"\xe9")
    assert run(dump, encoding="latin-1").rows("t")[0]["v"] == "café"
    sink = run(dump, keep_going=True)
    assert sink.rows("t") == [] and [r.line for r in sink.rejects] == [3]


def test_unknown_statement(tmp_path: Path) -> None:
    dump = write(tmp_path, "SET a = 1;\nFROBNICATE everything;\nCREATE TABLE public.t (i int);\n")
    with pytest.raises(InputError, match="unknown statement") as err:
        run(dump)
    assert err.value.line == 2
    sink = run(dump, keep_going=True)
    assert [t.name for t in sink.defined] == ["t"] and len(sink.rejects) == 1


def test_binary_garbage(tmp_path: Path) -> None:
    rng = random.Random(3)
    dump = write(tmp_path, bytes(rng.randrange(256) for _ in range(5000)))
    with pytest.raises(InputError):
        run(dump)
    run(dump, keep_going=True)  # rejects, but no other error


def test_insert_with_wrong_value_count(tmp_path: Path) -> None:
    dump = write(
        tmp_path,
        "CREATE TABLE public.t (id integer, v text);\n"
        "INSERT INTO public.t VALUES (1, 'a'), (2), (3, 'c');\n",
    )
    with pytest.raises(InputError, match="1 values where 2"):
        run(dump)
    sink = run(dump, keep_going=True)
    assert [r["id"] for r in sink.rows("t")] == ["1", "3"] and len(sink.rejects) == 1


def test_unknown_encoding_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        run(write(tmp_path, HEAD + "\\.\n"), encoding="no-such-codec")


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_compressed_dumps(tmp_path: Path, kind: str) -> None:
    plain = (FIXTURES / "basic.sql").read_bytes()
    data = gzip.compress(plain) if kind == "gzip" else zstandard.ZstdCompressor().compress(plain)
    dump = write(tmp_path, data)
    assert run(dump).rows("users") == run(FIXTURES / "basic.sql").rows("users")


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress((FIXTURES / "basic.sql").read_bytes())
    with pytest.raises(InputError, match="the file is truncated") as info:
        run(write(tmp_path, data[: len(data) // 2]))
    assert info.value.offset  # the decompressed byte where the text stops


def test_counts_in_equal_counts_out_plus_rejects(tmp_path: Path) -> None:
    rng = random.Random(11)
    lines = []
    good = 0
    for i in range(500):
        if rng.random() < 0.1:
            lines.append(f"{i}\tx\ty")  # one field too many
        else:
            lines.append(f"{i}\tv{i}")
            good += 1
    dump = write(tmp_path, HEAD + "\n".join(lines) + "\n\\.\n")
    sink = run(dump, keep_going=True)
    rows = sink.rows("t")
    assert len(rows) == good
    assert len(rows) + len(sink.rejects) == 500
    starts = line_starts(dump.read_bytes())
    assert all(r["v"] == f"v{r['id']}" for r in rows)
    assert all(r[POS_COLUMN] == starts[int(str(r["id"])) + 6] for r in rows)


@pytest.mark.parametrize("name", ["basic.sql", "inserts.sql"])
def test_fuzzed_dumps_raise_only_declared_errors(tmp_path: Path, name: str) -> None:
    original = (FIXTURES / name).read_bytes()
    rng = random.Random(name)
    for round_ in range(60):
        data = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            op = rng.random()
            at = rng.randrange(len(data))
            if op < 0.4:
                data[at] = rng.randrange(256)
            elif op < 0.7:
                del data[at : at + rng.randint(1, 40)]
            else:
                data[at:at] = rng.choice(
                    [b"\t", b"\n", b"\\", b"'", b";", b"\\.\n", b"$$", b"\xff"]
                )
        if rng.random() < 0.2:
            data = data[: rng.randrange(len(data))]
        dump = tmp_path / f"fuzz{round_}.sql"
        dump.write_bytes(bytes(data))
        for keep_going in (False, True):
            with contextlib.suppress(InputError, UserError):
                run(dump, keep_going=keep_going)
