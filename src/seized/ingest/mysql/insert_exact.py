"""The exact reading of one INSERT statement, token by token (the slow path).

It is the reference the fast paths must agree with, and the path that names the exact position
of anything wrong: a row with the wrong number of values, a string that is not valid text in the
dump's encoding, a syntax error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from seized.ingest.base import TableDef
from seized.ingest.mysql.column_types import is_bits, is_blob, is_number
from seized.ingest.mysql.lexer import (
    Tok,
    bit_value,
    hex_value,
    ident_name,
    significant,
    string_value,
)

Value = str | bytes | None

_MODIFIERS = frozenset({"LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE"})


class StatementError(ValueError):
    """The statement cannot be read; ``start`` is the offset in the statement.

    When rows were read before the trouble, ``partial`` holds them and ``rest`` is the offset
    where the rows that could not be read start.
    """

    def __init__(self, message: str, start: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.start = start
        self.hint = hint
        self.partial: Insert | None = None
        self.rest = start


@dataclass
class RowError:
    """One row that cannot be stored; the statement's other rows are fine."""

    message: str
    start: int  # offset of the row in the statement
    end: int
    hint: str | None = None
    at: int | None = None  # offset of the bad byte, when one byte is to blame
    encoding: bool = False  # the bytes are not text in the dump's encoding


