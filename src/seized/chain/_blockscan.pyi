"""Types of the compiled module built from _blockscan.c (see seized.chain.block).

Columns of integers travel as bytes of native 64-bit integers (``memoryview(c).cast("q")``);
hashes as 32-byte digests one after the other.
"""

from collections.abc import Sequence
from typing import Literal

from typing_extensions import Buffer

class ScanError(ValueError):
    """A transaction does not fit or is malformed; ``args`` is (its index, its start offset)."""

    args: tuple[int, int]

def scan(
    data: Buffer, pos: int, n_tx: int, /
) -> tuple[int, bytes, bytes, bytes, bytes, bytes, bytes, bytes, bytes, bytes]:
    """Walk ``n_tx`` transactions from ``pos``: (end, txids, tx_start, tx_size, tx_base_size,
    tx_in, tx_out, in_offset, out_offset, witness_offset)."""

def wtxids(
    data: Buffer, txids: Buffer, tx_start: Buffer, tx_size: Buffer, tx_base_size: Buffer, /
) -> bytes:
    """The wtxids: the txid without witness, else the double SHA-256 of the transaction."""

def tx_fields(data: Buffer, tx_start: Buffer, tx_size: Buffer, /) -> tuple[list[int], list[int]]:
    """(versions, lock_times) of the transactions."""

def input_fields(
    data: Buffer, in_offset: Buffer, /
) -> tuple[list[bytes], list[int], list[bytes], list[int]]:
    """(prev_txids, prev_vouts, scripts, sequences) of the inputs at ``in_offset``."""

def output_fields(data: Buffer, out_offset: Buffer, /) -> tuple[list[int], list[bytes]]:
    """(values, scripts) of the outputs at ``out_offset``."""

def witness_stacks(data: Buffer, witness_offset: Buffer, /) -> dict[int, tuple[bytes, ...]]:
    """Witness stacks by input index, from (input index, offset) pairs."""

def merkle_root(hashes: Buffer, /) -> bytes:
    """Merkle root of 32-byte hashes one after the other; 32 zero bytes for none."""

def hash_list(hashes: Buffer, /) -> list[bytes]:
    """The 32-byte hashes given one after the other, as a list."""

def sha256d(data: Buffer, /) -> bytes:
    """Double SHA-256."""

def sha256_impl(name: str | None = None, /) -> str:
    """The SHA-256 compression in use ('sha-ni' or 'portable'); switch to ``name`` first."""

def standard_addresses(
    scripts: Sequence[bytes], network: int, /
) -> list[tuple[Literal["p2sh", "p2pkh", "p2wpkh", "p2wsh", "p2tr"], str] | None]:
    """(kind, address) of each P2SH, P2PKH, P2WPKH, P2WSH or P2TR output script, as
    ``script_to_address`` gives it; ``None`` for any other script. ``network``: 0 mainnet,
    1 testnet, 2 regtest."""
