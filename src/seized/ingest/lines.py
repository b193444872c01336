"""Buffered readers of lines that know each line's number and byte offset.

:class:`LineReader` reads a dump's lines, ended by LF: statements are read line by line; the data
of a COPY block is handed on in large runs of whole lines (found with one NumPy pass over each
read), so that the bulk of a dump never passes through a Python loop. The runs are views of the
read buffer, not copies: a plain file is read straight into a fresh buffer that starts with the
unfinished line of the one before.

:class:`TextLines` reads the decoded lines of a text file (CSV, JSON lines) ended by LF, CRLF or
a lone CR (as classic Mac and Excel for Mac write them), in any mix.

Both refuse a line longer than ``max_line`` bytes (a file of one endless line, such as a
decompression bomb, would otherwise fill the memory), naming the byte where it starts.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from seized.errors import InputError, UserError

#: the largest read; reads start at FIRST_READ bytes and double up to it, so that a small file
#: gets a small buffer
CHUNK_BYTES = 16 << 20
FIRST_READ = 1 << 20
#: the longest line either reader accepts
MAX_LINE_BYTES = 256 << 20

#: receives a run of complete lines (a view of the buffer), the number of the first one, its byte
#: offset, the line count
RunSink = Callable[[memoryview, int, int, int], None]


class LineReader:
    """Lines of a byte stream; ``line`` is the number of the last line returned (1-based)."""

    def __init__(
        self,
        stream: IO[bytes],
        progress: Callable[[int], None] | None = None,
        chunk_bytes: int | None = None,
        *,
        path: Path | None = None,
        max_line: int | None = None,
    ) -> None:
        self._stream = stream
        self._path = path
        self._max_line = max_line or MAX_LINE_BYTES
        self._progress = progress
        self._chunk = chunk_bytes or CHUNK_BYTES
        self._next = min(self._chunk, FIRST_READ)
        self._buf = bytearray()
        self._pos = 0
        self._readinto = getattr(stream, "readinto", None)
        self._base = 0  # stream offset of _buf[0]
        self._eof = False
        self.line = 0

    @property
    def offset(self) -> int:
        """Byte offset of the next unread byte."""
        return self._base + self._pos

    def _fill(self) -> bool:
        if self._eof:
            return False
        rest = len(self._buf) - self._pos
        if rest > self._max_line:
            raise too_long(self._path, self.line + 1, self.offset, self._max_line)
        size, self._next = self._next, min(self._chunk, self._next * 2)
        if self._readinto is not None:
            buf = bytearray(rest + size)
            with memoryview(buf) as view:
                view[:rest] = memoryview(self._buf)[self._pos :]
                got = self._readinto(view[rest:])
            if got and got < size:
                del buf[rest + got :]
        else:
            data = self._stream.read(size)
            got = len(data)
            buf = bytearray(memoryview(self._buf)[self._pos :])
            buf += data
        if not got:
            self._eof = True
            return False
        self._base += self._pos
        self._buf = buf
        self._pos = 0
        if self._progress is not None:
            self._progress(self._base + len(self._buf))
        return True

    def readline(self) -> bytes | None:
        """The next line with its newline (the last one may lack it), or None at the end."""
        start = self._pos
        while True:
            nl = self._buf.find(b"\n", start)
            if nl >= 0:
                line = bytes(memoryview(self._buf)[self._pos : nl + 1])
                self._pos = nl + 1
                self.line += 1
                return line
            start = len(self._buf) - self._pos
            if not self._fill():
                if self._pos < len(self._buf):
                    line = bytes(memoryview(self._buf)[self._pos :])
                    self._pos = len(self._buf)
                    self.line += 1
                    return line
                return None

    def read_copy_data(self, emit: RunSink) -> bytes | None:
        """Pass the lines of a COPY block to ``emit`` in runs, up to the ``\\.`` line.

        Returns None when the end marker was found (and consumed); at the end of the stream
        without one, returns the unfinished last line (b"" when the data ended with a newline).
        """
        while True:
            buf, pos = self._buf, self._pos
            if buf.startswith(b"\\.", pos):
                after = buf[pos + 2 : pos + 4]
                if after[:1] == b"\n" or after == b"\r\n":
                    self._pos = pos + 2 + (1 if after[:1] == b"\n" else 2)
                    self.line += 1
                    return None
                if len(buf) - pos < 4 and self._fill():
                    continue
                if self._eof and bytes(after) in (b"", b"\r"):
                    self._pos = len(self._buf)
                    self.line += 1
                    return None
                nl = buf.find(b"\n", pos)
                if nl < 0:
                    if self._fill():
                        continue
                    return self._rest()
                self._emit(emit, nl + 1)
                continue
            # one NumPy pass finds the line breaks: how many lines, and whether one of them is
            # followed by "\\." (a candidate end marker, checked above on the next round)
            view = np.frombuffer(buf, np.uint8, len(buf) - pos, pos)
            breaks = np.flatnonzero(view == 0x0A)
            if len(breaks):
                seen = breaks[breaks + 2 < len(view)]
                marks = seen[(view[seen + 1] == 0x5C) & (view[seen + 2] == 0x2E)]
                if len(marks):
                    mark = int(marks[0])
                    self._emit(emit, pos + mark + 1, int(np.searchsorted(breaks, mark)) + 1)
                    continue
                self._emit(emit, pos + int(breaks[-1]) + 1, len(breaks))
            del view
            if not self._fill():
                return self._rest()

    def _emit(self, emit: RunSink, end: int, lines: int | None = None) -> None:
        run = memoryview(self._buf)[self._pos : end]
        if lines is None:
            lines = self._buf.count(b"\n", self._pos, end)
        emit(run, self.line + 1, self.offset, lines)
        self.line += lines
        self._pos = end

    def _rest(self) -> bytes:
        rest = bytes(memoryview(self._buf)[self._pos :])
        self._pos = len(self._buf)
        if rest:
            self.line += 1
        return rest


def too_long(path: Path | None, line: int, offset: int, limit: int) -> InputError:
    return InputError(
        f"line {line}, which starts at byte {offset}, is longer than {limit:,} bytes: "
        "this is not the text of a dump or an export (or the file is damaged)",
        path,
        line=line,
        offset=offset,
    )


#: the characters the byte-wise splitting relies on, which must be their ASCII bytes
_ASCII_PARTS = "\r\n,;\t\"'{}[]:abcXYZ0129"
_BREAK = re.compile(r"\r\n|\r|\n")
#: byte order marks that decide a file's encoding, longest first
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)


@dataclass
class TextLine:
    text: str  # with its line ending
    number: int  # 1-based
    offset: int  # byte offset of its first byte in the (decompressed) file
    bad: str | None = None  # why its bytes are not valid text (they were replaced)


def ascii_compatible(encoding: str) -> bool:
    """Whether line breaks and the other characters of CSV and JSON are their ASCII bytes."""
    try:
        return _ASCII_PARTS.encode(encoding) == _ASCII_PARTS.encode("ascii")
    except (UnicodeError, LookupError):
        return False


class TextLines:
    """The lines of a text file as ``TextLine``; ``number`` and ``end`` are the number of the
    last line given and the byte offset after it.

    A UTF-8, UTF-16 or UTF-32 byte order mark decides the encoding, whatever was given (and is
    not part of the first line). Bytes that are not valid text are an
    :class:`~seized.errors.InputError` naming their line and byte offset, unless ``keep_going``:
    the line is then given with the bytes replaced and ``bad`` set. ``hint`` turns the bad
    bytes' surroundings into advice for the error.
    """

    def __init__(
        self,
        stream: IO[bytes],
        encoding: str,
        path: Path,
        *,
        keep_going: bool = False,
        progress: Callable[[int], None] | None = None,
        hint: Callable[[bytes, str], str] | None = None,
        max_line: int | None = None,
        chunk_bytes: int = FIRST_READ,
    ) -> None:
        self._stream = stream
        self.encoding = encoding
        self._path = path
        self._keep_going = keep_going
        self._progress = progress
        self._hint = hint
        self._max_line = max_line or MAX_LINE_BYTES
        self._chunk = chunk_bytes
        self.number = 0
        self.end = 0
        self._head, self._plain = self._start()

    def __iter__(self) -> Iterator[TextLine]:
        if ascii_compatible(self._plain):
            yield from self._bytewise(self._head, self._plain)
        else:
            yield from self._decoded(self._head, self._plain)

    def _start(self) -> tuple[bytes, str]:
        """Read a byte order mark (so that ``end`` is right before the first line is read):
        the bytes read after it and the codec to read the lines with."""
        try:
            plain = codecs.lookup(self.encoding).name.removesuffix("-sig")
        except LookupError:
            raise UserError(f"unknown text encoding {self.encoding!r}") from None
        head = self._stream.read(4)
        for mark, encoding, unmarked in _MARKS:
            if head.startswith(mark):
                self.encoding, plain = encoding, unmarked
                self.end = len(mark)
                head = head[len(mark) :]
                break
        if plain in ("utf-16", "utf-32"):
            plain += "-le"  # without a mark, as Python's codecs read it on this machine
        return head, plain

    # -- encodings in which a line break is its ASCII byte: split the bytes --------------------

    def _bytewise(self, head: bytes, encoding: str) -> Iterator[TextLine]:
        rest = head
        read = self.end + len(head)
        while True:
            data = self._stream.read(self._chunk)
            read += len(data)
            if self._progress is not None and data:
                self._progress(read)
            buf = rest + data if rest else data
            lines = buf.splitlines(keepends=True)
            rest = b""
            if data and lines and not lines[-1].endswith(b"\n"):
                rest = lines.pop()  # unfinished, or a CR that may be the start of a CRLF
            for raw in lines:
                yield self._decode(raw, encoding)
            if len(rest) > self._max_line:
                raise too_long(self._path, self.number + 1, self.end, self._max_line)
            if not data:
                return

    def _decode(self, raw: bytes, encoding: str) -> TextLine:
        self.number += 1
        offset, self.end = self.end, self.end + len(raw)
        try:
            return TextLine(raw.decode(encoding), self.number, offset)
        except UnicodeDecodeError as exc:
            where = offset + exc.start
            reason = f"invalid {self.encoding} bytes at byte {where}"
            if not self._keep_going:
                raise self._error(where, raw, self.number) from None
            return TextLine(raw.decode(encoding, errors="replace"), self.number, offset, reason)

    # -- UTF-16 and UTF-32: decode, then split the text ----------------------------------------

    def _decoded(self, head: bytes, encoding: str) -> Iterator[TextLine]:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        width = "utf-32-le" if encoding.startswith("utf-32") else "utf-16-le"
        consumed = self.end  # source bytes handed to the decoder
        rest = ""
        data = head
        bad = None
        while True:
            state = decoder.getstate()[0]
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                where = consumed - len(state) + exc.start
                before = rest + (state + data[: exc.start]).decode(encoding, errors="replace")
                line = self.number + 1 + len(_BREAK.findall(before))
                if not self._keep_going:
                    around = data[max(0, exc.start - 400) : exc.start + 400]
                    raise self._error(where, around, line) from None
                bad = bad or f"invalid {self.encoding} bytes at byte {where}"
                decoder = codecs.getincrementaldecoder(encoding)("replace")
                decoder.setstate((state, 0))
                text = decoder.decode(data, final=not data)
            consumed += len(data)
            if self._progress is not None and data:
                self._progress(consumed)
            buf = rest + text
            parts = _BREAK.split(buf)
            breaks = _BREAK.findall(buf)
            rest = parts.pop()
            if data and breaks and breaks[-1] == "\r" and not rest:
                rest = parts.pop() + breaks.pop()  # a CR that may be the start of a CRLF
            for body, ending in zip(parts, breaks, strict=True):
                yield self._counted(body + ending, width, bad)
            if len(rest) * 2 > self._max_line:
                raise too_long(self._path, self.number + 1, self.end, self._max_line)
            if not data:
                if rest:
                    yield self._counted(rest, width, bad)
                return
            data = self._stream.read(self._chunk)

    def _counted(self, line: str, width: str, bad: str | None) -> TextLine:
        self.number += 1
        offset, self.end = self.end, self.end + len(line.encode(width, errors="surrogatepass"))
        flagged = bad if bad is not None and "\ufffd" in line else None
        return TextLine(line, self.number, offset, flagged)

    def _error(self, where: int, around: bytes, line: int) -> InputError:
        hint = self._hint(around, self.encoding) if self._hint is not None else None
        return InputError(
            f"invalid {self.encoding} bytes",
            self._path,
            line=line,
            offset=where,
            hint=hint or "give the file's encoding",
        )
