"""A dump as a stream of statements: a sliding byte window, line numbers, statement ends.

Only a window of the dump is in memory: the statement being read and what follows it up to the
end of the last chunk read. Statements end at the current delimiter (``;`` unless a
``DELIMITER`` command changed it) outside strings, quoted names and comments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from seized.ingest.mysql.lexer import raw_tokens

CHUNK = 16 << 20
#: A statement longer than this is not a dump statement (mysqldump's limit is 1 GiB).
MAX_STATEMENT = 1 << 30

#: Whitespace and comments between statements (never-run conditional comments included).
_GAP = re.compile(
    rb"(?:[ \t\r\n\f\v]+|\#[^\n]*|--(?=[ \t\r\n\f\v]|\Z)[^\n]*"
    rb"|/\*(?!!|M!)[^*]*\*+(?:[^/*][^*]*\*+)*/"
    rb"|/\*M?!9{6}[^*]*\*+(?:[^/*][^*]*\*+)*/)*"
)
_DELIMITER = re.compile(rb"(?i:DELIMITER)[ \t]+([^ \t\r\n]+)[^\n]*(?:\n|\Z)")
_SEMICOLON_END = re.compile(rb";[ \t\r]*(?:\n|\Z)")
#: A line that starts a statement: where reading resumes after a broken statement.
RESYNC = re.compile(
    rb"\n[ \t]*(?=(?i:INSERT|REPLACE|CREATE|DROP|SET|LOCK|UNLOCK|ALTER|USE|DELIMITER)\b|/\*!|--)"
)
#: Tokens that may hold the delimiter (not strings, names or comments).
_CODE = frozenset({"word", "num", "punct", "cond", "condend", "hex", "bit"})


class NeedMore:
    """More bytes must be read before the question can be answered."""


NEED_MORE = NeedMore()


@dataclass
class Unterminated:
    """The dump ended inside a string, a name, a comment or a statement."""

    what: str
    start: int  # where the open string (or the statement) starts, in the window


class Window:
    """The bytes of the dump around the current position."""

    def __init__(
        self, stream: IO[bytes], progress: Callable[[int], None] | None, chunk: int | None = None
    ) -> None:
        self._stream = stream
        self._progress = progress
        self._chunk = chunk or CHUNK
        self.buf = b""
        self.base = 0  # absolute offset of buf[0]
        self.pos = 0  # the current position in buf
        self.line = 1  # the line at pos
        self.eof = False
        self._read = 0

    def more(self) -> None:
        """Read more of the dump: at least twice what is left after pos, or one chunk."""
        if self.eof:
            return
        left = len(self.buf) - self.pos
        if left > MAX_STATEMENT:
            raise OverflowError("statement too long")
        want = max(self._chunk, left)
        data = self._stream.read(want)
        if not data:
            self.eof = True
            return
        self.buf = self.buf[self.pos :] + data
        self.base += self.pos
        self.pos = 0
        self._read += len(data)
        if self._progress is not None:
            self._progress(self._read)

    def advance(self, to: int, lines: int | None = None) -> None:
        """Move to ``to``; ``lines``: the line breaks on the way, when the caller knows them."""
        self.line += self.buf.count(b"\n", self.pos, to) if lines is None else lines
        self.pos = to

    def line_of(self, offset: int) -> int:
        """The line of a position at or after pos in the window."""
        return self.line + self.buf.count(b"\n", self.pos, offset)

    def skip_gap(self) -> bool:
        """Skip whitespace and comments; False when more bytes are needed first."""
        end = _GAP.match(self.buf, self.pos)
        assert end is not None
        stop = end.end()
        if stop == len(self.buf) and not self.eof:
            return False
        self.advance(stop)
        return True

    def delimiter_command(self) -> tuple[bytes, int] | NeedMore | None:
        """A ``DELIMITER x`` line at pos: (the new delimiter, its end); None when there is no
        such command."""
        if self.buf[self.pos : self.pos + 9].upper() != b"DELIMITER":
            return None
        match = _DELIMITER.match(self.buf, self.pos)
        if match is None:
            return None
        if match.end() == len(self.buf) and not self.eof:
            return NEED_MORE
        return match.group(1), match.end()

    def semicolon_end(self) -> int | NeedMore | None:
        """The first ``;`` that ends a line after pos (position after it). A fast guess at a
        statement's end, checked by the caller."""
        buf = self.buf
        end = buf.find(b"\n", self.pos)  # a one-byte search is the quickest kind
        while end > 0 and buf[end - 1] != 0x3B:
            end = buf.find(b"\n", end + 1)
        end -= 1  # the ';'
        if end < 0 or buf.find(b"\r", self.pos, end) >= 0:  # also ;\r\n, ; at the end, ; and spaces
            match = _SEMICOLON_END.search(buf, self.pos)
            if match is None:
                return None if self.eof else NEED_MORE
            if match.end() == len(buf) and not self.eof and not match.group().endswith(b"\n"):
                return NEED_MORE
            return match.start() + 1
        return end + 1

    def statement_end(self, delimiter: bytes) -> tuple[int, int] | Unterminated | NeedMore:
        """The exact end of the statement at pos: (end of its text, end after the delimiter),
        or :class:`Unterminated` at the end of the dump.
        """
        buf = self.buf
        size = len(buf)
        first = delimiter[:1]
        for tok in raw_tokens(buf, self.pos):
            if tok.end == size and not self.eof:
                return NEED_MORE
            if tok.kind == "open":
                if not self.eof:
                    return NEED_MORE
                what = {b"'": "string", b'"': "string", b"`": "quoted name"}.get(
                    buf[tok.start : tok.start + 1], "comment"
                )
                return Unterminated(what, tok.start)
            if tok.kind in _CODE and first in buf[tok.start : tok.end]:
                found = buf.find(delimiter, tok.start, tok.end + len(delimiter) - 1)
                if found >= 0:
                    return found, found + len(delimiter)
        if not self.eof:
            return NEED_MORE
        return Unterminated("statement", self.pos)

    def resync(self, start: int, end: int) -> int | None:
        """The start of the first line after ``start`` and before ``end`` that begins a
        statement: where reading resumes after a broken statement."""
        match = RESYNC.search(self.buf, start, end)
        return match.start() + 1 if match is not None else None
