"""The synthetic Bitcoin chain of ``seized synth``: a tiny miner that writes real block files.

The story generator calls :class:`Chain` to make addresses, create coins and pay; the chain keeps
the UTXO set and a mempool, mines blocks as time moves on, and writes every block as it is mined:

* ``<out>/blocks/blk00000.dat``, ``blk00001.dat``... in Bitcoin Core's format (network magic,
  length, block; a new file before one would pass 128 MiB);
* ``<out>/etl/blocks.jsonl`` and ``<out>/etl/transactions.jsonl`` in the blockchain-etl schema.

What is real: serialization (legacy and segwit), txids, wtxids, merkle roots, the BIP34 height and
the BIP141 witness commitment in each coinbase, prev-hash links, and proof of work at regtest
difficulty (nBits ``207fffff``); addresses with valid checksums whose public keys (valid curve
points) hash to them. What is not: signatures are well-formed placeholders (no private key exists,
nothing in seized verifies signatures), and coins made by :meth:`Chain.mint` come from coinbases
worth more than the subsidy. Block times only move forward (each block at least one second after
the previous one, so always above the median time past).

Memory holds only the UTXO set, the mempool, and the address -> key map of the addresses made
(about 200 bytes each); blocks go to disk as they are mined, so a chain of ten million
transactions runs in bounded memory apart from those.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import cast

from seized.chain.address import Network, script_to_address
from seized.synth import bitcoin_block as blocks
from seized.synth.bitcoin_etl import (
    EtlInput,
    block_line,
    inputs_json,
    outputs_json,
    tx_line,
    tx_tail,
)
from seized.synth.bitcoin_tx import RawTx, TxIn, serialize
from seized.synth.bitcoin_wallet import Wallet
from seized.synth.bitcoin_writer import MAGIC, MAX_BLOCKFILE_SIZE, BlkWriter, EtlWriter

#: Mempool weight that triggers a block: blocks stay below the 4M consensus limit (~1-1.5 MB).
BLOCK_WEIGHT_TARGET = 3_600_000
#: Seconds between the blocks that take a full mempool's overflow.
FULL_BLOCK_STEP = 60
#: Largest transaction accepted: the consensus block weight minus room for the coinbase.
MAX_TX_WEIGHT = 3_990_000
#: Minted outputs per funding coinbase (about 0.2M weight units each block).
MINTS_PER_BLOCK = 5_000
#: Defaults of :meth:`Chain.pay`: version 2, no lock time, opt-in RBF (BIP125) as most wallets.
TX_VERSION = 2
SEQUENCE_RBF = 0xFFFFFFFD
_MAX_MONEY = 21_000_000 * 100_000_000
_VALUE = struct.Struct("<q")
_POOL_KINDS = ("p2wpkh", "p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr", "p2wpkh")


@dataclass(frozen=True, slots=True)
class Outpoint:
    """A spendable output: txid in display hex (big-endian, as explorers show it), index, value."""

    txid: str
    vout: int
    value: int  # satoshis
    address: str


@dataclass(frozen=True, slots=True)
class ChainSummary:
    """What :meth:`Chain.close` wrote."""

    blocks: int
    transactions: int
    files: int  # blk*.dat files
    blk_bytes: int
    tip: str  # hash of the last block, display hex


@dataclass(frozen=True, slots=True)
class _Pending:
    tx: RawTx
    version: int
    lock_time: int
    fee: int
    tail: str  # the block-independent end of its ETL line


class Chain:
    """A deterministic synthetic chain written to ``out_dir`` as it is mined.

    ``seed`` fixes every key, address mix, signature, coinbase and nonce: the same calls with the
    same seed give the same bytes. ``network`` (``mainnet``, ``testnet`` or ``regtest``) picks the
    address encoding and the blk magic. Blocks are due every ``block_interval`` seconds from
    ``start_time``; see :meth:`pay` for how times move the chain on. A blk file is closed before
    it would pass ``blk_file_size`` bytes (Bitcoin Core's 128 MiB by default).
    """

    def __init__(
        self,
        out_dir: Path,
        *,
        seed: int,
        network: str = "mainnet",
        start_time: int = 1_577_836_800,
        block_interval: int = 600,
        blk_file_size: int = MAX_BLOCKFILE_SIZE,
    ) -> None:
        if network not in MAGIC:
            raise ValueError(f"unknown network {network!r}; expected mainnet, testnet or regtest")
        if block_interval < 1:
            raise ValueError("block_interval must be at least one second")
        self._network = cast(Network, network)
        self._wallet = Wallet(seed, self._network)
        self._rng = random.Random(f"seized-synth-chain:{seed}")
        self._interval = block_interval
        self._next_time = start_time
        self._last_time: int | None = None
        # outpoint (36 bytes) -> 8-byte value + scriptPubKey: one bytes object per coin.
        self._utxos: dict[bytes, bytes] = {}
        self._mempool: list[_Pending] = []
        self._mempool_weight = 0
        self._height = -1
        self._tip = bytes(32)
        self._tx_count = 0
        self._summary: ChainSummary | None = None
        self._pools = [self._wallet.new_address(kind) for kind in _POOL_KINDS]
        self._pool_scripts = [self._wallet.script(address) for address in self._pools]
        self._blk = BlkWriter(Path(out_dir) / "blocks", network, blk_file_size)
        self._etl = EtlWriter(Path(out_dir) / "etl")

    # --- addresses and coins -------------------------------------------------------------------

    def new_address(self, kind: str | None = None, *, once: bool = False) -> str:
        """A fresh address this chain can spend from.

        ``kind`` is ``p2pkh``, ``p2sh-p2wpkh``, ``p2wpkh`` or ``p2tr``; ``None`` picks one by a
        seeded mix (45% P2WPKH, 20% P2PKH, 20% P2SH-P2WPKH, 15% P2TR). The key behind it is a
        valid compressed (or x-only) secp256k1 public key whose hash gives the address.
        ``once`` marks a one-time address (change, a mixer output): its key is forgotten when
        the first output paid to it is spent, and the chain cannot spend from it again.
        """
        return self._wallet.new_address(kind, once=once)

    def mint(self, address: str, value: int, *, time: int | None = None) -> Outpoint:
        """New coins for ``address``: one output of a funding coinbase, spendable at once.

        Each call mines a funding block right away (so the outpoint's txid is final), whose
        coinbase pays the subsidy to a mining pool and ``value`` to ``address`` — coins from
        nowhere, worth more than the subsidy, which nothing in seized checks. Pending payments
        stay in the mempool for the next regular block. Use :meth:`mint_many` for many at once.
        """
        return self.mint_many([(address, value)], time=time)[0]

    def mint_many(
        self, outputs: Sequence[tuple[str, int]], *, time: int | None = None
    ) -> list[Outpoint]:
        """New coins for many (address, value) pairs: one funding block per 5,000 of them."""
        self._check_open()
        outs = self._outputs(outputs)
        self._advance(time)
        when = self._next_time if time is None else min(time, self._next_time)
        minted: list[Outpoint] = []
        for start in range(0, len(outs), MINTS_PER_BLOCK):
            chunk = outs[start : start + MINTS_PER_BLOCK]
            coinbase = self._mine_block([], chunk, when)
            txid = coinbase.txid[::-1].hex()
            minted.extend(
                Outpoint(txid, vout, value, address)
                for vout, (value, _script, address) in enumerate(chunk, start=1)
            )
        return minted

    def utxo(self, txid: str, vout: int) -> Outpoint:
        """The unspent output ``txid:vout``; ``ValueError`` when unknown or already spent."""
        entry = self._utxos.get(_outpoint_key(txid, vout))
        if entry is None:
            raise ValueError(f"no unspent output {txid}:{vout}")
        value, script = _VALUE.unpack_from(entry)[0], entry[8:]
        address = script_to_address(script, self._network)[1]
        return Outpoint(txid, vout, value, address or "")

    def is_unspent(self, txid: str, vout: int) -> bool:
        """True when ``txid:vout`` exists and is not spent (in a block or in the mempool)."""
        return _outpoint_key(txid, vout) in self._utxos

    # --- payments --------------------------------------------------------------------------------

    def pay(
        self,
        inputs: Sequence[Outpoint],
        outputs: Sequence[tuple[str, int]],
        *,
        fee: int | None = None,
        time: int | None = None,
        version: int = TX_VERSION,
        lock_time: int = 0,
        sequence: int = SEQUENCE_RBF,
    ) -> tuple[str, list[Outpoint]]:
        """Spend exactly ``inputs`` to ``outputs`` (address, satoshis); the tx joins the mempool.

        Returns the txid (display hex) and the new outpoints in output order. The fee is inputs
        minus outputs; it must not be negative and must equal ``fee`` when that is given.
        ``ValueError`` for an unknown or already spent outpoint (a double spend), an outpoint
        whose value or address differs from the chain's, one paid to an address this chain did
        not make (it has no key for it), an invalid address or a non-positive value. Nothing
        changes when it raises.

        ``time`` is when the payment is made. Times only move forward: a time after the pending
        block's due time first mines the mempool into that block, then moves the due time on by
        whole block intervals (skipping, not filling, empty intervals) so the payment confirms at
        or after ``time``. Without ``time`` (or with an earlier one) it joins the pending block.
        A full mempool (see :data:`BLOCK_WEIGHT_TARGET`) is mined on its own, and the next block
        is due :data:`FULL_BLOCK_STEP` seconds later.

        ``version``, ``lock_time`` and ``sequence`` (for every input) let a story give wallets
        their usual fingerprints.
        """
        self._check_open()
        if not inputs:
            raise ValueError("a payment needs at least one input")
        spends = self._spends(inputs)
        outs = self._outputs(outputs)
        in_value = sum(op.value for op in inputs)
        out_value = sum(value for value, _script, _address in outs)
        actual = in_value - out_value
        if actual < 0:
            raise ValueError(f"outputs ({out_value} sat) exceed inputs ({in_value} sat)")
        if fee is not None and fee != actual:
            raise ValueError(f"fee is {actual} sat (inputs - outputs), not {fee}")
        tx_inputs: list[TxIn] = []
        etl_inputs: list[EtlInput] = []
        for key, op, script in spends:
            script_sig, stack = self._wallet.unlock(op.address)
            tx_inputs.append((key, script_sig, sequence, stack))
            etl_inputs.append(
                EtlInput(op.txid, op.vout, script_sig, sequence, op.address, script, op.value)
            )
        tx = serialize(version, tx_inputs, [(v, s) for v, s, _a in outs], lock_time)
        if tx.weight > MAX_TX_WEIGHT:
            raise ValueError(f"transaction weight {tx.weight} exceeds {MAX_TX_WEIGHT}")
        self._advance(time)
        if self._mempool and self._mempool_weight + tx.weight > BLOCK_WEIGHT_TARGET:
            self._mine_full()
        for key, op, _script in spends:
            del self._utxos[key]
            self._wallet.spent(op.address)
        txid = tx.txid[::-1].hex()
        new: list[Outpoint] = []
        for vout, (value, script, address) in enumerate(outs):
            self._utxos[tx.txid + struct.pack("<I", vout)] = _VALUE.pack(value) + script
            new.append(Outpoint(txid, vout, value, address))
        counts = (len(etl_inputs), len(outs))
        tail = tx_tail(inputs_json(etl_inputs), outputs_json(outs), counts, in_value, out_value)
        self._mempool.append(_Pending(tx, version, lock_time, actual, tail))
        self._mempool_weight += tx.weight
        return txid, new

    def coinjoin(
        self,
        participants: Sequence[tuple[Sequence[Outpoint], str, str]],
        denomination: int,
        *,
        fee_per_participant: int,
        time: int | None = None,
    ) -> tuple[str, list[Outpoint]]:
        """An equal-output CoinJoin (Wasabi/Whirlpool style) of unrelated owners.

        Each participant is (inputs, mix address, change address): it gets one output of
        ``denomination`` and, when anything is left after ``fee_per_participant``, its change.
        Inputs and outputs are shuffled (seeded). Returns the txid and the new outpoints in
        output order (find a participant's by address). ``ValueError`` when fewer than two
        participants or when one cannot pay the denomination and fee.
        """
        if len(participants) < 2:
            raise ValueError("a CoinJoin needs at least two participants")
        if denomination <= 0 or fee_per_participant < 0:
            raise ValueError("the denomination must be positive and the fee not negative")
        all_inputs: list[Outpoint] = []
        outputs: list[tuple[str, int]] = []
        for number, (inputs, mix_address, change_address) in enumerate(participants):
            change = sum(op.value for op in inputs) - denomination - fee_per_participant
            if not inputs or change < 0:
                raise ValueError(f"participant {number} cannot pay {denomination} sat plus fee")
            all_inputs.extend(inputs)
            outputs.append((mix_address, denomination))
            if change > 0:
                outputs.append((change_address, change))
        self._rng.shuffle(all_inputs)
        self._rng.shuffle(outputs)
        fee = fee_per_participant * len(participants)
        return self.pay(all_inputs, outputs, fee=fee, time=time)

    # --- blocks ----------------------------------------------------------------------------------

    @property
    def height(self) -> int:
        """Height of the last mined block (-1 before the first)."""
        return self._height

    @property
    def mempool_size(self) -> int:
        """Transactions waiting for the next block."""
        return len(self._mempool)

    def mine(self, time: int | None = None) -> str:
        """Mine the mempool (possibly empty) into a block; returns its hash in display hex.

        ``time`` defaults to the pending block's due time; ``ValueError`` if it is before the
        last block's time. The next block is then due ``block_interval`` later.
        """
        self._check_open()
        if time is not None and self._last_time is not None and time < self._last_time:
            raise ValueError(f"block time {time} is before the last block's ({self._last_time})")
        self._mine_pending(time)
        return self._tip[::-1].hex()

    def close(self) -> ChainSummary:
        """Mine what is pending (or one block if none was ever mined), flush, and summarize."""
        if self._summary is not None:
            return self._summary
        if self._mempool or self._height < 0:
            self._mine_pending(None)
        self._blk.close()
        self._etl.close()
        self._summary = ChainSummary(
            blocks=self._height + 1,
            transactions=self._tx_count,
            files=self._blk.files,
            blk_bytes=self._blk.bytes_written,
            tip=self._tip[::-1].hex(),
        )
        return self._summary

    def __enter__(self) -> Chain:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- internals -------------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._summary is not None:
            raise ValueError("the chain is closed")

    def _spends(self, inputs: Sequence[Outpoint]) -> list[tuple[bytes, Outpoint, bytes]]:
        found: list[tuple[bytes, Outpoint, bytes]] = []
        seen: set[bytes] = set()
        for op in inputs:
            key = _outpoint_key(op.txid, op.vout)
            entry = self._utxos.get(key)
            if entry is None or key in seen:
                raise ValueError(f"outpoint {op.txid}:{op.vout} is unknown or already spent")
            seen.add(key)
            value, script = _VALUE.unpack_from(entry)[0], entry[8:]
            if value != op.value:
                raise ValueError(f"outpoint {op.txid}:{op.vout} holds {value} sat, not {op.value}")
            if self._wallet.script(op.address) != script:
                raise ValueError(f"outpoint {op.txid}:{op.vout} is not paid to {op.address}")
            if not self._wallet.owns(op.address):
                raise ValueError(f"no key for {op.address}: it was not made by this chain")
            found.append((key, op, script))
        return found

    def _outputs(self, outputs: Sequence[tuple[str, int]]) -> list[tuple[int, bytes, str]]:
        if not outputs:
            raise ValueError("a transaction needs at least one output")
        outs: list[tuple[int, bytes, str]] = []
        for address, value in outputs:
            if not 0 < value <= _MAX_MONEY:
                raise ValueError(f"output value {value} sat is not positive or exceeds 21M BTC")
            canonical = address.lower() if address[:1] in "bBtT" else address
            outs.append((value, self._wallet.script(canonical), canonical))
        return outs

    def _advance(self, time: int | None) -> None:
        if time is None or time <= self._next_time:
            return
        if self._mempool:
            self._mine_pending(None)
        if time > self._next_time:
            steps = -(-(time - self._next_time) // self._interval)
            self._next_time += steps * self._interval

    def _mine_full(self) -> None:
        """Mine a full mempool at the pending block's due time; the rest of the interval's
        payments go into blocks :data:`FULL_BLOCK_STEP` seconds apart, so a busy day stays
        within its day instead of pushing every later block a whole interval on."""
        due = self._next_time
        self._mine_pending(None)
        self._next_time = due + min(FULL_BLOCK_STEP, self._interval)

    def _mine_pending(self, time: int | None) -> None:
        pending, self._mempool, self._mempool_weight = self._mempool, [], 0
        self._mine_block(pending, [], self._next_time if time is None else time)
        assert self._last_time is not None
        self._next_time = self._last_time + self._interval

    def _mine_block(
        self, pending: list[_Pending], mints: list[tuple[int, bytes, str]], time: int
    ) -> RawTx:
        height = self._height + 1
        if self._last_time is not None:
            time = max(time, self._last_time + 1)
        pool = self._rng.randrange(len(self._pools))
        pool_address, pool_script = self._pools[pool], self._pool_scripts[pool]
        reward = blocks.subsidy(height) + sum(p.fee for p in pending)
        outs: list[tuple[int, bytes, str | None]] = [(reward, pool_script, pool_address)]
        outs.extend(mints)
        segwit = any(p.tx.has_witness for p in pending)
        if segwit:
            outs.append((0, blocks.commitment_script([p.tx.wtxid for p in pending]), None))
        coinbase, script_sig = blocks.coinbase(
            height, [(v, s) for v, s, _a in outs], self._rng.randbytes(8), segwit=segwit
        )
        txs = [coinbase, *(p.tx for p in pending)]
        block = blocks.mine(self._tip, txs, time, nonce=self._rng.getrandbits(32))
        self._blk.write(block.raw)
        out_value = sum(v for v, _s, _a in outs)
        coinbase_tail = tx_tail("[]", outputs_json(outs), (0, len(outs)), 0, out_value)
        lines = [tx_line(coinbase, 1, 0, block, height, 0, coinbase_tail)]
        lines.extend(
            tx_line(p.tx, p.version, p.lock_time, block, height, index, p.tail)
            for index, p in enumerate(pending, start=1)
        )
        self._etl.write(block_line(block, height, script_sig, len(txs)), lines)
        for vout, (value, script, _address) in enumerate(outs):
            if value:
                self._utxos[coinbase.txid + struct.pack("<I", vout)] = _VALUE.pack(value) + script
        self._height = height
        self._tip = block.hash
        self._last_time = time
        self._tx_count += len(txs)
        return coinbase


def _outpoint_key(txid: str, vout: int) -> bytes:
    """The 36-byte serialized outpoint of a display-hex txid and an index."""
    try:
        raw = bytes.fromhex(txid)
    except ValueError:
        raise ValueError(f"txid {txid!r} is not hex") from None
    if len(raw) != 32 or not 0 <= vout <= 0xFFFFFFFF:
        raise ValueError(f"not an outpoint: {txid}:{vout}")
    return raw[::-1] + struct.pack("<I", vout)
