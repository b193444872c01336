"""``link`` on Spark: the model's candidate pairs blocked, compared and scored by Splink's Spark
backend.

The case store does everything else (:func:`seized.link.stage.link_accounts`): the hard links,
the features, the m and u probabilities, the name frequencies and the two models
(:class:`seized.link.model.Scoring`). This job gets the features and the frequency tables as
Parquet, builds the same models' settings in Spark SQL (:func:`seized.link.model.settings` with
``dialect="spark"``: the same comparisons, levels, blocking rules and probabilities), runs
Splink's prediction on Spark, and writes the scored pairs (``link_pairs``: the model, both
accounts, the match weight and probability, each comparison's weight) back as Parquet, where
the case store reads them and resolves persons as it does its own. The Jaro-Winkler levels use
the similarity functions of the jar Splink ships (:func:`jars`), which the session must load
(``spark.jars``: :func:`seized.spark.session.spark_session` adds it).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from splink.backends.spark import SparkAPI, similarity_jar_location

from seized.db import quote_literal
from seized.errors import UserError
from seized.link.estimate import TF_COLUMNS
from seized.link.model import Scoring
from seized.spark.exchange import Exchange, duckdb_url

#: what the job reads (from the scoring's in-memory store) and writes
READS = ("link_features", *(f"link_tf_{column}" for column in TF_COLUMNS))
WRITES = ("link_pairs",)
#: the columns of a scored pair kept besides the comparisons' weights (``mw_...``)
_PAIR = ("unique_id_l", "unique_id_r", "match_weight", "match_probability")


def jars() -> tuple[str, ...]:
    """The jars the job needs on the driver and the executors: Splink's similarity functions."""
    return (similarity_jar_location(),)


class SparkScorer:
    """A :data:`seized.link.model.Scorer` that scores on ``spark``, exchanging tables through
    ``exchange``; ``pairs`` counts the pairs it scored at or above the threshold."""

    def __init__(self, spark: SparkSession, exchange: Exchange) -> None:
        self.spark = spark
        self.exchange = exchange
        self.pairs = 0

    def __call__(self, mem: duckdb.DuckDBPyConnection, scoring: Scoring) -> dict[str, str | None]:
        spark, exchange = self.spark, self.exchange
        logging.getLogger("splink").setLevel(logging.ERROR)
        # Splink keeps its intermediate tables as Parquet (its default off Databricks) here
        spark.sparkContext.setCheckpointDir(f"{exchange.base}/splink")
        api = SparkAPI(spark_session=spark, break_lineage_method="parquet")  # type: ignore[no-untyped-call]
        if not spark.catalog.functionExists("jaro_winkler"):
            # a JVM started earlier in this process by a session without the jar: spark.jars
            # reaches only the executors then; ADD JAR gives it to the session too
            spark.sql(f"ADD JAR '{jars()[0]}'")
            api = SparkAPI(spark_session=spark, break_lineage_method="parquet")  # type: ignore[no-untyped-call]
        if not spark.catalog.functionExists("jaro_winkler"):
            raise UserError(
                "the Spark session cannot load Splink's similarity functions: add "
                f"spark.jars={jars()[0]} to its settings"
            )
        # views named for the run: a session that runs the job again (a test's) holds the last
        views = {table: f"{table}_{exchange.run}" for table in READS}
        frames = {
            table: api.register(spark.read.parquet(exchange.share(mem, table)), table_name=view)
            for table, view in views.items()
        }
        try:
            return self._score(mem, scoring, frames)
        finally:
            for view in views.values():
                spark.catalog.dropTempView(view)

    def _score(
        self, mem: duckdb.DuckDBPyConnection, scoring: Scoring, frames: dict[str, Any]
    ) -> dict[str, str | None]:
        exchange = self.exchange
        parts = []
        for model in scoring.models:
            linker = scoring.linker(frames["link_features"], model, "spark")
            for column in TF_COLUMNS:
                lookup = frames[f"link_tf_{column}"]
                linker.table_management.register_term_frequency_lookup(lookup, column)
            found = linker.inference.predict(
                threshold_match_probability=scoring.threshold, warning_mode="never"
            ).as_spark_dataframe()
            weights = sorted(c for c in found.columns if c.startswith("mw_"))
            parts.append(found.select(F.lit(model.name).alias("model"), *_PAIR, *weights))
        pairs = parts[0]
        for part in parts[1:]:
            pairs = pairs.unionByName(part, allowMissingColumns=True)
        place = exchange.output("link_pairs")
        pairs.write.mode("overwrite").parquet(place)
        if exchange.local and not any(Path(place).glob("*.parquet")):
            return {model.name: None for model in scoring.models}
        files = quote_literal(duckdb_url(place) + "/*.parquet")
        mem.execute(f"CREATE TABLE link_pairs AS SELECT * FROM read_parquet({files})")
        self.pairs = int(mem.execute("SELECT count(*) FROM link_pairs").fetchall()[0][0])
        scored: dict[str, str | None] = {}
        for model in scoring.models:
            name = f"link_pairs_{model.name}"
            mem.execute(
                f"CREATE TABLE {name} AS SELECT * EXCLUDE (model) FROM link_pairs WHERE model = ?",
                [model.name],
            )
            scored[model.name] = name
        return scored
