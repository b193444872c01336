"""Shared fixtures. The real public test data lives in tests/data (its README names the sources)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent / "data"
#: The tests on the medium synthetic case: minutes each, one after another, on one build.
MEDIUM_TESTS = "tests/spark/test_medium.py::"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With pytest-xdist's load scheduling (``make test``): the tests on the medium synthetic
    case first and together on one worker, which the other workers fill with the rest of the
    suite. At the end of the run they left every other worker idle; spread over workers, they
    waited for each other's build of the case. The rest goes out test by test, as with
    ``--dist load``."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class MediumFirst(LoadScopeScheduling):
        """Each test its own unit of work, but the medium tests one unit; the largest unit
        goes out first."""

        def _split_scope(self, nodeid: str) -> str:
            return MEDIUM_TESTS if nodeid.startswith(MEDIUM_TESTS) else nodeid

    return MediumFirst(config, log)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real public data (mainnet blocks, tag packs, Agora listings)."""
    return DATA
