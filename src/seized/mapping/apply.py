"""Applying a mapping: raw tables of one market -> rows of the canonical tables.

The mapping's SQL runs in a sandbox (:mod:`seized.mapping.sandbox`): an in-memory DuckDB holding
only the market's raw tables, with file access closed. Each table mapping runs in three steps
there: its select is staged into a TEMP table (unqualified names resolve to the market's raw
tables through a WITH clause), the staged rows are checked (columns, ids, types, allowed values),
and then the market's old rows in the case store are replaced by the staged ones, converted to the
canonical types. Only that last step touches the case store, inside the caller's transaction.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, replace

import duckdb

from seized.errors import MappingError, UserError
from seized.mapping.canonical import ENGINE_COLUMNS, TABLES, CanonicalTable, mappable_columns
from seized.mapping.helpers import helper_names
from seized.mapping.model import Mapping, ParamValue, TableMapping, source_tables
from seized.mapping.sandbox import copy_rows, sandbox
from seized.mapping.sqlcheck import check_key, check_select
from seized.mapping.sqlerror import describe

STAGE = "seized_mapped"
SOURCE_ALIAS = "source"
TABLE_COLUMN = "_seized_table"  # in the source alias: the raw table each row comes from

_HINTS = {
    "TIMESTAMP": "convert with text_ts(...), unix_ts(...) or unix_ms_ts(...)",
    "BIGINT": "amounts are satoshis: convert with btc_sats(...), sats(...), eur_sats(...)",
    "BOOLEAN": "convert with bool_of(...)",
    "DOUBLE": "convert the text to a number, e.g. TRY_CAST(x AS DOUBLE)",
    "INTEGER": "convert the text to a number, e.g. TRY_CAST(x AS INTEGER)",
}
_CHOICE_HINTS = {"role": "role_of(...)", "status": "status_of(...)"}


def quote(identifier: str) -> str:
    """An SQL identifier in double quotes, inner quotes doubled."""
    return '"' + identifier.replace('"', '""') + '"'


@dataclass(frozen=True)
class _Run:
    """What every table mapping of one apply_mapping call shares."""

    con: duckdb.DuckDBPyConnection  # the case store
    box: duckdb.DuckDBPyConnection  # the sandbox: raw tables only, file access closed
    mapping: Mapping
    market_id: str
    raw_schema: str
    evidence_id: int
    raw_tables: dict[str, str]  # lower-case name -> name as stored
    raw_columns: dict[str, list[str]]  # raw table -> its columns (for hints)


def apply_mapping(
    con: duckdb.DuckDBPyConnection,
    mapping: Mapping,
    *,
    market_id: str,
    raw_schema: str,
    evidence_id: int,
    params: MappingType[str, ParamValue] | None = None,
) -> dict[str, int]:
    """Fill the canonical tables of ``mapping`` for one market; returns rows per table.

    The market's existing rows in every table the mapping fills are replaced. Nothing is
    committed here: the caller owns the transaction. ``params`` override the mapping's params.
    """
    if not market_id or ":" in market_id:
        raise UserError(f"market id {market_id!r} must be a non-empty name without ':'")
    raw_tables = _raw_tables(con, raw_schema)
    raw_columns = _raw_columns(con, raw_schema)
    values = {**mapping.params, **(params or {})}
    with sandbox(con, raw_schema, list(raw_tables.values()), values) as box:
        run = _Run(con, box, mapping, market_id, raw_schema, evidence_id, raw_tables, raw_columns)
        return {name: _apply_table(run, table) for name, table in mapping.tables.items()}


def _raw_tables(con: duckdb.DuckDBPyConnection, raw_schema: str) -> dict[str, str]:
    found = con.execute(
        "SELECT count(*) FROM information_schema.schemata "
        "WHERE catalog_name = current_database() AND schema_name = ?",
        [raw_schema],
    ).fetchone()
    if not found or not found[0]:
        raise UserError(f"raw schema {raw_schema!r} does not exist in the case store")
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = current_database() AND table_schema = ? ORDER BY table_name",
        [raw_schema],
    ).fetchall()
    return {str(name).lower(): str(name) for (name,) in rows}


def _apply_table(run: _Run, table: TableMapping) -> int:
    spec = TABLES[table.table]
    present = _present(run, table)
    if not present:
        _delete(run, spec)
        return 0
    try:
        columns, staged, key = _compute(run, table, present)
        _delete(run, spec)
        _insert(run, table, spec, columns, staged, key, ", ".join(present))
        return _one(run.box, f"SELECT count(*) FROM temp.main.{STAGE}")
    finally:
        _drop_stage(run.box)


def _present(run: _Run, table: TableMapping) -> list[str]:
    """The raw tables a table mapping reads; [] for an optional one without any."""
    present = source_tables(table.sources, list(run.raw_tables.values()))
    if present or table.optional:
        return present
    raise MappingError(
        f"table '{table.table}': source table {' / '.join(table.sources)} is not among the "
        f"raw tables of schema {run.raw_schema}",
        run.mapping.path,
        line=table.source_line,
        hint="raw tables: "
        + (", ".join(run.raw_tables.values()) or "(none)")
        + "; mark the table 'optional: true' if the market may lack it",
    )


def _compute(
    run: _Run, table: TableMapping, present: list[str]
) -> tuple[dict[str, str], dict[str, str], str]:
    """Stage the table's rows in the sandbox and check them: (columns, staged types, key)."""
    spec = TABLES[table.table]
    # checked when the file was loaded; again here for mappings built in code
    check_select(table.select, run.mapping.path, table.table, table.select_line)
    if table.key is not None:
        check_key(table.key, run.mapping.path, table.table, table.key_line or table.line)
    _stage(run, table, present)
    staged = _staged_columns(run.box)
    columns = _check_columns(run, table, spec, staged)
    key = table.key or ("native_id" if "native_id" in columns else spec.required[0])
    _check_key(run, table, key)
    _check_values(run, table, spec, columns, staged)
    return columns, staged, key


