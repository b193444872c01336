"""CREATE TABLE statements of a mysqldump: columns, their DuckDB types, the primary key."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from seized.ingest.base import Column, TableDef
from seized.ingest.mysql.column_types import duck_type
from seized.ingest.mysql.lexer import Tok, ident_name

#: Words that start a table element that is not a column.
_NOT_COLUMN = frozenset(
    {"PRIMARY", "KEY", "INDEX", "UNIQUE", "FULLTEXT", "SPATIAL", "CONSTRAINT", "FOREIGN"}
    | {"CHECK", "PERIOD", "VECTOR"}
)

#: Column attributes that belong to the type (they follow the type name and its arguments).
_TYPE_WORDS = frozenset({"UNSIGNED", "SIGNED", "ZEROFILL"})
#: Type names of more than one word: NATIONAL CHAR VARYING, LONG VARBINARY, DOUBLE PRECISION.
_MULTI_WORD_START = frozenset({"NATIONAL", "LONG", "DOUBLE", "CHAR", "CHARACTER", "NCHAR"})
_MULTI_WORD_REST = frozenset({"CHAR", "VARCHAR", "CHARACTER", "VARBINARY", "PRECISION", "VARYING"})


class SchemaError(ValueError):
    """A CREATE TABLE that cannot be read; ``start`` is the offset in the statement."""

    def __init__(self, message: str, start: int) -> None:
        super().__init__(message)
        self.start = start


def _groups(toks: Sequence[Tok], start: int) -> tuple[list[list[Tok]], int]:
    """Split the parenthesised list opening at ``toks[start]`` at its top-level commas.

    Returns the elements and the index after the closing parenthesis.
    """
    elements: list[list[Tok]] = [[]]
    depth = 0
    for index in range(start + 1, len(toks)):
        tok = toks[index]
        if tok.is_punct(b"("):
            depth += 1
        elif tok.is_punct(b")"):
            if depth == 0:
                return elements, index + 1
            depth -= 1
        elif depth == 0 and tok.is_punct(b","):
            elements.append([])
            continue
        elements[-1].append(tok)
    raise SchemaError("the column list is not closed with ')'", toks[start].start)


def parse_create_table(
    toks: Sequence[Tok],
    stmt: bytes,
    decode: Callable[[bytes, int], str],
    line: int,
    known: dict[str, TableDef],
) -> TableDef | None:
    """The table a CREATE TABLE statement defines (tokens from :func:`significant`).

    ``decode(raw, start)`` turns a name's bytes into text. Returns None for a CREATE TABLE ...
    LIKE of an unknown table's copy that cannot be resolved (never happens in a mysqldump).
    """
    index = 1
    while index < len(toks) and toks[index].upper() in ("OR", "REPLACE", "TEMPORARY"):
        index += 1
    if index >= len(toks) or toks[index].upper() != "TABLE":
        raise SchemaError("expected TABLE", toks[min(index, len(toks) - 1)].start)
    index += 1
    if [t.upper() for t in toks[index : index + 3]] == ["IF", "NOT", "EXISTS"]:
        index += 3
    name, index = _table_name(toks, index, decode)
    if index < len(toks) and toks[index].upper() == "LIKE":
        other, _ = _table_name(toks, index + 1, decode)
        if other not in known:
            raise SchemaError(f"CREATE TABLE ... LIKE an unknown table {other!r}", toks[0].start)
        base = known[other]
        return TableDef(name, base.columns, base.primary_key, line)
    if index >= len(toks) or not toks[index].is_punct(b"("):
        raise SchemaError(
            "expected '(' and the column definitions", toks[min(index, len(toks) - 1)].start
        )
    elements, _ = _groups(toks, index)
    columns: list[Column] = []
    primary: tuple[str, ...] = ()
    for element in elements:
        if not element:
            raise SchemaError("empty element in the column list", toks[index].start)
        first = element[0]
        if first.kind == "word" and first.upper() in _NOT_COLUMN:
            words = [t.upper() for t in element]
            if "PRIMARY" in words and "KEY" in words:
                primary = _key_columns(element, decode)
            continue
        column, is_key = _column(element, stmt, decode)
        columns.append(column)
        if is_key:
            primary = (column.name,)
    if not columns:
        raise SchemaError(f"table {name!r} has no columns", toks[0].start)
    return TableDef(name, tuple(columns), primary, line)


def _table_name(
    toks: Sequence[Tok], index: int, decode: Callable[[bytes, int], str]
) -> tuple[str, int]:
    if index >= len(toks):
        raise SchemaError("expected a table name", toks[-1].start)
    raw = ident_name(toks[index])
    if raw is None:
        raise SchemaError("expected a table name", toks[index].start)
    start = toks[index].start
    index += 1
    if index + 1 < len(toks) and toks[index].is_punct(b"."):
        qualified = ident_name(toks[index + 1])
        if qualified is None:
            raise SchemaError("expected a table name after '.'", toks[index + 1].start)
        raw, start = qualified, toks[index + 1].start
        index += 2
    return decode(raw, start), index


def _key_columns(element: Sequence[Tok], decode: Callable[[bytes, int], str]) -> tuple[str, ...]:
    for index, tok in enumerate(element):
        if tok.is_punct(b"("):
            parts, _ = _groups(element, index)
            names: list[str] = []
            for part in parts:
                raw = ident_name(part[0]) if part else None
                if raw is None:
                    raise SchemaError("expected a column name in the key", tok.start)
                names.append(decode(raw, part[0].start))
            return tuple(names)
    raise SchemaError("PRIMARY KEY without its columns", element[0].start)


def _column(
    element: Sequence[Tok], stmt: bytes, decode: Callable[[bytes, int], str]
) -> tuple[Column, bool]:
    first = element[0]
    raw_name = ident_name(first)
    if raw_name is None or len(element) < 2 or element[1].kind != "word":
        raise SchemaError("expected a column name and its type", first.start)
    name = decode(raw_name, first.start)
    type_name = element[1].upper()
    args: list[str] = []
    index = 2
    end = element[1].start + len(element[1].text)
    if type_name in _MULTI_WORD_START:
        while index < len(element) and element[index].upper() in _MULTI_WORD_REST:
            if element[index].upper() == "VARBINARY":
                type_name = "VARBINARY"
            end = element[index].start + len(element[index].text)
            index += 1
    if index < len(element) and element[index].is_punct(b"("):
        parts, after = _groups(element, index)
        args = [b"".join(t.text for t in part).decode("latin-1") for part in parts]
        last = element[after - 1]
        end = last.start + len(last.text)
        index = after
    unsigned = type_name == "SERIAL"
    while index < len(element) and element[index].upper() in _TYPE_WORDS:
        word = element[index].upper()
        unsigned = unsigned or word in ("UNSIGNED", "ZEROFILL")
        end = element[index].start + len(element[index].text)
        index += 1
    words = [t.upper() for t in element[index:]]
    is_key = "PRIMARY" in words or ("KEY" in words and "UNIQUE" not in words)
    source = stmt[element[1].start : end].decode("utf-8", "replace")
    return Column(name, duck_type(type_name, args, unsigned), source), is_key


def altered_primary_key(
    toks: Sequence[Tok], decode: Callable[[bytes, int], str]
) -> tuple[str, tuple[str, ...]] | None:
    """``ALTER TABLE t ADD PRIMARY KEY (a, b)`` (phpMyAdmin writes keys after the data): the
    table and its key columns; None for any other ALTER."""
    index = 1
    while index < len(toks) and toks[index].upper() in ("ONLINE", "IGNORE"):
        index += 1
    if index >= len(toks) or toks[index].upper() != "TABLE":
        return None
    name, index = _table_name(toks, index + 1, decode)
    for element in _top_level(toks[index:]):
        words = [t.upper() for t in element[:4]]
        if words[:1] == ["ADD"] and "PRIMARY" in words:
            return name, _key_columns(element, decode)
    return None


def _top_level(toks: Sequence[Tok]) -> list[list[Tok]]:
    """Split at commas outside parentheses."""
    elements: list[list[Tok]] = [[]]
    depth = 0
    for tok in toks:
        if tok.is_punct(b"("):
            depth += 1
        elif tok.is_punct(b")"):
            depth -= 1
        elif depth == 0 and tok.is_punct(b","):
            elements.append([])
            continue
        elements[-1].append(tok)
    return elements
