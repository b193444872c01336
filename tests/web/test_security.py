"""Headers, CSRF, the vendored libraries, and pages that load nothing from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from seized.web import vendor
from seized.web.app import CSP, STATIC
from tests.web.conftest import login

TEMPLATES = Path(vendor.__file__).resolve().parent / "templates"


def test_the_vendored_libraries_match_their_manifest() -> None:
    assert vendor.check() == []
    names = {p.name for p in vendor.VENDOR.iterdir()}
    assert {"cytoscape.min.js", "topojson-client.min.js", "countries-110m.json"} <= names


def test_a_changed_vendored_file_is_found(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "vendor"
    shutil.copytree(vendor.VENDOR, copy)
    (copy / "cytoscape.min.js").write_bytes(b"window.__pwned=1")
    (copy / "extra.js").write_text("1")
    problems = vendor.check(copy)
    assert any(p.startswith("cytoscape.min.js: SHA-256") for p in problems)
    assert "extra.js: not in the manifest" in problems


def test_every_answer_has_the_policy(anna: TestClient) -> None:
    for url in ["/", "/login", "/api/map", "/static/app.css", "/persons/none", "/api/persons/x"]:
        response = anna.get(url)
        assert response.headers["content-security-policy"] == CSP, url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "default-src 'none'" in CSP and "script-src 'self'" in CSP


def test_no_inline_script_or_style_and_nothing_from_elsewhere() -> None:
    for path in list(TEMPLATES.glob("*.html")) + list(STATIC.glob("*.*")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert "<style" not in text and " style=" not in text, path
        assert not re.search(r"\bon[a-z]+=", text), path
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", ""), path


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/actions/note", {"entity_kind": "person", "entity_id": "x", "text": "x"}),
        ("/actions/link", {"account_a": "a", "account_b": "b", "decision": "confirm"}),
        ("/actions/tag", {"address": "a", "label": "x", "category": "exchange"}),
        ("/actions/package", {"country": "DE"}),
        ("/logout", {}),
    ],
)
def test_forms_need_the_csrf_token(app: FastAPI, url: str, data: dict[str, str]) -> None:
    client = TestClient(app)
    login(client, "anna")
    for token in (None, "forged"):
        sent = dict(data) if token is None else {**data, "csrf_token": token}
        response = client.post(url, data=sent, follow_redirects=False)
        assert response.status_code == 403, (url, token)
    assert client.get("/api/map").status_code == 200  # still logged in


def test_openapi_lists_the_api(app: FastAPI) -> None:
    spec = TestClient(app).get("/api/openapi.json").json()
    assert set(spec["paths"]) >= {
        "/api/search",
        "/api/persons/{person_id}",
        "/api/accounts/{account_id}",
        "/api/addresses/{address}",
        "/api/graph",
        "/api/flows",
    }
    assert not any(p.startswith(("/actions", "/persons")) for p in spec["paths"])
    assert "404" in spec["paths"]["/api/persons/{person_id}"]["get"]["responses"]
