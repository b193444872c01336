"""Roles, scores, reasons and countries on a hand-built market, and the stage on a real case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from seized.rank.stage import RankOptions, rank_stage, rank_store
from tests.factories import new_case
from tests.rank.conftest import Market

ADDRESS = "Lukas Müller\nHauptstraße 5\n10115 Berlin\nGermany"


def _targets(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    cursor = con.execute("SELECT * FROM targets ORDER BY rank")
    names = [d[0] for d in cursor.description or []]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _market(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    m = Market(con)
    ids = {
        "admin": m.account("admin", "staff"),
        "mod": m.account("mod_anna", "staff"),
        "big": m.account("big", "vendor"),
        "small": m.account("small", "vendor"),
        "dealer": m.account("dealer", "buyer"),
        "user": m.account("user", "buyer"),
        "idle": m.account("idle", "buyer"),
    }
    big = m.listing(ids["big"], "10g Cocaine", 5_000_000, "NL")
    small = m.listing(ids["small"], "1g Weed", 100_000, "United Kingdom")
    for day in range(4):
        m.order(big, ids["dealer"], ids["big"], 50_000_000, quantity=10, days=day, address=ADDRESS)
    m.order(big, ids["user"], ids["big"], 5_000_000, address=ADDRESS.replace("Lukas", "Lea"))
    m.order(small, ids["user"], ids["small"], 100_000)
    m.login(ids["small"], "81.2.69.142")
    m.login(ids["small"], "127.0.0.1")
    return ids


def test_roles_scores_and_reasons_with_no_linking_nor_identifiers(
    store: duckdb.DuckDBPyConnection,
) -> None:
    ids = _market(store)
    summary = rank_store(store)
    assert summary.roles == {"admin": 1, "buyer": 2, "reseller": 1, "staff": 1, "vendor": 2}
    assert not summary.linked
    targets = _targets(store)
    role = {key: targets[account]["role"] for key, account in ids.items()}
    assert role == {
        "admin": "admin",
        "mod": "staff",
        "big": "vendor",
        "small": "vendor",
        "dealer": "reseller",
        "user": "buyer",
        "idle": "buyer",
    }
    assert targets[ids["big"]]["rank"] < targets[ids["small"]]["rank"]
    assert (
        targets[ids["dealer"]]["rank"] < targets[ids["user"]]["rank"] < targets[ids["idle"]]["rank"]
    )
    assert targets[ids["admin"]]["score"] > targets[ids["mod"]]["score"]
    assert [t["rank"] for t in targets.values()] == list(range(1, len(targets) + 1))
    reasons = json.loads(targets[ids["big"]]["reasons"])
    assert reasons["money"]["revenue_sats"] == 205_000_000
    assert reasons["person"]["basis"].startswith("account taken as its own person")
    assert set(reasons["components"]) == {"money", "volume", "reach", "links", "exposure"}
    points = sum(c["points"] for c in reasons["components"].values())
    assert abs(points - targets[ids["big"]]["score"]) < 0.01
    assert targets[ids["big"]]["summary"].startswith("Vendor on m (1 account) with 2.05 BTC")
    dealer = targets[ids["dealer"]]["summary"]
    assert dealer.startswith(
        "Suspected reseller on m (1 account) who spent 2.00 BTC in 4 purchases"
    )
    # countries: shipping addresses (buyers), ships-from (vendors), GeoIP logins
    assert (targets[ids["dealer"]]["country"], targets[ids["user"]]["country"]) == ("DE", "DE")
    assert targets[ids["dealer"]]["country_confidence"] > 0.99
    assert targets[ids["big"]]["country"] == "NL"
    assert targets[ids["small"]]["country"] == "GB"
    small = json.loads(targets[ids["small"]]["country_evidence"])
    assert small["login_ip"]["countries"] == {"GB": 1}  # the loopback login gave nothing
    assert small["ships_from"]["countries"] == {"GB": 1}
    assert targets[ids["idle"]]["country"] is None
    assert targets[ids["idle"]]["country_confidence"] == 0.0


def test_identifiers_and_exchange_tags_are_evidence(store: duckdb.DuckDBPyConnection) -> None:
    m = Market(store)
    vendor = m.account("v", "vendor")
    store.execute(
        "INSERT INTO identifiers (kind, value, country, account_id, source_table, source_column, "
        "source_key) VALUES ('phone', '+48500000000', 'PL', ?, 'messages', 'body', 'm:9')",
        [vendor],
    )
    store.execute(
        "INSERT INTO tags (address, label, category, context) "
        "VALUES ('bc1qexample', 'Bitvault', 'exchange', '{\"country\": \"PL\"}')"
    )
    store.execute(
        "INSERT INTO cashouts (person_id, label, amount_sats, hops, model, txid, vout) "
        "VALUES (?, 'Bitvault', 70000, 2, 'haircut', 'ab', 0)",
        [vendor],
    )
    rank_store(store)
    target = _targets(store)[vendor]
    assert target["country"] == "PL"
    evidence = json.loads(target["country_evidence"])
    assert set(evidence) == {"phone", "exchange"}
    reasons = json.loads(target["reasons"])
    assert reasons["cashouts"] == {"labels": ["Bitvault"], "sats": 70000}
    assert "traced to Bitvault" in target["summary"]


def test_empty_case_store_ranks_nobody(store: duckdb.DuckDBPyConnection) -> None:
    summary = rank_store(store)
    assert (summary.persons, summary.with_country) == (0, 0)
    assert store.execute("SELECT count(*) FROM targets").fetchone() == (0,)


def test_stage_records_its_work_and_skips_when_nothing_changed(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    with case.connect() as con:
        _market(con)
    first = rank_stage(case)
    assert not first.skipped
    assert first.counts["persons"] == 7
    assert any("no linked persons" in m for m in first.messages)
    assert rank_stage(case).skipped
    with case.connect() as con:
        con.execute("DELETE FROM orders WHERE amount_sats = 100000")
    again = rank_stage(case)
    assert not again.skipped
    assert rank_stage(case, RankOptions(force=True)).counts["persons"] == 7
    with case.connect(read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM meta.checksums").fetchall()}
        assert {"targets", "economics", "country_evidence"} <= tables
    log = (case.root / "custody.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["action"] for line in log].count("rank") == 3


def test_worldwide_europe_and_codes_outside_iso_are_no_country(
    store: duckdb.DuckDBPyConnection,
) -> None:
    m = Market(store)
    world = m.account("world", "vendor")
    europe = m.account("europe", "vendor")
    kosovo = m.account("kosovo", "vendor")
    buyer = m.account("buyer", "buyer")
    for vendor, ships_from in ((world, "WW"), (europe, "EU"), (kosovo, "Kosovo")):
        for i in range(3):  # as a mapping without country_or_text stored them
            m.order(m.listing(vendor, f"{i + 1}g Speed", 100_000, ships_from), buyer, vendor, 1)
    store.execute(
        "INSERT INTO identifiers (kind, value, raw, country, account_id, market_id, "
        "source_table, source_column, source_key) VALUES "
        "('phone', '+38344123456', '+383 44 123 456', 'XK', ?, 'm', 'accounts', 'contact', ?)",
        [kosovo, kosovo],
    )
    rank_store(store)
    targets = _targets(store)
    assert [targets[v]["country"] for v in (world, europe, kosovo)] == [None, None, None]
    assert store.execute("SELECT count(*) FROM country_evidence").fetchone() == (0,)


def test_progress_names_the_phases_and_changes_nothing(store: duckdb.DuckDBPyConnection) -> None:
    from seized.rank.stage import PHASES

    _market(store)
    quiet = rank_store(store)
    targets = _targets(store)
    seen: list[tuple[str, int, int]] = []
    told = rank_store(store, lambda *args: seen.append(args))
    assert told == quiet and _targets(store) == targets
    assert seen == [(f"rank: {phase}", n, 1) for phase in PHASES for n in (0, 1)]
    assert PHASES == ("products", "economics", "countries", "scores", "targets")
