"""`seized query` reads the case store and nothing else: it writes no file and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seized.case import Case
from seized.ingest.stage import ingest_stage
from seized.register import add_evidence
from tests.factories import new_case, write_csv_market


@pytest.fixture
def case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Case:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # where relative file names in the attacks would land
    (work / "secret.csv").write_text("name,value\nsecret,42\n", encoding="utf-8")
    made = new_case(tmp_path)
    add_evidence(made, [write_csv_market(tmp_path / "evidence" / "shop")], market="shop")
    ingest_stage(made)
    return made


def query(case: Case, sql: str) -> Result:
    from seized.cli import cli

    return CliRunner().invoke(cli, ["query", str(case.root), sql, "--format", "json"])


def state(case: Case) -> tuple[object, ...]:
    with case.connect(read_only=True) as con:
        rows = con.execute("SELECT * FROM evidence ORDER BY ALL").fetchall()
    files = sorted(str(p) for p in case.root.parent.rglob("*"))
    return rows, (case.root / "custody.jsonl").read_bytes(), files


def test_query_reads_canonical_and_raw_tables(case: Case) -> None:
    result = query(case, "SELECT count(*) AS n FROM raw_shop.users")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"n": 3}]
    result = query(case, "SELECT format FROM evidence")
    assert json.loads(result.output) == [{"format": "csv"}]


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 'pwned' AS x) TO 'x.csv'",
        "COPY (SELECT 'pwned' AS x) TO '{raw}/x.parquet'",
        "ATTACH 'outside.duckdb' AS outside",
        "EXPORT DATABASE 'dump'",
        "SET enable_external_access = true",
        "UPDATE evidence SET path = 'forged'",
        "SELECT 1; COPY (SELECT 'pwned' AS x) TO 'x.csv'",
        "CREATE TEMP VIEW v AS SELECT * FROM read_csv('secret.csv')",
    ],
)
def test_query_runs_one_read_only_select(case: Case, sql: str) -> None:
    before = state(case)
    result = query(case, sql.format(raw=case.root / "raw" / "raw_shop" / "users"))
    assert result.exit_code == 2, result.output
    assert "exactly one SELECT" in result.output
    assert "Traceback" not in result.output
    assert state(case) == before


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('{work}/secret.csv')",
        "SELECT * FROM read_csv('secret.csv')",
        "SELECT * FROM 'secret.csv'",
        "SELECT content FROM read_text('/etc/passwd')",
        "SELECT * FROM glob('{work}/*')",
        "SELECT content FROM read_text('{key}')",
        "SELECT * FROM read_text('{case}/*')",
    ],
)
def test_query_cannot_read_files_outside_the_raw_tables(case: Case, sql: str) -> None:
    before = state(case)
    key = case.root / "keys" / "case-key.asc"
    result = query(case, sql.format(work=Path.cwd(), key=key, case=case.root))
    assert result.exit_code == 2, result.output
    assert "disabled by configuration" in result.output
    assert "42" not in result.output and "PRIVATE KEY" not in result.output
    assert state(case) == before


def test_query_leaves_later_stages_their_file_access(case: Case) -> None:
    """Only the query's own connection is closed: the ingest after it writes Parquet files."""
    assert query(case, "SELECT 1 AS one").exit_code == 0
    with case.connect() as con:
        con.execute("COPY (SELECT 1 AS one) TO 'allowed.parquet'")
    assert (Path.cwd() / "allowed.parquet").is_file()
