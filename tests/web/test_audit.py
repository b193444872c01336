"""The audit log: one hash-chained entry per request that reads or changes case data;
`seized audit` prints it and `seized verify` checks it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from seized.case import Case
from seized.cli import cli
from seized.verify import verify
from seized.web import audit
from seized.web.store import Store
from tests.web import hostile


def _last(app: FastAPI) -> dict[str, object]:
    return audit.entries(app.state.bench.case.root)[-1]


def test_a_page_view_is_audited_with_the_ids_it_showed(app: FastAPI, anna: TestClient) -> None:
    response = anna.get(f"/api/persons/{quote(hostile.PERSON, safe='')}")
    assert response.status_code == 200
    entry = _last(app)
    assert entry["actor"] == "anna" and entry["action"] == "/api/persons/{person_id}"
    details = entry["details"]
    assert details["agency"] == "BKA" and details["method"] == "GET"
    assert details["status"] == 200 and details["params"] == {"person_id": hostile.PERSON}
    assert {hostile.PERSON, hostile.ACCOUNT, hostile.ACCOUNT2} <= set(entry["outputs"]["ids"])


def test_a_refused_id_and_a_search_are_audited(app: FastAPI, anna: TestClient) -> None:
    anna.get("/api/accounts/nowhere:1")
    entry = _last(app)
    assert entry["details"]["status"] == 404 and entry["outputs"] == {"ids": [], "count": 0}
    anna.get("/search", params={"q": "kingpin"})
    entry = _last(app)
    assert entry["action"] == "/search" and entry["details"]["params"] == {"q": "kingpin"}
    assert hostile.ACCOUNT in entry["outputs"]["ids"]


def test_unauthenticated_requests_read_nothing_and_are_not_audited(app: FastAPI) -> None:
    before = len(audit.entries(app.state.bench.case.root))
    assert TestClient(app).get("/api/persons/x").status_code == 401
    assert len(audit.entries(app.state.bench.case.root)) == before


def test_the_log_is_a_chain_that_verify_checks(
    app: FastAPI, anna: TestClient, case_copy: Path
) -> None:
    anna.get("/api/map")
    assert audit.problems(app.state.bench.case.root) == []
    assert verify(Case.open(case_copy)).ok, verify(Case.open(case_copy)).problems
    log = case_copy / "workbench" / audit.AUDIT_FILE
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = json.loads(lines[1])
    edited["details"]["params"] = {"q": "something else"}
    log.write_text("".join([lines[0], json.dumps(edited) + "\n", *lines[2:]]), encoding="utf-8")
    assert any("line 2: was edited" in p for p in audit.problems(case_copy))
    log.write_text("".join(lines[:-1]), encoding="utf-8")
    problems = verify(Case.open(case_copy)).problems
    assert any("entries were deleted from its end" in p for p in problems), problems


def test_actions_cannot_be_changed_in_the_store(case_copy: Path) -> None:
    import sqlite3

    import pytest

    store = Store(case_copy)
    store.append_action(
        user="anna",
        agency="BKA",
        kind="note",
        entity_kind="person",
        entity_id="P-1",
        payload={"text": "first"},
    )
    store.append_action(
        user="anna",
        agency="BKA",
        kind="note",
        entity_kind="person",
        entity_id="P-1",
        payload={"text": "second"},
    )
    assert store.check_actions() == []
    with store.connect() as con, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE actions SET payload = '{}' WHERE seq = 1")
    with store.connect() as con, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM actions WHERE seq = 2")
    with store.connect() as con:  # someone drops the triggers and edits a row
        con.execute("DROP TRIGGER actions_no_update")
        con.execute("""UPDATE actions SET payload = '{"text": "forged"}' WHERE seq = 1""")
    assert store.check_actions() == ["workbench action 1: was edited"]


def test_the_audit_command(app: FastAPI, anna: TestClient) -> None:
    anna.get("/api/search", params={"q": "opioids"})
    root = str(app.state.bench.case.root)
    text = CliRunner().invoke(cli, ["audit", root])
    assert text.exit_code == 0, text.output
    assert "anna@BKA\tGET /api/search\t200\t" in text.output
    as_json = CliRunner().invoke(cli, ["audit", root, "--format", "json"])
    entries = json.loads(as_json.output)
    assert entries[-1]["action"] == "/api/search" and entries[-1]["seq"] == len(entries)
