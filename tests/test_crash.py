"""A stage killed at any point leaves the case consistent; rerunning completes it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

SEIZED = [sys.executable, "-m", "seized.cli"]
ROWS = 400_000


def _mysql_dump(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "CREATE TABLE `messages` (\n  `id` bigint NOT NULL,\n  `sender` int DEFAULT NULL,\n"
            "  `body` text,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n"
        )
        for start in range(0, ROWS, 1000):
            values = ",".join(
                f"({i},{i % 977},'message {i}: it\\'s a \\\"test\\\", with (parens), commas "
                f"and a longer tail to make the row about a hundred bytes long')"
                for i in range(start, start + 1000)
            )
            out.write(f"INSERT INTO `messages` VALUES {values};\n")


def _postgres_dump(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "CREATE TABLE public.messages (\n    id bigint NOT NULL,\n    sender integer,\n"
            "    body text\n);\nCOPY public.messages (id, sender, body) FROM stdin;\n"
        )
        for i in range(ROWS):
            out.write(
                f"{i}\t{i % 977}\tmessage {i}: a \\\\ backslash\\tand a tab, with a longer "
                "tail to make the row about a hundred bytes long\n"
            )
        out.write("\\.\n")


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SEIZED, *map(str, args)], capture_output=True, text=True, check=True)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["mysql", "postgres"])
def test_sigkill_mid_ingest_leaves_no_market_complete(tmp_path: Path, kind: str) -> None:
    dump = tmp_path / "dump.sql"
    (_mysql_dump if kind == "mysql" else _postgres_dump)(dump)
    case = tmp_path / "case"
    _run("init", case)
    _run("add", case, dump, "--market", "mk")
    proc = subprocess.Popen(
        [*SEIZED, "ingest", str(case), "--progress", "plain"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    killed_at = None
    for line in proc.stderr:
        if "%" in line:
            share = float(line.split("(")[1].split("%")[0])
            if 0 < share < 100:
                os.kill(proc.pid, signal.SIGKILL)
                killed_at = share
                break
    proc.wait()
    assert killed_at is not None, "ingest finished before it could be killed: make the dump larger"
    assert proc.returncode == -signal.SIGKILL

    status = json.loads(_run("status", case, "--json").stdout)
    assert status["markets"][0]["raw_loaded"] is False
    assert status["raw_tables"] == []
    assert not any(stage == "ingest.raw" for stage, _, _ in status["stages"])

    _run("ingest", case)
    status = json.loads(_run("status", case, "--json").stdout)
    assert status["markets"][0]["raw_loaded"] is True
    counts = status["raw_tables"][0]
    assert (counts["read"], counts["stored"], counts["rejected"]) == (ROWS, ROWS, 0)
    out = _run("query", case, "SELECT count(*), sum(id) FROM raw_mk.messages", "--format", "csv")
    assert out.stdout.splitlines()[1] == f"{ROWS},{ROWS * (ROWS - 1) // 2}"
    assert "OK" in _run("verify", case, "--unsigned-ok").stdout
