"""Stages of the money trail: ``tags import``, ``chain add``, ``chain cluster`` and ``trace``.

Each runs in :meth:`seized.case.Case.stage`: skipped when done with the same inputs, else its
work, checksums, done-mark and custody entry commit together. Loading commits whole batches of
blocks as it goes (a killed load leaves whole blocks, and loading skips what is stored); the
others run in one transaction each and replace their tables.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast, get_args

import duckdb

from seized.case import Case
from seized.chain.address import Network
from seized.chain.blk import blk_files, iter_blocks
from seized.chain.block import Block
from seized.chain.cluster import cluster
from seized.chain.etl import is_export, load_export
from seized.chain.load import load_chain
from seized.chain.rpc import RpcClient, iter_rpc_blocks
from seized.chain.tagpack import load_tagpack, tags_from_market, write_tags
from seized.chain.taint import MODELS, Model
from seized.chain.trace import START_KINDS, Direction, StartKind, trace, trace_all
from seized.errors import UserError
from seized.evidence import files_fingerprint
from seized.register import evidence_for
from seized.spark.engine import EngineOptions
from seized.stages import RUNTIME, Progress, StageResult

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


T = TypeVar("T")


def add_chain_source(
    con: duckdb.DuckDBPyConnection,
    source: str | Path,
    *,
    network: Network = "mainnet",
    rpc_start: int = 0,
    rpc_stop: int | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Load a chain source into the case store, whatever its kind; returns the load counts.

    ``source`` is a Bitcoin Core blocks directory, a blk file, a raw block (binary or hex), a
    blockchain-etl export (directory or file: JSON lines, CSV or Parquet), or a JSON-RPC URL
    (``http://user:password@host:8332``; blocks ``rpc_start`` to ``rpc_stop``). ``progress``
    is told the bytes of block files read, of their total size, the phases of an export
    (:data:`seized.chain.etl.PHASES`), or a node's blocks fetched of those asked for.
    """
    kind = source_kind(source)
    if kind == "rpc":
        client = RpcClient(str(source))
        stop = client.getblockcount() if rpc_stop is None else rpc_stop
        blocks = iter_rpc_blocks(client, start=rpc_start, stop=stop, network=network)
        if progress is not None:
            blocks = _counted(blocks, max(stop - rpc_start + 1, 0), progress)
        return load_chain(con, blocks, source=public_url(str(source)))
    path = Path(source)
    if kind == "etl":
        return load_export(con, path, network=network, progress=progress)
    read = iter_blocks(path)
    if progress is not None:
        read = _bytes_read(path, read, progress)
    return load_chain(con, read, source=str(path))


def _counted(blocks: Iterator[T], total: int, progress: Progress) -> Iterator[T]:
    """``blocks`` of a node, telling ``progress`` how many of ``total`` came so far."""
    label = "chain add: node blocks"
    progress(label, 0, total)
    for done, block in enumerate(blocks, 1):
        progress(label, min(done, total), total)
        yield block


def _bytes_read(path: Path, blocks: Iterator[Block], progress: Progress) -> Iterator[Block]:
    """``blocks`` of the block files under ``path``, telling ``progress`` the bytes read so far
    (the files before a block's and its own up to its end) of the files' total size."""
    files = blk_files(path) if path.is_dir() else [path]
    start: dict[str, int] = {}
    total = 0
    for file in files:
        start[str(file)] = total
        total += file.stat().st_size
    label = "chain add: block files"
    progress(label, 0, total)
    for block in blocks:
        done = start.get(block.path or "", 0) + (block.offset or 0) + block.size
        progress(label, min(done, total - 1), total)  # the end is told once, below
        yield block
    progress(label, total, total)


@dataclass
class ChainAddOptions(EngineOptions):
    #: blk directories or files, raw blocks, blockchain-etl exports, or one JSON-RPC URL
    sources: list[str | Path] = field(default_factory=list)
    network: str = "mainnet"
    rpc_start: int = 0  # blocks of a node: from this height
    rpc_stop: int | None = None  # ... to this one (the tip when None)
    force: bool = field(default=False, metadata=RUNTIME)
    #: (label, bytes read, bytes) as block files are loaded; (label, 0 or 1, 1) as each phase
    #: of a blockchain-etl export begins and ends
    progress: Progress | None = field(default=None, metadata=RUNTIME)


