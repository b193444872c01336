"""Fuzz targets of the SQL dump parsers: mysqldump (seized.ingest.mysql) and plain pg_dump
(seized.ingest.postgres), through the registry the ingest stage uses (``parser_for``).

The mysqldump target also compares the fast paths with the exact reader: the same tables and
rows, or an error from both. Each dump is read strictly and with ``keep_going``.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from seized.errors import SeizedError
from seized.ingest.base import ParseOptions, Source
from seized.ingest.formats import parser_for
from seized.ingest.mysql import parse_dump
from tests.fuzz.harness import Files, Target, settle
from tests.fuzz.mutate import compressed, mutated
from tests.fuzz.targets.sink import CheckingSink, ContractError, parse_file

FIXTURES = Path(__file__).resolve().parents[2] / "ingest"
TABLE_NAMES = ("t", "users", "Order Items", "t`2", "ü")
COLUMN_NAMES = ("id", "name", "Name2", "note", "a b", "`q`", "é", "x" * 70)


def _text(alphabet: str = "") -> st.SearchStrategy[str]:
    chars = st.characters(codec="utf-8") if not alphabet else st.sampled_from(alphabet)
    return st.text(chars, max_size=12)


# --- mysqldump ----------------------------------------------------------------------------------

MYSQL_TYPES = (
    "int(11)", "int(10) unsigned", "bigint(20)", "bigint(20) unsigned", "tinyint(1)",
    "smallint(6)", "mediumint(9)", "decimal(18,8)", "decimal(65,30)", "double", "float",
    "varchar(255)", "char(2)", "text", "mediumtext", "longtext", "blob", "longblob",
    "varbinary(16)", "binary(4)", "bit(1)", "bit(64)", "date", "datetime", "datetime(6)",
    "timestamp", "time", "year(4)", "enum('a','b''c')", "set('x','y')", "json", "serial",
    "geometry", "boolean", "int(11) NOT NULL AUTO_INCREMENT", "varchar(20) DEFAULT 'x;y'",
    "char(36) CHARACTER SET ascii", "text COLLATE utf8mb4_bin", "decimal(10,2) DEFAULT '0.00'",
)  # fmt: skip
MYSQL_ESCAPES = ("\\0", "\\'", '\\"', "\\b", "\\n", "\\r", "\\t", "\\Z", "\\\\", "\\%", "\\_", "''")


def _my_ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@st.composite
def _my_string(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_text() | st.sampled_from(MYSQL_ESCAPES), max_size=5))
    body = "".join(p.replace("'", "''") if len(p) != 2 or p[0] != "\\" else p for p in parts)
    prefix = draw(st.sampled_from(("", "", "_binary ", "_utf8mb4", "_latin1 ", "N")))
    return f"{prefix}'{body}'"


def _my_value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.just("NULL"),
        st.integers(-(2**70), 2**70).map(str),
        st.from_regex(r"-?[0-9]{1,30}(\.[0-9]{0,30})?([eE][+-]?[0-9]{1,3})?", fullmatch=True),
        _my_string(),
        st.binary(max_size=8).map(lambda b: "0x" + b.hex()),
        st.binary(max_size=8).map(lambda b: f"X'{b.hex()}'"),
        st.from_regex(r"b'[01]{0,70}'", fullmatch=True),
        st.sampled_from(
            ("TRUE", "FALSE", "CURRENT_TIMESTAMP", "'0000-00-00 00:00:00'", "-", "1+1")
        ),
    )


@st.composite
def _my_create(draw: st.DrawFn) -> str:
    table = draw(st.sampled_from(TABLE_NAMES))
    columns = draw(st.lists(st.sampled_from(COLUMN_NAMES), min_size=1, max_size=5, unique=True))
    lines = [f"  {_my_ident(c)} {draw(st.sampled_from(MYSQL_TYPES))}" for c in columns]
    if draw(st.booleans()):
        lines.append(f"  PRIMARY KEY ({_my_ident(columns[0])})")
    if draw(st.booleans()):
        lines.append(f"  KEY `k` ({_my_ident(columns[-1])})")
    drop = f"DROP TABLE IF EXISTS {_my_ident(table)};\n" if draw(st.booleans()) else ""
    body = ",\n".join(lines)
    return (
        f"{drop}CREATE TABLE {_my_ident(table)} (\n{body}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;"
    )


@st.composite
def _my_insert(draw: st.DrawFn) -> str:
    table = draw(st.sampled_from(TABLE_NAMES))
    width = draw(st.integers(1, 5))
    rows = draw(
        st.lists(st.lists(_my_value(), min_size=width, max_size=width), min_size=1, max_size=4)
    )
    names = ""
    if draw(st.booleans()):
        cols = draw(st.lists(st.sampled_from(COLUMN_NAMES), min_size=width, max_size=width))
        names = " (" + ", ".join(_my_ident(c) for c in cols) + ")"
    verb = draw(st.sampled_from(("INSERT INTO", "INSERT IGNORE INTO", "REPLACE INTO")))
    sep = draw(st.sampled_from((",", ",\n", ", ")))
    values = sep.join("(" + ",".join(r) + ")" for r in rows)
    return f"{verb} {_my_ident(table)}{names} VALUES {values};"


MYSQL_OTHER = (
    "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;",
    "/*!40101 SET NAMES latin1 */;",
    "LOCK TABLES `t` WRITE;",
    "UNLOCK TABLES;",
    "USE `market`;",
    "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `market`;",
    "ALTER TABLE `t` ADD PRIMARY KEY (`id`);",
    "ALTER TABLE `users` ADD COLUMN `extra` int;",
    "TRUNCATE TABLE `t`;",
    "-- a comment; with a semicolon",
    "# another comment",
    "/* a block\n comment */",
    "DELIMITER ;;\nCREATE TRIGGER tr BEFORE INSERT ON `t` FOR EACH ROW BEGIN SET @a = 1; END ;;\n"
    "DELIMITER ;",
    "SET @saved = 'a;b';",
)


def mysql_dump() -> st.SearchStrategy[bytes]:
    statement = st.one_of(_my_create(), _my_insert(), st.sampled_from(MYSQL_OTHER))
    return st.lists(statement, min_size=1, max_size=8).map(
        lambda parts: ("-- MySQL dump 10.13\n" + "\n".join(parts) + "\n").encode("utf-8")
    )


def _exact(path: Path) -> CheckingSink:
    sink = CheckingSink()
    parse_dump(Source(path), sink, ParseOptions(batch_rows=7), fast=False)
    return sink


def _outcome(read: CheckingSink | SeizedError) -> object:
    return "error" if isinstance(read, SeizedError) else read.outcome()


def _mysql_run(directory: Path) -> None:
    path = directory / "dump.sql"
    fast = _outcome(settle(lambda: parse_file(parser_for("mysql"), path), directory))
    exact = _outcome(settle(lambda: _exact(path), directory))
    if fast != exact:
        raise ContractError(f"the fast paths read {fast!r}, the exact reader {exact!r}")
    parse_file(parser_for("mysql"), path, keep_going=True)


def _mysql_seeds() -> list[Files]:
    folder = FIXTURES / "mysql" / "fixtures"
    return [{"dump.sql": p.read_bytes()} for p in sorted(folder.glob("*.sql"))]


MYSQL_TOKENS = (
    b"INSERT INTO `t` VALUES ", b"),(", b"_binary ", b"\\'", b"''", b"0x", b"X'", b"b'",
    b"/*!40101 ", b"*/", b"-- ", b"DELIMITER ;;\n", b";;", b"CREATE TABLE `t` (`id` int);\n",
)  # fmt: skip


def _mysql_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.sampled_from([s["dump.sql"] for s in seeds]) | mysql_dump()
    return compressed(mutated(base, MYSQL_TOKENS)).map(lambda b: {"dump.sql": b})


MYSQL = Target("mysql", _mysql_run, _mysql_seeds, _mysql_inputs, examples=100)


# --- pg_dump ------------------------------------------------------------------------------------

PG_TYPES = (
    "integer", "bigint", "smallint", "numeric(18,8)", "numeric", "numeric(50,2)", "text",
    "character varying(255)", "character varying", "boolean", "bytea",
    "timestamp without time zone", "timestamp(6) with time zone", "date", "double precision",
    "real", "jsonb", "json", "uuid", "integer[]", "text[]", "public.mood", "public.citext",
    "interval", "inet", '"char"', "serial", "integer NOT NULL", "text DEFAULT 'a;b'::text",
)  # fmt: skip
COPY_ESCAPES = ("\\\\", "\\t", "\\n", "\\r", "\\b", "\\f", "\\v", "\\101", "\\x41", "\\x", "\\")


def _pg_ident(name: str) -> str:
    return name if name.isidentifier() and name.islower() else '"' + name.replace('"', '""') + '"'


def _copy_value() -> st.SearchStrategy[str]:
    text = st.lists(_text() | st.sampled_from(COPY_ESCAPES), max_size=4).map("".join)
    return st.one_of(
        st.just("\\N"),
        st.integers(-(2**70), 2**70).map(str),
        text.map(lambda s: s.replace("\t", "\\t").replace("\n", "\\n")),
        st.binary(max_size=8).map(lambda b: "\\\\x" + b.hex()),
        st.sampled_from(("t", "f", "{1,2}", '{"a,b",NULL}', "2024-02-30", "infinity", "NaN")),
    )


def _pg_literal() -> st.SearchStrategy[str]:
    return st.one_of(
        st.just("NULL"),
        st.integers(-(2**70), 2**70).map(str),
        st.from_regex(r"-?[0-9]{0,20}\.[0-9]{1,20}(e[+-]?[0-9]{1,3})?", fullmatch=True),
        _text().map(lambda s: "'" + s.replace("'", "''") + "'"),
        _text().map(lambda s: "E'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"),
        st.binary(max_size=8).map(lambda b: f"'\\x{b.hex()}'::bytea"),
        _text().map(lambda s: "$$" + s.replace("$", "") + "$$"),
        st.sampled_from(("true", "false", "'{1,2}'", "'x'::text", "'2015-06-01'::date", "-1.5e-1")),
    )


@st.composite
def _pg_create(draw: st.DrawFn) -> str:
    table = _pg_ident(draw(st.sampled_from(TABLE_NAMES)))
    columns = draw(st.lists(st.sampled_from(COLUMN_NAMES), min_size=1, max_size=5, unique=True))
    lines = [f"    {_pg_ident(c)} {draw(st.sampled_from(PG_TYPES))}" for c in columns]
    if draw(st.booleans()):
        lines.append(f"    CONSTRAINT k PRIMARY KEY ({_pg_ident(columns[0])})")
    body = ",\n".join(lines)
    schema = draw(st.sampled_from(("public.", "", "market.")))
    text = f"CREATE TABLE {schema}{table} (\n{body}\n);"
    if draw(st.booleans()):
        text += f"\n\nALTER TABLE ONLY {schema}{table}\n    ADD CONSTRAINT p PRIMARY KEY ("
        text += _pg_ident(columns[-1]) + ");"
    return text


@st.composite
def _pg_copy(draw: st.DrawFn) -> str:
    table = _pg_ident(draw(st.sampled_from(TABLE_NAMES)))
    width = draw(st.integers(1, 5))
    cols = draw(st.lists(st.sampled_from(COLUMN_NAMES), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(_copy_value(), min_size=width, max_size=width), max_size=5))
    lines = ["\t".join(r) for r in rows]
    end = draw(st.sampled_from(("\\.", "\\.", "\\.\r", "")))
    head = f"COPY public.{table} ({', '.join(_pg_ident(c) for c in cols)}) FROM stdin;"
    return "\n".join([head, *lines, end])


@st.composite
def _pg_insert(draw: st.DrawFn) -> str:
    table = _pg_ident(draw(st.sampled_from(TABLE_NAMES)))
    width = draw(st.integers(1, 5))
    rows = draw(
        st.lists(st.lists(_pg_literal(), min_size=width, max_size=width), min_size=1, max_size=3)
    )
    names = ""
    if draw(st.booleans()):
        cols = draw(st.lists(st.sampled_from(COLUMN_NAMES), min_size=width, max_size=width))
        names = " (" + ", ".join(_pg_ident(c) for c in cols) + ")"
    values = ",\n\t".join("(" + ", ".join(r) + ")" for r in rows)
    return f"INSERT INTO public.{table}{names} VALUES {values};"


PG_OTHER = (
    "SET standard_conforming_strings = off;",
    "SET standard_conforming_strings = on;",
    "SET client_encoding = 'LATIN1';",
    "SET search_path = market, pg_catalog;",
    "SELECT pg_catalog.set_config('search_path', '', false);",
    "CREATE TYPE public.mood AS ENUM (\n    'sad',\n    'ok;fine'\n);",
    "CREATE DOMAIN public.citext AS text;",
    "CREATE FUNCTION public.f() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n"
    "  RETURN NEW; -- ;\nEND;\n$$;",
    "COMMENT ON TABLE public.t IS 'a;b';",
    "\\restrict abc",
    "\\connect market",
    "-- a comment",
    "ALTER TABLE public.t OWNER TO market;",
)


def pg_dump() -> st.SearchStrategy[bytes]:
    statement = st.one_of(_pg_create(), _pg_copy(), _pg_insert(), st.sampled_from(PG_OTHER))
    return st.lists(statement, min_size=1, max_size=8).map(
        lambda parts: (
            "--\n-- PostgreSQL database dump\n--\n\n" + "\n\n".join(parts) + "\n"
        ).encode()
    )


def _pg_run(directory: Path) -> None:
    path = directory / "dump.sql"
    settle(lambda: parse_file(parser_for("postgres"), path), directory)
    parse_file(parser_for("postgres"), path, keep_going=True)


def _pg_seeds() -> list[Files]:
    folder = FIXTURES / "postgres" / "fixtures"
    return [{"dump.sql": p.read_bytes()} for p in sorted(folder.glob("*.sql"))]


PG_TOKENS = (
    b"\t", b"\\.\n", b"\\N", b"\\\\x", b"$$", b"E'", b"::bytea",
    b"COPY public.t (id) FROM stdin;\n", b"CREATE TABLE public.t (\n    id integer\n);\n",
    b"\\restrict x\n",
)  # fmt: skip


def _pg_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.sampled_from([s["dump.sql"] for s in seeds]) | pg_dump()
    return compressed(mutated(base, PG_TOKENS)).map(lambda b: {"dump.sql": b})


POSTGRES = Target("postgres", _pg_run, _pg_seeds, _pg_inputs, examples=90)
