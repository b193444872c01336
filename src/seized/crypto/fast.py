"""The fast path for the common PGP message, opened in C: v3 session keys to an RSA key or an
ECDH key on Curve25519 or a NIST curve, AES, SEIPD v1.

pysequoia remains the opener of record, and every held key is unlocked once
(:mod:`seized.crypto.secrets`). For each decryption (sub)key that pysequoia accepts, this module
reads the secret out of the unlocked key packet and checks it against the public key it
belongs to: an RSA key's primes must multiply to its modulus and its exponents agree; an ECDH
scalar must give the public point the key publishes. Those keys go to
:class:`seized.crypto._pgpopen.Opener`, which opens a message addressed to them without
pysequoia's per-message overhead (and RSA in OpenSSL, several times quicker than pysequoia's
own), or declines it; a declined message goes to pysequoia (see :mod:`seized.crypto.decrypt`).

Keys of any other kind (ElGamal, Brainpool curves, X448, v6 keys, secrets still protected) are
simply not given to the fast path.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import NamedTuple

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from seized.crypto import _pgpopen
from seized.crypto.bounded import MAX_PLAINTEXT
from seized.crypto.secrets import (
    SECRET_KEY,
    SECRET_SUBKEY,
    KeyMaterialError,
    fingerprint,
    mpi,
    public_end,
    split,
    unlock,
)

RSA = 1
RSA_ENCRYPT_ONLY = 2
ECDH = 18
#: The OID of Curve25519 for ECDH in v4 keys (1.3.6.1.4.1.3029.1.5.1).
CV25519 = bytes.fromhex("2b060104019755010501")
#: The OIDs of the NIST curves, and the curve each names.
NIST: dict[bytes, ec.EllipticCurve] = {
    bytes.fromhex("2a8648ce3d030107"): ec.SECP256R1(),
    bytes.fromhex("2b81040022"): ec.SECP384R1(),
    bytes.fromhex("2b81040023"): ec.SECP521R1(),
}
_KDF_HASHES = (8, 9, 10)  # SHA-256, SHA-384, SHA-512
_KEK_CIPHERS = (7, 8, 9)  # AES-128, AES-192, AES-256
#: The largest RSA modulus the fast path takes (bits); larger keys are pysequoia's.
MAX_RSA_BITS = 16384

__all__ = ["CV25519", "NIST", "FastKey", "FastOpener", "KeyMaterialError", "fast_keys", "read_key"]


class FastKey(NamedTuple):
    """One decryption (sub)key of the fast path; the tuple is what the C opener takes."""

    key_id: bytes  # 8 bytes
    fingerprint: bytes  # 20 bytes, v4
    algorithm: int  # 1 RSA, 18 ECDH
    oid: bytes  # ECDH: the curve; RSA: empty
    kdf_hash: int  # ECDH: the KDF hash id; RSA: 0
    kdf_cipher: int  # ECDH: the key-wrap cipher id; RSA: 0
    #: Curve25519: (scalar in X25519's byte order,); NIST: (scalar, uncompressed point);
    #: RSA: (n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p), all big-endian
    secret: tuple[bytes, ...]


def _int(data: bytes) -> int:
    return int.from_bytes(data, "big")


def _bytes(value: int) -> bytes:
    return value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")


def _rsa(body: bytes, clear: bytes, key_id: bytes, fingerprint: bytes) -> FastKey:
    n_bytes, at = mpi(body, 6)
    e_bytes, _ = mpi(body, at)
    d_bytes, at = mpi(clear, 0)
    p_bytes, at = mpi(clear, at)
    q_bytes, _ = mpi(clear, at)
    n, e, d, p, q = (_int(x) for x in (n_bytes, e_bytes, d_bytes, p_bytes, q_bytes))
    if n.bit_length() > MAX_RSA_BITS or n.bit_length() < 1024:
        raise KeyMaterialError(f"RSA modulus of {n.bit_length()} bits")
    if p < 3 or q < 3 or p * q != n or (e * d) % (p - 1) != 1 or (e * d) % (q - 1) != 1:
        raise KeyMaterialError("the RSA secret does not fit its public key")
    parts = (n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p))
    return FastKey(key_id, fingerprint, RSA, b"", 0, 0, tuple(_bytes(x) for x in parts))


def _ecdh(body: bytes, clear: bytes, key_id: bytes, fingerprint: bytes) -> FastKey:
    oid_end = 7 + body[6]
    oid = body[7:oid_end]
    point, at = mpi(body, oid_end)
    if at + 4 > len(body) or body[at] != 3 or body[at + 1] != 1:
        raise KeyMaterialError("unknown KDF parameters")
    kdf_hash, kdf_cipher = body[at + 2], body[at + 3]
    if kdf_hash not in _KDF_HASHES or kdf_cipher not in _KEK_CIPHERS:
        raise KeyMaterialError(f"KDF hash {kdf_hash}, key wrap {kdf_cipher}")
    secret, _ = mpi(clear, 0)
    if oid == CV25519:
        if len(point) != 33 or point[0] != 0x40:
            raise KeyMaterialError("not a native Curve25519 point")
        if len(secret) > 32:
            raise KeyMaterialError("secret longer than 32 bytes")
        scalar = secret.rjust(32, b"\0")[::-1]  # OpenPGP stores it big-endian
        if _pgpopen.x25519_public(scalar) != point[1:]:
            raise KeyMaterialError("the secret does not give the public point")
        return FastKey(key_id, fingerprint, ECDH, oid, kdf_hash, kdf_cipher, (scalar,))
    curve = NIST.get(oid)
    if curve is None:
        raise KeyMaterialError("not Curve25519 or a NIST curve")
    value = _int(secret)
    try:
        public = ec.derive_private_key(value, curve).public_key()
    except ValueError:
        raise KeyMaterialError("the secret is no scalar of the curve") from None
    if public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint) != point:
        raise KeyMaterialError("the secret does not give the public point")
    size = (curve.key_size + 7) // 8
    return FastKey(key_id, fingerprint, ECDH, oid, kdf_hash, kdf_cipher,
                   (value.to_bytes(size, "big"), point))  # fmt: skip


def read_key(body: bytes) -> FastKey:
    """The fast-path key of one unlocked secret (sub)key packet body, checked against its
    public key. Raises :class:`KeyMaterialError` for every other kind of key."""
    if len(body) < 8 or body[0] != 4:
        raise KeyMaterialError("not a v4 key")
    if body[5] not in (RSA, RSA_ENCRYPT_ONLY, ECDH):
        raise KeyMaterialError("not an RSA or ECDH key")
    at = public_end(body)
    if at >= len(body) or body[at] != 0:
        raise KeyMaterialError("the secret is protected")
    clear = body[at + 1 : -2]
    full = fingerprint(body)
    if body[5] == ECDH:
        return _ecdh(body, clear, full[-8:], full)
    return _rsa(body, clear, full[-8:], full)


def fast_keys(tsk: bytes, passphrase: str | None) -> list[FastKey]:
    """Every RSA or ECDH (Curve25519, NIST) secret (sub)key of a binary transferable secret
    key that the fast path can use once the key is unlocked with the passphrase
    (:func:`seized.crypto.secrets.unlock`: its decryption keys); the others are left out. The
    decrypt stage gives the fast path only those pysequoia accepts
    (:func:`seized.crypto.held.decryption_components`)."""
    found: list[FastKey] = []
    with contextlib.suppress(KeyMaterialError):
        for tag, body, _ in split(unlock(tsk, passphrase).secret):
            if tag in (SECRET_KEY, SECRET_SUBKEY):
                with contextlib.suppress(KeyMaterialError, IndexError, ValueError):
                    found.append(read_key(body))
    return found


class FastOpener:
    """The C opener over the fast-path keys of some held keys; ``owner[i]`` is the primary
    fingerprint of the i-th subkey. It keeps one set of OpenSSL contexts: a thread that finds
    them in use makes its own for the call, so each thread of a pool should have its own opener
    (:meth:`another`). A plaintext longer than ``max_plain`` bytes is not returned (None in
    its place): the message opened, its MDC matched, and nothing more of it was inflated."""

    def __init__(self, keys: list[tuple[str, FastKey]], max_plain: int = MAX_PLAINTEXT) -> None:
        self.keys = keys
        self.max_plain = max_plain
        self.owner = [owner for owner, _ in keys]
        self.fingerprints = set(self.owner)
        self._opener = _pgpopen.Opener([key for _, key in keys], max_plain)

    def another(self) -> FastOpener:
        """An opener of the same keys with contexts of its own, for another thread."""
        return FastOpener(self.keys, self.max_plain)

    def open(self, message: bytes) -> tuple[str, bytes | None] | None:
        """(primary fingerprint, plaintext or None when over the bound), or None: the message
        is pysequoia's."""
        opened = self._opener.open(message)
        if opened is None:
            return None
        return self.owner[opened[0]], opened[1]

    def open_armored_many(
        self, values: Sequence[object]
    ) -> list[tuple[int, int, tuple[str, ...], str | None, bytes | None] | None]:
        """For each value holding exactly one tidy armored message this path opens: (start,
        end, recipients, primary fingerprint, plaintext or None when over the bound), as
        :func:`seized.crypto.blobs.find_blobs` and :meth:`open` would give them; for one
        addressed to none of these keys whose armor checksum (if any) matches: (start, end,
        recipients, None, None); else None (and for values that are not text). One call, run
        without the GIL: threads open their batches in parallel."""
        owner = self.owner
        return [
            None
            if opened is None
            else (*opened[:3], owner[opened[3]] if opened[3] >= 0 else None, opened[4])
            for opened in self._opener.open_armored_many(values)
        ]
