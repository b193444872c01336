"""pysequoia with a bound on the plaintext: a compression bomb ends early, not in the memory.

``pysequoia.decrypt`` returns the plaintext as one bytes object, however large: a few MB of
compressed data can hold gigabytes, and nested compressed packets far more, so neither the size
of the message nor a look at its packets (the compressed packet is inside the encryption) says
what opening it costs. ``pysequoia.decrypt_file`` streams instead: here it reads the message
from an in-memory file and writes the plaintext into a pipe that
:class:`seized.crypto._pgpopen.Drain` reads on a thread of its own, without the GIL (pysequoia
holds it throughout). Past the bound the drain closes the pipe; pysequoia's next write fails,
and it stops. Sequoia keeps at most its own read-ahead buffer (25 MiB) of plaintext in memory
while it checks the message, so memory and time stay bounded whatever the message holds.

Python ignores SIGPIPE (it sets that up at start), so the failed write is an error, not the
end of the process.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pysequoia

from seized.crypto import _pgpopen

#: The largest plaintext of one message that is kept (16 MiB): a longer one is recorded as
#: corrupt with :func:`too_large` as its reason, and nothing more of it is decompressed.
MAX_PLAINTEXT = 16 << 20


class TooLarge(Exception):
    """The message opened, but its plaintext is longer than the bound."""


def too_large(limit: int) -> str:
    """The error recorded for a message whose plaintext is over ``limit`` bytes."""
    return (
        f"the plaintext is longer than {_size(limit)} (the bound per message): not kept, "
        "nothing more decompressed"
    )


def _size(limit: int) -> str:
    if limit >= 1 << 20 and limit % (1 << 20) == 0:
        return f"{limit >> 20} MiB"
    return f"{limit} bytes"


@contextlib.contextmanager
def _as_file(data: bytes) -> Iterator[str]:
    """A path naming a file that holds ``data``: an anonymous in-memory file where the system
    has them, else a temporary file."""
    memfd = getattr(os, "memfd_create", None)
    if memfd is not None and os.path.isdir("/proc/self/fd"):
        fd = memfd("seized-message", getattr(os, "MFD_CLOEXEC", 0))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            yield f"/proc/self/fd/{fd}"
        finally:
            os.close(fd)
        return
    with tempfile.NamedTemporaryFile(prefix="seized-message-") as file:
        file.write(data)
        file.flush()
        yield file.name


def _pipe_path(fd: int) -> str:
    return f"/proc/self/fd/{fd}" if os.path.isdir("/proc/self/fd") else f"/dev/fd/{fd}"


def decrypt(message: bytes, decryptor: Any, limit: int = MAX_PLAINTEXT) -> bytes:
    """pysequoia's plaintext of a binary (or armored) message, as ``pysequoia.decrypt`` gives
    it, or :class:`TooLarge` when it is longer than ``limit`` bytes; otherwise raises what
    pysequoia raises."""
    with _as_file(message) as source:
        read, write = os.pipe()
        try:
            drain = _pgpopen.Drain(read, limit)
        except BaseException:
            os.close(read)
            os.close(write)
            raise
        try:
            pysequoia.decrypt_file(source, _pipe_path(write), decryptor=decryptor)
        except BaseException:
            os.close(write)
            if drain.finish() is None:  # the failed write was the drain's doing
                raise TooLarge(too_large(limit)) from None
            raise
        os.close(write)
        plain = drain.finish()
    if plain is None:
        raise TooLarge(too_large(limit))
    return plain
