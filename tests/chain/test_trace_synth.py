"""The money trail on a generated case, measured against its truth.json.

Generates a small synthetic seized server, ingests it with ``seized run``, loads its chain from
the blockchain-etl files, clusters, traces every payout and checks: the market wallet cluster's
recall, every CoinJoin detected, and each vendor's direct and peel-chain cash-outs within 1%.

Persons found by the linking stage are cleared first, so each account is its own person and the
comparison measures tracing alone. A cash-out the chain cannot attribute is left out of the
comparison, and counted: one paid to an exchange deposit address that carries no tag, sits in
no labelled cluster and was never swept into the exchange (the story ended first).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from typing import Any

import duckdb
import pytest

from seized.case import Case
from seized.chain.stage import (
    ChainAddOptions,
    TraceOptions,
    chain_add_stage,
    chain_cluster_stage,
    trace_stage,
)
from seized.chain.trace import cashout_report
from seized.synth import generate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, dict[str, Any]]:
    out = tmp_path_factory.mktemp("synth")
    generate(out, scale="small", seed=11)
    case_dir = out / "case"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "seized.cli",
            "run",
            str(out / "case.toml"),
            "--case",
            str(case_dir),
        ],
        check=True,
        capture_output=True,
    )
    case = Case.open(case_dir)
    # measure the trace, not the linking: each account is its own person here
    with case.connect() as con:
        con.execute("DELETE FROM persons")
    added = chain_add_stage(case, ChainAddOptions(sources=[out / "chain" / "etl"]))
    assert added.counts["inputs_unresolved"] == 0
    chain_cluster_stage(case)
    trace_stage(case, TraceOptions(model="haircut"))
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    return case, truth


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Any:
    row = con.execute(sql, params).fetchone()
    return None if row is None else row[0]


def test_market_wallet_cluster_recall(traced: tuple[Case, dict[str, Any]]) -> None:
    case, truth = traced
    with case.connect(read_only=True) as con:
        for market in truth["markets"]:
            hot = market["hot_wallet_addresses"]
            wallet = set(hot) | set(market["wallet_addresses"].get("deposit", []))
            con.execute(
                "CREATE OR REPLACE TEMP TABLE hot AS SELECT unnest(?::VARCHAR[]) AS a", [hot]
            )
            # the hot wallet's clusters, and the clusters of the addresses swept into them
            found = {
                str(r[0])
                for r in con.execute(
                    """
                    WITH hc AS (SELECT cluster_id FROM address_clusters WHERE address IN
                                (SELECT a FROM hot)),
                    swept AS (
                        SELECT o.txid FROM btc_outputs o
                        LEFT JOIN address_clusters ac USING (address)
                        GROUP BY o.txid
                        HAVING bool_and(ac.cluster_id IN (SELECT cluster_id FROM hc))
                    ),
                    clusters AS (
                        SELECT cluster_id FROM hc UNION
                        SELECT ac.cluster_id FROM btc_inputs i JOIN swept USING (txid)
                        JOIN address_clusters ac ON ac.address = i.address
                    )
                    SELECT address FROM address_clusters WHERE cluster_id IN
                        (SELECT cluster_id FROM clusters)
                    """
                ).fetchall()
            }
            seen = {
                str(r[0])
                for r in con.execute(
                    "SELECT DISTINCT address FROM btc_inputs WHERE address IN "
                    "(SELECT unnest(?::VARCHAR[]))",
                    [sorted(wallet)],
                ).fetchall()
            }
            assert seen, market["market"]
            recall = len(seen & found) / len(seen)
            assert recall >= 0.95, (market["market"], recall)
            exchanges = {a for e in truth["exchanges"] for a in e["hot_addresses"]}
            assert not exchanges & found


def test_every_coinjoin_is_detected(traced: tuple[Case, dict[str, Any]]) -> None:
    case, truth = traced
    with case.connect(read_only=True) as con:
        for txid in truth["coinjoin_txids"]:
            assert _one(con, "SELECT pattern FROM coinjoins WHERE txid = ?", [txid]) is not None


def test_vendor_cashouts_match_truth(traced: tuple[Case, dict[str, Any]]) -> None:
    case, truth = traced
    with case.connect(read_only=True) as con:
        accounts = {
            (str(r[0]), str(r[1])): str(r[2])
            for r in con.execute("SELECT market_id, native_id, account_id FROM accounts").fetchall()
        }
        ours: dict[str, int] = defaultdict(int)
        for person, amount in con.execute(
            "SELECT person_id, amount_sats FROM cashouts "
            "WHERE model = 'haircut' AND direction = 'forward' AND NOT via_coinjoin"
        ).fetchall():
            ours[str(person)] += int(amount)
        compared = unattributable = 0
        for person in truth["persons"]:
            if person["role"] != "vendor":
                continue
            expected = 0
            for c in person["cashouts"]:
                if c["via_coinjoin"]:
                    continue
                known = _one(
                    con,
                    "SELECT count(*) FROM btc_inputs i WHERE i.address = ? OR ? IN "
                    "(SELECT address FROM tags) OR ? IN (SELECT ac.address FROM address_clusters "
                    "ac JOIN cluster_labels USING (cluster_id) WHERE category = 'exchange')",
                    [c["address"], c["address"], c["address"]],
                )
                if not known:
                    unattributable += 1
                    continue
                expected += int(c["amount_sats"])
            ids = {accounts.get((a["market"], a["native_id"])) for a in person["accounts"]}
            got = sum(ours[i] for i in ids if i)
            assert abs(got - expected) <= 0.01 * expected, (person["person_id"], expected, got)
            compared += 1
        assert compared >= 30
        assert unattributable <= 0.1 * sum(len(p["cashouts"]) for p in truth["persons"])
        report = cashout_report(con, model="haircut")
        assert report and report[0].amount_sats >= report[-1].amount_sats
        assert all(line.label for line in report)


def test_trace_reports_its_hops(traced: tuple[Case, dict[str, Any]]) -> None:
    case, _ = traced
    seen: list[tuple[str, int, int]] = []
    options = TraceOptions(model="fifo", max_hops=4, progress=lambda *a: seen.append(a))
    trace_stage(case, options)
    labels = {label for label, _, _ in seen}
    assert labels == {"trace persons' payouts (hops)", "trace market wallets (hops)"}
    assert all(total == 4 and 0 <= hop <= 4 for _, hop, total in seen)
    assert max(hop for _, hop, _ in seen) >= 1
