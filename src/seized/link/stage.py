"""The link stage (`seized link`): accounts -> persons, with the evidence for every link.

:func:`link_accounts` does the work on an open connection (the benchmark calls it directly);
:func:`link_stage` wraps it for a case: one transaction, checksums, custody log, and the stage
bookkeeping that lets ``seized run`` skip a link whose inputs and options did not change.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from seized.case import Case
from seized.db import column
from seized.errors import UserError
from seized.link.countries import account_countries
from seized.link.exclusions import build_exclusions
from seized.link.features import build_features
from seized.link.hard import build_identifiers, hard_edges
from seized.link.model import Scorer, predict, score_in_duckdb
from seized.link.options import LinkOptions, Progress
from seized.link.overrides import load_overrides, parse_overrides, store_overrides
from seized.link.resolve import Account, Edge, evidence, order, resolve
from seized.stages import StageResult

STAGE = "link"


@dataclass
class LinkOutcome:
    accounts: int = 0
    persons: int = 0
    multi_account_persons: int = 0
    review: int = 0
    hard_links: int = 0
    model_links: int = 0
    refused_links: int = 0
    excluded_values: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _accounts(con: duckdb.DuckDBPyConnection) -> dict[str, Account]:
    countries = account_countries(con)
    rows = con.execute(
        "SELECT unique_id, market_id, role, ship_main FROM link_features ORDER BY unique_id"
    ).fetchall()
    return {
        str(r[0]): Account(str(r[0]), str(r[1]), r[2], r[3], countries.get(str(r[0]), frozenset()))
        for r in rows
    }


def _hard(con: duckdb.DuckDBPyConnection) -> list[Edge]:
    rows = con.execute(
        "SELECT account_a, account_b, rule, value FROM link_hard ORDER BY ALL"
    ).fetchall()
    return [Edge(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


#: Same-name links between accounts that both write with habits and share none of them: two
#: people who picked one name (a reused name is the weakest hard rule; habits carry across
#: markets). The model may still join them on other evidence.
_HABITS_DIFFER = """
SELECT h.account_a, h.account_b FROM link_hard AS h
  JOIN link_features AS l ON l.unique_id = h.account_a
  JOIN link_features AS r ON r.unique_id = h.account_b
 WHERE h.rule IN ('same_username', 'similar_username')
   AND l.habits IS NOT NULL AND r.habits IS NOT NULL
   AND len(list_intersect(l.habits, r.habits)) = 0
