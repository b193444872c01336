"""Serialized Bitcoin blocks and transactions, decoded into columns.

A block is decoded in one pass into flat, parallel lists (one entry per transaction, input or
output) instead of an object per field: that is what makes the parser fast in pure Python.
:meth:`Block.tx` gives a readable view of one transaction when a caller wants objects.

Hashes are kept as raw bytes in the internal (little-endian) byte order, as they appear on the
wire; the ``*_hex`` helpers give the usual big-endian display hex. Bad input raises
:class:`~seized.errors.InputError` naming the file and the byte offset; no other exception escapes.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from seized.chain.address import Network
from seized.errors import InputError

HEADER_SIZE = 80
#: Largest serialized block consensus allows (4M weight units, all witness): a sanity bound.
MAX_BLOCK_SIZE = 4_000_000

_HEADER = struct.Struct("<I32s32sIII")
_U16 = struct.Struct("<H").unpack_from
_U32 = struct.Struct("<I").unpack_from
_U64 = struct.Struct("<Q").unpack_from
_OUTPOINT = struct.Struct("<32sI").unpack_from
_VALUE = struct.Struct("<QB").unpack_from
_COINBASE_PREV = bytes(32)
_sha256 = hashlib.sha256


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


class Block:
    """One decoded block: header fields, then transactions, inputs and outputs as columns.

    :func:`parse_block` walks the whole block once: it checks every length against the data,
    finds every transaction, input and output and computes txids and wtxids. The input and
    output columns (``in_*``, ``out_*``, ``witness``) are cut out of the block's bytes the first
    time they are read, in bulk. ``tx_in`` and ``tx_out`` have one entry more than there are
    transactions: the inputs of transaction ``i`` are ``in_*[tx_in[i]:tx_in[i+1]]``, likewise
    for outputs.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        version, prev, root, time, bits, nonce = _HEADER.unpack_from(data, 0)
        self.header = data[:HEADER_SIZE]
        self.hash = sha256d(self.header)
        self.version: int = version
        self.prev_hash: bytes = prev
        self.merkle_root: bytes = root
        self.time: int = time
        self.bits: int = bits
        self.nonce: int = nonce
        self.size = len(data)
        self.txids: list[bytes] = []
        self.wtxids: list[bytes] = []
        self.tx_start: list[int] = []  # byte offset of each transaction in the block
        self.tx_size: list[int] = []
        self.tx_base_size: list[int] = []  # size without marker, flag and witnesses
        self.tx_in: list[int] = [0]
        self.tx_out: list[int] = [0]
        self.in_offset: list[int] = []  # byte offset of each input (its outpoint)
        self.out_offset: list[int] = []  # byte offset of each output (its value)
        self.witness_offset: dict[int, int] = {}  # input index -> offset of its witness stack
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
        return len(self.txids)

    @property
    def has_witness(self) -> bool:
        return bool(self.witness_offset) or self.tx_size != self.tx_base_size

    # --- columns, cut out on first use ------------------------------------------------------

    @cached_property
    def tx_version(self) -> list[int]:
        data = self.data
        return [_U32(data, o)[0] for o in self.tx_start]

    @cached_property
    def tx_lock_time(self) -> list[int]:
        data = self.data
        return [_U32(data, o + n - 4)[0] for o, n in zip(self.tx_start, self.tx_size, strict=True)]

    @cached_property
    def in_prev_txid(self) -> list[bytes]:
        data = self.data
        return [data[o : o + 32] for o in self.in_offset]

    @cached_property
    def in_prev_vout(self) -> list[int]:
        data = self.data
        return [_U32(data, o + 32)[0] for o in self.in_offset]

    @cached_property
    def _in_script_span(self) -> list[tuple[int, int]]:
        data = self.data
        return [
            (o + 37, o + 37 + n) if (n := data[o + 36]) < 0xFD else _field_span(data, o + 36)
            for o in self.in_offset
        ]

    @cached_property
    def in_script(self) -> list[bytes]:
        data = self.data
        return [data[a:b] for a, b in self._in_script_span]

    @cached_property
    def in_sequence(self) -> list[int]:
        data = self.data
        return [_U32(data, b)[0] for _a, b in self._in_script_span]

    @cached_property
    def out_value(self) -> list[int]:
        data = self.data
        return [_U64(data, o)[0] for o in self.out_offset]

    @cached_property
    def out_script(self) -> list[bytes]:
        data = self.data
        return [
            data[o + 9 : o + 9 + n] if (n := data[o + 8]) < 0xFD else _field(data, o + 8)
            for o in self.out_offset
        ]

    @cached_property
    def witness(self) -> dict[int, tuple[bytes, ...]]:
        """Witness stacks by input index; inputs without witness items are absent."""
        data = self.data
        stacks: dict[int, tuple[bytes, ...]] = {}
        for k, p in self.witness_offset.items():
            count, p = _varint(data, p)
            items = []
            for _ in range(count):
                a, p = _field_span(data, p)
                items.append(data[a:p])
            stacks[k] = tuple(items)
        return stacks

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
        return merkle_root(self.txids)

    def witness_commitment_ok(self) -> bool | None:
        """Whether the coinbase's witness commitment (BIP141) matches; None when there is none."""
        if not self.txids:
            return None
        commitment = None
        for k in range(self.tx_out[0], self.tx_out[1]):
            script = self.out_script[k]
            if len(script) >= 38 and script[:6] == b"\x6a\x24\xaa\x21\xa9\xed":
                commitment = script[6:38]
        if commitment is None:
            return None
        nonce = self.witness.get(0, (bytes(32),))[0]
        root = merkle_root([bytes(32), *self.wtxids[1:]])
        return sha256d(root + nonce) == commitment


