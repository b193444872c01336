"""Helpers for the mysqldump parser tests: an in-memory sink and a dump generator."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from seized.ingest.base import POS_COLUMN, ParseOptions, Reject, Source, TableDef
from seized.ingest.mysql import parse_dump

FIXTURES = Path(__file__).parent / "fixtures"

Row = dict[str, object]


@dataclass
class MemorySink:
    """Collects what a parser sends: definitions, batches and rejects."""

    tables: dict[str, TableDef] = field(default_factory=dict)
    batches: list[tuple[str, pa.Table]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def define(self, table: TableDef) -> None:
        """Like the case store's sink: a table may be defined again with a primary key."""
        known = self.tables.get(table.name)
        assert known is None or known.columns == table.columns
        self.tables[table.name] = table

    def append(self, table: str, batch: pa.Table) -> None:
        tdef = self.tables[table]  # defined before any rows
        assert batch.column_names == [*tdef.column_names, POS_COLUMN]
        assert batch.schema.field(POS_COLUMN).type == pa.int64()
        self.batches.append((table, batch))

    def reject(self, reject: Reject) -> None:
        self.rejects.append(reject)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def rows(self, table: str) -> list[Row]:
        out: list[Row] = []
        for name, batch in self.batches:
            if name == table:
                out.extend(batch.to_pylist())
        return out

    def all_rows(self) -> dict[str, list[Row]]:
        return {name: self.rows(name) for name in self.tables}

    @property
    def appended(self) -> int:
        return sum(batch.num_rows for _, batch in self.batches)


def run(
    path: Path,
    *,
    keep_going: bool = False,
    encoding: str = "utf-8",
    batch_rows: int = 200_000,
    fast: bool = True,
) -> MemorySink:
    sink = MemorySink()
    options = ParseOptions(keep_going=keep_going, encoding=encoding, batch_rows=batch_rows)
    parse_dump(Source(path), sink, options, fast=fast)
    return sink


NASTY_WORDS = (
    "hello",
    "it's",
    "'quoted'",
    "back\\slash",
    "\\\\",
    "trailing\\",
    "new\nline",
    "cr\r\nlf",
    "tab\there",
    "),(",
    "'),('",
    "(paren)",
    "a,b",
    "semi;colon",
    "semi;\nnext",
    "NULL",
    "null",
    "",
    "emoji 🚀🔥",
    "ünïcödé",
    '"double"',
    "nul\x00byte",
    "ctrl-z\x1a",
    "pct % and \\% under _",
    "0x41",
    "_binary 'x'",
    "-- not a comment",
    "/* nor this */",
    "# nor this",
)


def mysql_string(value: str) -> str:
    """The literal mysqldump writes for a text value."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\x00", "\\0")
        .replace("\x1a", "\\Z")
    )
    return "'" + escaped + "'"


def generate_dump(
    path: Path, rows: int, *, seed: int = 7, per_statement: int = 50, nasty: bool = True
) -> list[tuple[object, ...]]:
    """Write a mysqldump-style dump of table ``posts``; returns the rows as the sink should
    see them (strings, None) in order."""
    rnd = random.Random(seed)
    words = NASTY_WORDS if nasty else ("hello", "world", "vendor", "escrow", "don't", "new\nline")
    truth: list[tuple[object, ...]] = []
    lines = [
        "-- generated",
        "/*!40101 SET NAMES utf8mb4 */;",
        "DROP TABLE IF EXISTS `posts`;",
        "CREATE TABLE `posts` (",
        "  `id` int NOT NULL,",
        "  `user_id` int DEFAULT NULL,",
        "  `title` varchar(255) DEFAULT NULL,",
        "  `body` text,",
        "  `price` decimal(16,8) DEFAULT NULL,",
        "  `created` datetime DEFAULT NULL,",
        "  `score` double DEFAULT NULL,",
        "  PRIMARY KEY (`id`)",
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
        "LOCK TABLES `posts` WRITE;",
    ]
    done = 0
    while done < rows:
        values: list[str] = []
        for _ in range(min(per_statement, rows - done)):
            done += 1
            title = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 3)))
            body = "".join(rnd.choice(words) for _ in range(rnd.randint(1, 12)))
            user = None if rnd.random() < 0.1 else str(rnd.randint(1, 10**6))
            price = f"{rnd.randint(-(10**8), 10**9) / 1e8:.8f}"
            created = f"2020-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)} 12:34:56"
            score = repr(rnd.uniform(-5, 5)) if rnd.random() < 0.9 else "1e-05"
            truth.append((str(done), user, title, body, price, created, score))
            values.append(
                f"({done},{user or 'NULL'},{mysql_string(title)},{mysql_string(body)},"
                f"{price},'{created}',{score})"
            )
        lines.append("INSERT INTO `posts` VALUES " + ",".join(values) + ";")
    lines += ["UNLOCK TABLES;", "-- Dump completed", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return truth


def as_tuples(rows: list[Row]) -> list[tuple[object, ...]]:
    return [tuple(v for k, v in row.items() if k != POS_COLUMN) for row in rows]
