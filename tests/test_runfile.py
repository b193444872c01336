"""`seized run CASE.toml` runs every stage; a second run redoes nothing that is already done."""

from __future__ import annotations

from pathlib import Path

import pytest

from seized.case import Case
from seized.runfile import load_case_file, run_case_file
from seized.synth import generate
from seized.verify import verify


@pytest.mark.slow
def test_second_run_redoes_nothing(tmp_path: Path) -> None:
    generate(tmp_path / "server", scale="small", seed=5)
    case_file = tmp_path / "server" / "case.toml"
    first = run_case_file(case_file, case_dir=tmp_path / "case", echo=lambda _: None)
    assert not any(r.skipped for r in first)
    stages = {r.stage for r in first}
    assert {"ingest.raw", "decrypt", "extract", "link", "trace", "rank"} <= stages
    second = run_case_file(case_file, case_dir=tmp_path / "case", echo=lambda _: None)
    assert [r for r in second if not r.skipped] == []
    assert len(second) == len(first)
    assert verify(Case.open(tmp_path / "case")).ok


def test_case_file_errors_name_the_file(tmp_path: Path) -> None:
    from seized.errors import InputError

    bad = tmp_path / "case.toml"
    bad.write_text("[case\nname = 1\n")
    with pytest.raises(InputError, match=r"case\.toml"):
        load_case_file(bad)
    bad.write_text('[[evidence]]\nmarket = "m"\n')
    with pytest.raises(InputError, match="no path"):
        load_case_file(bad)
