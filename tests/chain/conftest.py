"""Fixtures over the real mainnet blocks in tests/data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seized.chain import _blockscan
from seized.chain.blk import iter_blk_file


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


@pytest.fixture(scope="session")
def real_block_bytes(blocks_dir: Path) -> list[bytes]:
    """The bytes of every real block: the 14 single raw blocks, then the 694 of the blk files."""
    raw = [p.read_bytes() for p in sorted(blocks_dir.glob("block-*.raw")) if "undo" not in p.name]
    blk = [b.data for p in sorted(blocks_dir.glob("blk-*.dat")) for b in iter_blk_file(p)]
    assert len(raw) == 14 and len(blk) == 694
    return raw + blk


@pytest.fixture
def sha_impls() -> Iterator[list[str]]:
    """The SHA-256 implementations of the compiled module on this machine; the one in use is
    restored after."""
    before = _blockscan.sha256_impl()
    impls = ["portable"]
    try:
        _blockscan.sha256_impl("sha-ni")
        impls.append("sha-ni")
    except ValueError:
        pass
    yield impls
    _blockscan.sha256_impl(before)
