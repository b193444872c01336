"""Isolation: an analyst of agency A never sees a person outside A's countries.

A crawler logs in as the DE/AT analyst, follows every link it finds (up to a quota per kind of
page) and calls every API route with the ids of persons, accounts and addresses outside the
scope; it fails on any answer but 404 for those, on any broken link, and on any out-of-scope id
or name in any answer. The foreign values are computed here with plain SQL, not with the
workbench's scope module.
"""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from urllib.parse import quote, unquote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web import hostile
from tests.web.leaks import Foreign, leaks

PER_KIND = 25


def _links(page: str) -> list[str]:
    found = []
    for raw in re.findall(r'(?:href|action)="([^"]*)"', page):
        url = html.unescape(raw)
        if url.startswith("/") and not url.startswith(("/static/", "/packages/", "/logout")):
            found.append(url)
    return found


def _kind(url: str) -> str:
    return url.split("?")[0].strip("/").split("/")[0] or "home"


@pytest.mark.slow
def test_crawler_sees_nothing_out_of_scope(
    app: FastAPI, anna: TestClient, foreign: Foreign
) -> None:
    seen: set[str] = set()
    queue = deque(["/", "/map", "/packages", "/search?q=Berlin", "/search?q=opioids"])
    per_kind: Counter[str] = Counter()
    visited = 0
    while queue:
        url = queue.popleft()
        if url in seen or url.startswith("/actions/"):
            continue
        seen.add(url)
        if per_kind[_kind(url)] >= PER_KIND:
            continue
        per_kind[_kind(url)] += 1
        response = anna.get(url)
        visited += 1
        assert response.status_code == 200, (url, response.status_code)
        assert leaks(response.text, foreign.secrets) == [], url
        queue.extend(_links(response.text))
        for api in _api_twins(url):
            answer = anna.get(api)
            assert answer.status_code == 200, api
            assert leaks(answer.text, foreign.secrets) == [], api
    kinds = set(per_kind)
    assert {
        "persons",
        "accounts",
        "addresses",
        "orders",
        "messages",
        "listings",
        "graph",
        "flows",
        "timeline",
        "search",
    } <= kinds, kinds
    assert visited > 100


def _api_twins(url: str) -> list[str]:
    path = url.split("?")[0]
    parts = path.strip("/").split("/", 1)
    if len(parts) != 2:
        return []
    kind, value = parts[0], unquote(parts[1])
    q = quote(value, safe="")
    if kind == "persons":
        return [
            f"/api/persons/{q}",
            f"/api/graph?depth=2&node=person:{q}",
            f"/api/flows?from=person:{q}",
            f"/api/timeline?person={q}",
        ]
    if kind == "accounts":
        return [f"/api/accounts/{q}", f"/api/graph?depth=2&node=account:{q}"]
    if kind == "addresses":
        return [
            f"/api/addresses/{q}",
            f"/api/flows?from=address:{q}",
            f"/api/graph?depth=2&node=address:{q}",
        ]
    return []


def _sample(values: list[str], n: int = 30) -> list[str]:
    step = max(1, len(values) // n)
    return values[::step][:n]


@pytest.mark.slow
def test_every_route_answers_404_for_foreign_ids(anna: TestClient, foreign: Foreign) -> None:
    probes = []
    for person in _sample(foreign.persons):
        q = quote(person, safe="")
        probes += [
            f"/api/persons/{q}",
            f"/persons/{q}",
            f"/api/graph?node=person:{q}",
            f"/graph?node=person:{q}",
            f"/api/flows?from=person:{q}",
            f"/flows?from=person:{q}",
            f"/api/timeline?person={q}",
            f"/timeline?person={q}",
        ]
    for account in _sample(foreign.accounts):
        q = quote(account, safe="")
        probes += [f"/api/accounts/{q}", f"/accounts/{q}", f"/api/graph?node=account:{q}"]
    for address in _sample(foreign.addresses):
        q = quote(address, safe="")
        probes += [
            f"/api/addresses/{q}",
            f"/addresses/{q}",
            f"/api/flows?from={q}",
            f"/api/graph?node=address:{q}",
        ]
    for url in probes:
        response = anna.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert leaks(response.text, foreign.secrets) == [], url
    for secret in _sample(sorted(foreign.secrets), 60):
        response = anna.get("/api/search", params={"q": secret})
        assert response.json()["groups"] == [], secret


def test_unknown_and_foreign_ids_get_the_same_answer(anna: TestClient, foreign: Foreign) -> None:
    missing = anna.get("/api/persons/P-does-not-exist")
    hidden = anna.get(f"/api/persons/{quote(foreign.persons[0], safe='')}")
    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()
    page_missing = anna.get("/persons/P-does-not-exist")
    page_hidden = anna.get(f"/persons/{quote(foreign.persons[0], safe='')}")
    assert page_missing.status_code == page_hidden.status_code == 404
    assert page_missing.text == page_hidden.text


def test_the_lead_sees_what_the_analyst_does_not(lena: TestClient, foreign: Foreign) -> None:
    for person in _sample(foreign.persons, 5):
        response = lena.get(f"/persons/{quote(person, safe='')}")
        assert response.status_code == 200, person
        assert leaks(response.text, foreign.secrets), person  # the check finds what is there


def test_the_analyst_sees_the_hostile_german_person(anna: TestClient) -> None:
    response = anna.get(f"/api/persons/{quote(hostile.PERSON, safe='')}")
    assert response.status_code == 200
    assert {a["account_id"] for a in response.json()["accounts"]} == {
        hostile.ACCOUNT,
        hostile.ACCOUNT2,
    }


@pytest.mark.parametrize(
    "url",
    [
        "/api/search?q=x",
        "/api/persons/x",
        "/api/accounts/x",
        "/api/addresses/x",
        "/api/graph?node=person:x",
        "/api/flows?from=x",
        "/api/map",
        "/api/timeline?market=x",
    ],
)
def test_api_without_a_session_is_401(app: FastAPI, url: str) -> None:
    response = TestClient(app).get(url)
    assert response.status_code == 401
    assert response.json() == {"detail": "log in first"}


def test_pages_without_a_session_go_to_the_login(app: FastAPI) -> None:
    response = TestClient(app).get("/persons/x", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
