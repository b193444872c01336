"""A PostgreSQL plain-format pg_dump (COPY form), written without a database server.

As with the MySQL writer, each table's COPY rows are spooled to a temporary file and the dump is
assembled on close: SET lines, CREATE TABLE public.x, COPY ... FROM stdin blocks ended by ``\\.``,
then the primary-key constraints.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import IO

from seized.synth.schema import Row, Table, Value

#: What COPY text format escapes, backslash first (the others add backslashes).
_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def copy_field(value: Value) -> str:
    """The value as a COPY text field."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float):
        return repr(value)
    for char, replacement in _ESCAPES:
        if char in value:
            value = value.replace(char, replacement)
    return value


class _Spool:
    def __init__(self, table: Table, path: Path) -> None:
        self.table = table
        self.path = path
        self.file: IO[str] = path.open("w", encoding="utf-8", newline="")

    def add(self, row: Row) -> None:
        self.file.write("\t".join(copy_field(v) for v in row))
        self.file.write("\n")


class PgDumpWriter:
    """Writes ``path`` as a plain pg_dump of the ``public`` schema."""

    def __init__(self, path: Path, database: str, tables: list[Table], completed: str) -> None:
        self.path = path
        self.database = database
        self.tables = tables
        self.completed = completed
        self.tmp = path.parent / f".{path.name}.parts"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.spools = {t.name: _Spool(t, self.tmp / f"{t.name}.copy") for t in tables}

    def write(self, table: str, row: Row) -> None:
        self.spools[table].add(row)

    def close(self) -> None:
        with self.path.open("w", encoding="utf-8", newline="") as out:
            out.write(_HEADER)
            for t in self.tables:
                out.write(_create(t))
            for spool in self.spools.values():
                spool.file.close()
                t = spool.table
                cols = ", ".join(t.column_names)
                out.write(
                    f"--\n-- Data for Name: {t.name}; Type: TABLE DATA; Schema: public; "
                    "Owner: market\n--\n\n"
                    f"COPY public.{t.name} ({cols}) FROM stdin;\n"
                )
                with spool.path.open("r", encoding="utf-8", newline="") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
                out.write("\\.\n\n\n")
            for t in self.tables:
                if t.primary_key:
                    out.write(
                        f"--\n-- Name: {t.name} {t.name}_pkey; Type: CONSTRAINT; Schema: public; "
                        "Owner: market\n--\n\n"
                        f"ALTER TABLE ONLY public.{t.name}\n"
                        f"    ADD CONSTRAINT {t.name}_pkey "
                        f"PRIMARY KEY ({', '.join(t.primary_key)});"
                        "\n\n\n"
                    )
            out.write(f"--\n-- PostgreSQL database dump complete ({self.completed})\n--\n\n")
        shutil.rmtree(self.tmp)


_HEADER = """--
-- PostgreSQL database dump
--

-- Dumped from database version 11.7 (Debian 11.7-0+deb10u1)
-- Dumped by pg_dump version 11.7 (Debian 11.7-0+deb10u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_with_oids = false;

"""


def _create(table: Table) -> str:
    lines = [f"    {name} {sqltype}" for name, sqltype in table.columns]
    return (
        f"--\n-- Name: {table.name}; Type: TABLE; Schema: public; Owner: market\n--\n\n"
        f"CREATE TABLE public.{table.name} (\n" + ",\n".join(lines) + "\n);\n\n\n"
        f"ALTER TABLE public.{table.name} OWNER TO market;\n\n"
    )
