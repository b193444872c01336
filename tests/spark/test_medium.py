"""Both engines on the medium synthetic case (20,000 accounts, 65,000 chain transactions):
the same address clusters, money flows and cash-outs, and persons of the same quality (link F1
within 0.005) from the same hard links.

These take minutes, not seconds, so they carry the ``medium`` mark besides ``slow``:
``pytest -m medium tests/spark`` runs them alone, ``-m "not medium"`` leaves them out. The case
is built once per run (:func:`tests.spark.conftest.medium_base`) and each test works on its own
copy, so they may run on different workers.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from seized.case import Case
from seized.chain.change import HEURISTICS
from seized.chain.stage import TraceOptions
from seized.db import quote_literal
from seized.link.evaluate import Truth, evaluate, load_truth
from seized.link.options import LinkOptions
from seized.stages import run_stage
from seized.verify import verify
from tests.spark.conftest import cluster_both, start_session
from tests.spark.test_link import _seen

pytestmark = [pytest.mark.slow, pytest.mark.medium]

#: the largest difference in pairwise F1 between the engines' persons
F1_TOLERANCE = 0.005
#: the hop limit of the traces compared
TRACE_HOPS = 2


@pytest.fixture(scope="module", autouse=True)
def spark() -> Iterator[Any]:
    from seized.spark.link import jars

    session = start_session("local[2]", jars())
    yield session
    session.stop()


@pytest.fixture
def medium_case(medium_base: Path, tmp_path: Path) -> Case:
    """A copy of the medium case for one test."""
    shutil.copytree(medium_base, tmp_path / "case")
    return Case.open(tmp_path / "case")


def test_same_clusters_as_duckdb(medium_case: Case) -> None:
    seen = cluster_both(medium_case, tuple(HEURISTICS))
    duck, spark = seen["duckdb"], seen["spark"]
    # the medium case's chain: many more links, clusters and CoinJoins than the small one
    assert duck["counts"]["links"] > 100_000 and duck["counts"]["clusters"] > 10_000
    assert duck["counts"]["coinjoins"] > 500 and duck["counts"]["change_guesses"] > 10_000
    assert spark["partition"] == duck["partition"]
    assert spark["clusters"] == duck["clusters"]
    for table in ("coinjoins", "change_outputs", "cluster_labels", "cluster_conflicts"):
        assert spark[table] == duck[table], table
    assert spark["counts"] == duck["counts"]


def test_same_flows_and_cashouts_as_duckdb(medium_case: Case, tmp_path: Path) -> None:
    """Haircut, two hops: 170,000 flows and 57,000 cash-outs. Five hops give 2.5 million flows
    and take Spark ten minutes on two cores, through the same code: peel chains make a dozen
    hop steps either way."""
    counts: dict[str, dict[str, Any]] = {}
    for engine in ("duckdb", "spark"):
        options = TraceOptions(model="haircut", max_hops=TRACE_HOPS, engine=engine, force=True)
        counts[engine] = run_stage(medium_case, "trace", options).counts
        with medium_case.connect(read_only=True) as con:
            for table in ("money_flows", "cashouts"):
                where = tmp_path / f"{engine}_{table}.parquet"
                con.execute(
                    f"COPY (SELECT * FROM {table} WHERE model = 'haircut') "
                    f"TO {quote_literal(str(where))} (FORMAT parquet)"
                )
    assert counts["spark"] == counts["duckdb"]
    assert counts["duckdb"]["persons_flows"] > 10_000
    assert counts["duckdb"]["persons_cashouts"] > 1000
    details = medium_case.custody.entries()[-1]["details"]
    assert details["engine"] == "spark" and details["hop_steps"] > TRACE_HOPS
    with duckdb.connect() as con:
        for table in ("money_flows", "cashouts"):
            duck, spark = (
                f"read_parquet({quote_literal(str(tmp_path / f'{e}_{table}.parquet'))})"
                for e in ("duckdb", "spark")
            )
            # every row alike, duplicates counted, in both directions
            differ = con.execute(
                f"SELECT (SELECT count(*) FROM (FROM {duck} EXCEPT ALL FROM {spark})), "
                f"(SELECT count(*) FROM (FROM {spark} EXCEPT ALL FROM {duck})), "
                f"(SELECT count(*) FROM {duck})"
            ).fetchall()[0]
            assert differ[:2] == (0, 0) and differ[2] > 1000, (table, differ)
    assert verify(medium_case).ok


def _persons_f1(case: Case, truth: Truth) -> float:
    with case.connect(read_only=True) as con:
        rows = con.execute("SELECT account_id, person_id FROM persons").fetchall()
    return evaluate({str(a): str(p) for a, p in rows}, truth).f1


def test_link_f1_and_hard_links_as_duckdb(medium_case: Case, medium_base: Path) -> None:
    truth = load_truth(medium_base.parent / "truth.json")
    # the case was linked on DuckDB with the default options: that run is the reference
    duck = {"f1": _persons_f1(medium_case, truth), **_seen(medium_case)}
    run_stage(medium_case, "link", LinkOptions(engine="spark", force=True))
    spark = {"f1": _persons_f1(medium_case, truth), **_seen(medium_case)}
    assert duck["f1"] > 0.8 and len(duck["hard"]) > 1000 and len(duck["model"]) > 1000
    assert abs(spark["f1"] - duck["f1"]) <= F1_TOLERANCE, (spark["f1"], duck["f1"])
    assert spark["hard"] == duck["hard"]
    entry = medium_case.custody.entries()[-1]
    assert entry["action"] == "link" and entry["details"]["engine"] == "spark"
