"""PostgreSQL's COPY text format, read exactly, one line at a time.

This is the reference reading (and the slow path of :mod:`.copy_bulk`): fields split on tabs
that no backslash escapes, ``\\N`` alone is NULL, the escapes ``\\b \\f \\n \\r \\t \\v``,
octal ``\\ooo`` and hex ``\\xhh``, any other escaped character stands for itself; bytea in the hex
form (``\\x0a0b``) or the old escape form (``\\ooo``, ``\\\\``).
"""

from __future__ import annotations

import re

_FIELD = re.compile(rb"(?:[^\\\t]+|\\.)*", re.S)
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.S)
_BYTES_SIMPLE = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}
_BYTEA_ESCAPE = re.compile(rb"\\(?:([0-7]{3})|(\\))")
_HEX_TEXT = re.compile(r"[0-9a-fA-F]*")
_BYTEA_TEXT = re.compile(rb"(?:[^\\]|\\[0-7]{3}|\\\\)*", re.S)


class RowError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


def _unescape(match: re.Match[bytes]) -> bytes:
    octal, hexa, other = match.groups()
    if octal:
        return bytes([int(octal, 8) & 0xFF])
    if hexa:
        return bytes([int(hexa, 16)])
    return _BYTES_SIMPLE.get(other, other)


def hex_bytea(value: str) -> bytes | None:
    """A bytea value in the hex form (``\\x`` and pairs of hex digits) as bytes, else None."""
    if value.startswith("\\x") and len(value) % 2 == 0 and _HEX_TEXT.fullmatch(value, 2):
        return bytes.fromhex(value[2:])
    return None


def _bytea(text: bytes, position: int) -> bytes:
    if text.startswith(b"\\x"):
        value = hex_bytea(text.decode("latin-1"))
        if value is None:
            raise RowError("bytea value is not valid hex", position)
        return value
    if not _BYTEA_TEXT.fullmatch(text):
        raise RowError("bytea value has an invalid escape", position)
    return _BYTEA_ESCAPE.sub(
        lambda m: bytes([int(m.group(1), 8) & 0xFF]) if m.group(1) else b"\\", text
    )


def parse_line(line: bytes, blobs: list[bool], encoding: str) -> list[str | bytes | None]:
    """One line of COPY text data (without its newline) as values; RowError when malformed."""
    values: list[str | bytes | None] = []
    pos = 0
    n = len(line)
    while True:
        m = _FIELD.match(line, pos)
        assert m is not None  # the pattern matches the empty string
        raw = m.group()
        if m.end() < n and line[m.end()] != 9:
            raise RowError("backslash at the end of the line", m.end())
        if len(values) >= len(blobs):
            raise RowError(f"more than {len(blobs)} fields", pos)
        values.append(_value(raw, pos, blobs[len(values)], encoding))
        pos = m.end()
        if pos >= n:
            break
        pos += 1  # the tab
        if pos == n:
            if len(values) >= len(blobs):
                raise RowError(f"more than {len(blobs)} fields", pos)
            values.append(_value(b"", pos, blobs[len(values)], encoding))
            break
    if len(values) != len(blobs):
        raise RowError(f"{len(values)} fields where the COPY lists {len(blobs)} columns", 0)
    return values


def _value(raw: bytes, position: int, blob: bool, encoding: str) -> str | bytes | None:
    if raw == b"\\N":
        return None
    data = _ESCAPE.sub(_unescape, raw) if b"\\" in raw else raw
    if blob:
        return _bytea(data, position)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        where = position + exc.start if data is raw else position
        raise RowError(f"invalid {encoding} bytes", where) from None
