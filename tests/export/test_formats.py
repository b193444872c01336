"""The package's FollowTheMoney entities, STIX bundle and GEXF graph are valid."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import stix2  # type: ignore[import-untyped]

from seized.export import ftm, stix
from seized.export.package import PackageResult


def test_ftm_entities_validate(de_package: PackageResult) -> None:
    lines = (de_package.folder / "entities.ftm.jsonl").read_text(encoding="utf-8").splitlines()
    assert ftm.validate(lines) == []
    entities = [json.loads(line) for line in lines]
    schemas = {e["schema"] for e in entities}
    assert {"Person", "UserAccount", "CryptoWallet", "Payment", "Address", "Message"} <= schemas
    persons = [e for e in entities if e["schema"] == "Person"]
    assert len(persons) == 3
    assert all(p["properties"]["country"] == ["de"] for p in persons)
    opaque = [e for e in entities if e["schema"] == "LegalEntity"]
    assert opaque and all("another jurisdiction" in e["properties"]["name"][0] for e in opaque)


def test_ftm_validator_finds_defects() -> None:
    broken = [
        json.dumps({"id": "a", "schema": "Payment", "properties": {"payer": ["missing"]}}),
        json.dumps({"id": "b", "schema": "Person", "properties": {"nosuch": ["x"]}}),
        json.dumps({"id": "c", "schema": "Nope", "properties": {}}),
    ]
    problems = "\n".join(ftm.validate(broken))
    assert "lacks required beneficiary" in problems
    assert "lacks required name" in problems
    assert "has no property nosuch" in problems
    assert "unknown or abstract schema 'Nope'" in problems
    assert "points to missing entity missing" in problems


def test_stix_bundle_validates_strictly(de_package: PackageResult) -> None:
    data = (de_package.folder / "bundle.stix.json").read_bytes()
    parsed = stix.validate(data)
    types = [o.type for o in parsed.objects]
    assert types.count("threat-actor") == 3
    assert {"identity", "location", "note", "indicator", "relationship"} <= set(types)
    refs = {o.id for o in parsed.objects}
    for rel in (o for o in parsed.objects if o.type == "relationship"):
        assert rel.source_ref in refs and rel.target_ref in refs


def test_stix_validation_rejects_custom_properties(de_package: PackageResult) -> None:
    bundle = json.loads((de_package.folder / "bundle.stix.json").read_bytes())
    bundle["objects"][0]["x_secret"] = "custom"
    with pytest.raises(stix2.exceptions.STIXError):
        stix.validate(json.dumps(bundle).encode())


def test_gexf_graph(de_package: PackageResult) -> None:
    root = ET.parse(de_package.folder / "graph.gexf").getroot()
    ns = {"g": "http://gexf.net/1.3"}
    assert root.get("version") == "1.3"
    nodes = {n.get("id"): n.get("label") for n in root.iterfind(".//g:node", ns)}
    edges = [
        (e.get("source"), e.get("target"), e.get("label")) for e in root.iterfind(".//g:edge", ns)
    ]
    assert "person:p-de-1" in nodes and "account:silkway:1" in nodes
    assert ("person:p-de-1", "account:darkbay:5", "owns") in edges
    assert ("account:silkway:2", "account:silkway:1", "ordered") in edges
    assert all(src in nodes and dst in nodes for src, dst, _ in edges)
    assert any(label.startswith("account of another jurisdiction") for label in nodes.values())
