"""One small synthetic case per test session, with hostile content planted, indexed, and
three workbench users: a DE/AT analyst, an NL analyst and a lead."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from seized.case import Case
from seized.runfile import run_case_file
from seized.stages import run_stage
from seized.synth import generate
from seized.web.store import Store
from seized.web.users import add_user
from tests.web import hostile
from tests.web.leaks import Foreign, foreign_values

PASSWORD = "correct horse battery staple"
USERS = {
    "anna": ("BKA", "DE,AT", "analyst"),
    "nils": ("Politie", "NL", "analyst"),
    "lena": ("Europol", "", "lead"),
}


@dataclass
class Built:
    root: Path
    server: Path


def _build(out: Path) -> Built:
    generate(out / "server", scale="small", seed=1)
    run_case_file(
        out / "server" / "case.toml", case_dir=out / "case", echo=lambda _: None, report=None
    )
    case = Case.open(out / "case")
    with case.connect() as con:
        buyer = con.execute(
            "SELECT p.account_id FROM persons AS p JOIN targets AS t USING (person_id) "
            "WHERE t.country = 'DE' AND t.role = 'buyer' ORDER BY 1 LIMIT 1"
        ).fetchone()
        assert buyer is not None
        hostile.plant(con, str(buyer[0]))
        # the planted rows are part of this test case
        recorded = [
            str(r[0]) for r in con.execute("SELECT table_name FROM meta.checksums").fetchall()
        ]
        case.record_checksums(con, recorded)
    run_stage(case, "index")
    store = Store(case.root)
    for name, (agency, countries, role) in USERS.items():
        add_user(store, name, agency=agency, countries=countries, role=role, password=PASSWORD)
    return Built(case.root, out / "server")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory.mktemp("web"))


@pytest.fixture()
def case_copy(built: Built, tmp_path: Path) -> Path:
    """A copy of the case for tests that change it (or run stages)."""
    target = tmp_path / "case"
    shutil.copytree(built.root, target)
    return target


@pytest.fixture(scope="session")
def app(built: Built) -> Iterator[FastAPI]:
    from seized.web.app import create_app

    made = create_app(built.root)
    yield made
    made.state.bench.audit.close()
    made.state.bench.reader.close()


def login(client: TestClient, name: str) -> str:
    """Log in; returns the CSRF token of the session."""
    response = client.post(
        "/login", data={"username": name, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    home = client.get("/")
    found = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
    assert found, home.text[:500]
    return found.group(1)


@pytest.fixture()
def anna(app: FastAPI) -> TestClient:
    client = TestClient(app)
    login(client, "anna")
    return client


@pytest.fixture()
def lena(app: FastAPI) -> TestClient:
    client = TestClient(app)
    login(client, "lena")
    return client


@pytest.fixture(scope="session")
def foreign(app: FastAPI) -> Foreign:
    found = foreign_values(app)
    assert len(found.persons) > 100 and len(found.accounts) > 100 and found.addresses
    return found
