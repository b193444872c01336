"""Writers that format the benchmark market's rows the way mariadb-dump and pg_dump do.

:class:`MySQLDumpWriter` writes what ``mariadb-dump DB`` (default options: extended INSERTs split
at ``net_buffer_length``, ``LOCK TABLES``, ``/*!40101 ... */`` headers) writes; with
``one_row_per_line=False`` each INSERT statement is one line, as MySQL's mysqldump and older
MariaDB releases write it. :class:`PgDumpWriter` writes what ``pg_dump DB`` (plain format) writes:
types, tables and sequences, ``COPY ... FROM stdin`` blocks with ``\\N`` for NULL, then the
sequence values, constraints and indexes. The test in tests/bench compares both with the real
tools' output for the same data.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import IO

from bench.ingest.rows import EPOCH, SPAN, Row
from bench.ingest.schema import PG_ENUMS, TABLES, Table

MARIADB_VERSION = "10.11.19-MariaDB-0+deb12u1"
MARIADB_DUMP_VERSION = "10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)"
PG_VERSION = "15.18 (Debian 15.18-0+deb12u1)"
DUMPED_AT = EPOCH + SPAN + 5 * 86_400 + 29_563
NET_BUFFER_LENGTH = 1_046_528  # mariadb-dump's default --net-buffer-length
SANDBOX = "/*M!999999\\- enable the sandbox mode */ \n"

# mysql_real_escape_string: NUL, LF, CR, backslash, quotes and Ctrl-Z are escaped; TAB is not.
MYSQL_ESCAPES = (
    ("\\", "\\\\"),
    ("\0", "\\0"),
    ("\n", "\\n"),
    ("\r", "\\r"),
    ("'", "\\'"),
    ('"', '\\"'),
    ("\x1a", "\\Z"),
)
# COPY text format: backslash, and the control characters that have a short escape.
PG_ESCAPES = (
    ("\\", "\\\\"),
    ("\n", "\\n"),
    ("\r", "\\r"),
    ("\t", "\\t"),
    ("\b", "\\b"),
    ("\f", "\\f"),
    ("\v", "\\v"),
)


def escape(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    """Replace each character by its escape (backslash first; str.replace is fast)."""
    for char, replacement in escapes:
        if char in text:
            text = text.replace(char, replacement)
    return text


Formatter = Callable[[object], str]


def _btc(v: object) -> str:
    sats = int(v)  # type: ignore[call-overload]
    return f"{sats // 100_000_000}.{sats % 100_000_000:08d}"


def _usd(v: object) -> str:
    cents = int(v)  # type: ignore[call-overload]
    return f"{cents // 100}.{cents % 100:02d}"


def _stamp(v: object) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(int(v)))  # type: ignore[call-overload]


def _mysql_formatter(kind: str) -> Formatter:
    def text(v: object) -> str:
        return "NULL" if v is None else "'" + escape(str(v), MYSQL_ESCAPES) + "'"

    def stamp(v: object) -> str:
        return "NULL" if v is None else "'" + _stamp(v) + "'"

    table: dict[str, Formatter] = {
        "int": str,
        "text": text,
        "enum": text,
        "btc": _btc,
        "usd": _usd,
        "time": stamp,
        "flag": lambda v: "1" if v else "0",
    }
    return table[kind]


def _pg_formatter(kind: str) -> Formatter:
    def text(v: object) -> str:
        return "\\N" if v is None else escape(str(v), PG_ESCAPES)

    def stamp(v: object) -> str:
        return "\\N" if v is None else _stamp(v)

    table: dict[str, Formatter] = {
        "int": str,
        "text": text,
        "enum": str,
        "btc": _btc,
        "usd": _usd,
        "time": stamp,
        "flag": lambda v: "t" if v else "f",
    }
    return table[kind]


def mysql_row(table: Table) -> Callable[[Row], str]:
    """A function formatting one row as ``(v1,v2,...)``."""
    fmts = [_mysql_formatter(c.kind) for c in table.columns]

    def fmt(row: Row) -> str:
        return "(" + ",".join([f(v) for f, v in zip(fmts, row, strict=True)]) + ")"

    return fmt


def pg_row(table: Table) -> Callable[[Row], str]:
    """A function formatting one row as a COPY text line (with its newline)."""
    fmts = [_pg_formatter(c.kind) for c in table.columns]

    def fmt(row: Row) -> str:
        return "\t".join([f(v) for f, v in zip(fmts, row, strict=True)]) + "\n"

    return fmt


class MySQLDumpWriter:
    """Writes a mysqldump-format file table by table."""

    def __init__(
        self,
        out: IO[str],
        database: str,
        *,
        one_row_per_line: bool = False,
        completed: str | None = None,
    ) -> None:
        self.out = out
        self.database = database
        self.one_row_per_line = one_row_per_line
        # a fixed time, some days after the last row, so that the output is deterministic
        self.completed = completed or time.strftime("%Y-%m-%d %k:%M:%S", time.gmtime(DUMPED_AT))
        self._first_table = True

    def header(self) -> None:
        w = self.out.write
        if self.one_row_per_line:
            w(SANDBOX)
        w(
            f"-- MariaDB dump {MARIADB_DUMP_VERSION}\n--\n"
            f"-- Host: localhost    Database: {self.database}\n"
            "-- ------------------------------------------------------\n"
            f"-- Server version\t{MARIADB_VERSION}\n\n"
            "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
            "/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;\n"
            "/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;\n"
            "/*!40101 SET NAMES utf8mb4 */;\n"
            "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n"
            "/*!40103 SET TIME_ZONE='+00:00' */;\n"
            "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n"
            "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
            "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
            "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n"
        )

    def table(self, table: Table, rows: Iterable[Row], count: int) -> None:
        w = self.out.write
        name = table.name
        lines = [f"  `{c.name}` {c.mysql}" for c in table.columns]
        lines.append(f"  PRIMARY KEY (`{table.columns[0].name}`)")
        for ix in table.indexes:
            cols = ",".join(f"`{c}`" for c in ix.columns)
            lines.append(f"  {'UNIQUE ' if ix.unique else ''}KEY `{ix.name}` ({cols})")
        auto = f" AUTO_INCREMENT={count + 1}" if count else ""
        w(
            f"\n--\n-- Table structure for table `{name}`\n--\n\n"
            f"DROP TABLE IF EXISTS `{name}`;\n"
            "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n"
            "/*!40101 SET character_set_client = utf8mb4 */;\n"
            f"CREATE TABLE `{name}` (\n" + ",\n".join(lines) + "\n"
            f") ENGINE=InnoDB{auto} DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n"
            "/*!40101 SET character_set_client = @saved_cs_client */;\n\n"
            f"--\n-- Dumping data for table `{name}`\n--\n\n"
            f"LOCK TABLES `{name}` WRITE;\n"
            f"/*!40000 ALTER TABLE `{name}` DISABLE KEYS */;\n"
        )
        self._inserts(table, rows)
        w(f"/*!40000 ALTER TABLE `{name}` ENABLE KEYS */;\nUNLOCK TABLES;\n")

    def _inserts(self, table: Table, rows: Iterable[Row]) -> None:
        """Extended INSERTs, a new statement whenever the next row would pass the net buffer
        length (mysqldump's rule)."""
        fmt = mysql_row(table)
        nl = "\n" if self.one_row_per_line else ""
        pattern = f"INSERT INTO `{table.name}` VALUES{nl or ' '}"
        init_length = len(pattern) + 4
        sep = "," + nl
        limit = NET_BUFFER_LENGTH
        w = self.out.write
        parts: list[str] = []
        total = 0
        for row in rows:
            text = fmt(row)
            length = len(text.encode()) + 2
            if parts and total + length < limit:
                total += length
                parts.append(sep)
                parts.append(text)
            else:
                if parts:
                    parts.append(";\n")
                    w("".join(parts))
                parts = [pattern, text]
                total = length + init_length
        if parts:
            parts.append(";\n")
            w("".join(parts))

    def footer(self) -> None:
        self.out.write(
            "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n\n"
            "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n"
            "/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n"
            "/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n"
            "/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n"
            "/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;\n"
            "/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;\n"
            "/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n\n"
            f"-- Dump completed on {self.completed}\n"
        )


def _block(name: str, kind: str) -> str:
    return f"--\n-- Name: {name}; Type: {kind}; Schema: public; Owner: postgres\n--\n\n"


class PgDumpWriter:
    """Writes a pg_dump plain-format file. Tables are written in two passes like pg_dump: the
    definitions first (``definitions``), then the data (``table``), then ``footer``."""

    def __init__(self, out: IO[str], restrict_key: str) -> None:
        self.out = out
        self.restrict_key = restrict_key
        self.counts: dict[str, int] = {}

    def header(self) -> None:
        w = self.out.write
        w(
            "--\n-- PostgreSQL database dump\n--\n\n"
            f"\\restrict {self.restrict_key}\n\n"
            f"-- Dumped from database version {PG_VERSION}\n"
            f"-- Dumped by pg_dump version {PG_VERSION}\n\n"
            "SET statement_timeout = 0;\n"
            "SET lock_timeout = 0;\n"
            "SET idle_in_transaction_session_timeout = 0;\n"
            "SET client_encoding = 'UTF8';\n"
            "SET standard_conforming_strings = on;\n"
            "SELECT pg_catalog.set_config('search_path', '', false);\n"
            "SET check_function_bodies = false;\n"
            "SET xmloption = content;\n"
            "SET client_min_messages = warning;\n"
            "SET row_security = off;\n\n"
        )
        for name, labels in PG_ENUMS:
            values = ",\n".join(f"    '{label}'" for label in labels)
            w(
                _block(name, "TYPE") + f"CREATE TYPE public.{name} AS ENUM (\n{values}\n);\n\n\n"
                f"ALTER TYPE public.{name} OWNER TO postgres;\n\n"
            )
        w("SET default_tablespace = '';\n\nSET default_table_access_method = heap;\n\n")
        for table in TABLES:
            self._definition(table)
        for table in TABLES:
            seq = f"public.{table.name}_id_seq"
            w(
                _block(f"{table.name} id", "DEFAULT")
                + f"ALTER TABLE ONLY public.{table.name} ALTER COLUMN id SET DEFAULT "
                f"nextval('{seq}'::regclass);\n\n\n"
            )

    def _definition(self, table: Table) -> None:
        name, seq = table.name, f"{table.name}_id_seq"
        cols = ",\n".join(f"    {c.name} {c.pg}" for c in table.columns)
        as_type = "" if table.id_pg_type == "bigint" else f"    AS {table.id_pg_type}\n"
        self.out.write(
            _block(name, "TABLE") + f"CREATE TABLE public.{name} (\n{cols}\n);\n\n\n"
            f"ALTER TABLE public.{name} OWNER TO postgres;\n\n"
            + _block(seq, "SEQUENCE")
            + f"CREATE SEQUENCE public.{seq}\n{as_type}"
            "    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n"
            "    CACHE 1;\n\n\n"
            f"ALTER TABLE public.{seq} OWNER TO postgres;\n\n"
            + _block(seq, "SEQUENCE OWNED BY")
            + f"ALTER SEQUENCE public.{seq} OWNED BY public.{name}.id;\n\n\n"
        )

    def table(self, table: Table, rows: Iterable[Row], count: int) -> None:
        w = self.out.write
        cols = ", ".join(table.column_names)
        w(
            f"--\n-- Data for Name: {table.name}; Type: TABLE DATA; Schema: public; "
            "Owner: postgres\n--\n\n"
            f"COPY public.{table.name} ({cols}) FROM stdin;\n"
        )
        fmt = pg_row(table)
        buf: list[str] = []
        for row in rows:
            buf.append(fmt(row))
            if len(buf) >= 512:
                w("".join(buf))
                buf.clear()
        w("".join(buf) + "\\.\n\n\n")
        self.counts[table.name] = count

    def footer(self) -> None:
        w = self.out.write
        for table in TABLES:
            seq = f"{table.name}_id_seq"
            count = self.counts.get(table.name, 0)
            value = f"{count}, true" if count else "1, false"
            w(
                _block(seq, "SEQUENCE SET")
                + f"SELECT pg_catalog.setval('public.{seq}', {value});\n\n\n"
            )
        constraints: list[tuple[str, str, str]] = []
        indexes: list[tuple[str, str]] = []
        for table in TABLES:
            pkey = f"{table.name}_pkey"
            constraints.append((table.name, pkey, f"PRIMARY KEY ({table.columns[0].name})"))
            for ix in table.indexes:
                cols = ", ".join(ix.columns)
                if ix.unique:
                    key = f"{table.name}_{'_'.join(ix.columns)}_key"
                    constraints.append((table.name, key, f"UNIQUE ({cols})"))
                else:
                    index = f"{table.name}_{'_'.join(ix.columns)}_idx"
                    indexes.append(
                        (index, f"CREATE INDEX {index} ON public.{table.name} USING btree ({cols})")
                    )
        for tname, cname, what in sorted(constraints, key=lambda c: c[1]):
            w(
                _block(f"{tname} {cname}", "CONSTRAINT")
                + f"ALTER TABLE ONLY public.{tname}\n    ADD CONSTRAINT {cname} {what};\n\n\n"
            )
        for iname, sql in sorted(indexes):
            w(_block(iname, "INDEX") + sql + ";\n\n\n")
        w(f"--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict {self.restrict_key}\n\n")
