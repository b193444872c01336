"""Block files on disk: Bitcoin Core ``blk*.dat`` files and directories, and single raw blocks.

A blk file is a sequence of records: 4 network magic bytes, a 4-byte little-endian length, then
the serialized block. Bitcoin Core preallocates the files, so zero bytes after the last record
are normal and end the file. Since version 28 Bitcoin Core may XOR its block files with the
8-byte key in ``xor.dat`` beside them; that key is applied when present.

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
_BLK_NAME = re.compile(r"^blk(\d+)\.dat$")
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


def blk_files(directory: Path) -> list[Path]:
    """The ``blk*.dat`` files of a directory, in number order."""
    found = []
    for entry in directory.iterdir():
        match = _BLK_NAME.match(entry.name)
        if match and entry.is_file():
            found.append((int(match.group(1)), entry))
    return [entry for _n, entry in sorted(found)]


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
            raise UserError(f"{path}: no blk*.dat files in this directory")
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
