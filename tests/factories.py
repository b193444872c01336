"""Tiny builders shared by tests."""

from __future__ import annotations

from pathlib import Path

from seized.case import Case


def new_case(tmp_path: Path, name: str = "case") -> Case:
    return Case.init(tmp_path / name, actor="tester")


def write_csv_market(folder: Path, rows: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["id,username,role"] + [f"{i},user{i},buyer" for i in range(1, rows + 1)]
    (folder / "users.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
