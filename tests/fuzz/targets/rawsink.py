"""Fuzz target of the ingest path as a whole: every format's parser into the case store's
Parquet sink (seized.ingest.sink), which casts to the declared types, refuses duplicate or
reserved column names and tables defined twice, and makes the raw views, read back at the end.

The parsers' own targets use a fast in-memory sink; this one costs about ten times as much per
input, so it takes fewer, from the same strategies. The input's file name picks the format.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from seized.ingest.formats import parser_for
from tests.fuzz.harness import Files, Target, settle
from tests.fuzz.targets import ingest, sqlite, tabular
from tests.fuzz.targets.sink import ingest as load

#: file name -> format
FORMATS = {
    "mysql.sql": "mysql",
    "postgres.sql": "postgres",
    "market.db": "sqlite",
    "users.csv": "csv",
    "places.tsv": "csv",
    "orders.jsonl": "jsonl",
}
_TARGETS = {
    "mysql": ingest.MYSQL,
    "postgres": ingest.POSTGRES,
    "sqlite": sqlite.SQLITE,
    "csv": tabular.CSV,
    "jsonl": tabular.JSONL,
}


def _run(directory: Path) -> None:
    (path,) = directory.iterdir()
    parser = parser_for(FORMATS[path.name])
    settle(lambda: load(parser, path, keep_going=False), directory)
    load(parser, path, keep_going=True)


def _renamed(files: Files, fmt: str) -> Files:
    (data,) = files.values()
    names = [name for name, f in FORMATS.items() if f == fmt]
    name = next((n for n in names if n in files), names[0])
    return {name: data}


def _seeds() -> list[Files]:
    return [
        _renamed(seed, fmt)
        for fmt, target in _TARGETS.items()
        for seed in target.seeds()
        if len(seed) == 1
    ]


def _inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    def of(fmt: str) -> st.SearchStrategy[Files]:
        target = _TARGETS[fmt]
        files = target.inputs(target.seeds()).filter(lambda f: len(f) == 1)
        return files.map(lambda f: _renamed(f, fmt))

    return st.one_of([of(fmt) for fmt in _TARGETS])


SINK = Target(
    "sink", _run, _seeds, _inputs, examples=25, no_offset=sqlite.NO_OFFSET + tabular.NO_OFFSET
)
