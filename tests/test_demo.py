"""`seized demo` (what `make demo` runs) works from nothing and says what it found."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_demo_builds_and_ingests_a_synthetic_case(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, "-m", "seized.cli", "demo", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for market in ("silkway", "hydrant", "nightowl"):
        assert f"market {market}:" in text
    assert "ingest.map silkway: done" in text
    assert f"workbench: seized serve {(out / 'case').resolve()}" in text
    assert "log in as demo, password " in text
    verify = subprocess.run(
        [sys.executable, "-m", "seized.cli", "verify", str(out / "case"), "--unsigned-ok"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    # a second demo run replaces the first
    again = subprocess.run(
        [sys.executable, "-m", "seized.cli", "demo", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
