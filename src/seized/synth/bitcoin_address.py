"""Fast address encoders for the synthetic chain (the hot path of making millions of addresses).

The same encodings as :mod:`seized.chain.address` (base58check, BIP173 bech32, BIP350 bech32m),
specialised for what the generator makes: the polymod state after the human-readable part and
the witness version is computed once per (hrp, version), the 5-bit groups come from one integer
by shifts, and base58 divides the big integer by 58**10 per step and the rest in small
integers. The tests check every encoder against the general one.
"""

from __future__ import annotations

from functools import cache

from seized.chain.address import (
    B58_ALPHABET,
    BECH32_CHARSET,
    BECH32_CONST,
    BECH32_GEN_TABLE,
    BECH32M_CONST,
    hrp_expand,
    polymod,
    sha256d,
)

_B58_CHUNK = 58**10


@cache
def _prefix_state(hrp: str, version: int) -> int:
    """The polymod state after the expanded hrp and the witness version."""
    return polymod([*hrp_expand(hrp), version])


def segwit_address(hrp: str, version: int, program: bytes) -> str:
    """The bech32 (version 0) or bech32m (versions 1-16) address of a witness program."""
    bits = len(program) * 8
    groups = -(-bits // 5)
    number = int.from_bytes(program, "big") << (groups * 5 - bits)
    data = [(number >> shift) & 31 for shift in range(groups * 5 - 5, -5, -5)]
    chk = _prefix_state(hrp, version)
    table = BECH32_GEN_TABLE
    for value in data:
        chk = ((chk & 0x1FFFFFF) << 5 ^ value) ^ table[chk >> 25]
    for _ in range(6):
        chk = ((chk & 0x1FFFFFF) << 5) ^ table[chk >> 25]
    mod = chk ^ (BECH32_CONST if version == 0 else BECH32M_CONST)
    data.extend((mod >> 5 * (5 - i)) & 31 for i in range(6))
    charset = BECH32_CHARSET
    return f"{hrp}1{charset[version]}" + "".join([charset[d] for d in data])


def base58check(payload: bytes) -> str:
    """Base58 of ``payload`` and its 4-byte double-SHA-256 checksum (leading zeros as ``1``)."""
    data = payload + sha256d(payload)[:4]
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    groups: list[str] = []
    alphabet = B58_ALPHABET
    while number:
        number, rem = divmod(number, _B58_CHUNK)  # ten digits per big-integer division
        for _ in range(10):
            rem, digit = divmod(rem, 58)
            groups.append(alphabet[digit])
    text = "".join(reversed(groups)).lstrip("1")
    return "1" * zeros + text
