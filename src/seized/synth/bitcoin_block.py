"""Blocks: merkle roots, the coinbase (BIP34 height, BIP141 witness commitment), header, work.

Protocol constants live here with the reason they must not change.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from seized.synth.bitcoin_script import compact_size, push, push_int
from seized.synth.bitcoin_tx import RawTx, TxOut, serialize, sha256d

#: nBits of regtest (chainparams.cpp, powLimit 7fffff00...): about one header hash in two passes.
REGTEST_BITS = 0x207FFFFF
#: Block version with the BIP9 top bits set and no deployment signalled.
BLOCK_VERSION = 0x20000000
#: Mainnet subsidy schedule: 50 BTC halving every 210,000 blocks.
_COIN = 100_000_000
_HALVING_INTERVAL = 210_000
#: BIP141 commitment header: OP_RETURN, push 36, then 0xaa21a9ed.
_COMMITMENT_PREFIX = bytes.fromhex("6a24aa21a9ed")
#: BIP141 witness reserved value, the single coinbase witness item (all zeros, as Core mines).
_WITNESS_RESERVED = bytes(32)
_NULL_OUTPOINT = bytes(32) + b"\xff\xff\xff\xff"
_FINAL_SEQUENCE = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class Block:
    """A mined block: its serialization and the fields the ETL export reports."""

    hash: bytes  # internal byte order
    header: bytes
    raw: bytes
    stripped_size: int
    merkle_root: bytes  # internal byte order
    time: int
    nonce: int
    bits: int

    @property
    def size(self) -> int:
        """Serialized size with witnesses."""
        return len(self.raw)

    @property
    def weight(self) -> int:
        """BIP141 block weight."""
        return self.stripped_size * 3 + len(self.raw)


def subsidy(height: int) -> int:
    """The block subsidy in satoshis at ``height`` (mainnet schedule)."""
    halvings = height // _HALVING_INTERVAL
    return 0 if halvings >= 64 else (50 * _COIN) >> halvings


def merkle_root(hashes: Sequence[bytes]) -> bytes:
    """Bitcoin's merkle root of 32-byte hashes (the last one doubled on odd levels)."""
    if not hashes:
        raise ValueError("a merkle tree needs at least one hash")
    level = list(hashes)
    while len(level) > 1:
        if len(level) & 1:
            level.append(level[-1])
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def target(bits: int) -> int:
    """The proof-of-work target encoded in compact ``bits``."""
    exponent, mantissa = bits >> 24, bits & 0x007FFFFF
    if exponent <= 3:
        return mantissa >> (8 * (3 - exponent))
    return mantissa << (8 * (exponent - 3))


def commitment_script(wtxids: Sequence[bytes]) -> bytes:
    """The BIP141 witness commitment output script for the block's non-coinbase wtxids."""
    root = merkle_root([bytes(32), *wtxids])
    return _COMMITMENT_PREFIX + sha256d(root + _WITNESS_RESERVED)


def coinbase(
    height: int, outputs: Sequence[TxOut], extranonce: bytes, *, segwit: bool
) -> tuple[RawTx, bytes]:
    """The coinbase transaction and its scriptSig (the ETL ``coinbase_param``).

    The scriptSig starts with the BIP34 height, then an extranonce push. With ``segwit`` the
    coinbase carries the witness reserved value (the caller adds the commitment output).
    """
    script_sig = push_int(height) + push(extranonce)
    stack = (_WITNESS_RESERVED,) if segwit else ()
    tx = serialize(1, [(_NULL_OUTPOINT, script_sig, _FINAL_SEQUENCE, stack)], outputs, 0)
    return tx, script_sig


def mine(
    prev_hash: bytes, txs: Sequence[RawTx], time: int, *, bits: int = REGTEST_BITS, nonce: int = 0
) -> Block:
    """Assemble a block of ``txs`` (coinbase first) and search a nonce from ``nonce`` upwards."""
    root = merkle_root([tx.txid for tx in txs])
    prefix = struct.pack("<i32s32sII", BLOCK_VERSION, prev_hash, root, time, bits)
    goal = target(bits)
    base = hashlib.sha256(prefix)
    while True:
        nonce_bytes = struct.pack("<I", nonce)
        inner = base.copy()
        inner.update(nonce_bytes)
        digest = hashlib.sha256(inner.digest()).digest()
        if int.from_bytes(digest, "little") <= goal:
            break
        nonce = (nonce + 1) & 0xFFFFFFFF
    header = prefix + nonce_bytes
    count = compact_size(len(txs))
    raw = b"".join((header, count, *(tx.raw for tx in txs)))
    stripped = len(header) + len(count) + sum(tx.stripped_size for tx in txs)
    return Block(digest, header, raw, stripped, root, time, nonce, bits)