"""


def _habits_differ(con: duckdb.DuckDBPyConnection, edges: list[Edge]) -> list[Edge]:
    """Take the same-name edges whose accounts' habits differ out of ``edges``; return them
    refused."""
    pairs = {(str(a), str(b)) for a, b in con.execute(_HABITS_DIFFER).fetchall()}
    refused = [
        e
        for e in edges
        if e.rule in ("same_username", "similar_username") and (e.account_a, e.account_b) in pairs
    ]
    for edge in refused:
        edge.reason = "habits_differ"
    edges[:] = [e for e in edges if e.reason != "habits_differ"]
    return refused


def _vendors(accounts: dict[str, Account], edge: Edge) -> bool:
    a, b = accounts.get(edge.account_a), accounts.get(edge.account_b)
    return a is not None and b is not None and a.role == "vendor" and b.role == "vendor"


#: The phases progress names, each with the laps of :func:`link_accounts` that are its steps:
#: blocking (identifiers, excluded values, the pairs sharing one, features), scoring (the model)
#: and resolving (persons and their evidence, then writing them).
PHASES = (("blocking", ("features",)), ("scoring", ("model",)), ("resolving", ("resolve", "write")))


def _phases(progress: Progress | None) -> Callable[[str], None]:
    """A function to call with each lap's name: reports ``("link: PHASE", steps done, steps)``,
    the next phase at 0 as soon as one ends, the first one at once."""
    steps = {lap: (phase, n, len(laps)) for phase, laps in PHASES for n, lap in enumerate(laps, 1)}
    following = {a[0]: b for a, b in itertools.pairwise(PHASES)}
    if progress is None:
        return lambda name: None
    progress(f"link: {PHASES[0][0]}", 0, len(PHASES[0][1]))

    def lap(name: str) -> None:
        phase, done, total = steps[name]
        progress(f"link: {phase}", done, total)
        if done == total and phase in following:
            after, laps = following[phase]
            progress(f"link: {after}", 0, len(laps))

    return lap


def link_accounts(
    con: duckdb.DuckDBPyConnection, options: LinkOptions, score: Scorer = score_in_duckdb
) -> LinkOutcome:
    """Fill ``persons``, ``link_edges`` and ``link_exclusions`` from the canonical tables;
    ``score`` scores the model's candidate pairs (in DuckDB, or on Spark)."""
    outcome = LinkOutcome()
    phases = _phases(options.progress)
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        outcome.seconds[name] = round(now - clock, 2)
        clock = now
        phases(name)

    build_identifiers(con, options.common_names)
    outcome.excluded_values = build_exclusions(con, options)
    hard_pairs = hard_edges(con)
    build_features(con, options)
    lap("features")
    edges = _hard(con)
    refused = _habits_differ(con, edges)
    accounts = _accounts(con)
    if options.model:
        for link in predict(con, options, hard_pairs, score):
            edge = Edge(
                link.account_a,
                link.account_b,
                "model",
                None,
                link.match_weight,
                link.probability,
                link.fields,
            )
            if _vendors(accounts, edge) and link.probability < options.vendor_match_probability:
                edge.reason = "below_vendor_threshold"
                refused.append(edge)
            else:
                edges.append(edge)
    lap("model")
    cannot: list[tuple[str, str]] = []
    for o in load_overrides(con):
        if o.account_a not in accounts or o.account_b not in accounts:
            continue  # an account of a market removed since: nothing to apply
        if o.kind == "must_link":
            edges.append(Edge(o.account_a, o.account_b, "must_link", o.note))
        else:
            cannot.append((o.account_a, o.account_b))
    persons = resolve(
        accounts,
        edges,
        cannot,
        model_same_market=options.model_same_market,
        same_market_probability=options.same_market_probability,
    )
    edges += refused
    edges.sort(key=order)  # the evidence lists links in this order
    proofs = evidence(persons, edges)
    lap("resolve")
    _write(con, persons_rows(persons, proofs), edges)
    lap("write")
    outcome.accounts = len(accounts)
    in_persons = sum(len(p.accounts) for p in persons)
    outcome.persons = len(persons) + len(accounts) - in_persons
    outcome.multi_account_persons = sum(1 for p in persons if len(p.accounts) > 1)
    outcome.review = sum(1 for p in persons if p.review)
    outcome.hard_links = sum(1 for e in edges if e.accepted and e.rule != "model")
    outcome.model_links = sum(1 for e in edges if e.accepted and e.rule == "model")
    outcome.refused_links = sum(1 for e in edges if not e.accepted)
    return outcome


def persons_rows(persons: list[Any], proofs: dict[str, dict[str, Any]]) -> pa.Table:
    ids: list[str] = []
    accounts: list[str] = []
    texts: list[str] = []
    review: list[bool] = []
    for person in persons:
        for account in person.accounts:
            ids.append(person.person_id)
            accounts.append(account)
            texts.append(json.dumps(proofs[account], ensure_ascii=False, sort_keys=True))
            review.append(bool(person.review))
    return pa.table(
        {
            "person_id": pa.array(ids, pa.string()),
            "account_id": pa.array(accounts, pa.string()),
            "evidence": pa.array(texts, pa.string()),
            "review": pa.array(review, pa.bool_()),
        }
    )


def _edges_table(edges: list[Edge]) -> pa.Table:
    return pa.table(
        {
            "account_a": pa.array([e.account_a for e in edges], pa.string()),
            "account_b": pa.array([e.account_b for e in edges], pa.string()),
            "rule": pa.array([e.rule for e in edges], pa.string()),
            "value": pa.array([e.value for e in edges], pa.string()),
            "match_weight": pa.array([e.match_weight for e in edges], pa.float64()),
            "probability": pa.array([e.probability for e in edges], pa.float64()),
            "fields": pa.array(
                [json.dumps(e.fields, sort_keys=True) if e.fields else None for e in edges],
                pa.string(),
            ),
            "accepted": pa.array([e.accepted for e in edges], pa.bool_()),
            "reason": pa.array([e.reason for e in edges], pa.string()),
        }
    )


