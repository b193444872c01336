"""Both engines agree when Spark's shuffles cross processes: ``local-cluster[2,1,1024]`` starts
two executor processes of one core and 1 GiB each, as a standalone cluster would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from seized.case import Case
from seized.chain.change import HEURISTICS
from tests.spark.conftest import cluster_both, start_session, trace_both

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def spark() -> Iterator[Any]:
    session = start_session("local-cluster[2,1,1024]")
    yield session
    session.stop()


def test_same_clusters_and_trace_across_executors(small_case: Case, spark: Any) -> None:
    assert spark.sparkContext.master == "local-cluster[2,1,1024]"
    clusters = cluster_both(small_case, tuple(HEURISTICS))
    assert clusters["spark"]["partition"] == clusters["duckdb"]["partition"]
    assert clusters["spark"]["clusters"] == clusters["duckdb"]["clusters"]
    traced = trace_both(small_case, "fifo")
    assert traced["spark"]["money_flows"] == traced["duckdb"]["money_flows"]
    assert traced["spark"]["cashouts"] == traced["duckdb"]["cashouts"]
