"""Seized secret keys, unlocked once: passphrase protection undone here, then kept.

A seized secret key is usually protected by a passphrase through an iterated and salted S2K
(RFC 9580 §3.7), which GnuPG tunes to cost a tenth of a second or more. pysequoia runs it each
time a key is unlocked; seized would do so in every process that opens messages. Instead
:func:`unlock` undoes the protection of every secret (sub)key packet once, in the process that
reads the held keys, and writes the same key with its secrets in the clear (S2K usage 0), which
worker processes and the fast path (:mod:`seized.crypto.fast`) then read without any S2K. The
result is kept for the process (:func:`unlock` remembers it), so ``keys import`` and
``decrypt`` in one run unlock each key once.

Protection this module cannot undo (AEAD protection, S2K usage 253; Argon2; ciphers that this
``cryptography`` lacks, such as Twofish) stays in place: such a packet is left protected and
pysequoia, given the passphrase, unlocks it as before.

:func:`decryption_keys` splits a key into one key per decryption (sub)key that pysequoia
accepts: pysequoia's decryptor holds one component key, so a key with several encryption
subkeys (a rotated key) opens the messages to each of them only this way.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any, NamedTuple

from cryptography.hazmat.decrepit.ciphers.algorithms import CAST5, Blowfish, Camellia, TripleDES
from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

from seized.crypto.packets import PacketError, packet_header

SECRET_KEY = 5
SECRET_SUBKEY = 7
PUBLIC_SUBKEY = 14
#: Public-key algorithms that can encrypt: RSA, RSA encrypt-only, ElGamal, ECDH, X25519, X448.
ENCRYPTING = frozenset((1, 2, 16, 18, 25, 26))

#: OpenPGP symmetric algorithm id -> (cipher factory, key bytes, block bytes).
_CIPHERS: dict[int, tuple[Callable[[bytes], Any], int, int]] = {
    2: (TripleDES, 24, 8),
    3: (CAST5, 16, 8),
    4: (Blowfish, 16, 8),
    7: (algorithms.AES, 16, 16),
    8: (algorithms.AES, 24, 16),
    9: (algorithms.AES, 32, 16),
    11: (Camellia, 16, 16),
    12: (Camellia, 24, 16),
    13: (Camellia, 32, 16),
}
_S2K_HASHES = {1: "md5", 2: "sha1", 3: "ripemd160", 8: "sha256", 9: "sha384", 10: "sha512",
               11: "sha224"}  # fmt: skip


class KeyMaterialError(ValueError):
    """A secret key packet this module cannot read or unlock (it stays pysequoia's)."""


class WrongPassphrase(KeyMaterialError):
    """The passphrase does not open the packet (its SHA-1 hash or checksum does not match)."""


class Unlocked(NamedTuple):
    """A key with every secret packet this module could open written in the clear."""

    secret: bytes  # the binary key, packets in the order given
    opened: int  # decryption packets whose protection was undone with the passphrase
    protected: int  # decryption packets still protected (no or wrong passphrase, unsupported)
    wrong: int  # ... of which the passphrase was wrong for


def s2k_key(
    passphrase: bytes, kind: int, hash_name: str, salt: bytes, coded: int, size: int
) -> bytes:
    """A symmetric key of ``size`` bytes from a passphrase (RFC 9580 §3.7.1: simple (0),
    salted (1) or iterated and salted (3) S2K). Hashes shorter than the key run again with
    one, two, ... zero bytes in front, as the RFC says. The iterated input is hashed in
    pieces of about 1 MiB, never built whole (GnuPG's counts reach 65 MB)."""
    data = salt + passphrase if kind in (1, 3) else passphrase
    count = len(data)
    if kind == 3:
        count = max((16 + (coded & 15)) << ((coded >> 4) + 6), len(data))
    block = data * max(1, (1 << 20) // max(len(data), 1))
    out = b""
    preload = 0
    while len(out) < size:
        digest = hashlib.new(hash_name)
        digest.update(b"\0" * preload)
        left = count if block else 0  # nothing to hash (an empty passphrase, no salt)
        while left >= len(block) and left:
            digest.update(block)
            left -= len(block)
        if left:
            digest.update(block[:left])
        out += digest.digest()
        preload += 1
    return out[:size]


def mpi(body: bytes, at: int) -> tuple[bytes, int]:
    """The magnitude of the MPI at ``at`` and the offset after it."""
    if at + 2 > len(body):
        raise KeyMaterialError("truncated MPI")
    end = at + 2 + (int.from_bytes(body[at : at + 2], "big") + 7) // 8
    if end > len(body):
        raise KeyMaterialError("truncated MPI")
    return body[at + 2 : end], end


def public_end(body: bytes) -> int:
    """The offset just past the public key material of a v4 key packet body."""
    if len(body) < 7 or body[0] != 4:
        raise KeyMaterialError("not a v4 key")
    algorithm, at = body[5], 6
    if algorithm in (1, 2, 3):  # RSA: n, e
        return mpi(body, mpi(body, at)[1])[1]
    if algorithm == 16:  # ElGamal: p, g, y
        return mpi(body, mpi(body, mpi(body, at)[1])[1])[1]
    if algorithm == 17:  # DSA: p, q, g, y
        return mpi(body, mpi(body, mpi(body, mpi(body, at)[1])[1])[1])[1]
    if algorithm in (19, 22):  # ECDSA, EdDSA: curve OID, point
        return mpi(body, at + 1 + body[at])[1]
    if algorithm == 18:  # ECDH: curve OID, point, KDF parameters
        end = mpi(body, at + 1 + body[at])[1]
        if end >= len(body):
            raise KeyMaterialError("truncated KDF parameters")
        return end + 1 + body[end]
    sizes = {25: 32, 26: 56, 27: 32, 28: 57}  # X25519, X448, Ed25519, Ed448
    if algorithm in sizes:
        return at + sizes[algorithm]
    raise KeyMaterialError(f"public-key algorithm {algorithm}")


def unprotect(body: bytes, passphrase: str | None) -> bytes:
    """The cleartext secret material (MPIs, without checksum) of a v4 secret key packet."""
    at = public_end(body)
    if at >= len(body):
        raise KeyMaterialError("no secret material")
    usage = body[at]
    if usage == 0:
        return body[at + 1 : -2]  # the MPIs, then a two-byte checksum
    if usage not in (254, 255) or at + 4 > len(body):
        raise KeyMaterialError(f"S2K usage {usage}")
    cipher, kind = body[at + 1], body[at + 2]
    found = _CIPHERS.get(cipher)
    hash_name = _S2K_HASHES.get(body[at + 3]) if kind in (0, 1, 3) else None
    if found is None or hash_name is None:
        raise KeyMaterialError(f"cipher {cipher}, S2K {kind}")
    if passphrase is None:
        raise KeyMaterialError("protected, and no passphrase")
    factory, size, block = found
    pos = at + 4
    salt = b""
    coded = 0
    if kind in (1, 3):
        salt, pos = body[pos : pos + 8], pos + 8
    if kind == 3:
        coded, pos = body[pos], pos + 1
    iv, pos = body[pos : pos + block], pos + block
    if pos > len(body):
        raise KeyMaterialError("truncated S2K parameters")
    key = s2k_key(passphrase.encode("utf-8"), kind, hash_name, salt, coded, size)
    decryptor = Cipher(factory(key), CFB(iv)).decryptor()
    clear = decryptor.update(body[pos:]) + decryptor.finalize()
    if usage == 254:
        secret, check = clear[:-20], clear[-20:]
        if len(clear) < 20 or hashlib.sha1(secret).digest() != check:
            raise WrongPassphrase("wrong passphrase (SHA-1 check)")
        return secret
    secret, check = clear[:-2], clear[-2:]
    if len(clear) < 2 or sum(secret) & 0xFFFF != int.from_bytes(check, "big"):
        raise WrongPassphrase("wrong passphrase (checksum)")
    return secret


def _header(tag: int, size: int) -> bytes:
    if size < 192:
        return bytes((0xC0 | tag, size))
    if size < 8384:
        return bytes((0xC0 | tag, ((size - 192) >> 8) + 192, (size - 192) & 0xFF))
    return bytes((0xC0 | tag, 255)) + size.to_bytes(4, "big")


def split(tsk: bytes) -> list[tuple[int, bytes, bytes]]:
    """(tag, body, whole packet) of every packet of a binary key."""
    out: list[tuple[int, bytes, bytes]] = []
    pos = 0
    try:
        while pos < len(tsk):
            tag, start, length = packet_header(tsk, pos)
            if length < 0 or start + length > len(tsk):
                raise KeyMaterialError(f"unreadable packet at byte {pos}")
            out.append((tag, tsk[start : start + length], tsk[pos : start + length]))
            pos = start + length
    except PacketError as exc:
        raise KeyMaterialError(f"unreadable packet at byte {exc.offset}") from None
    return out


def _key_flags(signature: bytes) -> int | None:
    """The key-flags subpacket of a v4 signature's hashed area (RFC 9580 §5.2.3.29), if any."""
    if len(signature) < 6 or signature[0] != 4:
        return None
    area = signature[6 : 6 + int.from_bytes(signature[4:6], "big")]
    at = 0
    while at < len(area):
        first = area[at]
        if first < 192:
            length, at = first, at + 1
        elif first < 255:
            if at + 1 >= len(area):
                return None
            length, at = ((first - 192) << 8) + area[at + 1] + 192, at + 2
        else:
            length, at = int.from_bytes(area[at + 1 : at + 5], "big"), at + 5
        if length > 1 and at + 1 < len(area) and area[at] & 0x7F == 27:
            return area[at + 1]
        at += max(length, 1)
    return None


def _groups(packets: list[tuple[int, bytes, bytes]]) -> list[tuple[int, int, bool]]:
    """(first, end) of each key's packets: the primary with its user ids and signatures, then
    each subkey with its binding signatures; and whether the key may decrypt: an algorithm that
    can encrypt and, if its signatures carry key flags, an encryption flag among them."""
    starts = [i for i, p in enumerate(packets) if p[0] in (SECRET_SUBKEY, PUBLIC_SUBKEY)]
    bounds = list(zip([0, *starts], [*starts, len(packets)], strict=True))
    groups: list[tuple[int, int, bool]] = []
    for first, end in bounds:
        if first == end:
            continue
        flags = None
        for tag, body, _ in packets[first + 1 : end]:
            found = _key_flags(body) if tag == 2 else None
            if found is not None:
                flags = (flags or 0) | found
        body = packets[first][1]
        may = _encrypting(body) and (flags is None or bool(flags & 0x0C))
        groups.append((first, end, may))
    return groups


@functools.lru_cache(maxsize=4096)
def unlock(tsk: bytes, passphrase: str | None) -> Unlocked:
    """``tsk`` with the protection of each secret packet that may decrypt undone where the
    passphrase opens it (kept for the process: the same key and passphrase are unlocked once).
    Signing and certification keys stay as they are: decryption needs none of them."""
    parts: list[bytes] = []
    opened = protected = wrong = 0
    packets = split(tsk)
    decrypting = {first for first, _, may in _groups(packets) if may}
    for index, (tag, body, whole) in enumerate(packets):
        if tag in (SECRET_KEY, SECRET_SUBKEY) and index in decrypting:
            try:
                at = public_end(body)
                if at < len(body) and body[at] != 0:
                    secret = unprotect(body, passphrase)
                    clear = body[:at] + b"\0" + secret + (sum(secret) & 0xFFFF).to_bytes(2, "big")
                    parts.append(_header(tag, len(clear)) + clear)
                    opened += 1
                    continue
            except WrongPassphrase:
                wrong += 1
                protected += 1
            except (KeyMaterialError, IndexError, ValueError):
                protected += 1
        parts.append(whole)
    return Unlocked(b"".join(parts), opened, protected, wrong)


def decryption_keys(tsk: bytes) -> list[tuple[bytes, bytes]]:
    """(key packet body, the key cut down to that one component) for every secret (sub)key
    that may decrypt: the primary key with its user ids and signatures, then, for a subkey,
    that subkey and its binding signatures. Given such a cut, pysequoia's decryptor can only
    choose that component."""
    packets = split(tsk)
    groups = _groups(packets)
    if not groups or packets[0][0] not in (SECRET_KEY, 6):
        return []
    head = b"".join(whole for _, _, whole in packets[: groups[0][1]])
    found: list[tuple[bytes, bytes]] = []
    for first, end, may in groups:
        if not may or packets[first][0] not in (SECRET_KEY, SECRET_SUBKEY):
            continue
        cut = head if first == 0 else head + b"".join(w for _, _, w in packets[first:end])
        found.append((packets[first][1], cut))
    return found


def fingerprint(body: bytes) -> bytes:
    """The v4 fingerprint of a key packet body (public or secret)."""
    public = body[: public_end(body)]
    return hashlib.sha1(b"\x99" + len(public).to_bytes(2, "big") + public).digest()


def is_protected(body: bytes) -> bool:
    """Whether a secret key packet body's secret is still protected."""
    at = public_end(body)
    return at < len(body) and body[at] != 0


def _encrypting(body: bytes) -> bool:
    return len(body) > 5 and body[0] == 4 and body[5] in ENCRYPTING
