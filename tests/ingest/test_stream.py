from __future__ import annotations

import gzip
import tracemalloc
import zlib
from pathlib import Path

import pytest
import zstandard

from seized.errors import InputError
from seized.ingest.stream import compression_of, open_stream, read_head

DATA = b"INSERT INTO t VALUES (1);\n" * 50_000


@pytest.mark.parametrize("kind", ["plain", "gzip", "zstd"])
def test_streams_decompress_by_content_not_name(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "dump.bin"
    if kind == "gzip":
        path.write_bytes(gzip.compress(DATA))
    elif kind == "zstd":
        half = len(DATA) // 2
        cctx = zstandard.ZstdCompressor()
        path.write_bytes(cctx.compress(DATA[:half]) + cctx.compress(DATA[half:]))
    else:
        path.write_bytes(DATA)
    assert compression_of(path) == (None if kind == "plain" else kind)
    with open_stream(path) as stream:
        first = stream.readline()
        rest = stream.read()
    assert first + rest == DATA


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_truncated_compressed_input_is_an_error(tmp_path: Path, kind: str) -> None:
    packed = gzip.compress(DATA) if kind == "gzip" else zstandard.ZstdCompressor().compress(DATA)
    path = tmp_path / "cut.bin"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(InputError, match="truncated") as err, open_stream(path) as stream:
        while stream.read(65536):
            pass
    assert str(path) in str(err.value)


def read_all(path: Path) -> tuple[bytes, InputError | None]:
    """What a stream of ``path`` gives in reads of 64 KiB, and the error that ends it."""
    parts: list[bytes] = []
    try:
        with open_stream(path) as stream:
            while data := stream.read(65536):
                parts.append(data)
    except InputError as exc:
        return b"".join(parts), exc
    return b"".join(parts), None


def test_a_truncated_gzip_file_names_its_real_offsets(tmp_path: Path) -> None:
    packed = gzip.compress(DATA)
    cut = packed[: len(packed) // 2]
    path = tmp_path / "cut.sql.gz"
    path.write_bytes(cut)
    _, error = read_all(path)
    assert error is not None
    good = len(zlib.decompressobj(31).decompress(cut))  # the text before the cut
    assert error.offset == good > 0
    assert f"at compressed byte {len(cut)} (the end of the file)" in error.reason


def test_damaged_gzip_data_names_the_compressed_byte(tmp_path: Path) -> None:
    packed = gzip.compress(DATA)
    path = tmp_path / "damaged.sql.gz"
    path.write_bytes(packed + b"\x1f\x8c" + packed[2:])  # a second member with a bad magic
    text, error = read_all(path)
    assert error is not None
    assert error.offset == len(DATA)  # the first member is whole
    assert "damaged at compressed byte" in error.reason
    at = int(error.reason.split("compressed byte ")[1].split(" ")[0])
    assert len(packed) <= at < len(packed) + 2
    assert DATA.startswith(text)


def test_a_gzip_checksum_mismatch_blames_the_member(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress(DATA))
    packed[-6] ^= 0xFF  # the CRC-32
    path = tmp_path / "crc.sql.gz"
    path.write_bytes(gzip.compress(b"first member\n") + bytes(packed))
    _, error = read_all(path)
    assert error is not None
    assert "does not match its checksum" in error.reason
    assert error.offset == len(b"first member\n")


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_the_start_of_a_file_with_a_damaged_tail_can_be_read(tmp_path: Path, kind: str) -> None:
    """Finding a file's format reads its start only: a damaged tail is for the ingest."""
    packed = gzip.compress(DATA) if kind == "gzip" else zstandard.ZstdCompressor().compress(DATA)
    path = tmp_path / "tail.bin"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    with open_stream(path) as stream:
        assert read_head(stream, 65536) == DATA[:65536]
    text, error = read_all(path)
    assert error is not None and error.offset is not None
    assert error.offset > 65536 and DATA.startswith(text)


def test_a_zstd_bomb_is_decompressed_a_little_at_a_time(tmp_path: Path) -> None:
    frame = zstandard.ZstdCompressor().compress(b" " * (64 << 20))
    path = tmp_path / "bomb.zst"
    path.write_bytes(frame * 8)  # half a gigabyte of spaces in a few kilobytes
    tracemalloc.start()
    try:
        with open_stream(path) as stream:
            assert stream.read(1 << 20) == b" " * (1 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 << 20
