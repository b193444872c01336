"""Running SQL that people write with DuckDB's file access closed.

A mapping's selects and keys run in a *sandbox*: a separate in-memory DuckDB that holds the
market's raw tables, the helper macros and the mapping's params and nothing else. Before the
first line of the mapping runs, external access is disabled (no file, network, extension or
Python object can be read or written) and the configuration is locked, so the mapping cannot
open it again. The case store is not in the sandbox at all: a mapping can neither see nor change
evidence, custody records or other markets; only the rows it selects are copied to the store.

The raw tables of a case store are views over Parquet files in the case directory. The sandbox
reads the same files through its own views; those directories are the only paths DuckDB lets it
open (``allowed_directories``), so nothing is copied. Raw tables stored in the case store itself
(a store built in memory) are copied in as Arrow tables.

``seized query`` closes its own (read-only) connection the same way: see :func:`close_file_access`.
"""

from __future__ import annotations

import posixpath
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb

from seized.db import qualified, quote_ident
from seized.errors import SeizedError, UserError
from seized.mapping.helpers import install_helpers
from seized.rawfiles import view_sql

#: how many rows go from one DuckDB to the other at a time
BATCH_ROWS = 65536
#: what the sandbox copies from the connection it is opened for
_COPIED_SETTINGS = ("threads", "memory_limit")

ParamValue = str | int | float | bool

#: what ``seized query`` runs: statements that only read (DESCRIBE, SHOW, SUMMARIZE are SELECTs)
_QUERY_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    rows = con.execute("SELECT current_setting(?)", [name]).fetchall()
    return str(rows[0][0]) if rows and rows[0][0] is not None else ""


def case_root(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The case directory the raw views' relative file names start at (DuckDB's search path)."""
    text = _setting(con, "file_search_path")
    if not text or "," in text:
        return None
    root = Path(text)
    return root if root.is_absolute() and root.is_dir() else None


def raw_file_dirs(con: duckdb.DuckDBPyConnection, raw_schema: str | None = None) -> dict[str, str]:
    """``schema.table`` -> the directory of its Parquet files, relative to the case directory.

    Only tables whose files all lie in one directory are listed (the layout the ingest writes).
    """
    sql = "SELECT raw_schema, table_name, path FROM raw_files"
    params: list[str] = []
    if raw_schema is not None:
        sql += " WHERE raw_schema = ?"
        params.append(raw_schema)
    dirs: dict[str, set[str]] = {}
    for schema, table, path in con.execute(sql, params).fetchall():
        dirs.setdefault(qualified(str(schema), str(table)), set()).add(posixpath.dirname(str(path)))
    return {
        name: next(iter(found))
        for name, found in dirs.items()
        if len(found) == 1 and _is_plain_relative(next(iter(found)))
    }


def raw_file_paths(
    con: duckdb.DuckDBPyConnection, raw_schema: str | None = None
) -> dict[str, list[str]]:
    """``schema.table`` -> its Parquet files (relative to the case directory), as recorded in
    ``raw_files``: the only files a raw table's view may read."""
    sql = "SELECT raw_schema, table_name, path FROM raw_files"
    params: list[str] = []
    if raw_schema is not None:
        sql += " WHERE raw_schema = ?"
        params.append(raw_schema)
    files: dict[str, list[str]] = {}
    for schema, table, path in con.execute(sql + " ORDER BY path", params).fetchall():
        files.setdefault(qualified(str(schema), str(table)), []).append(str(path))
    return files


