"""`mapping suggest`: a draft mapping from raw table and column names and sample values.

The draft is YAML text for a person to check: every guess it could not confirm from the samples
carries a ``# TODO(seized): ...`` comment saying what to check. The draft always loads with
:func:`~seized.mapping.model.load_mapping` (it may map fewer tables than the market has).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb

from seized.errors import UserError
from seized.mapping.apply import TABLE_COLUMN, quote
from seized.mapping.canonical import TABLES
from seized.mapping.column_guess import Guess, RawColumn, guess_column, show_value
from seized.mapping.helpers import install_helpers
from seized.mapping.model import parse_mapping
from seized.mapping.vocabulary import TABLE_COLUMNS, column_for, column_score, table_score

SAMPLE_ROWS = 200
_CURRENCY = {"btc_sats": "BTC", "eur_sats": "EUR", "usd_sats": "USD"}
TODO = "# TODO(seized):"


@dataclass
class _Draft:
    """One canonical table's draft: its raw table, select lines and remarks."""

    table: str
    raw: list[str]  # the raw table, then any with the same columns
    rows: int
    columns: list[str]
    lines: list[str] = field(default_factory=list)  # 'expression AS column'
    notes: list[str] = field(default_factory=list)  # YAML comment lines (without '# ')
    todos: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)


def suggest_mapping(con: duckdb.DuckDBPyConnection, raw_schema: str, *, software: str) -> str:
    """A draft mapping (YAML text) for the market whose raw tables are in ``raw_schema``."""
    tables = _raw_tables(con, raw_schema)
    if not tables:
        raise UserError(f"raw schema {raw_schema!r} holds no tables to suggest a mapping from")
    install_helpers(con)
    chosen = _choose_tables(tables)
    if not chosen:  # nothing looks like a market table: draft accounts from the largest one
        largest = max(tables, key=lambda name: _count(con, raw_schema, name))
        chosen = {"accounts": largest}
    drafts = [
        _draft(con, raw_schema, canonical, raw, tables[raw], _twins(tables, raw))
        for canonical, raw in chosen.items()
    ]
    text = _render(software, raw_schema, drafts, tables, chosen)
    parse_mapping(text.encode("utf-8"), f"<draft for {software}>")  # the draft must load
    return text


def _raw_tables(con: duckdb.DuckDBPyConnection, raw_schema: str) -> dict[str, list[RawColumn]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = ? "
        "ORDER BY table_name, ordinal_position",
        [raw_schema],
    ).fetchall()
    tables: dict[str, list[RawColumn]] = {}
    for table, column, kind in rows:
        tables.setdefault(str(table), []).append(RawColumn(str(column), str(kind)))
    return tables


def _choose_tables(tables: dict[str, list[RawColumn]]) -> dict[str, str]:
    """canonical table -> raw table: by table name first, then by column names (at least 3
    fitting columns); each raw table is used once."""
    order = list(TABLES)
    by_name = [
        (-table_score(canonical, raw), order.index(canonical), raw, canonical)
        for canonical in TABLES
        for raw in tables
        if table_score(canonical, raw) > 0
    ]
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for _, _, raw, canonical in sorted(by_name):
        if canonical not in chosen and raw not in used:
            chosen[canonical] = raw
            used.update([raw, *_twins(tables, raw)])
    by_columns = []
    for raw, columns in tables.items():
        if raw in used:
            continue
        names = [c.name for c in columns]
        for canonical in TABLES:
            score = column_score(canonical, raw, names)
            if canonical not in chosen and score >= 3:
                by_columns.append((-score, order.index(canonical), raw, canonical))
    for _, _, raw, canonical in sorted(by_columns):
        if canonical not in chosen and raw not in used:
            chosen[canonical] = raw
            used.update([raw, *_twins(tables, raw)])
    return {name: chosen[name] for name in TABLES if name in chosen}


def _shape(columns: list[RawColumn]) -> tuple[str, ...]:
    return tuple(sorted(c.name.lower() for c in columns if not c.name.startswith("_seized")))


def _twins(tables: dict[str, list[RawColumn]], raw: str) -> list[str]:
    """Raw tables with exactly the same columns as ``raw`` (e.g. one CSV file per month)."""
    shape = _shape(tables[raw])
    return [name for name in tables if name != raw and _shape(tables[name]) == shape]


