"""The engine options without a Spark job: what a user gets for a missing pyspark or bad
settings, from the stage and from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from seized.case import Case
from seized.chain.stage import ClusterOptions, TraceOptions
from seized.cli import cli
from seized.errors import UserError
from seized.link.options import LinkOptions
from seized.stages import run_stage


def test_missing_pyspark_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = Case.init(tmp_path / "case")
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    for stage, options in (
        ("chain.cluster", ClusterOptions(engine="spark")),
        ("trace", TraceOptions(engine="spark")),
    ):
        with pytest.raises(UserError, match=r"pip install 'seized\[spark\]'"):
            run_stage(case, stage, options)
    assert not (case.root / "spark").exists()


def test_command_line_engine_options(tmp_path: Path) -> None:
    Case.init(tmp_path / "case")
    runner = CliRunner()
    bad = runner.invoke(
        cli, ["chain", "cluster", str(tmp_path / "case"), "--engine", "spark", "--spark-conf", "x"]
    )
    assert bad.exit_code == 2 and "KEY=VALUE" in bad.output, bad.output
    unknown = runner.invoke(cli, ["trace", str(tmp_path / "case"), "--engine", "hadoop"])
    assert unknown.exit_code == 2 and "duckdb" in unknown.output
    one = runner.invoke(
        cli, ["trace", str(tmp_path / "case"), "--engine", "spark", "--from", "address:1abc"]
    )
    assert one.exit_code == 2 and "trace one start with duckdb" in one.output


def test_session_settings_defaults_and_pass_through() -> None:
    from seized.spark.session import SparkSettings, session_conf

    local = session_conf(SparkSettings("local[2]"))
    assert local["spark.driver.memory"].endswith("m")
    assert int(local["spark.driver.memory"][:-1]) >= 1024  # Spark's 1 GB fails at 10M links
    given = session_conf(
        SparkSettings(
            "spark://10.0.0.5:7077", ("spark.executor.memory=24g", "spark.ui.enabled=true")
        )
    )
    assert given["spark.executor.memory"] == "24g" and given["spark.ui.enabled"] == "true"
    assert "spark.driver.memory" not in given  # on a cluster the settings decide


def test_link_bad_settings_fail_before_the_stage(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "case")
    before = len(case.custody.entries())
    # checked before anything else: an empty case would otherwise say it has no accounts
    with pytest.raises(UserError, match="KEY=VALUE"):
        run_stage(case, "link", LinkOptions(engine="spark", spark_conf=("spark.executor.memory",)))
    runner = CliRunner()
    bad = runner.invoke(cli, ["link", str(case.root), "--engine", "spark", "--spark-conf", "x"])
    assert bad.exit_code == 2 and "KEY=VALUE" in bad.output, bad.output
    unknown = runner.invoke(cli, ["link", str(case.root), "--engine", "hadoop"])
    assert unknown.exit_code == 2 and "duckdb" in unknown.output
    assert len(case.custody.entries()) == before
    assert not (case.root / "spark").exists()
