"""Passphrase protection for OpenPGP secret keys (RFC 4880 §5.5.3, S2K usage 254).

pysequoia generates keys but cannot write them passphrase-protected, and a seized server's keys
usually are. This module re-encrypts the secret material of every v4 secret (sub)key packet with
AES-256 in CFB mode under an iterated-and-salted SHA-256 S2K, with a SHA-1 integrity hash, so any
OpenPGP implementation (pysequoia's ``Tsk.decryptor(password)`` among them) opens it.
"""

from __future__ import annotations

import hashlib
import random

from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

_SECRET_KEY = 5
_SECRET_SUBKEY = 7
_AES256 = 9
_SHA256 = 8
_S2K_ITERATED = 3
_COUNT_CODED = 0x60  # 65536 bytes hashed: cheap for tests, still a real iterated S2K


def protect(tsk: bytes, passphrase: str, rng: random.Random) -> bytes:
    """The binary key ``tsk`` with every unprotected secret key packet encrypted."""
    out = bytearray()
    for tag, body in _packets(tsk):
        if tag in (_SECRET_KEY, _SECRET_SUBKEY):
            body = _protect_key(body, passphrase.encode("utf-8"), rng)
        out += _header(tag, len(body)) + body
    return bytes(out)


def _packets(data: bytes) -> list[tuple[int, bytes]]:
    packets: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data):
        first = data[pos]
        if not first & 0x80:
            raise ValueError(f"not an OpenPGP packet at byte {pos}")
        if first & 0x40:  # new format
            tag = first & 0x3F
            length, pos = _new_length(data, pos + 1)
        else:
            tag = (first >> 2) & 0x0F
            size = {0: 1, 1: 2, 2: 4}[first & 0x03]
            length = int.from_bytes(data[pos + 1 : pos + 1 + size], "big")
            pos += 1 + size
        packets.append((tag, data[pos : pos + length]))
        pos += length
    return packets


def _new_length(data: bytes, pos: int) -> tuple[int, int]:
    first = data[pos]
    if first < 192:
        return first, pos + 1
    if first < 224:
        return ((first - 192) << 8) + data[pos + 1] + 192, pos + 2
    if first == 255:
        return int.from_bytes(data[pos + 1 : pos + 5], "big"), pos + 5
    raise ValueError("partial body lengths do not occur in key packets")


def _header(tag: int, length: int) -> bytes:
    head = bytes([0xC0 | tag])
    if length < 192:
        return head + bytes([length])
    if length < 8384:
        length -= 192
        return head + bytes([(length >> 8) + 192, length & 0xFF])
    return head + b"\xff" + length.to_bytes(4, "big")


def _mpi_end(body: bytes, pos: int) -> int:
    bits = int.from_bytes(body[pos : pos + 2], "big")
    return pos + 2 + (bits + 7) // 8


def _public_end(body: bytes) -> int:
    """Offset just past the public key material of a v4 key packet body."""
    if body[0] != 4:
        raise ValueError(f"key packet version {body[0]} is not supported")
    algo = body[5]
    pos = 6
    if algo in (1, 2, 3):  # RSA: n, e
        return _mpi_end(body, _mpi_end(body, pos))
    if algo in (19, 22):  # ECDSA, EdDSA (legacy): curve OID, point
        return _mpi_end(body, pos + 1 + body[pos])
    if algo == 18:  # ECDH: curve OID, point, KDF parameters
        pos = _mpi_end(body, pos + 1 + body[pos])
        return pos + 1 + body[pos]
    if algo in (25, 27):  # X25519, Ed25519: 32 raw bytes
        return pos + 32
    raise ValueError(f"public key algorithm {algo} is not supported")


def _s2k_key(passphrase: bytes, salt: bytes, coded: int) -> bytes:
    count = (16 + (coded & 15)) << ((coded >> 4) + 6)
    data = salt + passphrase
    count = max(count, len(data))
    digest = hashlib.sha256()
    full, rest = divmod(count, len(data))
    digest.update(data * full + data[:rest])
    return digest.digest()


def _protect_key(body: bytes, passphrase: bytes, rng: random.Random) -> bytes:
    end = _public_end(body)
    if body[end] != 0:
        return body  # already protected
    secret = body[end + 1 : -2]  # drop the 2-byte checksum of unprotected keys
    salt = rng.randbytes(8)
    iv = rng.randbytes(16)
    key = _s2k_key(passphrase, salt, _COUNT_CODED)
    plain = secret + hashlib.sha1(secret).digest()
    encryptor = Cipher(algorithms.AES256(key), CFB(iv)).encryptor()
    encrypted = encryptor.update(plain) + encryptor.finalize()
    s2k = bytes([254, _AES256, _S2K_ITERATED, _SHA256]) + salt + bytes([_COUNT_CODED])
    return body[:end] + s2k + iv + encrypted
