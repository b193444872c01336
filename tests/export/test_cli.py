"""`seized package`, `seized package verify` and `seized report` on the command line."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import click
from click.testing import CliRunner

from seized.case import Case
from seized.cli import _Group
from seized.cli.export_cmds import COMMANDS
from seized.export.package import PackageResult


def _cli() -> click.Group:
    group = _Group(name="seized")
    for command in COMMANDS:
        group.add_command(command)
    return group


def test_package_and_verify_forms(three_countries: Case, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "fr"
    made = runner.invoke(
        _cli(), ["package", str(three_countries.root), "--country", "FR", "--out", str(out)]
    )
    assert made.exit_code == 0, made.output
    assert "package for FR" in made.output and (tmp_path / "fr.zip").is_file()
    cert = str(three_countries.root / "keys" / "case-cert.asc")
    checked = runner.invoke(_cli(), ["package", "verify", str(out), "--cert", cert])
    assert checked.exit_code == 0, checked.output
    assert "OK" in checked.output
    untrusted = runner.invoke(_cli(), ["package", "verify", str(tmp_path / "fr.zip")])
    assert untrusted.exit_code == 4 and "OK" not in untrusted.output
    assert "not a signer you trust" in untrusted.output
    keyring = runner.invoke(_cli(), ["package", "verify", str(out), "--keyring", cert])
    assert keyring.exit_code == 0, keyring.output
    again = runner.invoke(
        _cli(), ["package", str(three_countries.root), "--country", "FR", "--out", str(out)]
    )
    assert again.exit_code == 2 and "not empty" in again.output


def test_verify_fails_loudly_on_tampering(de_package: PackageResult, tmp_path: Path) -> None:
    copy = tmp_path / "pkg"
    shutil.copytree(de_package.folder, copy)
    (copy / "README.txt").write_text("changed\n")
    result = CliRunner().invoke(_cli(), ["package", "verify", str(copy)])
    assert result.exit_code == 4
    assert "changed file: README.txt" in result.output


def test_verify_names_a_stray_zip_member(
    de_package: PackageResult, three_countries: Case, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.zip"
    shutil.copy(de_package.zip_path, bad)
    with zipfile.ZipFile(bad, "a") as archive:
        archive.writestr("run-me.sh", b"echo hi\n")
    cert = str(three_countries.root / "keys" / "case-cert.asc")
    result = CliRunner().invoke(_cli(), ["package", "verify", str(bad), "--cert", cert])
    assert result.exit_code == 4
    assert "zip member 'run-me.sh' lies outside the package folder pkg-de/" in result.output


def test_report_command(three_countries: Case, tmp_path: Path) -> None:
    out = tmp_path / "case-report.html"
    result = CliRunner().invoke(_cli(), ["report", str(three_countries.root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    bad = CliRunner().invoke(_cli(), ["report", str(three_countries.root), "--out", "x.pdf"])
    assert bad.exit_code == 2


def test_help_documents_both_forms() -> None:
    result = CliRunner().invoke(_cli(), ["package", "--help"])
    assert "seized package verify DIR" in result.output
    assert "seized package CASE --country XX --out DIR" in result.output


def test_machine_readable_results(three_countries: Case, tmp_path: Path) -> None:
    """`rank`, `package verify` (and `trace`, `verify`) print JSON for other programs."""
    import json

    from seized.cli import cli

    runner = CliRunner()
    root = tmp_path / "case"  # a copy: rank may write, and the fixture is shared
    shutil.copytree(three_countries.root, root)
    ranked = runner.invoke(cli, ["rank", str(root), "--format", "json", "--top", "3"])
    assert ranked.exit_code == 0, ranked.output
    targets = json.loads(ranked.stdout)
    assert [t["rank"] for t in targets] == [1, 2, 3]
    assert all(t["person_id"] and t["accounts"] for t in targets), targets
    assert all(isinstance(line, str) for t in targets for line in t["reasons"])
    out = tmp_path / "fr"
    country = targets[0]["country"]
    made = runner.invoke(cli, ["package", str(root), "--country", country, "--out", str(out)])
    assert made.exit_code == 0, made.output
    untrusted = runner.invoke(cli, ["package", "verify", str(out), "--format", "json"])
    assert untrusted.exit_code == 4
    report = json.loads(untrusted.stdout)
    assert report["ok"] is False and report["trusted"] is None and report["files"] > 0
