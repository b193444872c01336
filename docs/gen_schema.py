"""Write docs/schema.md from the schema files: python docs/gen_schema.py [OUT]."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import duckdb

from seized.model import migrate, migrations

INTRO = """\
# Case store schema

One DuckDB file per case (`CASE/case.duckdb`). The tables below are created from the
numbered schema files in `src/seized/model/sql/` (applied once each, in order, recorded in
`schema_migrations`). The canonical tables are a stable interface: their names and columns do
not change. This page is generated from those files (`python docs/gen_schema.py`); a test keeps
it in step.

Conventions:

- Canonical ids are `<market_id>:<native id>` (for example `silkway:1042`), so ids from
  different markets never collide and joins need no lookup table.
- Amounts are integer satoshis (`*_sats`); times are UTC `TIMESTAMP`s; countries ISO 3166-1 alpha-2.
- Every row of a market table keeps its provenance: `evidence_id` (the evidence file),
  `raw_table` (the market's own table) and `raw_key` (the native key in it).
- Mappings fill the as-seized columns; later stages fill derived columns (`shipping_address`,
  `body_plain`, `decrypted`) and never overwrite what was seized.
- Each market's own tables stay unchanged in the schema `raw_<market>`, with one extra column
  `_seized_pos`, which names one row of the evidence file: in a text file (a dump, CSV, JSON
  lines) the byte offset where the row starts, in an SQLite file its rowid. They are views over
  Parquet files in the case directory (`raw/<schema>/<table>/`), whose hashes `raw_files` keeps;
  every connection seized opens finds them (DuckDB's `file_search_path` is the case directory).
- Bookkeeping lives in the schema `meta`: `meta.stages` (which stage is done for which scope,
  written in the same transaction as the stage's data), `meta.checksums` (per-table checksums
  recorded when a stage ends, re-checked by `seized verify`) and `meta.custody_head`.
"""

_TABLE = re.compile(r"\s*CREATE TABLE (?:meta\.)?(\w+)")
_COLUMN = re.compile(r'\s*"?(\w+)"?\s+[A-Z]')
_ADDED = re.compile(r"\s*ALTER TABLE (?:meta\.)?(\w+) ADD COLUMN (\w+)")
_RENAMED = re.compile(r"\s*ALTER TABLE (?:meta\.)?(\w+) RENAME TO (\w+)")


def _comments() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Column comments (after `--` on a column line) and table notes (comment lines above)."""
    columns: dict[tuple[str, str], str] = {}
    notes: dict[str, str] = {}
    for _, _, sql in migrations():
        table = None
        pending: list[str] = []
        for line in sql.splitlines():
            if line.startswith("--"):
                pending.append(line[2:].strip())
                continue
            added = _ADDED.match(line)
            if added and "--" in line:
                text = line.split("--", 1)[1].strip()
                columns[(added.group(1), added.group(2))] = text.replace("|", "\\|")
                continue
            renamed = _RENAMED.match(line)
            if renamed:  # a table made anew under another name: its notes go with it
                old, new = renamed.groups()
                if old in notes:
                    notes[new] = notes.pop(old)
                for name, column in [k for k in columns if k[0] == old]:
                    columns[(new, column)] = columns.pop((name, column))
                continue
            match = _TABLE.match(line)
            if match:
                table = match.group(1)
                if pending:
                    notes[table] = " ".join(pending)
                pending = []
                continue
            if not line.strip():
                pending = []
            match = _COLUMN.match(line)
            if table and match and "--" in line:
                text = line.split("--", 1)[1].strip()
                columns[(table, match.group(1))] = text.replace("|", "\\|")
    return columns, notes


def render() -> str:
    con = duckdb.connect()
    migrate(con)
    columns, notes = _comments()
    out = [INTRO]
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() "
        "WHERE table_name <> 'schema_migrations' ORDER BY schema_name = 'meta', table_oid"
    ).fetchall()
    for schema, table in tables:
        out += [f"## {table if schema == 'main' else f'{schema}.{table}'}", ""]
        if notes.get(table):
            out += [notes[table], ""]
        out += ["| column | type | notes |", "|---|---|---|"]
        for col, typ in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
            [schema, table],
        ).fetchall():
            out.append(f"| {col} | {typ} | {columns.get((table, col), '')} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("schema.md")
    target.write_text(render(), encoding="utf-8")
