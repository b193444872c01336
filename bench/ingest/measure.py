"""Time a whole process and read its peak resident memory."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timed:
    seconds: float  # wall-clock time from start until the process exited
    peak_rss: int  # bytes: the largest resident set of the process or any child it waited for
    returncode: int
    stderr: str  # the end of what it wrote to stderr

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_timed(
    cmd: Sequence[str],
    *,
    stdin: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Timed:
    """Run ``cmd`` to completion (stdout discarded) and measure it with ``wait4``: the rusage
    of exactly this child, so concurrent processes (servers, other helpers) do not count."""
    with tempfile.TemporaryFile() as err:
        stdin_file = stdin.open("rb") if stdin is not None else None
        try:
            start = time.perf_counter()
            proc = subprocess.Popen(
                list(cmd),
                stdin=stdin_file if stdin_file is not None else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                env=dict(env) if env is not None else None,
                cwd=cwd,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin_file is not None:
                stdin_file.close()
        err.seek(0)
        tail = err.read()[-4000:].decode("utf-8", "replace")
    return Timed(seconds, usage.ru_maxrss * 1024, proc.returncode, tail)
