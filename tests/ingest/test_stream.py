from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import zstandard

from seized.errors import InputError
from seized.ingest.stream import compression_of, open_stream

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