def chain_add_stage(case: Case, options: ChainAddOptions | None = None) -> StageResult:
    """``seized chain add``: load each source (one step and custody entry per source).

    Loading commits whole batches of blocks as it goes and skips blocks already stored; a
    source whose files (names, sizes, modification times) are unchanged since it was loaded is
    skipped. A node's blocks are always asked for again. With ``engine="spark"`` a
    blockchain-etl export (:mod:`seized.spark.etl`) or blk files (:mod:`seized.spark.blk`) are
    read and normalised on Spark, and added to the chain tables in one transaction once the
    job has written them all."""
    options = options or ChainAddOptions()
    if options.network not in get_args(Network):
        raise UserError(f"unknown network {options.network!r}: mainnet, testnet or regtest")
    spark = options.on_spark()
    if spark:
        from seized.spark.session import require_pyspark

        require_pyspark()  # before any source is registered as evidence
    for source in options.sources if spark else ():
        kind = source_kind(source)
        if kind == "rpc":
            raise UserError(
                f"{public_url(str(source))}: the Spark engine loads blockchain-etl exports and "
                "blk files; load from a node with --engine duckdb"
            )
        if kind == "blocks":
            from seized.spark.blk import block_files

            block_files(Path(source))  # a raw block: refused before anything is recorded
    result = StageResult("chain.add")
    for source in options.sources:
        result.parts.append(_add_source(case, source, options, spark))
    for part in result.parts:
        for key, value in part.counts.items():
            if isinstance(value, int):
                result.counts[key] = result.counts.get(key, 0) + value
    return result


def _add_source(
    case: Case, source: str | Path, options: ChainAddOptions, spark: bool
) -> StageResult:
    kind = source_kind(source)
    shown = public_url(str(source)) if kind == "rpc" else str(Path(source).resolve())
    files = None if kind == "rpc" else files_fingerprint([Path(source)], content=False)
    extra = [files, options.network, options.rpc_start, options.rpc_stop]
    with case.stage(
        "chain.add",
        scope=shown,
        reads=(),
        extra=extra,
        force=options.force or kind == "rpc",
        transaction=False,
    ) as run:
        if run.skipped:
            return run.result
        run.inputs = [{"source": shown, "kind": kind}]
        if kind != "rpc":  # files are evidence: hashed and logged before they are read
            evidence_id, sha = evidence_for(case, Path(source))
            run.inputs[0].update({"evidence_id": evidence_id, "sha256": sha})
        if spark and kind == "etl":
            from seized.spark.run import add_export_with_spark

            counts, details = add_export_with_spark(
                case.root,
                run.con,
                Path(source),
                network=cast(Network, options.network),
                settings=options.spark_settings(),
                work=options.spark_work,
                progress=options.progress,
            )
            run.details.update(details)
        elif spark:
            from seized.spark.run import add_blocks_with_spark

            counts, details = add_blocks_with_spark(
                case.root,
                run.con,
                Path(source),
                settings=options.spark_settings(),
                work=options.spark_work,
                progress=options.progress,
            )
            run.details.update(details)
        else:
            counts = add_chain_source(
                run.con,
                source,
                network=cast(Network, options.network),
                rpc_start=options.rpc_start,
                rpc_stop=options.rpc_stop,
                progress=options.progress,
            )
        run.counts = dict(counts)
        run.checksums = list(_CHAIN_TABLES)
    if counts.get("inputs_unresolved"):
        run.message(
            f"{counts['inputs_unresolved']} inputs spend outputs not loaded yet: "
            "load the earlier blocks to give them values"
        )
    return run.result


@dataclass
class ClusterOptions(EngineOptions):
    #: change heuristics to apply on top of the multi-input one (see seized.chain.change)
    change: tuple[str, ...] = ()
    force: bool = field(default=False, metadata=RUNTIME)
    #: called as each phase (seized.chain.cluster.PHASES) begins and ends
    progress: Progress | None = field(default=None, metadata=RUNTIME)


def chain_cluster_stage(case: Case, options: ClusterOptions | None = None) -> StageResult:
    """``seized chain cluster``: CoinJoins, optional change heuristics, clusters and labels."""
    options = options or ClusterOptions()
    spark = options.on_spark()
    with case.stage("chain.cluster", options, scope=",".join(options.change)) as run:
        if run.skipped:
            return run.result
        run.details = {"change": list(options.change)}
        if spark:
            from seized.spark.run import cluster_with_spark

            found, details = cluster_with_spark(
                case.root,
                run.con,
                options.change,
                options.spark_settings(),
                options.spark_work,
                progress=options.progress,
            )
            run.details.update(details)
        else:
            found = cluster(run.con, change=options.change, progress=options.progress)
        run.counts = found.counts()
        run.checksums = ["address_clusters"]
    for cluster_id, labels, categories, size in found.conflicts:
        run.message(
            f"conflict: cluster {cluster_id} ({size} addresses) carries {', '.join(labels)} "
            f"({', '.join(c for c in categories if c)})"
        )
    return run.result


def parse_start(text: str) -> tuple[StartKind, str]:
    """``KIND:VALUE`` (person, account, address, cluster or txid) as a start of a trace."""
    kind, sep, value = text.partition(":")
    if not sep or kind not in START_KINDS or not value:
        raise UserError(
            f"not a trace start: {text!r}; write KIND:VALUE with KIND one of "
            f"{', '.join(START_KINDS)} (for example address:bc1q...)"
        )
    return kind, value


