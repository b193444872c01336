"""``link --engine spark`` on ``local[2]``: the model scores the candidate pairs on Spark with
the settings the DuckDB engine uses, so both give the same persons, the same hard links and
the same match probability for every scored pair."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seized.case import Case
from seized.chain.stage import ClusterOptions
from seized.extract.stage import ExtractOptions
from seized.link.options import LinkOptions
from seized.stages import run_stage
from tests.spark.conftest import start_session

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def spark() -> Iterator[Any]:
    from seized.spark.link import jars

    session = start_session("local[2]", jars())
    yield session
    session.stop()


def _seen(case: Case) -> dict[str, Any]:
    """What a link left: the persons as a partition of the accounts, the hard links, and the
    model's scored pairs with their match probabilities."""
    with case.connect(read_only=True) as con:
        persons = con.execute(
            "SELECT list(account_id ORDER BY account_id) FROM persons GROUP BY person_id"
        ).fetchall()
        hard = con.execute(
            "SELECT account_a, account_b, rule, value, accepted, reason FROM link_edges "
            "WHERE rule <> 'model' ORDER BY ALL"
        ).fetchall()
        model = con.execute(
            "SELECT account_a, account_b, probability, match_weight, accepted, reason "
            "FROM link_edges WHERE rule = 'model'"
        ).fetchall()
    return {
        "persons": {frozenset(r[0]) for r in persons},
        "hard": hard,
        "model": {(r[0], r[1]): r[2:] for r in model},
    }


#: the stage's match probability, and 0: every candidate pair the blocking rules propose
THRESHOLDS = (0.6, 0.0)


@pytest.fixture(scope="module")
def linked(
    small_base: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Case, dict[tuple[float, str], Any]]:
    """A copy of the small case, extracted and clustered, linked by both engines at each of
    :data:`THRESHOLDS` (Spark last)."""
    root = tmp_path_factory.mktemp("linked") / "case"
    shutil.copytree(small_base, root)
    case = Case.open(root)
    run_stage(case, "extract", ExtractOptions())
    run_stage(case, "chain.cluster", ClusterOptions())
    seen: dict[tuple[float, str], Any] = {}
    for threshold in THRESHOLDS:
        for engine in ("duckdb", "spark"):
            options = LinkOptions(match_probability=threshold, engine=engine, force=True)
            result = run_stage(case, "link", options)
            seen[threshold, engine] = {"counts": result.counts, **_seen(case)}
    return case, seen


@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_engines_give_the_same_persons_and_scores(
    linked: tuple[Case, dict[tuple[float, str], Any]], threshold: float
) -> None:
    _, seen = linked
    duck, spark = seen[threshold, "duckdb"], seen[threshold, "spark"]
    assert spark["persons"] == duck["persons"]
    assert any(len(p) > 1 for p in duck["persons"])
    assert spark["hard"] == duck["hard"] and duck["hard"]
    assert set(spark["model"]) == set(duck["model"])
    assert len(duck["model"]) >= (50 if threshold else 1000)  # enough scored pairs to compare
    for pair, (probability, weight, accepted, reason) in duck["model"].items():
        other = spark["model"][pair]
        assert other[0] == pytest.approx(probability, abs=1e-9), pair
        assert other[1] == pytest.approx(weight, abs=1e-9), pair
        assert other[2:] == (accepted, reason), pair
    counts = {k: v for k, v in duck["counts"].items() if k != "seconds"}
    assert {k: v for k, v in spark["counts"].items() if k != "seconds"} == counts


def test_custody_entry_names_the_engine(
    linked: tuple[Case, dict[tuple[float, str], Any]],
) -> None:
    case, seen = linked
    entry = case.custody.entries()[-1]
    assert entry["action"] == "link"
    details = entry["details"]
    assert details["engine"] == "spark" and details["spark_master"] == "local[*]"
    assert details["scored_pairs"] >= len(seen[THRESHOLDS[-1], "spark"]["model"])
    pairs = Path(details["results"]["link_pairs"])
    assert pairs == case.root / "spark" / "link_pairs" and any(pairs.glob("*.parquet"))
    assert not (case.root / "spark" / "tmp").exists()
