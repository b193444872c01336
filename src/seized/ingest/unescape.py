"""Backslash escapes undone in whole Arrow columns at once (COPY text and MySQL strings).

A column's values lie end to end in one data buffer. The escapes are the backslashes at even
places in each run of backslashes (a run never crosses from one value into the next); NumPy finds
them all in a few passes, Arrow's filter drops their backslashes, and every value's end moves back
by the escapes before it. No Python loop runs over the values.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: in a table of meanings: the escape is not allowed (its value is flagged for the exact reader)
BAD = -1
#: in a table of meanings: not an escape; backslash and byte both stay (MySQL's ``\%`` and ``\_``)
KEEP = -2

_NO_BYTES = np.zeros(0, np.uint8)


def meanings(escapes: dict[str, int], *, others_are_literal: bool) -> np.ndarray:
    """A table of what each escape stands for, by the byte after the backslash: ``escapes``
    maps that byte to the byte it stands for (or KEEP); the others stand for themselves when
    ``others_are_literal``, else they are BAD."""
    table = np.arange(256, dtype=np.int16) if others_are_literal else np.full(256, BAD, np.int16)
    for after, meaning in escapes.items():
        table[ord(after)] = meaning
    return table


def undo_escapes(array: pa.Array, table: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """The string or binary ``array`` with its backslash escapes undone by ``table`` (see
    :func:`meanings`), and a flag per value: True for a value with an escape the table calls BAD
    or a backslash at its very end, which is left as it was."""
    n = len(array)
    if array.offset:
        array = pa.concat_arrays([array])
    validity, offsets_buf, data_buf = array.buffers()
    wide = pa.types.is_large_string(array.type) or pa.types.is_large_binary(array.type)
    offsets = np.frombuffer(offsets_buf, np.int64 if wide else np.int32, n + 1).astype(np.int64)
    first = int(offsets[0])
    data = np.frombuffer(data_buf, np.uint8, int(offsets[-1]) - first, first) if n else _NO_BYTES
    slashes = np.flatnonzero(data == 0x5C)
    flags = np.zeros(n, np.bool_)
    if not len(slashes):
        return array, pa.array(flags)
    ends = offsets[1:] - first
    value = np.searchsorted(ends, slashes, side="right")  # the value each backslash is in
    new_run = np.empty(len(slashes), np.bool_)
    new_run[0] = True
    np.logical_or(slashes[1:] != slashes[:-1] + 1, value[1:] != value[:-1], out=new_run[1:])
    run_first = np.flatnonzero(new_run)
    place = np.arange(len(slashes)) - run_first[np.cumsum(new_run) - 1]
    starts = place % 2 == 0
    escapes, owner = slashes[starts], value[starts]
    inside = escapes + 1 < ends[owner]
    meaning = np.full(len(escapes), BAD, np.int16)
    meaning[inside] = table[data[escapes[inside] + 1]]
    bad = meaning == BAD
    if bad.any():
        flags[owner[bad]] = True
    real = meaning >= 0
    if not real.all():
        escapes, meaning = escapes[real], meaning[real]
    if not len(escapes):
        return array, pa.array(flags)
    out = _undo(data, escapes, meaning)
    moved = offsets - first - np.searchsorted(escapes, offsets - first, side="left")
    result = pa.Array.from_buffers(
        array.type,
        n,
        [validity, pa.py_buffer(moved.astype(np.int64 if wide else np.int32)), out],
        array.null_count,
    )
    return result, pa.array(flags)


def drop_bytes(data: np.ndarray, drop: np.ndarray) -> pa.Buffer:
    """``data`` without the bytes at the positions ``drop``, by Arrow's filter (which releases
    the GIL, so that two threads can do this at once)."""
    keep = np.ones(len(data), np.bool_)
    keep[drop] = False
    bits = pa.py_buffer(np.packbits(keep, bitorder="little"))
    mask = pa.Array.from_buffers(pa.bool_(), len(data), [None, bits])
    kept: pa.Buffer = pc.filter(pa.array(data), mask).buffers()[1]
    return kept


def _undo(data: np.ndarray, escapes: np.ndarray, meaning: np.ndarray) -> pa.Buffer:
    """``data`` without the backslash of each escape and with the byte after it replaced."""
    out = data.copy()
    out[escapes + 1] = meaning
    return drop_bytes(out, escapes)
