"""ASCII armor (RFC 9580 §6): armored text back to the binary packets, checksum checked.

Armor pasted into a web form often comes back with ``<br>`` line breaks, HTML entities or
Windows line ends; those are undone first. Anything else that is not base64 makes the block
corrupt: :class:`ArmorError` says why and where (offset in the block).
"""

from __future__ import annotations

import base64
import binascii
import html
import re

from seized.crypto import _pgpopen
from seized.vocabulary import PGP_ARMOR

_CRC24_INIT = 0xB704CE
_CRC24_POLY = 0x1864CFB
_BR = re.compile(r"<br\s*/?>[^\S\n]*\r?\n?", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,200}>")
_BASE64_LINE = re.compile(r"[A-Za-z0-9+/=]+")
#: A block as most writers leave it: header lines, a blank line, base64 lines whose joined text
#: is valid base64 (padding only at the end), the checksum, the END line; no CR, HTML or
#: spaces. Such a block reads the same through the line-by-line parser; anything else takes it.
_PLAIN_ARMOR = re.compile(
    re.escape(PGP_ARMOR) + r"[A-Z ,/0-9]+-----\n(?:[^\n:]*:[^\n]*\n)*\n"
    r"((?:[A-Za-z0-9+/]+\n)*[A-Za-z0-9+/]+={0,2})\n"
    r"(?:=([A-Za-z0-9+/]{4})\n)?-----END PGP [A-Z ,/0-9]+-----"
)


class ArmorError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def _crc24_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= _CRC24_POLY
        table.append(crc & 0xFFFFFF)
    return tuple(table)


_TABLE = _crc24_table()


def crc24(data: bytes) -> int:
    """The armor checksum of ``data``."""
    crc = _CRC24_INIT
    table = _TABLE
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFF) ^ table[((crc >> 16) ^ byte) & 0xFF]
    return crc


def clean(block: str) -> str:
    """Armor as stored by a web application (HTML line breaks, entities, CR) as plain text."""
    if "<" in block:
        block = _TAG.sub("", _BR.sub("\n", block))
    if "&" in block:
        block = html.unescape(block)
    return block.replace("\r", "")


def dearmor(block: str) -> tuple[bytes, int | None]:
    """The bytes inside one armored block (``-----BEGIN PGP ...-----`` to ``-----END ...-----``)
    and the armor checksum it carries (None when it has none).

    The checksum is not compared here: a message that decrypts is proven intact by its own
    integrity protection, so :func:`check` is only needed for blobs that do not decrypt.
    """
    plain = _PLAIN_ARMOR.fullmatch(block)
    if plain is not None:  # the usual, tidy block: one regular expression, one decode
        try:
            data = binascii.a2b_base64(plain.group(1))
        except binascii.Error:
            data = b""  # the line-by-line parser names the fault
        if data:
            crc = plain.group(2)
            return data, None if crc is None else int.from_bytes(binascii.a2b_base64(crc), "big")
    return dearmor_lines(block)


def dearmor_lines(block: str) -> tuple[bytes, int | None]:
    """:func:`dearmor` line by line: every form of armor, and the error for broken ones."""
    text = clean(block)
    lines = text.split("\n")
    if not lines or not lines[0].strip().startswith(PGP_ARMOR):
        raise ArmorError("no armor header line", 0)
    body: list[str] = []
    checksum: str | None = None
    offset = len(lines[0]) + 1
    in_headers = True
    ended = False
    for line in lines[1:]:
        stripped = line.strip()
        if stripped.startswith("-----END PGP "):
            ended = True
            break
        if in_headers:
            if not stripped:
                in_headers = False
                offset += len(line) + 1
                continue
            if ":" in stripped:  # an armor header (Version:, Comment:, Hash:, Charset:)
                offset += len(line) + 1
                continue
            in_headers = False  # some writers leave out the blank line when there are none
        if stripped:
            if stripped.startswith("=") and len(stripped) == 5:
                checksum = stripped[1:]
            elif checksum is not None:
                raise ArmorError("base64 after the armor checksum", offset)
            elif not _BASE64_LINE.fullmatch(stripped):
                raise ArmorError("a line of the armor is not base64", offset)
            else:
                body.append(stripped)
        offset += len(line) + 1
    if not ended:
        raise ArmorError("the armor has no END line (truncated?)", len(text))
    try:
        data = base64.b64decode("".join(body), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ArmorError(f"the armor's base64 is broken ({exc})", 0) from None
    if not data:
        raise ArmorError("the armor holds no data", 0)
    expected: int | None = None
    if checksum is not None:
        try:
            expected = int.from_bytes(base64.b64decode(checksum, validate=True), "big")
        except (binascii.Error, ValueError):
            raise ArmorError("the armor checksum line is not base64", 0) from None
    return data, expected


def check(data: bytes, expected: int | None) -> None:
    """Raise :class:`ArmorError` when the armor checksum does not match the data (computed in
    C; :func:`crc24` is the reference it is tested against)."""
    if expected is not None and _pgpopen.crc24(data) != expected:
        raise ArmorError("the armor checksum does not match (damaged in storage?)", 0)
