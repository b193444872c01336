"""Types of the compiled module built from _rowdigest.c (see seized.integrity)."""

from collections.abc import Sequence

from typing_extensions import Buffer

#: (kind, width, key, validity, offset, values, data): one column of a batch, see update_columns
Column = tuple[int, int, Buffer, Buffer | None, int, Buffer, Buffer | None]

class Digest:
    """SHA-256 of each row's JSON text, in 256 buckets by the hash's first byte."""

    @property
    def rows(self) -> int:
        """Rows hashed so far."""

    def update_columns(self, columns: Sequence[Column], count: int, /) -> None:
        """Hash ``count`` rows whose JSON texts are written from Arrow columns.

        kind: 0 a string array of JSON texts (copied), 1 strings (quoted and escaped), 2
        booleans, 3 signed and 4 unsigned integers; width: bytes per integer or per string
        offset; key: the text before the value (``{"name":`` first, ``,"name":`` after);
        validity: the Arrow validity bitmap or None (null is written for an unset bit); offset:
        the array's offset; values: the integers, booleans or string offsets; data: the string
        bytes, or None."""

    def finish(self) -> list[tuple[str, int, str]]:
        """(bucket, rows, SHA-256 in hex of its sorted hashes as hex) per non-empty bucket."""
