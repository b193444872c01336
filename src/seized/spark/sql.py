"""The DuckDB engine's SQL, run on Spark: one text, translated by sqlglot.

The CoinJoin patterns and change heuristics are SQL written for DuckDB; the Spark engine runs the
same text translated to Spark SQL, so the two engines cannot drift apart. The tests run every
translated query on both engines and compare the answers.
"""

from __future__ import annotations

from functools import cache

import sqlglot
from sqlglot.errors import SqlglotError

from seized.errors import SeizedError


@cache
def to_spark(sql: str) -> str:
    """``sql`` (DuckDB's dialect, one statement) in Spark SQL."""
    try:
        out = sqlglot.transpile(sql, read="duckdb", write="spark")
    except SqlglotError as exc:
        raise SeizedError(f"cannot translate a query for Spark: {exc}") from exc
    if len(out) != 1:
        raise SeizedError(f"expected one statement to translate for Spark, got {len(out)}")
    return out[0]


def select_part(sql: str) -> str:
    """The query of an ``INSERT INTO ... (columns) <query>`` or ``CREATE ... AS <query>``
    statement: what the Spark engine runs and writes as Parquet itself."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    query = tree.expression if isinstance(tree, sqlglot.exp.Insert | sqlglot.exp.Create) else tree
    if query is None:
        raise SeizedError("no query in the statement to translate for Spark")
    return query.sql(dialect="duckdb")


def insert_parts(sql: str) -> tuple[list[str], str]:
    """The column list and the query (DuckDB's dialect) of ``INSERT INTO t (columns) query``."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    if not isinstance(tree, sqlglot.exp.Insert) or tree.expression is None:
        raise SeizedError("expected an INSERT with a query to translate for Spark")
    columns = [c.name for c in tree.this.expressions]
    return columns, tree.expression.sql(dialect="duckdb")