#: Every account that no link joined to another and nothing flagged is a person of its own; its
#: id and evidence (as :func:`.resolve.person_id` and :func:`.resolve.evidence` would make them,
#: byte for byte) are written in SQL, which at a million accounts saves most of the stage.
_SINGLES = """
INSERT INTO persons
SELECT pid, unique_id,
       ('{"accounts": 1, "links": [], "person_id": "' || pid || '", "review": []}')::JSON, FALSE
  FROM (SELECT unique_id, 'P-' || substr(sha1(unique_id), 1, 12) AS pid
          FROM link_features
         WHERE unique_id NOT IN (SELECT account_id FROM link_persons_arrow))
"""


def _write(con: duckdb.DuckDBPyConnection, persons: pa.Table, edges: list[Edge]) -> None:
    con.execute("DELETE FROM persons")
    con.register("link_persons_arrow", persons)
    try:
        con.execute(
            "INSERT INTO persons SELECT person_id, account_id, evidence::JSON, review "
            "FROM link_persons_arrow"
        )
        con.execute(_SINGLES)
    finally:
        con.unregister("link_persons_arrow")
    con.execute("DELETE FROM link_edges")
    con.register("link_edges_arrow", _edges_table(edges))
    try:
        con.execute(
            "INSERT INTO link_edges SELECT account_a, account_b, rule, value, match_weight, "
            "probability, fields::JSON, accepted, reason FROM link_edges_arrow"
        )
    finally:
        con.unregister("link_edges_arrow")
    con.execute("DELETE FROM link_exclusions")
    con.execute(
        "INSERT INTO link_exclusions SELECT kind, value, reason, accounts FROM link_excluded"
    )


#: the link overrides the analysts decided in the workbench (seized.web.actions writes it)
WORKBENCH_OVERRIDES = "workbench/link-overrides.txt"


def link_stage(case: Case, options: LinkOptions | None = None) -> StageResult:
    """Resolve the case's accounts to persons (`seized link`); safe to run again.

    ``options.overrides`` first replaces the stored must-link / cannot-link overrides with a
    file's (a custody entry of its own); without it the stored ones apply. The stage is skipped
    when its inputs and options are unchanged. With ``options.engine == "spark"`` the model
    scores the candidate pairs on Spark (:func:`seized.spark.run.link_with_spark`); the custody
    entry names the engine and the master.
    """
    options = options or LinkOptions()
    spark = options.on_spark()  # an unknown engine or bad settings fail before anything runs
    with case.connect(read_only=True) as con:
        known = set(column(con, "SELECT account_id FROM accounts"))
    if not known:
        raise UserError(f"{case.root}: no accounts to link yet; run `seized ingest` first")
    if options.overrides is not None:
        _store_overrides(case, options.overrides, known)
    elif (case.root / WORKBENCH_OVERRIDES).is_file():
        # the links confirmed or rejected in the workbench (`seized serve`), once per change
        _store_overrides(case, case.root / WORKBENCH_OVERRIDES, known, scope="workbench")
    with case.stage(STAGE, options) as run:
        if not run.skipped:
            if spark:
                from seized.spark.run import link_with_spark

                outcome, details = link_with_spark(case.root, run.con, options)
                run.details.update(details)
            else:
                outcome = link_accounts(run.con, options)
            run.counts = asdict(outcome)
            run.outputs = {"persons": outcome.persons, "review": outcome.review}
            run.checksums = ["persons"]
    return run.result


def _store_overrides(case: Case, path: Path, known: set[str], scope: str = "") -> None:
    """Replace the stored overrides with a file's (step ``link.overrides``; the workbench's
    file, ``scope="workbench"``, only when it changed since it was last stored)."""
    parsed = parse_overrides(path, known)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with case.stage("link.overrides", scope=scope, reads=(), extra=digest, force=not scope) as run:
        if run.skipped:
            return
        store_overrides(run.con, parsed)
        run.inputs = [{"path": str(path), "sha256": digest}]
        run.outputs = {"overrides": len(parsed)}
