"""SQL text of a pg_dump split into statements, line by line.

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
    lead: str = ""  # the text of that line before the statement (another statement's end)


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
        self.lead = ""

    @property
    def pending(self) -> bool:
        """True while a statement has started and not yet ended."""
        return bool(self._parts)

    @property
    def size(self) -> int:
        return self._size

    def partial(self) -> Statement:
        return Statement("".join(self._parts), self.line, self.offset, self.lead)

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
            self.line, self.offset, self.lead = line, offset, ""
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
                    done.append(Statement("".join(self._parts), self.line, self.offset, self.lead))
                    self._parts, self._size = [], 0
                    start = pos
                    rest = text[pos:]
                    if rest.strip() == "" or rest.lstrip().startswith("--"):
                        return done
                    self.line, self.offset, self.lead = line, offset, text[:pos]
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
