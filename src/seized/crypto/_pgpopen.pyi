"""Types of the compiled module built from _pgpopen.c (see seized.crypto.fast)."""

from collections.abc import Sequence

from typing_extensions import Buffer

class Opener:
    """RSA and ECDH secret keys, ready to open messages addressed to them."""

    def __init__(
        self,
        keys: Sequence[tuple[bytes, bytes, int, bytes, int, int, Sequence[bytes]]],
        max_plain: int = ...,
        /,
    ) -> None:
        """keys: (key id (8 bytes), fingerprint (20 bytes), algorithm (1 RSA, 18 ECDH), curve
        OID (ECDH), KDF hash id, KDF cipher id (ECDH), secret parts) for each key; the parts
        are those of :class:`seized.crypto.fast.FastKey`. A plaintext longer than max_plain
        bytes (default 16 MiB) is not returned."""

    def open(self, message: Buffer, /) -> tuple[int, bytes | None] | None:
        """(index of the key that opened it, plaintext, or None when it is longer than
        max_plain), or None: the message is left to pysequoia."""

    def open_armored_many(
        self, values: Sequence[object], /
    ) -> list[tuple[int, int, tuple[str, ...], int, bytes | None] | None]:
        """For each value holding exactly one tidy armored message: (start, end, recipient key
        ids, index of the key that opened it, plaintext or None when it is longer than
        max_plain); (start, end, recipient key ids, -1, None) when it is addressed to none of
        the keys and its armor checksum, if any, matches; else None (also for a value that is
        not a str). All in one call without the GIL."""

class Drain:
    """Reads the read end of a pipe on a thread of its own, without the GIL, keeping at most
    ``limit`` bytes; past that it closes the pipe, so the writer's next write fails."""

    def __init__(self, fd: int, limit: int) -> None:
        """Starts reading ``fd``, which then belongs to the drain (it closes it)."""

    def finish(self) -> bytes | None:
        """The bytes read, once the writer closed its end, or None when there were more than
        ``limit``."""

def x25519_public(secret: Buffer, /) -> bytes:
    """The public point of a 32-byte X25519 secret."""

def crc24(data: Buffer, /) -> int:
    """The OpenPGP armor checksum (CRC-24) of data."""
