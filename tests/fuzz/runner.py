"""Running fuzz targets in child processes and reporting what they found (for test_fuzz.py).

A failure names the input: the child's shrunk reproducer, or for a crash or a hang the input it
was reading, saved under ``tests/fuzz/regressions/TARGET/`` (a folder named by the input's hash,
holding its files) and replayed by every later run.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import seized
from tests.fuzz.harness import EXAMPLES, REGRESSIONS, read_files, write_files

ROOT = Path(__file__).resolve().parents[2]
#: Seconds a target may run in all: generous, it only catches hangs.
TIMEOUT = int(os.environ.get("SEIZED_FUZZ_TIMEOUT", "0")) or max(300, 2 * (EXAMPLES or 0))
#: Targets fuzzed at the same time, each in its own process.
JOBS = int(os.environ.get("SEIZED_FUZZ_JOBS", "0")) or min(2, os.cpu_count() or 1)


@dataclass
class Outcome:
    name: str
    ok: bool
    report: str
    result: dict[str, object]
    saved: Path | None = None


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child: the same seized and tests packages as this process."""
    env = dict(os.environ)
    source = str(Path(seized.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), source, env.get("PYTHONPATH")) if p)
    env.update(extra or {})
    return env


def save_reproducer(name: str, directory: Path, root: Path = REGRESSIONS) -> Path:
    """Keep an input as a regression of target ``name``, named by its content's hash."""
    files = read_files(directory)
    digest = hashlib.sha256()
    for file, data in sorted(files.items()):
        digest.update(file.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    dest = root / name / digest.hexdigest()[:16]
    write_files(dest, files)
    return dest


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def run_target(
    target: str,
    work: Path,
    *,
    timeout: float = TIMEOUT,
    env: dict[str, str] | None = None,
) -> Outcome:
    """Fuzz ``target`` (a name of tests.fuzz.targets, or ``module:attribute``) in a child
    process working in ``work``; save the input of any failure as a regression."""
    command = [sys.executable, "-m", "tests.fuzz.harness", target, str(work)]
    environment = child_env(env)
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        output, _ = process.communicate(timeout=timeout)
        late = False
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        late = True
    result_file = work / "result.json"
    result: dict[str, object] = (
        json.loads(result_file.read_text(encoding="utf-8")) if result_file.exists() else {}
    )
    name = str(result.get("target") or target)
    if process.returncode == 0 and not late:
        return Outcome(name, True, "", result)
    if late:
        what = f"still running after {timeout:.0f} s (a hang?)"
    elif process.returncode < 0:
        what = f"killed by {signal.Signals(-process.returncode).name} (a crash)"
    else:
        failure = str(result.get("failure") or f"exited with {process.returncode}")
        what = failure if len(failure) < 6000 else failure[:2000] + "\n[...]\n" + failure[-3000:]
    lines = [f"fuzz target {name!r} failed: {what}"]
    saved = None
    found = work / "failing" if result.get("failure") else work / "current"
    if result.get("regression"):
        lines.append(f"on the saved reproducer {_shown(Path(str(result['regression'])))}")
    elif found.is_dir():
        root = Path(environment.get("SEIZED_FUZZ_REGRESSIONS") or REGRESSIONS)
        saved = save_reproducer(name, found, root)
        lines.append(f"reproducer saved as {_shown(saved)}, replayed by every run from now on")
    tail = "\n".join(output.decode("utf-8", "replace").splitlines()[-30:])
    lines.append(f"last lines of the child's output:\n{tail[-4000:]}")
    return Outcome(name, False, "\n".join(lines), result, saved)
