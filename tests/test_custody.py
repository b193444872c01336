from __future__ import annotations

import json
from pathlib import Path

from seized.custody import GENESIS, CustodyLog, entry_hash


def _log(tmp_path: Path, n: int = 3) -> CustodyLog:
    log = CustodyLog(tmp_path / "custody.jsonl")
    for i in range(n):
        log.append(f"action{i}", actor="alice", inputs=[{"path": f"f{i}", "sha256": "ab" * 32}])
    return log


def _lines(log: CustodyLog) -> list[str]:
    return log.path.read_text(encoding="utf-8").splitlines()


def test_chain_links_each_entry_to_the_previous(tmp_path: Path) -> None:
    log = _log(tmp_path)
    entries = log.entries()
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev"] == GENESIS
    assert entries[1]["prev"] == entries[0]["hash"]
    assert all(entry_hash(e) == e["hash"] for e in entries)
    assert entries[0]["actor"] == "alice" and entries[0]["seized_version"]
    problems, count, last = log.check()
    assert problems == [] and count == 3 and last == entries[2]["hash"]


def test_edited_entry_is_found(tmp_path: Path) -> None:
    log = _log(tmp_path)
    lines = _lines(log)
    entry = json.loads(lines[1])
    entry["actor"] = "mallory"
    lines[1] = json.dumps(entry, sort_keys=True)
    log.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems, _, _ = log.check()
    assert [p.line for p in problems] == [2]
    assert "edited" in problems[0].problem


def test_reordered_entries_are_found(tmp_path: Path) -> None:
    log = _log(tmp_path)
    lines = _lines(log)
    lines[0], lines[1] = lines[1], lines[0]
    log.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems, _, _ = log.check()
    assert problems and {p.line for p in problems} >= {1}


def test_deleted_middle_entry_is_found(tmp_path: Path) -> None:
    log = _log(tmp_path)
    lines = _lines(log)
    del lines[1]
    log.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems, count, _ = log.check()
    assert count == 2
    assert any("deleted" in p.problem for p in problems)
