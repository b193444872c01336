"""Stages of the money trail: ``chain add``, ``chain cluster`` and ``trace``.

Each opens the case store, does its work, records checksums of the canonical tables it wrote,
commits and then writes a custody entry. Loading manages its own transactions (one per batch;
a killed load leaves whole blocks), the other two run in one transaction each. All are safe to
run again: loading skips what is stored, clustering and ``trace`` without a start replace their
tables.
"""

from __future__ import annotations

import urllib.parse
from datetime import UTC, datetime
from pathlib import Path
from typing import cast, get_args

import duckdb

from seized.case import Case
from seized.chain.address import Network
from seized.chain.blk import iter_blocks
from seized.chain.cluster import cluster
from seized.chain.etl import is_export, load_export
from seized.chain.load import load_chain
from seized.chain.rpc import RpcClient, iter_rpc_blocks
from seized.chain.taint import MODELS, Model
from seized.chain.trace import START_KINDS, Direction, StartKind, trace, trace_all
from seized.errors import UserError
from seized.stages import StageResult, inputs_fingerprint, is_done, mark_done

_CHAIN_TABLES = ["btc_blocks", "btc_transactions", "btc_inputs", "btc_outputs"]


def source_kind(source: str | Path) -> str:
    """``rpc``, ``etl`` or ``blocks`` (blk directory, blk file or raw block) for a source."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        return "rpc"
    path = Path(text)
    if not path.exists():
        raise UserError(f"{path}: no such file or directory")
    return "etl" if is_export(path) else "blocks"


def public_url(url: str) -> str:
    """The URL without user name and password (for logs)."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def add_chain_source(
    con: duckdb.DuckDBPyConnection,
    source: str | Path,
    *,
    network: Network = "mainnet",
    rpc_start: int = 0,
    rpc_stop: int | None = None,
) -> dict[str, int]:
    """Load a chain source into the case store, whatever its kind; returns the load counts.

    ``source`` is a Bitcoin Core blocks directory, a blk file, a raw block (binary or hex), a
    blockchain-etl export (directory or file: JSON lines, CSV or Parquet), or a JSON-RPC URL
    (``http://user:password@host:8332``; blocks ``rpc_start`` to ``rpc_stop``).
    """
    kind = source_kind(source)
    if kind == "rpc":
        client = RpcClient(str(source))
        blocks = iter_rpc_blocks(client, start=rpc_start, stop=rpc_stop, network=network)
        return load_chain(con, blocks, source=public_url(str(source)))
    path = Path(source)
    if kind == "etl":
        return load_export(con, path, network=network)
    return load_chain(con, iter_blocks(path), source=str(path))


def chain_add(case: Case, source: str | Path, *, network: str = "mainnet") -> StageResult:
    """``seized chain add``: load one chain source, then log it with the counts."""
    if network not in get_args(Network):
        raise UserError(f"unknown network {network!r}: mainnet, testnet or regtest")
    kind = source_kind(source)
    shown = public_url(str(source)) if kind == "rpc" else str(Path(source).resolve())
    result = StageResult("chain.add", scope=shown)
    with case.connect() as con:
        counts = add_chain_source(con, source, network=cast(Network, network))
        con.execute("BEGIN TRANSACTION")
        try:
            case.record_checksums(con, _CHAIN_TABLES)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        case.log(
            "chain.add",
            inputs=[{"source": shown, "kind": kind}],
            outputs=dict(counts),
            con=con,
        )
    result.counts.update(counts)
    if counts.get("inputs_unresolved"):
        result.messages.append(
            f"{counts['inputs_unresolved']} inputs spend outputs not loaded yet: "
            "load the earlier blocks to give them values"
        )
    return result


def chain_cluster(case: Case, *, change: tuple[str, ...] = ()) -> StageResult:
    """``seized chain cluster``: CoinJoins, optional change heuristics, clusters and labels."""
    result = StageResult("chain.cluster", scope=",".join(change))
    with case.connect() as con:
        con.execute("BEGIN TRANSACTION")
        try:
            found = cluster(con, change=change)
            case.record_checksums(con, ["address_clusters"])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        counts = found.counts()
        case.log("chain.cluster", outputs=counts, details={"change": list(change)}, con=con)
    result.counts.update(counts)
    for cluster_id, labels, categories, size in found.conflicts:
        result.messages.append(
            f"conflict: cluster {cluster_id} ({size} addresses) carries {', '.join(labels)} "
            f"({', '.join(c for c in categories if c)})"
        )
    return result


def parse_start(text: str) -> tuple[StartKind, str]:
    """``KIND:VALUE`` (person, account, address, cluster or txid) as a start of a trace."""
    kind, sep, value = text.partition(":")
    if not sep or kind not in START_KINDS or not value:
        raise UserError(
            f"not a trace start: {text!r}; write KIND:VALUE with KIND one of "
            f"{', '.join(START_KINDS)} (for example address:bc1q...)"
        )
    return kind, value


def trace_stage(
    case: Case,
    *,
    start: tuple[StartKind, str] | str | None = None,
    direction: str = "forward",
    max_hops: int = 5,
    model: str = "haircut",
    stop_at_labels: bool = True,
    force: bool = False,
) -> StageResult:
    """``seized trace``: from every payout and market wallet (no start), or from one start.

    Skipped when the chain, tags, clusters, persons and market wallet tables and the options are
    the same as when it last ran for this start (``force`` traces again)."""
    if model not in MODELS:
        raise UserError(f"unknown taint model {model!r}: choose from {', '.join(MODELS)}")
    if direction not in ("forward", "backward"):
        raise UserError(f"unknown direction {direction!r}: forward or backward")
    if isinstance(start, str):
        start = parse_start(start)
    chosen: Model = model
    result = StageResult("trace", scope="all" if start is None else f"{start[0]}:{start[1]}")
    with case.connect() as con:
        options = [direction, max_hops, model, stop_at_labels]
        fingerprint = inputs_fingerprint(con, TRACE_INPUTS, options)
        if not force and is_done(con, "trace", result.scope, fingerprint):
            result.skipped = True
            result.messages.append("trace: inputs and options unchanged, nothing to do")
            return result
        started = datetime.now(UTC)
        con.execute("BEGIN TRANSACTION")
        try:
            if start is None:
                if direction != "forward":
                    raise UserError("tracing everything goes forward; give a start to go back")
                runs = trace_all(
                    con, max_hops=max_hops, model=chosen, stop_at_labels=stop_at_labels
                )
            else:
                runs = {
                    "start": trace(
                        con,
                        start=start,
                        direction=cast(Direction, direction),
                        max_hops=max_hops,
                        model=chosen,
                        stop_at_labels=stop_at_labels,
                    )
                }
            case.record_checksums(con, ["cashouts"])
            mark_done(con, "trace", result.scope, fingerprint, {}, started)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        counts: dict[str, object] = {}
        for name, run in runs.items():
            counts.update({f"{name}_{k}": v for k, v in run.counts().items() if k != "model"})
        details = {"model": model, "direction": direction, "max_hops": max_hops}
        case.log("trace", outputs=counts, details={**details, "start": result.scope}, con=con)
    result.counts.update(counts)
    return result


#: Tables a trace reads; a change in any of them makes the next trace run again.
TRACE_INPUTS = (
    "btc_transactions",
    "btc_inputs",
    "btc_outputs",
    "tags",
    "address_clusters",
    "persons",
    "accounts",
    "payouts",
    "wallet_addresses",
)
