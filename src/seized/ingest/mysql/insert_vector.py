"""The rows of many plain INSERT statements read at once, with NumPy and Arrow's CSV reader.

The rows of a batch of ordinary INSERT statements of one table (``(1,'a\\'b',NULL),(2,...)``, what
mysqldump writes) are read in a few vectorised passes over their bytes, on a worker thread:

1. the escapes are the backslashes at even places in runs of backslashes; a quote is a string's
   delimiter unless it is escaped, and the delimiters pair up into strings;
2. outside the strings only numbers, NULL, ``_binary`` introducers, commas and the parentheses
   of rows may appear: the *skeleton* (what lies outside, one quote per string) is checked value
   by value with Arrow's regular expressions (:func:`.insert_csv.skeleton_ok`);
3. the CSV text for Arrow is the bytes without the rows' parentheses and ``_binary``, with a line
   break between rows and each escaped quote written as two quotes;
4. after Arrow has split the values, the other escapes are undone per column
   (:mod:`seized.ingest.unescape`): ``\\0 \\b \\n \\r \\t \\Z`` stand for their control
   bytes, ``\\%`` and ``\\_`` keep their backslash, any other escaped byte stands for itself.

Anything else (spaces between values, hex or bit literals, invalid UTF-8, a raw line break) makes
the batch fail as a whole (what happens then: :mod:`seized.ingest.mysql`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from seized.ingest.mysql.insert_csv import convert_options, skeleton_ok
from seized.ingest.unescape import KEEP, drop_bytes, meanings, undo_escapes

#: what each escape stands for in a MySQL string
MYSQL_ESCAPES = meanings(
    {"0": 0x00, "b": 0x08, "n": 0x0A, "r": 0x0D, "t": 0x09, "Z": 0x1A, "%": KEEP, "_": KEEP},
    others_are_literal=True,
)
_BINARY = np.frombuffer(b"_binary ", np.uint8)
_QUOTE, _BACKSLASH = 0x27, 0x5C


def read_rows(
    texts: Sequence[bytes | memoryview], types: list[pa.DataType]
) -> tuple[pa.Table, np.ndarray, np.ndarray] | None:
    """The rows of the VALUES texts (each ``(..),(..)``, without the ``;``) as Arrow columns of
    ``types`` (string or binary), the number of rows of each text, and where each row starts in
    its text; None when any text is not plain rows of ``len(types)`` values."""
    if not texts:
        return None
    data = b",".join(texts)
    a = np.frombuffer(data, np.uint8)
    n = len(a)
    # 1. escapes and strings
    slashes = np.flatnonzero(a == _BACKSLASH)
    escaped = np.zeros(n + 1, np.bool_)
    escapes = slashes
    if len(slashes):
        new_run = np.empty(len(slashes), np.bool_)
        new_run[0] = True
        np.not_equal(slashes[1:], slashes[:-1] + 1, out=new_run[1:])
        run_first = np.flatnonzero(new_run)
        place = np.arange(len(slashes)) - run_first[np.cumsum(new_run) - 1]
        escapes = slashes[place % 2 == 0]
        if escapes[-1] + 1 >= n:
            return None  # a backslash at the very end escapes nothing
        escaped[escapes + 1] = True
    quotes = np.flatnonzero(a == _QUOTE)
    delimiters = quotes[~escaped[quotes]]
    if len(delimiters) % 2:
        return None
    opens, closes = delimiters[0::2], delimiters[1::2]
    depth = np.zeros(n + 1, np.int8)
    depth[opens] = 1
    depth[closes + 1] -= 1
    inside = np.cumsum(depth, dtype=np.int8)[:n].astype(np.bool_)  # strings with their quotes
    if len(escapes) and not inside[escapes].all():
        return None  # a backslash outside a string
    # 2. rows and the skeleton
    outside = ~inside
    separator = outside[:-2] & (a[:-2] == 0x29) & (a[1:-1] == 0x2C) & (a[2:] == 0x28)
    seps = np.flatnonzero(separator)
    rows = len(seps) + 1
    shown = outside.copy()
    shown[opens] = True
    skeleton = a[shown].tobytes()
    if skeleton[:1] != b"(" or skeleton[-1:] != b")":
        return None
    skeleton = skeleton[1:-1].replace(b"),(", b"\n")
    if not skeleton_ok(skeleton, rows, len(types)):
        return None
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    if len(texts) > 1 and not separator[starts[1:] - 2].all():
        return None  # a statement does not end where its last row does
    counts = np.diff(np.append(np.searchsorted(seps, starts), len(seps))) + 1
    counts[:-1] -= 1  # the separator that joins two statements belongs to neither
    begins = np.concatenate([np.zeros(1, np.int64), seps.astype(np.int64) + 2])
    within = begins - np.repeat(starts.astype(np.int64), counts)
    # 3. the CSV text
    out = a.copy()
    out[seps + 1] = 0x0A
    quote_escapes = escapes[a[escapes + 1] == _QUOTE] if len(escapes) else escapes
    out[quote_escapes] = _QUOTE
    drop = [np.array([0, n - 1]), seps, seps + 2]
    prefixed = opens[opens >= 8]
    if len(prefixed):
        is_binary = np.ones(len(prefixed), np.bool_)
        for k in range(8):
            is_binary &= a[prefixed - 8 + k] == _BINARY[k]
        binary = prefixed[is_binary]
        if len(binary):
            drop.append((binary[:, None] - np.arange(8, 0, -1)).ravel())
    csv = drop_bytes(out, np.concatenate(drop))
    try:
        table = _read_csv(csv, types)
    except pa.ArrowInvalid:
        return None
    if table.num_rows != rows:
        return None
    # 4. the other escapes
    if len(escapes) > len(quote_escapes):
        columns = []
        for column in table.columns:
            array, bad = undo_escapes(column.combine_chunks(), MYSQL_ESCAPES)
            if bad.true_count:
                return None
            columns.append(array)
        table = pa.Table.from_arrays(columns, names=table.column_names)
    return table, counts, within


def _read_csv(data: pa.Buffer, types: list[pa.DataType]) -> pa.Table:
    names, convert = convert_options(types)
    return pacsv.read_csv(
        pa.BufferReader(data),
        read_options=pacsv.ReadOptions(column_names=names, block_size=4 << 20),
        parse_options=pacsv.ParseOptions(
            delimiter=",",
            quote_char="'",
            double_quote=True,
            escape_char=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
        ),
        convert_options=convert,
    )


def quotes_pair_up(buf: bytes, start: int, end: int) -> bool:
    """Whether the quotes of ``buf[start:end]`` that are not escaped are even in number, so
    that its last byte is outside any string (the guess of the statement's end is right).

    A quote is escaped when an odd number of backslashes comes right before it: NumPy finds the
    quotes, then counts the backslashes before them (usually none or one).
    """
    data = np.frombuffer(buf, np.uint8, end - start, start)
    quotes = np.flatnonzero(data == 0x27)
    run = np.zeros(len(quotes), np.int64)
    before = quotes - 1
    more = before >= 0
    more[more] = data[before[more]] == 0x5C
    while more.any():
        run += more
        before -= 1
        more &= before >= 0
        more[more] = data[before[more]] == 0x5C
    return int(np.count_nonzero(run % 2 == 0)) % 2 == 0
