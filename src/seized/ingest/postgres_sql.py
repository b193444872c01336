"""SQL text of a pg_dump: splitting lines into statements, and tokens of one statement.

The splitter follows PostgreSQL's lexical rules for everything that can hide a semicolon: standard
strings (``''`` doubling), ``E'...'`` escape strings, quoted identifiers, ``$tag$`` dollar quoting
(function bodies), ``--`` and nested ``/* */`` comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NORMAL = re.compile(r"""(?<![\w$])[eE]'|'|"|(?<![\w$])\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$|--|/\*|;""")
#: a whole one-line statement with nothing tricky in it (no backslash, comment or dollar quote)
_WHOLE = re.compile(r"""(?:[^'"$;\\/-]|-(?!-)|/(?!\*)|'[^']*'|"[^"]*")*;[ \t\r\n]*""")
_SQ_END = re.compile(r"'")
_EQ_END = re.compile(r"\\.|'", re.S)
_DQ_END = re.compile(r'"')
_COMMENT = re.compile(r"/\*|\*/")

_NONE, _SQ, _EQ, _DQ, _DOLLAR, _BLOCK = range(6)


@dataclass
class Statement:
    text: str
    line: int  # first line of the statement
    offset: int  # byte offset of that line


class Splitter:
    """Feed lines; completed statements (with their terminating ``;``) are returned."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._state = _NONE
        self._tag = ""
        self._depth = 0
        self.line = 0
        self.offset = 0

    @property
    def pending(self) -> bool:
        """True while a statement has started and not yet ended."""
        return bool(self._parts)

    @property
    def size(self) -> int:
        return self._size

    def partial(self) -> Statement:
        return Statement("".join(self._parts), self.line, self.offset)

    def reset(self) -> None:
        self._parts = []
        self._size = 0
        self._state = _NONE
        self._depth = 0

    def feed(self, text: str, line: int, offset: int) -> list[Statement]:
        done: list[Statement] = []
        pos = 0
        start = 0
        n = len(text)
        if not self._parts:
            self.line, self.offset = line, offset
            if "\\" not in text and _WHOLE.fullmatch(text):
                return [Statement(text, line, offset)]
        while pos < n:
            state = self._state
            if state == _NONE:
                m = _NORMAL.search(text, pos)
                if m is None:
                    break
                tok = m.group()
                pos = m.end()
                if tok == ";":
                    self._parts.append(text[start:pos])
                    done.append(Statement("".join(self._parts), self.line, self.offset))
                    self._parts, self._size = [], 0
                    start = pos
                    rest = text[pos:]
                    if rest.strip() == "" or rest.lstrip().startswith("--"):
                        return done
                    self.line, self.offset = line, offset
                elif tok == "--":
                    break
                elif tok == "/*":
                    self._state, self._depth = _BLOCK, 1
                elif tok == "'":
                    self._state = _SQ
                elif tok == '"':
                    self._state = _DQ
                elif tok[0] == "$":
                    self._state, self._tag = _DOLLAR, tok
                else:
                    self._state = _EQ
            elif state in (_SQ, _DQ):
                end = text.find("'" if state == _SQ else '"', pos)
                if end < 0:
                    break
                pos = end + 1
                self._state = _NONE  # a doubled quote re-enters the string at once
            elif state == _EQ:
                m = _EQ_END.search(text, pos)
                if m is None:
                    break
                pos = m.end()
                if m.group() == "'":
                    self._state = _NONE
            elif state == _DOLLAR:
                end = text.find(self._tag, pos)
                if end < 0:
                    break
                pos = end + len(self._tag)
                self._state = _NONE
            else:
                m = _COMMENT.search(text, pos)
                if m is None:
                    break
                pos = m.end()
                self._depth += 1 if m.group() == "/*" else -1
                if self._depth == 0:
                    self._state = _NONE
        remainder = text[start:]
        stripped = remainder.lstrip()
        if self._parts or (stripped and not stripped.startswith("--")):
            self._parts.append(remainder)
            self._size += len(remainder)
        return done


# -- tokens of one statement -----------------------------------------------------------------

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
