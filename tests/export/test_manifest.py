"""Signed manifests: a package verifies; any change, extra or missing file or foreign key fails."""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings
import zipfile
from pathlib import Path

import pysequoia
import pytest

from seized.case import Case
from seized.errors import IntegrityError, UserError
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
    case_cert = three_countries.root / "keys" / "case-cert.asc"
    for location in (de_package.folder, de_package.zip_path):
        result = verify_package(location, case_cert)
        assert result.problems == [] and result.ok
        assert result.trusted == result.signer == result.declared == de_package.signer
        assert result.files == len(
            json.loads((de_package.folder / "manifest.json").read_text())["files"]
        )
        assert require_intact(result) is result


def test_intact_but_untrusted_is_not_ok(de_package: PackageResult) -> None:
    result = verify_package(de_package.zip_path)
    assert result.problems == [] and result.signer == de_package.signer
    assert not result.ok and result.trusted is None
    with pytest.raises(IntegrityError, match="not a signer you trust"):
        require_intact(result)


def test_a_keyring_of_trusted_certificates(
    de_package: PackageResult, three_countries: Case, tmp_path: Path
) -> None:
    other = pysequoia.Tsk.generate("Other agency <x@other.invalid>").extract_certificate()
    case_cert = (three_countries.root / "keys" / "case-cert.asc").read_text()
    keyring = tmp_path / "trusted.asc"
    keyring.write_text(str(other) + case_cert)
    assert verify_package(de_package.folder, keyring=keyring).trusted == de_package.signer
    only_other = tmp_path / "other.asc"
    only_other.write_text(str(other))
    result = verify_package(de_package.folder, keyring=only_other)
    assert not result.ok and any("bad signature" in p for p in result.problems)
    (tmp_path / "junk.asc").write_text("not a key\n")
    with pytest.raises(UserError, match=r"junk\.asc"):
        verify_package(de_package.folder, tmp_path / "junk.asc")


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


def _resign(folder: Path, key: pysequoia.Tsk, declared: str) -> None:
    """Rewrite the manifest's hashes and declared signer, ship ``key``'s certificate, sign."""
    (folder / "signer-cert.asc").write_text(str(key.extract_certificate()))
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["files"]:
        data = (folder / entry["path"]).read_bytes()
        entry["sha256"], entry["bytes"] = hashlib.sha256(data).hexdigest(), len(data)
    manifest["signer"]["fingerprint"] = declared
    body = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    (folder / "manifest.json").write_bytes(body)
    sig = pysequoia.sign(key.signer(), body, mode=pysequoia.SignatureMode.DETACHED)
    (folder / "manifest.json.asc").write_bytes(sig)


def test_package_resigned_with_any_key_is_never_ok(copy: Path, three_countries: Case) -> None:
    intruder = pysequoia.Tsk.generate("intruder <x@intruder.invalid>")
    (copy / "targets.csv").write_text("rank,person_id\r\n1,someone-else\r\n")
    _resign(copy, intruder, str(intruder.extract_certificate().fingerprint))
    alone = verify_package(copy)
    assert alone.problems == [] and not alone.ok  # consistent, but by nobody the user trusts
    with pytest.raises(IntegrityError, match="not a signer you trust"):
        require_intact(alone)
    known = verify_package(copy, three_countries.root / "keys" / "case-cert.asc")
    assert not known.ok and any(p.startswith("bad signature") for p in known.problems)


def test_declared_signer_must_be_the_one_that_signed(
    copy: Path, de_package: PackageResult, tmp_path: Path
) -> None:
    intruder = pysequoia.Tsk.generate("intruder <x@intruder.invalid>")
    cert = tmp_path / "intruder.asc"
    cert.write_text(str(intruder.extract_certificate()))
    _resign(copy, intruder, de_package.signer)  # claims to be the case's key
    fingerprint = str(intruder.extract_certificate().fingerprint).lower()
    problems = verify_package(copy, cert).problems
    assert problems == [
        f"signer-cert.asc is the certificate of {fingerprint}, but manifest.json names "
        f"{de_package.signer} as the signer",
        f"manifest.json names {de_package.signer} as the signer, but the signature was made "
        f"by {fingerprint}",
    ]


def _rezip(source: Path, target: Path, extra: list[tuple[str, bytes]]) -> Path:
    with (
        zipfile.ZipFile(source) as src,
        zipfile.ZipFile(target, "w") as dst,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")  # zipfile warns of duplicate names; that is the point
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for name, data in extra:
            dst.writestr(name, data)
    return target


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ([("evil.txt", b"x")], "zip member 'evil.txt' lies outside the package folder pkg-de/"),
        ([("other/a.txt", b"x")], "zip member 'other/a.txt' lies outside the package folder"),
        ([("pkg-de/targets.csv", b"1,evil\r\n")], "zip member 'pkg-de/targets.csv' appears twice"),
        (
            [("pkg-de/TARGETS.csv", b"1,evil\r\n")],
            "zip member 'pkg-de/TARGETS.csv' clashes with 'pkg-de/targets.csv'",
        ),
        ([("pkg-de/../x.txt", b"x")], "zip member 'pkg-de/../x.txt' has an unsafe name"),
        ([("pkg-de/notes.txt", b"x")], "extra file not in the manifest: notes.txt"),
    ],
)
def test_stray_duplicate_and_unsafe_zip_members_are_refused(
    de_package: PackageResult,
    three_countries: Case,
    tmp_path: Path,
    extra: list[tuple[str, bytes]],
    problem: str,
) -> None:
    bad = _rezip(de_package.zip_path, tmp_path / "bad.zip", extra)
    result = verify_package(bad, three_countries.root / "keys" / "case-cert.asc")
    assert not result.ok
    assert any(p.startswith(problem) for p in result.problems), result.problems


def test_duplicate_member_first_or_last_is_refused(
    de_package: PackageResult, three_countries: Case, tmp_path: Path
) -> None:
    """A zip whose evil copy comes first and the signed one last (readers differ in which
    they take) does not verify, whichever copy a reader would pick."""
    bad = tmp_path / "bad.zip"
    with (
        zipfile.ZipFile(de_package.zip_path) as src,
        zipfile.ZipFile(bad, "w") as dst,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        dst.writestr("pkg-de/targets.csv", b"rank,person_id\r\n1,someone-else\r\n")
        for info in src.infolist():
            dst.writestr(info, src.read(info))
    result = verify_package(bad, three_countries.root / "keys" / "case-cert.asc")
    assert "zip member 'pkg-de/targets.csv' appears twice (an unzip would keep only one)" in (
        result.problems
    )
