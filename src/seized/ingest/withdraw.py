"""Withdrawing a piece of evidence that should not be in the case (the wrong file, a copy).

The evidence keeps its row, with when and why it was withdrawn, and every custody entry about it
stays in the log; a new entry records the withdrawal with the rows and files it removed. What the
case holds from it goes, in one transaction: its raw tables' Parquet files (a view that also
names files of other evidence is made again over those), its rows in every table that records
an ``evidence_id`` (canonical tables, rejects, raw-table counts, tags, keys), and the stages
built on it become not done, so that the next run of each rebuilds from the evidence that
remains. A market's ingest reads its other dumps again and maps them anew.

The withdrawal runs as a step of its own (``evidence.withdraw``, scoped by the evidence's
number) through :meth:`seized.case.Case.stage`, so its changes, its checksums and its custody
entry are committed together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from seized.case import Case
from seized.db import column, qualified
from seized.errors import UserError
from seized.rawfiles import view_sql
from seized.stages import STAGES, forget

#: the stage that reads each kind of evidence first; the stages after it are built on it
_FIRST_READER = {"dump": "ingest", "keys": "keys.import", "chain": "chain.add",
                 "tagpack": "tags.import"}  # fmt: skip
_WITHDRAWN = ".withdrawn"


@dataclass
class Withdrawn:
    evidence_id: int
    name: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows removed
    raw_files: list[str] = field(default_factory=list)  # relative to the case directory
    stages: list[str] = field(default_factory=list)  # made not done


def withdraw_evidence(case: Case, evidence_id: int, reason: str) -> Withdrawn:
    """Withdraw evidence ``evidence_id`` for ``reason`` (see the module docstring)."""
    if not reason.strip():
        raise UserError("say why the evidence is withdrawn (--reason)")
    with case.connect(read_only=True) as con:
        row = con.execute(
            "SELECT name, path, sha256, kind, format, market, withdrawn_at FROM evidence "
            "WHERE evidence_id = ?",
            [evidence_id],
        ).fetchone()
    if row is None:
        raise UserError(f"no evidence #{evidence_id} in this case (seized status lists them)")
    name, path, sha, kind, fmt, market, withdrawn_at = row
    if withdrawn_at is not None:
        raise UserError(f"evidence #{evidence_id} {name} was withdrawn already, at {withdrawn_at}")
    done = Withdrawn(evidence_id, str(name))
    moved: list[Path] = []
    try:
        with case.stage(
            "evidence.withdraw", scope=str(evidence_id), reads=(), extra=[sha, reason], force=True
        ) as run:
            con = run.con
            done.raw_files, hashes = _raw_files(con, evidence_id)
            moved = _set_aside(case.root, done.raw_files)
            _rebuild_views(con, evidence_id)
            done.rows = _delete_rows(con, evidence_id)
            con.execute(
                "UPDATE evidence SET withdrawn_at = now(), withdrawn_reason = ? "
                "WHERE evidence_id = ?",
                [reason, evidence_id],
            )
            done.stages = _forget_built_on(con, str(kind), market)
            run.counts = {"rows_removed": sum(done.rows.values()),
                          "raw_files_removed": len(done.raw_files)}  # fmt: skip
            run.inputs = [{"path": str(path), "sha256": sha, "evidence_id": evidence_id}]
            run.checksums = None  # every table it may have changed
            run.outputs = {
                "evidence_withdrawn": 1,
                **{f"rows_{t}": n for t, n in done.rows.items()},
            }
            run.details = {
                "evidence_id": evidence_id, "name": name, "kind": kind, "format": fmt,
                "market": market, "reason": reason, "stages_reset": done.stages,
                "raw_files_removed": [{"path": p, "sha256": h} for p, h in hashes.items()],
            }  # fmt: skip
    except BaseException:
        for item in moved:  # nothing was committed: the files go back
            item.rename(item.with_name(item.name.removesuffix(_WITHDRAWN)))
        raise
    for item in moved:
        item.unlink(missing_ok=True)
    return done


def _raw_files(
    con: duckdb.DuckDBPyConnection, evidence_id: int
) -> tuple[list[str], dict[str, str]]:
    """The raw-table files loaded from the evidence (``.../e<N>.parquet``) and their hashes."""
    rows = con.execute(
        "SELECT path, sha256 FROM raw_files WHERE path LIKE ? ORDER BY path",
        [f"%/e{evidence_id}.parquet"],
    ).fetchall()
    hashes = {str(p): str(h) for p, h in rows}
    con.execute("DELETE FROM raw_files WHERE path LIKE ?", [f"%/e{evidence_id}.parquet"])
    return list(hashes), hashes


def _set_aside(root: Path, files: list[str]) -> list[Path]:
    """Rename the files so that no view reads them any more; they are deleted after the commit
    (and renamed back if it fails)."""
    moved = []
    for relative in files:
        path = root / relative
        if path.exists():
            aside = path.with_name(path.name + _WITHDRAWN)
            path.rename(aside)
            moved.append(aside)
    return moved


def _rebuild_views(con: duckdb.DuckDBPyConnection, evidence_id: int) -> None:
    """Make each raw table the evidence filled read only its other files, or drop its view
    when it has none."""
    tables = con.execute(
        "SELECT market_id, raw_schema, table_name FROM raw_tables WHERE evidence_id = ?",
        [evidence_id],
    ).fetchall()
    for market, schema, table in tables:
        files = column(
            con,
            "SELECT path FROM raw_files WHERE market_id = ? AND table_name = ? ORDER BY path",
            [market, table],
        )
        if files:
            con.execute(view_sql(str(schema), str(table), [str(f) for f in files]))
        else:
            con.execute(f"DROP VIEW IF EXISTS {qualified(str(schema), str(table))}")


def _delete_rows(con: duckdb.DuckDBPyConnection, evidence_id: int) -> dict[str, int]:
    """Delete the evidence's rows from every table of the case store that names evidence."""
    tables = column(
        con,
        "SELECT c.table_schema || '.' || c.table_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_catalog, table_schema, table_name) "
        "WHERE c.column_name = 'evidence_id' AND t.table_type = 'BASE TABLE' "
        "AND c.table_schema = 'main' AND c.table_name <> 'evidence' ORDER BY 1",
    )
    removed: dict[str, int] = {}
    for name in tables:
        table = str(name).split(".", 1)[1]
        target = qualified("main", table)
        found = con.execute(
            f"SELECT count(*) FROM {target} WHERE evidence_id = ?", [evidence_id]
        ).fetchone()
        count = int(found[0]) if found else 0
        if count:
            con.execute(f"DELETE FROM {target} WHERE evidence_id = ?", [evidence_id])
            removed[table] = count
    return removed


