"""Every parser, fuzzed: it parses or raises a declared error, in bounded time and memory.

Each target runs in a child process (``python -m tests.fuzz.harness``; its docstring says how
time and memory are bounded), so that a crash of a compiled module or an exhausted memory limit
fails one test, not the run. The selected targets start together, :data:`~tests.fuzz.runner.JOBS`
at a time, and each test waits for its own. ``SEIZED_FUZZ_EXAMPLES=N`` runs N examples per
target instead of CI's few dozen; a failure's input is saved under ``tests/fuzz/regressions/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from tests.fuzz.runner import JOBS, Outcome, run_target
from tests.fuzz.targets import TARGETS

TEST = "test_parser_survives_fuzzing"


@pytest.fixture(scope="session")
def fuzzing(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Outcome]]]:
    """The selected targets, started in child processes: name -> its outcome to come."""
    names = [
        item.callspec.params["name"]
        for item in request.session.items
        if getattr(item, "originalname", None) == TEST and hasattr(item, "callspec")
    ]
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        futures = {n: pool.submit(run_target, n, tmp_path_factory.mktemp(n)) for n in names}
        yield futures
        for future in futures.values():
            future.cancel()


@pytest.mark.fuzz
@pytest.mark.parametrize("name", sorted(TARGETS))
def test_parser_survives_fuzzing(name: str, fuzzing: dict[str, Future[Outcome]]) -> None:
    outcome = fuzzing[name].result()
    assert outcome.ok, outcome.report