def _is_plain_relative(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and ".." not in parts and "" not in parts


@contextmanager
def sandbox(
    con: duckdb.DuckDBPyConnection,
    raw_schema: str,
    raw_tables: list[str],
    params: Mapping[str, ParamValue],
) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with the raw tables of ``raw_schema`` and file access closed.

    The raw tables keep their schema and names; the helper macros are installed and ``params``
    are set as variables. The configuration is locked when this yields.
    """
    config = {name: _setting(con, name) for name in _COPIED_SETTINGS}
    # its own directory for what does not fit in memory, beside the store's when there is one
    store_temp = Path(_setting(con, "temp_directory") or ".")
    near = store_temp.parent if store_temp.is_absolute() and store_temp.parent.is_dir() else None
    with tempfile.TemporaryDirectory(prefix="seized-mapping-", dir=near) as spill:
        config["temp_directory"] = spill
        box = duckdb.connect(":memory:", config={k: v for k, v in config.items() if v})
        try:
            yield _prepare(con, box, raw_schema, raw_tables, params)
        finally:
            box.close()


def _prepare(
    con: duckdb.DuckDBPyConnection,
    box: duckdb.DuckDBPyConnection,
    raw_schema: str,
    raw_tables: list[str],
    params: Mapping[str, ParamValue],
) -> duckdb.DuckDBPyConnection:
    allowed = _fill(con, box, raw_schema, raw_tables)
    install_helpers(box)
    for name, value in params.items():
        box.execute(f"SET VARIABLE {quote_ident(name)} = ?", [value])
    box.execute("SET allowed_directories = ?", [sorted(allowed)])
    box.execute("SET enable_external_access = false")
    box.execute("SET lock_configuration = true")
    return box


def _fill(
    con: duckdb.DuckDBPyConnection,
    box: duckdb.DuckDBPyConnection,
    raw_schema: str,
    raw_tables: list[str],
) -> set[str]:
    """Make the raw tables in the sandbox; returns the directories their views read."""
    root = case_root(con)
    dirs = raw_file_dirs(con, raw_schema) if root is not None else {}
    files = raw_file_paths(con, raw_schema) if root is not None else {}
    views = {
        str(name)
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = "
            "current_database() AND table_schema = ? AND table_type = 'VIEW'",
            [raw_schema],
        ).fetchall()
    }
    box.execute(f"CREATE SCHEMA {quote_ident(raw_schema)}")
    allowed: set[str] = set()
    for table in raw_tables:
        name = qualified(raw_schema, table)
        folder = dirs.get(name) if table in views else None
        try:
            if root is not None and folder is not None and (root / folder).is_dir():
                directory = (root / folder).as_posix() + "/"
                # the recorded files only, never a pattern: a file put beside them is not read
                paths = [(root / f).as_posix() for f in files.get(name, [])]
                box.execute(view_sql(raw_schema, table, paths))
                allowed.add(directory)
            else:
                rows = con.sql(f"SELECT * FROM {name}").to_arrow_table()
                box.register("_seized_raw_rows", rows)
                box.execute(f"CREATE TABLE {name} AS SELECT * FROM _seized_raw_rows")
                box.unregister("_seized_raw_rows")
        except duckdb.Error as exc:
            raise SeizedError(f"cannot read the raw table {raw_schema}.{table}: {exc}") from exc
    return allowed


def copy_rows(
    box: duckdb.DuckDBPyConnection,
    select: str,
    params: Mapping[str, object],
    con: duckdb.DuckDBPyConnection,
    insert: str,
) -> None:
    """Run ``select`` in the sandbox and ``insert`` (reading ``_seized_rows``) on ``con``."""
    reader = box.sql(select, params=dict(params)).to_arrow_reader(BATCH_ROWS)
    con.register("_seized_rows", reader)
    try:
        con.execute(insert)
    finally:
        con.unregister("_seized_rows")


def close_file_access(con: duckdb.DuckDBPyConnection) -> None:
    """Let ``con`` read only the case store and its raw tables' files, for good.

    External access is disabled except for the directories of the raw tables' Parquet files
    (their views name them relative to the case directory, DuckDB checks both names), and the
    configuration is locked. The setting holds for every connection to the same open database.
    """
    root = case_root(con)
    directories: list[str] = []
    patterns: list[str] = []
    if root is not None:
        for folder in sorted(set(raw_file_dirs(con).values())):
            directories.append((root / folder).as_posix() + "/")
        for files in raw_file_paths(con).values():
            patterns.extend(f for f in files if _is_plain_relative(f))
    con.execute("SET allowed_directories = ?", [directories])
    con.execute("SET allowed_paths = ?", [patterns])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def check_query(sql: str) -> str:
    """The text of ``seized query`` if it is exactly one statement that only reads."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise UserError(f"query failed: {exc}") from exc
    if len(statements) != 1 or statements[0].type not in _QUERY_STATEMENTS:
        kinds = ", ".join(str(s.type.name) for s in statements) or "nothing"
        raise UserError(
            f"seized query runs exactly one SELECT (or EXPLAIN) statement, not {kinds}: "
            "it reads the case store and changes nothing"
        )
    return sql
