"""A dump as a stream of statements: a sliding byte window, line numbers, statement ends.

Only a window of the dump is in memory: the statement being read and what follows it up to the
end of the last chunk read. Statements end at the current delimiter (``;`` unless a
``DELIMITER`` command changed it) outside strings, quoted names and comments.

What is plainly no dump is refused before it fills memory or takes long: a statement longer
than mysqldump's limit, and a run of blank bytes (white space or NUL) longer than any dump
holds, anywhere in the file. White space and comments between statements are passed over as
they come, so that no amount of them stays in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from seized.ingest.mysql.lexer import raw_tokens, significant
from seized.ingest.mysql.statement import STARTS

CHUNK = 16 << 20
#: A statement longer than this is not a dump statement (mysqldump's limit is 1 GiB).
MAX_STATEMENT = 1 << 30

#: A run of this many blank bytes (white space or NUL) is not in any dump.
MAX_BLANK = 32 << 20
#: Blank bytes: white space and NUL.
BLANK = b"\x00 \t\r\n\f\v"

#: Whitespace and comments between statements (never-run conditional comments included), a
#: few hundred at a time: the regular expression engine keeps a record of each one it passes.
_GAP = re.compile(
    rb"(?:[ \t\r\n\f\v]+|\#[^\n]*|--(?=[ \t\r\n\f\v]|\Z)[^\n]*"
    rb"|/\*(?!!|M!)[^*]*\*+(?:[^/*][^*]*\*+)*/"
    rb"|/\*M?!9{6}[^*]*\*+(?:[^/*][^*]*\*+)*/){0,256}"
)
#: The same, but only what the bytes after it cannot change: line comments with their end.
_GAP_DONE = re.compile(
    rb"(?:[ \t\r\n\f\v]+|\#[^\n]*\n|--(?=[ \t\r\n\f\v])[^\n]*\n"
    rb"|/\*(?!!|M!)[^*]*\*+(?:[^/*][^*]*\*+)*/"
    rb"|/\*M?!9{6}[^*]*\*+(?:[^/*][^*]*\*+)*/){0,256}"
)
_LEADING_BLANK = re.compile(rb"[\x00 \t\r\n\f\v]*")
_DELIMITER = re.compile(rb"(?i:DELIMITER)[ \t]+([^ \t\r\n]+)[^\n]*(?:\n|\Z)")
_SEMICOLON_END = re.compile(rb";[ \t\r]*(?:\n|\Z)")
#: A line that starts a statement: where reading resumes after a broken statement.
RESYNC = re.compile(
    rb"\n[ \t]*(?=(?i:INSERT|REPLACE|CREATE|DROP|SET|LOCK|UNLOCK|ALTER|USE|DELIMITER)\b|/\*!|--)"
)
#: Tokens that may hold the delimiter (not strings, names or comments).
_CODE = frozenset({"word", "num", "punct", "cond", "condend", "hex", "bit"})
#: A statement that starts with any other word is searched this far for its end, then taken
#: for bytes that are no statement at all.
JUNK_SCAN = 1 << 16
#: the longest line start kept across reads while looking for a line that begins a statement
_RESYNC_TAIL = 64
#: blocks of bytes looked at by the blank-run check (shorter than MAX_BLANK)
_BLOCK = CHUNK
_WORD = re.compile(rb"[A-Za-z0-9_$@\x80-\xff]+")


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class NeedMore:
    """More bytes must be read before the question can be answered."""


NEED_MORE = NeedMore()


class TooFar:
    """The statement does not end within the bytes the caller allowed."""


TOO_FAR = TooFar()


class NotADump(Exception):
    """Bytes no dump holds; ``offset`` (absolute) and ``line`` tell where they start."""

    def __init__(self, message: str, offset: int, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.line = line


@dataclass
class Unterminated:
    """The dump ended inside a string, a name, a comment or a statement."""

    what: str
    start: int  # where the open string (or the statement) starts, in the window


class Window:
    """The bytes of the dump around the current position."""

    def __init__(
        self, stream: Readable, progress: Callable[[int], None] | None, chunk: int | None = None
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
        self._blank = _BlankRuns()

    def more(self) -> None:
        """Read more of the dump: at least twice what is left after pos, or one chunk."""
        if self.eof:
            return
        left = len(self.buf) - self.pos
        if left > MAX_STATEMENT:
            raise NotADump(
                "a statement longer than 1 GiB: this is not a dump statement",
                self.base + self.pos,
                self.line,
            )
        want = max(self._chunk, left)
        data = self._stream.read(want)
        if not data:
            self.eof = True
            return
        run = self._blank.feed(data)
        if run is not None:
            inside = run - self.base >= self.pos
            raise NotADump(
                f"{MAX_BLANK >> 20} MiB of nothing but blank bytes (white space or NUL): "
                "this is not a dump",
                run,
                self.line_of(run - self.base) if inside else None,
            )
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
        """Skip whitespace and comments; False when more bytes are needed first (what is
        surely gap is passed over all the same, so that it does not stay in memory)."""
        stop = _skip(_GAP, self.buf, self.pos)
        if stop == len(self.buf) and not self.eof:
            self.advance(_skip(_GAP_DONE, self.buf, self.pos))
            return False
        self.advance(stop)
        return True

    def first_word(self, delimiter: bytes) -> str | NeedMore | None:
        """The first word of the statement at pos, upper-cased; '' when the statement starts
        with neither a word nor the delimiter; None when it cannot tell (no token yet)."""
        buf, pos = self.buf, self.pos
        word = _WORD.match(buf, pos)
        if word is not None and word.end() < len(buf):
            text = word.group().decode("latin-1").upper()
            if text in STARTS:
                return text
        if buf.startswith(delimiter, pos):
            return None
        end = min(len(buf), pos + JUNK_SCAN)
        for tok in significant(buf, pos, end):
            if tok.start + len(tok.text) == len(buf) and not self.eof:
                return NEED_MORE
            if buf.startswith(delimiter, tok.start):
                return None
            return tok.upper()
        if end == len(buf) and not self.eof:
            return NEED_MORE
        return None

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

    def statement_end(
        self, delimiter: bytes, limit: int | None = None
    ) -> tuple[int, int] | Unterminated | NeedMore | TooFar:
        """The exact end of the statement at pos: (end of its text, end after the delimiter),
        or :class:`Unterminated` at the end of the dump; ``TOO_FAR`` when it does not end in
        the first ``limit`` bytes.
        """
        buf = self.buf
        size = len(buf)
        first = delimiter[:1]
        far = size + 1 if limit is None else self.pos + limit
        for tok in raw_tokens(buf, self.pos):
            if tok.end > far or (tok.kind == "open" and size >= far):
                return TOO_FAR
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

    def skip_to_resync(self) -> int:
        """Pass over everything from pos to the next line that begins a statement (or to the
        end of the dump), reading on without keeping what was passed; returns its length."""
        start = self.base + self.pos
        while True:
            found = self.resync(self.pos, len(self.buf))
            if found is not None:
                self.advance(found)
                break
            if self.eof:
                self.advance(len(self.buf))
                break
            # a line that begins a statement may start in these bytes and end in the next ones
            keep = self.buf.rfind(b"\n", self.pos)
            short = keep >= 0 and len(self.buf) - keep <= _RESYNC_TAIL
            self.advance(keep if short else len(self.buf))
            self.more()
        return self.base + self.pos - start


class _BlankRuns:
    """Finds a run of ``MAX_BLANK`` blank bytes in a stream, from the blocks read in turn."""

    def __init__(self) -> None:
        self._run = 0  # where the blank bytes at the end of what was read start
        self._read = 0

    def feed(self, data: bytes) -> int | None:
        """The offset where a run of ``MAX_BLANK`` blank bytes starts, once one is read."""
        for at in range(0, len(data), _BLOCK):
            block = data if len(data) <= _BLOCK else data[at : at + _BLOCK]
            lead = _LEADING_BLANK.match(block)
            assert lead is not None
            if self._read + lead.end() - self._run >= MAX_BLANK:
                return self._run
            if lead.end() < len(block):  # a block is shorter than a run: none is inside it
                self._run = self._read + len(block) - _trailing_blank(block)
            self._read += len(block)
        return None


def _skip(gap: re.Pattern[bytes], buf: bytes, pos: int) -> int:
    """Where the run of gap elements at ``pos`` ends."""
    while True:
        match = gap.match(buf, pos)
        assert match is not None
        if match.end() == pos:
            return pos
        pos = match.end()


def _trailing_blank(block: bytes) -> int:
    tail = block[-4096:]
    count = len(tail) - len(tail.rstrip(BLANK))
    if count < len(tail):
        return count
    return len(block) - len(block.rstrip(BLANK))
