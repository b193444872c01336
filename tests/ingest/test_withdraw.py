"""`seized evidence withdraw`: the wrong file leaves the case, the record of it does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.factories import new_case

from seized.case import Case
from seized.errors import UserError
from seized.ingest.stage import IngestOptions, ingest_stage
from seized.ingest.withdraw import withdraw_evidence
from seized.register import add_evidence
from seized.verify import verify

MAPPING = """\
mapping: 1
software: shop
tables:
  accounts:
    source: [users, buyers]
    select: |
      SELECT id AS native_id, username, role_of(role) AS role FROM source
"""


def _shop(folder: Path, first: int, count: int) -> Path:
    folder.mkdir(parents=True)
    rows = [f"{i},user{i},buyer" for i in range(first, first + count)]
    (folder / "users.csv").write_text("id,username,role\n" + "\n".join(rows) + "\n", "utf-8")
    return folder


def _case(tmp_path: Path) -> tuple[Case, Path, Path]:
    """A case with market 'shop' (evidence #1) and market 'wrong' (evidence #2), ingested."""
    case = new_case(tmp_path)
    shop = _shop(tmp_path / "shop", 1, 5)
    wrong = _shop(tmp_path / "wrong", 100, 7)
    mapping = tmp_path / "shop.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    add_evidence(case, [shop], market="shop", mapping=str(mapping))
    add_evidence(case, [wrong], market="wrong", mapping=str(mapping))
    ingest_stage(case, IngestOptions())
    return case, shop, wrong


def _one(case: Case, sql: str) -> object:
    with case.connect(read_only=True) as con:
        row = con.execute(sql).fetchone()
    return row[0] if row else None


def test_withdrawal_removes_rows_and_files_and_keeps_the_record(tmp_path: Path) -> None:
    case, _, _ = _case(tmp_path)
    files = sorted(p.relative_to(case.root) for p in (case.root / "raw").rglob("*.parquet"))
    assert len(files) == 2
    entries_before = case.custody.entries()
    done = withdraw_evidence(case, 2, "a test shop export, not the seized market")
    assert done.rows == {"accounts": 7, "raw_tables": 1}
    assert done.raw_files == ["raw/raw_wrong/users/e2.parquet"]
    assert not (case.root / "raw/raw_wrong/users/e2.parquet").exists()
    assert (case.root / "raw/raw_shop/users/e1.parquet").exists()
    assert _one(case, "SELECT count(*) FROM accounts WHERE market_id = 'wrong'") == 0
    assert _one(case, "SELECT count(*) FROM accounts WHERE market_id = 'shop'") == 5
    assert _one(case, "SELECT count(*) FROM raw_files") == 1
    assert _one(case, "SELECT count(*) FROM information_schema.tables "
                      "WHERE table_schema = 'raw_wrong'") == 0  # fmt: skip
    assert _one(case, "SELECT withdrawn_reason FROM evidence WHERE evidence_id = 2") == (
        "a test shop export, not the seized market"
    )
    assert _one(case, "SELECT withdrawn_at IS NULL FROM evidence WHERE evidence_id = 1") is True
    stages = _one(case, "SELECT list(stage || ' ' || scope ORDER BY stage) FROM meta.stages")
    assert stages is not None and "ingest.raw wrong" not in stages  # type: ignore[operator]
    assert "ingest.raw shop" in stages  # type: ignore[operator]
    # the log keeps everything and adds the withdrawal
    entries = case.custody.entries()
    assert entries[: len(entries_before)] == entries_before
    last = entries[-1]
    assert last["action"] == "evidence.withdraw"
    assert last["details"]["reason"] == "a test shop export, not the seized market"
    assert last["details"]["raw_files_removed"][0]["path"] == "raw/raw_wrong/users/e2.parquet"
    [added] = [e for e in entries if e["action"] == "add" and e["details"]["evidence_id"] == 2]
    assert last["inputs"][0]["sha256"] == added["details"]["sha256"]
    report = verify(case)
    assert report.ok, report.problems
    assert report.withdrawn == []  # the file is still there, and checked


def test_verify_reports_a_withdrawn_file_as_withdrawn_and_still_checks_it(tmp_path: Path) -> None:
    case, _, wrong = _case(tmp_path)
    withdraw_evidence(case, 2, "wrong file")
    (wrong / "users.csv").write_text("id,username,role\n1,changed,buyer\n", encoding="utf-8")
    report = verify(case)
    assert any("evidence #2" in p and "content changed" in p for p in report.problems)
    (wrong / "users.csv").unlink()
    wrong.rmdir()
    report = verify(case)
    assert report.ok, report.problems
    assert report.withdrawn == [f"evidence #2 {wrong}: withdrawn, file gone"]


def test_ingest_after_withdrawal_rebuilds_from_what_remains(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    first = _shop(tmp_path / "a", 1, 5)
    second = _shop(tmp_path / "b", 50, 3)
    (second / "users.csv").rename(second / "buyers.csv")
    mapping = tmp_path / "shop.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    add_evidence(case, [first], market="shop", mapping=str(mapping))
    add_evidence(case, [second], market="shop")
    ingest_stage(case, IngestOptions())
    assert _one(case, "SELECT count(*) FROM raw_shop.buyers") == 3
    withdraw_evidence(case, 1, "the wrong copy")
    result = ingest_stage(case, IngestOptions())
    assert not any(part.skipped for part in result.parts if part.stage == "ingest.raw")
    assert _one(case, "SELECT count(*) FROM raw_tables") == 1
    assert _one(case, "SELECT count(*) FROM raw_shop.buyers") == 3
    assert verify(case).ok
    # the same file may be registered again, now as new evidence
    [again] = add_evidence(case, [first], market="shop")
    assert again.evidence_id == 3


def test_what_cannot_be_withdrawn(tmp_path: Path) -> None:
    case, _, _ = _case(tmp_path)
    with pytest.raises(UserError, match="no evidence #9"):
        withdraw_evidence(case, 9, "typo")
    with pytest.raises(UserError, match="say why"):
        withdraw_evidence(case, 1, "  ")
    withdraw_evidence(case, 2, "wrong file")
    with pytest.raises(UserError, match="withdrawn already"):
        withdraw_evidence(case, 2, "again")


def test_the_command(tmp_path: Path) -> None:
    case, _, _ = _case(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "seized.cli", "evidence", "withdraw", str(case.root), "2",
         "--reason", "wrong file"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "#2 users.csv" not in done.stdout and "#2 wrong: withdrawn" in done.stdout
    assert "accounts: 7 rows" in done.stdout and "raw_tables: 1 row\n" in done.stdout
    assert "  to run again: ingest (wrong)\n" in done.stdout  # the stages that had run
    again = subprocess.run(
        [sys.executable, "-m", "seized.cli", "evidence", "withdraw", str(case.root), "2",
         "--reason", "x"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 2 and "withdrawn already" in again.stderr
