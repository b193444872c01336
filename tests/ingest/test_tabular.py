"""CSV / TSV and JSON-lines directories: tables per file, exact text, row positions, bad input."""

from __future__ import annotations

import contextlib
import csv
import gzip
import random
import shutil
from pathlib import Path

import pytest
import zstandard

from seized.errors import InputError
from seized.ingest.base import POS_COLUMN, ParseOptions, Source
from seized.ingest.tabular import parse_csv, parse_jsonl

from .collect import Collect, line_starts

FIXTURES = Path(__file__).parent / "fixtures" / "tabular"
AGORA_COLUMNS = [
    "list",
    "date",
    "vendor",
    "product",
    "price",
    "cat",
    "subcat",
    "subsubcat",
    "feedback",
    "from",
    "to",
    "goodFB",
    "greatFB",
    "okFB",
    "poorFB",
    "badFB",
    "worstFB",
]


def load_csv(path: Path, **options: object) -> Collect:
    sink = Collect()
    parse_csv(Source(path), sink, ParseOptions(**options))  # type: ignore[arg-type]
    return sink


def load_jsonl(path: Path, **options: object) -> Collect:
    sink = Collect()
    parse_jsonl(Source(path), sink, ParseOptions(**options))  # type: ignore[arg-type]
    return sink


def test_agora_listings_load_exactly(shared_data: Path) -> None:
    folder = shared_data / "listings"
    sink = load_csv(folder, batch_rows=500)
    assert sorted(t.name for t in sink.defined) == ["Ag2014-sscShakeTrim", "Ag2014-sscSynth"]
    for name, count in [("Ag2014-sscSynth", 1356), ("Ag2014-sscShakeTrim", 244)]:
        table = sink.table(name)
        assert table.column_names == AGORA_COLUMNS
        assert {c.type for c in table.columns} == {"VARCHAR"}
        rows = sink.rows(name)
        assert len(rows) == count
        # the same records and fields as the csv module gives, at their first lines' offsets
        starts = line_starts((folder / f"{name}.csv").read_bytes())
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            expected = []
            start = reader.line_num + 1
            for record in reader:
                fields = dict(zip(AGORA_COLUMNS, record, strict=True))
                expected.append({**fields, POS_COLUMN: starts[start]})
                start = reader.line_num + 1
        assert rows == expected
    synth = sink.rows("Ag2014-sscSynth")
    assert sum(1 for r in synth for v in r.values() if isinstance(v, str) and "\n" in v) >= 29
    assert any(r["from"] != r["from"].strip() for r in synth)  # type: ignore[union-attr]
    assert any(not r["product"].isascii() for r in synth)  # type: ignore[union-attr]


def test_fixture_directory_csv_and_tsv() -> None:
    sink = load_csv(FIXTURES)
    assert [t.name for t in sink.defined] == ["places", "users"]
    users = line_starts((FIXTURES / "users.csv").read_bytes())
    assert sink.rows("users") == [
        {"id": "1", "name": "alice", "note": "multi\nline, with comma", POS_COLUMN: users[2]},
        {"id": "2", "name": 'Jürgen "JJ"', "note": "", POS_COLUMN: users[4]},
        {"id": "3", "name": "東京", "note": "  padded  ", POS_COLUMN: users[6]},
    ]
    places = line_starts((FIXTURES / "places.tsv").read_bytes())
    assert sink.rows("places") == [
        {"id": "7", "city": "Berlin", POS_COLUMN: places[2]},
        {"id": "8", "city": "quoted tab", POS_COLUMN: places[3]},
    ]


def test_jsonl_union_of_keys_and_types() -> None:
    sink = load_jsonl(FIXTURES / "orders.jsonl")
    table = sink.table("orders")
    assert [(c.name, c.type) for c in table.columns] == [
        ("id", "BIGINT"),
        ("total", "VARCHAR"),
        ("paid", "BOOLEAN"),
        ("items", "VARCHAR"),
        ("note", "VARCHAR"),
        ("buyer", "VARCHAR"),
        ("extra", "VARCHAR"),
    ]
    first, second, third = sink.rows("orders")
    assert first["total"] == "1.10" and second["total"] == "3" and third["total"] == "-0.0"
    assert first["items"] == '[{"sku": "A", "qty": 2, "price": 1e-8}]'
    assert second["buyer"] == '{"name": "Jürgen"}' and second["note"] is None
    assert third["id"] == 9223372036854775807 and third["paid"] is None
    starts = line_starts((FIXTURES / "orders.jsonl").read_bytes())
    assert [r[POS_COLUMN] for r in (first, second, third)] == [starts[1], starts[2], starts[4]]
    assert first["extra"] is None and third["extra"] == "only here"


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_compressed_files(tmp_path: Path, kind: str) -> None:
    for name in ("users.csv", "orders.jsonl"):
        data = (FIXTURES / name).read_bytes()
        packed = (
            gzip.compress(data) if kind == "gzip" else zstandard.ZstdCompressor().compress(data)
        )
        suffix = ".gz" if kind == "gzip" else ".zst"
        (tmp_path / f"{name}{suffix}").write_bytes(packed)
    assert load_csv(tmp_path).rows("users") == load_csv(FIXTURES / "users.csv").rows("users")
    assert load_jsonl(tmp_path).rows("orders") == load_jsonl(FIXTURES / "orders.jsonl").rows(
        "orders"
    )


