"""SQLite files: types from declarations and values, keys, rowids, bad files."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import random
import sqlite3
from pathlib import Path

import pytest
import zstandard

from seized.errors import InputError
from seized.ingest.base import POS_COLUMN, ParseOptions, Source
from seized.ingest.sqlite import parse

from .collect import Collect


def make_db(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript(
        '''
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            balance REAL,
            joined DATETIME,
            active BOOLEAN,
            avatar BLOB,
            loose INTEGER,
            anything
        );
        INSERT INTO users VALUES (1, 'alice', 1.5, '2014-01-09 10:00:00', 1, x'00ff', 7, 3);
        INSERT INTO users VALUES (5, 'Jürgen 東京', 2, '2014-02-01', 0, NULL, 'seven', 'x');
        INSERT INTO users VALUES (9, '', NULL, 1389261600, NULL, x'', NULL, 2.5);
        CREATE TABLE pairs (a TEXT, b INTEGER, PRIMARY KEY (b, a)) WITHOUT ROWID;
        INSERT INTO pairs VALUES ('x', 2), ('y', 1);
        CREATE TABLE "odd ""name""" (rowid TEXT, "col; drop" NUMERIC);
        INSERT INTO "odd ""name""" VALUES ('r', 10), ('s', 11.25);
        CREATE TABLE empty (n INTEGER, r REAL, t TEXT);
        '''
    )
    con.commit()
    con.close()
    return path


def load(path: Path, **options: object) -> Collect:
    sink = Collect()
    parse(Source(path), sink, ParseOptions(**options))  # type: ignore[arg-type]
    return sink


def test_tables_types_and_values(tmp_path: Path) -> None:
    db = make_db(tmp_path / "m.sqlite")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    sink = load(db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert [t.name for t in sink.defined] == ["users", "pairs", 'odd "name"', "empty"]
    users = sink.table("users")
    assert users.primary_key == ("id",)
    assert [(c.name, c.type) for c in users.columns] == [
        ("id", "BIGINT"),
        ("name", "VARCHAR"),
        ("balance", "DOUBLE"),
        ("joined", "VARCHAR"),
        ("active", "BOOLEAN"),
        ("avatar", "BLOB"),
        ("loose", "VARCHAR"),  # declared INTEGER, holds 'seven': kept as text
        ("anything", "VARCHAR"),
    ]
    assert users.columns[3].source_type == "DATETIME"
    rows = sink.rows("users")
    assert [r[POS_COLUMN] for r in rows] == [1, 5, 9]
    assert rows[0]["avatar"] == b"\x00\xff" and rows[2]["avatar"] == b""
    assert rows[0]["balance"] == 1.5 and rows[1]["balance"] == 2.0
    assert [r["active"] for r in rows] == [True, False, None]
    assert [r["loose"] for r in rows] == ["7", "seven", None]
    assert [r["anything"] for r in rows] == ["3", "x", "2.5"]
    assert [r["joined"] for r in rows] == ["2014-01-09 10:00:00", "2014-02-01", "1389261600"]
    assert rows[1]["name"] == "Jürgen 東京"


def test_without_rowid_and_shadowed_rowid(tmp_path: Path) -> None:
    sink = load(make_db(tmp_path / "m.sqlite"))
    assert sink.table("pairs").primary_key == ("b", "a")
    assert [(r["a"], r[POS_COLUMN]) for r in sink.rows("pairs")] == [("y", 1), ("x", 2)]
    odd = sink.table('odd "name"')
    assert [(c.name, c.type) for c in odd.columns] == [
        ("rowid", "VARCHAR"),
        ("col; drop", "DOUBLE"),
    ]
    assert sink.rows('odd "name"') == [
        {"rowid": "r", "col; drop": 10.0, POS_COLUMN: 1},
        {"rowid": "s", "col; drop": 11.25, POS_COLUMN: 2},
    ]
    assert [c.type for c in sink.table("empty").columns] == ["BIGINT", "DOUBLE", "VARCHAR"]
    assert sink.rows("empty") == []


def test_batches(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (v INTEGER)")
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1000)])
    con.commit()
    con.close()
    sink = load(db, batch_rows=128)
    assert [b.num_rows for _, b in sink.batches] == [128] * 7 + [104]
    assert [r["v"] for r in sink.rows("t")] == list(range(1000))


def test_progress_in_bytes_of_the_file(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE a (v INTEGER, t TEXT)")
    con.executemany("INSERT INTO a VALUES (?, ?)", [(i, "x" * 50) for i in range(900)])
    con.execute("CREATE TABLE b (v INTEGER)")
    con.executemany("INSERT INTO b VALUES (?)", [(i,) for i in range(100)])
    con.execute("CREATE TABLE c (v INTEGER)")
    con.commit()
    con.close()
    seen: list[int] = []
    load(db, batch_rows=100, progress=seen.append)
    size = db.stat().st_size
    assert len(seen) == 10 and seen == sorted(set(seen))  # one report per batch of rows
    assert seen[-1] == size and seen[0] == size // 10


def test_progress_of_an_empty_database_ends_once(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (v INTEGER)")
    con.commit()
    con.close()
    seen: list[int] = []
    load(db, progress=seen.append)
    assert seen == [db.stat().st_size]


def test_invalid_text_bytes(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (v TEXT)")
    con.execute("INSERT INTO t VALUES ('ok'), (CAST(x'41ff42' AS TEXT)), ('fine')")
    con.commit()
    con.close()
    with pytest.raises(InputError, match="row 2, column v") as err:
        load(db)
    assert err.value.path == str(db)
    sink = load(db, keep_going=True)
    assert [r["v"] for r in sink.rows("t")] == ["ok", "fine"]
    assert [(r.table, r.line) for r in sink.rejects] == [("t", 2)]
    assert [r["v"] for r in load(db, encoding="latin-1").rows("t")] == ["ok", "AÿB", "fine"]


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_compressed(tmp_path: Path, kind: str) -> None:
    plain = make_db(tmp_path / "m.sqlite").read_bytes()
    data = gzip.compress(plain) if kind == "gzip" else zstandard.ZstdCompressor().compress(plain)
    packed = tmp_path / "m.sqlite.x"
    packed.write_bytes(data)
    assert load(packed).rows("users") == load(tmp_path / "m.sqlite").rows("users")


def test_not_sqlite_and_corrupt(tmp_path: Path) -> None:
    other = tmp_path / "x.sqlite"
    other.write_bytes(b"CREATE TABLE t (a int);\n")
    with pytest.raises(InputError, match="not an SQLite"):
        load(other)
    data = bytearray(make_db(tmp_path / "m.sqlite").read_bytes())
    data[100:4096] = bytes(len(data[100:4096]))  # wipe the schema page
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(bytes(data))
    with pytest.raises(InputError, match="SQLite"):
        load(broken)


def test_fuzzed_files_raise_only_input_errors(tmp_path: Path) -> None:
    original = make_db(tmp_path / "m.sqlite").read_bytes()
    rng = random.Random(5)
    for round_ in range(40):
        data = bytearray(original)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.2:
            data = data[: rng.randrange(len(data))]
        path = tmp_path / f"f{round_}.sqlite"
        path.write_bytes(bytes(data))
        for keep_going in (False, True):
            with contextlib.suppress(InputError):
                load(path, keep_going=keep_going)


def test_virtual_generated_columns_are_not_evaluated(tmp_path: Path) -> None:
    """A virtual generated column is computed from the schema's expression on every read (this
    one would be 400 MB a row): left out. A stored one is in the file: read like any other."""
    db = tmp_path / "g.sqlite"
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, "
        "bomb BLOB GENERATED ALWAYS AS (zeroblob(400000000)) VIRTUAL, "
        "shout TEXT GENERATED ALWAYS AS (upper(name)) STORED)"
    )
    con.executemany("INSERT INTO t (id, name) VALUES (?, ?)", [(1, "alice"), (2, "bob")])
    con.commit()
    con.close()
    assert db.stat().st_size < 16384
    sink = load(db)
    assert [c.name for c in sink.table("t").columns] == ["id", "name", "shout"]
    assert [(r["name"], r["shout"]) for r in sink.rows("t")] == [("alice", "ALICE"), ("bob", "BOB")]


def _long_values(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT, photo BLOB)")
    con.executemany(
        "INSERT INTO t VALUES (?, ?, ?)",
        [
            (1, "short", b"\x00" * 100),
            (2, "fine", b"\x01" * 101),  # a byte over
            (3, "é" * 51, None),  # 51 characters, 102 bytes
            (4, "x" * 200, b"\x02" * 300),  # both: the first column is named
            (5, "last", b"\x03"),
        ],
    )
    con.commit()
    con.close()
    return path


def test_values_over_the_bound_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("seized.ingest.sqlite.MAX_VALUE_BYTES", 100)
    db = _long_values(tmp_path / "long.sqlite")
    with pytest.raises(InputError) as err:
        load(db)
    assert err.value.path == str(db)
    assert "table t, row 2, column photo: a value of 101 bytes" in err.value.reason
    sink = load(db, keep_going=True, batch_rows=2)
    assert [r["id"] for r in sink.rows("t")] == [1, 5]
    assert sink.rows("t")[0]["photo"] == b"\x00" * 100
    assert [(r.table, r.line) for r in sink.rejects] == [("t", 2), ("t", 3), ("t", 4)]
    assert "column note: a value of 102 bytes" in sink.rejects[1].reason
    assert "column note: a value of 200 bytes" in sink.rejects[2].reason


def test_the_bound_is_16_mib(tmp_path: Path) -> None:
    db = tmp_path / "big.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)")
    con.execute("INSERT INTO t VALUES (1, zeroblob(16 << 20)), (2, zeroblob((16 << 20) + 1))")
    con.commit()
    con.close()
    sink = load(db, keep_going=True)
    assert [len(r["data"]) for r in sink.rows("t")] == [16 << 20]
    assert [r.line for r in sink.rejects] == [2]
