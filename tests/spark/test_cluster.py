"""``chain cluster --engine spark`` on ``local[2]``: the same tables as the DuckDB engine, and
the bookkeeping of every stage (custody entry, skip, Parquet results, nothing half-written)."""

from __future__ import annotations

import itertools
import json
import math
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seized.case import Case
from seized.chain.change import HEURISTICS
from seized.chain.stage import ClusterOptions
from seized.errors import UserError
from seized.stages import run_stage
from seized.verify import verify
from tests.spark.conftest import cluster_both, partition, start_session, table_rows

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def spark() -> Iterator[Any]:
    session = start_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def clustered(small_base: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, Any]:
    """A copy of the small case clustered by both engines (Spark last), with all heuristics."""
    root = tmp_path_factory.mktemp("clustered") / "case"
    shutil.copytree(small_base, root)
    case = Case.open(root)
    return case, cluster_both(case, tuple(HEURISTICS))


def test_same_clusters_as_duckdb(clustered: tuple[Case, Any]) -> None:
    _case, seen = clustered
    duck, spark = seen["duckdb"], seen["spark"]
    assert duck["counts"]["links"] > 1000 and duck["counts"]["coinjoins"] > 0
    assert duck["counts"]["change_guesses"] > 0 and duck["counts"]["clusters"] > 100
    assert spark["partition"] == duck["partition"]
    assert spark["clusters"] == duck["clusters"]  # the ids too: MD5 of the smallest address
    for table in ("coinjoins", "change_outputs", "cluster_labels", "cluster_conflicts"):
        assert spark[table] == duck[table], table
    assert spark["counts"] == duck["counts"]


def test_custody_results_and_rerun(clustered: tuple[Case, Any]) -> None:
    case, _seen = clustered
    entry = case.custody.entries()[-1]
    assert entry["action"] == "chain.cluster"
    assert entry["details"]["engine"] == "spark"
    assert entry["details"]["component_rounds"] >= 1
    results = case.root / "spark" / "address_clusters"
    assert any(results.glob("*.parquet"))
    assert not (case.root / "spark" / "tmp").exists()
    with case.connect(read_only=True) as con:
        stored = con.execute(
            f"SELECT count(*) FROM read_parquet('{results}/*.parquet')"
        ).fetchall()[0][0]
    assert stored == len(table_rows(case, "address_clusters"))
    # the same inputs: skipped, whichever engine is asked (both give the same tables)
    change = tuple(HEURISTICS)
    assert run_stage(case, "chain.cluster", ClusterOptions(change=change)).skipped
    assert verify(case).ok


def test_progress_counts_the_jobs_tasks(small_case: Case) -> None:
    told: list[tuple[str, int, int]] = []
    options = ClusterOptions(engine="spark", progress=lambda *args: told.append(args))
    run_stage(small_case, "chain.cluster", options)
    assert told and {label for label, _, _ in told} == {"chain cluster: Spark tasks"}
    done = [d for _, d, _ in told]
    assert done == sorted(done)  # tasks done only grow; the plan may grow with new jobs
    assert all(d <= total for _, d, total in told)
    last = told[-1]
    assert last[1] == last[2] > 10  # at the end every planned task is done


def test_failed_job_leaves_the_tables(small_case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    run_stage(small_case, "chain.cluster", ClusterOptions())
    before = partition(small_case)
    import seized.spark.exchange as exchange

    real_load = exchange.Exchange.load

    def load_then_fail(self: exchange.Exchange, con: Any, table: str, **kw: Any) -> int:
        loaded = real_load(self, con, table, **kw)
        if table == "change_outputs":  # coinjoins and change loaded, clusters not yet
            raise RuntimeError("executor lost")
        return loaded

    monkeypatch.setattr(exchange.Exchange, "load", load_then_fail)
    with pytest.raises(RuntimeError, match="executor lost"):
        run_stage(small_case, "chain.cluster", ClusterOptions(engine="spark", force=True))
    assert partition(small_case) == before
    assert not (small_case.root / "spark" / "tmp").exists()
    assert json.loads(json.dumps(small_case.custody.entries()[-1]))["details"].get("engine") is None
    assert verify(small_case).ok


def test_bad_engine_settings(small_case: Case) -> None:
    with pytest.raises(UserError, match="unknown engine"):
        run_stage(small_case, "chain.cluster", ClusterOptions(engine="hadoop"))
    with pytest.raises(UserError, match="KEY=VALUE"):
        run_stage(small_case, "chain.cluster", ClusterOptions(engine="spark", spark_conf=("x",)))


def test_giant_component_and_peel_chain_take_few_rounds(spark: Any) -> None:
    """A hot wallet spending with 100,000 other addresses (one star) and a peel chain of 1,000
    steps linked through change (a path whose ids are shuffled, the hard case): two components,
    each labelled with its smallest id, in about log2 of the chain's length rounds."""
    from seized.spark.components import connected_components

    hub, others, steps = 50_000, 100_000, 1_000
    star = spark.range(0, others + 1).where(f"id != {hub}").selectExpr(f"{hub} AS src", "id AS dst")
    nodes = list(range(200_000, 200_000 + steps))
    random.Random(5).shuffle(nodes)
    chain = spark.createDataFrame(list(itertools.pairwise(nodes)), "src long, dst long")
    found = connected_components(star.union(chain))
    sizes = {r[0]: r[1] for r in found.labels.groupBy("component").count().collect()}
    assert sizes == {0: others + 1, 200_000: steps}
    assert found.labels.select("id").distinct().count() == others + 1 + steps
    assert 1 <= found.rounds <= math.ceil(math.log2(steps)), found.rounds
