"""DuckDB and Spark side by side: clustering, tracing, linking and loading the chain.

Each measurement runs in a process of its own, so its peak memory is its own: the resident
memory of the process and everything it started (Spark's JVM and Python workers), sampled
every 0.2 s. The inputs are synthetic and built first (not timed):

* clustering: N/2 transactions of 2 to 4 input addresses drawn from N/2 addresses (about N
  links), one output each; :func:`seized.chain.cluster.cluster` against
  :func:`seized.spark.run.cluster_with_spark` (CoinJoin detection and labels included);
* tracing: bench/trace.py's binary tree of N transactions (N links, one input each), 10,000
  seeds 14 levels down, haircut with a hop limit of 5: :func:`seized.chain.trace.trace_all`
  against :func:`seized.spark.run.trace_with_spark`;
* linking: bench/link.py's case store of N accounts with planted persons (5 markets, seed 1):
  :func:`seized.link.stage.link_accounts` against :func:`seized.spark.run.link_with_spark`
  (which scores the candidate pairs on Spark), with pairwise F1 against the planted persons;
* chain add: the chain a synthetic seized server holds (``seized synth``, as blk files and as
  a blockchain-etl export), into an empty case store: :func:`seized.chain.stage.add_chain_source`
  against :func:`seized.spark.run.add_blocks_with_spark` (``blk``) and
  :func:`seized.spark.run.add_export_with_spark` (``etl``). N is the number of blk files read
  (the first N), or of blockchain-etl transactions (the first N, whole blocks, as a new export
  of JSON lines). ``--chain DIR`` names the synthetic server's ``chain`` directory (``blocks/``
  and ``etl/``); without it a medium one (seed 1) is generated first.

    python bench/spark.py                        # 1M and 10M links, both engines, both stages
    python bench/spark.py --links 1000000 --stage cluster --engine spark
    python bench/spark.py --master 'local[2]' --conf spark.driver.memory=8g
    python bench/spark.py --stage link --size 40000
    python bench/spark.py --stage blk --stage etl --chain synth/chain --size 1

Prints one line per measurement: stage, engine, size (links, accounts, blk files or
transactions), seconds, peak MB, and the result's counts (the same for both engines). The
inputs built in temporary directories are removed after each measurement.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb

from seized.db import limit_memory
from seized.model import migrate

HERE = Path(__file__).resolve().parent


def bench_store(root: Path) -> duckdb.DuckDBPyConnection:
    """An empty case store in ``root``, bounded and spilling as a case store's connection."""
    con = duckdb.connect(str(root / "bench.duckdb"))
    limit_memory(con, root / "spill")
    migrate(con)
    return con


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


def _bench_module(name: str) -> ModuleType:
    """Another benchmark's module (bench/NAME.py), for its data builder."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_trace_chain(con: duckdb.DuckDBPyConnection, links: int) -> None:
    _bench_module("trace").build(con, links, 14, 10_000)


def blk_subset(chain: Path, files: int, out: Path) -> Path:
    """A blocks directory holding the first ``files`` blk files of ``chain/blocks``, linked."""
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted((chain / "blocks").glob("blk*.dat"))[:files]:
        (out / path.name).symlink_to(path)
    return out


_BLOCK_NUMBER = re.compile(r'"block_number": ?(\d+)')
_NUMBER = re.compile(r'"number": ?(\d+)')


def etl_subset(chain: Path, transactions: int, out: Path) -> Path:
    """A blockchain-etl export of the first blocks of ``chain/etl`` holding at least
    ``transactions`` transactions (whole blocks: the block of the last one is completed)."""
    out.mkdir(parents=True, exist_ok=True)
    last = -1
    with (
        open(chain / "etl" / "transactions.jsonl", encoding="utf-8") as src,
        open(out / "transactions.jsonl", "w", encoding="utf-8") as dst,
    ):
        for count, line in enumerate(src):
            found = _BLOCK_NUMBER.search(line)
            assert found is not None, "a transaction without its block_number"
            number = int(found.group(1))
            if count >= transactions and number != last:
                break
            last = number
            dst.write(line)
    with (
        open(chain / "etl" / "blocks.jsonl", encoding="utf-8") as src,
        open(out / "blocks.jsonl", "w", encoding="utf-8") as dst,
    ):
        for line in src:
            found = _NUMBER.search(line)
            assert found is not None, "a block without its number"
            if int(found.group(1)) <= last:
                dst.write(line)
    return out


def measure_chain_add(
    root: Path, source: Path, kind: str, engine: str, settings: Any
) -> dict[str, Any]:
    """Load ``source`` (blk files or an export) into an empty case store with one engine."""
    con = bench_store(root)
    start = time.perf_counter()
    if engine == "spark":
        from seized.spark.run import add_blocks_with_spark, add_export_with_spark

        if kind == "blk":
            counts, _ = add_blocks_with_spark(root, con, source, settings=settings)
        else:
            counts, _ = add_export_with_spark(
                root, con, source, network="mainnet", settings=settings
            )
    else:
        from seized.chain.stage import add_chain_source

        counts = add_chain_source(con, source)
    took = time.perf_counter() - start
    keep = ("blocks_loaded", "transactions", "inputs", "outputs", "inputs_unresolved")
    return {"seconds": took, "counts": {k: counts[k] for k in keep}, "rounds": None}


def measure_link(
    root: Path, accounts: int, engine: str, master: str, conf: list[str]
) -> dict[str, Any]:
    """Link bench/link.py's planted persons with one engine; its F1 against them."""
    from seized.link.options import LinkOptions

    link_bench = _bench_module("link")
    path = root / "bench.duckdb"
    link_bench.generate(path, accounts, 5, 1)
    con = duckdb.connect(str(path))
    options = LinkOptions(engine=engine, spark_master=master, spark_conf=tuple(conf))
    start = time.perf_counter()
    if engine == "spark":
        from seized.spark.run import link_with_spark

        outcome, details = link_with_spark(root, con, options)
    else:
        from seized.link.stage import link_accounts

        outcome, details = link_accounts(con, options), {}
    took = time.perf_counter() - start
    assigned = dict(con.execute("SELECT account_id, person_id FROM persons").fetchall())
    truth, _ = link_bench._truth(con)
    score = link_bench._score(assigned, truth)
    persons = len(set(assigned.values()))
    counts = {"persons": persons, "f1": round(score["f1"], 4)}
    if "scored_pairs" in details:
        counts["scored_pairs"] = details["scored_pairs"]
    return {"seconds": took, "counts": counts, "rounds": None, "phases": outcome.seconds}


