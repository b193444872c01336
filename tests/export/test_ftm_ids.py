"""Real-world things keep one FtM id across a case's packages; GEXF persons carry usernames."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from seized.case import Case
from seized.export import ftm
from seized.export.package import PackageResult, write_package


def _entities(folder: Path) -> list[dict[str, object]]:
    lines = (folder / "entities.ftm.jsonl").read_text(encoding="utf-8").splitlines()
    assert ftm.validate(lines) == []
    return [json.loads(line) for line in lines]


def _ids(entities: list[dict[str, object]], schema: str, prop: str) -> dict[str, str]:
    out = {}
    for e in entities:
        if e["schema"] == schema:
            props = e["properties"]
            assert isinstance(props, dict)
            for value in props.get(prop, []):
                out[str(value)] = str(e["id"])
    return out


def test_shared_things_have_one_id_in_every_package(
    three_countries: Case, de_package: PackageResult, tmp_path: Path
) -> None:
    de = _entities(de_package.folder)
    nl = _entities(write_package(three_countries, "NL", tmp_path / "nl").folder)
    # the market, and the order between a DE buyer and an NL vendor, are the same things
    de_markets, nl_markets = _ids(de, "Organization", "name"), _ids(nl, "Organization", "name")
    assert de_markets["silkway"] == nl_markets["silkway"]
    de_orders, nl_orders = _ids(de, "Payment", "recordId"), _ids(nl, "Payment", "recordId")
    assert de_orders["silkway:O3"] == nl_orders["silkway:O3"]
    de_addresses = _ids(de, "Address", "full")
    nl_addresses = _ids(nl, "Address", "full")
    assert set(de_addresses) & set(nl_addresses) == set()  # buyers' addresses stay at home
    # persons differ, and a person is a member of the markets they have accounts on
    assert not set(_ids(de, "Person", "name").values()) & set(_ids(nl, "Person", "name").values())
    members = [e["properties"] for e in de if e["schema"] == "Membership"]
    assert len(members) == 4  # one per DE account
    markets = {de_markets["silkway"], de_markets["darkbay"]}
    assert {str(m["organization"][0]) for m in members} == markets  # type: ignore[index]


def test_exchange_and_transfer_ids_depend_on_the_case_not_the_country(
    three_countries: Case, de_package: PackageResult, tmp_path: Path
) -> None:
    from seized.export.select import select_country

    with three_countries.connect(read_only=True) as con:
        de = select_country(con, "DE", three_countries.name)
        fr = select_country(con, "FR", three_countries.name)
    assert ftm.entity_id(de, "service", "Kraken") == ftm.entity_id(fr, "service", "Kraken")
    assert ftm.entity_id(de, "wallet", "bc1q") == ftm.entity_id(fr, "wallet", "bc1q")
    assert ftm.entity_id(de, "transfer", "t:0") == ftm.entity_id(fr, "transfer", "t:0")
    assert ftm.entity_id(de, "person", "p") != ftm.entity_id(fr, "person", "p")
    de.case_name = "another case"
    assert ftm.entity_id(de, "service", "Kraken") != ftm.entity_id(fr, "service", "Kraken")
    kraken = _ids(_entities(de_package.folder), "Organization", "name")["Kraken"]
    assert kraken == ftm.entity_id(fr, "service", "Kraken")


def test_gexf_person_nodes_carry_usernames(de_package: PackageResult) -> None:
    root = ET.parse(de_package.folder / "graph.gexf").getroot()
    ns = {"g": "http://gexf.net/1.3"}
    nodes = {n.get("id"): n.get("label") for n in root.iterfind(".//g:node", ns)}
    assert nodes["person:p-de-1"] == "kristall_koenig (darkbay), kristallkoenig (silkway)"
    assert nodes["person:p-de-2"] == "berlinbuyer77 (silkway)"
