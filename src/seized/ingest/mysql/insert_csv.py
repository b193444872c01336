"""One INSERT statement's rows as CSV text for Arrow's CSV reader, by byte operations.

An INSERT whose values are only quoted strings, ``_binary`` strings, NULL and plain numbers (what
mysqldump writes for almost every row) is split at its quotes; what lies outside the strings (the
*skeleton*: numbers, NULL, one quote per string, commas and parentheses) is checked value by value
by Arrow's vectorised regular expressions when the batch is read. The rows become CSV text by
plain byte replacements (quote ``'``, MySQL's backslash escapes kept for the CSV reader's escape
character, except the few that stand for other bytes). phpMyAdmin's spaced form is checked and cut
with Python regular expressions instead. Anything else is left to the other readers (see
:mod:`seized.ingest.mysql`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from seized.ingest.mysql.lexer import NUMBER, SQ_STRING

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
#: One row of them, found where it starts.
LOOSE_ROW = re.compile(_LOOSE_ROW)
#: The same with spaces and line breaks between tokens and ``_binary`` introducers.
LOOSE_ROWS = re.compile(
    _LOOSE_ROW + rb"(?:" + _WS + rb"," + _WS + _LOOSE_ROW + rb")*" + _WS + rb";"
)
#: Drops what lies between tokens (and ``_binary``) but never touches a string's content.
_NORMALIZE = re.compile(rb"(" + SQ_STRING + rb")|_binary|[ \t\r\n]+")
#: One row's values, from a normalized statement.
_ROW_VALUES = re.compile(rb"\((" + _VALUE + rb"(?:," + _VALUE + rb")*)\)")

#: Stand-ins for escaped backslashes and quotes while the other escapes are replaced: single
#: bytes that never occur in UTF-8 text (a stand-in is only used when absent from the text).
_PLACEHOLDERS = (b"\xff", b"\xfe", b"\xc0", b"\xc1", b"\xf8", b"\xf9", b"\xfa", b"\xfb")
#: Escapes that do not stand for their second byte. The CSV reader takes a backslash and a byte
#: as that byte, so a raw line break keeps its backslash and the text keeps its length (length-
#: preserving replacements are the quick kind). ``\\%`` and ``\\_`` keep their backslash.
_ESCAPES = (
    (b"\\n", b"\\\n"),
    (b"\\r", b"\\\r"),
    (b"\\t", b"\\\t"),
    (b"\\0", b"\\\x00"),
    (b"\\b", b"\\\x08"),
    (b"\\Z", b"\\\x1a"),
    (b"\\%", b"\\\\%"),
    (b"\\_", b"\\\\_"),
)


@dataclass(frozen=True)
class Converted:
    """An INSERT's rows as CSV text, and its skeleton when that is still to be checked;
    ``starts`` is where each row's ``(`` is, from the start of the VALUES text."""

    csv: bytes
    rows: int
    skeleton: bytes | None
    starts: np.ndarray


def row_starts(text: bytes | memoryview) -> np.ndarray:
    """Where each row of VALUES text starts, when every ``),(`` in it joins two rows (none is
    inside a string)."""
    data = np.frombuffer(text, np.uint8)
    joins = np.flatnonzero((data[:-2] == 0x29) & (data[1:-1] == 0x2C) & (data[2:] == 0x28))
    return np.concatenate([np.zeros(1, np.int64), joins.astype(np.int64) + 2])


def fast_csv(buf: bytes, start: int, end: int) -> Converted | None:
    """The VALUES text ``buf[start:end]`` (which ends with ';') as CSV, or None when the text is
    anything but plain rows (the slow path then reads it)."""
    text = buf[start : end - 1]
    found = _split_rows(text)
    if found is not None:
        return found
    read = rows_of(buf, start, end)
    if read is None:
        return None
    rows, starts = read
    csv = csv_text(rows)
    return None if csv is None else Converted(csv, len(rows), None, starts)


def _split_rows(text: bytes) -> Converted | None:
    """Split at quotes (escaped ones set aside) and cut rows at ``),(`` when none is inside a
    string. The skeleton must pass :func:`skeleton_ok` before the rows are used.

    The CSV keeps MySQL's backslash escapes that mean the next byte (``\\'``, ``\\\\``,
    ``\\"``, unknown ones): the CSV reader's escape character reads them the same way.
    """
    if text[:1] != b"(" or text[-1:] != b")":
        return None
    backslash = b"\\" in text
    plain = text
    holder = b""
    if backslash:
        holders = _holders(text, 2)
        if holders is None:
            return None
        holder = holders[0]
        if b"\\\\" in text:
            plain = plain.replace(b"\\\\", holder * 2)
        plain = plain.replace(b"\\'", holders[1] * 2)
    parts = plain.split(b"'")
    if len(parts) % 2 == 0:
        return None
    outside = b"'".join(parts[0::2])
    del parts
    binary = outside.count(b"_binary '")
    if outside.count(b" ") != binary or b"\n" in outside or b"\t" in outside:
        return None  # spaced rows: the loose regular expression reads them
    count = outside.count(b"),(")
    csv = text[1:-1].replace(b"),(", b"\n")
    if len(text) - 2 - len(csv) != 2 * count:  # a "),(" inside a string
        return None
    if binary:
        if plain.count(b"_binary '") != binary:
            return None
        csv = csv.replace(b"_binary '", b"'")
    if backslash:
        csv = _escapes(csv, holder)
    starts = row_starts(text)
    if len(starts) != count + 1:
        return None
    return Converted(csv, count + 1, outside[1:-1].replace(b"),(", b"\n"), starts)