def measure(
    root: Path, stage: str, engine: str, size: int, args: argparse.Namespace, chain: Path | None
) -> dict[str, Any]:
    """Build the input in the case-like directory ``root``, run one engine on it; in this
    process."""
    from seized.spark.session import SparkSettings

    master, conf = args.master, args.conf
    settings = SparkSettings(master, tuple(conf))
    if stage == "link":
        return measure_link(root, size, engine, master, conf)
    if stage in ("blk", "etl"):
        assert chain is not None
        subset = blk_subset if stage == "blk" else etl_subset
        return measure_chain_add(
            root, subset(chain, size, root / "source"), stage, engine, settings
        )
    links = size
    con = bench_store(root)
    (build_cluster_chain if stage == "cluster" else build_trace_chain)(con, links)
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


#: what N counts for each stage, and its sizes when none are given
SIZES: dict[str, tuple[str, list[int]]] = {
    "cluster": ("links", [1_000_000, 10_000_000]),
    "trace": ("links", [1_000_000, 10_000_000]),
    "link": ("accounts", [10_000, 40_000]),
    "blk": ("blk files", [1]),
    "etl": ("transactions", [10_000, 70_000]),
}
#: the sizes of ``--quick``, a smoke run of a few minutes (``make bench --quick``)
QUICK_SIZES: dict[str, list[int]] = {
    "cluster": [10_000],
    "trace": [10_000],
    "link": [2_000],
    "blk": [1],
    "etl": [10_000],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", "--links", type=int, action="append", help="N (see SIZES)")
    parser.add_argument("--stage", choices=list(SIZES), action="append")
    parser.add_argument("--engine", choices=["duckdb", "spark"], action="append")
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--chain", type=Path, help="a synthetic server's chain directory")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (QUICK_SIZES)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    stages = args.stage or ["cluster", "trace"]
    engines = args.engine or ["duckdb", "spark"]
    if args.child:
        chain = args.chain
        root = Path(tempfile.mkdtemp(prefix="seized-bench-"))
        try:
            result = measure(root, stages[0], engines[0], args.size[0], args, chain)
        finally:
            shutil.rmtree(root, ignore_errors=True)
        print(json.dumps(result))
        return
    chain, generated = args.chain, None
    if chain is None and {"blk", "etl"} & set(stages):
        from seized.synth import generate

        generated = Path(tempfile.mkdtemp(prefix="seized-bench-synth-"))
        generate(generated, scale="small" if args.quick else "medium", seed=1)
        chain = generated / "chain"
    try:
        run_all(stages, engines, args, chain)
    finally:
        if generated is not None:
            shutil.rmtree(generated, ignore_errors=True)


def run_all(
    stages: list[str], engines: list[str], args: argparse.Namespace, chain: Path | None
) -> None:
    """Every measurement asked for, each in a child process; one line each."""
    print("stage    engine       size  unit          seconds  peak MB  rounds  counts")
    for stage in stages:
        unit, default_sizes = SIZES[stage]
        for size in args.size or (QUICK_SIZES[stage] if args.quick else default_sizes):
            for engine in engines:
                child_args = ["--stage", stage, "--engine", engine, "--size", str(size)]
                child_args += ["--master", args.master]
                if chain is not None:
                    child_args += ["--chain", str(chain.resolve())]
                for item in args.conf:
                    child_args += ["--conf", item]
                result, peak = run_child(child_args)
                print(
                    f"{stage:8} {engine:7} {size:>10,}  {unit:12} {result['seconds']:8.1f} "
                    f"{peak / 2**20:8,.0f} {result['rounds'] or '':>7}  {result['counts']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
