"""Fast address encoders for the synthetic chain (the hot path of making millions of addresses).

The same encodings as :mod:`seized.chain.address` (base58check, BIP173 bech32, BIP350 bech32m),
specialised for what the generator makes: the polymod state after the human-readable part and
the witness version is computed once per (hrp, version), the 5-bit groups come from one integer
by shifts, and base58 divides the big integer by 58**10 per step and the rest in small
integers. The tests check every encoder against the general one.
"""

from __future__ import annotations

import hashlib
from functools import cache

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_CHUNK = 58**10
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3


def _gen_table() -> tuple[int, ...]:
    table = []
    for top in range(32):
        acc = 0
        for i in range(5):
            if (top >> i) & 1:
                acc ^= _GEN[i]
        table.append(acc)
    return tuple(table)


_TABLE = _gen_table()


def _step(chk: int, value: int) -> int:
    return ((chk & 0x1FFFFFF) << 5 ^ value) ^ _TABLE[chk >> 25]


@cache
def _prefix_state(hrp: str, version: int) -> int:
    """The polymod state after the expanded hrp and the witness version."""
    chk = 1
    for value in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + [version]:
        chk = _step(chk, value)
    return chk


def segwit_address(hrp: str, version: int, program: bytes) -> str:
    """The bech32 (version 0) or bech32m (versions 1-16) address of a witness program."""
    bits = len(program) * 8
    groups = -(-bits // 5)
    number = int.from_bytes(program, "big") << (groups * 5 - bits)
    data = [(number >> shift) & 31 for shift in range(groups * 5 - 5, -5, -5)]
    chk = _prefix_state(hrp, version)
    table = _TABLE
    for value in data:
        chk = ((chk & 0x1FFFFFF) << 5 ^ value) ^ table[chk >> 25]
    for _ in range(6):
        chk = ((chk & 0x1FFFFFF) << 5) ^ table[chk >> 25]
    mod = chk ^ (_BECH32_CONST if version == 0 else _BECH32M_CONST)
    data.extend((mod >> 5 * (5 - i)) & 31 for i in range(6))
    charset = _BECH32
    return f"{hrp}1{charset[version]}" + "".join([charset[d] for d in data])


def base58check(payload: bytes) -> str:
    """Base58 of ``payload`` and its 4-byte double-SHA-256 checksum (leading zeros as ``1``)."""
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    groups: list[str] = []
    alphabet = _B58
    while number:
        number, rem = divmod(number, _B58_CHUNK)  # ten digits per big-integer division
        for _ in range(10):
            rem, digit = divmod(rem, 58)
            groups.append(alphabet[digit])
    text = "".join(reversed(groups)).lstrip("1")
    return "1" * zeros + text
