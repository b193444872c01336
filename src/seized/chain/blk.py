"""Block files on disk: Bitcoin Core ``blk*.dat`` files and directories, and single raw blocks.

A blk file is a sequence of records: 4 network magic bytes, a 4-byte little-endian length, then
the serialized block. Bitcoin Core preallocates the files, so zero bytes after the last record
are normal and end the file. Since version 28 Bitcoin Core may XOR its block files with the
8-byte key in ``xor.dat`` beside them; that key is applied when present.

In a directory, block files are recognised by their content, whatever their names: a file that
starts with a network magic and whose first record is followed by another record, zero padding
or the end of the file. Bitcoin Core's undo files (``rev*.dat``) start with the magic too, but a
32-byte checksum follows each of their records, so they are left out.

A single raw block file holds one serialized block, as bytes or as hex text (the output of
``getblock HASH 0``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from seized.chain.address import Network
from seized.chain.block import Block, parse_block
from seized.errors import InputError, UserError

# Protocol constants (chainparams.cpp): the message start bytes of each network.
MAGIC: dict[bytes, Network] = {
    b"\xf9\xbe\xb4\xd9": "mainnet",
    b"\x0b\x11\x09\x07": "testnet",
    b"\xfa\xbf\xb5\xda": "regtest",
}
#: Upper bound for one record's length: a block is at most 4,000,000 bytes.
MAX_RECORD = 4_000_000
_NUMBER = re.compile(r"(\d+)")
_HEX = re.compile(rb"^\s*([0-9a-fA-F]{162,})\s*$")


class _XorReader:
    """Reads a file through Bitcoin Core's block-file XOR key (a no-op without a key)."""

    def __init__(self, stream: BinaryIO, key: bytes | None) -> None:
        self._stream = stream
        self._key = key if key and any(key) else None
        self.pos = 0

    def read(self, size: int) -> bytes:
        data = self._stream.read(size)
        if self._key is not None and data:
            shift = self.pos % len(self._key)
            reps = (len(data) + shift) // len(self._key) + 1
            stream = (self._key * reps)[shift : shift + len(data)]
            value = int.from_bytes(data, "little") ^ int.from_bytes(stream, "little")
            data = value.to_bytes(len(data), "little")
        self.pos += len(data)
        return data

    def skip(self, size: int) -> None:
        self._stream.seek(size, 1)
        self.pos += size


def read_xor_key(directory: Path) -> bytes | None:
    """The XOR key of a Bitcoin Core blocks directory (``xor.dat``), or None."""
    key_file = directory / "xor.dat"
    if not key_file.is_file():
        return None
    key = key_file.read_bytes()
    if len(key) != 8:
        raise InputError(f"xor.dat holds {len(key)} bytes, expected 8", key_file)
    return key


def iter_blk_file(
    path: Path, *, xor_key: bytes | None = None, check_merkle: bool = True
) -> Iterator[Block]:
    """Every block of one blk file, in file order. Each block gets ``path`` and ``offset``."""
    size = path.stat().st_size
    with path.open("rb") as raw:
        reader = _XorReader(raw, xor_key)
        while True:
            offset = reader.pos
            head = reader.read(8)
            if not head or not any(head):
                return  # end of file, or the zero padding of a preallocated file
            if len(head) < 8:
                raise InputError(
                    f"blk record header truncated ({len(head)} of 8 bytes)", path, offset=offset
                )
            magic, length = head[:4], int.from_bytes(head[4:], "little")
            if magic not in MAGIC:
                raise InputError(
                    f"bad magic {magic.hex()} in blk record (expected one of "
                    f"{', '.join(m.hex() for m in MAGIC)})",
                    path,
                    offset=offset,
                    hint="is this a Bitcoin Core blk*.dat file (and is xor.dat beside it)?",
                )
            if length > MAX_RECORD or offset + 8 + length > size:
                raise InputError(
                    f"blk record length {length} runs past the end of the file ({size} bytes)",
                    path,
                    offset=offset + 4,
                )
            data = reader.read(length)
            if len(data) != length:
                raise InputError("blk record truncated", path, offset=offset + 8)
            block = parse_block(data, path=path, offset=offset + 8, check_merkle=check_merkle)
            block.path = str(path)
            block.offset = offset + 8
            block.network = MAGIC[magic]
            yield block


def _name_order(path: Path) -> list[tuple[int, str]]:
    """Sort key: numbers in the name compare as numbers (blk9.dat before blk10.dat)."""
    return [(int(p), "") if p.isdigit() else (-1, p) for p in _NUMBER.split(path.name)]


def is_block_file(path: Path, xor_key: bytes | None = None) -> bool:
    """True when the file holds blk records (read through ``xor_key``): it starts with a network
    magic, and its first record is followed by another, by zero padding or by the end."""
    with path.open("rb") as stream:
        reader = _XorReader(stream, xor_key)
        head = reader.read(8)
        if len(head) < 8 or head[:4] not in MAGIC:
            return False
        reader.skip(int.from_bytes(head[4:], "little"))
        after = reader.read(4)
        return len(after) < 4 or not any(after) or after in MAGIC


def blk_files(directory: Path) -> list[Path]:
    """The block files of a directory (see the module), in name order with numbers compared as
    numbers: Bitcoin Core's ``blk00000.dat``, ``blk00001.dat``... come in their order."""
    key = read_xor_key(directory)
    found = [e for e in directory.iterdir() if e.is_file() and e.name != "xor.dat"]
    return sorted((e for e in found if is_block_file(e, key)), key=_name_order)


def read_raw_block(path: Path, *, check_merkle: bool = True) -> Block:
    """The one block in a raw block file (binary, or hex text)."""
    data = path.read_bytes()
    match = _HEX.match(data) if data[:1].isalnum() else None
    if match and len(match.group(1)) % 2 == 0:
        data = bytes.fromhex(match.group(1).decode("ascii"))
    block = parse_block(data, path=path, offset=0, check_merkle=check_merkle)
    block.path = str(path)
    block.offset = 0
    return block


def is_blk_file(path: Path, xor_key: bytes | None = None) -> bool:
    """True when the file starts with a known network magic (read through ``xor_key``)."""
    with path.open("rb") as stream:
        return _XorReader(stream, xor_key).read(4) in MAGIC


def iter_blocks(path: Path, *, check_merkle: bool = True) -> Iterator[Block]:
    """Every block under ``path``: a blocks directory, a blk file or a single raw block file."""
    if path.is_dir():
        files = blk_files(path)
        if not files:
            raise UserError(
                f"{path}: no block files in this directory (files of blk records, which start "
                "with a network's magic bytes)"
            )
        key = read_xor_key(path)
        for file in files:
            yield from iter_blk_file(file, xor_key=key, check_merkle=check_merkle)
    elif path.is_file():
        key = read_xor_key(path.parent)
        if is_blk_file(path, key):
            yield from iter_blk_file(path, xor_key=key, check_merkle=check_merkle)
        else:
            yield read_raw_block(path, check_merkle=check_merkle)
    else:
        raise UserError(f"{path}: no such file or directory")
