"""The engine option of the heavy stages: run in the case store (DuckDB) or on Apache Spark.

:class:`EngineOptions` is the base of every stage's options that can run on Spark
(``chain cluster``, ``trace``, ``link``). It needs no pyspark: the session and the jobs are
imported only when a stage runs with ``engine="spark"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from seized.errors import UserError
from seized.stages import RUNTIME

if TYPE_CHECKING:
    from seized.spark.session import SparkSettings


@dataclass
class EngineOptions:
    """Where a heavy stage runs: ``duckdb`` (the case store) or ``spark`` (seized.spark). Both
    give the same tables, so the engine and its settings are runtime options."""

    engine: str = field(default="duckdb", metadata=RUNTIME)
    #: a Spark master URL: local[*], local-cluster[N,C,MB], spark://..., k8s://...
    spark_master: str = field(default="local[*]", metadata=RUNTIME)
    #: Spark settings passed through, KEY=VALUE
    spark_conf: tuple[str, ...] = field(default=(), metadata=RUNTIME)
    #: where Spark jobs exchange Parquet with the case store (default CASE/spark)
    spark_work: str | None = field(default=None, metadata=RUNTIME)

    def on_spark(self) -> bool:
        if self.engine not in ("duckdb", "spark"):
            raise UserError(f"unknown engine {self.engine!r}: duckdb or spark")
        if self.engine == "spark":
            self.spark_settings().pairs()  # bad settings fail before the stage starts
        return self.engine == "spark"

    def spark_settings(self) -> SparkSettings:
        from seized.spark.session import SparkSettings

        return SparkSettings(self.spark_master, tuple(self.spark_conf))
