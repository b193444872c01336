"""Signed manifests: a package verifies; any change, extra or missing file or foreign key fails."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pysequoia
import pytest

from seized.case import Case
from seized.errors import IntegrityError
from seized.export.manifest import require_intact, verify_package
from seized.export.package import PackageResult, write_package


@pytest.fixture
def copy(de_package: PackageResult, tmp_path: Path) -> Path:
    target = tmp_path / "pkg"
    shutil.copytree(de_package.folder, target)
    return target


def test_fresh_package_verifies_as_folder_and_zip(
    de_package: PackageResult, three_countries: Case
) -> None:
    for location in (de_package.folder, de_package.zip_path):
        result = verify_package(location)
        assert result.problems == []
        assert result.files == len(
            json.loads((de_package.folder / "manifest.json").read_text())["files"]
        )
    case_cert = three_countries.root / "keys" / "case-cert.asc"
    known = verify_package(de_package.folder, case_cert)
    assert known.ok and known.signer == de_package.signer


def test_changed_byte_is_found(copy: Path) -> None:
    target = copy / "targets.csv"
    data = bytearray(target.read_bytes())
    data[10] ^= 1
    target.write_bytes(bytes(data))
    result = verify_package(copy)
    assert result.problems == ["changed file: targets.csv (SHA-256 does not match the manifest)"]
    with pytest.raises(IntegrityError, match="does not verify"):
        require_intact(result)


def test_extra_and_missing_files_are_found(copy: Path) -> None:
    (copy / "notes.txt").write_text("added later\n")
    (copy / "graph.gexf").unlink()
    problems = verify_package(copy).problems
    assert "extra file not in the manifest: notes.txt" in problems
    assert "missing file: graph.gexf" in problems


def test_edited_manifest_breaks_the_signature(copy: Path) -> None:
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["country"] = "NL"
    (copy / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    problems = verify_package(copy).problems
    assert any(p.startswith("bad signature on manifest.json") for p in problems)


def test_resigned_by_another_key_fails_against_the_agency_cert(
    copy: Path, three_countries: Case, tmp_path: Path
) -> None:
    intruder = pysequoia.Tsk.generate("intruder <x@intruder.invalid>")
    manifest = (copy / "manifest.json").read_bytes()
    sig = pysequoia.sign(intruder.signer(), manifest, mode=pysequoia.SignatureMode.DETACHED)
    (copy / "manifest.json.asc").write_bytes(sig)
    assert verify_package(copy).problems  # the shipped certificate did not sign it
    (copy / "signer-cert.asc").write_text(str(intruder.extract_certificate()))
    # the manifest still lists the old certificate's hash, and the agency cert does not match
    problems = verify_package(copy, three_countries.root / "keys" / "case-cert.asc").problems
    assert "changed file: signer-cert.asc (SHA-256 does not match the manifest)" in problems
    assert any("bad signature" in p for p in problems)


def test_tampered_zip_member_is_found(de_package: PackageResult, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(de_package.zip_path) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("entities.ftm.jsonl"):
                data = data.replace(b"Person", b"Persom", 1)
            dst.writestr(info, data)
    assert verify_package(bad).problems == [
        "changed file: entities.ftm.jsonl (SHA-256 does not match the manifest)"
    ]


def test_agency_key_signs_and_custody_records_the_package(
    three_countries: Case, tmp_path: Path
) -> None:
    agency = pysequoia.Tsk.generate("Agency <cyber@agency.invalid>")
    key = tmp_path / "agency-key.asc"
    key.write_text(str(agency))
    cert = tmp_path / "agency-cert.asc"
    cert.write_text(str(agency.extract_certificate()))
    result = write_package(three_countries, "nl", tmp_path / "nl", sign_key=key)
    assert result.signer == str(agency.extract_certificate().fingerprint)
    assert verify_package(result.folder, cert).ok
    assert not verify_package(result.folder, three_countries.root / "keys" / "case-cert.asc").ok
    entry = three_countries.custody.entries()[-1]
    assert entry["action"] == "package" and entry["details"]["country"] == "NL"
    assert entry["outputs"]["files"]["manifest.json"] == result.files["manifest.json"]
    assert (result.folder / "targets.csv").read_text().count("\n") == 3  # header + 2 NL persons
