"""The workbench in headless Chromium (the distribution's package, driven by Playwright):
log in, search, open a person, expand the graph, follow a flow, confirm a link, draw the map;
and the hostile content: nothing planted in the case runs, nothing loads from elsewhere.

With SEIZED_SCREENSHOTS=DIR set, each view is saved as DIR/<view>.png (docs/workbench.md
shows them)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI

from tests.export.browser import CHROMIUM_ARGS, chromium
from tests.web import hostile
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.slow


@dataclass
class Watch:
    """What the pages did: console errors, page errors, and every URL they requested."""

    base: str
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.base)]


@pytest.fixture(scope="module")
def server(app: FastAPI) -> Iterator[str]:
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # lifespan off: stopping this server must not close the session's application
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def session(browser: Any, server: str) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    watch = Watch(server)
    page.on("console", lambda m: watch.console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.on("request", lambda r: watch.requests.append(r.url))
    page.goto(server + "/login")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(server + "/")
    yield page, watch
    context.close()


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("SEIZED_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def clean(page: Any, watch: Watch) -> None:
    assert page.evaluate("() => window.__pwned") is None
    assert watch.errors == [], watch.errors
    assert watch.console == [], watch.console
    assert watch.foreign_requests() == []


def _top_vendor(app: FastAPI) -> tuple[str, str]:
    """The German vendor who ranks highest and cashed out, and one of its usernames."""
    with app.state.bench.reader.read() as con:
        row = con.execute(
            "SELECT t.person_id, a.username FROM targets AS t JOIN persons AS p USING "
            "(person_id) JOIN accounts AS a USING (account_id) WHERE t.country = 'DE' AND "
            "t.role = 'vendor' AND t.person_id IN (SELECT person_id FROM cashouts) "
            "AND t.person_id NOT LIKE '%<%' ORDER BY t.rank, a.username LIMIT 1"
        ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def test_search_person_graph_flows_and_map(
    session: tuple[Any, Watch], server: str, app: FastAPI
) -> None:
    page, watch = session
    person, username = _top_vendor(app)
    shot(page, "targets")
    page.fill("form.search input[name=q]", username)
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_selector("section.hits[data-kind=person]")
    shot(page, "search")
    page.click(f"section.hits[data-kind=person] a[href='/persons/{person}']")
    page.wait_for_selector("h1:has-text('Person')")
    assert person in page.inner_text("h1")
    assert "Why these accounts were linked" in page.inner_text("main")
    shot(page, "person")
    page.click("text=Link graph")
    page.wait_for_function("() => window.__graph && window.__graph.nodes().length >= 2")
    before = page.evaluate("() => window.__graph.nodes().length")
    page.evaluate("() => window.__graph.nodes('[kind = \"account\"]').forEach(n => n.emit('tap'))")
    page.wait_for_function(f"() => window.__graph.nodes().length > {before}")
    page.wait_for_timeout(300)
    shot(page, "graph")
    page.go_back()
    page.click("text=Money flows")
    page.wait_for_selector("#cashouts td a")
    page.click("#cashouts td a")  # on to the exchange
    page.wait_for_selector("h1:has-text('Exchange')")
    page.go_back()
    shot(page, "flows")
    page.goto(server + "/timeline?person=" + quote(person, safe=""))
    page.wait_for_selector("svg.timeline rect")
    shot(page, "timeline")
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-drawn]")
    assert page.locator("#map path.t5, #map path.t4, #map path.t3").count() >= 1
    assert page.locator("#map-table tbody tr").count() == 2  # DE and AT
    shot(page, "map")
    page.fill("form.search input[name=q]", "kingpin")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_selector("section.hits[data-kind=account]")
    page.click("section.hits[data-kind=person] a")
    page.wait_for_selector("h1:has-text('Person')")
    assert "kingpin<script>" in page.inner_text("main")  # seized text shown as text
    shot(page, "hostile-person")
    clean(page, watch)


def test_confirm_a_link(session: tuple[Any, Watch], server: str, app: FastAPI) -> None:
    page, watch = session
    with app.state.bench.reader.read() as con:
        person = con.execute(
            "SELECT t.person_id FROM targets AS t JOIN persons AS p USING (person_id) "
            "JOIN link_edges AS e ON e.account_a = p.account_id WHERE t.country = 'DE' "
            "AND e.accepted ORDER BY 1 LIMIT 1"
        ).fetchone()[0]
    page.goto(server + "/persons/" + quote(person, safe=""))
    form = page.locator("form.decide").first
    a = form.locator("input[name=account_a]").get_attribute("value")
    b = form.locator("input[name=account_b]").get_attribute("value")
    form.locator("input[name=note]").fill("same stealth photos")
    shot(page, "link-decision")
    form.locator("button[value=confirm]").click()
    page.wait_for_url(server + "/persons/" + quote(person, safe=":"))
    overrides = (app.state.bench.store.folder / "link-overrides.txt").read_text()
    assert f"must-link   {min(a, b)}   {max(a, b)}" in overrides
    clean(page, watch)


def test_hostile_content_stays_inert(session: tuple[Any, Watch], server: str) -> None:
    page, watch = session
    q = lambda v: quote(v, safe="")  # noqa: E731
    urls = [
        f"/persons/{q(hostile.PERSON)}",
        f"/accounts/{q(hostile.ACCOUNT)}",
        f"/accounts/{q(hostile.ACCOUNT2)}",
        f"/listings/{q(hostile.LISTING)}",
        f"/orders/{q(hostile.ORDER)}",
        f"/messages/{q(hostile.MESSAGE)}",
        f"/messages/{q(hostile.MESSAGE_HUGE)}",
        f"/addresses/{q(hostile.ADDRESS)}",
        f"/clusters/{q(hostile.CLUSTER)}",
        f"/exchanges/{q(hostile.EXCHANGE)}",
        f"/transactions/{hostile.TXID}",
        f"/flows?from=person:{q(hostile.PERSON)}",
        f"/graph?node=person:{q(hostile.PERSON)}",
        "/search?q=kingpin",
        "/search?q=pwned",
        "/",
    ]
    for url in urls:
        page.goto(server + url)
        page.wait_for_load_state("load")
        for link in page.locator("a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith(("javascript", "data:", "http")), (url, href)
        page.mouse.move(200, 300)
        page.mouse.move(600, 400)
        assert page.evaluate("() => window.__pwned") is None, url
        assert page.evaluate("() => getComputedStyle(document.body).backgroundImage") == "none"
    page.goto(server + f"/persons/{q(hostile.PERSON)}")
    page.click("text=Link graph")
    page.wait_for_function("() => window.__graph && window.__graph.nodes().length >= 3")
    page.evaluate("() => window.__graph.nodes().forEach(n => n.emit('tap'))")
    page.wait_for_timeout(500)
    shot(page, "hostile-graph")
    clean(page, watch)


def test_a_control_payload_would_be_caught(session: tuple[Any, Watch]) -> None:
    """The same payload in a page without the workbench's policy runs (so the checks above
    would see it); in a workbench page, even put into the page unescaped, the policy stops
    it."""
    page, _ = session
    blank = page.context.new_page()
    blank.set_content(f"<p>{hostile.IMG}</p>")
    blank.wait_for_timeout(300)
    assert blank.evaluate("() => window.__pwned") == 2
    blank.close()
    page.evaluate(f"() => document.body.insertAdjacentHTML('beforeend', {hostile.IMG!r})")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
