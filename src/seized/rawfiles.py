"""Where the markets' raw tables live: Parquet files under the case directory.

Each raw table is one directory, ``CASE/raw/<schema>/<table>/``, holding the Parquet file of the
evidence file it was loaded from; the case store has a view per table in the market's schema that
reads it. A view names its files one by one (never a pattern, so that a file put beside them is
not read) and relative to the case directory, which every connection of
:meth:`seized.case.Case.connect` sets as DuckDB's ``file_search_path`` (DuckDB's own command line,
started in the case directory, finds them too). ``raw_files`` records each file's SHA-256.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb

#: the directory of raw-table files, inside the case directory
RAW_DIR = "raw"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def _safe(name: str) -> str:
    """A file name for a schema or table name: unusual characters as %XX, never '.' or '/'."""
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), name) or "%"


def schema_dir(schema: str) -> str:
    """The directory of a raw schema's files, relative to the case directory."""
    return f"{RAW_DIR}/{_safe(schema)}"


def table_dir(schema: str, table: str) -> str:
    """The directory of one raw table's files, relative to the case directory."""
    return f"{schema_dir(schema)}/{_safe(table)}"


def remove_schema_files(root: Path, schema: str) -> None:
    """Delete a raw schema's files (before it is loaded again, or after a failed load)."""
    shutil.rmtree(root / schema_dir(schema), ignore_errors=True)


def set_search_path(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Make the raw tables' views find their files: relative paths start at the case directory."""
    text = str(root).replace("'", "''")
    con.execute(f"SET file_search_path = '{text}'")


def view_sql(schema: str, table: str, files: list[str]) -> str:
    """The statement that makes a raw table's view over exactly these files (relative to the
    case directory, or absolute)."""
    if not files:
        raise ValueError(f"no files for the raw table {schema}.{table}")
    listed = ", ".join("'" + name.replace("'", "''") + "'" for name in files)
    view = ".".join('"' + part.replace('"', '""') + '"' for part in (schema, table))
    return f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM read_parquet([{listed}])"
