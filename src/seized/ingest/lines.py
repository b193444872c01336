"""A buffered reader of dump lines that knows each line's number and byte offset.

Statements are read line by line; the data of a COPY block is handed on in large runs of whole
lines (found with one NumPy pass over each read), so that the bulk of a dump never passes through
a Python loop.
The runs are views of the read buffer, not copies: a plain file is read straight into a fresh
buffer that starts with the unfinished line of the one before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

import numpy as np

#: the largest read; reads start at FIRST_READ bytes and double up to it, so that a small file
#: gets a small buffer
CHUNK_BYTES = 16 << 20
FIRST_READ = 1 << 20

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
    ) -> None:
        self._stream = stream
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
