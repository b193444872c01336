"""blk*.dat files and directories: real mainnet blk files, padding, XOR keys and bad records."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.chain.block_reference import mine

from seized.chain.blk import blk_files, iter_blk_file, iter_blocks, read_raw_block
from seized.errors import InputError, UserError


def test_blk_files_match_expected(blocks_dir: Path, expected_blk: list[dict[str, Any]]) -> None:
    assert len(expected_blk) == 694
    got = []
    for name in ("blk-0-438.dat", "blk-1-255.dat"):
        for block in iter_blocks(blocks_dir / name):
            assert block.network == "mainnet"
            got.append(
                {
                    "file": name,
                    "hash": block.hash_hex,
                    "prev_hash": block.prev_hash_hex,
                    "tx_count": block.tx_count,
                    "total_output_value_sats": sum(block.out_value),
                    "coinbase_txid": block.txids[0][::-1].hex(),
                }
            )
    assert len(got) == len(expected_blk)
    for row, exp in zip(got, expected_blk, strict=True):
        assert row == {key: exp[key] for key in row}


def _records(path: Path) -> bytes:
    return path.read_bytes()


def test_directory_with_padding_and_xor_key(blocks_dir: Path, tmp_path: Path) -> None:
    source = _records(blocks_dir / "blk-1-255.dat")
    key = bytes.fromhex("0123456789abcdef")
    plain = source + bytes(4096)  # the zero padding of a preallocated file
    stream = (key * (len(plain) // 8 + 1))[: len(plain)]
    xored = bytes(a ^ b for a, b in zip(plain, stream, strict=True))
    (tmp_path / "blk00000.dat").write_bytes(xored)
    (tmp_path / "blk00001.dat").write_bytes(xored)
    (tmp_path / "xor.dat").write_bytes(key)
    (tmp_path / "rev00000.dat").write_bytes(b"not a block file")
    assert [p.name for p in blk_files(tmp_path)] == ["blk00000.dat", "blk00001.dat"]
    hashes = [b.hash_hex for b in iter_blocks(tmp_path)]
    assert len(hashes) == 510
    assert hashes[:255] == hashes[255:]
    assert hashes[0] == "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"


def test_regtest_magic_and_offsets(blocks_dir: Path, tmp_path: Path) -> None:
    raw = (blocks_dir / "block-000482683.raw").read_bytes()
    record = bytes.fromhex("fabfb5da") + len(raw).to_bytes(4, "little") + raw
    path = tmp_path / "blk00000.dat"
    path.write_bytes(record * 2)
    blocks = list(iter_blk_file(path))
    assert [b.network for b in blocks] == ["regtest", "regtest"]
    assert [b.offset for b in blocks] == [8, len(record) + 8]
    assert blocks[0].path == str(path)


@pytest.mark.parametrize(
    ("mutate", "message", "offset"),
    [
        (lambda d: b"\x01\x02\x03\x04" + d[4:], "bad magic", lambda n: 0),
        (lambda d: d[:8] + d[8:100], "runs past the end", lambda n: 4),
        (lambda d: d[:4] + (10**7).to_bytes(4, "little") + d[8:], "past the end", lambda n: 4),
        (lambda d: d + d[:5], "header truncated", lambda n: n),
        (
            lambda d: d + d[:4] + (50).to_bytes(4, "little") + bytes(50),
            "too short",
            lambda n: n + 8,
        ),
        (
            lambda d: d + d[:4] + (200).to_bytes(4, "little") + mine(bytes(80)) + bytes(120),
            "implausible transaction count 0",
            lambda n: n + 88,
        ),
    ],
)
def test_bad_records(
    blocks_dir: Path, tmp_path: Path, mutate: Any, message: str, offset: Any
) -> None:
    first = (blocks_dir / "blk-1-255.dat").read_bytes()
    length = int.from_bytes(first[4:8], "little")
    one = first[: 8 + length]
    path = tmp_path / "blk00000.dat"
    path.write_bytes(mutate(one))
    with pytest.raises(InputError, match=message) as info:
        list(iter_blk_file(path))
    assert info.value.path == str(path)
    assert info.value.offset == offset(len(one))


def test_raw_block_as_hex_text(blocks_dir: Path, tmp_path: Path) -> None:
    raw = (blocks_dir / "block-000169482.raw").read_bytes()
    path = tmp_path / "block.hex"
    path.write_text(raw.hex() + "\n", encoding="ascii")
    assert (
        read_raw_block(path).hash_hex == read_raw_block(blocks_dir / "block-000169482.raw").hash_hex
    )


def test_missing_and_empty_paths(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        list(iter_blocks(tmp_path / "nope"))
    with pytest.raises(UserError):
        list(iter_blocks(tmp_path))
    (tmp_path / "garbage.raw").write_bytes(b"\x07" * 500)
    with pytest.raises(InputError):
        list(iter_blocks(tmp_path / "garbage.raw"))
    shutil.rmtree(tmp_path)


def test_block_files_are_recognised_by_content_not_name(blocks_dir: Path, tmp_path: Path) -> None:
    # the shared directory holds blk-0-438.dat and blk-1-255.dat beside raw blocks and undo data
    assert [p.name for p in blk_files(blocks_dir)] == ["blk-0-438.dat", "blk-1-255.dat"]
    assert sum(1 for _ in iter_blocks(blocks_dir)) == 439 + 255
    one = (blocks_dir / "blk-1-255.dat").read_bytes()
    (tmp_path / "chain10.dat").write_bytes(one)
    (tmp_path / "chain9.dat").write_bytes(one + bytes(100))
    (tmp_path / "block.raw").write_bytes((blocks_dir / "block-000169482.raw").read_bytes())
    # an undo file: the same magic and length prefix, then a 32-byte checksum after each record
    undo = one[:4] + (5).to_bytes(4, "little") + bytes(5) + bytes(range(1, 33))
    (tmp_path / "rev00000.dat").write_bytes(undo + undo)
    (tmp_path / "notes.txt").write_text("seized from the server\n", encoding="utf-8")
    assert [p.name for p in blk_files(tmp_path)] == ["chain9.dat", "chain10.dat"]
    assert sum(1 for _ in iter_blocks(tmp_path)) == 510


def test_a_directory_without_block_files_is_refused(blocks_dir: Path, tmp_path: Path) -> None:
    magic = (blocks_dir / "blk-1-255.dat").read_bytes()[:4]
    undo = magic + (5).to_bytes(4, "little") + bytes(5) + bytes(range(1, 33))
    (tmp_path / "rev00000.dat").write_bytes(undo)
    with pytest.raises(UserError, match="no block files in this directory"):
        list(iter_blocks(tmp_path))