#: One value of a skeleton: a string's quote, NULL or a number.
_SKELETON_VALUE = r"^(?:'|_binary '|NULL|-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)$"


def skeleton_ok(skeleton: bytes, rows: int, width: int) -> bool:
    """Whether skeleton lines (see :func:`_split_rows`) are ``rows`` rows of ``width`` plain
    values: a quote for each string, NULL or a number."""
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(skeleton),
            read_options=pacsv.ReadOptions(
                column_names=names,
                use_threads=False,
                block_size=max(1 << 20, min(len(skeleton) + 1, 1 << 30)),
            ),
            parse_options=pacsv.ParseOptions(
                quote_char=False, escape_char=False, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[],
                strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return False
    if table.num_rows != rows:
        return False
    return all(
        pc.all(pc.match_substring_regex(column, _SKELETON_VALUE)).as_py() is not False
        for column in table.columns
    )


def _holders(text: bytes, count: int) -> list[bytes] | None:
    """``count`` stand-in bytes that do not occur in ``text``."""
    found: list[bytes] = []
    for holder in _PLACEHOLDERS:
        if holder not in text:
            found.append(holder)
            if len(found) == count:
                return found
    return None


def _escapes(csv: bytes, holder: bytes) -> bytes:
    """Turn the escapes that do not mean their next byte into ones the CSV reader reads right.

    ``holder`` is a byte absent from ``csv``; escaped backslashes stand aside as two of it.
    """
    pairs = b"\\\\" in csv
    if pairs:
        csv = csv.replace(b"\\\\", holder * 2)
    csv = csv.replace(b"\\n", b"\\\n").replace(b"\\r", b"\\\r")  # the common ones
    if _RARE_ESCAPE.search(csv) is not None:
        for escape, byte in _ESCAPES[2:]:
            if escape in csv:  # a fast substring search, no list of every escape
                csv = csv.replace(escape, byte)
    if pairs:
        return csv.replace(holder * 2, b"\\\\")
    return csv


#: A backslash escape other than the ones the CSV reader reads itself (once pairs are gone).
_RARE_ESCAPE = re.compile(rb"\\[^'\"\n\r]")


def rows_of(buf: bytes, start: int, end: int) -> tuple[list[bytes], np.ndarray] | None:
    """The rows of VALUES text ``buf[start:end]`` (which ends with ';'), each as CSV fields,
    and where each row starts from ``start``.

    Returns None when the text is anything but plain rows; the slow path then reads it.
    """
    if STRICT_ROWS.fullmatch(buf, start, end) is not None:
        text = buf[start : end - 1]
        found = [(m.group(1), m.start()) for m in _ROW_VALUES.finditer(text)]
        starts = [at for _, at in found]
        rows = [row for row, _ in found]
    elif LOOSE_ROWS.fullmatch(buf, start, end) is not None:
        text = _NORMALIZE.sub(rb"\1", buf[start : end - 1])
        rows = _ROW_VALUES.findall(text)
        starts = [m.start() - start for m in LOOSE_ROW.finditer(buf, start, end - 1)]
    else:
        return None
    # The rows must tile the text exactly: "(" row ")" joined by ",".
    if sum(map(len, rows)) + 3 * len(rows) - 1 != len(text) or len(starts) != len(rows):
        return None
    return rows, np.array(starts, np.int64)


def csv_text(rows: list[bytes]) -> bytes | None:
    """CSV lines (quote ``'``, escape ``\\``) for rows read by :func:`rows_of`."""
    text = b"\n".join(rows)
    if b"\\" not in text:
        return text
    holders = _holders(text, 1)
    if holders is None:  # binary data holds every stand-in byte: one escape at a time
        return _ESCAPE.sub(_escape, text)
    return _escapes(text, holders[0])


_ESCAPE = re.compile(rb"\\(.)", re.S)
_ESCAPE_BYTES = {escape[1:]: byte for escape, byte in _ESCAPES}


def _escape(match: re.Match[bytes]) -> bytes:
    return _ESCAPE_BYTES.get(match.group(1), match.group(0))


def convert_options(types: list[pa.DataType]) -> tuple[list[str], pacsv.ConvertOptions]:
    """Column names and conversion for rows of MySQL values as CSV: unquoted NULL is NULL,
    every column of ``types`` (string or binary), strict UTF-8."""
    names = [f"c{i}" for i in range(len(types))]
    return names, pacsv.ConvertOptions(
        column_types=dict(zip(names, types, strict=True)),
        null_values=["NULL"],
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
        check_utf8=True,
    )


def read_csv(data: bytes, types: list[pa.DataType]) -> pa.Table:
    """Read CSV text from :func:`csv_text`; raises ``pa.ArrowInvalid`` if any row is bad."""
    names, convert = convert_options(types)
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
        convert_options=convert,
    )
