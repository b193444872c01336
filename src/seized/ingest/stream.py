"""Open evidence files as byte streams, decompressing gzip and zstd transparently.

Decompression is fed a small piece of compressed input at a time, so that one read never holds
more than a few tens of megabytes however well the data compresses (a file of a few megabytes
may stand for terabytes of spaces). A damaged or truncated file is an
:class:`~seized.errors.InputError` naming the compressed byte where the data goes wrong (for
gzip the exact byte; zstd finds damage only at the end of a block) and, as its offset, the
decompressed byte up to which the dump's text is good. The text before that point is handed
on first: the error comes with the first read past it, so that reading the start of a file (to
find its format) never needs the whole file to be sound.

:class:`Transcoded` reads a stream of text in another encoding as UTF-8 (for dumps written as
UTF-16 or UTF-32), and :class:`Prefixed` puts bytes already read back in front of a stream.
"""

from __future__ import annotations

import codecs
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol, cast

import zstandard

from seized.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

#: compressed bytes read from the file at a time
READ_BYTES = 1 << 16
#: compressed bytes given to the decompressor at a time: deflate expands a byte at most about
#: 1,032 times and zstd about 43,000 times, so one step yields at most about 68 and 45 MB
GZIP_PIECE = 1 << 16
ZSTD_PIECE = 1 << 10
#: source bytes read at a time by the text converter
_READ = 1 << 20
_CORRUPT_HINT = "check the file against its recorded SHA-256; re-export it if possible"
#: zlib's words for a member whose text does not match its CRC-32 or length
_CHECKSUM = ("incorrect data check", "incorrect length check")


