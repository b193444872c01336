"""The INSERT form of a pg_dump (``--inserts``, ``--column-inserts``, ``--rows-per-insert``).

Values come back as text exactly as written (numbers keep their digits), ``None`` for NULL;
``'...'`` strings with ``''`` doubling, ``E'...'`` escape strings, ``true``/``false`` and
``'...'::type`` casts are understood.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from seized.ingest.postgres.lexer import qualified_name, tokens

_VALUE = re.compile(
    r"""
    (?P<space>(?:\s+|--[^\n]*)+)
  | (?P<estr>[eE]'(?:[^'\\]|''|\\.)*')
  | (?P<str>'(?:[^']|'')*'(?:\s*\n\s*'(?:[^']|'')*')*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<comma>,)
  | (?P<cast>::\s*(?:(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*|\.
                    |\(\s*\d+(?:\s*,\s*\d+)*\s*\)|\[\s*\])\s*)+)
  | (?P<semi>;)
    """,
    re.X | re.S,
)
_E_ESCAPE = re.compile(
    r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.S
)
_E_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ADJACENT = re.compile(r"'\s*\n\s*'")
_WORDS = {"NULL": None, "TRUE": "true", "FALSE": "false"}
_VALUES_WORD = re.compile(r"\bVALUES\b", re.I)
_CAST = r"""(?:\s*::\s*(?:(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*|\.
                    |\(\s*\d+(?:\s*,\s*\d+)*\s*\)|\[\s*\])\s*)+)?"""
_ROW_OPEN = re.compile(r"\s*(\()")
_ITEM = re.compile(
    r"""\s*(?:
        '(?P<s>(?:[^']|'')*)'(?P<more>\s*\n\s*')?
      | [eE]'(?P<e>(?:[^'\\]|''|\\.)*)'
      | (?P<n>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      | (?P<w>(?i:NULL|TRUE|FALSE))(?![A-Za-z0-9_])
    )"""
    + _CAST
    + r"""\s*(?P<sep>[,)])""",
    re.X | re.S,
)
_AFTER_ROW = re.compile(r"\s*(?:(,)|(;\s*$)|$)", re.S)


class ValuesError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


@dataclass
class Insert:
    name: list[str]
    columns: list[str] | None
    rows: list[tuple[int, list[str | None]]]  # (character position of the row, values)


def _e_unescape(match: re.Match[str]) -> str:
    octal, hexa, u4, u8, other = match.groups()
    if octal:
        return chr(int(octal, 8) & 0xFF)
    if hexa:
        return chr(int(hexa, 16))
    if u4 or u8:
        return chr(int(u4 or u8, 16))
    return _E_SIMPLE.get(other, other)


def _string(kind: str, text: str) -> str:
    if kind == "estr":
        body = text[2:-1].replace("''", "'")
        return _E_ESCAPE.sub(_e_unescape, body)
    if "\n" in text and _ADJACENT.search(text):
        return "".join(part.replace("''", "'") for part in re.findall(r"'((?:[^']|'')*)'", text))
    return text[1:-1].replace("''", "'")


def parse_insert(text: str) -> Insert:
    """Split an INSERT statement into its table, column list and rows of literal values."""
    head_end = _VALUES_WORD.search(text)
    if head_end is None:
        raise ValuesError("INSERT without VALUES (only literal rows can be read)", 0)
    name, columns = _head(text[: head_end.start()])
    rows = _quick_rows(text, head_end.end())
    return Insert(name, columns, rows if rows is not None else _rows(text, head_end.end()))


@functools.lru_cache(maxsize=256)
def _head(text: str) -> tuple[list[str], list[str] | None]:
    """``INSERT INTO t (cols)``: pg_dump repeats the same head on every statement."""
    try:
        head = tokens(text)
    except ValueError as exc:
        raise ValuesError(str(exc), 0) from None
    uppers = [t.upper for t in head]
    if uppers[:2] != ["INSERT", "INTO"]:
        raise ValuesError("not an INSERT INTO statement", 0)
    name, i = qualified_name(head, 2)
    if not name:
        raise ValuesError("INSERT without a table name", 0)
    columns: list[str] | None = None
    if i < len(head) and head[i].text == "(":
        close = next((k for k in range(i, len(head)) if head[k].text == ")"), -1)
        columns = [t.ident for t in head[i + 1 : close] if t.kind in ("word", "qident")]
    return name, columns


def _quick_rows(text: str, pos: int) -> list[tuple[int, list[str | None]]] | None:
    """The rows, one regular-expression match per value; None when anything is unusual (then
    the token-by-token reading gives the exact error)."""
    rows: list[tuple[int, list[str | None]]] = []
    n = len(text)
    while True:
        opened = _ROW_OPEN.match(text, pos)
        if opened is None:
            return None
        row_start, pos = opened.start(1), opened.end()
        row: list[str | None] = []
        while True:
            m = _ITEM.match(text, pos)
            if m is None:
                return None
            pos = m.end()
            plain, escaped, number, word = m.group("s", "e", "n", "w")
            if plain is not None:
                if m.group("more"):
                    return None
                row.append(plain.replace("''", "'") if "'" in plain else plain)
            elif escaped is not None:
                row.append(_E_ESCAPE.sub(_e_unescape, escaped.replace("''", "'")))
            elif number is not None:
                row.append(number)
            else:
                row.append(_WORDS[word.upper()])
            if m.group("sep") == ")":
                break
        rows.append((row_start, row))
        after = _AFTER_ROW.match(text, pos)
        if after is None:
            return None
        pos = after.end()
        if after.group(1) is None:
            return rows if pos >= n or after.group(2) else None


def _rows(text: str, pos: int) -> list[tuple[int, list[str | None]]]:
    rows: list[tuple[int, list[str | None]]] = []
    row: list[str | None] | None = None
    row_start = 0
    expect_value = False
    n = len(text)
    while pos < n:
        m = _VALUE.match(text, pos)
        if m is None:
            raise ValuesError(f"unexpected {text[pos : pos + 20]!r} in VALUES", pos)
        kind = m.lastgroup
        tok = m.group()
        start, pos = pos, m.end()
        if kind == "space" or kind == "cast":
            continue
        if row is None:
            if kind == "open":
                row, row_start, expect_value = [], start, True
            elif kind == "comma" and rows:
                continue
            elif kind == "semi" or (kind == "word" and tok.upper() in ("ON", "RETURNING")):
                break
            else:
                raise ValuesError(f"expected '(' to start a row, found {tok[:20]!r}", start)
            continue
        if kind == "close" and not expect_value:
            rows.append((row_start, row))
            row = None
        elif kind == "comma" and not expect_value:
            expect_value = True
        elif expect_value and kind in ("estr", "str"):
            row.append(_string(kind, tok))
            expect_value = False
        elif expect_value and kind == "num":
            row.append(tok)
            expect_value = False
        elif expect_value and kind == "word" and tok.upper() in _WORDS:
            row.append(_WORDS[tok.upper()])
            expect_value = False
        elif kind == "close" and expect_value and not row:
            rows.append((row_start, row))
            row = None
        else:
            raise ValuesError(f"cannot read the value {tok[:20]!r}", start)
    if row is not None:
        raise ValuesError("the statement ends inside a row of VALUES", row_start)
    if not rows:
        raise ValuesError("INSERT without rows", 0)
    return rows
