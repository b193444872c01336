"""The report and a dossier load in headless Chromium with no errors; seized scripts never run."""

from __future__ import annotations

from pathlib import Path

from seized.case import Case
from seized.export.package import PackageResult
from seized.export.report import write_report
from tests.export.browser import open_pages
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