def compression_of(path: Path) -> str | None:
    """'gzip', 'zstd' or None, from the file's first bytes (not its name)."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return None


@contextmanager
def open_stream(path: Path) -> Iterator[IO[bytes]]:
    """Yield a binary stream of the file's content, decompressed if needed."""
    try:
        kind = compression_of(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from exc
    raw = path.open("rb")
    try:
        if kind is None:
            yield raw
        else:
            inner: _Decompressing = _Gzip(raw, path) if kind == "gzip" else _Zstd(raw, path)
            reader = io.BufferedReader(inner, buffer_size=1 << 20)
            yield cast(IO[bytes], _Guarded(reader, path, inner))
    finally:
        raw.close()


def read_head(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes from the start of ``stream``: fewer when the file ends, or when its
    data is damaged before ``size`` bytes (the damage is then left for whoever reads on)."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        try:
            data = stream.read(min(left, 1 << 12))
        except InputError:
            break
        if not data:
            break
        parts.append(data)
        left -= len(data)
    return b"".join(parts)


class _Guarded:
    """Turns a failure to read the compressed file into InputError."""

    def __init__(
        self, inner: io.BufferedReader[_Decompressing], path: Path, source: _Decompressing
    ) -> None:
        self._inner = inner
        self._path = path
        self._source = source

    def read(self, size: int = -1) -> bytes:
        try:
            return self._inner.read(size)
        except OSError as exc:
            raise self._failed(exc) from exc

    def readline(self, size: int = -1) -> bytes:
        try:
            return self._inner.readline(size)
        except OSError as exc:
            raise self._failed(exc) from exc

    def _failed(self, exc: OSError) -> InputError:
        return InputError(
            f"cannot read the compressed file: {exc.strerror or exc}",
            self._path,
            offset=self._source.produced,
        )

    def __iter__(self) -> Iterator[bytes]:
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        pass


class _Decompressing(io.RawIOBase):
    """The decompressed bytes of a file of members (gzip) or frames (zstd), one after another.

    ``consumed`` counts the compressed bytes the decompressor has taken, ``produced`` the
    decompressed bytes it has given.
    """

    kind = ""
    piece = GZIP_PIECE

    def __init__(self, raw: IO[bytes], path: Path) -> None:
        self._raw = raw
        self._path = path
        self._input = b""
        self._at = 0  # position in _input
        self._pending = bytearray()
        self._error: InputError | None = None
        self._ended = False
        self._open = False  # inside a member or frame
        self.consumed = 0
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        want = len(buffer)
        while len(self._pending) < want and self._error is None and not self._ended:
            try:
                self._step()
            except InputError as exc:
                self._error = exc
        if not self._pending:
            if self._error is not None:
                raise self._error
            return 0
        size = min(want, len(self._pending))
        buffer[:size] = self._pending[:size]
        del self._pending[:size]
        return size

    def _step(self) -> None:
        if self._at >= len(self._input):
            self._input = self._raw.read(READ_BYTES)
            self._at = 0
            if not self._input:
                self._ended = True
                if self._open:
                    raise InputError(
                        f"the {self.kind} data ends early, at compressed byte {self.consumed} "
                        f"(the end of the file): the file is truncated; the dump's text is "
                        f"complete up to byte {self.produced}",
                        self._path,
                        offset=self.produced,
                        hint=_CORRUPT_HINT,
                    )
                return
        piece = self._input[self._at : self._at + self.piece]
        self._at += len(piece)
        self._feed(piece)

    def _emit(self, data: bytes) -> None:
        self._pending += data
        self.produced += len(data)

    def _feed(self, data: bytes) -> None:
        raise NotImplementedError

    def _corrupt(self, reason: str, at: int, near: bool = False) -> InputError:
        where = f"near compressed byte {at}" if near else f"at compressed byte {at}"
        return InputError(
            f"the {self.kind} data is damaged {where} ({reason}); the dump's text is good up "
            f"to byte {self.produced}",
            self._path,
            offset=self.produced,
            hint=_CORRUPT_HINT,
        )


class _Gzip(_Decompressing):
    """gzip members (zlib checks each one's CRC and length), maybe padded with zero bytes."""

    kind = "gzip"
    piece = GZIP_PIECE

    def __init__(self, raw: IO[bytes], path: Path) -> None:
        super().__init__(raw, path)
        self._member: zlib._Decompress | None = None
        self._member_at = (0, 0)  # where the member starts: compressed and decompressed byte

    def _feed(self, data: bytes) -> None:
        while data:
            member = self._member
            if member is None:
                rest = data.lstrip(b"\x00")
                self.consumed += len(data) - len(rest)
                data = rest
                if not data:
                    return
                member = self._member = zlib.decompressobj(31)
                self._member_at = (self.consumed, self.produced)
                self._open = True
            before = member.copy()
            try:
                out = member.decompress(data)
            except zlib.error as exc:
                raise self._locate(before, data, str(exc)) from None
            self._emit(out)
            if member.eof:
                rest = member.unused_data
                self.consumed += len(data) - len(rest)
                self._member = None
                self._open = False
                data = rest
            else:
                self.consumed += len(data)
                data = b""

    def _locate(self, member: zlib._Decompress, data: bytes, reason: str) -> InputError:
        """The exact byte of ``data`` where ``member`` (the state before it) fails."""
        for index in range(len(data)):
            try:
                self._emit(member.decompress(data[index : index + 1]))
            except zlib.error as exc:
                if any(words in str(exc) for words in _CHECKSUM):
                    return self._checksum(self.consumed + index)
                return self._corrupt(str(exc), self.consumed + index)
        return self._corrupt(reason, self.consumed + len(data), near=True)

    def _checksum(self, at: int) -> InputError:
        """The member's text does not match its checksum: the damage is somewhere in it."""
        packed, text = self._member_at
        return InputError(
            f"the gzip member that starts at compressed byte {packed} does not match its "
            f"checksum (at compressed byte {at}): its text, from byte {text} on, is damaged "
            "somewhere",
            self._path,
            offset=text,
            hint=_CORRUPT_HINT,
        )


class _Zstd(_Decompressing):
    """zstd frames, one after another."""

    kind = "zstd"
    piece = ZSTD_PIECE

    def __init__(self, raw: IO[bytes], path: Path) -> None:
        super().__init__(raw, path)
        self._dctx = zstandard.ZstdDecompressor()
        self._frame: zstandard.ZstdDecompressionObj | None = None

    def _feed(self, data: bytes) -> None:
        while data:
            frame = self._frame
            if frame is None:
                frame = self._frame = self._dctx.decompressobj()
                self._open = True
            try:
                out = frame.decompress(data)
            except zstandard.ZstdError as exc:
                raise self._corrupt(str(exc), self.consumed + len(data), near=True) from None
            self._emit(out)
            if frame.eof:
                rest = frame.unused_data
                self.consumed += len(data) - len(rest)
                self._frame = None
                self._open = False
                data = rest
            else:
                self.consumed += len(data)
                data = b""


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class Prefixed:
    """A stream with bytes already read from it put back in front."""

    def __init__(self, head: bytes, stream: _Readable) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._stream.read(size)
        head, self._head = self._head, b""
        if size < 0:
            return head + self._stream.read()
        if len(head) >= size:
            self._head = head[size:]
            return head[:size]
        return head + self._stream.read(size - len(head))


class Transcoded:
    """The text of a stream in ``encoding``, read as UTF-8 bytes; ``consumed`` counts the
    source bytes converted. Dumps in an encoding whose line breaks and SQL characters are not
    their ASCII bytes (UTF-16, UTF-32) are read through it."""

    def __init__(self, stream: _Readable, encoding: str, path: Path) -> None:
        self._stream = stream
        self._encoding = encoding
        self._path = path
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self._pending = b""
        self._done = False
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        parts = [self._pending]
        have = len(self._pending)
        while not self._done and (size < 0 or have < size):
            raw = self._stream.read(_READ)
            kept = len(self._decoder.getstate()[0])  # bytes of a character not yet complete
            try:
                text = self._decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"the dump is not valid {self._encoding} text ({exc.reason})",
                    self._path,
                    offset=self.consumed - kept + exc.start,
                    hint="register the file with its encoding: seized add ... --encoding E",
                ) from None
            self.consumed += len(raw)
            parts.append(text.encode("utf-8"))
            have += len(parts[-1])
            self._done = not raw
        data = b"".join(parts)
        if 0 <= size < len(data):
            data, self._pending = data[:size], data[size:]
        else:
            self._pending = b""
        return data
