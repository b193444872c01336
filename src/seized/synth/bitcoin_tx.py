"""Transaction serialization (legacy and BIP144 segwit), txid and wtxid.

Byte orders: ``txid``/``wtxid`` here are the internal (little-endian) sha256d digests, as they
appear in outpoints and merkle trees; explorers and blockchain-etl show them reversed.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from seized.synth.bitcoin_script import compact_size

#: One input: (36-byte outpoint, scriptSig, nSequence, witness stack).
TxIn = tuple[bytes, bytes, int, Sequence[bytes]]
#: One output: (value in satoshis, scriptPubKey).
TxOut = tuple[int, bytes]

_SEGWIT_MARKER = b"\x00\x01"


@dataclass(frozen=True, slots=True)
class RawTx:
    """A serialized transaction and the numbers derived from its bytes."""

    txid: bytes  # internal byte order
    wtxid: bytes  # internal byte order; equals txid without witness
    raw: bytes  # full serialization, with witness when there is one
    stripped_size: int  # size without witness (BIP141 "base size")

    @property
    def size(self) -> int:
        """Total size in bytes, witness included."""
        return len(self.raw)

    @property
    def weight(self) -> int:
        """BIP141 weight: base size x 3 + total size."""
        return self.stripped_size * 3 + len(self.raw)

    @property
    def vsize(self) -> int:
        """Virtual size: weight / 4, rounded up."""
        return (self.weight + 3) // 4

    @property
    def has_witness(self) -> bool:
        """True when serialized with the segwit marker."""
        return self.stripped_size != len(self.raw)


def sha256d(data: bytes) -> bytes:
    """Double SHA-256."""
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def _witness(stack: Sequence[bytes]) -> bytes:
    return compact_size(len(stack)) + b"".join(compact_size(len(item)) + item for item in stack)


def serialize(
    version: int, inputs: Sequence[TxIn], outputs: Sequence[TxOut], lock_time: int
) -> RawTx:
    """Serialize a transaction; witness form (BIP144) when any input has a witness."""
    head = struct.pack("<i", version)
    body = (
        compact_size(len(inputs))
        + b"".join(
            outpoint + compact_size(len(script)) + script + struct.pack("<I", sequence)
            for outpoint, script, sequence, _stack in inputs
        )
        + compact_size(len(outputs))
        + b"".join(
            struct.pack("<q", value) + compact_size(len(script)) + script
            for value, script in outputs
        )
    )
    tail = struct.pack("<I", lock_time)
    stripped = head + body + tail
    txid = sha256d(stripped)
    if not any(stack for _o, _s, _q, stack in inputs):
        return RawTx(txid, txid, stripped, len(stripped))
    witnesses = b"".join(_witness(stack) for _o, _s, _q, stack in inputs)
    raw = head + _SEGWIT_MARKER + body + witnesses + tail
    return RawTx(txid, sha256d(raw), raw, len(stripped))
