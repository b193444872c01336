"""Every synthetic block verifies with an independent library (python-bitcoinlib)."""

from __future__ import annotations

import struct

from bitcoin.core import CBlock, b2lx, uint256_from_compact, uint256_from_str

from seized.synth import SynthSummary


def test_blocks_verify(synth: SynthSummary) -> None:
    prev = b"\x00" * 32
    count = 0
    for path in sorted((synth.out / "chain/blocks").glob("blk*.dat")):
        data = path.read_bytes()
        pos = 0
        while pos < len(data):
            magic, length = struct.unpack_from("<4sI", data, pos)
            assert magic == bytes.fromhex("f9beb4d9")
            block = CBlock.deserialize(data[pos + 8 : pos + 8 + length])
            pos += 8 + length
            assert block.hashPrevBlock == prev, f"block {count} does not link to its parent"
            assert block.calc_merkle_root() == block.hashMerkleRoot
            assert uint256_from_str(block.GetHash()) <= uint256_from_compact(block.nBits)
            prev = block.GetHash()
            count += 1
    assert count == synth.blocks and count > 10
    assert b2lx(prev)
