"""Tables between the case store and a Spark job, through Parquet in the case directory.

A job's directory is ``CASE/spark/`` (or ``work``: a path or URL every executor reaches). For one
run of a stage::

    spark/tmp/<run>/in/<table>/   what the job reads, written by the case store
    spark/tmp/<run>/out/<table>/  what the job writes
    spark/<table>/                the results of the last committed run

The job never writes where results are read from: a killed job leaves only ``tmp/<run>``
(removed by the next run), and the case store loads the results into its own tables inside the
stage's transaction, so no table is ever half-written. After the load, a local ``out/<table>``
replaces ``spark/<table>``; on object storage (``s3a://``) the results stay under ``tmp/<run>``
and the custody entry names them.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from types import TracebackType

import duckdb

from seized.db import quote_ident, quote_literal

SPARK_DIR = "spark"
_SCHEMES = ("s3a://", "s3://", "gs://", "hdfs://", "abfss://")


def is_url(place: str) -> bool:
    return place.startswith(_SCHEMES)


def duckdb_url(place: str) -> str:
    """The same place as DuckDB names it (its S3 reader knows ``s3://``, not ``s3a://``)."""
    return "s3://" + place.removeprefix("s3a://") if place.startswith("s3a://") else place


class Exchange:
    """The Parquet directories of one run of a stage; a context manager that removes them when
    the body fails (and the leftovers of killed runs when it starts)."""

    def __init__(self, case_root: Path, work: str | None = None) -> None:
        self.work = work or str(case_root / SPARK_DIR)
        self.local = not is_url(self.work)
        self.run = uuid.uuid4().hex[:12]
        self.base = f"{self.work.rstrip('/')}/tmp/{self.run}"

    def __enter__(self) -> Exchange:
        if self.local:
            shutil.rmtree(Path(self.work) / "tmp", ignore_errors=True)
            Path(self.base).mkdir(parents=True)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.local:
            shutil.rmtree(self.base, ignore_errors=True)
            tmp = Path(self.work) / "tmp"
            if tmp.is_dir() and not any(tmp.iterdir()):
                tmp.rmdir()

    def input(self, table: str) -> str:
        return f"{self.base}/in/{table}"

    def output(self, table: str) -> str:
        return f"{self.base}/out/{table}"

    def result(self, table: str) -> str:
        """Where a table's committed results are."""
        return f"{self.work.rstrip('/')}/{table}" if self.local else self.output(table)

    def share(self, con: duckdb.DuckDBPyConnection, table: str, query: str | None = None) -> str:
        """Write a table of the case store (or ``query``'s rows) as Parquet for the job;
        returns where."""
        place = self.input(table)
        if self.local:
            Path(place).mkdir(parents=True)
        sql = query or f"SELECT * FROM {quote_ident(table)}"
        con.execute(
            f"COPY ({sql}) TO {quote_literal(duckdb_url(place))} "
            "(FORMAT parquet, PER_THREAD_OUTPUT true, OVERWRITE_OR_IGNORE true)"
        )
        return place

    def load(self, con: duckdb.DuckDBPyConnection, table: str, *, replace: bool = True) -> int:
        """Put the job's ``table`` into the case store's table of that name (its rows replace
        the table's with ``replace``, else they are added); returns the rows loaded. The caller
        owns the transaction."""
        files = quote_literal(duckdb_url(self.output(table)) + "/*.parquet")
        name = quote_ident(table)
        if replace:
            con.execute(f"DELETE FROM {name}")
        if self.local and not any(Path(self.output(table)).glob("*.parquet")):
            return 0  # a job that found nothing writes no part file
        before = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM read_parquet({files})")
        after = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        return int(after) - int(before)

    def keep(self, tables: list[str]) -> None:
        """Make the loaded outputs the committed results (local directories only)."""
        if not self.local:
            return
        for table in tables:
            final = Path(self.result(table))
            if final.exists():
                shutil.rmtree(final)
            out = Path(self.output(table))
            if out.exists():
                out.rename(final)
