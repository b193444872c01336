"""Stages: the one contract every step of an investigation follows, and the list of them.

A stage is a function ``<verb>_stage(case, options) -> StageResult`` in its package's
``stage.py``. Its body runs inside :meth:`seized.case.Case.stage`, the one place that

* fingerprints the stage's inputs (checksums of the tables it reads, its options and anything
  else it names) and skips the stage when it is already done with the same fingerprint;
* opens the transaction (or, for a stage that commits as it goes, the final one);
* records the real start and finish times, marks the stage done in ``meta.stages`` and records
  checksums of the tables it wrote, all in that transaction;
* writes the custody entry in that transaction too (``meta.custody_pending``), then appends it
  to the custody log after the commit; an entry left pending by a crash between the two is
  appended when the case is next opened, so no committed stage is without its custody entry.

:data:`STAGES` names every stage with what it reads, what it writes and the stages it comes
after; the CLI, ``seized run`` and the demo call stages only through :func:`run_stage`.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import duckdb

from seized.errors import UserError
from seized.model import table_checksum

if TYPE_CHECKING:
    from seized.case import Case


@dataclass
class StageResult:
    """What a stage did: its counts, messages for the user, and its sub-steps (``parts``, e.g.
    ingest's raw load and mapping per market)."""

    stage: str
    scope: str = ""
    skipped: bool = False
    counts: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    parts: list[StageResult] = field(default_factory=list)

    def steps(self) -> list[StageResult]:
        """The results to show one per line: the parts, or the stage itself."""
        return [s for part in self.parts for s in part.steps()] if self.parts else [self]


# -- bookkeeping in meta.stages ---------------------------------------------------------------


def fingerprint(
    con: duckdb.DuckDBPyConnection,
    tables: tuple[str, ...],
    extra: Any = None,
    known: Mapping[str, tuple[int, str]] | None = None,
) -> str:
    """SHA-256 over the checksums of the tables a stage reads and anything else that decides
    its result (``extra``: options, input files' hashes): the same fingerprint means the stage
    would compute the same result. ``known`` holds checksums already computed on this store
    state (as :func:`seized.model.table_checksum` gives them); the other tables are read."""
    known = known or {}
    sums = {t: known[t] if t in known else table_checksum(con, t) for t in tables}
    parts = {"tables": sums, "extra": extra}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


#: ``field(metadata=RUNTIME)`` marks an option that changes how a stage runs, not what it
#: computes (progress callbacks, worker counts, ``force``): left out of fingerprints.
RUNTIME = {"runtime": True}

#: A stage's ``progress`` option: called as ``(label, done, total)`` (seized.progress draws it).
Progress = Callable[[str, int, int], None]


def phases(progress: Progress | None, stage: str, names: Sequence[str]) -> Callable[[str], None]:
    """For work done in named phases, one after the other: reports ``("STAGE: PHASE", 0, 1)``
    for the first phase at once and, as each ends, ``1`` of ``1`` for it and ``0`` of ``1`` for
    the next. Returns the function to call with each phase's name as it ends."""
    if progress is None:
        return lambda name: None
    if names:
        progress(f"{stage}: {names[0]}", 0, 1)
    following = dict(itertools.pairwise(names))

    def ended(name: str) -> None:
        progress(f"{stage}: {name}", 1, 1)
        if name in following:
            progress(f"{stage}: {following[name]}", 0, 1)

    return ended


def plain(options: Any) -> Any:
    """The options that decide a stage's result, as JSON-able data for fingerprints and
    custody entries (fields marked :data:`RUNTIME` and callbacks left out)."""
    if options is None:
        return None
    if is_dataclass(options) and not isinstance(options, type):
        runtime = {f.name for f in fields(options) if f.metadata.get("runtime")}
        data = {k: v for k, v in asdict(options).items() if k not in runtime}
    elif isinstance(options, dict):
        data = dict(options)
    else:
        return str(options)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if callable(value):
            continue
        if isinstance(value, frozenset | set):
            value = sorted(value)
        out[key] = value
    return json.loads(json.dumps(out, sort_keys=True, default=str))


def is_done(con: duckdb.DuckDBPyConnection, stage: str, scope: str, fingerprint: str) -> bool:
    return done_result(con, stage, scope, fingerprint) is not None


def done_result(
    con: duckdb.DuckDBPyConnection, stage: str, scope: str, fingerprint: str
) -> dict[str, Any] | None:
    """The counts a stage recorded when it was done with these inputs, or None (not done, or
    done with other inputs)."""
    row = con.execute(
        "SELECT result FROM meta.stages WHERE stage = ? AND scope = ? AND status = 'done' "
        "AND fingerprint = ?",
        [stage, scope, fingerprint],
    ).fetchone()
    return None if row is None else dict(json.loads(row[0] or "{}"))


def stage_fingerprint(con: duckdb.DuckDBPyConnection, stage: str, scope: str) -> str | None:
    """The fingerprint a done stage recorded (None when not done)."""
    row = con.execute(
        "SELECT fingerprint FROM meta.stages WHERE stage = ? AND scope = ? AND status = 'done'",
        [stage, scope],
    ).fetchone()
    return None if row is None else str(row[0])


def mark_done(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    scope: str,
    fingerprint: str,
    result: dict[str, Any],
    started_at: datetime | None,
    finished_at: datetime | None = None,
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO meta.stages VALUES (?, ?, 'done', ?, ?, ?, ?)",
        [
            stage,
            scope,
            fingerprint,
            started_at,
            finished_at or datetime.now(UTC),
            json.dumps(result, sort_keys=True, default=str),
        ],
    )


def forget(con: duckdb.DuckDBPyConnection, stage: str, scope: str | None = None) -> None:
    """Mark a stage (one scope, or all) not done."""
    if scope is None:
        con.execute("DELETE FROM meta.stages WHERE stage = ?", [stage])
    else:
        con.execute("DELETE FROM meta.stages WHERE stage = ? AND scope = ?", [stage, scope])


def done_stages(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, Any]]:
    rows = con.execute(
        "SELECT stage, scope, finished_at FROM meta.stages WHERE status = 'done' "
        "ORDER BY finished_at"
    ).fetchall()
    return [(str(r[0]), str(r[1]), r[2]) for r in rows]


