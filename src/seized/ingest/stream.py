"""Open evidence files as byte streams, decompressing gzip and zstd transparently."""

from __future__ import annotations

import gzip
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
            reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
            with reader:
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
