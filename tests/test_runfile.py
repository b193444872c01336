"""`seized run CASE.toml` runs every stage; a second run redoes nothing that is already done."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from seized.case import Case
from seized.cli import cli
from seized.runfile import load_case_file, run_case_file
from seized.synth import generate
from seized.verify import verify


@pytest.mark.slow
def test_second_run_redoes_nothing(tmp_path: Path) -> None:
    generate(tmp_path / "server", scale="small", seed=5)
    case_file = tmp_path / "server" / "case.toml"
    # the first run from the command line, showing each stage's progress
    command = ["run", str(case_file), "--case", str(tmp_path / "case"), "--progress", "plain"]
    shown = CliRunner().invoke(cli, command)
    assert shown.exit_code == 0, shown.output
    lines = shown.stderr.splitlines()
    for stage in ("keys import:", "extract ", "chain add:", "cluster:", "link:", "rank:"):
        assert any(line.startswith(stage) for line in lines), stage
    assert any(line.startswith("trace ") and " hops " in line for line in lines)
    assert any(line.endswith(" MB/s") for line in lines)  # ingest: bytes read
    assert "rank: done" in shown.stdout
    second = run_case_file(case_file, case_dir=tmp_path / "case", echo=lambda _: None)
    assert second and [r for r in second if not r.skipped] == []
    assert {"ingest.raw", "decrypt", "extract", "link", "trace", "rank"} <= {
        r.stage for r in second
    }
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