def merkle_root(hashes: list[bytes]) -> bytes:
    """Bitcoin's merkle root of internal-order hashes (the last one doubled on odd levels)."""
    if not hashes:
        return bytes(32)
    level = hashes
    while len(level) > 1:
        if len(level) & 1:
            level = [*level, level[-1]]
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def _varint_wide(data: bytes, p: int) -> tuple[int, int]:
    """A CompactSize whose first byte (at ``p``) is 0xfd, 0xfe or 0xff."""
    first = data[p]
    if first == 0xFD:
        return _U16(data, p + 1)[0], p + 3
    if first == 0xFE:
        return _U32(data, p + 1)[0], p + 5
    return _U64(data, p + 1)[0], p + 9


def _varint(data: bytes, p: int) -> tuple[int, int]:
    """(value, offset after it) of the CompactSize at ``p``."""
    first = data[p]
    if first < 0xFD:
        return first, p + 1
    return _varint_wide(data, p)


def _field_span(data: bytes, p: int) -> tuple[int, int]:
    """(start, end) of the length-prefixed field whose CompactSize is at ``p``."""
    n, start = _varint(data, p)
    return start, start + n


def _field(data: bytes, p: int) -> bytes:
    """The bytes of the length-prefixed field whose CompactSize is at ``p``."""
    a, b = _field_span(data, p)
    return data[a:b]


def parse_header(data: bytes, offset: int = 0) -> tuple[int, bytes, bytes, int, int, int]:
    """(version, prev_hash, merkle_root, time, bits, nonce) of the 80-byte header at ``offset``."""
    version, prev, root, time, bits, nonce = _HEADER.unpack_from(data, offset)
    return version, prev, root, time, bits, nonce


def parse_block(
    data: bytes,
    *,
    path: str | Path | None = None,
    offset: int = 0,
    check_merkle: bool = True,
) -> Block:
    """Decode one serialized block (``data`` holds exactly the block).

    ``path`` and ``offset`` (the block's position in its file) only serve error messages.
    With ``check_merkle`` the merkle root recomputed from the txids must equal the header's.
    """
    end = len(data)
    if end < HEADER_SIZE + 1:
        raise InputError(
            f"block too short: {end} bytes, a block has at least {HEADER_SIZE + 1}",
            path,
            offset=offset,
        )
    block = Block(data)
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
        p = _scan_transactions(data, p, n_tx, block)
    except (IndexError, struct.error, OverflowError, MemoryError):
        i = len(block.tx_size)
        at = block.tx_start[i] if i < len(block.tx_start) else p
        raise InputError(
            f"transaction {i} of the block is truncated or corrupt",
            path,
            offset=offset + at,
            hint="the block ends before the transaction does, or a length field is wrong",
        ) from None
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


def _scan_transactions(data: bytes, p: int, n_tx: int, block: Block) -> int:
    """Walk ``n_tx`` transactions from ``p``, filling ``block``'s offsets and ids.

    The hot loop of the parser: one pass, no object per field. Raises IndexError (or
    struct.error) when a length runs past the data; :func:`parse_block` turns that into an
    :class:`InputError` with the position.
    """
    end = len(data)
    sha = _sha256
    add_in = block.in_offset.append
    add_out = block.out_offset.append
    add_start = block.tx_start.append
    add_txid = block.txids.append
    add_wtxid = block.wtxids.append
    add_size = block.tx_size.append
    add_base = block.tx_base_size.append
    add_tx_in = block.tx_in.append
    add_tx_out = block.tx_out.append
    witness_offset = block.witness_offset
    n_inputs = 0
    for _ in range(n_tx):
        start = p
        add_start(p)
        p += 4
        segwit = data[p] == 0
        if segwit:
            if data[p + 1] != 1:
                raise IndexError  # unknown flag: corrupt
            p += 2
        ins_start = p
        n_in = data[p]
        p += 1
        if n_in >= 0xFD:
            n_in, p = _varint_wide(data, p - 1)
        for _ in range(n_in):
            add_in(p)
            n = data[p + 36]
            if n < 0xFD:
                p += 41 + n
            else:
                n, q = _varint_wide(data, p + 36)
                p = q + n + 4
        n_out = data[p]
        p += 1
        if n_out >= 0xFD:
            n_out, p = _varint_wide(data, p - 1)
        for _ in range(n_out):
            add_out(p)
            n = data[p + 8]
            if n < 0xFD:
                p += 9 + n
            else:
                n, q = _varint_wide(data, p + 8)
                p = q + n
        outs_end = p
        if segwit:
            for k in range(n_inputs, n_inputs + n_in):
                if data[p]:
                    witness_offset[k] = p
                n_items = data[p]
                p += 1
                if n_items >= 0xFD:
                    n_items, p = _varint_wide(data, p - 1)
                for _ in range(n_items):
                    n = data[p]
                    p += 1
                    if n >= 0xFD:
                        n, p = _varint_wide(data, p - 1)
                    p += n
        p += 4
        if p > end:
            raise IndexError
        wtxid = sha(sha(data[start:p]).digest()).digest()
        add_wtxid(wtxid)
        add_size(p - start)
        if segwit:
            base = data[start : start + 4] + data[ins_start:outs_end] + data[p - 4 : p]
            add_txid(sha(sha(base).digest()).digest())
            add_base(len(base))
        else:
            add_txid(wtxid)
            add_base(p - start)
        n_inputs += n_in
        add_tx_in(n_inputs)
        add_tx_out(len(block.out_offset))
    return p


def is_coinbase_input(prev_txid: bytes, prev_vout: int) -> bool:
    """True for the null outpoint that marks a coinbase input."""
    return prev_vout == 0xFFFFFFFF and prev_txid == _COINBASE_PREV
