"""Progress on a terminal (rows or bytes, rate, ETA); silent when output is piped."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

Callback = Callable[[str, int, int], None]


MODES = ("auto", "bar", "plain", "none")


@contextmanager
def byte_progress(mode: str = "auto") -> Iterator[Callback | None]:
    """Yield a callback ``(label, done, total)`` reporting progress on stderr, or None.

    ``auto`` draws a bar on a terminal and stays quiet when piped; ``plain`` prints a line at
    most twice a second (for logs); ``none`` is silent.
    """
    if mode == "auto":
        mode = "bar" if sys.stderr.isatty() else "none"
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
