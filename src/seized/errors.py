"""The project's declared errors.

Every error a user can cause derives from :class:`SeizedError`. The CLI prints its message
(no traceback) and exits non-zero. :class:`InputError` names the file and the position in it.
"""

from __future__ import annotations

from pathlib import Path


class SeizedError(Exception):
    """Root of every error seized raises on purpose."""

    exit_code = 1


class UserError(SeizedError):
    """Wrong usage: a missing case, an unknown market, a bad option."""

    exit_code = 2


class InputError(SeizedError):
    """Bad input in a file: names the file and the line or byte offset."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        *,
        line: int | None = None,
        offset: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.reason = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.offset = offset
        self.column = column
        self.hint = hint
        super().__init__(self._format())

    def position(self) -> str:
        """The position as text: ``file:line`` or ``file@byte``."""
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.offset is not None:
            where += f" (byte {self.offset})"
        return where

    def _format(self) -> str:
        text = f"{self.position()}: {self.reason}"
        if self.column:
            text += f" [column {self.column}]"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class MappingError(InputError):
    """A mapping file that cannot be applied: names the mapping line and the raw column."""


class IntegrityError(SeizedError):
    """Evidence, custody log or canonical tables changed outside seized."""

    exit_code = 4


class OutputError(SeizedError):
    """An output cannot be written: the path exists, the disk is full, no permission."""

    exit_code = 5


#: Exit codes of the command line: 0 done, 1 another declared error, 2 wrong usage, 3 bad
#: input, 4 integrity (verification failed), 5 an output could not be written, 6 a case
#: found intact but without a trusted signature on every custody entry, 130
#: interrupted (Ctrl-C). A reader that closes the pipe early (``| head``) ends it quietly.
EXIT_CODES = {0: "done", 1: "error", 2: "usage", 3: "bad input", 4: "integrity", 5: "output",
              6: "not authenticated", 130: "interrupted"}  # fmt: skip


class NotAuthenticated(SeizedError):
    """A case found consistent, but with nothing that proves who wrote its custody log."""

    exit_code = 6
