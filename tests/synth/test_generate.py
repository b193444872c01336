"""The synthetic server: files, row counts, truth consistency, messy realities."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from typing import Any

import pytest

from seized.errors import UserError
from seized.synth import SynthSummary, generate


def test_layout(synth: SynthSummary) -> None:
    out = synth.out
    for name in (
        "markets/silkway.sql",
        "markets/hydrant.sql",
        "markets/nightowl.sqlite",
        "keys/passphrases.txt",
        "tags/exchanges.yaml",
        "truth.json",
        "case.toml",
        "chain/etl/transactions.jsonl",
        "chain/blocks/blk00000.dat",
    ):
        assert (out / name).is_file(), name
    mysql = (out / "markets/silkway.sql").read_text(encoding="utf-8")
    assert mysql.startswith("-- MySQL dump")
    assert "ENGINE=InnoDB" in mysql and "LOCK TABLES `orders` WRITE;" in mysql
    pg = (out / "markets/hydrant.sql").read_text(encoding="utf-8")
    assert "COPY public.purchases (" in pg and "\n\\.\n" in pg
    assert "ALTER TABLE ONLY public.purchases" in pg


def test_raw_counts_match_truth(store: dict[str, Any], truth: dict[str, Any]) -> None:
    for market in truth["markets"]:
        assert store["raw"][market["market"]] == market["raw_rows"], market["market"]


def test_mapped_counts_match_truth(store: dict[str, Any], truth: dict[str, Any]) -> None:
    for market in truth["markets"]:
        assert store["mapped"][market["market"]] == market["canonical_rows"], market["market"]


def test_revenue_is_sum_of_finalized_orders(store: dict[str, Any], truth: dict[str, Any]) -> None:
    rows = (
        store["con"]
        .execute(
            "SELECT vendor_id, sum(amount_sats) FROM orders WHERE status = 'finalized' GROUP BY 1"
        )
        .fetchall()
    )
    revenue = {vendor: int(total) for vendor, total in rows}
    expected = {}
    per_person: dict[str, int] = {}
    for person in truth["persons"]:
        for a in person["accounts"]:
            if a["role"] == "vendor" and a["revenue_sats"]:
                expected[f"{a['market']}:{a['native_id']}"] = a["revenue_sats"]
        assert person["revenue_sats"] == sum(a["revenue_sats"] for a in person["accounts"])
        per_person[person["person_id"]] = sum(
            revenue.get(f"{a['market']}:{a['native_id']}", 0) for a in person["accounts"]
        )
    assert revenue == expected
    top = [(t["person_id"], t["revenue_sats"]) for t in truth["top_vendors"]]
    amounts = [amount for _, amount in top]
    assert amounts == sorted(amounts, reverse=True) and amounts[0] == max(per_person.values())
    assert all(per_person[pid] == amount for pid, amount in top)


def test_statuses_and_roles_are_canonical(store: dict[str, Any], truth: dict[str, Any]) -> None:
    con = store["con"]
    statuses = dict(con.execute("SELECT status, count(*) FROM orders GROUP BY 1").fetchall())
    assert set(statuses) == {
        "pending",
        "paid",
        "shipped",
        "finalized",
        "disputed",
        "refunded",
        "cancelled",
    }
    roles = {r for (r,) in con.execute("SELECT DISTINCT role FROM accounts").fetchall()}
    assert roles == {"buyer", "vendor", "staff"}
    for market in truth["markets"]:
        got = dict(
            con.execute(
                "SELECT status, count(*) FROM orders WHERE market_id = ? GROUP BY 1",
                [market["market"]],
            ).fetchall()
        )
        assert got == market["order_statuses"]


def test_payouts_carry_chain_txids(store: dict[str, Any], synth: SynthSummary) -> None:
    txids = set()
    with (synth.out / "chain/etl/transactions.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            txids.add(json.loads(line)["hash"])
    payout_txids = {
        t for (t,) in store["con"].execute("SELECT DISTINCT txid FROM payouts").fetchall()
    }
    assert payout_txids and payout_txids <= txids


def test_cashouts_are_chain_outputs(synth: SynthSummary, truth: dict[str, Any]) -> None:
    outputs: dict[tuple[str, int], tuple[int, list[str]]] = {}
    with (synth.out / "chain/etl/transactions.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            tx = json.loads(line)
            for o in tx["outputs"]:
                outputs[(tx["hash"], o["index"])] = (o["value"], o["addresses"])
    cashouts = [(p, c) for p in truth["persons"] for c in p["cashouts"]]
    assert len(cashouts) > 10
    for _person, c in cashouts:
        value, addresses = outputs[(c["txid"], c["vout"])]
        assert value == c["amount_sats"] and addresses == [c["address"]]
        assert 1 <= c["hops"] <= 6
    for person in truth["persons"]:
        totals = Counter()
        for c in person["cashouts"]:
            totals[c["exchange"]] += c["amount_sats"]
        assert {t["exchange"]: t["amount_sats"] for t in person["cashout_totals"]} == dict(totals)
    coinjoins = set(truth["coinjoin_txids"])
    assert coinjoins and coinjoins <= {txid for txid, _ in outputs}


def test_persons_span_markets_with_every_link_kind(truth: dict[str, Any]) -> None:
    kinds = Counter(k for p in truth["persons"] for k in p["link_kinds"])
    for kind in (
        "same_username",
        "shared_pgp",
        "shared_address",
        "shared_handle",
        "behaviour_only",
    ):
        assert kinds[kind] > 0, kind
    by_ref = {f"{a['market']}:{a['native_id']}": a for p in truth["persons"] for a in p["accounts"]}
    for p in truth["persons"]:
        for link in p["links"]:
            a, b = by_ref[link["a"]], by_ref[link["b"]]
            if "shared_pgp" in link["kinds"]:
                assert a["pgp_fingerprint"] == b["pgp_fingerprint"]
            if "behaviour_only" in link["kinds"] and p["role"] == "vendor":
                assert a["pgp_fingerprint"] != b["pgp_fingerprint"]
                assert a["withdrawal_address"] != b["withdrawal_address"]
                assert a["contact"] != b["contact"]
                assert a["username"].lower() != b["username"].lower()
    assert {p["country"] for p in truth["persons"]} >= {"DE", "NL", "US", "GB"}


def test_messy_realities(synth: SynthSummary, store: dict[str, Any]) -> None:
    text = (synth.out / "markets/silkway.sql").read_text(encoding="utf-8")
    text += (synth.out / "markets/hydrant.sql").read_text(encoding="utf-8")
    assert "<script>" in text
    assert re.search(r"DROP TABLE users", text)
    assert "🔥" in text or "❄️" in text
    con = store["con"]
    longest = con.execute("SELECT max(length(description)) FROM listings").fetchone()[0]
    assert longest > 50_000
    nulls = con.execute("SELECT count(*) FROM accounts WHERE email IS NULL").fetchone()[0]
    assert nulls > 0
    db = sqlite3.connect(synth.out / "markets/nightowl.sqlite")
    dup = db.execute(
        "SELECT count(*) FROM (SELECT count(*) c FROM access_log GROUP BY mid, ip, agent, ts "
        "HAVING c > 1)"
    ).fetchone()[0]
    db.close()
    assert dup > 0


def test_planted_identifiers_are_in_the_data(store: dict[str, Any], truth: dict[str, Any]) -> None:
    con = store["con"]
    planted = [i for i in truth["identifiers"] if i["where"] == "message"]
    assert planted
    for item in planted[:40]:
        found = con.execute(
            "SELECT count(*) FROM messages "
            "WHERE market_id = ? AND sender_id = ? AND contains(body, ?)",
            [item["market"], f"{item['market']}:{item['native_id']}", item["value"]],
        ).fetchone()[0]
        assert found > 0, item


def test_unknown_scale_is_a_user_error(tmp_path: Any) -> None:
    with pytest.raises(UserError):
        generate(tmp_path, scale="huge")
