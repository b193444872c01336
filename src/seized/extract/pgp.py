"""OpenPGP in text: armored public key blocks (value: the certificate's fingerprint) and
fingerprints written out (value: upper-case hex without spaces).

A bare 40- or 64-digit hex string is as likely a SHA-1 or SHA-256 hash (git commits, file
hashes), so it counts as a fingerprint only after a PGP context word (``fingerprint``, ``fpr``,
``pgp``, ``gpg``, ``openpgp``) on its line or the line before. The grouped display form
``7E5D 2A1C ... 4F3B`` (ten groups of four) is distinctive and needs no context.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pysequoia

from seized.extract.context import platform_before
from seized.extract.found import Found
from seized.vocabulary import PGP_ARMOR

#: Every armored block; all are masked before other identifiers are looked for, since base64
#: can spell anything.
ARMOR_PATTERN = (
    re.escape(PGP_ARMOR) + r"(?P<armor>PUBLIC KEY BLOCK|PRIVATE KEY BLOCK|MESSAGE|SIGNATURE)-----"
    r".*?-----END PGP (?P=armor)-----"
)
ARMOR = re.compile(ARMOR_PATTERN, re.DOTALL)
ARMOR_MARK = PGP_ARMOR

#: Fingerprints: plain hex (optionally 0x) of v4 (40) or v6 (64) digits, or the grouped v4 form.
FINGERPRINT_PATTERN = (
    r"(?<![0-9A-Za-z])(?:(?:0x)?(?P<fpr>[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})"
    r"|(?P<grouped>(?:[0-9A-Fa-f]{4} {1,2}){9}[0-9A-Fa-f]{4}))(?![0-9A-Za-z])"
)
FINGERPRINT = re.compile(FINGERPRINT_PATTERN)
_HEX = re.compile(r"[0-9A-Fa-f]+")
_TAG = re.compile(r"<[^>]{0,200}>")
_BR = re.compile(r"<br\s*/?>[^\S\n]*\n?", re.IGNORECASE)


def mask(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Text with every armored block blanked (same length, so offsets hold) and the blocks."""
    if ARMOR_MARK not in text:
        return text, []
    blocks = [(m.start(), m.end(), m.group("armor")) for m in ARMOR.finditer(text)]
    if not blocks:
        return text, []
    parts: list[str] = []
    pos = 0
    for start, end, _kind in blocks:
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), blocks


def _clean_armor(block: str) -> str:
    """Armor as pasted into HTML (``<br>`` line breaks, entities, tags) back to plain armor."""
    if "<" not in block and "&" not in block:
        return block
    return html.unescape(_TAG.sub("", _BR.sub("\n", block)))


def certificate_fingerprints(armored: str) -> list[str]:
    """Fingerprints (upper-case hex) of the certificates in an armored block (``[]`` if none)."""
    data = _clean_armor(armored).encode("utf-8", "replace")
    try:
        certs = pysequoia.Cert.split_bytes(data)
    except Exception:  # sequoia raises RuntimeError/ValueError on any malformed packet
        return []
    return [str(cert.fingerprint).upper() for cert in certs]


def public_keys(text: str, blocks: list[tuple[int, int, str]]) -> Iterator[Found]:
    """A ``pgp_public_key`` per certificate in each public key block."""
    for start, end, armor in blocks:
        if armor != "PUBLIC KEY BLOCK":
            continue
        raw = text[start:end]
        for fingerprint in certificate_fingerprints(raw):
            yield Found("pgp_public_key", fingerprint, raw, start, end)


def fingerprint(text: str, match: re.Match[str]) -> Found | None:
    """A ``pgp_fingerprint`` from a :data:`FINGERPRINT` match, when its form or context says so."""
    grouped = match.group("grouped")
    if grouped is None and platform_before(text, match.start(), window=40, lines=1) != "pgp":
        return None
    digits = "".join(_HEX.findall(match.group(0) if grouped else match.group("fpr"))).upper()
    if digits.isdigit():  # a run of numbers (years, prices), not a hash of any kind
        return None
    return Found("pgp_fingerprint", digits, match.group(0), match.start(), match.end())
