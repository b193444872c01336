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


_INK = """async (src) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width;
  canvas.height = img.height;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  const data = context.getImageData(0, 0, img.width, img.height).data;
  let ink = 0;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235) { ink += 1; }
    colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  }
  return {width: img.width, height: img.height, ink: ink / (data.length / 4),
          colours: colours.size};
}"""

_CLIPPED = """(figure) => {
  const svg = figure.querySelector("svg");
  const box = svg.viewBox.baseVal;
  const out = [];
  svg.querySelectorAll("text").forEach((t) => {
    const b = t.getBBox();
    if (b.x < box.x - 0.5 || b.y < box.y - 0.5 || b.x + b.width > box.x + box.width + 0.5 ||
        b.y + b.height > box.y + box.height + 0.5) { out.push(t.textContent); }
  });
  return out;
}"""


def chart_shots(page: Page) -> dict[str, tuple[bytes, dict[str, float], list[str]]]:
    """Per chart (``figure[id]``) of an open page: a PNG screenshot, what the screenshot shows
    (size, share of pixels with ink, distinct colours, measured in a blank page's canvas) and
    the texts that stick out of the chart's drawing area."""
    import base64

    engine = page.context.browser
    assert engine is not None
    blank = engine.new_page()
    out = {}
    for figure in page.query_selector_all("figure[id]"):
        png = figure.screenshot()
        uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        stats = blank.evaluate(_INK, uri)
        out[str(figure.get_attribute("id"))] = (png, stats, figure.evaluate(_CLIPPED))
    blank.close()
    return out
