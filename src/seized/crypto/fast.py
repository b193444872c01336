"""The fast path for the common PGP message: Curve25519 ECDH subkeys, AES, opened in C.

pysequoia unlocks every held key (``seized keys import`` proves that) and remains the opener of
record. For the keys whose decryption subkey is a v4 ECDH key on Curve25519, protected with
AES or not at all, this module reads the secret scalar out of the key packet itself (undoing
the passphrase protection, RFC 9580 §3.7 and §5.5.3) and checks it: the scalar must give the
public point the key publishes. Those keys go to :class:`seized.crypto._pgpopen.Opener`, which
opens a message addressed to them without pysequoia's per-message overhead, or declines it;
a declined message goes to pysequoia (see :mod:`seized.crypto.decrypt`).

Keys of any other kind (RSA, NIST or Brainpool curves, v6 keys, S2K usage 253, ciphers other
than AES) are simply not given to the fast path.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from typing import NamedTuple

from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

from seized.crypto import _pgpopen
from seized.crypto.bounded import MAX_PLAINTEXT
from seized.crypto.packets import PacketError, packet_header

SECRET_KEY = 5
SECRET_SUBKEY = 7
ECDH = 18
#: The OID of Curve25519 for ECDH in v4 keys (1.3.6.1.4.1.3029.1.5.1).
CV25519 = bytes.fromhex("2b060104019755010501")
_AES_KEY_BYTES = {7: 16, 8: 24, 9: 32}
_S2K_HASHES = {1: "md5", 2: "sha1", 3: "ripemd160", 8: "sha256", 9: "sha384", 10: "sha512",
               11: "sha224"}  # fmt: skip


class KeyMaterialError(ValueError):
    """A secret key packet this path cannot read (it stays pysequoia's)."""


class FastKey(NamedTuple):
    """One Curve25519 decryption subkey; the tuple is what the C opener takes."""

    key_id: bytes  # 8 bytes
    fingerprint: bytes  # 20 bytes, v4
    scalar: bytes  # 32 bytes, X25519's byte order
    oid: bytes
    kdf_hash: int
    kdf_cipher: int


def s2k_key(
    passphrase: bytes, kind: int, hash_name: str, salt: bytes, coded: int, size: int
) -> bytes:
    """A symmetric key of ``size`` bytes from a passphrase (RFC 9580 §3.7.1: simple (0),
    salted (1) or iterated and salted (3) S2K). Hashes shorter than the key run again with
    one, two, ... zero bytes in front, as the RFC says."""
    data = salt + passphrase if kind in (1, 3) else passphrase
    count = len(data)
    if kind == 3:
        count = max((16 + (coded & 15)) << ((coded >> 4) + 6), len(data))
    full, rest = divmod(count, len(data)) if data else (0, 0)  # an empty passphrase, no salt
    stream = data * full + data[:rest]
    out = b""
    preload = 0
    while len(out) < size:
        digest = hashlib.new(hash_name)
        digest.update(b"\0" * preload + stream)
        out += digest.digest()
        preload += 1
    return out[:size]


def _mpi(body: bytes, at: int) -> tuple[bytes, int]:
    if at + 2 > len(body):
        raise KeyMaterialError("truncated MPI")
    end = at + 2 + (int.from_bytes(body[at : at + 2], "big") + 7) // 8
    if end > len(body):
        raise KeyMaterialError("truncated MPI")
    return body[at + 2 : end], end


def _unprotect(body: bytes, at: int, passphrase: str | None) -> bytes:
    """The cleartext secret MPIs of a v4 secret key packet from ``at`` (the S2K usage)."""
    usage = body[at]
    if usage == 0:
        return body[at + 1 : -2]  # the MPIs, then a two-byte checksum
    if usage not in (254, 255):
        raise KeyMaterialError(f"S2K usage {usage}")
    if passphrase is None:
        raise KeyMaterialError("protected, and no passphrase")
    cipher, kind = body[at + 1], body[at + 2]
    size = _AES_KEY_BYTES.get(cipher)
    hash_name = _S2K_HASHES.get(body[at + 3]) if kind in (0, 1, 3) else None
    if size is None or hash_name is None:
        raise KeyMaterialError(f"cipher {cipher}, S2K {kind}")
    pos = at + 4
    salt = b""
    coded = 0
    if kind in (1, 3):
        salt, pos = body[pos : pos + 8], pos + 8
    if kind == 3:
        coded, pos = body[pos], pos + 1
    iv, pos = body[pos : pos + 16], pos + 16
    key = s2k_key(passphrase.encode("utf-8"), kind, hash_name, salt, coded, size)
    decryptor = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    clear = decryptor.update(body[pos:]) + decryptor.finalize()
    if usage == 254:
        secret, check = clear[:-20], clear[-20:]
        if hashlib.sha1(secret).digest() != check:
            raise KeyMaterialError("wrong passphrase (SHA-1 check)")
        return secret
    secret, check = clear[:-2], clear[-2:]
    if sum(secret) & 0xFFFF != int.from_bytes(check, "big"):
        raise KeyMaterialError("wrong passphrase (checksum)")
    return secret


def read_cv25519(body: bytes, passphrase: str | None) -> FastKey:
    """The fast-path key of one secret (sub)key packet body, checked against its public point.

    Raises :class:`KeyMaterialError` for every other kind of key."""
    if len(body) < 8 or body[0] != 4 or body[5] != ECDH:
        raise KeyMaterialError("not a v4 ECDH key")
    oid_end = 7 + body[6]
    oid = body[7:oid_end]
    if oid != CV25519:
        raise KeyMaterialError("not Curve25519")
    point, at = _mpi(body, oid_end)
    if len(point) != 33 or point[0] != 0x40:
        raise KeyMaterialError("not a native Curve25519 point")
    if at + 4 > len(body) or body[at] != 3 or body[at + 1] != 1:
        raise KeyMaterialError("unknown KDF parameters")
    kdf_hash, kdf_cipher = body[at + 2], body[at + 3]
    public = body[: at + 4]
    secret, _ = _mpi(_unprotect(body, at + 4, passphrase), 0)
    if len(secret) > 32:
        raise KeyMaterialError("secret longer than 32 bytes")
    scalar = secret.rjust(32, b"\0")[::-1]  # OpenPGP stores it big-endian
    if _pgpopen.x25519_public(scalar) != point[1:]:
        raise KeyMaterialError("the secret does not give the public point")
    fingerprint = hashlib.sha1(b"\x99" + len(public).to_bytes(2, "big") + public).digest()
    return FastKey(fingerprint[-8:], fingerprint, scalar, oid, kdf_hash, kdf_cipher)


def cv25519_keys(tsk: bytes, passphrase: str | None) -> list[FastKey]:
    """Every Curve25519 ECDH (sub)key of a binary transferable secret key that the fast path
    can use; the others are left out."""
    found: list[FastKey] = []
    pos = 0
    try:
        while pos < len(tsk):
            tag, start, length = packet_header(tsk, pos)
            if length < 0 or start + length > len(tsk):
                break
            if tag in (SECRET_KEY, SECRET_SUBKEY):
                with contextlib.suppress(KeyMaterialError, IndexError, ValueError):
                    found.append(read_cv25519(tsk[start : start + length], passphrase))
            pos = start + length
    except PacketError:
        pass
    return found


class FastOpener:
    """The C opener over the Curve25519 keys of some held keys; ``owner[i]`` is the primary
    fingerprint of the i-th subkey. It keeps one set of OpenSSL contexts: a thread that finds
    them in use makes its own for the call, so each thread of a pool should have its own opener
    (:meth:`another`). A plaintext longer than ``max_plain`` bytes is not returned (None in
    its place): the message opened, its MDC matched, and nothing more of it was inflated."""

    def __init__(self, keys: list[tuple[str, FastKey]], max_plain: int = MAX_PLAINTEXT) -> None:
        self.keys = keys
        self.max_plain = max_plain
        self.owner = [fingerprint for fingerprint, _ in keys]
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
