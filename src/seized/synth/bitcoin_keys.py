"""Deterministic public keys and placeholder signatures for the synthetic chain.

Keys: key number ``i`` of a seed is a point of secp256k1 chosen by hashing the seed and ``i``
until the hash is the x coordinate of a point on the curve (``x^3 + 7`` is a square modulo p).
So every public key in the chain is a valid curve point, in 33-byte compressed form (or 32-byte
x-only form for taproot), but nobody knows its private key. That is deliberate: the synthetic
chain must never hold spendable keys.

Signatures cannot be real without private keys; they are well-formed placeholders of the usual
lengths: 71-byte DER ECDSA signatures with low R and low S and SIGHASH_ALL, and 64-byte BIP340
Schnorr signatures with the default sighash. Nothing in seized verifies signatures.
"""

from __future__ import annotations

import hashlib
import random

#: The secp256k1 field prime (SEC 2). A protocol constant: another value is another curve.
_P = 2**256 - 2**32 - 977
_LEGENDRE = (_P - 1) // 2


class KeyRing:
    """Public keys by number and signatures for one seed."""

    def __init__(self, seed: int) -> None:
        self._secret = hashlib.sha256(f"seized-synth-keys:{seed}".encode()).digest()
        self._sig_rng = random.Random(f"seized-synth-signatures:{seed}")

    def pubkey(self, index: int) -> bytes:
        """Compressed public key (33 bytes, ``02``/``03`` + x) number ``index``."""
        base = self._secret + index.to_bytes(8, "little")
        counter = 0
        while True:
            digest = hashlib.sha256(base + bytes((counter,))).digest()
            x = int.from_bytes(digest, "big")
            if x < _P and pow((x * x * x + 7) % _P, _LEGENDRE, _P) == 1:
                parity = (index ^ counter ^ digest[7]) & 1
                return bytes((2 + parity,)) + digest
            counter += 1

    def xonly(self, index: int) -> bytes:
        """The 32-byte x-only key (BIP340) of key number ``index``."""
        return self.pubkey(index)[1:]

    def ecdsa_signature(self) -> bytes:
        """A placeholder DER signature with SIGHASH_ALL: 71 bytes, low R, low S."""
        raw = self._sig_rng.randbytes(64)
        # First bytes in 0x01..0x7e: DER needs no padding byte (low R, as Core grinds since
        # 0.17) and S stays below n/2 (low S, BIP146).
        r = bytes((raw[0] % 0x7E + 1,)) + raw[1:32]
        s = bytes((raw[32] % 0x7E + 1,)) + raw[33:]
        return b"\x30\x44\x02\x20" + r + b"\x02\x20" + s + b"\x01"

    def schnorr_signature(self) -> bytes:
        """A placeholder 64-byte BIP340 signature (SIGHASH_DEFAULT, so no sighash byte)."""
        return self._sig_rng.randbytes(64)
