"""The STIX bundle passes stix2-validator in strict mode, wallets declared by an extension."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from stix2validator import ValidationOptions, validate_file  # type: ignore[import-untyped]

from seized.case import Case
from seized.export import stix
from seized.export.package import PackageResult, write_package

SCO_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")  # STIX 2.1, section on SCO ids


def _problems(path: Path, **options: object) -> list[str]:
    opts = ValidationOptions(strict=True, enforce_refs=True, disabled=["103"], **options)
    result = validate_file(str(path), opts)
    found = [str(e) for o in result.object_results for e in o.errors]
    found += [str(w) for o in result.object_results for w in o.warnings]
    assert found or result.is_valid
    return found


def test_bundles_pass_the_strict_validator(
    de_package: PackageResult, busy_package: PackageResult
) -> None:
    for package in (de_package, busy_package):
        assert _problems(package.folder / "bundle.stix.json") == []


def test_validator_is_strict_enough_to_fail(de_package: PackageResult, tmp_path: Path) -> None:
    bundle = json.loads((de_package.folder / "bundle.stix.json").read_bytes())
    for obj in bundle["objects"]:
        if obj["type"] == "indicator":
            obj.pop("description")
        if obj["type"] == "cryptocurrency-wallet":
            obj.pop("extensions")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(bundle))
    problems = "\n".join(_problems(broken))
    assert "{303}" in problems  # name and description
    assert "should be implemented using an extension" in problems


def test_wallets_are_observables_of_a_declared_extension(
    three_countries: Case, de_package: PackageResult, tmp_path: Path
) -> None:
    objects = json.loads((de_package.folder / "bundle.stix.json").read_bytes())["objects"]
    by_type: dict[str, list[dict[str, object]]] = {}
    for obj in objects:
        by_type.setdefault(str(obj["type"]), []).append(obj)
    (definition,) = by_type["extension-definition"]
    assert definition["extension_types"] == ["new-sco"]
    assert definition["created_by_ref"] == stix.SEIZED_IDENTITY
    wallets = by_type["cryptocurrency-wallet"]
    assert [w["address"] for w in wallets] == ["bc1qdevendorwallet0000000000000000000000"]
    for wallet in wallets:
        assert wallet["extensions"] == {definition["id"]: {"extension_type": "new-sco"}}
        canonical = json.dumps({"address": wallet["address"]}, separators=(",", ":"))
        expected = uuid.uuid5(SCO_NAMESPACE, canonical)
        assert wallet["id"] == f"cryptocurrency-wallet--{expected}"
    for indicator in by_type["indicator"]:
        assert str(indicator["pattern"]).startswith("[cryptocurrency-wallet:address = ")
        assert indicator["name"] and indicator["description"]
    for identity in by_type["identity"]:
        assert identity["created_by_ref"]
    stix.validate((de_package.folder / "bundle.stix.json").read_bytes())
    # the declarations and a wallet's id are the same in another country's package
    nl = write_package(three_countries, "NL", tmp_path / "nl")
    nl_objects = json.loads((nl.folder / "bundle.stix.json").read_bytes())["objects"]
    assert definition in nl_objects
    assert any(o["type"] == "cryptocurrency-wallet" for o in nl_objects)


def test_notes_are_sentences(de_package: PackageResult) -> None:
    objects = json.loads((de_package.folder / "bundle.stix.json").read_bytes())["objects"]
    notes = [str(o["content"]) for o in objects if o["type"] == "note"]
    assert len(notes) == 3
    assert not any("›" in n or "revenue_sats" in n for n in notes)
