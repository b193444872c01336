"""The spine end to end through the CLI: add, ingest, query, status, verify on each dump format."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SEIZED = [sys.executable, "-m", "seized.cli"]

MYSQL = """-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS `users`;
CREATE TABLE `users` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(64) NOT NULL,
  `joined` datetime DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
LOCK TABLES `users` WRITE;
INSERT INTO `users` VALUES (1,'ann','2020-01-01 10:00:00'),\
(2,'O\\'Brien, \\"bob\\"','2021-02-03 04:05:06'),(3,'zoë 🙂',NULL);
UNLOCK TABLES;
"""

POSTGRES = """--
-- PostgreSQL database dump
--
SET statement_timeout = 0;
CREATE TABLE public.users (
    id integer NOT NULL,
    name text,
    joined timestamp without time zone
);
COPY public.users (id, name, joined) FROM stdin;
1\tann\t2020-01-01 10:00:00
2\tline\\nbreak\t\\N
3\tzoë 🙂\t2021-02-03 04:05:06
\\.
ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);
"""


def seized(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*SEIZED, *map(str, args)], capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"seized {args} failed ({result.returncode}):\n{result.stderr}")
    return result


def _dump(tmp_path: Path, kind: str) -> Path:
    if kind == "mysql":
        path = tmp_path / "market.sql.gz"
        path.write_bytes(gzip.compress(MYSQL.encode()))
    elif kind == "postgres":
        path = tmp_path / "market.sql"
        path.write_text(POSTGRES, encoding="utf-8")
    else:
        path = tmp_path / "market.sqlite"
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, joined TEXT)")
        con.executemany(
            "INSERT INTO users VALUES (?, ?, ?)",
            [(1, "ann", "2020-01-01 10:00:00"), (2, "bob", None), (3, "zoë 🙂", None)],
        )
        con.commit()
        con.close()
    return path


@pytest.mark.parametrize("kind", ["mysql", "postgres", "sqlite"])
def test_add_ingest_query_status_verify(tmp_path: Path, kind: str) -> None:
    case = tmp_path / "case"
    seized("init", case)
    seized("add", case, _dump(tmp_path, kind), "--market", "mk")
    out = seized("ingest", case).stdout
    assert "not mapped yet" in out
    rows = json.loads(
        seized(
            "query", case, "SELECT id, name FROM raw_mk.users ORDER BY id", "--format", "json"
        ).stdout
    )
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert rows[2]["name"] == "zoë 🙂"
    status = json.loads(seized("status", case, "--json").stdout)
    assert status["markets"][0]["raw_loaded"] is True
    assert status["raw_tables"][0]["stored"] == 3
    assert "OK" in seized("verify", case, "--unsigned-ok").stdout
    rerun = seized("ingest", case).stdout
    assert "skipped" in rerun
    csv_out = seized("query", case, "SELECT count(*) AS n FROM raw_mk.users", "--format", "csv")
    assert csv_out.stdout.splitlines() == ["n", "3"]


def test_agora_listings_map_into_accounts_and_listings(tmp_path: Path, shared_data: Path) -> None:
    case = tmp_path / "case"
    seized("init", case)
    seized("add", case, shared_data / "listings", "--market", "agora", "--mapping", "agora-csv")
    seized("ingest", case)
    counts = json.loads(
        seized(
            "query",
            case,
            "SELECT (SELECT count(*) FROM listings) AS listings, "
            "(SELECT count(*) FROM accounts WHERE role = 'vendor') AS vendors, "
            "(SELECT count(DISTINCT raw_table) FROM listings) AS sources",
            "--format",
            "json",
        ).stdout
    )[0]
    assert counts["listings"] == 1356 + 244
    assert counts["sources"] == 2
    vendors = json.loads(
        seized(
            "query",
            case,
            "SELECT count(DISTINCT vendor) AS n FROM "
            '(SELECT vendor FROM raw_agora."Ag2014-sscSynth" '
            'UNION SELECT vendor FROM raw_agora."Ag2014-sscShakeTrim")',
            "--format",
            "json",
        ).stdout
    )[0]["n"]
    assert counts["vendors"] == vendors
    assert "OK" in seized("verify", case, "--unsigned-ok").stdout


def test_verify_notices_a_canonical_table_edited_behind_seized(tmp_path: Path) -> None:
    case = tmp_path / "case"
    seized("init", case)
    seized("add", case, _dump(tmp_path, "mysql"), "--market", "mk")
    seized("ingest", case)
    import duckdb

    con = duckdb.connect(str(case / "case.duckdb"))
    con.execute("UPDATE raw_tables SET rows_stored = 99")
    con.close()
    result = seized("verify", case, "--unsigned-ok", check=False)
    assert result.returncode == 4
    assert "raw_tables changed outside seized" in result.stderr


def test_verify_notices_a_raw_table_file_changed_or_missing(tmp_path: Path) -> None:
    case = tmp_path / "case"
    seized("init", case)
    seized("add", case, _dump(tmp_path, "postgres"), "--market", "mk")
    seized("ingest", case)
    files = sorted((case / "raw").rglob("*.parquet"))
    assert [f.relative_to(case).as_posix() for f in files] == ["raw/raw_mk/users/e1.parquet"]
    assert "1 raw-table files" in seized("verify", case, "--unsigned-ok").stdout
    data = bytearray(files[0].read_bytes())
    data[len(data) // 2] ^= 1
    files[0].write_bytes(bytes(data))
    result = seized("verify", case, "--unsigned-ok", check=False)
    assert result.returncode == 4
    assert "raw table file raw/raw_mk/users/e1.parquet (3 rows): changed outside seized" in (
        result.stderr
    )
    files[0].unlink()
    result = seized("verify", case, "--unsigned-ok", check=False)
    assert "raw/raw_mk/users/e1.parquet (3 rows): missing" in result.stderr


def test_raw_tables_follow_the_case_directory_when_it_moves(tmp_path: Path) -> None:
    case = tmp_path / "case"
    seized("init", case)
    seized("add", case, _dump(tmp_path, "mysql"), "--market", "mk")
    seized("ingest", case)
    moved = tmp_path / "elsewhere" / "case"
    moved.parent.mkdir()
    case.rename(moved)
    out = seized("query", moved, "SELECT count(*) AS n FROM raw_mk.users", "--format", "csv")
    assert out.stdout.splitlines() == ["n", "3"]


def test_mapping_suggest_then_set_maps_an_unknown_market(tmp_path: Path) -> None:
    case = tmp_path / "case"
    seized("init", case)
    seized("add", case, _dump(tmp_path, "postgres"), "--market", "mk")
    seized("ingest", case)
    draft = tmp_path / "mk.yaml"
    seized("mapping", "suggest", case, "--market", "mk", "--out", draft)
    text = draft.read_text()
    assert "accounts:" in text and "users" in text
    seized("mapping", "set", case, "--market", "mk", draft)
    out = seized("ingest", case).stdout
    assert "ingest.map mk: done" in out
    rows = json.loads(
        seized(
            "query",
            case,
            "SELECT account_id, username FROM accounts ORDER BY 1",
            "--format",
            "json",
        ).stdout
    )
    assert [r["account_id"] for r in rows] == ["mk:1", "mk:2", "mk:3"]
    assert rows[2]["username"] == "zoë 🙂"


def test_broken_mapping_names_the_line_and_column(tmp_path: Path) -> None:
    case = tmp_path / "case"
    seized("init", case)
    seized("add", case, _dump(tmp_path, "postgres"), "--market", "mk")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "mapping: 1\nsoftware: test\ndescription: broken\ntables:\n  accounts:\n"
        "    source: users\n    select: |\n      SELECT id AS native_id, nickname AS username\n"
        "      FROM users\n"
    )
    seized("mapping", "set", case, "--market", "mk", bad)
    result = seized("ingest", case, check=False)
    assert result.returncode == 3
    assert "mk.yaml:8" in result.stderr and "nickname" in result.stderr
    status = json.loads(seized("status", case, "--json").stdout)
    assert status["markets"][0]["raw_loaded"] is True
    assert status["markets"][0]["mapped"] is False
