"""Generate the benchmark's dumps: a marketplace database as mysqldump and pg_dump write it.

    python bench/ingest/gen.py OUT_DIR --mb 1000 [--seed 7] [--format mysql|pg|both]

writes ``OUT_DIR/market.mysql.sql`` and ``OUT_DIR/market.pg.sql`` holding the same rows (users,
listings, orders, messages; see schema.py and rows.py), streaming and deterministic for a seed and
size. The row counts are chosen so that the MySQL dump is about ``--mb`` megabytes (10^6 bytes);
the PostgreSQL dump of the same rows comes out a few percent smaller.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.ingest.formats import MySQLDumpWriter, PgDumpWriter, mysql_row
from bench.ingest.rows import ROWS, Counts
from bench.ingest.schema import TABLES

DATABASE = "market"
MYSQL_NAME = "market.mysql.sql"
PG_NAME = "market.pg.sql"
SAMPLE_ROWS = 1000
MIN_USERS = 30


@dataclass(frozen=True)
class Dumps:
    counts: Counts
    mysql: Path | None
    pg: Path | None


def plan(mb: float, seed: int) -> Counts:
    """Row counts that make the MySQL dump about ``mb`` megabytes, from a sample of each table."""
    target = mb * 1_000_000
    sample_counts = Counts(users=100_000, listings=100_000, orders=100_000, messages=100_000)
    counts: dict[str, int] = {}
    for table in TABLES:
        fmt = mysql_row(table)
        rows = ROWS[table.name](seed, sample_counts, start=50_000, salt=1)
        sizes = [len(fmt(next(rows)).encode()) + 1 for _ in range(SAMPLE_ROWS)]
        mean = sum(sizes) / len(sizes)
        counts[table.name] = max(1, round(target * table.share / mean))
    counts["users"] = max(MIN_USERS, counts["users"])
    return Counts(**counts)


def restrict_key(seed: int) -> str:
    """pg_dump's random ``\\restrict`` key (64 letters and digits), derived from the seed."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(random.Random(seed).choices(alphabet, k=64))


def write_mysql(
    path: Path,
    counts: Counts,
    seed: int,
    *,
    one_row_per_line: bool = False,
    database: str = DATABASE,
    completed: str | None = None,
) -> Path:
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as out:
        writer = MySQLDumpWriter(
            out, database, one_row_per_line=one_row_per_line, completed=completed
        )
        writer.header()
        for table in TABLES:
            writer.table(table, ROWS[table.name](seed, counts), counts.of(table))
        writer.footer()
    return path


def write_pg(path: Path, counts: Counts, seed: int) -> Path:
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as out:
        writer = PgDumpWriter(out, restrict_key(seed))
        writer.header()
        for table in TABLES:
            writer.table(table, ROWS[table.name](seed, counts), counts.of(table))
        writer.footer()
    return path


def generate(
    out_dir: Path,
    mb: float,
    *,
    seed: int = 7,
    formats: Sequence[str] = ("mysql", "pg"),
    one_row_per_line: bool = False,
) -> Dumps:
    """Write the dumps into ``out_dir`` and say where they are."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = plan(mb, seed)
    mysql = pg = None
    if "mysql" in formats:
        mysql = write_mysql(out_dir / MYSQL_NAME, counts, seed, one_row_per_line=one_row_per_line)
    if "pg" in formats:
        pg = write_pg(out_dir / PG_NAME, counts, seed)
    return Dumps(counts, mysql, pg)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--mb", type=float, default=100.0, help="size of the MySQL dump in MB")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=("mysql", "pg", "both"), default="both")
    parser.add_argument(
        "--one-row-per-line",
        action="store_true",
        help="one row per line in INSERTs, as current mariadb-dump writes (default: one line "
        "per INSERT statement, as mysqldump writes)",
    )
    args = parser.parse_args(argv)
    formats = ("mysql", "pg") if args.format == "both" else (args.format,)
    dumps = generate(
        args.out_dir,
        args.mb,
        seed=args.seed,
        formats=formats,
        one_row_per_line=args.one_row_per_line,
    )
    for path in (dumps.mysql, dumps.pg):
        if path is not None:
            print(f"{path}\t{path.stat().st_size / 1e6:.1f} MB")
    print(f"rows: {dumps.counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
