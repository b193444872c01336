"""`seized link` gives the same persons, links and evidence in every run on the same input,
whatever Python's string hashing (a new seed per process) and DuckDB's threads do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.link.conftest import SynthCase

pytestmark = pytest.mark.slow


def _link(case: Path, hash_seed: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-m", "seized.cli", "link", str(case), "--force"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    with duckdb.connect(str(case / "case.duckdb"), read_only=True) as con:
        return {
            "persons": con.execute(
                "SELECT account_id, person_id, evidence::VARCHAR, review FROM persons "
                "ORDER BY account_id"
            ).fetchall(),
            "edges": con.execute(
                "SELECT account_a, account_b, rule, value, match_weight, probability, "
                "fields::VARCHAR, accepted, reason FROM link_edges ORDER BY ALL"
            ).fetchall(),
        }


def test_two_processes_with_other_string_hashing_link_alike(
    synth_case: SynthCase, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(synth_case.case, first)
    shutil.copytree(synth_case.case, second)
    one, two = _link(first, "1"), _link(second, "2")
    assert len(one["edges"]) > 50 and any(e[2] == "model" for e in one["edges"])
    assert one["edges"] == two["edges"]
    assert one["persons"] == two["persons"]  # the evidence JSON too, links in the same order
