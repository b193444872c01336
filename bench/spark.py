"""DuckDB and Spark side by side: clustering and tracing at 1M and 10M address links.

Each measurement runs in a process of its own, so its peak memory is its own: the resident
memory of the process and everything it started (Spark's JVM and Python workers), sampled
every 0.2 s. The chains are synthetic and built in DuckDB first (not timed):

* clustering: N/2 transactions of 2 to 4 input addresses drawn from N/2 addresses (about N
  links), one output each; :func:`seized.chain.cluster.cluster` against
  :func:`seized.spark.run.cluster_with_spark` (CoinJoin detection and labels included);
* tracing: bench/trace.py's binary tree of N transactions (N links, one input each), 10,000
  seeds 14 levels down, haircut with a hop limit of 5: :func:`seized.chain.trace.trace_all`
  against :func:`seized.spark.run.trace_with_spark`.

    python bench/spark.py                        # 1M and 10M links, both engines, both stages
    python bench/spark.py --links 1000000 --stage cluster --engine spark
    python bench/spark.py --master 'local[2]' --conf spark.driver.memory=8g

Prints one line per measurement: stage, engine, links, seconds, peak MB, and the result's
counts (the same for both engines).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import duckdb

from seized.model import migrate

HERE = Path(__file__).resolve().parent


def build_cluster_chain(con: duckdb.DuckDBPyConnection, links: int) -> None:
    n = max(links // 2, 2)
    con.execute(
        "CREATE TEMP TABLE _sizes AS "
        "SELECT k, 2 + (hash(k) % 3)::INTEGER AS size FROM range(?) r(k)",
        [n],
    )
    con.execute(
        "INSERT INTO btc_transactions SELECT 't' || k, k, 'b', NULL, FALSE, size, 1, NULL, NULL, "
        "NULL FROM _sizes"
    )
    con.execute(
        "INSERT INTO btc_inputs SELECT 't' || k, i::INTEGER, NULL, NULL, "
        "'a' || (hash(k * 7 + i) % ?), 1000 FROM _sizes, range(4) r(i) WHERE i < size",
        [n],
    )
    con.execute(
        "INSERT INTO btc_outputs SELECT 't' || k, 0, 'a' || (hash(k * 13 + 5) % ?), 900, 'p2wpkh' "
        "FROM _sizes",
        [n],
    )


def build_trace_chain(con: duckdb.DuckDBPyConnection, links: int) -> None:
    spec = importlib.util.spec_from_file_location("bench_trace", HERE / "trace.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(con, links, 14, 10_000)


def measure(stage: str, engine: str, links: int, master: str, conf: list[str]) -> dict[str, Any]:
    """Build the chain in a case-like directory, run one engine on it; in this process."""
    from seized.spark.session import SparkSettings

    root = Path(tempfile.mkdtemp(prefix="seized-bench-"))
    con = duckdb.connect(str(root / "bench.duckdb"))
    migrate(con)
    (build_cluster_chain if stage == "cluster" else build_trace_chain)(con, links)
    settings = SparkSettings(master, tuple(conf))
    start = time.perf_counter()
    if stage == "cluster":
        from seized.chain.cluster import cluster

        if engine == "spark":
            from seized.spark.run import cluster_with_spark

            found, details = cluster_with_spark(root, con, (), settings)
        else:
            found, details = cluster(con), {}
        counts = {k: v for k, v in found.counts().items() if not k.startswith("coinjoins_")}
    else:
        from seized.chain.trace import trace_all

        if engine == "spark":
            from seized.spark.run import trace_with_spark

            runs, details = trace_with_spark(
                root, con, max_hops=5, model="haircut", stop_at_labels=True, settings=settings
            )
        else:
            runs, details = trace_all(con, max_hops=5, model="haircut"), {}
        done = runs["persons"]
        counts = {"flows": done.flows, "cashouts": done.cashouts, "fee_sats": done.fee_sats}
    took = time.perf_counter() - start
    rounds = details.get("component_rounds", details.get("hop_steps"))
    return {"seconds": took, "counts": counts, "rounds": rounds}


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def run_child(args: list[str]) -> tuple[dict[str, Any], int]:
    """One measurement in a child process; its result and the peak of its process tree."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, text=True
    )
    peak = 0

    def sample() -> None:
        nonlocal peak
        while child.poll() is None:
            peak = max(peak, _tree_rss(child.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = child.communicate()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"measurement {args} failed ({child.returncode})")
    return json.loads(out.strip().splitlines()[-1]), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, action="append", help="1M and 10M by default")
    parser.add_argument("--stage", choices=["cluster", "trace"], action="append")
    parser.add_argument("--engine", choices=["duckdb", "spark"], action="append")
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    links_list = args.links or [1_000_000, 10_000_000]
    stages = args.stage or ["cluster", "trace"]
    engines = args.engine or ["duckdb", "spark"]
    if args.child:
        result = measure(stages[0], engines[0], links_list[0], args.master, args.conf)
        print(json.dumps(result))
        return
    print("stage    engine  links       seconds  peak MB  rounds  counts")
    for stage in stages:
        for links in links_list:
            for engine in engines:
                child_args = ["--stage", stage, "--engine", engine, "--links", str(links)]
                child_args += ["--master", args.master]
                for item in args.conf:
                    child_args += ["--conf", item]
                result, peak = run_child(child_args)
                print(
                    f"{stage:8} {engine:7} {links:>11,} {result['seconds']:8.1f} "
                    f"{peak / 2**20:8,.0f} {result['rounds'] or '':>7}  {result['counts']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
