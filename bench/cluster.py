"""Address clustering: seized vs graphsense-clustering (Rust union-find) vs networkx.

A random multi-input graph: N addresses, transactions of 2-4 input addresses giving about
2N links (each input linked to its transaction's first). Every tool gets the same transactions
as an Arrow list array of uint32 address ids (graphsense-clustering reads it without Python
objects) and must return a component per address; the results are checked to agree.

seized's clustering core is :func:`seized.chain.cluster.group_components`: it hands the groups
to graphsense-clustering's union-find, a dependency (so the ratio shows seized's overhead). SciPy
connected components of the links (:func:`seized.chain.cluster.components`) are measured too.
networkx is measured on a smaller graph and extrapolated linearly (stated as such in the output).

``--change`` measures instead the change heuristics' precision and recall on a synthetic chain
(``seized synth`` small/medium): the truth of which output goes back to the payer comes from
truth.json — the change of a peel-chain step is its output that is not the cash-out, and a market's
or an exchange's change goes back to its own hot wallet.

    python bench/cluster.py                 # 10M addresses, about 20M links
    python bench/cluster.py --quick         # 200k addresses
    python bench/cluster.py --change        # change heuristics on a small synthetic case
"""

from __future__ import annotations

import argparse
import gc
import time

import numpy as np
import pyarrow as pa

from seized.chain.cluster import components, group_components


def transactions(n_addresses: int, seed: int = 1) -> pa.ListArray:
    """Random transactions of 2-4 inputs, about n_addresses transactions (2 links each)."""
    rng = np.random.default_rng(seed)
    n_tx = n_addresses
    sizes = rng.integers(2, 5, n_tx)
    offsets = np.zeros(n_tx + 1, dtype=np.int32)
    np.cumsum(sizes, out=offsets[1:])
    values = rng.integers(0, n_addresses, int(offsets[-1]), dtype=np.uint32)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values))


def seized_components(txs: pa.ListArray, n: int) -> np.ndarray:
    """What :func:`seized.chain.cluster.cluster` runs on the groups it reads from DuckDB."""
    return group_components(n, txs.cast(pa.list_(pa.int64())))


def scipy_components(txs: pa.ListArray, n: int) -> np.ndarray:
    """SciPy connected components of the links from each member to its group's first."""
    offsets = txs.offsets.to_numpy()
    values = txs.values.to_numpy().astype(np.int64)
    first = np.repeat(values[offsets[:-1]], np.diff(offsets))
    keep = values != first
    return components(n, values[keep], first[keep])


def graphsense_components(txs: pa.ListArray, n: int) -> np.ndarray:
    from gs_clustering import Clustering

    clustering = Clustering(max_address_id=n)
    clustering.process_transactions_arrow(txs)
    mapping = clustering.get_mapping()
    labels = np.empty(n + 1, dtype=np.int64)
    ids = mapping.column(0).to_numpy()
    labels[ids] = mapping.column(1).to_numpy()
    return labels[:n]


def networkx_components(txs: pa.ListArray, n: int) -> np.ndarray:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    offsets = txs.offsets.to_numpy()
    values = txs.values.to_numpy()
    first = np.repeat(values[offsets[:-1]], np.diff(offsets))
    graph.add_edges_from(zip(values.tolist(), first.tolist(), strict=True))
    labels = np.empty(n, dtype=np.int64)
    for number, members in enumerate(nx.connected_components(graph)):
        labels[list(members)] = number
    return labels


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """True when two labelings group the nodes identically."""
    pairs = np.unique(np.stack([a, b]), axis=1)
    return bool(len(np.unique(pairs[0])) == len(np.unique(pairs[1])) == pairs.shape[1])


def timed(fn: object, *args: object) -> tuple[float, np.ndarray]:
    gc.collect()
    start = time.perf_counter()
    result = fn(*args)  # type: ignore[operator]
    return time.perf_counter() - start, result


