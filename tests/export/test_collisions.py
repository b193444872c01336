"""Redaction by structure: the package's own identifiers survive foreign values that collide."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from seized.case import Case
from seized.export.package import PackageResult, write_package
from seized.export.redact import WITHHELD, joined
from seized.export.select import select_country
from tests.export.collisions import CATEGORY, MESSAGE_REDACTED, build, reasons


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return build(tmp_path_factory.mktemp("collide") / "case")


@pytest.fixture(scope="module")
def package(case: Case, tmp_path_factory: pytest.TempPathFactory) -> PackageResult:
    return write_package(case, "DE", tmp_path_factory.mktemp("out") / "de")


def _texts(package: PackageResult) -> dict[str, str]:
    return {
        p.relative_to(package.folder).as_posix(): p.read_text(encoding="utf-8")
        for p in package.folder.rglob("*")
        if p.is_file() and p.suffix != ".asc"
    }


def _whole(text: str, token: str) -> list[int]:
    """Where ``token`` stands in ``text`` as a whole token (not inside an identifier)."""
    found, start = [], 0
    while (i := text.find(token, start)) >= 0:
        if not joined(text, i) and not joined(text, i + len(token)):
            found.append(i)
        start = i + 1
    return found


def _column(case: Case, sql: str) -> set[str]:
    with case.connect(read_only=True) as con:
        return {str(r[0]) for r in con.execute(sql).fetchall()}


def test_free_text_loses_whole_foreign_tokens_only(case: Case) -> None:
    with case.connect(read_only=True) as con:
        sel = select_country(con, "DE", case.name)
    [message] = sel.messages
    assert message["text"] == MESSAGE_REDACTED
    assert message["subject"] == "Cannabis"
    assert [a["username"] for a in sel.accounts] == ["LuckyLab30", "kowalski"]
    assert {x["category"] for x in sel.listings} == {CATEGORY}
    titles = {o["order_id"]: o["listing_title"] for o in sel.orders}
    assert titles["m:O1"] == "LuckyLab30 haze, not fake, true COLOR"
    assert titles["m:O5"] == f"{WITHHELD} best"
    assert titles["m:O6"] == "Cannabis by Cannabis"
    assert {o["listing_category"] for o in sel.orders} == {CATEGORY, "Drugs > Cannabis > Hash"}
    assert sel.targets[0]["reasons"] == reasons("vendor", "m:14")
    assert [t["summary"] for t in sel.targets] == [
        "vendor LuckyLab30 (m:14)",
        "buyer kowalski (m:15)",
    ]


def test_withheld_marks_stand_alone_and_no_foreign_token_is_left(package: PackageResult) -> None:
    texts = _texts(package)
    marks = 0
    for name, text in texts.items():
        start = 0
        while (i := text.find(WITHHELD, start)) >= 0:
            start = i + len(WITHHELD)
            marks += 1
            # the mark as one word character: it must not be glued to an identifier's rest
            glued = text[:i] + "W" + text[start:]
            assert not joined(glued, i) and not joined(glued, i + 1), (name, text[i - 20 : i + 50])
        # (m:2 is also a login id of the DE vendor's own, in its reasons)
        for foreign in ("m:1", "m:3", "m:4", "m:5", "LuckyLab", "p-nl-1", "p-fr-1"):
            assert _whole(text, foreign) == [], (name, foreign)
    assert marks > 0
    dossier = texts["dossiers/00001-p-de-1.html"]
    assert CATEGORY.replace(">", "&gt;") in dossier
    assert "LuckyLab30" in dossier and "m:14" in texts["graph.gexf"]


def test_every_identifier_written_exists_in_the_case(case: Case, package: PackageResult) -> None:
    persons = _column(case, "SELECT person_id FROM persons")
    accounts = _column(case, "SELECT account_id FROM accounts")
    usernames = _column(case, "SELECT username FROM accounts")
    orders = _column(case, "SELECT order_id FROM orders")
    messages = _column(case, "SELECT message_id FROM messages")
    wallets = _column(case, "SELECT address FROM wallet_addresses")
    folder = package.folder

    rows = list(csv.DictReader(io.StringIO((folder / "targets.csv").read_text(encoding="utf-8"))))
    assert [r["person_id"] for r in rows] == ["p-de-1", "p-de-2"]
    for row in rows:
        assert row["person_id"] in persons
        assert set(row["usernames"].split("; ")) <= usernames

    for line in (folder / "entities.ftm.jsonl").read_text(encoding="utf-8").splitlines():
        entity = json.loads(line)
        props = entity["properties"]
        if entity["schema"] == "UserAccount":
            assert set(props["username"]) <= usernames
        elif entity["schema"] == "Person":
            assert set(props["name"]) <= usernames
        elif entity["schema"] == "Payment" and "recordId" in props:
            assert set(props["recordId"]) <= orders
        elif entity["schema"] == "Message":
            assert set(props["recordId"]) <= messages

    bundle = json.loads((folder / "bundle.stix.json").read_text(encoding="utf-8"))
    actors = [o for o in bundle["objects"] if o["type"] == "threat-actor"]
    assert sorted(a["name"] for a in actors) == ["LuckyLab30", "kowalski"]

    ns = {"g": "http://gexf.net/1.3"}
    root = ET.parse(folder / "graph.gexf").getroot()
    others = set()
    for node in root.iterfind(".//g:node", ns):
        kind, _, key = str(node.get("id")).partition(":")
        if kind == "person":
            assert key in persons
        elif kind == "account":
            assert key in accounts and node.get("label") in usernames
        elif kind == "wallet":
            assert key in wallets
        elif kind == "other":
            others.add(key)
    # five foreign accounts (three buyers, two vendors): five distinct opaque nodes
    assert len(others) == 5
    assert all(o.startswith("account of another jurisdiction #") for o in others)
