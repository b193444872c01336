"""The case report: one self-contained file, everything seized escaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seized.case import Case
from seized.export import report
from seized.export.report import write_report
from tests.export.cases import XSS, insert


def test_report_is_self_contained(three_countries: Case, tmp_path: Path) -> None:
    out = write_report(three_countries, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?[a-z]+:", html, re.I)
    assert html.count("<script>") == 1 and html.count("<svg ") == 8
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


def test_money_flows_keep_the_markets_own_wallets_apart(busy: Case, tmp_path: Path) -> None:
    html = write_report(busy, tmp_path / "report.html").read_text(encoding="utf-8")
    persons = html[html.index('<table id="cashouts">') :]
    persons = persons[: persons.index("</table>")]
    # the vendor's 9 BTC; the market's 4 BTC of refunds are not a person's cash-out
    assert "<td>Kraken</td><td>exchange</td>" in persons
    assert '9.00000000 BTC</td><td class="num">1</td>' in persons
    market = html[html.index('<table id="market-cashouts">') :]
    assert '4.00000000 BTC</td><td class="num">1</td>' in market[: market.index("</table>")]


def test_sections_of_the_whole_case(busy: Case, tmp_path: Path) -> None:
    html = write_report(busy, tmp_path / "report.html").read_text(encoding="utf-8")
    for heading in ("Timeline of the markets", "What was sold", "Link graph of the top persons"):
        assert f"<h2>{heading}</h2>" in html
    sold = html[html.index('id="fig-sold"') : html.index('id="products"')]
    for category in ("opioids", "stimulants", "cannabis"):
        assert category in sold
    assert "2019-01" in sold and "2020-06" in sold
    products = html[html.index('<table id="products">') :]
    assert "Cocaine 90% 10 g" in products[: products.index("</table>")]
    timeline = html[html.index('<table id="timeline">') :]
    assert "<td>bazaar</td><td>2019-01-05</td><td>2019-01-03</td>" in timeline
    world = html[html.index('id="fig-map"') : html.index('id="fig-countries"')]
    assert "Germany (DE): 31" in world and "Austria (AT): 10" in world
    graph = html[html.index('id="fig-graph"') : html.index("<h2>Per country</h2>")]
    assert "BigDealer" in graph and "orders, " in graph


def test_listings_only_case_shows_its_estimated_revenue(tmp_path: Path) -> None:
    case = Case.init(tmp_path / "listings", actor="tester")
    with case.connect() as con:
        insert(con, "accounts", {"account_id": "m:1", "market_id": "m", "native_id": "1",
                                 "username": "seller", "role": "vendor"})  # fmt: skip
        insert(con, "listings", {"listing_id": "m:L1", "market_id": "m", "native_id": "L1",
                                 "vendor_id": "m:1", "title": "Weed 5 g", "category": "Cannabis",
                                 "created_at": "2020-05-01 00:00:00"})  # fmt: skip
        insert(con, "economics", {"person_id": "m:1", "revenue_sats": 3_400_000_000,
                                  "revenue_estimated_sats": 3_400_000_000,
                                  "revenue_method": "feedback"})  # fmt: skip
        insert(con, "targets", {"person_id": "m:1", "role": "vendor", "score": 99.0, "rank": 1,
                                "revenue_sats": 3_400_000_000, "accounts": ["m:1"],
                                "markets": ["m"]})  # fmt: skip
    html = write_report(case, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<b>34.0000 BTC</b>revenue estimated from feedback" in html
    assert "No orders were seized: listings per month by category" in html


def sixty_targets(root: Path) -> Case:
    """A case whose rank stage found 60 targets (written straight into the store)."""
    case = Case.init(root, actor="tester")
    with case.connect() as con:
        for n in range(1, 61):
            row = {"person_id": f"P-{n:03d}", "role": "vendor", "score": 100.0 - n, "rank": n}
            insert(con, "targets", {**row, "country": "DE", "summary": f"vendor number {n}"})
    return case


def test_every_target_is_in_the_paged_table(tmp_path: Path) -> None:
    html = write_report(sixty_targets(tmp_path / "case"), tmp_path / "report.html")
    text = html.read_text(encoding="utf-8")
    table = text[text.index('<table id="targets" class="paged">') :]
    table = table[: table.index("</table>")]
    assert re.findall(r"<td>(P-\d+)</td>", table) == [f"P-{n:03d}" for n in range(1, 61)]
    assert "The first" not in text  # all of them are listed


def test_a_longer_list_of_targets_says_where_the_rest_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report, "TOP_TARGETS", 50)
    text = write_report(sixty_targets(tmp_path / "case"), tmp_path / "r.html").read_text()
    table = text[text.index('<table id="targets"') :]
    assert len(re.findall(r"<td>P-\d+</td>", table[: table.index("</table>")])) == 50
    assert "The first 50 of 60 targets; all of them: seized rank case --top 60" in text
