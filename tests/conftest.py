"""Shared fixtures. The real public test data lives in tests/data (its README names the sources)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real public data (mainnet blocks, tag packs, Agora listings)."""
    return DATA
