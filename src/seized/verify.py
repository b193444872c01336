"""`seized verify`: evidence bytes, the custody chain and its signatures, every table, the
stages done, the raw-table files and the objects of the case store, re-checked.

What it proves depends on what it is given (docs/security.md): with the certificates of the
keys that sign the case's custody entries, that every entry was written by one of them and that
the store and the raw files are as the last entries describe them; without, only that the case
is consistent with itself, which whoever can write the case directory can arrange. An exported
head (``--anchor``) also catches a log cut back behind it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from seized.case import Case
from seized.custody import check_anchor, check_signatures, read_anchor
from seized.db import column
from seized.errors import SeizedError
from seized.evidence import hash_evidence, sha256_file
from seized.integrity import (
    StoreObject,
    digested_tables,
    is_system_schema,
    migrated_objects,
    store_objects,
    table_digest,
)
from seized.rawfiles import RAW_DIR, set_search_path, view_sql
from seized.signing import TrustedCerts
from seized.stages import Progress, phases


@dataclass
class VerifyReport:
    evidence_checked: int = 0
    log_entries: int = 0
    tables_checked: int = 0
    raw_files_checked: int = 0
    stages_checked: int = 0
    objects_checked: int = 0
    anchors_checked: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    signed_by: dict[str, int] = field(default_factory=dict)  # trusted fingerprint -> entries
    unsigned: list[int] = field(default_factory=list)  # entry numbers without a signature
    trusted: bool = False  # there were certificates to check the signatures against
    withdrawn: list[str] = field(default_factory=list)  # withdrawn evidence whose file is gone

    @property
    def ok(self) -> bool:
        """Nothing inconsistent was found (which alone anyone able to write the case can
        arrange: see :attr:`authenticated`)."""
        return not self.problems

    @property
    def authenticated(self) -> bool:
        """Consistent, and every custody entry signed by a trusted certificate."""
        return self.ok and self.trusted and not self.unsigned and self.log_entries > 0


#: the checks :func:`verify` reports as its progress, in order
CHECKS = (
    "custody log",
    "tables",
    "stages and store objects",
    "raw files and mappings",
    "evidence",
    "signatures and anchors",
)


def verify(
    case: Case,
    *,
    trusted: TrustedCerts | None = None,
    anchors: list[Path] | None = None,
    unsigned_ok: bool = False,
    progress: Progress | None = None,
) -> VerifyReport:
    """Check the case. With ``trusted`` certificates an unsigned custody entry is a problem
    (a warning with ``unsigned_ok``); an entry signed by another key always is. ``progress``
    is told each check as it ends (:func:`seized.stages.phases`)."""
    ended = phases(progress, "verify", CHECKS)
    report = VerifyReport(trusted=bool(trusted))
    entries = _check_log(case, report)
    ended("custody log")
    with case.connect(read_only=True) as con:
        _check_head(con, report)
        _check_tables(con, entries, report)
        ended("tables")
        _check_stages(con, entries, report)
        _check_objects(con, case.root, report)
        ended("stages and store objects")
        raw_files = con.execute(
            "SELECT path, rows, bytes, sha256 FROM raw_files ORDER BY path"
        ).fetchall()
        evidence = con.execute(
            "SELECT evidence_id, path, sha256, bytes, withdrawn_at IS NOT NULL FROM evidence "
            "ORDER BY evidence_id"
        ).fetchall()
        mappings = con.execute(
            "SELECT market_id, mapping_path, mapping_sha256 FROM markets "
            "WHERE mapping_path IS NOT NULL ORDER BY 1"
        ).fetchall()
    _check_raw_files(case.root, raw_files, report)
    _check_mappings(case.root, mappings, report)
    ended("raw files and mappings")
    _check_evidence(evidence, report)
    ended("evidence")
    from seized.web.audit import problems as workbench_problems

    report.problems += workbench_problems(case.root)
    if trusted:
        _check_signatures(entries, trusted, unsigned_ok, report)
    else:
        report.warnings.append(
            "no trusted certificate given (--cert): this checks only that the case is "
            "consistent with itself, which anyone with write access to the case directory can "
            "arrange; it proves nothing about who wrote it"
        )
    for path in anchors or []:
        _check_one_anchor(case, entries, path, trusted or TrustedCerts({}, {}), report)
    ended("signatures and anchors")
    return report


def _check_log(case: Case, report: VerifyReport) -> list[dict[str, Any]]:
    log_problems, count, _ = case.custody.check()
    report.log_entries = count
    for problem in log_problems:
        report.problems.append(f"custody log line {problem.line}: {problem.problem}")
    try:
        return case.custody.entries()
    except SeizedError:
        return []  # a line that is not JSON: reported above


def _check_head(con: duckdb.DuckDBPyConnection, report: VerifyReport) -> None:
    head = con.execute("SELECT entries, last_hash FROM meta.custody_head").fetchone()
    pending = column(con, "SELECT action FROM meta.custody_pending ORDER BY pending_id")
    if pending:
        report.problems.append(
            f"custody: {len(pending)} committed steps ({', '.join(pending)}) are not in the "
            "custody log yet (a stage was interrupted after its commit, or the case signs its "
            "entries and no signing key was set); opening the case with its key appends them"
        )
    if head is None:
        report.problems.append("the case store has no record of the custody log's head")
        return
    entries, _ = head
    if report.log_entries < entries:
        report.problems.append(
            f"custody log has {report.log_entries} entries but the case store recorded "
            f"{entries}: entries were deleted from its end"
        )
    elif report.log_entries > entries:
        report.problems.append(
            f"custody log has {report.log_entries} entries but the case store recorded "
            f"{entries}: entries were added outside seized (or a stage was interrupted while "
            "logging)"
        )


def _check_tables(
    con: duckdb.DuckDBPyConnection, entries: list[dict[str, Any]], report: VerifyReport
) -> None:
    """Every table as the last custody entry that recorded it says it was."""
    logged: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, entry in enumerate(entries, start=1):
        tables = entry.get("tables")
        if isinstance(tables, dict):
            for name, value in tables.items():
                if isinstance(value, dict):
                    logged[str(name)] = (number, value)
    for table in digested_tables(con):
        report.tables_checked += 1
        now = table_digest(con, table)
        if table not in logged:
            report.problems.append(
                f"table {table}: no custody entry records its content ({now.rows} rows now)"
            )
            continue
        number, then = logged[table]
        if (now.rows, now.sha256) != (then.get("rows"), then.get("sha256")):
            report.problems.append(
                f"table {table} changed outside seized: {now.rows} rows now, {then.get('rows')} "
                f"when custody entry {number} recorded it, and its digest differs (or a stage "
                "that writes it was interrupted: run it again)"
            )


def _check_stages(
    con: duckdb.DuckDBPyConnection, entries: list[dict[str, Any]], report: VerifyReport
) -> None:
    """Every stage marked done has the custody entry committed with it (which names the rows
    of meta.stages it marked done)."""
    logged = set()
    for entry in entries:
        logged |= _done_rows(entry)
    pending = set()
    for (text,) in con.execute("SELECT entry FROM meta.custody_pending").fetchall():
        try:
            pending |= _done_rows(json.loads(text))
        except json.JSONDecodeError:
            continue
    for stage, scope, fingerprint, finished in con.execute(
        "SELECT stage, scope, fingerprint, finished_at FROM meta.stages ORDER BY finished_at"
    ).fetchall():
        report.stages_checked += 1
        key = (str(stage), str(scope), str(fingerprint), str(finished))
        if key in logged or key in pending:  # pending ones are reported as such
            continue
        label = f"{stage} ({scope})" if scope else str(stage)
        report.problems.append(
            f"stage {label} is marked done (at {finished}) but no custody entry records that "
            "run: its results were put in the store outside seized"
        )


def _done_rows(entry: Any) -> set[tuple[str, ...]]:
    details = entry.get("details") if isinstance(entry, dict) else None
    rows = details.get("done") if isinstance(details, dict) else None
    if not isinstance(rows, list):
        return set()
    return {tuple(str(v) for v in row) for row in rows if isinstance(row, list) and len(row) == 4}


def _check_objects(con: duckdb.DuckDBPyConnection, root: Path, report: VerifyReport) -> None:
    """Objects in the store that seized did not create: anything but the migrations' objects,
    the raw schemas of the markets and one view per loaded raw table over its files."""
    expected = {(o.kind, o.schema, o.name): o for o in migrated_objects()}
    raw_schemas = set(
        column(con, "SELECT raw_schema FROM markets UNION SELECT raw_schema FROM raw_tables")
    )
    files: dict[tuple[str, str], list[str]] = {}
    for schema, table, path in con.execute(
        "SELECT raw_schema, table_name, path FROM raw_files ORDER BY path"
    ).fetchall():
        files.setdefault((str(schema), str(table)), []).append(str(path))
    views = _expected_views(root, files)
    found = store_objects(con)
    seen = set()
    for obj in found:
        report.objects_checked += 1
        key = (obj.kind, obj.schema, obj.name)
        seen.add(key)
        if key in expected:
            if obj.kind == "table" and obj.sql != expected[key].sql:
                report.problems.append(
                    f"table {obj.label} was altered: its definition is not the one seized's "
                    "migrations create"
                )
            continue
        if obj.kind == "schema" and (obj.name in raw_schemas or is_system_schema(obj.name)):
            continue
        if obj.kind == "view" and (obj.schema, obj.name) in files:
            wanted = views.get((obj.schema, obj.name))
            if wanted is not None and wanted != obj.sql:
                report.problems.append(
                    f"view {obj.label} does not read the raw table's recorded files: {obj.sql}"
                )
            continue
        report.problems.append(f"unknown {_describe(obj)} in the case store: not created by seized")
    for (schema, table), _ in sorted(files.items()):
        if ("view", schema, table) not in seen:
            report.problems.append(f"raw table {schema}.{table} has files but no view")
    for key, obj in expected.items():
        if key not in seen:
            report.problems.append(f"{obj.kind} {obj.label} is missing from the case store")


def _describe(obj: StoreObject) -> str:
    return f"{obj.kind} {obj.label}"


def _expected_views(root: Path, files: dict[tuple[str, str], list[str]]) -> dict[Any, str]:
    """The definitions DuckDB keeps for the raw views seized makes (made again in memory over
    the same files; a view whose files are missing is left out: the files are reported)."""
    out: dict[tuple[str, str], str] = {}
    con = duckdb.connect(":memory:")
    try:
        set_search_path(con, root)
        for (schema, table), paths in files.items():
            try:
                con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema.replace(chr(34), 2 * chr(34))}"')
                con.execute(view_sql(schema, table, paths))
            except duckdb.Error:
                continue
            row = con.execute(
                "SELECT sql FROM duckdb_views() WHERE schema_name = ? AND view_name = ?",
                [schema, table],
            ).fetchone()
            if row:
                out[(schema, table)] = str(row[0])
    finally:
        con.close()
    return out


def _check_raw_files(root: Path, raw_files: list[Any], report: VerifyReport) -> None:
    known = set()
    for relative, rows, size, sha in raw_files:
        report.raw_files_checked += 1
        known.add(str(relative))
        trouble = _raw_file_problem(root / str(relative), int(size), str(sha))
        if trouble:
            report.problems.append(f"raw table file {relative} ({rows} rows): {trouble}")
    folder = root / RAW_DIR
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_dir() and not path.is_symlink():
                continue
            relative = path.relative_to(root).as_posix()
            if relative not in known:
                report.problems.append(
                    f"unknown file {relative} in the raw-table folder: not written by seized"
                )


def _raw_file_problem(path: Path, size: int, sha: str) -> str | None:
    if path.is_symlink():
        return "is a symbolic link, not the file seized wrote"
    if not path.is_file():
        return "missing"
    now = sha256_file(path)
    if now.sha256 != sha:
        return (
            f"changed outside seized (SHA-256 {now.sha256}, recorded {sha}; "
            f"{now.bytes} bytes now, {size} then)"
        )
    return None


def _check_mappings(root: Path, mappings: list[Any], report: VerifyReport) -> None:
    for market, path, sha in mappings:
        target = Path(str(path))
        if not target.is_file():
            target = root / "mappings" / target.name  # the case directory was moved
        if not target.is_file():
            report.problems.append(f"mapping of market {market} ({path}): missing")
        elif sha256_file(target).sha256 != sha:
            report.problems.append(
                f"mapping of market {market} ({target}): changed since it was set"
            )


def _check_evidence(evidence: list[Any], report: VerifyReport) -> None:
    for evidence_id, path, sha, size, withdrawn in evidence:
        report.evidence_checked += 1
        target = Path(path)
        if not target.exists() and not target.is_symlink():
            if withdrawn:
                report.withdrawn.append(f"evidence #{evidence_id} {path}: withdrawn, file gone")
                continue
            report.problems.append(f"evidence #{evidence_id} {path}: missing")
            continue
        try:
            now_sha, now_size, _ = hash_evidence(target)
        except SeizedError as exc:
            report.problems.append(f"evidence #{evidence_id}: {exc}")
            continue
        if now_sha != sha:
            report.problems.append(
                f"evidence #{evidence_id} {path}: content changed (SHA-256 {now_sha}, "
                f"registered {sha}; {now_size} bytes now, {size} then)"
            )


def _check_signatures(
    entries: list[dict[str, Any]], trusted: TrustedCerts, unsigned_ok: bool, report: VerifyReport
) -> None:
    checked = check_signatures(entries, trusted)
    report.signed_by = checked.signed
    report.unsigned = checked.unsigned
    for problem in checked.problems:
        report.problems.append(f"custody entry {problem.line}: {problem.problem}")
    if checked.unsigned:
        which = (
            f"custody entry {checked.unsigned[0]} is"
            if len(checked.unsigned) == 1
            else f"custody entries {_ranges(checked.unsigned)} are"
        )
        text = (
            f"{which} not signed: anyone with write access to the case directory could have "
            "written them"
        )
        (report.warnings if unsigned_ok else report.problems).append(text)


def _check_one_anchor(
    case: Case,
    entries: list[dict[str, Any]],
    path: Path,
    trusted: TrustedCerts,
    report: VerifyReport,
) -> None:
    try:
        anchor = read_anchor(path, trusted)
    except SeizedError as exc:
        report.problems.append(f"anchor {exc}")
        return
    report.anchors_checked += 1
    for problem in check_anchor(entries, anchor.head, case.name):
        report.problems.append(f"anchor {path}: {problem}")
    if anchor.signer is None:
        report.warnings.append(f"anchor {path}: {anchor.note}")


def _ranges(numbers: list[int]) -> str:
    """'1-3, 7' for [1, 2, 3, 7]."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)
