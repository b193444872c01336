"""Deterministic public keys and placeholder signatures for the synthetic chain.

Keys: the ring walks the secp256k1 curve from a seed-chosen start point ``Q`` in seed-chosen steps
``D``: key ``i`` is the point ``Q + (i + 1) * D``. Both points are found by hashing the seed until
the hash is an x coordinate on the curve, so nobody knows their discrete logarithms: every key in
the chain is a valid curve point, but no private key for it exists anywhere. That is deliberate:
the synthetic chain must never hold spendable keys. Points are made in batches with one modular
inversion per batch (Montgomery's trick), a few microseconds per key.

Signatures cannot be real without private keys; they are well-formed placeholders of the usual
lengths: 71-byte DER ECDSA signatures with low R and low S and SIGHASH_ALL, and 64-byte BIP340
Schnorr signatures with the default sighash. Nothing in seized verifies signatures.
"""

from __future__ import annotations

import hashlib
import random

#: The secp256k1 field prime (SEC 2). A protocol constant: another value is another curve.
_P = 2**256 - 2**32 - 977
_BATCH = 256

Point = tuple[int, int]


def _lift(digest_source: bytes) -> Point:
    """The first curve point whose x is a hash of ``digest_source`` and a counter (even y)."""
    counter = 0
    while True:
        x = int.from_bytes(hashlib.sha256(digest_source + bytes((counter,))).digest(), "big")
        rhs = (x * x * x + 7) % _P
        y = pow(rhs, (_P + 1) // 4, _P)  # p = 3 mod 4: the square root, when one exists
        if x < _P and y * y % _P == rhs:
            return x, y if y % 2 == 0 else _P - y
        counter += 1


def _add(a: Point, b: Point) -> Point:
    """Affine point addition (doubling when ``a == b``; the point at infinity never occurs)."""
    if a == b:
        slope = 3 * a[0] * a[0] * pow(2 * a[1], -1, _P) % _P
    else:
        slope = (b[1] - a[1]) * pow(b[0] - a[0], -1, _P) % _P
    x = (slope * slope - a[0] - b[0]) % _P
    return x, (slope * (a[0] - x) - a[1]) % _P


class KeyRing:
    """Public keys in order, and signatures, for one seed."""

    def __init__(self, seed: int) -> None:
        base = f"seized-synth-keys:{seed}".encode()
        self._cursor = _lift(base + b":start")
        step = _lift(base + b":step")
        multiples = [step]
        for _ in range(_BATCH - 1):
            multiples.append(_add(multiples[-1], step))
        self._multiples = multiples  # k * D for k = 1..BATCH
        self._ready: list[Point] = []
        self._sig_rng = random.Random(f"seized-synth-signatures:{seed}")

    def _refill(self) -> None:
        cx, cy = self._cursor
        diffs = [(mx - cx) % _P for mx, _my in self._multiples]
        prefix = [1] * (len(diffs) + 1)
        for i, d in enumerate(diffs):
            prefix[i + 1] = prefix[i] * d % _P
        inverse = pow(prefix[-1], -1, _P)
        points: list[Point] = [(0, 0)] * len(diffs)
        for i in range(len(diffs) - 1, -1, -1):
            inv_d = inverse * prefix[i] % _P
            inverse = inverse * diffs[i] % _P
            mx, my = self._multiples[i]
            slope = (my - cy) * inv_d % _P
            x = (slope * slope - cx - mx) % _P
            points[i] = (x, (slope * (cx - x) - cy) % _P)
        self._cursor = points[-1]
        points.reverse()
        self._ready = points

    def _next_point(self) -> Point:
        if not self._ready:
            self._refill()
        return self._ready.pop()

    def next_pubkey(self) -> bytes:
        """The next compressed public key (33 bytes: ``02``/``03`` and x)."""
        x, y = self._next_point()
        return bytes((2 + (y & 1),)) + x.to_bytes(32, "big")

    def next_xonly(self) -> bytes:
        """The next key as a 32-byte x-only key (BIP340)."""
        return self._next_point()[0].to_bytes(32, "big")

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


def on_curve(pubkey: bytes) -> bool:
    """True when a compressed (33-byte) or x-only (32-byte) key is a point of secp256k1."""
    if len(pubkey) == 33 and pubkey[0] in (2, 3):
        pubkey = pubkey[1:]
    if len(pubkey) != 32:
        return False
    x = int.from_bytes(pubkey, "big")
    rhs = (x * x * x + 7) % _P
    return x < _P and pow(rhs, (_P - 1) // 2, _P) == 1
