"""Fixtures over the real mainnet blocks in the shared test data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def blocks_dir(shared_data: Path) -> Path:
    return shared_data / "mainnet-blocks"


@pytest.fixture(scope="session")
def expected(blocks_dir: Path) -> list[dict[str, Any]]:
    """EXPECTED.jsonl: one line per single raw block."""
    lines = (blocks_dir / "EXPECTED.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def expected_blk(blocks_dir: Path) -> list[dict[str, Any]]:
    """EXPECTED_BLK.jsonl: one line per block of the blk files."""
    lines = (blocks_dir / "EXPECTED_BLK.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
