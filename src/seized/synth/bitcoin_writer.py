"""Files of the synthetic chain: Bitcoin Core ``blk*.dat`` and blockchain-etl JSON lines.

Both are written as blocks are mined and never read back, so memory does not grow with the chain.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO, TextIO

#: Network magic that starts every blk record (chainparams.cpp pchMessageStart).
MAGIC: dict[str, bytes] = {
    "mainnet": bytes.fromhex("f9beb4d9"),
    "testnet": bytes.fromhex("0b110907"),
    "regtest": bytes.fromhex("fabfb5da"),
}
#: Bitcoin Core's MAX_BLOCKFILE_SIZE: a new blk file starts before one would pass 128 MiB.
MAX_BLOCKFILE_SIZE = 0x8000000
_BUFFER = 1 << 20


class BlkWriter:
    """Appends ``magic, length, block`` records to ``blk00000.dat``, ``blk00001.dat``..."""

    def __init__(self, folder: Path, network: str, max_file_size: int = MAX_BLOCKFILE_SIZE) -> None:
        self._folder = folder
        self._magic = MAGIC[network]
        self._max = max_file_size
        self._number = 0
        self._size = 0
        self.bytes_written = 0
        folder.mkdir(parents=True, exist_ok=True)
        self._file: BinaryIO = self._open()

    def _open(self) -> BinaryIO:
        return (self._folder / f"blk{self._number:05d}.dat").open("wb", buffering=_BUFFER)

    @property
    def files(self) -> int:
        """How many blk files exist so far."""
        return self._number + 1

    def write(self, block: bytes) -> None:
        """Append one serialized block, starting a new file when this one would grow too big."""
        record = len(block) + 8
        if self._size and self._size + record > self._max:
            self._file.close()
            self._number += 1
            self._size = 0
            self._file = self._open()
        self._file.write(self._magic + struct.pack("<I", len(block)) + block)
        self._size += record
        self.bytes_written += record

    def close(self) -> None:
        """Flush and close the current file."""
        self._file.close()


class EtlWriter:
    """``blocks.jsonl`` and ``transactions.jsonl`` in the blockchain-etl export schema."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._blocks: TextIO = (folder / "blocks.jsonl").open(
            "w", encoding="utf-8", newline="\n", buffering=_BUFFER
        )
        self._txs: TextIO = (folder / "transactions.jsonl").open(
            "w", encoding="utf-8", newline="\n", buffering=_BUFFER
        )

    def write(self, block_line: str, tx_lines: list[str]) -> None:
        """Append one block line and its transaction lines."""
        self._blocks.write(block_line)
        self._txs.write("".join(tx_lines))

    def close(self) -> None:
        """Flush and close both files."""
        self._blocks.close()
        self._txs.close()
