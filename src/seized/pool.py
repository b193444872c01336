"""A function over many items on every core, in spawned worker processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def map_chunks(
    function: Callable[[list[Item]], list[Result]],
    items: list[Item],
    *,
    least: int,
    chunk: int,
) -> list[Result]:
    """``function(items)``, one result per item in their order: in this process, or over chunks
    of ``chunk`` items in worker processes when there are at least ``least`` items and two or
    more cores. ``function`` must be a module-level function (the workers import it)."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(items) < least:
        return function(items)
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return [result for part in pool.map(function, chunks) for result in part]
