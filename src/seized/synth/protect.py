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

from seized.synth.packets import header, mpi_end, packets

_SECRET_KEY = 5
_SECRET_SUBKEY = 7
#: OpenPGP ids of the AES key sizes and of the S2K hashes this writer can use.
_AES_BY_SIZE = {16: 7, 24: 8, 32: 9}
_HASH_IDS = {"sha1": 2, "sha256": 8, "sha512": 10}
_S2K_ITERATED = 3
_COUNT_CODED = 0x60  # 65536 bytes hashed: cheap for tests, still a real iterated S2K


def protect(
    tsk: bytes,
    passphrase: str,
    rng: random.Random,
    *,
    hash_name: str = "sha256",
    key_size: int = 32,
    coded: int = _COUNT_CODED,
) -> bytes:
    """The binary key ``tsk`` with every unprotected secret key packet encrypted: AES of
    ``key_size`` bytes (AES-256 by default) under an iterated S2K with ``hash_name``, hashing
    the byte count that ``coded`` stands for (GnuPG's own keys: up to 255, 65 MB)."""
    out = bytearray()
    for tag, body in packets(tsk):
        if tag in (_SECRET_KEY, _SECRET_SUBKEY):
            body = _protect_key(body, passphrase.encode("utf-8"), rng, hash_name, key_size, coded)
        out += header(tag, len(body)) + body
    return bytes(out)


def _public_end(body: bytes) -> int:
    """Offset just past the public key material of a v4 key packet body."""
    if body[0] != 4:
        raise ValueError(f"key packet version {body[0]} is not supported")
    algo = body[5]
    pos = 6
    if algo in (1, 2, 3):  # RSA: n, e
        return mpi_end(body, mpi_end(body, pos))
    if algo in (19, 22):  # ECDSA, EdDSA (legacy): curve OID, point
        return mpi_end(body, pos + 1 + body[pos])
    if algo == 18:  # ECDH: curve OID, point, KDF parameters
        pos = mpi_end(body, pos + 1 + body[pos])
        return pos + 1 + body[pos]
    if algo in (25, 27):  # X25519, Ed25519: 32 raw bytes
        return pos + 32
    raise ValueError(f"public key algorithm {algo} is not supported")


def _iterated_s2k(passphrase: bytes, hash_name: str, salt: bytes, coded: int, size: int) -> bytes:
    """A symmetric key of ``size`` bytes from a passphrase by OpenPGP's iterated and salted S2K:
    salt and passphrase repeated to the coded byte count and hashed; a hash shorter than the key
    runs again with one, two, ... zero bytes in front."""
    data = salt + passphrase
    count = max((16 + (coded & 15)) << ((coded >> 4) + 6), len(data))
    full, rest = divmod(count, len(data))
    stream = data * full + data[:rest]
    out = b""
    preload = 0
    while len(out) < size:
        digest = hashlib.new(hash_name)
        digest.update(bytes(preload) + stream)
        out += digest.digest()
        preload += 1
    return out[:size]


def _protect_key(
    body: bytes,
    passphrase: bytes,
    rng: random.Random,
    hash_name: str,
    key_size: int,
    coded: int = _COUNT_CODED,
) -> bytes:
    end = _public_end(body)
    if body[end] != 0:
        return body  # already protected
    secret = body[end + 1 : -2]  # drop the 2-byte checksum of unprotected keys
    salt = rng.randbytes(8)
    iv = rng.randbytes(16)
    key = _iterated_s2k(passphrase, hash_name, salt, coded, key_size)
    plain = secret + hashlib.sha1(secret).digest()
    encryptor = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    encrypted = encryptor.update(plain) + encryptor.finalize()
    s2k = bytes([254, _AES_BY_SIZE[key_size], _S2K_ITERATED, _HASH_IDS[hash_name]])
    s2k += salt + bytes([coded])
    return body[:end] + s2k + iv + encrypted
