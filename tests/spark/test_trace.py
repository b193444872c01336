"""``trace --engine spark`` on ``local[2]``: the same money flows, cash-outs and counts as the
DuckDB engine for haircut and poison on the small synthetic case (FIFO across executors, in
test_local_cluster)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seized.case import Case
from seized.chain.stage import ClusterOptions, TraceOptions
from seized.errors import UserError
from seized.stages import run_stage
from seized.verify import verify
from tests.spark.conftest import start_session, trace_both

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def spark() -> Iterator[Any]:
    session = start_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def clustered(small_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Case:
    root = tmp_path_factory.mktemp("traced") / "case"
    shutil.copytree(small_base, root)
    case = Case.open(root)
    run_stage(case, "chain.cluster", ClusterOptions())
    return case


@pytest.mark.parametrize("model", ["haircut", "poison"])  # FIFO: test_local_cluster
def test_same_flows_and_cashouts_as_duckdb(clustered: Case, model: str) -> None:
    seen = trace_both(clustered, model)
    duck, spark = seen["duckdb"], seen["spark"]
    assert len(duck["cashouts"]) > 50 and len(duck["money_flows"]) > 300
    assert spark["money_flows"] == duck["money_flows"]
    assert spark["cashouts"] == duck["cashouts"]
    assert spark["counts"] == duck["counts"]
    entry = clustered.custody.entries()[-1]
    assert entry["details"]["engine"] == "spark" and entry["details"]["hop_steps"] > 2
    assert verify(clustered).ok


def test_one_start_stays_with_duckdb(clustered: Case) -> None:
    options = TraceOptions(start="address:1abc", engine="spark")
    with pytest.raises(UserError, match="Spark engine traces every payout"):
        run_stage(clustered, "trace", options)