@dataclass
class Insert:
    """The rows of one INSERT statement, in table column order."""

    table: TableDef
    rows: list[list[Value]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # offset of each row's '(' in the statement
    errors: list[RowError] = field(default_factory=list)
    rest: int = 0  # where the rows not read yet start


@dataclass
class InsertHeader:
    table: str
    columns: list[str] | None
    index: int  # index of the first token after VALUES


def read_header(toks: list[Tok], decode: Callable[[bytes, int], str]) -> InsertHeader:
    """``INSERT [IGNORE] INTO name [(a, b)] VALUES`` (or REPLACE)."""
    index = 1
    while index < len(toks) and toks[index].upper() in _MODIFIERS:
        index += 1
    if index < len(toks) and toks[index].upper() == "INTO":
        index += 1
    if index >= len(toks):
        raise StatementError("INSERT without a table name", toks[0].start)
    raw = ident_name(toks[index])
    if raw is None:
        raise StatementError("expected a table name after INSERT INTO", toks[index].start)
    start = toks[index].start
    index += 1
    if index + 1 < len(toks) and toks[index].is_punct(b"."):
        qualified = ident_name(toks[index + 1])
        if qualified is None:
            raise StatementError("expected a table name after '.'", toks[index + 1].start)
        raw, start = qualified, toks[index + 1].start
        index += 2
    table = decode(raw, start)
    columns: list[str] | None = None
    if index < len(toks) and toks[index].is_punct(b"("):
        columns = []
        index += 1
        while True:
            if index >= len(toks):
                raise StatementError("the column list is not closed", toks[-1].start)
            name = ident_name(toks[index])
            if name is None:
                raise StatementError("expected a column name", toks[index].start)
            columns.append(decode(name, toks[index].start))
            index += 1
            if index < len(toks) and toks[index].is_punct(b","):
                index += 1
                continue
            if index < len(toks) and toks[index].is_punct(b")"):
                index += 1
                break
            raise StatementError("expected ',' or ')' in the column list", _at(toks, index))
    if index >= len(toks) or toks[index].upper() not in ("VALUES", "VALUE"):
        raise StatementError(
            "expected VALUES",
            _at(toks, index),
            hint="only INSERT ... VALUES (...) statements hold rows in a dump",
        )
    return InsertHeader(table, columns, index + 1)


def _at(toks: list[Tok], index: int) -> int:
    return toks[min(index, len(toks) - 1)].start


def column_order(table: TableDef, columns: list[str] | None, start: int) -> list[int]:
    """For each value position of a row, the index of its table column."""
    if columns is None:
        return list(range(len(table.columns)))
    lookup = {name.lower(): index for index, name in enumerate(table.column_names)}
    order: list[int] = []
    for name in columns:
        if name.lower() not in lookup:
            raise StatementError(f"table {table.name!r} has no column {name!r}", start)
        order.append(lookup[name.lower()])
    if len(set(order)) != len(order):
        raise StatementError("a column is named twice in the column list", start)
    return order


class _Cursor:
    def __init__(self, toks: Iterator[Tok], end: int) -> None:
        self._toks = toks
        self._end = end
        self.tok: Tok | None = next(toks, None)

    def advance(self) -> Tok | None:
        self.tok = next(self._toks, None)
        return self.tok

    def where(self) -> int:
        return self.tok.start if self.tok is not None else self._end


def read_rows(
    stmt: bytes,
    header_end: int,
    table: TableDef,
    order: list[int],
    text: Callable[[bytes, int], str],
) -> Insert:
    """Read the VALUES rows of ``stmt`` starting at byte ``header_end``.

    ``text(raw, start)`` decodes the bytes of a literal starting at ``start`` or raises
    :class:`RowError`-worthy ``UnicodeDecodeError`` via :class:`_BadText`.
    """
    result = Insert(table)
    cur = _Cursor(significant(stmt, header_end), len(stmt))
    try:
        return _read_rows(cur, table, order, text, result)
    except StatementError as exc:
        exc.partial = result
        exc.rest = result.rest
        raise


def _read_rows(
    cur: _Cursor,
    table: TableDef,
    order: list[int],
    text: Callable[[bytes, int], str],
    result: Insert,
) -> Insert:
    kinds = [_kind(table, i) for i in range(len(table.columns))]
    width = len(table.columns)
    result.rest = cur.where()
    while True:
        tok = cur.tok
        if tok is None or not tok.is_punct(b"("):
            raise StatementError("expected '(' to start a row", cur.where())
        row_start = tok.start
        cur.advance()
        values: list[tuple[Value, int, str]] = []  # value, start, literal kind
        if cur.tok is not None and cur.tok.is_punct(b")"):
            raise StatementError("a row without values", row_start)
        while True:
            values.append(_value(cur))
            tok = cur.tok
            if tok is not None and tok.is_punct(b","):
                cur.advance()
                continue
            if tok is not None and tok.is_punct(b")"):
                break
            raise StatementError("expected ',' or ')' after a value", cur.where())
        row_end = tok.start + 1
        cur.advance()
        result_row = _convert(values, order, kinds, width, text, row_start, row_end, result)
        if result_row is not None:
            result.rows.append(result_row)
            result.starts.append(row_start)
        result.rest = cur.where()
        tok = cur.tok
        if tok is None:
            return result
        if tok.is_punct(b","):
            cur.advance()
            result.rest = cur.where()
            continue
        raise StatementError("expected ',' and another row, or the end of the statement", tok.start)


class BadText(ValueError):
    """A literal that is not valid text; ``offset`` is the bad byte's offset in the statement."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def _kind(table: TableDef, index: int) -> str:
    column = table.columns[index]
    if is_bits(column):
        return "bits"
    if is_blob(column):
        return "blob"
    if is_number(column):
        return "number"
    return "text"


def _convert(
    values: list[tuple[Value, int, str]],
    order: list[int],
    kinds: list[str],
    width: int,
    text: Callable[[bytes, int], str],
    row_start: int,
    row_end: int,
    result: Insert,
) -> list[Value] | None:
    if len(values) != len(order):
        result.errors.append(
            RowError(
                f"a row of {len(values)} values for {len(order)} columns of table "
                f"{result.table.name!r}",
                row_start,
                row_end,
                hint="the row does not fit the table's CREATE TABLE; check the dump is complete",
            )
        )
        return None
    row: list[Value] = [None] * width
    for (value, start, literal), column in zip(values, order, strict=True):
        kind = kinds[column]
        try:
            row[column] = _typed(value, literal, kind, text, start)
        except BadText as exc:
            result.errors.append(
                RowError(
                    str(exc),
                    row_start,
                    row_end,
                    at=exc.offset,
                    encoding=True,
                )
            )
            return None
    return row


def _typed(
    value: Value, literal: str, kind: str, text: Callable[[bytes, int], str], start: int
) -> Value:
    if value is None or isinstance(value, str):
        if kind == "blob" and value is not None:
            return value.encode("ascii")
        return value
    if kind == "blob":
        return value
    if kind == "bits" or (kind == "number" and literal in ("bits", "hex")):
        return str(int.from_bytes(value, "big"))
    return text(value, start)


def _value(cur: _Cursor) -> tuple[Value, int, str]:
    """One value; returns (value, start offset of its literal, literal kind)."""
    tok = cur.tok
    if tok is None:
        raise StatementError("the statement ends inside a row", cur.where())
    start = tok.start
    negative = False
    signed = False
    while tok is not None and tok.kind == "punct" and tok.text in (b"-", b"+"):
        negative ^= tok.text == b"-"
        signed = True
        tok = cur.advance()
    if tok is None:
        raise StatementError("the statement ends inside a row", start)
    if tok.kind == "num":
        cur.advance()
        number = tok.text.decode("ascii")
        return ("-" + number if negative else number), start, "number"
    if signed:
        raise StatementError("expected a number after the sign", tok.start)
    if tok.kind == "word":
        word = tok.upper()
        if word == "NULL":
            cur.advance()
            return None, start, "null"
        if word in ("TRUE", "FALSE"):
            cur.advance()
            return ("1" if word == "TRUE" else "0"), start, "number"
        if word.startswith("_") or word == "N":
            tok = cur.advance()  # a character set introducer: _binary '...', _utf8mb4 '...'
            if tok is None or tok.kind not in ("str", "dstr", "hex", "bit"):
                raise StatementError(f"expected a string after {word}", start)
    if tok.kind in ("str", "dstr"):
        parts = [string_value(tok.text)]
        literal_start = tok.start
        tok = cur.advance()
        while tok is not None and tok.kind in ("str", "dstr"):  # 'a' 'b' is 'ab'
            parts.append(string_value(tok.text))
            tok = cur.advance()
        return b"".join(parts), literal_start + 1, "string"
    if tok.kind == "hex":
        cur.advance()
        return hex_value(tok.text), start, "hex"
    if tok.kind == "bit":
        cur.advance()
        bits = bit_value(tok.text)
        return bits.to_bytes(max(1, (bits.bit_length() + 7) // 8), "big"), start, "bits"
    if tok.kind == "open":
        raise StatementError("a string that is never closed", tok.start)
    shown = tok.text[:20].decode("utf-8", "replace")
    raise StatementError(f"unexpected {shown!r} where a value should be", tok.start)


def until_values(toks: Iterator[Tok]) -> Iterator[Tok]:
    """The tokens of an INSERT up to and including VALUES."""
    for tok in toks:
        yield tok
        if tok.upper() in ("VALUES", "VALUE"):
            return