class Trial:
    """Runs table mappings against one market's raw tables without writing anything.

    Every check a real :func:`apply_mapping` makes is made (columns, ids, types, allowed values),
    in the same sandbox; the case store is only read. Used to prove a drafted mapping runs.
    """

    def __init__(self, run: _Run) -> None:
        self._run = run

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The sandbox: the market's raw tables and the helpers, file access closed."""
        return self._run.box

    def rows(self, mapping: Mapping, name: str) -> int:
        """The rows ``mapping``'s table ``name`` would map; MappingError when it would fail."""
        run = replace(self._run, mapping=mapping)
        table = mapping.tables[name]
        present = _present(run, table)
        if not present:
            return 0
        try:
            _compute(run, table, present)
            return _one(run.box, f"SELECT count(*) FROM temp.main.{STAGE}")
        finally:
            _drop_stage(run.box)


@contextlib.contextmanager
def trial(
    con: duckdb.DuckDBPyConnection,
    raw_schema: str,
    params: MappingType[str, ParamValue] | None = None,
) -> Iterator[Trial]:
    """A :class:`Trial` over the raw tables of ``raw_schema`` (``con`` may be read-only)."""
    raw_tables = _raw_tables(con, raw_schema)
    raw_columns = _raw_columns(con, raw_schema)
    empty = Mapping("trial", "", {}, {}, "<trial>", "")
    with sandbox(con, raw_schema, list(raw_tables.values()), dict(params or {})) as box:
        yield Trial(_Run(con, box, empty, "trial", raw_schema, 0, raw_tables, raw_columns))


def _stage(run: _Run, table: TableMapping, present: list[str]) -> None:
    schema = quote(run.raw_schema)
    ctes = [
        f"{quote(name)} AS (SELECT * FROM {schema}.{quote(name)})"
        for name in run.raw_tables.values()
        if name.lower() != SOURCE_ALIAS
    ]
    union = " UNION ALL BY NAME ".join(
        f"SELECT *, CAST(? AS VARCHAR) AS {TABLE_COLUMN} FROM {schema}.{quote(name)}"
        for name in present
    )
    ctes.append(f"{SOURCE_ALIAS} AS ({union})")
    # Everything before the select stays on line 1, so DuckDB's 'LINE n' is line n-1 of the select.
    sql = (
        f"CREATE OR REPLACE TEMP TABLE {STAGE} AS WITH {', '.join(ctes)} "
        f"SELECT * FROM (\n{table.select}\n) AS seized_select"
    )
    try:
        if len(run.box.extract_statements(sql)) != 1:
            raise MappingError(
                f"table '{table.table}': 'select' must be exactly one SELECT statement",
                run.mapping.path,
                line=table.select_line,
            )
        run.box.execute(sql, present)
    except duckdb.Error as exc:
        raise _select_error(run, table, present, exc) from exc


