"""`seized verify`: evidence bytes, the custody chain, the canonical tables and the raw-table
files, re-checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seized.case import Case
from seized.db import column
from seized.evidence import hash_evidence
from seized.model import table_checksum


@dataclass
class VerifyReport:
    evidence_checked: int = 0
    log_entries: int = 0
    tables_checked: int = 0
    raw_files_checked: int = 0
    problems: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)  # withdrawn evidence whose file is gone

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(case: Case) -> VerifyReport:
    report = VerifyReport()
    with case.connect(read_only=True) as con:
        evidence = con.execute(
            "SELECT evidence_id, path, sha256, bytes, withdrawn_at IS NOT NULL FROM evidence "
            "ORDER BY evidence_id"
        ).fetchall()
        head = con.execute("SELECT entries, last_hash FROM meta.custody_head").fetchone()
        checksums = con.execute(
            "SELECT table_name, row_count, checksum FROM meta.checksums ORDER BY table_name"
        ).fetchall()
        for table, rows, checksum in checksums:
            report.tables_checked += 1
            now_rows, now_sum = table_checksum(con, str(table))
            if (now_rows, now_sum) != (rows, checksum):
                report.problems.append(
                    f"table {table} changed outside seized: {now_rows} rows now, {rows} when its "
                    "last stage ended, and the checksum differs"
                )
        raw_files = con.execute(
            "SELECT path, rows, bytes, sha256 FROM raw_files ORDER BY path"
        ).fetchall()
        pending = column(con, "SELECT action FROM meta.custody_pending ORDER BY pending_id")
    if pending:
        report.problems.append(
            f"custody: {len(pending)} committed steps ({', '.join(pending)}) are not in the "
            "custody log yet (a stage was interrupted after its commit); opening the case "
            "appends them"
        )
    for relative, rows, size, sha in raw_files:
        report.raw_files_checked += 1
        trouble = _raw_file_problem(case.root / str(relative), int(size), str(sha))
        if trouble:
            report.problems.append(f"raw table file {relative} ({rows} rows): {trouble}")
    for evidence_id, path, sha, size, withdrawn in evidence:
        report.evidence_checked += 1
        target = Path(path)
        if not target.exists():
            if withdrawn:
                report.withdrawn.append(f"evidence #{evidence_id} {path}: withdrawn, file gone")
                continue
            report.problems.append(f"evidence #{evidence_id} {path}: missing")
            continue
        now_sha, now_size, _ = hash_evidence(target)
        if now_sha != sha:
            report.problems.append(
                f"evidence #{evidence_id} {path}: content changed (SHA-256 {now_sha}, "
                f"registered {sha}; {now_size} bytes now, {size} then)"
            )
    log_problems, count, last = case.custody.check()
    report.log_entries = count
    for problem in log_problems:
        report.problems.append(f"custody log line {problem.line}: {problem.problem}")
    if head is None:
        report.problems.append("the case store has no record of the custody log's head")
    else:
        entries, last_hash = head
        if count < entries:
            report.problems.append(
                f"custody log has {count} entries but the case store recorded {entries}: "
                "entries were deleted from its end"
            )
        elif count > entries:
            report.problems.append(
                f"custody log has {count} entries but the case store recorded {entries}: "
                "entries were added outside seized (or a stage was interrupted while logging)"
            )
        elif last != last_hash and not log_problems:
            report.problems.append(
                "the custody log's last entry is not the one the case store recorded"
            )
    return report


def _raw_file_problem(path: Path, size: int, sha: str) -> str | None:
    if not path.is_file():
        return "missing"
    now_sha, now_size, _ = hash_evidence(path)
    if now_sha != sha:
        return (
            f"changed outside seized (SHA-256 {now_sha}, recorded {sha}; "
            f"{now_size} bytes now, {size} then)"
        )
    return None
