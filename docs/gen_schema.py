import re, duckdb
from seized.model import migrate, migrations
con = duckdb.connect(); migrate(con)
comments = {}
notes = {}
for _, name, sql in migrations():
    table = None; pending = []
    for line in sql.splitlines():
        if line.startswith('--'):
            pending.append(line[2:].strip()); continue
        m = re.match(r'\s*CREATE TABLE (?:meta\.)?(\w+)', line)
        if m:
            table = m.group(1); 
            if pending and name != '002_market.sql' or table=='rejects' or table=='raw_tables' or table=='payouts': notes[table] = " ".join(p for p in pending if p)
            pending = []; continue
        if not line.strip(): pending = []
        m = re.match(r'\s*"?(\w+)"?\s+[A-Z]', line)
        if table and m and '--' in line:
            comments[(table, m.group(1))] = line.split('--',1)[1].strip().replace('|', '\\|')
out = ["# Case store schema", "",
"One DuckDB file per case (`CASE/case.duckdb`). The tables below are created from the",
"numbered schema files in `src/seized/model/sql/` (applied once each, in order, recorded in",
"`schema_migrations`). Names and columns of the canonical tables are stable interfaces (SPEC §4).",
"This page is generated from those files (`python docs/gen_schema.py`); a test keeps it in step.", "",
"Conventions:", "",
"- Canonical ids are `<market_id>:<native id>` (for example `silkway:1042`), so ids from",
"  different markets never collide and joins need no lookup table.",
"- Amounts are integer satoshis (`*_sats`); times are UTC `TIMESTAMP`s; countries ISO 3166-1 alpha-2.",
"- Every row of a market table keeps its provenance: `evidence_id` (the evidence file),",
"  `raw_table` (the market's own table) and `raw_key` (the native key in it).",
"- Mappings fill the as-seized columns; later stages fill derived columns (`shipping_address`,",
"  `body_plain`, `decrypted`) and never overwrite what was seized.",
"- Each market's own tables stay unchanged in the schema `raw_<market>`, with one extra column",
"  `_seized_pos`: the row's line in a text dump, its record number in a CSV/JSON-lines file, or",
"  its rowid in an SQLite file.",
"- Bookkeeping lives in the schema `meta`: `meta.stages` (which stage is done for which scope,",
"  written in the same transaction as the stage's data), `meta.checksums` (per-table checksums",
"  recorded when a stage ends, re-checked by `seized verify`) and `meta.custody_head`.", ""]
for (schema, table) in con.execute("select schema_name, table_name from duckdb_tables() order by schema_name='meta', table_oid").fetchall():
    if table == 'schema_migrations': continue
    full = f"{schema}.{table}" if schema != 'main' else table
    out += [f"## {full}", ""]
    if notes.get(table): out += [notes[table], ""]
    out += ["| column | type | notes |", "|---|---|---|"]
    for col, typ in con.execute("select column_name, data_type from duckdb_columns() where schema_name=? and table_name=? order by column_index", [schema, table]).fetchall():
        out.append(f"| {col} | {typ} | {comments.get((table, col), '')} |")
    out.append("")
import sys
open(sys.argv[1] if len(sys.argv)>1 else 'docs/schema.md','w').write("\n".join(out))
