"""The statements of a pg_dump that describe tables: CREATE TABLE / TYPE / DOMAIN, the primary
keys added by ALTER TABLE, and the headers of COPY blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from seized.ingest.postgres.lexer import (
    LexError,
    Token,
    matching,
    qualified_name,
    split_top,
    tokens,
)

#: words that end a column's type and start its constraints
_COLUMN_CONSTRAINTS = {
    "NOT",
    "NULL",
    "DEFAULT",
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "CHECK",
    "REFERENCES",
    "COLLATE",
    "GENERATED",
    "COMPRESSION",
    "STORAGE",
}
_TABLE_CONSTRAINTS = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"}
_TABLE_PREFIX = {"CREATE", "UNLOGGED", "TEMP", "TEMPORARY", "GLOBAL", "LOCAL"}


class DdlError(ValueError):
    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(message)
        self.position = position


@dataclass
class CreateTable:
    name: list[str]
    columns: list[tuple[str, str]] = field(default_factory=list)  # (name, declared type)
    primary_key: tuple[str, ...] = ()
    inherits: list[list[str]] = field(default_factory=list)
    partition_of: list[str] | None = None


def _lex(text: str) -> list[Token]:
    try:
        return tokens(text)
    except LexError as exc:
        raise DdlError(str(exc), exc.position) from None


def _ident_list(toks: list[Token], open_index: int) -> tuple[list[str], int]:
    close = matching(toks, open_index)
    if close < 0:
        raise DdlError("unbalanced parentheses", toks[open_index].start)
    names = [toks[a].ident for a, b in split_top(toks, open_index + 1, close) if b > a]
    return names, close + 1


def parse_create_table(text: str) -> CreateTable:
    toks = _lex(text)
    i = 0
    while i < len(toks) and toks[i].upper in _TABLE_PREFIX:
        i += 1
    if i >= len(toks) or toks[i].upper != "TABLE":
        raise DdlError("not a CREATE TABLE statement")
    i += 1
    if [t.upper for t in toks[i : i + 3]] == ["IF", "NOT", "EXISTS"]:
        i += 3
    name, i = qualified_name(toks, i)
    if not name:
        raise DdlError("CREATE TABLE without a table name", toks[min(i, len(toks) - 1)].start)
    table = CreateTable(name)
    if (
        i < len(toks)
        and toks[i].upper == "PARTITION"
        and toks[i + 1 : i + 2]
        and (toks[i + 1].upper == "OF")
    ):
        table.partition_of, i = qualified_name(toks, i + 2)
    if i < len(toks) and toks[i].upper == "OF":
        raise DdlError("typed tables (CREATE TABLE ... OF type) are not supported", toks[i].start)
    if i < len(toks) and toks[i].text == "(":
        close = matching(toks, i)
        if close < 0:
            raise DdlError("unbalanced parentheses in CREATE TABLE", toks[i].start)
        for a, b in split_top(toks, i + 1, close):
            if b > a:
                _element(text, toks, a, b, table)
        i = close + 1
    if i < len(toks) and toks[i].upper == "INHERITS" and toks[i + 1 : i + 2]:
        close = matching(toks, i + 1)
        for a, b in split_top(toks, i + 2, close if close > 0 else len(toks)):
            parent, _ = qualified_name(toks, a)
            if parent and b > a:
                table.inherits.append(parent)
    if not table.columns and table.partition_of is None and not table.inherits:
        raise DdlError("CREATE TABLE without columns")
    return table


def _element(text: str, toks: list[Token], a: int, b: int, table: CreateTable) -> None:
    first = toks[a]
    if first.upper in _TABLE_CONSTRAINTS and first.kind == "word":
        uppers = [t.upper for t in toks[a:b]]
        if "PRIMARY" in uppers:
            k = a + uppers.index("PRIMARY")
            if k + 2 < b and toks[k + 1].upper == "KEY" and toks[k + 2].text == "(":
                table.primary_key = tuple(_ident_list(toks, k + 2)[0])
        return
    if first.kind not in ("word", "qident") or a + 1 >= b:
        raise DdlError("cannot read this column definition", first.start)
    end = b
    for k in range(a + 1, b):
        if toks[k].upper in _COLUMN_CONSTRAINTS:
            end = k
            break
    if end == a + 1:
        raise DdlError(f"column {first.ident!r} has no type", first.start)
    declared = text[toks[a + 1].start : toks[end - 1].end]
    table.columns.append((first.ident, " ".join(declared.split())))
    uppers = [t.upper for t in toks[end:b]]
    if "PRIMARY" in uppers:
        table.primary_key = (first.ident,)


def parse_primary_key(text: str) -> tuple[list[str], tuple[str, ...]] | None:
    """``ALTER TABLE [ONLY] t ADD CONSTRAINT c PRIMARY KEY (cols)``: the table and the key."""
    toks = _lex(text)
    uppers = [t.upper for t in toks]
    if uppers[:2] != ["ALTER", "TABLE"] or "PRIMARY" not in uppers:
        return None
    i = 2
    while i < len(toks) and toks[i].upper in ("ONLY", "IF", "EXISTS"):
        i += 1
    name, i = qualified_name(toks, i)
    k = uppers.index("PRIMARY")
    if not name or "ADD" not in uppers[i:k] or k + 2 >= len(toks):
        return None
    if toks[k + 1].upper != "KEY" or toks[k + 2].text != "(":
        return None
    return name, tuple(_ident_list(toks, k + 2)[0])


def parse_enum_or_domain(text: str) -> tuple[str, list[str], str] | None:
    """``CREATE TYPE t AS ENUM`` -> ("enum", name, ""); ``CREATE DOMAIN d AS type`` -> ("domain",
    name, base type); None for other types."""
    toks = _lex(text)
    uppers = [t.upper for t in toks]
    if uppers[:2] == ["CREATE", "TYPE"]:
        name, i = qualified_name(toks, 2)
        if uppers[i : i + 2] == ["AS", "ENUM"]:
            return "enum", name, ""
        return None
    if uppers[:2] == ["CREATE", "DOMAIN"]:
        name, i = qualified_name(toks, 2)
        if i < len(toks) and uppers[i] == "AS":
            i += 1
        end = i
        while (
            end < len(toks) and toks[end].upper not in _COLUMN_CONSTRAINTS and toks[end].text != ";"
        ):
            end += 1
        if end > i:
            return "domain", name, " ".join(text[toks[i].start : toks[end - 1].end].split())
    return None


def parse_copy(text: str) -> tuple[list[str], list[str] | None]:
    """``COPY t [(cols)] FROM stdin;``: the table and the listed columns."""
    toks = _lex(text)
    name, i = qualified_name(toks, 1)
    if not name:
        raise DdlError("COPY without a table name")
    columns: list[str] | None = None
    if i < len(toks) and toks[i].text == "(":
        columns, i = _ident_list(toks, i)
    rest = [t.upper or t.text for t in toks[i:] if t.text != ";"]
    if rest[:2] != ["FROM", "STDIN"]:
        raise DdlError("only COPY ... FROM stdin can be read from a dump")
    options = " ".join(rest[2:])
    if "CSV" in options or "BINARY" in options or "DELIMITER" in options:
        raise DdlError(f"COPY options {options!r} are not supported (pg_dump writes text format)")
    return name, columns
