"""Tracing from 10,000 seeds through a synthetic transaction graph, SQL hops against the reference.

The graph is built in SQL: transaction k (k >= 1) spends output (k - 1) % 2 of transaction
(k - 1) // 2 and makes two outputs, so every output but those of the last level is spent once
and the graph is a binary tree of depth log2(N). Every 97th address is tagged as an exchange.
10,000 accounts get the addresses of transactions 14 levels down as withdrawal addresses;
:func:`seized.chain.trace.trace_all` follows them forward (haircut, then poison and FIFO) with a
hop limit of 5. No other tool traces with these taint models on a local store, so the comparison
is seized's own reference hop step (one transaction at a time, in Python) against the SQL hop
step that moves every coin of a hop at once (haircut and poison); both must give the same flows.

    python bench/trace.py                          # 10,000,000 transactions, 10,000 seeds
    python bench/trace.py --transactions 2097152   # a smaller chain, the same seeds
    python bench/trace.py --quick                  # 65,536 transactions, 1,000 seeds
"""

from __future__ import annotations

import argparse
import time

import duckdb

from seized.chain.trace import trace_all
from seized.chain.trace.hop import Tracer
from seized.chain.trace.sql import MODELS, SqlTracer
from seized.model import migrate


def build(con: duckdb.DuckDBPyConnection, n: int, level: int, seeds: int) -> None:
    con.execute(
        """
        INSERT INTO btc_transactions
        SELECT 't' || k, floor(log2(k + 1))::BIGINT, 'b', NULL, k = 0, 1, 2,
               CASE WHEN k > 0 THEN (17592186044416::BIGINT >> floor(log2(k + 1))::BIGINT) END,
               (17592186044416::BIGINT >> floor(log2(k + 1))::BIGINT), 0
        FROM range(?) r(k)
        """,
        [n],
    )
    con.execute(
        """
        INSERT INTO btc_outputs
        SELECT 't' || k, v, 'a' || (2 * k + v), 8796093022208::BIGINT >> floor(log2(k + 1))::BIGINT,
               'p2wpkh'
        FROM range(?) r(k), range(2) s(v)
        """,
        [n],
    )
    con.execute(
        """
        INSERT INTO btc_inputs
        SELECT 't' || k, 0, 't' || ((k - 1) // 2), (k - 1) % 2, 'a' || (k - 1),
               8796093022208::BIGINT >> floor(log2((k - 1) // 2 + 1))::BIGINT
        FROM range(1, ?) r(k)
        """,
        [n],
    )
    con.execute(
        "INSERT INTO tags (address, label, category, tagpack, valid) "
        "SELECT 'a' || k, 'Exchange' || (k % 7), 'exchange', 'bench', TRUE "
        "FROM range(0, ?, 97) r(k)",
        [2 * n],
    )
    first = 2**level - 1  # the first transaction of that level
    if first + seeds > n:
        raise SystemExit(f"{n:,} transactions do not reach level {level} for {seeds:,} seeds")
    con.execute(
        """
        INSERT INTO accounts (account_id, market_id, native_id, role)
        SELECT 'acc' || k, 'bench', k::VARCHAR, 'vendor' FROM range(?) r(k)
        """,
        [seeds],
    )
    con.execute(
        """
        INSERT INTO wallet_addresses (market_id, account_id, address, kind)
        SELECT 'bench', 'acc' || k, 'a' || (2 * (? + k)), 'withdrawal' FROM range(?) r(k)
        """,
        [first, seeds],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--quick", action="store_true", help="65,536 transactions, 1,000 seeds")
    args = parser.parse_args()
    n, level, seeds = (65_536, 9, 1_000) if args.quick else (args.transactions, 14, 10_000)
    con = duckdb.connect()
    migrate(con)
    start = time.perf_counter()
    build(con, n, level, seeds)
    print(f"graph: {n:,} transactions, {2 * n:,} outputs, {seeds:,} seeds")
    print(f"built in {time.perf_counter() - start:.1f} s")
    flows = "SELECT sum(hash(person_id, txid, vout, amount_sats, hop)::HUGEINT) FROM money_flows"
    for model in ("haircut", "poison", "fifo"):
        took: dict[str, float] = {}
        sums: set[object] = set()
        tracers: dict[str, type[Tracer]] = {"reference": Tracer}
        if model in MODELS:
            tracers = {"sql": SqlTracer, **tracers}
        for name, tracer in tracers.items():
            start = time.perf_counter()
            result = trace_all(con, model=model, max_hops=5, tracer=tracer)["persons"]
            took[name] = time.perf_counter() - start
            sums.add(con.execute(flows).fetchall()[0][0])
            print(
                f"{model:8} {name:9} {took[name]:7.1f} s  {result.flows:,} flows, "
                f"{result.cashouts:,} cash-outs, {result.flows / took[name]:,.0f} flows/s"
            )
        if len(sums) != 1:
            raise SystemExit(f"{model}: the SQL hop step and the reference differ")
        if "sql" in took:
            ratio = took["reference"] / took["sql"]
            print(f"{model:8} the SQL hop step is {ratio:.1f}x faster than the reference")


if __name__ == "__main__":
    main()
