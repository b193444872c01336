"""The report and a dossier load in headless Chromium with no errors; seized scripts never run."""

from __future__ import annotations

from pathlib import Path

from seized.case import Case
from seized.export.package import PackageResult
from seized.export.report import write_report
from tests.export.browser import browser, chart_shots, open_pages
from tests.export.cases import XSS


def test_report_and_dossier_load_cleanly_and_payload_stays_inert(
    three_countries: Case, de_package: PackageResult, tmp_path: Path
) -> None:
    report = write_report(three_countries, tmp_path / "report.html")
    dossier = de_package.folder / "dossiers" / "00003-p-de-3.html"  # the XSS account's own
    assert "xss&lt;script&gt;" in dossier.read_text(encoding="utf-8")
    control = tmp_path / "control.html"  # the same payload unescaped: proves the check works
    control.write_text(f"<!DOCTYPE html><html><body><p>{XSS}</p></body></html>")
    runs = open_pages([report, dossier, control])
    for run, page in zip(runs[:2], (report, dossier), strict=True):
        assert run.console_errors == [], page
        assert run.page_errors == [], page
        assert run.requests == [page.resolve().as_uri()], page
        assert run.pwned is None, page
        assert run.script_ran, page  # the page's own inline script is allowed by its CSP
        assert run.rows > 5
    assert runs[0].title.startswith("Case report")
    assert runs[2].pwned in (1, 2)


def test_dossier_of_a_busy_vendor_reads_on_one_screen(busy_package: PackageResult) -> None:
    """Summary and reasons first, long tables collapsed and paged; a citation opens its row."""
    dossier = busy_package.folder / "dossiers" / "00001-bazaar_1.html"
    with browser() as open_page:
        page = open_page(dossier)
        assert page.evaluate("() => document.documentElement.scrollHeight") < 2500
        first = page.evaluate("() => document.querySelector('#why').getBoundingClientRect().top")
        assert first < 300  # the reasons are on the first screen
        cite = page.get_attribute("ul.reasons a[href^='#E']", "href")
        assert cite is not None
        row = page.locator(f"tr[id='{cite[1:]}']")
        assert not row.is_visible()  # the excerpts are collapsed
        page.click(f"ul.reasons a[href='{cite}']")
        assert row.is_visible()
        page.click("#orders > summary")
        visible = page.evaluate(
            "() => [...document.querySelectorAll('#orders tbody tr')].filter(r => !r.hidden).length"
        )
        assert visible == 25  # the first page of the 200 orders
        page.click("#orders .pager button:last-child")
        shown = page.evaluate("() => document.querySelector('#orders .pager span').textContent")
        assert shown == "rows 26–50 of 200"


def test_every_report_chart_draws_and_nothing_is_clipped(busy: Case, tmp_path: Path) -> None:
    report = write_report(busy, tmp_path / "report.html")
    with browser() as open_page:
        shots = chart_shots(open_page(report))
    assert set(shots) == {
        "fig-timeline", "fig-revenue", "fig-activity", "fig-sold", "fig-cashouts",
        "fig-graph", "fig-map", "fig-countries",
    }  # fmt: skip
    for name, (_, stats, clipped) in shots.items():
        assert clipped == [], name  # e.g. the revenue axis label "94.5000 BTC" shows whole
        assert stats["width"] >= 500 and stats["height"] >= 60, name
        assert stats["ink"] > 0.02 and stats["colours"] > 8, name
    assert shots["fig-map"][1]["colours"] > 20  # the countries, shaded


def test_the_clipping_check_catches_a_clipped_label(tmp_path: Path) -> None:
    page = tmp_path / "clipped.html"
    page.write_text(
        '<!DOCTYPE html><html><body><figure id="f"><svg width="200" height="50" '
        'viewBox="0 0 200 50"><text x="10" y="20" text-anchor="end">224.1154 BTC</text>'
        "</svg></figure></body></html>"
    )
    with browser() as open_page:
        shots = chart_shots(open_page(page))
    assert shots["f"][2] == ["224.1154 BTC"]


def test_the_top_targets_show_25_rows_a_page_and_reach_all(tmp_path: Path) -> None:
    from tests.export.test_report import sixty_targets

    report = write_report(sixty_targets(tmp_path / "case"), tmp_path / "report.html")
    visible = (
        "() => [...document.querySelector('#targets').tBodies[0].rows]"
        ".filter(r => !r.hidden).map(r => r.cells[1].textContent)"
    )
    with browser() as open_page:
        page = open_page(report)
        seen = page.evaluate(visible)
        assert seen == [f"P-{n:03d}" for n in range(1, 26)]
        label = "#targets + .pager span"
        assert page.text_content(label) == "rows 1–25 of 60"
        for _ in range(2):
            page.click("#targets + .pager button:last-child")
            seen += page.evaluate(visible)
        assert page.text_content(label) == "rows 51–60 of 60"
        assert seen == [f"P-{n:03d}" for n in range(1, 61)]
        page.fill("input.filter[data-table='targets']", "number 42")
        assert page.evaluate(visible) == ["P-042"]