def _select_error(
    run: _Run, table: TableMapping, present: list[str], exc: duckdb.Error
) -> MappingError:
    problem = describe(exc)
    line = table.select_line
    where = ""
    if problem.sql_line and problem.sql_line > 1:
        line = table.select_line + problem.sql_line - 2
        where = f" (line {problem.sql_line - 1} of the select)"
    hint = None
    if problem.column:
        names = sorted({c for t in present for c in run.raw_columns.get(t, [])})
        hint = f"columns of {', '.join(present)}: " + ", ".join(names)
    elif problem.table:
        hint = "raw tables: " + ", ".join(run.raw_tables.values())
    elif problem.function:
        hint = "helpers: " + ", ".join(helper_names())
    return MappingError(
        f"table '{table.table}': {problem.message}{where}",
        run.mapping.path,
        line=line,
        column=problem.column,
        hint=hint,
    )


def _raw_columns(con: duckdb.DuckDBPyConnection, raw_schema: str) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = ? "
        "ORDER BY table_name, ordinal_position",
        [raw_schema],
    ).fetchall()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(str(table), []).append(str(column))
    return columns


def _staged_columns(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(f"DESCRIBE temp.main.{STAGE}").fetchall()
    return {str(row[0]): str(row[1]) for row in rows}


def _check_columns(
    run: _Run, table: TableMapping, spec: CanonicalTable, staged: dict[str, str]
) -> dict[str, str]:
    """The canonical columns the select outputs, with their target types."""
    allowed = mappable_columns(run.con, spec)
    engine = {*ENGINE_COLUMNS, *([spec.id_column] if spec.id_column else [])}
    for name in staged:
        if name.startswith("_") or name in allowed:
            continue
        reason = (
            "is filled by seized, not by the mapping"
            if name in engine
            else f"is not a column of the canonical table {table.table}"
        )
        raise MappingError(
            f"table '{table.table}': the select outputs column '{name}', which {reason}",
            run.mapping.path,
            line=_line_of(table, name),
            column=name,
            hint=f"columns of {table.table}: {', '.join(allowed)}; "
            "output columns starting with _ are helpers and are not stored",
        )
    for name in spec.required:
        if name not in staged:
            raise MappingError(
                f"table '{table.table}': the select has no column '{name}'",
                run.mapping.path,
                line=table.select_line,
                column=name,
                hint=f"every {table.table} row needs {' and '.join(spec.required)}; "
                f"add e.g. '<raw column> AS {name}'",
            )
    return {name: kind for name, kind in allowed.items() if name in staged}


def _line_of(table: TableMapping, column: str) -> int:
    """The YAML line where the select names ``column`` (its first mention), else its first line."""
    pattern = re.compile(r"\b" + re.escape(column) + r"\b")
    for offset, text in enumerate(table.select.splitlines()):
        if pattern.search(text):
            return table.select_line + offset
    return table.select_line


def _check_key(run: _Run, table: TableMapping, key: str) -> None:
    try:
        run.box.execute(f"SELECT {_key_sql(key)} FROM temp.main.{STAGE} LIMIT 0")
    except duckdb.Error as exc:
        problem = describe(exc)
        raise MappingError(
            f"table '{table.table}': key: {problem.message}",
            run.mapping.path,
            line=table.key_line or table.line,
            column=problem.column,
            hint="the key is an SQL expression over the select's output columns",
        ) from exc


def _key_sql(key: str) -> str:
    """The key as text. The key is one expression (checked); the line breaks end any comment."""
    return f"CAST((\n{key}\n) AS VARCHAR)"


def _check_values(
    run: _Run,
    table: TableMapping,
    spec: CanonicalTable,
    columns: dict[str, str],
    staged: dict[str, str],
) -> None:
    stage = f"temp.main.{STAGE}"
    for name in spec.required:
        missing = _one(run.box, f"SELECT count(*) FROM {stage} WHERE {quote(name)} IS NULL")
        if missing:
            raise MappingError(
                f"table '{table.table}': {missing} rows have no {name}",
                run.mapping.path,
                line=_line_of(table, name),
                column=name,
                hint=f"every row needs a {name}; filter them out with WHERE ... IS NOT NULL",
            )
    if spec.id_column:
        dups = run.box.execute(
            f"SELECT CAST(native_id AS VARCHAR), count(*) FROM {stage} "
            "GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC, 1 LIMIT 1"
        ).fetchall()
        if dups:
            dup = dups[0]
            raise MappingError(
                f"table '{table.table}': native_id is not unique: {dup[0]!r} appears "
                f"{dup[1]} times",
                run.mapping.path,
                line=_line_of(table, "native_id"),
                column="native_id",
                hint="use DISTINCT or GROUP BY, or add a distinguishing part to the id",
            )
    for name, kind in columns.items():
        if staged[name] != kind:
            _check_type(run, table, name, kind)
        if name in spec.choices:
            _check_choice(run, table, name, spec.choices[name])


def _check_type(run: _Run, table: TableMapping, name: str, kind: str) -> None:
    column = quote(name)
    bad = run.box.execute(
        f"SELECT count(*), any_value(CAST({column} AS VARCHAR)) FROM temp.main.{STAGE} "
        f"WHERE {column} IS NOT NULL AND TRY_CAST({column} AS {kind}) IS NULL"
    ).fetchall()[0]
    if bad and bad[0]:
        raise MappingError(
            f"table '{table.table}': {bad[0]} values of {name} are not {kind}, e.g. {bad[1]!r}",
            run.mapping.path,
            line=_line_of(table, name),
            column=name,
            hint=_HINTS.get(kind),
        )


def _check_choice(run: _Run, table: TableMapping, name: str, choices: tuple[str, ...]) -> None:
    column = quote(name)
    bad = run.box.execute(
        f"SELECT count(*), any_value(CAST({column} AS VARCHAR)) FROM temp.main.{STAGE} "
        f"WHERE {column} IS NOT NULL AND NOT list_contains(?, CAST({column} AS VARCHAR))",
        [list(choices)],
    ).fetchall()[0]
    if bad and bad[0]:
        helper = _CHOICE_HINTS.get(name)
        raise MappingError(
            f"table '{table.table}': {bad[0]} values of {name} are not one of "
            f"{'/'.join(choices)}, e.g. {bad[1]!r}",
            run.mapping.path,
            line=_line_of(table, name),
            column=name,
            hint=f"convert with {helper} or a CASE" if helper else "convert with a CASE",
        )


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()  # to the end: the sandbox then streams the next result
    return int(rows[0][0]) if rows else 0


def _delete(run: _Run, spec: CanonicalTable) -> None:
    run.con.execute(f"DELETE FROM {quote(spec.name)} WHERE market_id = ?", [run.market_id])


def _insert(
    run: _Run,
    table: TableMapping,
    spec: CanonicalTable,
    columns: dict[str, str],
    staged: dict[str, str],
    key: str,
    raw_table: str,
) -> None:
    targets = ["market_id"]
    values = ["$market_id"]
    if spec.id_column:
        targets.append(spec.id_column)
        values.append("$market_id || ':' || CAST(native_id AS VARCHAR)")
    for name, kind in columns.items():
        value = quote(name)
        if name in spec.id_refs or name == "native_id":
            value = f"CAST({value} AS VARCHAR)"
            if name != "native_id":
                value = f"$market_id || ':' || {value}"
        elif staged[name] == "TIMESTAMP WITH TIME ZONE" and kind == "TIMESTAMP":
            value = f"timezone('UTC', {value})"
        elif staged[name] != kind:
            value = f"CAST({value} AS {kind})"
        targets.append(name)
        values.append(value)
    table_value = (
        f"coalesce(CAST({TABLE_COLUMN} AS VARCHAR), $raw_table)"
        if TABLE_COLUMN in staged
        else "$raw_table"
    )
    targets += ["evidence_id", "raw_table", "raw_key"]
    values += ["$evidence_id", table_value, _key_sql(key)]
    # the rows are computed in the sandbox; the case store only receives them
    copy_rows(
        run.box,
        f"SELECT {', '.join(values)} FROM temp.main.{STAGE}",
        {"market_id": run.market_id, "evidence_id": run.evidence_id, "raw_table": raw_table},
        run.con,
        f"INSERT INTO {quote(spec.name)} ({', '.join(quote(t) for t in targets)}) "
        "SELECT * FROM _seized_rows",
    )


def _drop_stage(con: duckdb.DuckDBPyConnection) -> None:
    # After a DuckDB error the transaction is aborted and this fails; it rolls back anyway.
    with contextlib.suppress(duckdb.Error):
        con.execute(f"DROP TABLE IF EXISTS temp.main.{STAGE}")
