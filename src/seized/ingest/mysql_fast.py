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
#: What lies outside the strings of plain rows, each string replaced by one quote.
#: (The number is :data:`NUMBER` with possessive quantifiers, which never need to backtrack.)
_OUTSIDE_VALUE = rb"(?:(?:_binary )?'|NULL|-?(?:\d++(?:\.\d*+)?+|\.\d++)(?:[eE][-+]?\d++)?+)"
_OUTSIDE_ROW = rb"\(" + _OUTSIDE_VALUE + rb"(?:," + _OUTSIDE_VALUE + rb")*+\)"
_OUTSIDE = re.compile(_OUTSIDE_ROW + rb"(?:," + _OUTSIDE_ROW + rb")*+")
#: One row's values, from a normalized statement.
_ROW_VALUES = re.compile(rb"\((" + _VALUE + rb"(?:," + _VALUE + rb")*)\)")

#: Stand-ins for escaped backslashes and quotes while the other escapes are replaced: single
#: bytes that never occur in UTF-8 text (a stand-in is only used when absent from the text).
_PLACEHOLDERS = (b"\xff", b"\xfe", b"\xc0", b"\xc1", b"\xf8", b"\xf9", b"\xfa", b"\xfb")
#: Escapes that do not stand for their second byte (``\\%`` and ``\\_`` keep the backslash).
_ESCAPES = (
    (b"\\%", b"\\\\%"),
    (b"\\_", b"\\\\_"),
    (b"\\0", b"\x00"),
    (b"\\b", b"\x08"),
    (b"\\n", b"\n"),
    (b"\\r", b"\r"),
    (b"\\t", b"\t"),
    (b"\\Z", b"\x1a"),
)


def fast_csv(buf: bytes, start: int, end: int) -> tuple[bytes, int] | None:
    """CSV text and the number of rows for the VALUES text ``buf[start:end]`` (which ends with
    ';'), or None when the text is anything but plain rows (the slow path then reads it)."""
    text = buf[start : end - 1]
    found = _split_rows(text)
    if found is not None:
        return found
    rows = rows_of(buf, start, end)
    if rows is None:
        return None
    csv = csv_text(rows)
    return None if csv is None else (csv, len(rows))


def _split_rows(text: bytes) -> tuple[bytes, int] | None:
    """The quick way: split at quotes (escaped ones set aside), check what lies outside the
    strings with a regular expression, then cut rows at ``),(`` when none is inside a string.

    The CSV keeps MySQL's backslash escapes that mean the next byte (``\\'``, ``\\\\``,
    ``\\"``, unknown ones): the CSV reader's escape character reads them the same way.
    """
    backslash = b"\\" in text
    plain = text
    if backslash:
        holders = [p for p in _PLACEHOLDERS if p not in text][:2]
        if len(holders) < 2:
            return None
        if b"\\\\" in text:
            plain = plain.replace(b"\\\\", holders[0])
        plain = plain.replace(b"\\'", holders[1])
    parts = plain.split(b"'")
    if len(parts) % 2 == 0:
        return None
    outside = b"'".join(parts[0::2])
    del parts
    if _OUTSIDE.fullmatch(outside) is None:
        return None
    count = outside.count(b"),(")
    if plain.count(b"),(") != count:
        return None
    csv = text[1:-1].replace(b"),(", b"\n")
    binary = outside.count(b"_binary '")
    if binary:
        if plain.count(b"_binary '") != binary:
            return None
        csv = csv.replace(b"_binary '", b"'")
    if backslash:
        csv = _escapes(csv, holders[0])
    return csv, count + 1


def _escapes(csv: bytes, holder: bytes) -> bytes:
    """Turn the escapes that do not mean their next byte into the bytes they mean."""
    pairs = b"\\\\" in csv
    if pairs:
        csv = csv.replace(b"\\\\", holder)
    present = {part[:1] for part in csv.split(b"\\")[1:]}
    for escape, byte in _ESCAPES:
        if escape[1:] in present:
            csv = csv.replace(escape, byte)
    if pairs:
        return csv.replace(holder, b"\\\\")
    return csv


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
    """CSV lines (quote ``'``, escape ``\\``) for rows read by :func:`rows_of`."""
    text = b"\n".join(rows)
    if b"\\" not in text:
        return text
    holder = next((p for p in _PLACEHOLDERS if p not in text), None)
    return None if holder is None else _escapes(text, holder)


def read_csv(data: bytes, types: list[pa.DataType]) -> pa.Table:
    """Read CSV text from :func:`csv_text`; raises ``pa.ArrowInvalid`` if any row is bad."""
    names = [f"c{i}" for i in range(len(types))]
    return pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(
            column_names=names,
            use_threads=False,
            block_size=max(1 << 20, min(len(data) + 1, 1 << 30)),
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=",",
            quote_char="'",
            double_quote=True,
            escape_char="\\",
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
