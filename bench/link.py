"""Linking benchmark: seized's linker against a plain Splink configuration, same data, same run.

    python bench/link.py [--accounts 1000000] [--markets 5] [--seed 1] [--work DIR]

Generates a synthetic case store (DuckDB SQL, seconds) with planted persons: vendors (10%) and
buyers with accounts on 1-3 markets, their second accounts tied by the same username, a shared
PGP key (vendors), a shared payout address, or behaviour only (vendors: same products, ships-from
and signature line; buyers: the same readable shipping address, as after `seized decrypt`);
strangers share vendor names drawn from a small vocabulary. Then it runs, each in its own
process so peak RSS is its own:

* seized: ``seized.link.stage.link_accounts`` (hard links + Splink model + resolution);
* plain Splink: username Jaro-Winkler plus exact PGP key and payout address, u by random
  sampling, EM on a username block, predict and cluster at 0.9.

Prints wall time, peak RSS and pairwise precision/recall/F1 of both, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

ADJ = ["Dutch", "Green", "Royal", "Silent", "Happy", "Dark", "Frosty", "Golden", "Lucky"]
ADJ += ["Alpine", "Magic", "Blue"]
NOUN = ["Delight", "Garden", "Pharma", "Express", "Dragon", "Fox", "Tiger", "Store", "Lab"]
NOUN += ["Owl", "Farm", "Wave"]
WORDS = ["mike", "anon", "lisa", "raver", "tom", "night", "chem", "k", "jo", "sam"]
PRODUCTS = ["amnesia", "kush", "hash", "cocaine", "speed", "meth", "mdma", "pills", "lsd"]
PRODUCTS += ["mushrooms", "heroin", "xanax", "oxycodone", "ketamine"]
SIGNATURES = [
    "stealth is our priority, vacuum sealed three times",
    "ships within a day, tracked, discreet packaging guaranteed",
    "best quality in the game, lab tested, reship policy",
    "we are the original team, top vendor, early finalize for trusted buyers",
    "family business, every order packed by hand with love and gloves",
    "direct from the source, no middlemen, bulk prices on request",
    "pharma grade, blister packs, customs proof stealth",
    "no early finalize, no exceptions, read my profile before ordering",
    "orders placed before noon ship the same day",
    "anti customs stealth with decoy included, full delivery rate",
    "we take care of our customers like family, message for custom orders",
    "quality over quantity, small batches, fast replies",
]


def generate(path: Path, accounts: int, markets: int, seed: int) -> None:
    """Write a case store with ``accounts`` accounts over ``markets`` markets; truth in
    ``bench_truth`` (account_id, person, kind)."""
    from seized.model import migrate

    persons = int(accounts / 1.3)
    con = duckdb.connect(str(path))
    migrate(con)
    con.execute(f"SELECT setseed({(seed % 97) / 100})").fetchall()
    con.execute(
        f"""
        CREATE TABLE bench_persons AS
        SELECT i AS person, CASE WHEN random() < 0.1 THEN 'vendor' ELSE 'buyer' END AS role,
               1 + (random() < 0.22)::INT + (random() < 0.08)::INT AS n,
               floor(random() * {markets})::INT AS first_market,
               floor(random() * 14)::INT AS product, floor(random() * 12)::INT AS signature,
               floor(random() * 30)::INT AS country,
               list_extract(?::VARCHAR[], 1 + floor(random() * 12)::INT)
                 || list_extract(?::VARCHAR[], 1 + floor(random() * 12)::INT)
                 || CASE WHEN random() < 0.5
                         THEN (floor(random() * 99) + 1)::BIGINT::VARCHAR ELSE '' END
                 AS vendor_name,
               list_extract(?::VARCHAR[], 1 + floor(random() * 10)::INT)
                 || list_extract(['', '_', '.'], 1 + floor(random() * 3)::INT)
                 || (floor(random() * 999999) + 1)::BIGINT::VARCHAR AS buyer_name
          FROM range({persons}) AS t(i)
        """,
        [ADJ, NOUN, WORDS],
    )
    # materialized step by step: random() in a CTE is drawn again at each reference
    con.execute(
        f"""
        CREATE TEMP TABLE bench_a AS
        SELECT p.*, k, (first_market + k) % {markets} AS market,
               CASE WHEN k = 0 THEN 'first'
                    WHEN role = 'vendor' THEN list_extract(
                        ['same_username', 'same_username', 'shared_pgp', 'shared_address',
                         'behaviour_only'], 1 + floor(random() * 5)::INT)
                    ELSE list_extract(
                        ['same_username', 'same_username', 'shared_address', 'behaviour_only'],
                        1 + floor(random() * 4)::INT) END AS kind,
               list_extract(?::VARCHAR[], 1 + floor(random() * 12)::INT)
                 || list_extract(?::VARCHAR[], 1 + floor(random() * 12)::INT)
                 || (floor(random() * 99) + 1)::BIGINT::VARCHAR AS other_vendor_name,
               list_extract(?::VARCHAR[], 1 + floor(random() * 10)::INT)
                 || (floor(random() * 999999) + 1)::BIGINT::VARCHAR AS other_buyer_name
          FROM bench_persons AS p, range(0, 3) AS r(k) WHERE k < n
        """,
        [ADJ, NOUN, WORDS],
    )
    con.execute(
        """
        CREATE TABLE bench_accounts AS
        SELECT 'm' || market || ':' || person || '_' || k AS account_id, 'm' || market AS market_id,
               person || '_' || k AS native_id, person, role, kind, product, signature, country,
               CASE WHEN kind IN ('first', 'same_username')
                    THEN CASE WHEN role = 'vendor' THEN vendor_name ELSE buyer_name END
                    WHEN role = 'vendor' THEN other_vendor_name
                    ELSE other_buyer_name END AS username,
               CASE WHEN role = 'vendor' THEN upper(md5('key:' || person || ':'
                    || CASE WHEN kind IN ('first', 'shared_pgp') THEN '' ELSE k::VARCHAR END))[:40]
                    END AS pgp_fingerprint,
               'bc1q' || md5('addr:' || person || ':'
                    || CASE WHEN kind IN ('first', 'shared_address') THEN '' ELSE k::VARCHAR END)
                    AS address
          FROM bench_a
        """
    )
    con.execute(
        """
        INSERT INTO accounts (account_id, market_id, native_id, username, role, pgp_fingerprint)
        SELECT account_id, market_id, native_id, username, role, pgp_fingerprint
          FROM bench_accounts
        """
    )
    con.execute(
        """
        INSERT INTO wallet_addresses (market_id, account_id, address, kind)
        SELECT market_id, account_id, address, 'withdrawal' FROM bench_accounts
        """
    )
    con.execute(
        """
        INSERT INTO orders (order_id, market_id, native_id, buyer_id, amount_sats, status,
                            shipping_address)
        SELECT account_id || '/o', market_id, native_id || '/o', account_id, 100000, 'finalized',
               'Person ' || person || ', ' || (person % 997) || ' Main Street, City ' || country
          FROM bench_accounts WHERE role = 'buyer'
        """
    )
    con.execute(
        """
        INSERT INTO listings (listing_id, market_id, native_id, vendor_id, title, description,
                              category, price_sats, ships_from)
        SELECT account_id || '/' || j, market_id, native_id || '/' || j, account_id,
               (1 + j * 5) || 'g ' || list_extract(?::VARCHAR[], 1 + (product + (j = 2)::INT) % 14)
                 || ' premium',
               list_extract(?::VARCHAR[], 1 + (product + (j = 2)::INT) % 14) || ', '
                 || (1 + j * 5) || 'g. ' || list_extract(?::VARCHAR[], 1 + signature) || '.',
               'Drugs > Family ' || ((product + (j = 2)::INT) % 14),
               (100000 * (1 + product) * (1 + j * 5))::BIGINT,
               'C' || country
          FROM bench_accounts, range(0, 3) AS r(j)
         WHERE role = 'vendor'
        """,
        [PRODUCTS, PRODUCTS, SIGNATURES],
    )
    con.close()


def _truth(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], dict[str, str]]:
    rows = con.execute("SELECT account_id, person::VARCHAR, kind FROM bench_accounts").fetchall()
    return {a: p for a, p, _ in rows}, {a: k for a, _, k in rows}


def _score(assigned: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    from seized.link.evaluate import Truth, evaluate

    report = evaluate(assigned, Truth(truth, []))
    return {"precision": report.precision, "recall": report.recall, "f1": report.f1}


def run_seized(path: Path) -> dict[str, Any]:
    from seized.link.options import LinkOptions
    from seized.link.stage import link_accounts

    con = duckdb.connect(str(path))
    began = time.perf_counter()
    outcome = link_accounts(con, LinkOptions())
    wall = time.perf_counter() - began
    assigned = dict(con.execute("SELECT account_id, person_id FROM persons").fetchall())
    truth, _ = _truth(con)
    return {"wall_s": wall, "stages_s": outcome.seconds, **_score(assigned, truth)}


def run_splink(path: Path) -> dict[str, Any]:
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    con = duckdb.connect(str(path))
    began = time.perf_counter()
    data = con.sql(
        "SELECT a.account_id AS unique_id, a.username, a.pgp_fingerprint, w.address "
        "FROM accounts AS a LEFT JOIN wallet_addresses AS w USING (account_id)"
    ).to_arrow_table()
    mem = duckdb.connect(":memory:")
    mem.register("input_arrow", data)
    mem.execute("CREATE TABLE input AS SELECT * FROM input_arrow")
    api = DuckDBAPI(connection=mem)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("username"),
            cl.ExactMatch("pgp_fingerprint"),
            cl.ExactMatch("address"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("username"),
            block_on("pgp_fingerprint"),
            block_on("address"),
        ],
    )
    linker = Linker(api.register("input"), settings, log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("username"))
    scored = linker.inference.predict(threshold_match_probability=0.9)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(scored, 0.9)
    rows = mem.execute(f'SELECT unique_id, cluster_id FROM "{clusters.physical_name}"').fetchall()
    wall = time.perf_counter() - began
    assigned = {str(a): str(c) for a, c in rows}
    truth, _ = _truth(con)
    return {"wall_s": wall, **_score(assigned, truth)}


def _child(which: str, path: Path) -> None:
    result = run_seized(path) if which == "seized" else run_splink(path)
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--markets", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--child", choices=("seized", "splink"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.db)
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="seized-bench-link-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, Any]] = {}
    began = time.perf_counter()
    base = work / "base.duckdb"
    base.unlink(missing_ok=True)
    generate(base, args.accounts, args.markets, args.seed)
    print(
        f"generated {args.accounts} accounts over {args.markets} markets "
        f"in {time.perf_counter() - began:.1f} s"
    )
    for which in ("seized", "splink"):
        db = work / f"{which}.duckdb"
        db.write_bytes(base.read_bytes())
        out = subprocess.run(
            [sys.executable, __file__, "--child", which, "--db", str(db)],
            check=True,
            capture_output=True,
            text=True,
        )
        results[which] = json.loads(out.stdout.strip().splitlines()[-1])
        r = results[which]
        print(
            f"{which:<7} wall {r['wall_s']:7.1f} s  peak RSS {r['peak_rss_mib']:7.0f} MiB  "
            f"precision {r['precision']:.4f}  recall {r['recall']:.4f}  F1 {r['f1']:.4f}"
        )
    s, p = results["seized"], results["splink"]
    print(f"ratio   wall {s['wall_s'] / p['wall_s']:.2f}x  F1 {s['f1'] - p['f1']:+.4f}")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