def run_clustering(n: int, networkx_n: int) -> None:
    txs = transactions(n)
    links = int(txs.values.to_numpy().size - len(txs))
    print(f"graph: {n:,} addresses, {len(txs):,} transactions, {links:,} links")
    t_seized, ours = timed(seized_components, txs, n)
    t_scipy, by_scipy = timed(scipy_components, txs, n)
    assert same_partition(ours, by_scipy), "SciPy's components disagree"
    try:
        t_gs, theirs = timed(graphsense_components, txs, n)
    except ImportError:
        print("graphsense-clustering is not installed: pip install graphsense-clustering")
        t_gs, theirs = float("nan"), ours
    assert same_partition(ours, theirs), "seized and graphsense-clustering disagree"
    small = transactions(networkx_n, seed=2)
    t_nx_small, nx_labels = timed(networkx_components, small, networkx_n)
    assert same_partition(scipy_components(small, networkx_n), nx_labels)
    t_nx = t_nx_small * n / networkx_n
    print(f"seized (cluster.group_components){t_seized:8.2f} s")
    print(f"SciPy connected components       {t_scipy:8.2f} s")
    print(f"graphsense-clustering (Rust)     {t_gs:8.2f} s")
    print(
        f"networkx                         {t_nx:8.2f} s  "
        f"(measured {t_nx_small:.2f} s at {networkx_n:,} addresses, scaled linearly)"
    )
    print(f"ratio seized / graphsense: {t_seized / t_gs:.2f}x (target <= 1.5x)")
    print(f"ratio networkx / seized:   {t_nx / t_seized:.1f}x")


def run_change(scale: str) -> None:
    import json
    import tempfile
    from pathlib import Path

    import duckdb

    from seized.chain.change import HEURISTICS, guess_change
    from seized.chain.coinjoin import detect_coinjoins
    from seized.chain.etl import load_export
    from seized.model import migrate
    from seized.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate(out, scale=scale, seed=5)
        truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
        con = duckdb.connect()
        migrate(con)
        load_export(con, out / "chain" / "etl")
    detect_coinjoins(con)
    peels = [(c["txid"], c["vout"]) for p in truth["persons"] for c in p["cashouts"]]
    hot = [a for m in truth["markets"] for a in m["hot_wallet_addresses"]]
    hot += [a for e in truth["exchanges"] for a in e["hot_addresses"]]
    con.execute("CREATE TEMP TABLE peel (txid VARCHAR, vout INTEGER)")
    con.executemany("INSERT INTO peel VALUES (?, ?)", peels)
    con.execute("CREATE TEMP TABLE hot AS SELECT unnest(?::VARCHAR[]) AS address", [hot])
    # truth: (txid, change vout) for two-output peel steps and for hot-wallet spends
    con.execute(
        """
        CREATE TEMP TABLE truth AS
        SELECT o.txid, o.vout FROM btc_outputs o JOIN peel p ON p.txid = o.txid
        WHERE o.vout <> p.vout AND (SELECT n_outputs FROM btc_transactions t
                                    WHERE t.txid = o.txid) = 2
        UNION
        SELECT o.txid, o.vout FROM btc_outputs o
        WHERE o.address IN (SELECT address FROM hot)
          AND o.txid IN (SELECT txid FROM btc_inputs GROUP BY txid
                         HAVING bool_and(address IN (SELECT address FROM hot)))
          AND (SELECT n_outputs FROM btc_transactions t WHERE t.txid = o.txid) >= 2
        """
    )
    known = con.execute("SELECT count(DISTINCT txid) FROM truth").fetchone()
    print(f"{scale} synthetic chain: {known[0] if known else 0} payments with known change")
    print(f"{'heuristic':18} {'guesses':>8} {'precision':>10} {'recall':>8}")
    for name in HEURISTICS:
        guess_change(con, [name])
        row = con.execute(
            """
            SELECT count(*) FILTER (WHERE g.txid IN (SELECT txid FROM truth)),
                   count(*) FILTER (WHERE (g.txid, g.vout) IN (SELECT (txid, vout) FROM truth))
            FROM change_outputs g
            """
        ).fetchone()
        judged, right = (int(row[0]), int(row[1])) if row else (0, 0)
        total = int(known[0]) if known else 0
        precision = right / judged if judged else float("nan")
        print(f"{name:18} {judged:8} {precision:10.3f} {right / max(total, 1):8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200k addresses")
    parser.add_argument("--addresses", type=int, default=10_000_000)
    parser.add_argument("--change", choices=("small", "medium"), help="measure change heuristics")
    args = parser.parse_args()
    if args.change:
        run_change(args.change)
        return
    n = 200_000 if args.quick else args.addresses
    run_clustering(n, min(n, 1_000_000))


if __name__ == "__main__":
    main()
