"""The spent-output file format: real data and corrupt records."""

from __future__ import annotations

from pathlib import Path

import pytest

from seized.chain.address import script_to_address
from seized.chain.blk import read_raw_block
from seized.chain.undo import block_with_undo, parse_undo, read_undo
from seized.errors import InputError


def test_real_undo_records(blocks_dir: Path) -> None:
    spent = read_undo(blocks_dir / "block-000300025-undo.raw")
    assert len(spent) == 1427
    assert sum(s.value for s in spent) == 510593575772
    assert script_to_address(spent[0].script_pubkey) == (
        "p2pkh",
        "1MEMAUm1RGLYPqJAJmkewxfDm9dtFg4axs",
    )


def test_corrupt_undo(blocks_dir: Path) -> None:
    data = (blocks_dir / "block-000300025-undo.raw").read_bytes()
    with pytest.raises(InputError, match="record 0 is truncated") as info:
        parse_undo(data[:5], path="u.raw")
    assert info.value.offset == 0
    with pytest.raises(InputError, match="runs past the end"):
        parse_undo(data[:20], path="u.raw")
    block = read_raw_block(blocks_dir / "block-000300025.raw")
    with pytest.raises(InputError, match="1426 spent outputs"):
        block_with_undo(block, read_undo(blocks_dir / "block-000300025-undo.raw")[:-1])