def _count(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {quote(schema)}.{quote(table)}").fetchone()
    return int(row[0]) if row else 0


def _draft(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    canonical: str,
    raw: str,
    columns: list[RawColumn],
    twins: list[str],
) -> _Draft:
    names = [c.name for c in columns if _plain(c.name)]
    rows = sum(_count(con, schema, name) for name in [raw, *twins])
    draft = _Draft(canonical, [raw, *twins], rows, names)
    by_name = {c.name: c for c in columns}
    taken: set[str] = set()
    for target in TABLE_COLUMNS[canonical]:
        found = column_for(target, raw, names, taken)
        if target == "native_id" and twins:
            draft.lines.append(f"{TABLE_COLUMN}")  # a helper: each row's raw table
            if found is not None:
                draft.todos.append(f"native_id <- {found}: must be unique across all sources")
        if target == "native_id" and found is None:
            position = f"{TABLE_COLUMN} || '#' || _seized_pos" if twins else "_seized_pos"
            draft.lines.append(f"{position} AS native_id")
            draft.todos.append(
                "native_id: no id column found; the row position is used, which changes when "
                "the dump changes. Pick the market's own id column if there is one"
            )
            continue
        if found is None:
            if target in TABLES[canonical].required:
                draft.lines.append(f"NULL AS {target}")
                draft.todos.append(f"{target}: required, but no column looked like it")
            continue
        taken.add(found)
        sample = _samples(con, schema, raw, found)
        guess = guess_column(con, target, by_name[found], sample)
        _add(draft, target, found, guess)
        if target == "price":
            amount = guess_column(con, "amount_sats", by_name[found], sample)
            _add(draft, "price_sats", found, amount)
            currency = _CURRENCY.get(amount.expression.split("(")[0])
            if currency and column_for("currency", raw, names, taken) is None:
                draft.lines.append(f"'{currency}' AS currency")
        if canonical == "messages" and target == "body":
            draft.lines.append(f"is_pgp_message({quote(found)}) AS encrypted")
        if target in TABLES[canonical].id_refs:
            _check_reference(draft, target, by_name[found])
    return draft


def _add(draft: _Draft, target: str, raw_column: str, guess: Guess) -> None:
    draft.lines.append(f"{guess.expression} AS {quote(target) if target == 'at' else target}")
    for note in guess.notes:
        draft.notes.append(f"{target} <- {raw_column}: {note}")
    for todo in guess.todos:
        draft.todos.append(f"{target} <- {raw_column}: {todo}")
    draft.params.update(guess.params)


def _check_reference(draft: _Draft, target: str, column: RawColumn) -> None:
    if "CHAR" in column.type.upper():
        draft.todos.append(
            f"{target} <- {column.name}: text values; they must equal the native_id of the "
            "referenced rows (e.g. a username here needs username as accounts' native_id)"
        )


def _samples(con: duckdb.DuckDBPyConnection, schema: str, table: str, column: str) -> list[str]:
    rows = con.execute(
        f"SELECT CAST({quote(column)} AS VARCHAR) FROM {quote(schema)}.{quote(table)} "
        f"WHERE {quote(column)} IS NOT NULL LIMIT {SAMPLE_ROWS}"
    ).fetchall()
    return [str(value) for (value,) in rows]


def _plain(name: str) -> bool:
    """Names that fit on one line of a YAML block (no control characters)."""
    return name.isprintable()


def _render(
    software: str,
    schema: str,
    drafts: list[_Draft],
    tables: dict[str, list[RawColumn]],
    chosen: dict[str, str],
) -> str:
    out = [
        f"# Draft mapping suggested by seized from the raw tables in schema {show_value(schema)}.",
        "# Check every TODO(seized) line and the select of each table, then use the file.",
        "mapping: 1",
        f"software: {json.dumps(software)}",
        f"description: {json.dumps(f'draft mapping for {software} (suggested, check it)')}",
    ]
    params: dict[str, str] = {}
    for draft in drafts:
        params.update(draft.params)
    if params:
        out.append("params:")
        for name, todo in sorted(params.items()):
            out.append(f"  {TODO} {todo}")
            out.append(f"  {name}: 0.0")
    out.append("tables:")
    for draft in drafts:
        out.append(f"  {draft.table}:")
        shown = ", ".join(show_value(name, 80) for name in draft.raw)
        out.append(f"    # from raw table {shown} ({draft.rows} rows)")
        out.extend(f"    # {note}" for note in draft.notes)
        out.extend(f"    {TODO} {todo}" for todo in draft.todos)
        if len(draft.raw) == 1:
            out.append(f"    source: {json.dumps(draft.raw[0])}")
        else:
            out.append(f"    source: [{', '.join(json.dumps(name) for name in draft.raw)}]")
            out.append(
                "    # the tables have the same columns: the select reads them all as 'source'"
            )
        out.append("    select: |")
        out.append("      SELECT")
        for index, line in enumerate(draft.lines):
            comma = "," if index < len(draft.lines) - 1 else ""
            out.append(f"        {line}{comma}")
        origin = quote(draft.raw[0]) if len(draft.raw) == 1 else "source"
        out.append(f"      FROM {origin}")
    mapped = {name for draft in drafts for name in draft.raw}
    unused = [name for name in tables if name not in mapped]
    missing = [name for name in TABLES if name not in chosen]
    if missing:
        out.append(f"{TODO} no raw table looked like: {', '.join(missing)}")
    if unused:
        out.append(f"{TODO} raw tables not mapped (check what they hold):")
        for name in unused:
            columns = ", ".join(show_value(c.name, 30) for c in tables[name][:12])
            out.append(f"#   {show_value(name, 60)}: {columns}")
    return "\n".join(out) + "\n"
