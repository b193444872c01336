"""Serialized Bitcoin blocks and transactions, decoded into columns.

A block is decoded into flat, parallel lists (one entry per transaction, input or output)
instead of an object per field; :meth:`Block.tx` gives a readable view of one transaction when a
caller wants objects.

:func:`parse_block` reads the header and the transaction count here, then hands the walk over
the transactions to the compiled module :mod:`seized.chain._blockscan` (``_blockscan.c``): one
pass, every length checked against the data before it is used, that records where each
transaction, input, output and witness stack starts and computes the txids (double SHA-256,
with the processor's SHA instructions where it has them); the merkle root is computed there too.
What the walk found comes back packed (bytes of 64-bit integers, of 32-byte hashes) and each
column becomes a list the first time it is read. The wtxids are hashed when first asked for (only
the witness commitment and the transaction view need them), and the fields of inputs, outputs
and witnesses are cut out of the block's bytes by the same module, in bulk, when first read: a
caller that needs only txids and offsets pays for nothing else. The pure-Python walk the module
replaced lives on in ``tests/chain/block_reference.py``, the reference it is tested against
result for result and error for error.

:func:`parse_block` checks the header's proof of work: its hash must not exceed the target its
``bits`` state, so a header changed after mining (a nonce, a time, a previous hash) is refused
rather than stored under a hash no chain has. Whether ``bits`` is the difficulty the chain asked
for at that height is not checked (that needs the whole chain of headers).

Hashes are kept as raw bytes in the internal (little-endian) byte order, as they appear on the
wire; the ``*_hex`` helpers give the usual big-endian display hex. Bad input raises
:class:`~seized.errors.InputError` naming the file and the byte offset; no other exception escapes.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, NamedTuple, Self, TypeVar, overload

from seized.chain import _blockscan
from seized.chain._blockscan import ScanError
from seized.chain.address import Network
from seized.errors import InputError

HEADER_SIZE = 80
#: The easiest target of any network (regtest's proof-of-work limit): no valid block is above it.
MAX_TARGET = 2**255 - 1
#: Largest serialized block consensus allows (4M weight units, all witness): a sanity bound.
MAX_BLOCK_SIZE = 4_000_000

_HEADER = struct.Struct("<I32s32sIII")
_WIDE = {0xFD: struct.Struct("<H"), 0xFE: struct.Struct("<I"), 0xFF: struct.Struct("<Q")}
_sha256 = hashlib.sha256
_T = TypeVar("_T")


def display_hex(raw: bytes) -> str:
    """Big-endian display hex of an internal-order hash."""
    return raw[::-1].hex()


def sha256d(data: bytes) -> bytes:
    """Double SHA-256 (internal byte order)."""
    return _sha256(_sha256(data).digest()).digest()


class TxIn(NamedTuple):
    prev_txid: str  # display hex; all zeros for a coinbase
    prev_vout: int
    script_sig: bytes
    sequence: int
    witness: tuple[bytes, ...]


class TxOut(NamedTuple):
    value: int  # satoshis
    script_pubkey: bytes


@dataclass(frozen=True)
class Transaction:
    """A readable view of one transaction of a :class:`Block`."""

    txid: str
    wtxid: str
    version: int
    lock_time: int
    size: int
    weight: int
    is_coinbase: bool
    has_witness: bool
    inputs: tuple[TxIn, ...]
    outputs: tuple[TxOut, ...]

    @property
    def vsize(self) -> int:
        return (self.weight + 3) // 4


class _cached(Generic[_T]):
    """An attribute computed on first read and stored on the instance.

    functools.cached_property without its lock, which makes every first read cost over a
    microsecond on Python 3.11 (3.12 dropped it): a block has a dozen columns, and a blk file
    holds thousands of small blocks. Two threads may compute a column twice; both get the same.
    """

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> _T | Self:
        if obj is None:
            return self
        value: _T = self.compute(obj)
        obj.__dict__[self.name] = value
        return value


class _Walk(NamedTuple):
    """What the compiled walk over a block's transactions found (``_blockscan.scan``), packed.

    ``txids`` holds 32-byte hashes one after the other; every other field is a column of native
    64-bit integers, turned into a list by :class:`Block` the first time it is read.
    ``witness_offset`` holds pairs (input index, offset of its witness stack).
    """

    txids: bytes = b""
    tx_start: bytes = b""
    tx_size: bytes = b""
    tx_base_size: bytes = b""
    tx_in: bytes = bytes(8)  # one entry more than there are transactions: starts at 0
    tx_out: bytes = bytes(8)
    in_offset: bytes = b""
    out_offset: bytes = b""
    witness_offset: bytes = b""


_NO_WALK = _Walk()


def _ints(column: bytes) -> list[int]:
    return memoryview(column).cast("q").tolist()


class Block:
    """One decoded block: header fields, then transactions, inputs and outputs as columns.

    :func:`parse_block` walks the whole block once: it checks every length against the data,
    finds every transaction, input and output and computes the txids. Every column is a list
    made the first time it is read: the offsets and txids from what the walk found, the wtxids
    by hashing the transactions that have witnesses, the fields (``tx_version``,
    ``tx_lock_time``, ``in_*``, ``out_*``, ``witness``) by cutting them out of the block's
    bytes, in bulk. ``tx_in`` and ``tx_out`` have one entry more than there are transactions:
    the inputs of transaction ``i`` are ``in_*[tx_in[i]:tx_in[i+1]]``, likewise for outputs.
    """

    def __init__(
        self, data: bytes, walk: _Walk = _NO_WALK, block_hash: bytes | None = None
    ) -> None:
        self.data = data
        version, prev, root, time, bits, nonce = _HEADER.unpack_from(data, 0)
        self.header = data[:HEADER_SIZE]
        self.hash = sha256d(self.header) if block_hash is None else block_hash
        self.version: int = version
        self.prev_hash: bytes = prev
        self.merkle_root: bytes = root
        self.time: int = time
        self.bits: int = bits
        self.nonce: int = nonce
        self.size = len(data)
        self._walk = walk
        self.path: str | None = None  # where the block was read, when from a file
        self.offset = 0  # the block's byte offset in that file
        self.network: Network = "mainnet"

    # --- header ---------------------------------------------------------------------------

    @property
    def hash_hex(self) -> str:
        return display_hex(self.hash)

    @property
    def prev_hash_hex(self) -> str:
        return display_hex(self.prev_hash)

    @property
    def merkle_root_hex(self) -> str:
        return display_hex(self.merkle_root)

    @property
    def tx_count(self) -> int:
        return len(self._walk.txids) // 32

    @property
    def has_witness(self) -> bool:
        walk = self._walk
        return bool(walk.witness_offset) or walk.tx_size != walk.tx_base_size

    # --- what the walk found ----------------------------------------------------------------

    @_cached
    def txids(self) -> list[bytes]:
        return _blockscan.hash_list(self._walk.txids)

    @_cached
    def _wtxids(self) -> bytes:
        walk = self._walk
        return _blockscan.wtxids(
            self.data, walk.txids, walk.tx_start, walk.tx_size, walk.tx_base_size
        )

    @_cached
    def wtxids(self) -> list[bytes]:
        return _blockscan.hash_list(self._wtxids)

    @_cached
    def tx_start(self) -> list[int]:
        """Byte offset of each transaction in the block."""
        return _ints(self._walk.tx_start)

    @_cached
    def tx_size(self) -> list[int]:
        return _ints(self._walk.tx_size)

    @_cached
    def tx_base_size(self) -> list[int]:
        """Size of each transaction without marker, flag and witnesses."""
        return _ints(self._walk.tx_base_size)

    @_cached
    def tx_in(self) -> list[int]:
        return _ints(self._walk.tx_in)

    @_cached
    def tx_out(self) -> list[int]:
        return _ints(self._walk.tx_out)

    @_cached
    def in_offset(self) -> list[int]:
        """Byte offset of each input (its outpoint)."""
        return _ints(self._walk.in_offset)

    @_cached
    def out_offset(self) -> list[int]:
        """Byte offset of each output (its value)."""
        return _ints(self._walk.out_offset)

    @_cached
    def witness_offset(self) -> dict[int, int]:
        """Input index -> offset of its witness stack, for stacks that are not empty."""
        pairs = iter(_ints(self._walk.witness_offset))
        return dict(zip(pairs, pairs, strict=True))

    # --- fields, cut out of the block's bytes -----------------------------------------------

    @_cached
    def _tx_fields(self) -> tuple[list[int], list[int]]:
        return _blockscan.tx_fields(self.data, self._walk.tx_start, self._walk.tx_size)

    @_cached
    def tx_version(self) -> list[int]:
        return self._tx_fields[0]

    @_cached
    def tx_lock_time(self) -> list[int]:
        return self._tx_fields[1]

    @_cached
    def _input_fields(self) -> tuple[list[bytes], list[int], list[bytes], list[int]]:
        return _blockscan.input_fields(self.data, self._walk.in_offset)

    @_cached
    def in_prev_txid(self) -> list[bytes]:
        return self._input_fields[0]

    @_cached
    def in_prev_vout(self) -> list[int]:
        return self._input_fields[1]

    @_cached
    def in_script(self) -> list[bytes]:
        return self._input_fields[2]

    @_cached
    def in_sequence(self) -> list[int]:
        return self._input_fields[3]

    @_cached
    def _output_fields(self) -> tuple[list[int], list[bytes]]:
        return _blockscan.output_fields(self.data, self._walk.out_offset)

    @_cached
    def out_value(self) -> list[int]:
        return self._output_fields[0]

    @_cached
    def out_script(self) -> list[bytes]:
        return self._output_fields[1]

    @_cached
    def witness(self) -> dict[int, tuple[bytes, ...]]:
        """Witness stacks by input index; inputs without witness items are absent."""
        return _blockscan.witness_stacks(self.data, self._walk.witness_offset)

    # --- views and checks -------------------------------------------------------------------

    def tx_has_witness(self, i: int) -> bool:
        return self.tx_size[i] != self.tx_base_size[i]

    def tx_weight(self, i: int) -> int:
        return self.tx_base_size[i] * 3 + self.tx_size[i]

    def tx_bytes(self, i: int) -> bytes:
        """The serialized transaction ``i`` (with witnesses)."""
        start = self.tx_start[i]
        return self.data[start : start + self.tx_size[i]]

    def tx(self, i: int) -> Transaction:
        """A readable view of transaction ``i`` (0 is the coinbase)."""
        a, b = self.tx_in[i], self.tx_in[i + 1]
        witness = self.witness
        inputs = tuple(
            TxIn(
                display_hex(self.in_prev_txid[k]),
                self.in_prev_vout[k],
                self.in_script[k],
                self.in_sequence[k],
                witness.get(k, ()),
            )
            for k in range(a, b)
        )
        c, d = self.tx_out[i], self.tx_out[i + 1]
        outputs = tuple(TxOut(self.out_value[k], self.out_script[k]) for k in range(c, d))
        return Transaction(
            txid=display_hex(self.txids[i]),
            wtxid=display_hex(self.wtxids[i]),
            version=self.tx_version[i],
            lock_time=self.tx_lock_time[i],
            size=self.tx_size[i],
            weight=self.tx_weight(i),
            is_coinbase=i == 0,
            has_witness=self.tx_has_witness(i),
            inputs=inputs,
            outputs=outputs,
        )

    def coinbase_height(self) -> int | None:
        """The BIP34 height pushed first in the coinbase script (blocks of version 2 and up)."""
        if self.version < 2 or not self.in_offset:
            return None
        script = self.in_script[0]
        if not script:
            return None
        op = script[0]
        if op == 0:
            return 0
        if 0x51 <= op <= 0x60:
            return op - 0x50
        if 1 <= op <= 8 and len(script) > op:
            return int.from_bytes(script[1 : 1 + op], "little", signed=True)
        return None

    def computed_merkle_root(self) -> bytes:
        """The merkle root of the transaction ids, as the header should state it."""
        return _blockscan.merkle_root(self._walk.txids)

    def witness_commitment_ok(self) -> bool | None:
        """Whether the coinbase's witness commitment (BIP141) matches; None when there is none."""
        if not self.tx_count:
            return None
        commitment = None
        for k in range(self.tx_out[0], self.tx_out[1]):
            script = self.out_script[k]
            if len(script) >= 38 and script[:6] == b"\x6a\x24\xaa\x21\xa9\xed":
                commitment = script[6:38]
        if commitment is None:
            return None
        nonce = self.witness.get(0, (bytes(32),))[0]
        root = _blockscan.merkle_root(bytes(32) + self._wtxids[32:])
        return sha256d(root + nonce) == commitment