@dataclass
class TraceOptions(EngineOptions):
    #: ``KIND:VALUE`` or (kind, value): one start; None traces every payout and market wallet
    start: tuple[StartKind, str] | str | None = None
    direction: str = "forward"
    max_hops: int = 5
    model: str = "haircut"
    stop_at_labels: bool = True
    force: bool = field(default=False, metadata=RUNTIME)
    #: (label, deepest hop reached, hop limit) after every hop step of a trace of everything
    progress: Callable[[str, int, int], None] | None = field(default=None, metadata=RUNTIME)


def trace_stage(case: Case, options: TraceOptions | None = None) -> StageResult:
    """``seized trace``: from every payout and market wallet (no start), or from one start.

    Skipped when the chain, tags, clusters, persons and market wallet tables and the options are
    the same as when it last ran for this start (``force`` traces again)."""
    options = options or TraceOptions()
    if options.model not in MODELS:
        raise UserError(f"unknown taint model {options.model!r}: choose from {', '.join(MODELS)}")
    if options.direction not in ("forward", "backward"):
        raise UserError(f"unknown direction {options.direction!r}: forward or backward")
    start = parse_start(options.start) if isinstance(options.start, str) else options.start
    if start is None and options.direction != "forward":
        raise UserError("tracing everything goes forward; give a start to go back")
    chosen: Model = options.model
    scope = "all" if start is None else f"{start[0]}:{start[1]}"
    settings = [options.direction, options.max_hops, options.model, options.stop_at_labels]
    spark = options.on_spark()
    if spark and start is not None:
        raise UserError("the Spark engine traces every payout; trace one start with duckdb")
    with case.stage("trace", None, scope=scope, extra=settings, force=options.force) as run:
        if run.skipped:
            return run.result
        details: dict[str, object] = {}
        if spark:
            from seized.spark.run import trace_with_spark

            runs, details = trace_with_spark(
                case.root,
                run.con,
                max_hops=options.max_hops,
                model=chosen,
                stop_at_labels=options.stop_at_labels,
                settings=options.spark_settings(),
                work=options.spark_work,
                progress=options.progress,
            )
        elif start is None:
            runs = trace_all(
                run.con,
                max_hops=options.max_hops,
                model=chosen,
                stop_at_labels=options.stop_at_labels,
                progress=options.progress,
            )
        else:
            runs = {
                "start": trace(
                    run.con,
                    start=start,
                    direction=cast(Direction, options.direction),
                    max_hops=options.max_hops,
                    model=chosen,
                    stop_at_labels=options.stop_at_labels,
                )
            }
        counts: dict[str, object] = {}
        for name, done in runs.items():
            counts.update({f"{name}_{k}": v for k, v in done.counts().items() if k != "model"})
        run.counts = counts
        run.checksums = ["cashouts"]
        run.details = {
            "model": options.model,
            "direction": options.direction,
            "max_hops": options.max_hops,
            "start": scope,
            **details,
        }
    return run.result


@dataclass
class TagsOptions:
    files: list[Path] = field(default_factory=list)  # GraphSense TagPacks (YAML)
    #: also tag the deposit, withdrawal, refund, escrow and hot-wallet addresses of the markets
    from_market: bool = True
    force: bool = field(default=False, metadata=RUNTIME)


def tags_import_stage(case: Case, options: TagsOptions | None = None) -> StageResult:
    """``seized tags import`` / ``tags from-market``: each pack registered as evidence (once)
    and loaded in a step of its own; then the tags of the markets' own wallet tables.

    Warnings about a pack's tags are the result's messages, ``FILE:LINE: text``."""
    options = options or TagsOptions()
    result = StageResult("tags.import")
    for path in options.files:
        part = _import_pack(case, path.resolve(), options.force)
        result.parts.append(part)
        result.counts.update(part.counts)
        result.messages.extend(part.messages)
    if options.from_market:
        with case.stage("tags.market", reads=("wallet_addresses",), force=options.force) as run:
            if not run.skipped:
                run.counts = {"tags": tags_from_market(run.con)}
                run.checksums = ["tags"]
        result.parts.append(run.result)
    return result


def _import_pack(case: Case, path: Path, force: bool) -> StageResult:
    pack = load_tagpack(path)  # parse errors stop before anything is recorded
    evidence_id, sha = evidence_for(case, path)
    with case.stage(
        "tags.import", scope=path.name, reads=(), extra=[sha, evidence_id], force=force
    ) as run:
        if not run.skipped:
            run.counts = {pack.title: write_tags(run.con, pack, evidence_id=evidence_id)}
            run.checksums = ["tags"]
            run.inputs = [{"path": str(path), "sha256": sha, "evidence_id": evidence_id}]
            run.outputs = {"tags": run.counts[pack.title]}
            run.details = {"tagpack": pack.title, "warnings": len(pack.warnings)}
    for warning in pack.warnings:
        run.message(f"{path.name}:{warning.line}: {warning.message}")
    return run.result
