"""Open a page in headless Chromium (the distribution's package, driven by Playwright)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium() -> str:
    for name in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(name).exists():
            return name
    found = shutil.which("chromium")
    if found:
        return found
    raise AssertionError(
        "headless browser tests need Chromium: install the distribution package "
        "(apt-get install -y chromium) and the Python package playwright; "
        "do not run `playwright install`"
    )


@dataclass
class PageRun:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    pwned: object = None
    title: str = ""
    rows: int = 0
    script_ran: bool = False


def open_pages(paths: list[Path]) -> list[PageRun]:
    """Load each file, collect console and page errors and every request the page made."""
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            for path in paths:
                run = PageRun()
                page = browser.new_page()
                page.on(
                    "console",
                    lambda m, r=run: r.console_errors.append(m.text) if m.type == "error" else None,
                )
                page.on("pageerror", lambda e, r=run: r.page_errors.append(str(e)))
                page.on("request", lambda q, r=run: r.requests.append(q.url))
                page.goto(path.resolve().as_uri(), wait_until="load")
                page.wait_for_timeout(200)
                run.pwned = page.evaluate("() => window.__pwned")
                run.title = page.title()
                run.rows = int(page.evaluate("() => document.querySelectorAll('tr').length"))
                header = page.query_selector("th")
                if header is not None:  # the page's own script makes headers sort on click
                    header.click()
                    run.script_ran = header.get_attribute("data-order") is not None
                page.close()
                runs.append(run)
        finally:
            browser.close()
    return runs


@contextmanager
def browser(width: int = 1280, height: int = 900) -> Iterator[Callable[[Path], Page]]:
    """A headless Chromium; the function it yields opens a file in a new page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        engine = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)

        def open_page(path: Path) -> Page:
            page = engine.new_page(viewport={"width": width, "height": height})
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_timeout(100)
            return page

        try:
            yield open_page
        finally:
            engine.close()
