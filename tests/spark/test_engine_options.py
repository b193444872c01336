"""The engine options without a Spark job: what a user gets for a missing pyspark or bad
settings, from the stage and from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from seized.case import Case
from seized.chain.stage import ChainAddOptions, ClusterOptions, TraceOptions
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
    export = tmp_path / "etl"
    export.mkdir()
    (export / "transactions.jsonl").write_text('{"hash": "ab", "outputs": [], "block_hash": ""}\n')
    for stage, options in (
        ("chain.add", ChainAddOptions(sources=[export], engine="spark")),
        ("chain.cluster", ClusterOptions(engine="spark")),
        ("trace", TraceOptions(engine="spark")),
    ):
        with pytest.raises(UserError, match=r"pip install 'seized\[spark\]'"):
            run_stage(case, stage, options)
    assert not (case.root / "spark").exists()
    assert [e["action"] for e in case.custody.entries()] == ["init"]  # no evidence added


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
    block = tmp_path / "block.hex"
    block.write_text("00")
    add = ["chain", "add", str(tmp_path / "case"), "--engine", "spark"]
    for source in ([str(block)], ["--rpc", "http://x:8332"]):
        refused = runner.invoke(cli, [*add, *source])
        assert refused.exit_code == 2, refused.output
        assert "with --engine duckdb" in refused.output


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
