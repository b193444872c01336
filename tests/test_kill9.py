"""Every stage of a small synthetic case killed (SIGKILL) at chosen points, then run again: the
case verifies and its results equal those of an uninterrupted run.

The kill points: a random moment inside the stages that commit as they go or work longest
(ingest, decrypt, chain add, link), and, for the others, the two moments around the custody
log: just after the stage's commit, before its entry is appended (``before-append``), and just
after the append, before the entry's pending row is removed (``after-append``). Those two are
hit exactly through the test-only hook :data:`seized.case.KILL_HOOK_ENV`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from seized.case import KILL_HOOK_ENV

SEIZED = [sys.executable, "-m", "seized.cli"]

#: columns that differ between two uninterrupted runs (clock times, the case's own directory)
_VARYING = {
    "evidence": {"added_at", "added_by"},
    "markets": {"mapping_path"},
    "meta.stages": {"started_at", "finished_at"},
    "schema_migrations": {"applied_at"},
}
#: not compared: bookkeeping of the runs themselves (how many there were, and when)
_RUNS = {"meta.stages"}
#: compared by these columns only: two uninterrupted runs of the link stage on the same data
#: give the same persons and the same accepted links, but the order of a person's evidence,
#: the review flags and the set of rejected model pairs can differ between them
_SETTLED = {
    "persons": ["person_id", "account_id"],
    "link_edges": ["account_a", "account_b", "accepted"],
}


@dataclass(frozen=True)
class Step:
    command: str  # "keys import": the words before the case
    args: tuple[str, ...]  # the ones after it
    #: where to kill it, in turn, before it runs to its end: "random", or a point of the hook,
    #: "before-append:<action>" / "after-append:<action>"
    kills: tuple[str, ...]

    def argv(self, case: Path) -> list[str]:
        return [*self.command.split(), str(case), *self.args]


def _steps(server: Path) -> list[Step]:
    keys = sorted(str(p) for p in (server / "keys").glob("*.asc"))
    passphrases = str(server / "keys" / "passphrases.txt")
    return [
        # the first market's raw load, just committed; then anywhere in the rest
        Step("ingest", (), ("before-append:ingest.raw", "random")),
        Step("keys import", (*keys, "--passphrases", passphrases, "--no-ask"),
             ("after-append:keys.import",)),
        Step("decrypt", (), ("random",)),
        Step("extract", (), ("before-append:extract",)),
        Step("tags import", (str(server / "tags" / "exchanges.yaml"),),
             ("before-append:tags.import",)),
        Step("chain add", (str(server / "chain" / "blocks"),), ("random",)),
        Step("chain cluster", (), ("after-append:chain.cluster",)),
        Step("link", (), ("random",)),
        Step("trace", (), ("before-append:trace",)),
        Step("rank", (), ("after-append:rank",)),
    ]  # fmt: skip


def _seized(*args: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        [*SEIZED, *map(str, args)], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, f"seized {args}: {result.stderr}"


def _case(server: Path, case: Path) -> None:
    _seized("init", case)
    for market, mapping, name in (("silkway", "synth-bazaar", "silkway.sql"),
                                  ("hydrant", "synth-agorax", "hydrant.sql"),
                                  ("nightowl", "synth-owl", "nightowl.sqlite")):  # fmt: skip
        _seized("add", case, server / "markets" / name, "--market", market, "--mapping", mapping)


def _killed(step: Step, kill: str, case: Path, seconds: float, rng: random.Random) -> bool:
    """Run a step and kill it at a point; True if it died of the kill."""
    env = dict(os.environ)
    if kill != "random":
        env[KILL_HOOK_ENV] = kill
    proc = subprocess.Popen(
        [*SEIZED, *step.argv(case)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    if kill == "random":
        time.sleep(seconds * rng.uniform(0.3, 0.8))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
    _, err = proc.communicate()
    if proc.returncode == -signal.SIGKILL:
        return True
    assert proc.returncode == 0, err.decode(errors="replace")
    return False


def _results(case: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (sorted), but for the columns that differ between two runs."""
    con = duckdb.connect(str(case / "case.duckdb"), read_only=True)
    try:
        out = {}
        for schema, table in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name <> 'meta' "
            "OR table_name = 'stages' ORDER BY 1, 2"
        ).fetchall():
            name = table if schema == "main" else f"{schema}.{table}"
            if name in _RUNS:
                continue
            columns = _SETTLED.get(name) or [
                str(c[0])
                for c in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND "
                    "table_name = ? ORDER BY column_index",
                    [schema, table],
                ).fetchall()
                if str(c[0]) not in _VARYING.get(name, set())
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            distinct = "DISTINCT " if name in _SETTLED else ""
            rows = con.execute(f'SELECT {distinct}{listed} FROM "{schema}"."{table}"').fetchall()
            out[name] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


@pytest.mark.slow
def test_each_stage_killed_and_rerun_gives_the_uninterrupted_result(tmp_path: Path) -> None:
    server = tmp_path / "server"
    _seized("synth", server, "--scale", "small", "--seed", "3")
    steps = _steps(server)

    reference = tmp_path / "reference"
    _case(server, reference)
    seconds = []
    for step in steps:
        started = time.monotonic()
        _seized(*step.argv(reference))
        seconds.append(time.monotonic() - started)

    case = tmp_path / "killed"
    _case(server, case)
    rng = random.Random(20240502)
    killed = []
    for step, took in zip(steps, seconds, strict=True):
        for kill in step.kills:
            if _killed(step, kill, case, took, rng):
                killed.append(kill)
        _seized(*step.argv(case))
    # every exact point was hit, and most of the random moments came before the end
    planned = [k for s in steps for k in s.kills]
    assert [k for k in killed if k != "random"] == [k for k in planned if k != "random"]
    assert killed.count("random") >= 3, killed

    _seized("verify", case, "--unsigned-ok")
    expected, got = _results(reference), _results(case)
    assert got.keys() == expected.keys()
    differ = [name for name in expected if got[name] != expected[name]]
    assert not differ, differ