def test_wrong_field_count(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n3\n4,5,6\n7,8\n")
    with pytest.raises(InputError, match="1 fields where the header has 2") as err:
        load_csv(path)
    assert err.value.line == 3 and err.value.path == str(path)
    sink = load_csv(path, keep_going=True)
    assert [r["a"] for r in sink.rows("t")] == ["1", "7"]
    assert [(r.table, r.line, r.raw_text) for r in sink.rejects] == [
        ("t", 3, "3"),
        ("t", 4, "4,5,6"),
    ]


def test_invalid_bytes(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    data = b"a,b\n1,ok\n2,bad\xe9\n3,fine\n"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        load_csv(path)
    assert err.value.line == 3 and err.value.offset == data.index(b"\xe9")
    assert [r["b"] for r in load_csv(path, encoding="latin-1").rows("t")] == ["ok", "badé", "fine"]
    sink = load_csv(path, keep_going=True)
    assert [r["a"] for r in sink.rows("t")] == ["1", "3"] and [r.line for r in sink.rejects] == [3]


def test_unterminated_quote(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"open\n2,x\n')
    with pytest.raises(InputError, match="malformed CSV") as err:
        load_csv(path)
    assert err.value.line == 2


def test_invalid_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"a": 1}\n{"a": 2,\n[1, 2]\n{"a": 3}\n')
    with pytest.raises(InputError, match="invalid JSON") as err:
        load_jsonl(path)
    assert err.value.line == 2
    sink = load_jsonl(path, keep_going=True)
    assert [r["a"] for r in sink.rows("t")] == [1, 3]
    assert [r.line for r in sink.rejects] == [2, 3]
    assert len(sink.rows("t")) + len(sink.rejects) == 4


def test_escaped_lone_surrogates_are_not_text(tmp_path: Path) -> None:
    """JSON may escape half of a surrogate pair, which no UTF-8 text can hold: the record is
    refused with its line (set aside with keep_going); a whole pair is one character."""
    path = tmp_path / "t.jsonl"
    path.write_text('{"a": "\\ud83d\\ude00"}\n{"a": "x\\ud800"}\n{"\\udc00": 1}\n{"a": "ok"}\n')
    with pytest.raises(InputError, match="half of a surrogate pair") as err:
        load_jsonl(path)
    assert err.value.line == 2
    sink = load_jsonl(path, keep_going=True)
    assert [r["a"] for r in sink.rows("t")] == ["\U0001f600", "ok"]
    assert [r.line for r in sink.rejects] == [2, 3]


def test_values_nested_too_deep_are_refused_with_their_line(tmp_path: Path) -> None:
    """A line of a few hundred brackets would exhaust the recursion that keeps a value as JSON
    text: nesting past 100 levels is refused like invalid JSON, naming the line."""
    path = tmp_path / "t.jsonl"
    deepest = "[" * 99 + "]" * 99  # with the object around it: 100 levels
    path.write_text(f'{{"a": {deepest}}}\n{{"a": [{deepest}]}}\n{{"a": 1}}\n')
    with pytest.raises(InputError, match="nested more than 100 levels deep") as err:
        load_jsonl(path)
    assert err.value.line == 2
    sink = load_jsonl(path, keep_going=True)
    assert [r["a"] for r in sink.rows("t")] == [deepest, "1"]
    assert [r.line for r in sink.rejects] == [2]


def test_directory_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no \.csv, \.tsv files"):
        load_csv(tmp_path)
    (tmp_path / "a.csv").write_text("x\n1\n")
    (tmp_path / "a.tsv").write_text("x\n1\n")
    with pytest.raises(InputError, match="would be table 'a'"):
        load_csv(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        load_csv(tmp_path / "missing")
    (tmp_path / "a.tsv").unlink()
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(InputError, match="empty file: no rows"):
        load_csv(tmp_path)


def test_header_names_blank_and_repeated(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,,ID,_seized_pos\n1,2,3,4\n")
    assert load_csv(path).table("t").column_names == ["id", "column_2", "ID_2", "_seized_pos_2"]


def test_fuzzed_files_raise_only_input_errors(tmp_path: Path) -> None:
    rng = random.Random(9)
    for name, loader in [("users.csv", load_csv), ("orders.jsonl", load_jsonl)]:
        original = (FIXTURES / name).read_bytes()
        for round_ in range(80):
            data = bytearray(original)
            for _ in range(rng.randint(1, 5)):
                at = rng.randrange(len(data))
                if rng.random() < 0.5:
                    data[at] = rng.randrange(256)
                else:
                    data[at:at] = rng.choice([b'"', b",", b"\n", b"\x00", b"{", b"\xff"])
            folder = tmp_path / f"r{round_}"
            folder.mkdir()
            (folder / name).write_bytes(bytes(data))
            for keep_going in (False, True):
                with contextlib.suppress(InputError):
                    loader(folder, keep_going=keep_going)
            shutil.rmtree(folder)
