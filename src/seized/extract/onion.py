"""Onion service addresses.

v3 (56 base32 characters) are checked per Tor's rend-spec-v3: the name is
``base32(pubkey(32) || checksum(2) || version(1))`` with version 3 and
``checksum = SHA3-256(".onion checksum" || pubkey || version)[:2]``. v2 names (16 characters)
carry no checksum; they are reported as the legacy kind ``onion_v2`` on their shape alone. The
value is the lower-case host name ``<name>.onion`` (subdomains, ports and paths dropped).
"""

from __future__ import annotations

import base64
import hashlib

PATTERN = (
    r"(?<![0-9A-Za-z])(?P<onion>[A-Za-z2-7]{56}|[A-Za-z2-7]{16})\.(?:onion|ONION)(?![0-9A-Za-z])"
)

_CHECKSUM_PREFIX = b".onion checksum"  # rend-spec-v3, fixed by the protocol
_VERSION = 3


def v3_valid(name: str) -> bool:
    """True when the 56-character ``name`` (without ``.onion``) has a valid v3 checksum.

    >>> v3_valid("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd")
    True
    >>> v3_valid("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscrya")
    False
    """
    if len(name) != 56:
        return False
    try:
        raw = base64.b32decode(name.upper())
    except ValueError:
        return False
    pubkey, checksum, version = raw[:32], raw[32:34], raw[34]
    if version != _VERSION:
        return False
    digest = hashlib.sha3_256(_CHECKSUM_PREFIX + pubkey + bytes((version,))).digest()
    return digest[:2] == checksum


def classify(name: str) -> tuple[str, str] | None:
    """(kind, value) for an onion name without ``.onion``, or ``None`` when it is not valid."""
    lowered = name.lower()
    if len(lowered) == 16:
        return "onion_v2", lowered + ".onion"
    if v3_valid(lowered):
        return "onion", lowered + ".onion"
    return None
