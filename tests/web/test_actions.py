"""Actions: notes, link decisions (and the next `seized link`), tags, packages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient

from seized.chain.tagpack import load_tagpack
from seized.link.overrides import parse_overrides
from seized.stages import run_stage
from seized.web import actions
from seized.web.audit import entries
from tests.web import hostile
from tests.web.conftest import login


def _csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    assert found
    return found.group(1)


def _custody(app: FastAPI, action: str) -> list[dict[str, object]]:
    return [e for e in app.state.bench.case.custody.entries() if e["action"] == action]


def test_notes_are_kept_shown_to_the_agency_and_logged(
    app: FastAPI, anna: TestClient, lena: TestClient
) -> None:
    url = f"/persons/{quote(hostile.PERSON, safe='')}"
    text = f"seen at the border {hostile.SCRIPT}"
    response = anna.post(
        "/actions/note",
        data={
            "entity_kind": "person",
            "entity_id": hostile.PERSON,
            "text": text,
            "csrf_token": _csrf(anna),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == url
    assert "seen at the border &lt;script&gt;" in anna.get(url).text
    assert "seen at the border" in lena.get(url).text  # a lead reads every agency's notes
    entry = _custody(app, "workbench.note")[-1]
    assert entry["actor"] == "anna@BKA" and entry["details"]["text"] == text
    refused = anna.post(
        "/actions/note",
        data={
            "entity_kind": "person",
            "entity_id": "P-nobody",
            "text": "x",
            "csrf_token": _csrf(anna),
        },
    )
    assert refused.status_code == 404
    empty = anna.post(
        "/actions/note",
        data={
            "entity_kind": "person",
            "entity_id": hostile.PERSON,
            "text": "  ",
            "csrf_token": _csrf(anna),
        },
    )
    assert empty.status_code == 422


def _accounts(app: FastAPI) -> tuple[str, str, str, str]:
    """Two German accounts of different persons, and two German accounts of one person."""
    with app.state.bench.reader.read() as con:
        rows = con.execute(
            "SELECT p.person_id, p.account_id FROM persons AS p JOIN targets AS t USING "
            "(person_id) WHERE t.country = 'DE' AND p.account_id NOT LIKE '%<%' AND "
            "p.account_id NOT LIKE '%javascript%' ORDER BY 1, 2"
        ).fetchall()
    by_person: dict[str, list[str]] = {}
    for person, account in rows:
        by_person.setdefault(person, []).append(account)
    singles = [a[0] for a in by_person.values() if len(a) == 1]
    pair = next(a for a in by_person.values() if len(a) == 2)
    return singles[0], singles[1], pair[0], pair[1]


def test_link_decisions_become_overrides_for_the_next_link(
    app: FastAPI, anna: TestClient, tmp_path: Path
) -> None:
    a, b, c, d = _accounts(app)
    for x, y, decision in ((a, b, "confirm"), (c, d, "reject")):
        response = anna.post(
            "/actions/link",
            data={
                "account_a": x,
                "account_b": y,
                "decision": decision,
                "note": "photos\n#x",
                "csrf_token": _csrf(anna),
            },
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
    path = app.state.bench.store.folder / actions.OVERRIDES_FILE
    parsed = {(o.account_a, o.account_b): o for o in parse_overrides(path)}
    assert parsed[tuple(sorted((a, b)))].kind == "must_link"
    assert parsed[tuple(sorted((c, d)))].kind == "cannot_link"
    assert "anna@BKA" in (parsed[tuple(sorted((a, b)))].note or "")
    assert [e["details"]["decision"] for e in _custody(app, "workbench.link")][-2:] == [
        "confirm",
        "reject",
    ]
    foreign = anna.post(
        "/actions/link",
        data={
            "account_a": a,
            "account_b": "nightowl:1",
            "decision": "confirm",
            "csrf_token": _csrf(anna),
        },
    )
    assert foreign.status_code == 404
    # the next `seized link` of the case applies them (on a copy: the server holds the store)
    copy = tmp_path / "case"
    shutil.copytree(app.state.bench.case.root, copy)
    from seized.case import Case

    case = Case.open(copy)
    result = run_stage(case, "link")
    assert not result.skipped
    with case.connect(read_only=True) as con:
        person = dict(con.execute("SELECT account_id, person_id FROM persons").fetchall())
        kinds = set(con.execute("SELECT kind, account_a, account_b FROM link_overrides").fetchall())
    assert person[a] == person[b] and person[c] != person[d]
    assert ("must_link", *sorted((a, b))) in kinds and ("cannot_link", *sorted((c, d))) in kinds
    assert run_stage(case, "link").skipped  # the same file is not applied twice


def test_tags_go_to_a_tag_pack(app: FastAPI, anna: TestClient) -> None:
    with app.state.bench.reader.read() as con:
        address = con.execute(
            "SELECT w.address FROM wallet_addresses AS w JOIN persons AS p USING (account_id) "
            "JOIN targets AS t USING (person_id) WHERE t.country = 'DE' ORDER BY 1 LIMIT 1"
        ).fetchone()[0]
    response = anna.post(
        "/actions/tag",
        data={
            "address": address,
            "label": "Kraken deposit",
            "category": "exchange",
            "note": "subpoena 12",
            "csrf_token": _csrf(anna),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    pack = load_tagpack(app.state.bench.store.folder / actions.TAGPACK_FILE)
    assert pack.warnings == []
    tag = next(t for t in pack.tags if t.address == address)
    assert tag.fields["label"] == "Kraken deposit" and tag.valid
    assert tag.fields["confidence"] == "forensic_investigation"
    bad = anna.post(
        "/actions/tag",
        data={"address": address, "label": "x", "category": "nonsense", "csrf_token": _csrf(anna)},
    )
    assert bad.status_code == 422
    assert (
        anna.post(
            "/actions/tag",
            data={
                "address": "1Nowhere",
                "label": "x",
                "category": "exchange",
                "csrf_token": _csrf(anna),
            },
        ).status_code
        == 404
    )


def test_packages_for_the_agency_countries_only(app: FastAPI, anna: TestClient) -> None:
    refused = anna.post("/actions/package", data={"country": "NL", "csrf_token": _csrf(anna)})
    assert refused.status_code == 404
    built = anna.post(
        "/actions/package",
        data={"country": "AT", "csrf_token": _csrf(anna)},
        follow_redirects=False,
    )
    assert built.status_code == 303 and built.headers["location"] == "/packages"
    names = re.findall(r'href="/packages/(AT-[^"]+)"', anna.get("/packages").text)
    assert names
    name = names[0]
    download = anna.get(f"/packages/{name}")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    nils = TestClient(app)
    login(nils, "nils")
    assert nils.get(f"/packages/{name}").status_code == 404
    assert name not in nils.get("/packages").text
    assert [e for e in entries(app.state.bench.case.root) if e["action"] == "/actions/package"]
    assert app.state.bench.case.custody.entries()[-1]["actor"] == "anna@BKA"
