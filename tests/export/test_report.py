"""The case report: one self-contained file, everything seized escaped."""

from __future__ import annotations

import re
from pathlib import Path

from seized.case import Case
from seized.export.report import write_report
from tests.export.cases import XSS


def test_report_is_self_contained(three_countries: Case, tmp_path: Path) -> None:
    out = write_report(three_countries, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?[a-z]+:", html, re.I)
    assert html.count("<script>") == 1 and html.count("<svg ") == 4
    assert "Content-Security-Policy" in html and "default-src &#39;none&#39;" in html


def test_report_content(three_countries: Case, tmp_path: Path) -> None:
    html = write_report(three_countries, tmp_path / "report.html").read_text(encoding="utf-8")
    for heading in ("Summary", "Revenue and activity", "Money flows", "Top targets", "Per country"):
        assert f"<h2>{heading}</h2>" in html
    for country in ("DE", "NL", "FR"):
        assert f"<tr><td>{country}</td>" in html
    assert "Kraken" in html and "Bitvavo" in html
    assert "tulpenhandel" in html and "kristallkoenig" in html
    assert "2021-02" in html and "2021-04" in html  # months on the charts


def test_seized_text_is_escaped(three_countries: Case, tmp_path: Path) -> None:
    html = write_report(three_countries, tmp_path / "report.html").read_text(encoding="utf-8")
    assert XSS not in html
    assert "xss&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=" in html


def test_report_of_an_empty_case_and_custody(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "empty", actor="tester")
    out = write_report(case, tmp_path / "r" / "report.html")
    html = out.read_text(encoding="utf-8")
    assert "no data" in html
    entry = case.custody.entries()[-1]
    assert entry["action"] == "report" and str(out) in entry["outputs"]["files"]
