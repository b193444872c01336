"""blockchain-etl JSON lines for the synthetic chain (the ``crypto_bitcoin`` export schema).

Field names and order follow blockchain-etl's ``export_blocks_and_transactions``: one object per
line, ``"type": "block"`` or ``"type": "transaction"``. As there, the coinbase input is dropped
(``is_coinbase`` is true, ``inputs`` is empty, ``fee`` is 0) and its scriptSig becomes the block's
``coinbase_param``; inputs carry the spent output's ``type``, ``addresses`` and ``value``; outputs
without an address get type ``nonstandard`` and a ``nonstandard<sha256>`` pseudo-address; amounts
are satoshis, times are Unix seconds, ``nonce`` and ``bits`` are hex strings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from seized.synth.bitcoin_block import Block
from seized.synth.bitcoin_script import TYPE_NONSTANDARD, asm, nonstandard_address, output_type
from seized.synth.bitcoin_tx import RawTx

_COMPACT = (",", ":")


@dataclass(frozen=True, slots=True)
class EtlInput:
    """What the export says about one input besides its scriptSig."""

    spent_txid: str  # display hex
    spent_vout: int
    script_sig: bytes
    sequence: int
    address: str
    script_pubkey: bytes  # of the spent output
    value: int


def outputs_json(outputs: Sequence[tuple[int, bytes, str | None]]) -> str:
    """The ``outputs`` array: (value, scriptPubKey, address or None) in output order.

    Written by hand rather than by ``json.dumps``: every value is a number or ASCII text that
    needs no escaping (hex, addresses, opcode names), and this is the hot path of a large chain.
    """
    parts: list[str] = []
    for index, (value, script, address) in enumerate(outputs):
        kind = output_type(script)
        if kind == TYPE_NONSTANDARD or address is None:
            kind, address, required = TYPE_NONSTANDARD, nonstandard_address(script), "null"
        else:
            required = "1"
        parts.append(
            f'{{"index":{index},"script_asm":"{asm(script)}","script_hex":"{script.hex()}",'
            f'"required_signatures":{required},"type":"{kind}","addresses":["{address}"],'
            f'"value":{value}}}'
        )
    return "[" + ",".join(parts) + "]"


def inputs_json(inputs: Sequence[EtlInput]) -> str:
    """The ``inputs`` array, enriched with the spent outputs as blockchain-etl does."""
    parts = [
        f'{{"index":{index},"spent_transaction_hash":"{item.spent_txid}",'
        f'"spent_output_index":{item.spent_vout},'
        f'"script_asm":"{asm(item.script_sig, decode_sighash=True)}",'
        f'"script_hex":"{item.script_sig.hex()}","sequence":{item.sequence},'
        f'"required_signatures":1,"type":"{output_type(item.script_pubkey)}",'
        f'"addresses":["{item.address}"],"value":{item.value}}}'
        for index, item in enumerate(inputs)
    ]
    return "[" + ",".join(parts) + "]"


def tx_tail(
    inputs: str, outputs: str, counts: tuple[int, int], in_value: int, out_value: int
) -> str:
    """The block-independent end of a transaction line (from ``inputs`` to ``fee``)."""
    fee = in_value - out_value if counts[0] else 0
    return (
        f'"inputs":{inputs},"outputs":{outputs},'
        f'"input_count":{counts[0]},"output_count":{counts[1]},'
        f'"input_value":{in_value},"output_value":{out_value},"fee":{fee}'
    )


def tx_line(
    tx: RawTx, version: int, lock_time: int, block: Block, height: int, index: int, tail: str
) -> str:
    """One ``transactions.jsonl`` line."""
    return (
        f'{{"type":"transaction","hash":"{tx.txid[::-1].hex()}","size":{tx.size},'
        f'"virtual_size":{tx.vsize},"version":{version},"lock_time":{lock_time},'
        f'"block_number":{height},"block_hash":"{block.hash[::-1].hex()}",'
        f'"block_timestamp":{block.time},"is_coinbase":{"true" if index == 0 else "false"},'
        f'"index":{index},{tail}}}\n'
    )


def block_line(block: Block, height: int, coinbase_param: bytes, tx_count: int) -> str:
    """One ``blocks.jsonl`` line."""
    row = {
        "type": "block",
        "hash": block.hash[::-1].hex(),
        "size": block.size,
        "stripped_size": block.stripped_size,
        "weight": block.weight,
        "number": height,
        "version": int.from_bytes(block.header[:4], "little", signed=True),
        "merkle_root": block.merkle_root[::-1].hex(),
        "timestamp": block.time,
        "nonce": format(block.nonce, "x"),
        "bits": format(block.bits, "08x"),
        "coinbase_param": coinbase_param.hex(),
        "transaction_count": tx_count,
    }
    return json.dumps(row, separators=_COMPACT) + "\n"
