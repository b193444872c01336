"""One block in the case store's terms: the common output of every chain source.

Raw blocks, blk files, blockchain-etl exports and Bitcoin Core RPC all become
:class:`ChainBlock` records (columns of Python lists, hashes in display hex, amounts in satoshis),
which :func:`seized.chain.load.load_chain` writes to the case store. Sources that know more than
the raw block (an input's value and address, the height) fill those columns; the loader resolves
the rest from the outputs already loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seized.chain._blockscan import standard_addresses
from seized.chain.address import Network, script_to_address
from seized.chain.block import Block, display_hex

_NULL_TXID = bytes(32)
_COINBASE_VOUT = 0xFFFFFFFF
#: The network codes of ``_blockscan.standard_addresses``.
_NETWORK_CODE: dict[str, int] = {"mainnet": 0, "testnet": 1, "regtest": 2}


@dataclass
class ChainBlock:
    """A block with its transactions, inputs and outputs as parallel columns.

    Inputs and outputs name their transaction by its index in ``txids`` (``in_tx``/``out_tx``).
    Coinbase inputs have ``None`` as previous txid and vout.
    """

    hash: str
    prev_hash: str
    time: int  # unix seconds
    height: int | None = None
    merkle_root: str | None = None
    version: int | None = None
    size: int | None = None
    txids: list[str] = field(default_factory=list)
    tx_coinbase: list[bool] = field(default_factory=list)
    tx_n_inputs: list[int] = field(default_factory=list)
    tx_n_outputs: list[int] = field(default_factory=list)
    tx_output_sats: list[int] = field(default_factory=list)
    tx_fee_sats: list[int | None] = field(default_factory=list)  # when the source states it
    in_tx: list[int] = field(default_factory=list)
    in_idx: list[int] = field(default_factory=list)
    in_prev_txid: list[str | None] = field(default_factory=list)
    in_prev_vout: list[int | None] = field(default_factory=list)
    in_address: list[str | None] = field(default_factory=list)
    in_value: list[int | None] = field(default_factory=list)
    out_tx: list[int] = field(default_factory=list)
    out_vout: list[int] = field(default_factory=list)
    out_value: list[int] = field(default_factory=list)
    out_address: list[str | None] = field(default_factory=list)
    out_type: list[str] = field(default_factory=list)

    @property
    def tx_count(self) -> int:
        return len(self.txids)


def _runs(bounds: list[int]) -> tuple[list[int], list[int]]:
    """(owner index, position within owner) of every item, from cumulative ``bounds``."""
    owner: list[int] = []
    position: list[int] = []
    for i in range(len(bounds) - 1):
        count = bounds[i + 1] - bounds[i]
        owner.extend([i] * count)
        position.extend(range(count))
    return owner, position


def block_to_record(
    block: Block, *, height: int | None = None, network: Network = "mainnet"
) -> ChainBlock:
    """The :class:`ChainBlock` of a parsed raw block (addresses classified for ``network``)."""
    n_tx = block.tx_count
    in_tx, in_idx = _runs(block.tx_in)
    out_tx, out_vout = _runs(block.tx_out)
    prev_raw = block.in_prev_txid
    vouts = block.in_prev_vout
    coinbase_inputs = range(block.tx_in[0], block.tx_in[1])
    prev_txid: list[str | None] = [p[::-1].hex() for p in prev_raw]
    prev_vout: list[int | None] = list(vouts)
    for k in coinbase_inputs:
        prev_txid[k] = None
        prev_vout[k] = None
    values = block.out_value
    # The compiled module gives the addresses of the standard forms (P2SH, P2PKH, P2WPKH,
    # P2WSH, P2TR) for the whole block at once; script_to_address, the reference, the rest.
    scripts = block.out_script
    found = standard_addresses(scripts, _NETWORK_CODE[network])
    classified: list[tuple[str, str | None]] = [
        c if c is not None else script_to_address(s, network)
        for s, c in zip(scripts, found, strict=True)
    ]
    bounds = block.tx_out
    return ChainBlock(
        hash=block.hash_hex,
        prev_hash=block.prev_hash_hex,
        time=block.time,
        height=height,
        merkle_root=display_hex(block.merkle_root),
        version=block.version,
        size=block.size,
        txids=[t[::-1].hex() for t in block.txids],
        tx_coinbase=[True] + [False] * (n_tx - 1),
        tx_n_inputs=[block.tx_in[i + 1] - block.tx_in[i] for i in range(n_tx)],
        tx_n_outputs=[bounds[i + 1] - bounds[i] for i in range(n_tx)],
        tx_output_sats=[sum(values[bounds[i] : bounds[i + 1]]) for i in range(n_tx)],
        tx_fee_sats=[None] * n_tx,
        in_tx=in_tx,
        in_idx=in_idx,
        in_prev_txid=prev_txid,
        in_prev_vout=prev_vout,
        in_address=[None] * len(prev_txid),
        in_value=[None] * len(prev_txid),
        out_tx=out_tx,
        out_vout=out_vout,
        out_value=list(values),
        out_address=[c[1] for c in classified],
        out_type=[c[0] for c in classified],
    )
