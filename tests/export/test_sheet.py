"""CSV that seized writes: no cell a spreadsheet would run, no row a reader splits."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from seized.case import Case
from seized.cli.case_cmds import query
from seized.export import sheet
from seized.export.package import write_package

HOSTILE = [
    ' =HYPERLINK("http://x.invalid")',
    "\t=1+1",
    "\r=1+1",
    "\n@SUM(A1)",
    "\u200b-2+3",
    "\x00+cmd",
    "\u00a0\u3000=1",
    "\uff1dcmd",
    "=cmd",
    "+1",
    "-1",
    "@x",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_cells_are_guarded(text: str) -> None:
    assert sheet.cell(text) == "'" + text


@pytest.mark.parametrize("value", ["abc", "a=b", "  text", "", "O'Hara", "x-1"])
def test_plain_cells_stay(value: str) -> None:
    assert sheet.cell(value) == value


def test_numbers_and_none() -> None:
    assert [sheet.cell(v) for v in (None, 5, -3.5, True)] == ["", 5, -3.5, True]


def test_carriage_returns_and_line_feeds_are_quoted() -> None:
    out = io.StringIO(newline="")
    sheet.write(out, ["a", "b"], [["one\rtwo", "x"], ["three\nfour", "y\r\n=z"]])
    text = out.getvalue()
    assert text == 'a,b\r\n"one\rtwo",x\r\n"three\nfour","y\r\n=z"\r\n'
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["a", "b"], ["one\rtwo", "x"], ["three\nfour", "y\r\n=z"]]


@pytest.fixture
def hostile_case(three_countries: Case, tmp_path: Path) -> Case:
    """The three-country case with formulas, bare CRs and line feeds in DE usernames and
    summaries, as seized would have stored them."""
    root = tmp_path / "case"
    shutil.copytree(three_countries.root, root)
    case = Case.open(root)
    with case.connect() as con:
        con.execute("UPDATE accounts SET username = ? WHERE account_id = 'silkway:2'", [HOSTILE[0]])
        con.execute(
            "UPDATE accounts SET username = ? WHERE account_id = 'silkway:1'",
            ["kk\rnext line\n=2+2"],
        )
        con.execute("UPDATE targets SET summary = ? WHERE person_id = 'p-de-2'", ["\r@SUM(1)"])
        con.execute("UPDATE targets SET summary = ? WHERE person_id = 'p-de-1'", ["ok\r-cmd\r\n=x"])
        case.record_checksums(con)
        case.log("test.build", con=con)  # the entry that carries the digests
    return case


def test_targets_csv_reads_with_one_width_everywhere(hostile_case: Case, tmp_path: Path) -> None:
    result = write_package(hostile_case, "DE", tmp_path / "de")
    path = result.folder / "targets.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert [len(r) for r in rows] == [12] * 4
    by_person = {r[1]: r for r in rows[1:]}
    assert by_person["p-de-2"][6] == '\' =HYPERLINK("http://x.invalid")'
    assert by_person["p-de-2"][10] == "'\r@SUM(1)"
    assert by_person["p-de-1"][6] == "kristall_koenig; kk\rnext line\n=2+2"
    assert by_person["p-de-1"][10] == "ok\r-cmd\r\n=x"
    table = duckdb.sql(
        f"SELECT * FROM read_csv('{path}', header = true, all_varchar = true, quote = '\"')"
    )
    assert len(table.columns) == 12
    assert sorted(r[1] for r in table.fetchall()) == ["p-de-1", "p-de-2", "p-de-3"]


def test_query_csv_is_guarded(hostile_case: Case) -> None:
    result = CliRunner().invoke(
        query,
        [
            str(hostile_case.root),
            "SELECT username AS \"=name\" FROM accounts WHERE account_id IN ('silkway:1', "
            "'silkway:2') ORDER BY account_id",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output, newline="")))
    assert rows == [["'=name"], ["kk\rnext line\n=2+2"], ['\' =HYPERLINK("http://x.invalid")']]
