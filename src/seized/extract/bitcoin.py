"""Bitcoin addresses in text: mainnet base58check (P2PKH, P2SH) and segwit (bech32, bech32m).

Validation is :func:`seized.chain.address.decode_address`; only mainnet addresses count, test
network addresses in a market's texts are noise. bech32 addresses are normalized to lower case.
"""

from __future__ import annotations

import re

from seized.chain.address import decode_address

#: A candidate: base58 starting 1 or 3, or ``bc1`` followed by bech32 characters (one case).
PATTERN = (
    r"(?<![0-9A-Za-z])(?:[13][1-9A-HJ-NP-Za-km-z]{24,33}"
    r"|(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{22,71})(?![0-9A-Za-z])"
)
_SHAPE = re.compile(PATTERN)


def normalize(candidate: str) -> str | None:
    """The normalized mainnet address, or ``None`` when the text is not a valid one.

    >>> normalize("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")
    'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
    >>> normalize("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb") is None
    True
    """
    if not _SHAPE.fullmatch(candidate):
        return None
    try:
        network, _kind, _payload = decode_address(candidate)
    except ValueError:
        return None
    if network != "mainnet":
        return None
    return candidate.lower() if candidate[:3].lower() == "bc1" else candidate
