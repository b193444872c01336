"""Shared fixtures. The real public test data lives in ../shared/data beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real public data (mainnet blocks, tag packs, Agora listings)."""
    if not SHARED_DATA.is_dir():
        raise RuntimeError(f"the shared test data is missing: expected {SHARED_DATA}")
    return SHARED_DATA
