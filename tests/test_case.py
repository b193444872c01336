from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from seized.case import Case
from seized.errors import UserError
from seized.register import add_evidence
from seized.verify import verify
from tests.factories import new_case, write_csv_market


def test_init_creates_store_log_and_key(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    assert case.store_path.exists()
    entries = case.custody.entries()
    assert entries[0]["action"] == "init"
    key = case.root / "keys" / "case-key.asc"
    assert key.read_text().startswith("-----BEGIN PGP PRIVATE KEY BLOCK-----")
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert entries[0]["details"]["case_key"]
    with pytest.raises(UserError):
        Case.init(case.root)


def test_open_refuses_a_directory_that_is_not_a_case(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a seized case"):
        Case.open(tmp_path)


def test_add_hashes_and_logs_each_file(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    folder = write_csv_market(tmp_path / "dump")
    (reg,) = add_evidence(case, [folder], market="mk")
    assert reg.kind == "dump" and reg.format == "csv" and reg.market == "mk"
    entry = case.custody.entries()[-1]
    assert entry["action"] == "add"
    assert entry["inputs"][0]["path"].endswith("users.csv")
    assert len(entry["inputs"][0]["sha256"]) == 64
    with pytest.raises(UserError, match="already registered"):
        add_evidence(case, [folder], market="mk")


def test_verify_is_clean_then_finds_changed_evidence(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    folder = write_csv_market(tmp_path / "dump")
    add_evidence(case, [folder], market="mk")
    assert verify(case).ok
    users = folder / "users.csv"
    data = bytearray(users.read_bytes())
    data[5] ^= 1
    users.write_bytes(bytes(data))
    report = verify(case)
    assert not report.ok
    assert any("content changed" in p for p in report.problems)


def test_verify_finds_a_deleted_last_log_entry(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    add_evidence(case, [write_csv_market(tmp_path / "dump")], market="mk")
    lines = case.custody.path.read_text().splitlines()
    case.custody.path.write_text("\n".join(lines[:-1]) + "\n")
    report = verify(case)
    assert any("deleted from its end" in p for p in report.problems)


def test_verify_finds_a_table_changed_outside_seized(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    add_evidence(case, [write_csv_market(tmp_path / "dump")], market="mk")
    with case.connect() as con:
        con.execute("UPDATE evidence SET name = 'other.csv'")
    report = verify(case)
    assert any("table evidence changed outside seized" in p for p in report.problems)


def test_case_json_records_the_version(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    meta = json.loads((case.root / "case.json").read_text())
    assert meta["seized_version"] and meta["name"] == "case"
