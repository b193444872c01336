"""Fuzz target of the decompressing reader (seized.ingest.stream) and of the format detection
that reads the first bytes of every evidence file (seized.evidence.detect_format).

Inputs are gzip and zstd streams of dump text (whole, cut, damaged, several members or frames,
skippable frames, trailing garbage) and decompression bombs built by hand: zstd frames of RLE
blocks (4 bytes for each 128 KiB, 32,768-fold) and gzip members of full-flushed deflate blocks
(about 1,000-fold), up to 4 GiB. Reading must stay within the memory bound however much the
data expands: the reader hands out its output a piece at a time.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import zstandard
from hypothesis import strategies as st

from seized.evidence import detect_format
from seized.ingest.stream import open_stream
from tests.fuzz.harness import Files, Target
from tests.fuzz.mutate import mutated
from tests.fuzz.targets.ingest import FIXTURES, mysql_dump

#: How much of a stream is read: enough to pass several reads and frames, not a whole bomb.
READ_LIMIT = 64 << 20
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def _run(directory: Path) -> None:
    (path,) = directory.iterdir()
    detect_format(path)
    total = 0
    with open_stream(path) as stream:
        while total < READ_LIMIT and (chunk := stream.read(1 << 16)):
            total += len(chunk)


def zstd_rle(byte: int, size: int) -> bytes:
    """A zstd frame of ``size`` copies of ``byte``, as RLE blocks of up to 128 KiB."""
    out = bytearray(_ZSTD_MAGIC + b"\x00\x38")  # no content size, no checksum; 128 KiB window
    left = size
    while True:
        n = min(1 << 17, left)
        left -= n
        out += ((n << 3) | 2 | (left == 0)).to_bytes(3, "little") + bytes((byte,))
        if left == 0:
            return bytes(out)


def gzip_bomb(byte: int, mib: int) -> bytes:
    """A gzip member of ``mib`` MiB of ``byte`` (its CRC only right for small ones)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(bytes((byte,)) * (1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = chunk * mib + compressor.flush()
    crc = 0
    if mib <= 4:
        crc = zlib.crc32(bytes((byte,)) * (mib << 20))
    size = (mib << 20) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + body + crc.to_bytes(4, "little") + size.to_bytes(4, "little")


@st.composite
def bomb(draw: st.DrawFn) -> bytes:
    byte = draw(st.sampled_from((0x00, 0x0A, 0x41)))
    if draw(st.booleans()):
        size = draw(st.sampled_from((1 << 20, 1 << 26, 1 << 30, 1 << 32)))
        frames = zstd_rle(byte, size) * draw(st.integers(1, 2))
    else:
        frames = gzip_bomb(byte, draw(st.sampled_from((1, 64, 256)))) * draw(st.integers(1, 2))
    return frames + draw(st.sampled_from((b"", b"\x00", b"garbage", _ZSTD_MAGIC, b"\x1f\x8b")))


@st.composite
def packed(draw: st.DrawFn) -> bytes:
    """Dump text compressed in one or more gzip members or zstd frames, with extras."""
    text = draw(mysql_dump() | st.binary(max_size=300))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=3)))
    parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    if draw(st.booleans()):
        level = draw(st.integers(1, 9))
        out = [gzip.compress(p, compresslevel=level, mtime=0) for p in parts]
    else:
        checksum = draw(st.booleans())
        compressor = zstandard.ZstdCompressor(write_checksum=checksum)
        out = [compressor.compress(p) for p in parts]
        if draw(st.booleans()):  # a skippable frame between the others
            out.insert(draw(st.integers(0, len(out))), b"\x50\x2a\x4d\x18\x03\x00\x00\x00abc")
    return b"".join(out)


def _seeds() -> list[Files]:
    text = (FIXTURES / "mysql" / "fixtures" / "mysqldump.sql").read_bytes()
    return [
        {"dump.sql.gz": gzip.compress(text, mtime=0)},
        {"dump.sql.zst": zstandard.ZstdCompressor().compress(text)},
        {"dump.sql.zst": zstd_rle(0x41, 1 << 16)},
    ]


def _inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.sampled_from([d for s in seeds for d in s.values()]) | packed() | bomb()
    tokens = (_ZSTD_MAGIC, b"\x1f\x8b\x08\x00", b"\x00" * 8, b"\xff" * 4)
    return mutated(base, tokens).map(lambda b: {"evidence.bin": b})


STREAM = Target("stream", _run, _seeds, _inputs, examples=100)