# -- one run of a stage -----------------------------------------------------------------------


class StageRun:
    """A stage while it runs: the connection, and what it will record when it commits.

    The body reads ``skipped`` first (the stage is done with the same inputs: nothing to do),
    then works on ``con`` and fills ``counts`` (and, for the custody entry, ``inputs``,
    ``outputs`` and ``details``; ``checksums`` names the tables whose checksums to record)."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, name: str, scope: str, fingerprint: str
    ) -> None:
        self.con = con
        self.name = name
        self.scope = scope
        self.fingerprint = fingerprint
        self.result = StageResult(name, scope, started_at=datetime.now(UTC))
        self.inputs: list[dict[str, Any]] = []
        self.outputs: dict[str, Any] | None = None
        self.details: dict[str, Any] = {}
        self.checksums: list[str] | None = []
        self.finished = False

    @property
    def skipped(self) -> bool:
        return self.result.skipped

    @property
    def counts(self) -> dict[str, Any]:
        return self.result.counts

    @counts.setter
    def counts(self, value: dict[str, Any]) -> None:
        self.result.counts = dict(value)

    def message(self, text: str) -> None:
        self.result.messages.append(text)

    def entry(self) -> dict[str, Any]:
        """The custody entry this run will append."""
        outputs = self.outputs if self.outputs is not None else _flat(self.result.counts)
        details = dict(self.details)
        if self.scope:
            details.setdefault("scope", self.scope)
        return {"inputs": self.inputs, "outputs": outputs, "details": details}


def _flat(counts: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in counts.items() if isinstance(v, int | float | str | bool)}


# -- the stages of an investigation -----------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One stage: its name (as in ``meta.stages`` and the custody log), the function and its
    options class (``module:name``), the tables it reads and writes, and the stages whose
    results it needs when they run in the same case (``after``)."""

    name: str
    function: str
    options: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    after: tuple[str, ...]
    summary: str

    def load(self) -> tuple[Callable[..., StageResult], type]:
        return _resolve(self.function), _resolve(self.options)


def _resolve(ref: str) -> Any:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


