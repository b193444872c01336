"""Writing a package: only of a case that verifies (or says why not); what a killed run
leaves is cleared by the next one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from seized.case import Case
from seized.errors import IntegrityError
from seized.export.manifest import verify_package
from seized.export.package import PackageResult, write_package
from tests.export.test_cli import _cli

SRC = Path(__file__).resolve().parents[2] / "src"
DIE_AFTER_ZIP = """
import os, sys
from pathlib import Path
import seized.export.package as package
from seized.case import Case

zip_it = package._zip

def zip_then_die(folder, zip_path, top):
    zip_it(folder, zip_path, top)
    os._exit(9)  # killed: no finally, no cleanup

package._zip = zip_then_die
package.write_package(Case.open(Path(sys.argv[1])), "DE", Path(sys.argv[2]))
"""


def _partials(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".partial-" in p.name)


def test_a_killed_run_leaves_partials_that_the_next_run_removes(
    three_countries: Case, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "de"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    killed = subprocess.run(
        [sys.executable, "-c", DIE_AFTER_ZIP, str(three_countries.root), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == 9, killed.stderr
    left = _partials(out.parent)
    assert len(left) == 2 and not out.exists()  # the folder and the zip, both unfinished
    # a run that is still going (here: this test's own parent process) is left alone
    live = out.parent / f".de.partial-{os.getppid()}"
    live.mkdir()

    result = write_package(three_countries, "DE", out)
    assert _partials(out.parent) == [live.name]
    assert verify_package(result.zip_path, three_countries.root / "keys" / "case-cert.asc").ok
    entry = three_countries.custody.entries()[-1]
    assert sorted(entry["details"]["removed_stale"]) == left


@pytest.fixture
def tampered(three_countries: Case, tmp_path: Path) -> Case:
    """The three-country case with a canonical table edited outside seized."""
    root = tmp_path / "tampered"
    shutil.copytree(three_countries.root, root)
    case = Case.open(root)
    with case.connect() as con:
        con.execute("UPDATE orders SET amount_sats = 1 WHERE order_id = 'silkway:O1'")
    return case


def _create(case: Case, out: Path, *options: str) -> list[str]:
    return ["package", str(case.root), "--country", "DE", "--out", str(out), *options]


def test_a_case_that_does_not_verify_is_not_signed(tampered: Case, tmp_path: Path) -> None:
    with pytest.raises(IntegrityError, match="table orders changed outside seized") as error:
        write_package(tampered, "DE", tmp_path / "de")
    assert "--allow-unverified" in str(error.value)
    assert not (tmp_path / "de").exists() and not (tmp_path / "de.zip").exists()
    assert _partials(tmp_path) == []
    result = CliRunner().invoke(_cli(), _create(tampered, tmp_path / "x"))
    assert result.exit_code == 4 and "does not pass seized verify" in result.output
    empty = CliRunner().invoke(_cli(), _create(tampered, tmp_path / "x", "--allow-unverified", " "))
    assert empty.exit_code == 2 and "needs a reason" in empty.output


def test_the_override_is_recorded_and_shown_everywhere(tampered: Case, tmp_path: Path) -> None:
    reason = "prosecutor asked for it today; orders table to be reloaded"
    out = tmp_path / "de"
    made = CliRunner().invoke(_cli(), _create(tampered, out, "--allow-unverified", reason))
    assert made.exit_code == 0, made.output
    assert "does not pass seized verify" in made.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["case_verified"] is False
    assert manifest["unverified_case"]["reason"] == reason
    assert any("table orders" in p for p in manifest["unverified_case"]["problems"])
    dossiers = sorted((out / "dossiers").glob("*.html"))
    assert len(dossiers) == 3
    for dossier in dossiers:
        text = dossier.read_text()
        assert "did not pass seized verify" in text and reason in text
        assert "table orders changed outside seized" in text
    assert reason in (out / "README.txt").read_text()
    assert tampered.custody.entries()[-1]["details"]["unverified_case"]["reason"] == reason
    cert = str(tampered.root / "keys" / "case-cert.asc")
    checked = CliRunner().invoke(_cli(), ["package", "verify", str(out), "--cert", cert])
    assert checked.exit_code == 0, checked.output
    assert f"signed anyway because: {reason}" in checked.output


def test_a_verified_case_says_so(de_package: PackageResult) -> None:
    manifest = json.loads((de_package.folder / "manifest.json").read_text())
    assert manifest["case_verified"] is True and "unverified_case" not in manifest
    assert "did not pass" not in (de_package.folder / "README.txt").read_text()


def test_the_manifest_holds_the_custody_head_it_was_made_from(tmp_path: Path) -> None:
    from seized.custody import custody_head
    from seized.verify import verify
    from tests.export.cases import build

    case = build(tmp_path / "case")
    before = custody_head(case)
    out = tmp_path / "de"
    write_package(case, "DE", out)
    head = json.loads((out / "manifest.json").read_text())["custody_head"]
    same = ("format", "case", "entries", "last_hash", "last_time")
    assert {k: head[k] for k in same} == {k: before[k] for k in same}
    assert f"at {before['entries']} entries" in (out / "README.txt").read_text()
    write_package(case, "NL", tmp_path / "nl")  # the case's log grows afterwards
    now = custody_head(case)
    assert now["entries"] == head["entries"] + 2 and now["last_hash"] != head["last_hash"]
    cert = str(case.root / "keys" / "case-cert.asc")
    checked = CliRunner().invoke(_cli(), ["package", "verify", str(out), "--cert", cert])
    assert checked.exit_code == 0, checked.output
    assert f"at custody entry {head['entries']}, hash {head['last_hash']}" in checked.output
    as_json = CliRunner().invoke(
        _cli(), ["package", "verify", str(out), "--cert", cert, "--format", "json"]
    )
    assert json.loads(as_json.stdout)["custody_head"] == head
    # kept as an anchor, it proves the case's log still begins with what the package saw
    anchor = tmp_path / "head.json"
    anchor.write_text(json.dumps(head))
    assert not [p for p in verify(case, anchors=[anchor]).problems if "anchor" in p]
    with case.custody.path.open("r+", encoding="utf-8") as log:
        lines = log.readlines()[: head["entries"] - 1]
        log.seek(0)
        log.writelines(lines)
        log.truncate()
    assert [p for p in verify(case, anchors=[anchor]).problems if "anchor" in p]


def test_packaging_shows_its_parts_when_asked(three_countries: Case, tmp_path: Path) -> None:
    made = CliRunner().invoke(
        _cli(), _create(three_countries, tmp_path / "de", "--progress", "plain")
    )
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith("package for DE: ")
    parts = [line.split(":")[1].strip() for line in made.stderr.splitlines()]
    assert parts[0] == "verify the case" and parts[-1] == "sign and zip"
    assert "select" in parts and "targets.csv, FtM, STIX, GEXF" in parts
    targets = sum(1 for _ in (tmp_path / "de" / "dossiers").iterdir())
    assert targets and f"package: dossiers: {targets} of {targets} items" in made.stderr
