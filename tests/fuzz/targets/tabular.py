"""Fuzz targets of the CSV / TSV and JSON-lines parsers (seized.ingest.tabular): a directory of
one or two files, plain, gzip or zstd, read strictly and with ``keep_going``."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

from seized.ingest.formats import parser_for
from tests.fuzz.harness import Files, Target, settle
from tests.fuzz.mutate import compressed, mutated
from tests.fuzz.targets.sink import parse_file

FIXTURES = Path(__file__).resolve().parents[2] / "ingest" / "fixtures" / "tabular"
#: Errors about a whole file, which have no line to name.
NO_OFFSET = (
    "empty file: no header row",
    "empty file: no rows",
    "no JSON objects in this file",
    "no columns",
)
KEYS = ("id", "ID", "name", "", " ", "_seized_pos", "a b", "é", "column_2", "name_2")


def _read(directory: Path, fmt: str) -> None:
    settle(lambda: parse_file(parser_for(fmt), directory), directory)
    parse_file(parser_for(fmt), directory, keep_going=True)


# --- CSV ----------------------------------------------------------------------------------------

_FIELD_CHARS = st.sampled_from(',"\n\r\t ;\\') | st.characters(codec="utf-8")


@st.composite
def _field(draw: st.DrawFn) -> str:
    text = draw(st.text(_FIELD_CHARS, max_size=10))
    if draw(st.booleans()):
        return '"' + text.replace('"', '""') + '"'
    return text


@st.composite
def csv_text(draw: st.DrawFn, delimiter: str) -> bytes:
    width = draw(st.integers(1, 5))
    header = draw(st.lists(st.sampled_from(KEYS) | _field(), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(_field(), min_size=width - 1, max_size=width + 1), max_size=6))
    end = draw(st.sampled_from(("\n", "\r\n")))
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + end.join(lines) + draw(st.sampled_from(("", end, end + end)))).encode("utf-8")


def _csv_seeds() -> list[Files]:
    return [
        {"users.csv": (FIXTURES / "users.csv").read_bytes()},
        {"places.tsv": (FIXTURES / "places.tsv").read_bytes()},
        {p.name: p.read_bytes() for p in (FIXTURES / "users.csv", FIXTURES / "places.tsv")},
    ]


def _csv_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    plain = [data for seed in seeds[:2] for data in seed.values()]
    base = st.sampled_from(plain) | csv_text(",") | csv_text("\t")
    content = compressed(mutated(base, (b'"', b'""', b",", b"\t", b"\r\n")))
    names = st.sampled_from(("users.csv", "places.tsv", "data.CSV", "t.csv.gz", "x.tsv.zst"))
    return st.dictionaries(names, content, min_size=1, max_size=2)


CSV = Target(
    "csv", lambda d: _read(d, "csv"), _csv_seeds, _csv_inputs, examples=120, no_offset=NO_OFFSET
)


# --- JSON lines ---------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def _json_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(("object", "object", "object", "other", "blank", "broken", "deep")))
    if kind == "deep":  # nesting near and past every bound: the reader's, json's, recursion's
        depth = draw(st.sampled_from((99, 100, 101, 600, 900, 5000)))
        opening, closing = draw(st.sampled_from((("[", "]"), ('{"a":', "}"))))
        return '{"a": ' + opening * depth + "1" + closing * depth + "}"
    if kind == "object":
        return json.dumps(draw(st.dictionaries(st.sampled_from(KEYS), _JSON, max_size=5)))
    if kind == "other":
        return json.dumps(draw(_JSON))
    if kind == "blank":
        return draw(st.sampled_from(("", " ", "\t", "\r")))
    return draw(
        st.sampled_from(('{"a": 1', '{"a": 1}}', "{'a': 1}", '{"a": NaN}', '{"a":1,"a":2}'))
    )


def jsonl_text() -> st.SearchStrategy[bytes]:
    return st.lists(_json_line(), min_size=1, max_size=8).map(
        lambda lines: ("\n".join(lines) + "\n").encode("utf-8")
    )


def _jsonl_seeds() -> list[Files]:
    return [{"orders.jsonl": (FIXTURES / "orders.jsonl").read_bytes()}]


def _jsonl_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.just(seeds[0]["orders.jsonl"]) | jsonl_text()
    content = compressed(mutated(base, (b"{", b"}", b'"', b":", b"[", b"1e400", b"-0", b"null")))
    names = st.sampled_from(("orders.jsonl", "users.ndjson", "x.jsonl.gz"))
    return st.dictionaries(names, content, min_size=1, max_size=2)


JSONL = Target(
    "jsonl",
    lambda d: _read(d, "jsonl"),
    _jsonl_seeds,
    _jsonl_inputs,
    examples=100,
    no_offset=NO_OFFSET,
)
