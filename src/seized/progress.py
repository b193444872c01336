"""Progress of long work on stderr: a bar on a terminal (bytes or counted items, rate, ETA),
plain lines for logs, or nothing.

``auto`` draws a bar on a terminal and stays quiet when stderr is piped; ``plain`` prints a
line at most twice a second per label and one at its end; ``none`` is silent. The global
``seized -q`` makes ``auto`` silent everywhere (see :func:`set_quiet`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

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


def set_quiet(quiet: bool) -> None:
    """``seized -q``: progress in mode ``auto`` stays silent."""
    _QUIET[0] = quiet


def _resolve(mode: str) -> str:
    if mode == "auto":
        return "bar" if sys.stderr.isatty() and not _QUIET[0] else "none"
    return mode


@contextmanager
def byte_progress(mode: str = "auto") -> Iterator[Callback | None]:
    """Yield a callback ``(label, done, total)`` reporting progress on stderr, or None.

    ``auto`` draws a bar on a terminal and stays quiet when piped; ``plain`` prints a line at
    most twice a second (for logs); ``none`` is silent.
    """
    mode = _resolve(mode)
    if mode == "none":
        yield None
        return
    if mode == "plain":
        yield _plain_lines()
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
            bar.update(tasks[label], completed=done)

        yield update


def _plain_lines() -> Callback:
    started = time.monotonic()
    last = [0.0]

    def update(label: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done < total:
            return
        last[0] = now
        rate = done / max(now - started, 1e-6) / 1e6
        share = f" ({100 * done / total:.0f}%)" if total else ""
        print(
            f"{label}: {done / 1e6:.1f} of {total / 1e6:.1f} MB{share}, {rate:.1f} MB/s",
            file=sys.stderr,
            flush=True,
        )

    return update


@contextmanager
def count_progress(mode: str = "auto", *, unit: str = "rows") -> Iterator[Callback | None]:
    """Like :func:`byte_progress`, for counted items (rows, values, accounts)."""
    mode = _resolve(mode)
    if mode == "none":
        yield None
        return
    if mode == "plain":
        yield _plain_counts(unit)
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
            bar.update(tasks[label], completed=done)

        yield update


def _plain_counts(unit: str) -> Callback:
    ended = [time.monotonic()]  # when the previous label ended: the next one begins
    started: dict[str, float] = {}
    last: dict[str, float] = {}

    def line(label: str, done: int, total: int) -> None:
        """A line at most twice a second per label, and one at its end."""
        now = time.monotonic()
        began = started.setdefault(label, ended[0])
        if done >= total:
            ended[0] = now
        elif now - last.get(label, 0.0) < 0.5:
            return
        last[label] = now
        share = f" ({100 * done / total:.0f}%)" if total else ""
        rate = done / max(now - began, 1e-6)
        print(
            f"{label}: {done:,} of {total:,} {unit}{share}, {rate:,.0f}/s",
            file=sys.stderr,
            flush=True,
        )

    return line
