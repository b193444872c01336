"""Monero addresses: standard (``4``, 95 characters), subaddress (``8``, 95) and integrated
(``4``, 106), validated by Monero's block base58 and the Keccak-256 checksum.
"""

from __future__ import annotations

import re

from Crypto.Hash import keccak

PATTERN = (
    r"(?<![0-9A-Za-z])(?:[48][1-9A-HJ-NP-Za-km-z]{94}|4[1-9A-HJ-NP-Za-km-z]{105})(?![0-9A-Za-z])"
)
_SHAPE = re.compile(PATTERN)

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
# Monero base58 encodes 8-byte blocks as 11 characters; a shorter last block of n bytes takes
# _ENCODED[n] characters.
_ENCODED = (0, 2, 3, 5, 6, 7, 9, 10, 11)
_DECODED = {size: n for n, size in enumerate(_ENCODED)}
# Mainnet network bytes (cryptonote_config.h): never vary, other values are other coins.
_NETWORK: dict[int, int] = {18: 95, 42: 95, 19: 106}  # standard, subaddress, integrated


def _decode(text: str) -> bytes:
    out = bytearray()
    for pos in range(0, len(text), 11):
        block = text[pos : pos + 11]
        size = _DECODED.get(len(block))
        if size is None:
            raise ValueError("bad block length")
        number = 0
        for char in block:
            number = number * 58 + _INDEX[char]
        if number >> (8 * size):
            raise ValueError("block overflow")
        out += number.to_bytes(size, "big")
    return bytes(out)


def keccak256(data: bytes) -> bytes:
    """Keccak-256 (the pre-standard SHA-3 padding Monero uses)."""
    return keccak.new(digest_bits=256, data=data).digest()


def normalize(candidate: str) -> str | None:
    """The address when it is a valid mainnet Monero address, else ``None``."""
    if not _SHAPE.fullmatch(candidate):
        return None
    try:
        raw = _decode(candidate)
    except ValueError:
        return None
    if _NETWORK.get(raw[0]) != len(candidate):
        return None
    if keccak256(raw[:-4])[:4] != raw[-4:]:
        return None
    return candidate
