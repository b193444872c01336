"""The fast path for ordinary INSERT statements: regular expressions and a CSV reader.

An INSERT whose values are only quoted strings, ``_binary`` strings, NULL and plain numbers (what
mysqldump and phpMyAdmin write for almost every row) is checked with one regular expression, cut
into rows with another, turned into CSV text by plain byte replacements (MySQL's backslash escapes
become CSV's doubled quotes and raw bytes) and read by Arrow's CSV reader many statements at a
time. Anything else, and any statement the CSV reader refuses, goes to the exact slow path in
:mod:`seized.ingest.mysql_values`, which must give the same rows.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.csv as pacsv

from seized.ingest.mysql_lexer import NUMBER, SQ_STRING

_WS = rb"[ \t\r\n]*"
_IDENT = rb"(?:`[^`]*(?:``[^`]*)*`|[A-Za-z_$][A-Za-z0-9_$]*)"

#: ``INSERT [IGNORE] INTO name [(a, b)] VALUES`` up to the first row.
HEADER = re.compile(
    rb"(?i:INSERT|REPLACE)[ \t\r\n]+(?:(?i:IGNORE)[ \t\r\n]+)?(?i:INTO)[ \t\r\n]+"
    + _IDENT
    + rb"(?:\."
    + _IDENT
    + rb")?"
    + _WS
    + rb"(?:\("
    + _WS
    + _IDENT
    + rb"(?:"
    + _WS
    + rb","
    + _WS
    + _IDENT
    + rb")*"
    + _WS
    + rb"\)"
    + _WS
    + rb")?(?i:VALUES?)"
    + _WS
)

_VALUE = rb"(?:" + SQ_STRING + rb"|NULL|-?" + NUMBER + rb")"
_ROW = rb"\(" + _VALUE + rb"(?:," + _VALUE + rb")*\)"
#: The rows of a mysqldump INSERT: no spaces, nothing but strings, NULL and numbers.
STRICT_ROWS = re.compile(_ROW + rb"(?:," + _ROW + rb")*;")

_LOOSE_VALUE = rb"(?:(?:_binary" + _WS + rb")?" + SQ_STRING + rb"|NULL|-?" + NUMBER + rb")"
_LOOSE_ROW = (
    rb"\(" + _WS + _LOOSE_VALUE + rb"(?:" + _WS + rb"," + _WS + _LOOSE_VALUE + rb")*" + _WS + rb"\)"
)
#: The same with spaces and line breaks between tokens and ``_binary`` introducers.
LOOSE_ROWS = re.compile(
    _LOOSE_ROW + rb"(?:" + _WS + rb"," + _WS + _LOOSE_ROW + rb")*" + _WS + rb";"
)
#: Drops what lies between tokens (and ``_binary``) but never touches a string's content.
_NORMALIZE = re.compile(rb"(" + SQ_STRING + rb")|_binary|[ \t\r\n]+")
#: One row's values, from a normalized statement.
_ROW_VALUES = re.compile(rb"\((" + _VALUE + rb"(?:," + _VALUE + rb")*)\)")

#: Stand-ins for an escaped backslash while the other escapes are replaced; never valid UTF-8.
_PLACEHOLDERS = (b"\xff\xfe", b"\xfe\xff\xfd", b"\xc0\xc1\xf5\xff")
_ESCAPES = (
    (b"\\0", b"\x00"),
    (b"\\b", b"\x08"),
    (b"\\n", b"\n"),
    (b"\\r", b"\r"),
    (b"\\t", b"\t"),
    (b"\\Z", b"\x1a"),
)


def rows_of(buf: bytes, start: int, end: int) -> list[bytes] | None:
    """The rows of VALUES text ``buf[start:end]`` (which ends with ';'), each as CSV fields.

    Returns None when the text is anything but plain rows; the slow path then reads it.
    """
    if STRICT_ROWS.fullmatch(buf, start, end) is not None:
        text = buf[start : end - 1]
    elif LOOSE_ROWS.fullmatch(buf, start, end) is not None:
        text = _NORMALIZE.sub(rb"\1", buf[start : end - 1])
    else:
        return None
    rows: list[bytes] = _ROW_VALUES.findall(text)
    # The rows must tile the text exactly: "(" row ")" joined by ",".
    if sum(map(len, rows)) + 3 * len(rows) - 1 != len(text):
        return None
    return rows


def csv_text(rows: list[bytes]) -> bytes | None:
    """CSV lines (quote ``'``, doubled to escape) for rows read by :func:`rows_of`."""
    text = b"\n".join(rows)
    if b"\\" not in text:
        return text
    holder = next((p for p in _PLACEHOLDERS if p not in text), None)
    if holder is None:
        return None
    text = text.replace(b"\\\\", holder).replace(b"\\'", b"''")
    for escape, byte in _ESCAPES:
        text = text.replace(escape, byte)
    text = text.replace(b"\\%", holder + b"%").replace(b"\\_", holder + b"_")
    return text.replace(b"\\", b"").replace(holder, b"\\")


def read_csv(data: bytes, types: list[pa.DataType]) -> pa.Table:
    """Read CSV text from :func:`csv_text`; raises ``pa.ArrowInvalid`` if any row is bad."""
    names = [f"c{i}" for i in range(len(types))]
    return pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(
            column_names=names, block_size=max(1 << 20, min(len(data) + 1, 1 << 30))
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=",",
            quote_char="'",
            double_quote=True,
            escape_char=False,
            newlines_in_values=True,
            ignore_empty_lines=False,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict(zip(names, types, strict=True)),
            null_values=["NULL"],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            check_utf8=True,
        ),
    )
