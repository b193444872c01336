"""A listings-only case: a scrape's CSV exports, and the real 2014 Agora scrape.

Without orders, vendors are ranked by revenue estimated from the listing pages' counters; every
target says so, a planted holding price does not reach the top, and 'WW' or 'EU' is no country.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

import seized
from seized.geo.countries import is_country_code
from tests.rank import scrape

MAPPING = Path(__file__).with_name("scrape-csv.yaml")


def _case(root: Path, evidence: Path, market: str, mapping: str) -> seized.Case:
    case = seized.Case.init(root, name=market)
    seized.add_evidence(case, [evidence], market=market)
    seized.set_mapping(case, market, mapping)
    seized.run_stage(case, "ingest")
    return case


@pytest.fixture(scope="module")
def ranked(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[seized.Case, list[scrape.Row], seized.StageResult]]:
    root = tmp_path_factory.mktemp("scrape")
    rows = scrape.write(root / "export")
    case = _case(root / "case", root / "export", "dreamy", str(MAPPING))
    yield case, rows, seized.run_stage(case, "rank")


def _targets(case: seized.Case) -> dict[str, dict[str, Any]]:
    with case.connect(read_only=True) as con:
        cursor = con.execute("SELECT * FROM targets ORDER BY rank")
        names = [d[0] for d in cursor.description or []]
        return {
            str(row[0]).split(":", 1)[1]: dict(zip(names, row, strict=True))
            for row in cursor.fetchall()
        }


def _expected_revenue(rows: list[scrape.Row]) -> dict[str, float]:
    """Price × rise of the counter per listing, from the exported rows; feedback counters scaled
    by sales per feedback on the listings showing both; planted prices left out."""
    items: dict[tuple[str, str, str], list[scrape.Row]] = defaultdict(list)
    for r in rows:
        items[(r.vendor, r.title, r.sold_since)].append(r)
    both = [
        (max(r.sold or 0 for r in v), max(r.feedback or 0 for r in v))
        for v in items.values()
        if v[0].sold is not None and v[0].feedback
    ]
    multiplier = sum(s for s, _ in both) / sum(f for _, f in both)
    revenue: dict[str, float] = defaultdict(float)
    for (vendor, title, _), seen in items.items():
        high = 0
        for r in sorted(seen, key=lambda r: r.crawl):
            count = r.sold if r.sold is not None else r.feedback
            if count is None:
                continue
            rise, high = max(count - high, 0), max(high, count)
            plausible = r.price_usd > 0 and title != "1x tab"
            scale = 1.0 if r.sold is not None else multiplier
            revenue[vendor] += rise * scrape.usd_sats(r.price_usd) * scale * plausible
    return dict(revenue)


def test_vendors_rank_by_estimated_revenue(
    ranked: tuple[seized.Case, list[scrape.Row], seized.StageResult],
) -> None:
    case, rows, _ = ranked
    targets = _targets(case)
    expected = _expected_revenue(rows)
    by_estimate = sorted(expected, key=lambda v: -expected[v])
    assert list(targets)[: len(by_estimate)] == by_estimate
    for vendor, sats in expected.items():
        assert targets[vendor]["revenue_sats"] == pytest.approx(sats, rel=1e-6, abs=2)
    assert set(targets) - set(expected) == {scrape.NO_COUNTS_VENDOR}
    assert list(targets)[-1] == scrape.NO_COUNTS_VENDOR  # no counters: after every estimate


def test_every_target_states_its_method(
    ranked: tuple[seized.Case, list[scrape.Row], seized.StageResult],
) -> None:
    case, _, result = ranked
    targets = _targets(case)
    for vendor, t in targets.items():
        reasons = json.loads(t["reasons"])
        if vendor == scrape.NO_COUNTS_VENDOR:
            assert t["revenue_method"] == "none"
            assert reasons["ranking"]["evidence"] is False
            continue
        method = "listing_feedback" if vendor == scrape.FEEDBACK_ONLY_VENDOR else "listing_sales"
        assert t["revenue_method"] == method
        assert reasons["money"]["estimate_method"] == method
        assert reasons["money"]["estimate_caveats"]
        assert t["revenue_basis"].startswith("estimate from the ")
        assert "Soska and Christin" in t["revenue_basis"]
        assert "estimated from the " in t["summary"] and "(no orders seized)" in t["summary"]
    assert "calibrated on" in targets[scrape.FEEDBACK_ONLY_VENDOR]["revenue_basis"]
    assert result.counts["revenue_methods"] == {"listing_feedback": 1, "listing_sales": 11}
    assert any("estimated from the sales counters" in m for m in result.messages)


def test_a_holding_price_does_not_reach_the_top(
    ranked: tuple[seized.Case, list[scrape.Row], seized.StageResult],
) -> None:
    case, rows, result = ranked
    targets = _targets(case)
    placeholder = 1000 * scrape.usd_sats(99_999)  # 84,530 BTC valued as it stands
    assert placeholder > 100 * max(_expected_revenue(rows).values())
    held = targets[scrape.PLACEHOLDER_VENDOR]
    assert held["rank"] > len(targets) // 2
    assert held["revenue_sats"] < 2 * 10**8
    assert "1,000 counted sales not valued (implausible price)" in held["revenue_basis"]
    with case.connect(read_only=True) as con:
        flags = con.execute(
            "SELECT l.title, lp.price_flag, lp.price_reason FROM listing_products AS lp "
            "JOIN listings AS l USING (listing_id) WHERE lp.price_flag IS NOT NULL ORDER BY 1"
        ).fetchall()
        excluded = con.execute(
            "SELECT excluded_listings FROM economics WHERE person_id = ?",
            [f"dreamy:{scrape.PLACEHOLDER_VENDOR}"],
        ).fetchone()
    assert [(t, f) for t, f, _ in flags] == [
        ("1x tab", "high_outlier"),
        ("1x tab", "high_outlier"),
        ("7g Amnesia Haze", "zero"),
        ("7g Amnesia Haze", "zero"),
    ]
    assert str(flags[0][2]).startswith("84.53 BTC per tab, ")
    assert "the median of psychedelics per tab in 2017" in str(flags[0][2])
    assert excluded == (2,)
    assert result.counts["implausible_prices"] == {"zero": 2, "high_outlier": 2}


def test_worldwide_and_europe_are_not_countries(
    ranked: tuple[seized.Case, list[scrape.Row], seized.StageResult],
) -> None:
    case, _, _ = ranked
    targets = _targets(case)
    assert targets["WorldWideWeed"]["country"] is None
    assert targets["EuroSpeed"]["country"] is None
    assert targets["SnowWhiteNL"]["country"] == "NL"
    assert all(is_country_code(t["country"]) for t in targets.values() if t["country"])
    with case.connect(read_only=True) as con:
        shipped = dict(
            con.execute(
                "SELECT DISTINCT split_part(vendor_id, ':', 2), ships_from FROM listings "
                "WHERE vendor_id IN ('dreamy:WorldWideWeed', 'dreamy:EuroSpeed')"
            ).fetchall()
        )
        evidence = con.execute("SELECT DISTINCT country FROM country_evidence").fetchall()
    assert shipped == {"WorldWideWeed": "Worldwide", "EuroSpeed": "European Union"}
    assert all(is_country_code(str(c)) for (c,) in evidence)


def test_the_real_agora_scrape_ranks_by_feedback_shown(tmp_path: Path, shared_data: Path) -> None:
    case = _case(tmp_path / "case", shared_data / "listings", "agora", "agora-csv")
    result = seized.run_stage(case, "rank")
    assert result.counts["revenue_methods"] == {"listing_feedback": 29}
    with case.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT t.person_id, t.revenue_sats, t.revenue_method, t.summary, e.counted_sales, "
            "t.country FROM targets AS t JOIN economics AS e USING (person_id) ORDER BY t.rank"
        ).fetchall()
    revenues = [r[1] for r in rows]
    assert revenues == sorted(revenues, reverse=True) and revenues[-1] > 0
    assert all(r[2] == "listing_feedback" for r in rows)
    assert all("estimated from the feedback counters of" in r[3] for r in rows)
    # the feedback each listing showed, counted once over the crawls (at most 20 are shown)
    top = [(r[0], r[4]) for r in rows[:3]]
    assert top == [("agora:SusnaSmith", 127), ("agora:axa", 119), ("agora:DrEarnhardt", 76)]
    assert all(r[5] is None or is_country_code(r[5]) for r in rows)


def test_store_migrated_from_before_keeps_its_checksums(tmp_path: Path) -> None:
    """The migration adding the counter columns records the checksums again, for tables that
    were intact (verify stays OK) and only for those."""
    from seized.model import migrations, table_checksum

    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER, name VARCHAR, applied_at TIMESTAMP)"
    )
    for version, name, sql in migrations():
        if version < 13:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    con.execute(
        "INSERT INTO listings (listing_id, market_id, native_id, title) "
        "VALUES ('m:1', 'm', '1', 'x')"
    )
    con.execute("INSERT INTO targets (person_id, rank) VALUES ('p', 1)")
    for table in ("listings", "targets"):
        rows, checksum = table_checksum(con, table)
        con.execute("INSERT INTO meta.checksums VALUES (?, ?, ?, now())", [table, rows, checksum])
    con.execute("UPDATE targets SET rank = 2")  # changed behind seized: must stay reported
    from seized.model import migrate

    assert migrate(con)[0] == "013_listing_estimates.sql"
    recorded = dict(con.execute("SELECT table_name, checksum FROM meta.checksums").fetchall())
    assert recorded["listings"] == table_checksum(con, "listings")[1]
    assert recorded["targets"] != table_checksum(con, "targets")[1]
    con.close()
