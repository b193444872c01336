"""Fuzz target of the SQLite reader (seized.ingest.sqlite): databases made with random tables,
declared types and values of every storage class, then damaged byte by byte."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from hypothesis import strategies as st

from seized.ingest.formats import parser_for
from tests.fuzz.harness import Files, Target, settle
from tests.fuzz.mutate import compressed, mutated
from tests.fuzz.targets.sink import parse_file

NAMES = ("t", "users", "Order Items", 'q"t', "é", "sqlite", "_seized_pos")
COLUMNS = ("id", "name", "Name", "v", "a b", 'q"c', "_seized_pos", "rowid", "oid")
DECLARED = (
    "INTEGER", "INT", "BIGINT", "REAL", "DOUBLE", "NUMERIC", "DECIMAL(10,2)", "BOOLEAN", "BOOL",
    "TEXT", "VARCHAR(10)", "BLOB", "DATETIME", "DATE", "", "ANY", "INTEGER PRIMARY KEY",
)  # fmt: skip
BAD_TEXT = "CAST(X'ff00c3' AS TEXT)"
#: Errors that name no line or byte: SQLite does not say where a file is damaged, and a bad
#: value is named by its table, row and column.
NO_OFFSET = ("cannot read the SQLite database", "a table name is not valid text", "table ")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _value() -> st.SearchStrategy[object]:
    return st.one_of(
        st.none(),
        st.integers(-(2**63), 2**63 - 1),
        st.sampled_from((0, 1, -1)),
        st.floats(),
        st.text(max_size=10),
        st.binary(max_size=10),
    )


@st.composite
def database(draw: st.DrawFn) -> bytes:
    """An SQLite file of 1-3 tables, with small pages at times (damage then hits b-trees)."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute(f"PRAGMA page_size = {draw(st.sampled_from((512, 1024, 4096)))}")
        names = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique_by=str.lower)
        for name in draw(names):
            columns = draw(
                st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4, unique_by=str.lower)
            )
            types = [draw(st.sampled_from(DECLARED)) for _ in columns]
            if types.count("INTEGER PRIMARY KEY") > 1:
                types = [t if t != "INTEGER PRIMARY KEY" else "INTEGER" for t in types]
            parts = [f"{_quote(c)} {t}" for c, t in zip(columns, types, strict=True)]
            extra = draw(st.sampled_from(("", "generated", "stored", "without rowid")))
            if extra in ("generated", "stored"):
                how = "VIRTUAL" if extra == "generated" else "STORED"
                parts.append(f"g AS (length({_quote(columns[0])})) {how}")
            tail = ""
            if extra == "without rowid" and "INTEGER PRIMARY KEY" not in types:
                parts.append(f"PRIMARY KEY ({_quote(columns[0])})")
                tail = " WITHOUT ROWID"
            con.execute(f"CREATE TABLE {_quote(name)} ({', '.join(parts)}){tail}")
            marks = ", ".join("?" for _ in columns)
            insert = f"INSERT OR IGNORE INTO {_quote(name)} ({', '.join(map(_quote, columns))})"
            for row in draw(st.lists(st.tuples(*[_value() for _ in columns]), max_size=6)):
                with contextlib.suppress(sqlite3.Error):  # a text id in an INTEGER PRIMARY KEY
                    con.execute(f"{insert} VALUES ({marks})", row)
            if draw(st.booleans()):  # text that is not UTF-8
                with contextlib.suppress(sqlite3.Error):
                    con.execute(f"{insert} SELECT {', '.join([BAD_TEXT] * len(columns))}")
        if draw(st.booleans()):
            con.execute("CREATE VIEW v AS SELECT 1 AS one")
        con.commit()
        return con.serialize()
    finally:
        con.close()


def _run(directory: Path) -> None:
    path = directory / "market.db"
    settle(lambda: parse_file(parser_for("sqlite"), path), directory)
    parse_file(parser_for("sqlite"), path, keep_going=True)


def _seeds() -> list[Files]:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, balance REAL, pic BLOB)")
    con.execute("INSERT INTO users VALUES (1, 'alice', 1.5, X'00ff'), (2, NULL, 2, NULL)")
    con.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID")
    con.execute("INSERT INTO kv VALUES ('a', 1), ('b', 'two'), ('c', X'01')")
    con.commit()
    return [{"market.db": con.serialize()}]


def _inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.just(seeds[0]["market.db"]) | database()
    return compressed(mutated(base, (b"\x00" * 4, b"\xff" * 4))).map(lambda b: {"market.db": b})


SQLITE = Target("sqlite", _run, _seeds, _inputs, examples=120, no_offset=NO_OFFSET)
