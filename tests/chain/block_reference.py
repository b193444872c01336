"""The pure-Python block parser that the compiled walk replaced, kept as the reference.

:func:`reference_parse` is the former ``parse_block`` with its hot loop ``_scan_transactions``
and the former column code, unchanged in what they accept, compute and raise; it uses only the
standard library (hashlib for SHA-256), so it is independent of ``seized.chain._blockscan``.
It returns every column :class:`seized.chain.block.Block` offers, for comparison.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path
from typing import Any

from seized.errors import InputError

HEADER_SIZE = 80
_U16 = struct.Struct("<H").unpack_from
_U32 = struct.Struct("<I").unpack_from
_U64 = struct.Struct("<Q").unpack_from
_sha256 = hashlib.sha256

#: Every column of a Block, in the reference's terms.
COLUMNS = (
    "txids",
    "wtxids",
    "tx_start",
    "tx_size",
    "tx_base_size",
    "tx_in",
    "tx_out",
    "in_offset",
    "out_offset",
    "witness_offset",
    "tx_version",
    "tx_lock_time",
    "in_prev_txid",
    "in_prev_vout",
    "in_script",
    "in_sequence",
    "out_value",
    "out_script",
    "witness",
)


def sha256d(data: bytes) -> bytes:
    return _sha256(_sha256(data).digest()).digest()


def merkle_root(hashes: list[bytes]) -> bytes:
    if not hashes:
        return bytes(32)
    level = hashes
    while len(level) > 1:
        if len(level) & 1:
            level = [*level, level[-1]]
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def _varint_wide(data: bytes, p: int) -> tuple[int, int]:
    first = data[p]
    if first == 0xFD:
        return _U16(data, p + 1)[0], p + 3
    if first == 0xFE:
        return _U32(data, p + 1)[0], p + 5
    return _U64(data, p + 1)[0], p + 9


def varint(data: bytes, p: int) -> tuple[int, int]:
    """(value, offset after it) of the CompactSize at ``p``."""
    first = data[p]
    if first < 0xFD:
        return first, p + 1
    return _varint_wide(data, p)


def _field_span(data: bytes, p: int) -> tuple[int, int]:
    n, start = varint(data, p)
    return start, start + n


def reference_parse(
    data: bytes, *, path: str | Path | None = None, offset: int = 0, check_merkle: bool = True
) -> dict[str, Any]:
    """Every column of the block, or the InputError the former parser raised."""
    end = len(data)
    if end < HEADER_SIZE + 1:
        raise InputError(
            f"block too short: {end} bytes, a block has at least {HEADER_SIZE + 1}",
            path,
            offset=offset,
        )
    try:
        n_tx, p = varint(data, HEADER_SIZE)
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
    cols: dict[str, Any] = {
        "txids": [],
        "wtxids": [],
        "tx_start": [],
        "tx_size": [],
        "tx_base_size": [],
        "tx_in": [0],
        "tx_out": [0],
        "in_offset": [],
        "out_offset": [],
        "witness_offset": {},
    }
    try:
        p = _scan_transactions(data, p, n_tx, cols)
    except (IndexError, struct.error, OverflowError, MemoryError):
        i = len(cols["tx_size"])
        at = cols["tx_start"][i] if i < len(cols["tx_start"]) else p
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
    if check_merkle and merkle_root(cols["txids"]) != data[36:68]:
        block_hash = sha256d(data[:HEADER_SIZE])[::-1].hex()
        raise InputError(
            f"merkle root of the transactions does not match the header of block {block_hash}",
            path,
            offset=offset,
        )
    _cut_fields(data, cols)
    return cols


def _scan_transactions(data: bytes, p: int, n_tx: int, cols: dict[str, Any]) -> int:
    """The former hot loop, word for word (appending to ``cols`` instead of a Block)."""
    end = len(data)
    sha = _sha256
    add_in = cols["in_offset"].append
    add_out = cols["out_offset"].append
    add_start = cols["tx_start"].append
    add_txid = cols["txids"].append
    add_wtxid = cols["wtxids"].append
    add_size = cols["tx_size"].append
    add_base = cols["tx_base_size"].append
    add_tx_in = cols["tx_in"].append
    add_tx_out = cols["tx_out"].append
    witness_offset = cols["witness_offset"]
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
        add_tx_out(len(cols["out_offset"]))
    return p


def _cut_fields(data: bytes, cols: dict[str, Any]) -> None:
    """The former lazily cut columns, computed at once."""
    cols["tx_version"] = [_U32(data, o)[0] for o in cols["tx_start"]]
    cols["tx_lock_time"] = [
        _U32(data, o + n - 4)[0] for o, n in zip(cols["tx_start"], cols["tx_size"], strict=True)
    ]
    cols["in_prev_txid"] = [data[o : o + 32] for o in cols["in_offset"]]
    cols["in_prev_vout"] = [_U32(data, o + 32)[0] for o in cols["in_offset"]]
    spans = [_field_span(data, o + 36) for o in cols["in_offset"]]
    cols["in_script"] = [data[a:b] for a, b in spans]
    cols["in_sequence"] = [_U32(data, b)[0] for _a, b in spans]
    cols["out_value"] = [_U64(data, o)[0] for o in cols["out_offset"]]
    cols["out_script"] = [data[slice(*_field_span(data, o + 8))] for o in cols["out_offset"]]
    stacks: dict[int, tuple[bytes, ...]] = {}
    for k, p in cols["witness_offset"].items():
        count, p = varint(data, p)
        items = []
        for _ in range(count):
            a, p = _field_span(data, p)
            items.append(data[a:p])
        stacks[k] = tuple(items)
    cols["witness"] = stacks


#: nBits of regtest: about one header hash in two meets its target.
REGTEST_BITS = 0x207FFFFF


def mine(header: bytes) -> bytes:
    """``header`` with regtest's bits and the first nonce whose hash meets them."""
    target = 0x7FFFFF << 8 * (0x20 - 3)
    prefix = header[:72] + REGTEST_BITS.to_bytes(4, "little")
    for nonce in range(2**32):
        mined = prefix + nonce.to_bytes(4, "little")
        if int.from_bytes(_sha256(_sha256(mined).digest()).digest(), "little") <= target:
            return mined
    raise AssertionError("no nonce meets the regtest target")


def build_block(header: bytes, txs: list[bytes]) -> bytes:
    """A block of real transactions: ``header`` with the merkle root of ``txs`` put in, mined
    at regtest's difficulty."""
    txids = []
    for raw in txs:
        one = reference_parse(_wrap(raw), check_merkle=False)
        txids.append(one["txids"][0])
    root = merkle_root(txids)
    return mine(header[:36] + root + header[68:80]) + _compact(len(txs)) + b"".join(txs)


def _wrap(raw: bytes) -> bytes:
    """A one-transaction block around ``raw`` (any header) for the reference to hash."""
    return bytes(80) + b"\x01" + raw


def _compact(n: int) -> bytes:
    if n < 0xFD:
        return bytes([n])
    if n <= 0xFFFF:
        return b"\xfd" + n.to_bytes(2, "little")
    if n <= 0xFFFFFFFF:
        return b"\xfe" + n.to_bytes(4, "little")
    return b"\xff" + n.to_bytes(8, "little")
