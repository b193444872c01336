"""Spent-output ("undo") files: the outputs a block's inputs spend, in input order.

The format read here is the plain one used by bcoin's test data: one record per non-coinbase
input, in block order, each an 8-byte little-endian value, a CompactSize script length and the
script. (Bitcoin Core's ``rev*.dat`` files use compressed amounts and scripts and are not read.)
With the spent outputs a lone block gets its input values, addresses and fees without the blocks
that created those outputs.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import NamedTuple

from seized.chain.address import Network, script_to_address
from seized.chain.block import Block
from seized.chain.record import ChainBlock, block_to_record
from seized.errors import InputError

_U64 = struct.Struct("<Q").unpack_from


class SpentOutput(NamedTuple):
    value: int  # satoshis
    script_pubkey: bytes


def parse_undo(data: bytes, *, path: str | Path | None = None) -> list[SpentOutput]:
    """Every spent output record in ``data``; InputError (with the byte offset) when corrupt."""
    spent: list[SpentOutput] = []
    p = 0
    end = len(data)
    while p < end:
        start = p
        try:
            value = _U64(data, p)[0]
            n = data[p + 8]
            p += 9
            if n == 0xFD:
                n = int.from_bytes(data[p : p + 2], "little")
                p += 2
            elif n == 0xFE:
                n = int.from_bytes(data[p : p + 4], "little")
                p += 4
            elif n == 0xFF:
                raise IndexError
        except (IndexError, struct.error):
            raise InputError(
                f"spent-output record {len(spent)} is truncated", path, offset=start
            ) from None
        if p + n > end:
            raise InputError(
                f"script of spent-output record {len(spent)} runs past the end ({n} bytes)",
                path,
                offset=start + 8,
            )
        spent.append(SpentOutput(value, data[p : p + n]))
        p += n
    return spent


def read_undo(path: Path) -> list[SpentOutput]:
    """The spent outputs in an undo file."""
    return parse_undo(path.read_bytes(), path=path)


def block_with_undo(
    block: Block,
    spent: list[SpentOutput],
    *,
    height: int | None = None,
    network: Network = "mainnet",
    path: str | Path | None = None,
) -> ChainBlock:
    """The block's record with every non-coinbase input's value and address filled in."""
    record = block_to_record(block, height=height, network=network)
    first = block.tx_in[1] if block.tx_count > 1 else len(record.in_tx)
    if len(spent) != len(record.in_tx) - first:
        raise InputError(
            f"undo data has {len(spent)} spent outputs but block {block.hash_hex} has "
            f"{len(record.in_tx) - first} non-coinbase inputs",
            path,
        )
    for k, out in enumerate(spent, start=first):
        record.in_value[k] = out.value
        record.in_address[k] = script_to_address(out.script_pubkey, network)[1]
    for i in range(1, block.tx_count):
        a, b = block.tx_in[i], block.tx_in[i + 1]
        total = sum(out.value for out in spent[a - first : b - first])
        record.tx_fee_sats[i] = total - record.tx_output_sats[i]
    return record
