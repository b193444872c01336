"""Print the row count and an order-independent checksum of every table of a case store.

Two runs of the pipeline on the same input should print the same lines; compare them with
``diff``. Bookkeeping that records when things happened (``meta.*``, ``evidence``'s and
``markets``' times, ``schema_migrations``) is left out, and so are columns holding times of the
run or absolute paths, which differ between two case directories.

    python tools/table_checksums.py CASE > before.txt
    ...
    python tools/table_checksums.py CASE > after.txt && diff before.txt after.txt
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

#: columns that hold when a run happened or where a case lives, not what it found
_VOLATILE = {
    "added_at", "applied_at", "recorded_at", "started_at", "finished_at", "imported_at",
    "created_at", "path", "mapping_path", "evidence_path", "loaded_at", "source",
}  # fmt: skip


def checksums(store: Path) -> list[str]:
    con = duckdb.connect(str(store), read_only=True)
    con.execute(f"SET file_search_path = '{store.parent}'")
    lines = []
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() "
        "WHERE schema_name NOT IN ('meta') AND table_name <> 'schema_migrations' "
        "ORDER BY 1, 2"
    ).fetchall()
    for schema, table in tables:
        columns = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
                "ORDER BY column_index",
                [schema, table],
            ).fetchall()
            if r[0] not in _VOLATILE
        ]
        cols = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
        name = f'"{schema}"."{table}"'
        count, total = con.execute(
            f"SELECT count(*), coalesce(sum(hash(struct_pack({cols}))::HUGEINT), 0) FROM {name}"
        ).fetchone() or (0, 0)
        lines.append(f"{schema}.{table}\t{count}\t{int(total) & ((1 << 128) - 1):032x}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("case", type=Path, help="the case directory")
    args = parser.parse_args()
    for line in checksums(args.case / "case.duckdb"):
        print(line)


if __name__ == "__main__":
    main()
