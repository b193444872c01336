"""Types of the compiled module built from _rowdigest.c (see seized.integrity)."""

from typing_extensions import Buffer

class Digest:
    """SHA-256 of each row's JSON text, in 256 buckets by the hash's first byte."""

    @property
    def rows(self) -> int:
        """Rows hashed so far."""

    def update(self, offsets: Buffer, data: Buffer, start: int, count: int, wide: bool, /) -> None:
        """Hash rows ``start`` to ``start + count - 1`` of an Arrow string array: ``offsets``
        holds its int32 offsets (int64 when ``wide``) into ``data``."""

    def finish(self) -> list[tuple[str, int, str]]:
        """(bucket, rows, SHA-256 in hex of its sorted hashes as hex) per non-empty bucket."""
