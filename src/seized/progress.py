"""Progress of long work on stderr: a bar on a terminal (bytes or counted items, rate, ETA),
plain lines for logs, or nothing.

``auto`` draws a bar on a terminal; when stderr is piped (a log file, a batch job) it prints
plain lines for long work only: a label's first line once it has run :data:`PIPED_AFTER`
seconds, then one every :data:`PIPED_EVERY` seconds and one at its end, so short steps stay
quiet. ``plain`` prints a line at most twice a second per label and one at its end; ``none`` is
silent. The global ``seized -q`` makes ``auto`` silent everywhere (see :func:`set_quiet`).
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

Callback = Callable[[str, int, int], None]


MODES = ("auto", "bar", "plain", "none")
_QUIET = [False]
#: ``auto`` with stderr piped: seconds a label runs before its first line ...
PIPED_AFTER = 5.0
#: ... and the least seconds between two of its lines
PIPED_EVERY = 10.0


@dataclass(frozen=True)
class _Pace:
    """When plain lines are printed: ``after`` seconds into a label, then every ``every``."""

    after: float
    every: float


_PACE = {"plain": _Pace(0.0, 0.5), "piped": _Pace(PIPED_AFTER, PIPED_EVERY)}


def set_quiet(quiet: bool) -> None:
    """``seized -q``: progress in mode ``auto`` stays silent."""
    _QUIET[0] = quiet


def _resolve(mode: str) -> str:
    """``bar``, ``none`` or a key of :data:`_PACE` (``plain``, ``piped``)."""
    if mode == "auto":
        if _QUIET[0]:
            return "none"
        return "bar" if sys.stderr.isatty() else "piped"
    return mode


@contextmanager
def byte_progress(mode: str = "auto") -> Iterator[Callback | None]:
    """Yield a callback ``(label, done, total)`` reporting progress on stderr, or None.

    ``auto`` draws a bar on a terminal and prints lines for long work when piped; ``plain``
    prints a line at most twice a second (for logs); ``none`` is silent.
    """
    mode = _resolve(mode)
    if mode == "none":
        yield None
        return
    if mode in _PACE:
        yield _lines(_PACE[mode], _bytes_line)
        return
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total or None)
            bar.update(tasks[label], completed=done, total=total or None)

        yield update


@contextmanager
def count_progress(mode: str = "auto", *, unit: str = "rows") -> Iterator[Callback | None]:
    """Like :func:`byte_progress`, for counted items (rows, values, accounts)."""
    mode = _resolve(mode)
    if mode == "none":
        yield None
        return
    if mode in _PACE:
        yield _lines(_PACE[mode], functools.partial(_count_line, unit=unit))
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total or None)
            bar.update(tasks[label], completed=done, total=total or None)

        yield update


def _bytes_line(label: str, done: int, total: int, seconds: float) -> str:
    share = f" ({100 * done / total:.0f}%)" if total else ""
    rate = done / max(seconds, 1e-6) / 1e6
    return f"{label}: {done / 1e6:.1f} of {total / 1e6:.1f} MB{share}, {rate:.1f} MB/s"


def _count_line(label: str, done: int, total: int, seconds: float, *, unit: str) -> str:
    share = f" ({100 * done / total:.0f}%)" if total else ""
    rate = done / max(seconds, 1e-6)
    return f"{label}: {done:,} of {total:,} {unit}{share}, {rate:,.0f}/s"


def _lines(pace: _Pace, text: Callable[[str, int, int, float], str]) -> Callback:
    """A callback printing ``text(label, done, total, seconds)`` lines on stderr at ``pace``:
    a label's first line ``pace.after`` seconds after it began, then at most one every
    ``pace.every`` seconds, and one at its end when it printed any or ran that long. A label
    begins when the previous one ended (or when the first began)."""
    ended = [time.monotonic()]
    started: dict[str, float] = {}
    last: dict[str, float] = {}

    def line(label: str, done: int, total: int) -> None:
        now = time.monotonic()
        began = started.setdefault(label, ended[0])
        finished = done >= total
        if finished:
            ended[0] = now
        if now - began < pace.after and not (finished and label in last):
            return
        if not finished and now - last.get(label, began - pace.every) < pace.every:
            return
        last[label] = now
        print(text(label, done, total, now - began), file=sys.stderr, flush=True)

    return line
