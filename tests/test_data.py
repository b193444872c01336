"""The real public test data in tests/data is complete, unchanged and documented."""

from __future__ import annotations

import hashlib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
NOT_DATA = {"README.md", "SHA256SUMS", ".gitattributes"}


def _data_files() -> list[str]:
    return sorted(
        p.relative_to(DATA).as_posix()
        for p in DATA.rglob("*")
        if p.is_file() and p.name not in NOT_DATA
    )


def _sums() -> dict[str, str]:
    sums = {}
    for line in (DATA / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    return sums


def test_every_data_file_has_its_recorded_sha256() -> None:
    files = _data_files()
    sums = _sums()
    assert files == sorted(sums), "tests/data and tests/data/SHA256SUMS list different files"
    for name in files:
        digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
        assert digest == sums[name], f"tests/data/{name} changed"


def test_the_readme_names_every_data_file() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _data_files() if Path(name).name not in readme]
    assert not missing, f"tests/data/README.md does not name {missing}"
