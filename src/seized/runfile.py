"""`seized run CASE.toml`: every stage from a case file, idempotently.

A case file names the case directory, the evidence with its markets and mappings, and (for the
later stages) keys, chain sources and tag packs. Paths are relative to the case file::

    [case]
    dir = "case"                      # the case directory (created if missing)
    name = "Operation Example"

    [[evidence]]
    path = "markets/silkway.sql"
    market = "silkway"
    mapping = "synth-bazaar"          # a built-in mapping name or a mapping file

    [keys]                            # seized PGP keys (`seized keys import`)
    files = ["keys/server-silkway.asc"]
    passphrases = "keys/passphrases.txt"

    [chain]                           # blk*.dat directories, raw blocks, blockchain-etl exports
    sources = ["chain/blocks"]

    [tags]                            # GraphSense TagPacks (`seized tags import`)
    files = ["tags/exchanges.yaml"]

A second run redoes nothing that is already done: evidence already registered is not added
again, and stages whose inputs did not change are skipped.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seized.case import CASE_FILE, Case
from seized.errors import InputError, UserError
from seized.evidence import hash_evidence
from seized.register import add_evidence, set_mapping
from seized.stages import STAGES, StageResult, run_stage

Echo = Callable[[str], None]
#: Called as each stage finishes: its result and the seconds since the previous one finished
#: (None for all but the last of stages that finish together, such as the markets of ingest).
Report = Callable[[StageResult, float | None], None]
#: Around each stage: given its name and options, a context manager giving the options to run
#: it with (the command line adds its progress display this way).
Around = Callable[[str, Any], AbstractContextManager[Any]]


class _Finished:
    """The results so far, reported as they come."""

    def __init__(self, report: Report | None) -> None:
        self.results: list[StageResult] = []
        self.report = report
        self.clock = time.monotonic()

    def add(self, *results: StageResult) -> None:
        now = time.monotonic()
        for i, result in enumerate(results):
            self.results.append(result)
            if self.report is not None:
                self.report(result, now - self.clock if i == len(results) - 1 else None)
        self.clock = now


def describe(result: StageResult, seconds: float | None) -> list[str]:
    """Lines that tell how a stage of a run ended (its first messages indented below)."""
    state = "skipped (already done)" if result.skipped else "done"
    took = f" ({seconds:.1f} s)" if seconds is not None and not result.skipped else ""
    name = " ".join(part for part in (result.stage, result.scope) if part)
    lines = [f"{name}: {state}{took}"]
    lines += [f"  {message}" for message in result.messages[:5]]
    if len(result.messages) > 5:
        lines.append(f"  ... and {len(result.messages) - 5} more")
    return lines


@dataclass
class CaseFile:
    path: Path
    case_dir: Path
    name: str | None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    keys: list[Path] = field(default_factory=list)
    passphrases: Path | None = None
    chain: list[Path] = field(default_factory=list)
    tagpacks: list[Path] = field(default_factory=list)


def load_case_file(path: Path) -> CaseFile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: no such case file") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not a valid TOML case file: {exc}", path) from exc
    base = path.parent
    case = data.get("case", {})
    if not isinstance(case, dict):
        raise InputError("[case] must be a table", path)

    def entries(key: str) -> list[dict[str, Any]]:
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise InputError(f"[[{key}]] entries must be tables", path)
        for item in items:
            if "path" not in item:
                raise InputError(f"an [[{key}]] entry has no path", path)
            item["path"] = base / str(item["path"])
        return items

    def paths(section: str, key: str) -> list[Path]:
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise InputError(f"[{section}] must be a table", path)
        items = table.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise InputError(f"[{section}] {key} must be a list of paths", path)
        return [base / i for i in items]

    keys = data.get("keys", {})
    passphrases = keys.get("passphrases") if isinstance(keys, dict) else None
    return CaseFile(
        path=path,
        case_dir=base / str(case.get("dir", "case")),
        name=case.get("name"),
        evidence=entries("evidence"),
        keys=paths("keys", "files"),
        passphrases=base / str(passphrases) if passphrases else None,
        chain=paths("chain", "sources"),
        tagpacks=paths("tags", "files"),
    )


def run_case_file(
    path: Path,
    *,
    case_dir: Path | None = None,
    actor: str | None = None,
    echo: Echo = print,
    report: Report | None = None,
    around: Around | None = None,
) -> list[StageResult]:
    spec = load_case_file(path)
    root = case_dir or spec.case_dir
    if (root / CASE_FILE).exists():
        case = Case.open(root, actor=actor)
    else:
        case = Case.init(root, actor=actor, name=spec.name)
        echo(f"case created in {case.root}")
    with case.connect(read_only=True) as con:
        known = {
            (str(r[0]), str(r[1]))
            for r in con.execute("SELECT path, sha256 FROM evidence").fetchall()
        }
        mappings = {
            str(r[0]): r[1]
            for r in con.execute("SELECT market_id, mapping_path FROM markets").fetchall()
        }
    for item in spec.evidence:
        evidence_path = Path(item["path"]).resolve()
        sha, _, _ = hash_evidence(evidence_path)
        market = item.get("market")
        if (str(evidence_path), sha) not in known:
            for reg in add_evidence(case, [evidence_path], market=market, fmt=item.get("format")):
                echo(
                    f"added #{reg.evidence_id} {reg.path.name} ({reg.format}, market {reg.market})"
                )
                market = reg.market
        mapping = item.get("mapping")
        if mapping and market and not mappings.get(market):
            set_mapping(case, str(market), _mapping_ref(str(mapping), spec.path.parent))
            mappings[str(market)] = mapping
    finished = _Finished(report)
    for stage, options in stage_options(spec):
        with around(stage, options) if around else nullcontext(options) as given:
            finished.add(*run_stage(case, stage, given).steps())
    return finished.results


def stage_options(spec: CaseFile) -> list[tuple[str, Any]]:
    """The stages a case file asks for, in the order of :data:`seized.stages.STAGES`, each with
    its options: keys, chain and tag stages only when the case file names keys, chain sources
    or tag packs."""
    given: dict[str, dict[str, Any] | None] = {
        "ingest": {},
        "keys.import": {"files": spec.keys, "passphrases": spec.passphrases} if spec.keys else None,
        "decrypt": {} if spec.keys else None,
        "extract": {},
        "tags.import": {"files": spec.tagpacks} if spec.tagpacks else None,
        "chain.add": {"sources": list(spec.chain)} if spec.chain else None,
        "chain.cluster": {} if spec.chain else None,
        "link": {},
        "trace": {} if spec.chain else None,  # after linking: cash-outs per person
        "rank": {},
    }
    planned = []
    for stage in STAGES:
        kwargs = given.get(stage.name)
        if kwargs is not None:
            planned.append((stage.name, stage.load()[1](**kwargs)))
    return planned


def _mapping_ref(mapping: str, base: Path) -> str:
    candidate = base / mapping
    return str(candidate) if candidate.exists() else mapping