def _forget_built_on(con: duckdb.DuckDBPyConnection, kind: str, market: Any) -> list[str]:
    """Make the stages that read this kind of evidence, and those after them, not done."""
    first = _FIRST_READER.get(kind)
    if first is None:
        return []
    reached = {first}
    for stage in STAGES:  # declared in an order that respects their dependencies
        if reached.intersection(stage.after):
            reached.add(stage.name)
    names: list[str] = []
    for stage in STAGES:
        if stage.name not in reached:
            continue
        if stage.name == "ingest" and market is not None:
            steps = ("ingest.raw", "ingest.map")
            if _done(con, "stage IN (?, ?) AND scope = ?", [*steps, str(market)]):
                names.append(f"ingest ({market})")
            for step in steps:
                forget(con, step, str(market))
            continue
        # the stage and its parts (``chain.add`` and ``chain.add.blocks``, ...)
        where, params = "stage = ? OR starts_with(stage, ?)", [stage.name, stage.name + "."]
        if _done(con, where, params):
            names.append(stage.name)
        con.execute(f"DELETE FROM meta.stages WHERE {where}", params)
    return names


def _done(con: duckdb.DuckDBPyConnection, where: str, params: list[str]) -> bool:
    found = con.execute(f"SELECT count(*) FROM meta.stages WHERE {where}", params).fetchone()
    return bool(found and found[0])
