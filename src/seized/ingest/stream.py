"""Open evidence files as byte streams, decompressing gzip and zstd transparently."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

import zstandard

from seized.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


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
        if kind == "gzip":
            with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
                yield cast(IO[bytes], _Guarded(stream, path, "gzip"))
        elif kind == "zstd":
            reader = io.BufferedReader(_ZstdRaw(raw, path), buffer_size=1 << 20)
            yield cast(IO[bytes], _Guarded(reader, path, "zstd"))
        else:
            yield raw
    finally:
        raw.close()


class _Guarded:
    """Turns decompression failures into InputError with the decompressed offset."""

    def __init__(self, inner: object, path: Path, kind: str) -> None:
        self._inner = inner
        self._path = path
        self._kind = kind
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        try:
            data: bytes = self._inner.read(size)  # type: ignore[attr-defined]
        except (OSError, EOFError, zstandard.ZstdError) as exc:
            raise InputError(
                f"corrupt or truncated {self._kind} data: {exc}",
                self._path,
                offset=self._pos,
                hint="check the file against its recorded SHA-256; re-export it if possible",
            ) from exc
        self._pos += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        try:
            data: bytes = self._inner.readline(size)  # type: ignore[attr-defined]
        except (OSError, EOFError, zstandard.ZstdError) as exc:
            raise InputError(
                f"corrupt or truncated {self._kind} data: {exc}", self._path, offset=self._pos
            ) from exc
        self._pos += len(data)
        return data

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


class _ZstdRaw(io.RawIOBase):
    """zstd frames, one after another, with an error when the last frame is cut short."""

    def __init__(self, raw: IO[bytes], path: Path) -> None:
        self._raw = raw
        self._path = path
        self._dctx = zstandard.ZstdDecompressor()
        self._dobj = self._dctx.decompressobj()
        self._pending = b""
        self._in_frame = False
        self._consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._raw.read(1 << 20)
            if not chunk:
                if self._in_frame:
                    raise InputError(
                        "truncated zstd data: the last frame ends early",
                        self._path,
                        offset=self._consumed,
                        hint="check the file against its recorded SHA-256; re-export it",
                    )
                return 0
            self._feed(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _feed(self, chunk: bytes) -> None:
        out = []
        while chunk:
            self._in_frame = True
            self._consumed += len(chunk)
            try:
                out.append(self._dobj.decompress(chunk))
            except zstandard.ZstdError as exc:
                raise InputError(
                    f"corrupt zstd data: {exc}", self._path, offset=self._consumed
                ) from exc
            if self._dobj.eof:
                self._in_frame = False
                chunk = self._dobj.unused_data
                self._consumed -= len(chunk)
                self._dobj = self._dctx.decompressobj()
            else:
                chunk = b""
        self._pending = b"".join(out)
