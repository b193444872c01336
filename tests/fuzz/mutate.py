"""Structural mutations of valid inputs, as hypothesis strategies.

:func:`mutated` takes bytes from a strategy (a seed, or a grammar's output) and applies a few
edits: flip a bit, set a byte to an edge value, insert a token of the format, delete or repeat
a span, cut the end, splice in the tail of another input, or duplicate, drop or swap a line.
hypothesis shrinks a failure to the fewest and smallest edits of the simplest base.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Sequence

import zstandard
from hypothesis import strategies as st

#: Bytes and tokens that break parsers: edges of integer encodings, quotes, escapes, separators,
#: line ends, a lone UTF-8 lead byte, a byte-order mark, long digits.
TOKENS: tuple[bytes, ...] = (
    b"\x00", b"\xff", b"\x7f", b"\x80", b"\xfd", b"\xfe", b"\xfd\xff\xff", b"\xfe\xff\xff\xff\x7f",
    b"\xff" * 9, b"\n", b"\r\n", b"\r", b"\\", b"'", b'"', b"`", b";", b",", b"(", b")", b"\t",
    b" ", b"\xc3", b"\xef\xbb\xbf", b"9" * 40, b"-1", b"-0", b"1e999", b"NaN", b"\\N", b"NULL",
)  # fmt: skip
#: The longest input a mutation may make (repeats are cut there).
MAX_SIZE = 1 << 20
_EDITS = ("flip", "byte", "insert", "delete", "repeat", "truncate", "splice", "line")


def _edge_byte() -> st.SearchStrategy[int]:
    return st.sampled_from([0, 0xFF, 0x7F, 0x80, 0xFD, 0xFE, 0x0A, 0x22, 0x27, 0x5C]) | st.integers(
        0, 255
    )


@st.composite
def mutated(
    draw: st.DrawFn,
    base: st.SearchStrategy[bytes],
    tokens: Sequence[bytes] = (),
    max_edits: int = 6,
) -> bytes:
    """An input of ``base`` with up to ``max_edits`` edits; ``tokens`` are the format's own."""
    data = bytearray(draw(base))
    words = st.sampled_from([*tokens, *TOKENS])
    for _ in range(draw(st.integers(0, max_edits))):
        edit = draw(st.sampled_from(_EDITS))
        at = draw(st.integers(0, len(data)))
        if edit == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "byte" and at < len(data):
            data[at] = draw(_edge_byte())
        elif edit == "insert":
            data[at:at] = draw(words | st.binary(min_size=1, max_size=8))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "repeat":
            span = bytes(data[at : at + draw(st.integers(1, 64))])
            data[at:at] = span * draw(st.integers(1, 200))
        elif edit == "truncate":
            del data[at:]
        elif edit == "splice":
            other = draw(base)
            data[at:] = other[draw(st.integers(0, len(other))) :]
        elif edit == "line":
            data = bytearray(_line_edit(draw, bytes(data)))
        del data[MAX_SIZE:]
    return bytes(data)


def _line_edit(draw: st.DrawFn, data: bytes) -> bytes:
    lines = data.split(b"\n")
    i = draw(st.integers(0, len(lines) - 1))
    j = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(("duplicate", "drop", "swap")))
    if how == "duplicate":
        lines.insert(j, lines[i])
    elif how == "drop" and len(lines) > 1:
        del lines[i]
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


@st.composite
def compressed(draw: st.DrawFn, data: st.SearchStrategy[bytes]) -> bytes:
    """``data`` as it is (most often), gzip or zstd; several members or frames at times."""
    raw = draw(data)
    kind = draw(st.sampled_from(("plain", "plain", "gzip", "zstd")))
    if kind == "plain":
        return raw
    cut = draw(st.integers(0, len(raw)))
    parts = [raw[:cut], raw[cut:]] if draw(st.booleans()) else [raw]
    if kind == "gzip":
        return b"".join(gzip.compress(p, mtime=0) for p in parts)
    return b"".join(zstandard.ZstdCompressor().compress(p) for p in parts)


def deflate(data: bytes) -> bytes:
    """Raw deflate (no zlib header), as a ZIP-compressed OpenPGP packet holds it."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()