STAGES: tuple[Stage, ...] = (
    Stage(
        "ingest",
        "seized.ingest.stage:ingest_stage",
        "seized.ingest.stage:IngestOptions",
        reads=("evidence", "markets"),
        writes=("raw_tables", "raw_files", "rejects", "accounts", "listings", "orders",
                "feedback", "messages", "logins", "wallet_addresses", "payouts"),
        after=(),
        summary="every registered dump into raw tables, then the canonical tables",
    ),
    Stage(
        "keys.import",
        "seized.crypto.stage:keys_import_stage",
        "seized.crypto.stage:KeyImportOptions",
        # its fingerprint is the key files' hashes: the keys it also reads in seized text
        # are read again (with a fingerprint of their own) by decrypt
        reads=(),
        writes=("pgp_keys",),
        after=("ingest",),
        summary="seized PGP keys, registered as evidence, unlocked with their passphrases",
    ),
    Stage(
        "decrypt",
        "seized.crypto.stage:decrypt_stage",
        "seized.crypto.stage:DecryptOptions",
        reads=("pgp_keys", "orders", "messages"),
        writes=("pgp_blobs", "orders", "messages"),
        after=("keys.import",),
        summary="every PGP message a held key opens",
    ),
    Stage(
        "extract",
        "seized.extract.stage:extract_stage",
        "seized.extract.stage:ExtractOptions",
        reads=("accounts", "listings", "messages", "orders", "feedback"),
        writes=("identifiers",),
        after=("ingest", "decrypt"),
        summary="addresses, handles, phones, e-mails and postal addresses in the texts",
    ),
    Stage(
        "tags.import",
        "seized.chain.stage:tags_import_stage",
        "seized.chain.stage:TagsOptions",
        reads=("wallet_addresses",),
        writes=("tags",),
        after=("ingest",),
        summary="GraphSense TagPacks as evidence, and tags from the markets' wallet tables",
    ),
    Stage(
        "chain.add",
        "seized.chain.stage:chain_add_stage",
        "seized.chain.stage:ChainAddOptions",
        reads=(),
        writes=("btc_blocks", "btc_transactions", "btc_inputs", "btc_outputs"),
        after=(),
        summary="blocks from blk files, raw blocks, blockchain-etl exports or a node",
    ),
    Stage(
        "chain.cluster",
        "seized.chain.stage:chain_cluster_stage",
        "seized.chain.stage:ClusterOptions",
        reads=("btc_inputs", "btc_outputs", "tags"),
        writes=("address_clusters", "cluster_labels", "coinjoins"),
        after=("chain.add", "tags.import"),
        summary="multi-input clustering with CoinJoins excluded",
    ),
    Stage(
        "link",
        "seized.link.stage:link_stage",
        "seized.link.options:LinkOptions",
        reads=("accounts", "listings", "orders", "messages", "logins", "wallet_addresses",
               "payouts", "identifiers", "pgp_keys", "link_overrides", "address_clusters",
               "cluster_labels", "btc_inputs", "btc_outputs"),
        writes=("persons", "link_edges", "link_exclusions"),
        after=("extract", "chain.cluster"),
        summary="accounts on one or several markets -> persons, with the evidence",
    ),
    Stage(
        "trace",
        "seized.chain.stage:trace_stage",
        "seized.chain.stage:TraceOptions",
        reads=("btc_transactions", "btc_inputs", "btc_outputs", "tags", "address_clusters",
               "persons", "accounts", "payouts", "wallet_addresses"),
        writes=("money_flows", "cashouts"),
        after=("chain.cluster", "link"),
        summary="payouts and market wallets -> cash-outs per person and exchange",
    ),
    Stage(
        "rank",
        "seized.rank.stage:rank_stage",
        "seized.rank.stage:RankOptions",
        reads=("accounts", "listings", "orders", "feedback", "messages", "logins",
               "identifiers", "persons", "cashouts", "tags"),
        writes=("listing_products", "economics", "economics_monthly", "country_evidence",
                "targets"),
        after=("link", "trace"),
        summary="targets with reasons and countries",
    ),
    Stage(
        "index",
        "seized.web.stage:index_stage",
        "seized.web.stage:IndexOptions",
        reads=("accounts", "listings", "orders", "messages", "identifiers", "persons",
               "targets", "wallet_addresses", "payouts", "tags", "cashouts", "money_flows",
               "address_clusters", "cluster_labels"),
        writes=(),
        after=("rank",),
        summary="the workbench's full-text search index",
    ),
)  # fmt: skip

_BY_NAME = {s.name: s for s in STAGES}


def stage(name: str) -> Stage:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UserError(
            f"no stage {name!r}; the stages are: {', '.join(s.name for s in STAGES)}"
        ) from None


def run_stage(case: Case, name: str, options: Any = None) -> StageResult:
    """Run one stage by name with its options (its options class's defaults when None)."""
    function, options_class = stage(name).load()
    if options is None:
        options = options_class()
    elif not isinstance(options, options_class):
        raise TypeError(f"{name} takes {options_class.__name__}, not {type(options).__name__}")
    result: StageResult = function(case, options)
    return result
