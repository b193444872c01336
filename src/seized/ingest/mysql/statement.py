"""One statement of a dump: its kind, and the checks that keep a broken one from hiding rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from seized.ingest.mysql.lexer import significant

if TYPE_CHECKING:
    from seized.ingest.base import TableDef
    from seized.ingest.mysql.insert_exact import Insert


@dataclass(frozen=True)
class Statement:
    text: bytes  # without its delimiter
    offset: int  # absolute byte offset in the (decompressed) dump
    line: int


class BadStatement(ValueError):
    """A statement that cannot be read; ``start`` is the offset of the trouble in it."""

    def __init__(
        self, message: str, start: int, hint: str | None = None, table: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.hint = hint
        self.table = table
        self.partial: tuple[TableDef, Insert] | None = None  # rows read before the trouble

    def add_runs_on(self, line: int) -> None:
        self.message += (
            f"; the statement runs on into line {line}, which starts another statement "
            "(an unterminated string or a missing ';')"
        )
        self.args = (self.message,)

    def __str__(self) -> str:
        return self.message


#: Statements that hold no rows and change none: skipped.
_SKIP = frozenset(
    {"SET", "USE", "LOCK", "UNLOCK", "DROP", "FLUSH", "START", "BEGIN", "COMMIT"}
    | {"ROLLBACK", "SAVEPOINT", "RELEASE", "SELECT", "DO", "CHANGE", "STOP", "RESET"}
    | {"ANALYZE", "OPTIMIZE", "CHECK", "REPAIR", "GRANT", "REVOKE", "PURGE"}
)
#: After CREATE: objects that hold no rows.
_CREATE_SKIP = frozenset(
    {"DATABASE", "SCHEMA", "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "ALGORITHM"}
    | {"DEFINER", "SQL", "INDEX", "UNIQUE", "FULLTEXT", "SPATIAL", "USER", "ROLE", "SEQUENCE"}
    | {"SERVER", "TABLESPACE", "LOGFILE", "AGGREGATE", "PACKAGE"}
)
_CHANGES_ROWS = frozenset({"UPDATE", "DELETE", "RENAME", "LOAD", "CALL", "HANDLER", "IMPORT"})
#: The words a statement of a dump starts with: anything else is no statement (:func:`kind_of`
#: calls it unknown).
STARTS = _SKIP | _CHANGES_ROWS | {"ALTER", "INSERT", "REPLACE", "USE", "TRUNCATE", "CREATE"}

#: A line inside a ';'-delimited statement that starts another statement.
_RUNS_ON = re.compile(
    rb"\n[ \t]*(?i:INSERT[ \t]+INTO|REPLACE[ \t]+INTO|CREATE[ \t]+TABLE|DROP[ \t]+TABLE"
    rb"|LOCK[ \t]+TABLES|UNLOCK[ \t]+TABLES)\b"
)


def first_words(text: bytes, count: int) -> list[str]:
    """The first ``count`` significant tokens, upper-cased words (other tokens as '')."""
    words: list[str] = []
    for tok in significant(text):
        words.append(tok.upper())
        if len(words) == count:
            break
    return words


def kind_of(words: list[str]) -> str:
    """What to do with a statement that starts with ``words``.

    One of: insert, table, alter, use, truncate, skip, unsupported, unknown.
    """
    if not words:
        return "skip"
    first = words[0]
    if first == "ALTER":
        return "alter"
    if first in ("INSERT", "REPLACE"):
        return "insert"
    if first == "USE":
        return "use"
    if first == "TRUNCATE":
        return "truncate"
    if first in _SKIP:
        return "skip"
    if first in _CHANGES_ROWS:
        return "unsupported"
    if first == "CREATE":
        rest = [w for w in words[1:] if w not in ("OR", "REPLACE", "TEMPORARY")]
        if not rest:
            return "table" if "TEMPORARY" in words else "unknown"
        if rest[0] == "TABLE":
            return "table"
        if rest[0] in _CREATE_SKIP:
            return "skip"
    return "unknown"


def check_runs_on(statement: Statement) -> None:
    """A statement other than INSERT must not contain a line that starts another statement:
    that is a missing ';' and would hide the other statement's rows."""
    if first_words(statement.text, 1) in (["INSERT"], ["REPLACE"]):
        return
    match = _RUNS_ON.search(statement.text)
    if match is not None:
        raise BadStatement(
            "the statement does not end with ';' before the next statement starts",
            match.start() + 1,
            hint="the dump is damaged here; use keep-going to set the statement aside",
        )
