"""A mysqldump-style text dump, written without a database server.

Rows arrive interleaved across tables; each table's INSERT statements are spooled to a temporary
file and the dump is assembled in table order on close, as mysqldump would print it. Extended
INSERTs hold up to about 1 MB each. PGP armor is weighed at a fixed size when splitting, so the
statement boundaries do not depend on key material (which differs between runs).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import IO

from seized.synth.schema import Row, Table, Value

STATEMENT_BYTES = 1_000_000
#: What mysqldump escapes, backslash first (the others add backslashes).
_ESCAPES = (
    ("\\", "\\\\"),
    ("'", "\\'"),
    ('"', '\\"'),
    ("\n", "\\n"),
    ("\r", "\\r"),
    ("\x00", "\\0"),
    ("\x1a", "\\Z"),
)


def escape(text: str) -> str:
    """``text`` with mysqldump's backslash escapes (``str.replace`` per character present: much
    faster than ``str.translate`` with a mapping table on long PGP armor)."""
    for char, replacement in _ESCAPES:
        if char in text:
            text = text.replace(char, replacement)
    return text


def literal(value: Value) -> str:
    """The value as mysqldump writes it inside VALUES (...)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + escape(value) + "'"


def weight(text: str) -> int:
    """The size a value counts for when splitting statements (PGP armor at a fixed size)."""
    return 1200 if "-----BEGIN PGP" in text else len(text)


class _Spool:
    def __init__(self, table: Table, path: Path) -> None:
        self.table = table
        self.path = path
        self.file: IO[str] = path.open("w", encoding="utf-8", newline="")
        self.size = 0
        self.rows = 0
        self.open = False

    def add(self, row: Row) -> None:
        text = "(" + ",".join(literal(v) for v in row) + ")"
        size = weight(text)
        if self.open and self.size + size > STATEMENT_BYTES:
            self.file.write(";\n")
            self.open = False
        if not self.open:
            self.file.write(f"INSERT INTO `{self.table.name}` VALUES ")
            self.open = True
            self.size = 0
        else:
            self.file.write(",")
        self.file.write(text)
        self.size += size + 1
        self.rows += 1

    def finish(self) -> None:
        if self.open:
            self.file.write(";\n")
        self.file.close()


class MySQLDumpWriter:
    """Writes ``path`` as a MySQL 5.7 / MariaDB mysqldump of ``database``."""

    def __init__(self, path: Path, database: str, tables: list[Table], completed: str) -> None:
        self.path = path
        self.database = database
        self.tables = tables
        self.completed = completed
        self.tmp = path.parent / f".{path.name}.parts"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.spools = {t.name: _Spool(t, self.tmp / f"{t.name}.sql") for t in tables}

    def write(self, table: str, row: Row) -> None:
        self.spools[table].add(row)

    def close(self) -> None:
        with self.path.open("w", encoding="utf-8", newline="") as out:
            out.write(self._header())
            for spool in self.spools.values():
                spool.finish()
                out.write(_create(spool.table))
                name = spool.table.name
                out.write(f"\n--\n-- Dumping data for table `{name}`\n--\n\n")
                out.write(f"LOCK TABLES `{name}` WRITE;\n")
                out.write(f"/*!40000 ALTER TABLE `{name}` DISABLE KEYS */;\n")
                with spool.path.open("r", encoding="utf-8", newline="") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
                out.write(f"/*!40000 ALTER TABLE `{name}` ENABLE KEYS */;\n")
                out.write("UNLOCK TABLES;\n")
            out.write(self._footer())
        shutil.rmtree(self.tmp)

    def _header(self) -> str:
        return (
            "-- MySQL dump 10.13  Distrib 5.7.33, for Linux (x86_64)\n"
            "--\n"
            f"-- Host: localhost    Database: {self.database}\n"
            "-- ------------------------------------------------------\n"
            "-- Server version\t5.7.33-0ubuntu0.18.04.1\n\n"
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

    def _footer(self) -> str:
        return (
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


def _create(table: Table) -> str:
    lines = [f"  `{name}` {sqltype}" for name, sqltype in table.columns]
    if table.primary_key:
        lines.append("  PRIMARY KEY (" + ",".join(f"`{c}`" for c in table.primary_key) + ")")
    return (
        f"\n--\n-- Table structure for table `{table.name}`\n--\n\n"
        f"DROP TABLE IF EXISTS `{table.name}`;\n"
        "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n"
        "/*!40101 SET character_set_client = utf8 */;\n"
        f"CREATE TABLE `{table.name}` (\n"
        + ",\n".join(lines)
        + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
        "/*!40101 SET character_set_client = @saved_cs_client */;\n"
    )
