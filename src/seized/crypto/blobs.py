"""PGP messages inside seized values: armored blocks anywhere in a text, and binary messages
stored whole (raw bytes in a BLOB column, or base64 without armor in a text column).

:func:`find_blobs` never raises on bad input: a block that cannot be read (no END line, broken
base64, malformed packets) is returned with ``error`` set, so it is counted as corrupt and
nothing is lost.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import NamedTuple

from seized.crypto.armor import ArmorError, dearmor
from seized.crypto.packets import Envelope, PacketError, envelope, looks_like_message
from seized.vocabulary import PGP_MESSAGE

BEGIN = PGP_MESSAGE
END = "-----END PGP MESSAGE-----"
#: SQL LIKE pattern that every text holding an armored message matches.
ARMOR_LIKE = f"%{PGP_MESSAGE}%"
#: A whole value that may be a base64 binary message: a session-key packet header encodes to
#: 'h' or 'j' (old format, tags 1 and 3) or 'w' (new format).
BASE64_REGEX = r"\s*[hjw][A-Za-z0-9+/]{30,}[A-Za-z0-9+/=\s]*"
_BASE64 = re.compile(BASE64_REGEX)
_WHITESPACE = re.compile(r"\s+")


class Blob(NamedTuple):
    """One PGP message found in a value (a named tuple: the decrypt loop makes millions)."""

    blob_index: int  # the n-th message in the value (0-based)
    start: int  # character offsets of the message in the text (bytes for a binary value)
    end: int
    form: str  # armored | base64 | binary
    data: bytes | None  # the binary message; None when it could not be read
    checksum: int | None  # the armor checksum it carried, if any
    recipients: tuple[str, ...] = ()
    passwords: int = 0
    encrypted: bool = True
    error: str | None = None


def _blob(index: int, start: int, end: int, form: str, data: bytes, crc: int | None) -> Blob:
    try:
        env: Envelope = envelope(data)
    except PacketError as exc:
        return Blob(index, start, end, form, None, crc, error=f"{exc} (byte {exc.offset})")
    return Blob(index, start, end, form, data, crc, env.recipients, env.passwords, env.encrypted)


def _armored(text: str) -> list[Blob]:
    blobs: list[Blob] = []
    begin = text.find(BEGIN)
    while begin >= 0:
        following = text.find(BEGIN, begin + len(BEGIN))
        limit = following if following >= 0 else len(text)
        end = text.find(END, begin + len(BEGIN), limit)
        stop = end + len(END) if end >= 0 else limit
        index = len(blobs)
        if end < 0:
            blobs.append(
                Blob(index, begin, stop, "armored", None, None, error="no END line (truncated?)")
            )
        else:
            try:
                data, crc = dearmor(text[begin:stop])
            except ArmorError as exc:
                blobs.append(Blob(index, begin, stop, "armored", None, None, error=str(exc)))
            else:
                blobs.append(_blob(index, begin, stop, "armored", data, crc))
        begin = following
    return blobs


def _base64(text: str) -> list[Blob]:
    try:
        data = base64.b64decode(_WHITESPACE.sub("", text), validate=True)
    except (binascii.Error, ValueError):
        return []
    if not looks_like_message(data):
        return []
    blob = _blob(0, 0, len(text), "base64", data, None)
    return [] if blob.error else [blob]  # random base64 that merely starts alike is no message


def find_blobs(value: str | bytes | None) -> list[Blob]:
    """Every PGP message in a seized value (text or bytes)."""
    if value is None:
        return []
    if isinstance(value, bytes):
        if looks_like_message(value):
            return [_blob(0, 0, len(value), "binary", value, None)]
        if BEGIN.encode() not in value:
            return []
        value = value.decode("utf-8", "replace")
    if BEGIN in value:
        return _armored(value)
    if len(value) >= 40 and _BASE64.fullmatch(value):
        return _base64(value)
    return []
