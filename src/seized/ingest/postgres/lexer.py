"""Tokens of one pg_dump statement (the statements come from :mod:`.splitter`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(
    r"""
    (?P<space>\s+|--[^\n]*|/\*.*?\*/)
  | (?P<estr>[eE]'(?:[^'\\]|''|\\.)*')
  | (?P<str>'(?:[^']|'')*')
  | (?P<dollar>\$(?P<tag>[A-Za-z_][A-Za-z0-9_]*)?\$.*?\$(?P=tag)\$)
  | (?P<qident>"(?:[^"]|"")*")
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_$\x80-\U0010ffff]*)
  | (?P<op>::|[-+*/<>=~!@#%^&|`?]+|[(),.;\[\]:])
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str  # estr, str, dollar, qident, num, word, op
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    @property
    def ident(self) -> str:
        """The identifier it names: quoted kept exactly, unquoted folded to lower case."""
        if self.kind == "qident":
            return self.text[1:-1].replace('""', '"')
        return self.text.lower()


class LexError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


def tokens(text: str, start: int = 0) -> list[Token]:
    """All tokens of ``text`` from ``start`` (whitespace and comments dropped)."""
    out: list[Token] = []
    pos = start
    n = len(text)
    while pos < n:
        m = TOKEN.match(text, pos)
        if m is None:
            raise LexError(f"unexpected character {text[pos]!r}", pos)
        kind = m.lastgroup or "op"
        if kind == "tag":
            kind = "dollar"
        if kind != "space":
            out.append(Token(kind, m.group(), pos, m.end()))
        pos = m.end()
    return out


def split_top(toks: list[Token], start: int, end: int) -> list[tuple[int, int]]:
    """Index ranges of the comma-separated items in toks[start:end], at parenthesis depth 0."""
    items: list[tuple[int, int]] = []
    depth = 0
    first = start
    for i in range(start, end):
        t = toks[i].text
        if t in ("(", "["):
            depth += 1
        elif t in (")", "]"):
            depth -= 1
        elif t == "," and depth == 0:
            items.append((first, i))
            first = i + 1
    if first < end:
        items.append((first, end))
    return items


def matching(toks: list[Token], open_index: int) -> int:
    """Index of the parenthesis that closes toks[open_index]; -1 when there is none."""
    depth = 0
    for i in range(open_index, len(toks)):
        t = toks[i].text
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def qualified_name(toks: list[Token], i: int) -> tuple[list[str], int]:
    """A dotted name starting at toks[i]: its parts and the index after it."""
    parts: list[str] = []
    while i < len(toks) and toks[i].kind in ("word", "qident"):
        parts.append(toks[i].ident)
        i += 1
        if i < len(toks) and toks[i].text == ".":
            i += 1
        else:
            break
    return parts, i
