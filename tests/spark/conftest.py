"""Spark sessions and the small and medium synthetic cases for the Spark engine's tests.

The tests need pyspark (``seized[spark]``, in the dev extra) and Java 17; without them they
are skipped with the reason. Each module starts one session (stopped after it); the stages
reuse the running session, so its settings are the tests' own: few shuffle partitions, no
whole-stage code generation and a JIT that starts fast (the data are small).

The tests on the medium case carry the ``medium`` mark (registered here): they take minutes.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from seized.case import Case
from seized.chain.stage import ChainAddOptions, ClusterOptions, TagsOptions
from seized.crypto.stage import DecryptOptions, KeyImportOptions
from seized.extract.stage import ExtractOptions
from seized.ingest.stage import IngestOptions
from seized.link.options import LinkOptions
from seized.register import add_evidence
from seized.runfile import load_case_file
from seized.stages import run_stage
from seized.synth import generate

pytest.importorskip("pyspark", reason="the Spark engine needs seized[spark]")
if shutil.which("java") is None:
    pytest.skip("the Spark engine needs Java 17", allow_module_level=True)

#: settings for small test data: cheap planning and start-up beat throughput here
TEST_CONF = (
    "spark.sql.shuffle.partitions=2",
    "spark.sql.adaptive.enabled=false",
    "spark.sql.codegen.wholeStage=false",
    "spark.driver.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "medium: runs on the medium synthetic case (minutes; tests/spark/test_medium.py)"
    )


def start_session(master: str, jars: tuple[str, ...] = ()) -> Any:
    """A session on ``master`` with the tests' settings (seized's own defaults too) and the
    ``jars`` a job needs."""
    from pyspark.sql import SparkSession

    from seized.spark.session import SparkSettings, session_conf

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("seized tests")
    for key, value in session_conf(SparkSettings(master, TEST_CONF), jars).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _base_case(out: Path, scale: str, seed: int) -> Case:
    """A synthetic seized server generated into ``out`` and a case at ``out/case`` with its
    markets ingested, the tag pack and the market's tags, and the chain (blockchain-etl
    files)."""
    generate(out, scale=scale, seed=seed)
    spec = load_case_file(out / "case.toml")
    case = Case.init(out / "case")
    for item in spec.evidence:
        mapping = out / item["mapping"]  # a mapping file beside the case file, or a builtin
        chosen = str(mapping) if mapping.exists() else item["mapping"]
        add_evidence(case, [Path(item["path"])], market=item["market"], mapping=chosen)
    run_stage(case, "ingest", IngestOptions())
    run_stage(case, "tags.import", TagsOptions(files=spec.tagpacks))
    run_stage(case, "chain.add", ChainAddOptions(sources=[out / "chain" / "etl"]))
    return case


@pytest.fixture(scope="session")
def small_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small synthetic case with what clustering and tracing read: markets ingested, the
    tag pack and the market's tags, the chain (blockchain-etl files); each account its own
    person (no linking)."""
    return _base_case(tmp_path_factory.mktemp("synth"), "small", 11).root


@pytest.fixture(scope="session")
def medium_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The medium synthetic case (seed 3) through every stage the Spark engine's stages read,
    each on DuckDB: :func:`small_base`'s stages, then the seized keys imported, messages
    decrypted, identifiers extracted, addresses clustered and accounts linked. Its
    ``truth.json`` is beside it.

    Built once per test run: pytest-xdist's workers share the parent of their temporary
    directories, and a lock there lets the first worker build while the others wait."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    out = shared / "medium-seed3"
    with open(shared / "medium-seed3.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (out / "built").exists():
            shutil.rmtree(out, ignore_errors=True)
            case = _base_case(out, "medium", 3)
            spec = load_case_file(out / "case.toml")
            keys = KeyImportOptions(files=spec.keys, passphrases=spec.passphrases)
            run_stage(case, "keys.import", keys)
            for name, options in (
                ("decrypt", DecryptOptions()),
                ("extract", ExtractOptions()),
                ("chain.cluster", ClusterOptions()),
                ("link", LinkOptions()),
            ):
                run_stage(case, name, options)
            (out / "built").touch()
    return out / "case"


@pytest.fixture
def small_case(small_base: Path, tmp_path: Path) -> Case:
    """A copy of :func:`small_base` for one test."""
    shutil.copytree(small_base, tmp_path / "case")
    return Case.open(tmp_path / "case")


def partition(case: Case) -> set[frozenset[str]]:
    """The address clusters as a set of sets of addresses (cluster ids left out)."""
    with case.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT list(address) FROM address_clusters GROUP BY cluster_id"
        ).fetchall()
    return {frozenset(r[0]) for r in rows}


def table_rows(case: Case, table: str) -> list[tuple[Any, ...]]:
    with case.connect(read_only=True) as con:
        return sorted(
            con.execute(f"SELECT * FROM {table}").fetchall(), key=lambda r: tuple(map(str, r))
        )


def cluster_both(case: Case, change: tuple[str, ...]) -> dict[str, Any]:
    """Cluster with DuckDB, then with Spark; what each left in the case store."""
    seen: dict[str, Any] = {}
    for engine in ("duckdb", "spark"):
        options = ClusterOptions(change=change, engine=engine, force=True)
        result = run_stage(case, "chain.cluster", options)
        seen[engine] = {
            "counts": result.counts,
            "partition": partition(case),
            "clusters": table_rows(case, "address_clusters"),
            **{
                t: table_rows(case, t)
                for t in ("coinjoins", "change_outputs", "cluster_labels", "cluster_conflicts")
            },
        }
    return seen


def trace_both(case: Case, model: str) -> dict[str, Any]:
    """Trace every payout with DuckDB, then with Spark; this model's rows each left."""
    from seized.chain.stage import TraceOptions

    seen: dict[str, Any] = {}
    for engine in ("duckdb", "spark"):
        result = run_stage(case, "trace", TraceOptions(model=model, engine=engine, force=True))
        with case.connect(read_only=True) as con:
            seen[engine] = {
                "counts": result.counts,
                **{
                    table: sorted(
                        con.execute(f"SELECT * FROM {table} WHERE model = ?", [model]).fetchall(),
                        key=lambda r: tuple(map(str, r)),
                    )
                    for table in ("money_flows", "cashouts")
                },
            }
    return seen
