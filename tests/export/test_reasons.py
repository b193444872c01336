"""Reasons are sentences with numbers and evidence, in the dossiers, the report, STIX and rank."""

from __future__ import annotations

import json
import re
from datetime import datetime

from click.testing import CliRunner

from seized.case import Case
from seized.cli.rank_cmds import rank
from seized.export import reasons as why
from seized.export.package import PackageResult
from seized.export.report import write_report
from seized.rank import score
from seized.rank.countries import Assignment

RAW_KEYS = re.compile(r"›|components|points: |role_weight|revenue_sats")


def _vendor() -> dict[str, object]:
    facts = score.Facts(
        person_id="P-1",
        account_roles=["vendor"],
        accounts=["hydrant:7", "silkway:9"],
        markets=["hydrant", "silkway"],
        linked=True,
        revenue_sats=7_180_000_000,
        revenue_orders_sats=7_180_000_000,
        revenue_method="orders",
        sales=136,
        customers=50,
        listings=3,
        categories={"opioids": 6_856_041_000, "stimulants": 320_268_750},
        top_category="opioids",
        first_activity=datetime(2019, 3, 2),
        last_activity=datetime(2020, 2, 27),
        cashout_sats=5_730_693_205,
        cashout_labels=["CoinHarbor", "Exmoon"],
    )
    country = Assignment(
        "PL",
        0.3119,
        {
            "ships_from": {"countries": {"PL": 2, "BR": 1}, "examples": {"PL": "hydrant:L1"}},
            "login_ip": {"countries": {"PL": 1}, "examples": {"PL": "hydrant:173"}},
        },
    )
    scored = score.score_person(
        facts,
        "vendor",
        ["vendor account", "3 listings"],
        {"money": 7.18e9, "volume": 136.0, "reach": 50.0},
        {"vendor": {"money": 7.18e9, "volume": 136.0, "reach": 60.0}},
        country,
        "",
    )
    return json.loads(json.dumps(scored.reasons, default=str))


def test_sentences_carry_the_numbers_and_rows() -> None:
    reasons = _vendor()
    found = why.sentences(json.dumps(reasons), {"hydrant:7": "GoldenGarden", "silkway:9": "gg"})
    text = {r.kind: r.text for r in found}
    assert text["money"] == (
        "71.80 BTC revenue from 136 finalized sales to 50 customers, 2019-03 to 2020-02."
    )
    assert text["categories"] == "Sold mostly opioids (68.56 BTC), also stimulants (3.20 BTC)."
    assert text["links"] == (
        "2 accounts tied into one person by seized link: GoldenGarden (hydrant), gg (silkway)."
    )
    assert text["country"].startswith(
        "Country PL, confidence 0.31: 2 of 3 listings shipping from there; "
        "1 login from a public IP; against it 1 listing shipping from BR"
    )
    assert text["cashouts"].startswith("57.31 BTC traced on the blockchain")
    country = next(r for r in found if r.kind == "country")
    assert why.Ref("listings", "hydrant:L1") in country.refs
    assert not any(RAW_KEYS.search(r.text) for r in found)
    parts = {c.name: c for c in why.breakdown(reasons)}
    assert parts["money"].value == "71.80 BTC" and parts["money"].points == 98.0


def test_dossier_reasons_cite_their_excerpts(busy_package: PackageResult) -> None:
    page = (busy_package.folder / "dossiers" / "00001-bazaar_1.html").read_text(encoding="utf-8")
    why_section = page[page.index('id="why"') : page.index('id="accounts"')]
    assert "finalized sales to 36 customers, 2019-01 to 2020-12." in why_section
    cites = re.findall(r'<a href="#(E\d+)">', why_section)
    assert len(cites) >= 4
    for cite in cites:  # every citation links to an excerpt row of the same page
        assert f'<tr id="{cite}">' in page
    shown = re.sub(
        r'<details class="breakdown">.*?</details>|<script>.*?</script>', "", page, flags=re.S
    )
    assert not RAW_KEYS.search(shown)
    assert '<details class="breakdown"><summary>Score breakdown' in page
    assert ">None<" not in page and "ships from None" not in page


def test_stix_notes_and_report_hold_sentences(
    busy: Case, busy_package: PackageResult, tmp_path: object
) -> None:
    bundle = json.loads((busy_package.folder / "bundle.stix.json").read_bytes())
    notes = [o["content"] for o in bundle["objects"] if o["type"] == "note"]
    assert notes and not any(RAW_KEYS.search(n) for n in notes)
    assert any("finalized sales to 36 customers" in n and "[E" in n for n in notes)
    excerpts = (busy_package.folder / "evidence" / "excerpts.jsonl").read_text(encoding="utf-8")
    for cite in re.findall(r"\b(E\d+)\b", "\n".join(notes)):
        assert f'"cite": "{cite}"' in excerpts
    from pathlib import Path

    html = write_report(busy, Path(str(tmp_path)) / "r.html").read_text(encoding="utf-8")
    targets = html[html.index('id="targets"') :]
    assert "finalized sales to 36 customers" in targets
    assert not RAW_KEYS.search(re.sub(r"<details>.*?</details>", "", targets, flags=re.S))


def test_rank_says_who_and_why(busy: Case) -> None:
    result = CliRunner().invoke(rank, [str(busy.root), "--top", "3"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    head = [line for line in lines if re.match(r"\s*\d+\s", line)]
    assert len(head) == 3
    assert "bazaar:1" in head[0] and "BigDealer (bazaar)" in head[0]
    assert "bazaar_admin (bazaar)" in head[1]
    assert any("finalized sales to 36 customers" in line for line in lines)
    assert not RAW_KEYS.search(result.output)
    brief = CliRunner().invoke(rank, [str(busy.root), "--top", "2", "--brief"])
    shown = [line for line in brief.output.splitlines() if not line.startswith("targets are")]
    assert len(shown) == 2 and "BigDealer (bazaar)" in shown[0]
