"""Writers for the corpus evidence: mysqldump, pg_dump (COPY), CSV and JSON-lines files."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

Value = str | int | float | bool | Decimal | datetime | None
Columns = Sequence[tuple[str, str]]  # (name, SQL type)
Rows = Sequence[Sequence[Value]]


def _text(value: Value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _mysql_literal(value: Value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool | int | Decimal | float):
        return _text(value)
    text = _text(value)
    for char, escaped in (("\\", "\\\\"), ("'", "\\'"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(char, escaped)
    return f"'{text}'"


class MySQLDump:
    """A mysqldump with extended INSERTs (many rows per statement)."""

    def __init__(self, database: str) -> None:
        self.parts = [
            "-- MySQL dump 10.13  Distrib 5.7.21, for Linux (x86_64)\n--\n"
            f"-- Host: localhost    Database: {database}\n"
            "-- ------------------------------------------------------\n"
            "/*!40101 SET NAMES utf8mb4 */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n"
        ]

    def table(self, name: str, columns: Columns, rows: Rows, key: str | None = None) -> None:
        lines = [f"  `{column}` {kind}" for column, kind in columns]
        if key:
            lines.append(f"  PRIMARY KEY (`{key}`)")
        self.parts.append(
            f"\nDROP TABLE IF EXISTS `{name}`;\nCREATE TABLE `{name}` (\n"
            + ",\n".join(lines)
            + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
            f"LOCK TABLES `{name}` WRITE;\n"
        )
        for start in range(0, len(rows), 20):
            values = ",".join(
                "(" + ",".join(_mysql_literal(v) for v in row) + ")"
                for row in rows[start : start + 20]
            )
            self.parts.append(f"INSERT INTO `{name}` VALUES {values};\n")
        self.parts.append("UNLOCK TABLES;\n")

    def write(self, path: Path) -> None:
        path.write_text("".join(self.parts) + "-- Dump completed\n", encoding="utf-8")


def _pg_ident(name: str) -> str:
    return name if name.islower() and name.isidentifier() else f'"{name}"'


def _copy_field(value: Value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + "+00"
    text = str(value)
    for char, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(char, escaped)
    return text


class PgDump:
    """A plain pg_dump of the public schema, COPY form, keys added after the data."""

    def __init__(self) -> None:
        self.parts = [
            "--\n-- PostgreSQL database dump\n--\n\nSET client_encoding = 'UTF8';\n"
            "SET standard_conforming_strings = on;\n"
            "SELECT pg_catalog.set_config('search_path', '', false);\n\n"
        ]
        self.keys: list[str] = []

    def table(self, name: str, columns: Columns, rows: Rows, key: str | None = None) -> None:
        table = f"public.{_pg_ident(name)}"
        lines = [f"    {_pg_ident(column)} {kind}" for column, kind in columns]
        self.parts.append(f"CREATE TABLE {table} (\n" + ",\n".join(lines) + "\n);\n\n")
        names = ", ".join(_pg_ident(column) for column, _ in columns)
        data = "".join("\t".join(_copy_field(v) for v in row) + "\n" for row in rows)
        self.parts.append(f"COPY {table} ({names}) FROM stdin;\n{data}\\.\n\n")
        if key:
            self.keys.append(
                f"ALTER TABLE ONLY {table}\n    ADD CONSTRAINT {_pg_ident(name + '_pkey')} "
                f"PRIMARY KEY ({_pg_ident(key)});\n\n"
            )

    def write(self, path: Path) -> None:
        text = "".join(self.parts + self.keys) + "--\n-- PostgreSQL database dump complete\n--\n"
        path.write_text(text, encoding="utf-8")


def write_csv(path: Path, header: Sequence[str], rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else _text(v) for v in row])


def write_jsonl(path: Path, records: Sequence[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
