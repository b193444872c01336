"""Tokens of mysqldump text: the exact reading of one statement's bytes.

The lexer works on bytes so that it can report exact byte offsets and leave binary string
contents untouched. Conditional comments (``/*!40101 ... */``, MariaDB's ``/*M!100316 ... */``)
hold code a server runs, so their markers are dropped and their content is read as code; the
ones whose version no server reaches (MariaDB's ``/*M!999999 ... */`` sandbox line) are comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

#: The string literal forms. A backslash escapes the next byte; a doubled quote is one quote.
SQ_STRING = rb"'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'"
DQ_STRING = rb'"[^"\\]*(?:(?:\\.|"")[^"\\]*)*"'
NUMBER = rb"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"

#: Conditional comments at or above this version are never run by any server.
NEVER_VERSION = 999999

TOKEN = re.compile(
    rb"(?P<ws>[ \t\r\n\f\v]+)"
    rb"|(?P<comment>\#[^\n]*|--(?=[ \t\r\n\f\v]|\Z)[^\n]*"
    rb"|/\*(?!!|M!)[^*]*\*+(?:[^/*][^*]*\*+)*/)"
    rb"|(?P<cond>/\*M?!\d*)"
    rb"|(?P<condend>\*/)"
    rb"|(?P<str>" + SQ_STRING + rb")"
    rb"|(?P<dstr>" + DQ_STRING + rb")"
    rb"|(?P<ident>`[^`]*(?:``[^`]*)*`)"
    rb"|(?P<hex>0x[0-9A-Fa-f]+(?![0-9A-Za-z_$])|[xX]'[0-9A-Fa-f]*')"
    rb"|(?P<bit>0b[01]+(?![0-9A-Za-z_$])|[bB]'[01]*')"
    rb"|(?P<num>" + NUMBER + rb")"
    rb"|(?P<word>[A-Za-z0-9_$@\x80-\xff]+)"
    rb"|(?P<open>['\"`]|/\*)"
    rb"|(?P<punct>.)",
    re.S,
)

_QUIET = frozenset({"ws", "comment"})


class Token(NamedTuple):
    kind: str  # ws comment cond condend str dstr ident hex bit num word open punct
    start: int
    end: int


class Tok(NamedTuple):
    """A significant token with its bytes."""

    kind: str
    text: bytes
    start: int

    def upper(self) -> str:
        return self.text.decode("latin-1").upper() if self.kind == "word" else ""

    def is_punct(self, char: bytes) -> bool:
        return self.kind == "punct" and self.text == char


def raw_tokens(buf: bytes, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """Every token of ``buf[start:end]``, whitespace and comments included."""
    stop = len(buf) if end is None else end
    for match in TOKEN.finditer(buf, start, stop):
        kind = match.lastgroup
        assert kind is not None
        yield Token(kind, match.start(), match.end())


def cond_version(text: bytes) -> int:
    """The version number of a conditional comment opener (``/*!40101`` -> 40101; none -> 0)."""
    digits = text.lstrip(b"/*M!")
    return int(digits) if digits else 0


def significant(buf: bytes, start: int = 0, end: int | None = None) -> Iterator[Tok]:
    """The tokens a server would read: no whitespace, comments or conditional markers.

    The content of a conditional comment whose version no server reaches is dropped.
    """
    skipping = 0  # depth inside never-run conditional comments
    depth = 0
    for tok in raw_tokens(buf, start, end):
        kind = tok.kind
        if kind in _QUIET:
            continue
        if kind == "cond":
            depth += 1
            if skipping or cond_version(buf[tok.start : tok.end]) >= NEVER_VERSION:
                skipping += 1
            continue
        if kind == "condend" and depth:
            depth -= 1
            if skipping:
                skipping -= 1
            continue
        if skipping:
            continue
        yield Tok(kind, buf[tok.start : tok.end], tok.start)


_UNESCAPE_SQ = re.compile(rb"\\(.)|''", re.S)
_UNESCAPE_DQ = re.compile(rb'\\(.)|""', re.S)
#: MySQL's escapes. ``\%`` and ``\_`` keep their backslash; any other ``\x`` means ``x``.
ESCAPES: dict[bytes, bytes] = {
    b"0": b"\x00",
    b"b": b"\x08",
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"Z": b"\x1a",
    b"%": b"\\%",
    b"_": b"\\_",
}


def _sq(match: re.Match[bytes]) -> bytes:
    char = match.group(1)
    if char is None:
        return b"'"
    return ESCAPES.get(char, char)


def _dq(match: re.Match[bytes]) -> bytes:
    char = match.group(1)
    if char is None:
        return b'"'
    return ESCAPES.get(char, char)


def string_value(literal: bytes) -> bytes:
    """The bytes a quoted string literal stands for (the literal includes its quotes)."""
    body = literal[1:-1]
    quote = literal[:1]
    if b"\\" not in body and quote + quote not in body:
        return body
    return (_UNESCAPE_SQ if quote == b"'" else _UNESCAPE_DQ).sub(
        _sq if quote == b"'" else _dq, body
    )


def ident_name(tok: Tok) -> bytes | None:
    """The name an identifier token stands for, or None when the token is no identifier."""
    if tok.kind == "ident":
        return tok.text[1:-1].replace(b"``", b"`")
    if tok.kind == "dstr":  # ANSI_QUOTES dumps quote names with double quotes
        return tok.text[1:-1].replace(b'""', b'"')
    if tok.kind in ("word", "num"):
        return tok.text
    return None


def hex_value(text: bytes) -> bytes:
    """The bytes of a hex literal: ``0x4142`` or ``X'4142'``."""
    digits = text[2:] if text[:2] in (b"0x",) else text[2:-1]
    if len(digits) % 2:
        digits = b"0" + digits
    return bytes.fromhex(digits.decode("ascii"))


def bit_value(text: bytes) -> int:
    """The integer of a bit literal: ``b'0101'`` or ``0b0101``."""
    digits = text[2:] if text[:2] == b"0b" else text[2:-1]
    return int(digits, 2) if digits else 0