def merkle_root(hashes: list[bytes]) -> bytes:
    """Bitcoin's merkle root of internal-order hashes (the last one doubled on odd levels).

    Every hash must be 32 bytes; 32 zero bytes when there are none.
    """
    if any(len(h) != 32 for h in hashes):
        raise ValueError("merkle_root: every hash must be 32 bytes")
    return _blockscan.merkle_root(b"".join(hashes))


def _varint(data: bytes, p: int) -> tuple[int, int]:
    """(value, offset after it) of the CompactSize at ``p``."""
    first = data[p]
    if first < 0xFD:
        return first, p + 1
    wide = _WIDE[first]
    return wide.unpack_from(data, p + 1)[0], p + 1 + wide.size


def pow_target(bits: int) -> int | None:
    """The target that compact ``bits`` encode, or None when the encoding is negative, zero or
    overflows 256 bits (Bitcoin Core's ``arith_uint256::SetCompact``)."""
    size, word = bits >> 24, bits & 0x007FFFFF
    if word and bits & 0x00800000:
        return None
    if word and (size > 34 or (word > 0xFF and size > 33) or (word > 0xFFFF and size > 32)):
        return None
    target = word >> 8 * (3 - size) if size <= 3 else word << 8 * (size - 3)
    return target or None


def parse_block(
    data: bytes,
    *,
    path: str | Path | None = None,
    offset: int = 0,
    check_merkle: bool = True,
    check_pow: bool = True,
) -> Block:
    """Decode one serialized block (``data`` holds exactly the block).

    ``path`` and ``offset`` (the block's position in its file) only serve error messages.
    With ``check_pow`` the header's hash must meet the target of its ``bits``; with
    ``check_merkle`` the merkle root recomputed from the txids must equal the header's.
    """
    end = len(data)
    if end < HEADER_SIZE + 1:
        raise InputError(
            f"block too short: {end} bytes, a block has at least {HEADER_SIZE + 1}",
            path,
            offset=offset,
        )
    block_hash = sha256d(data[:HEADER_SIZE])
    if check_pow:
        bits = int.from_bytes(data[72:76], "little")
        target = pow_target(bits)
        if target is None or target > MAX_TARGET or int.from_bytes(block_hash, "little") > target:
            raise InputError(
                f"block {display_hex(block_hash)} lacks the proof of work its header states "
                f"(bits {bits:08x}): its hash is above that target",
                path,
                offset=offset,
                hint="a header changed after mining (nonce, time, a hash) hashes differently; "
                "read the block again from its source",
            )
    try:
        n_tx, p = _varint(data, HEADER_SIZE)
    except (IndexError, struct.error):
        raise InputError(
            "block truncated in its transaction count", path, offset=offset + HEADER_SIZE
        ) from None
    if n_tx == 0 or n_tx > (end - p) // 60 + 1:
        raise InputError(
            f"implausible transaction count {n_tx} for a block of {end} bytes",
            path,
            offset=offset + HEADER_SIZE,
        )
    try:
        p, *columns = _blockscan.scan(data, p, n_tx)
    except ScanError as err:
        i, at = err.args
        raise InputError(
            f"transaction {i} of the block is truncated or corrupt",
            path,
            offset=offset + at,
            hint="the block ends before the transaction does, or a length field is wrong",
        ) from None
    block = Block(data, _Walk(*columns), block_hash)
    if p != end:
        raise InputError(
            f"{end - p} bytes left over after the block's {n_tx} transactions",
            path,
            offset=offset + p,
        )
    if check_merkle and block.computed_merkle_root() != block.merkle_root:
        raise InputError(
            f"merkle root of the transactions does not match the header of block {block.hash_hex}",
            path,
            offset=offset,
        )
    return block
