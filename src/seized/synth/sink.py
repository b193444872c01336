"""Where generated rows go: one writer per dump format, all with the same small interface."""

from __future__ import annotations

from typing import Protocol

from seized.synth.schema import Row


class DumpWriter(Protocol):
    """Receives rows table by table in any interleaving and writes one dump file on close."""

    def write(self, table: str, row: Row) -> None: ...

    def close(self) -> None: ...
