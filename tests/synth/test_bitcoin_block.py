"""The block and transaction primitives of the synthetic chain, checked on real mainnet blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bitcoin.core import CBlock, CTransaction

from seized.synth.bitcoin_block import commitment_script, merkle_root, subsidy, target
from seized.synth.bitcoin_script import push_int
from seized.synth.bitcoin_tx import TxIn, serialize, sha256d

SEGWIT_BLOCKS = ["block-000481829.raw", "block-000540107.raw", "block-000702861.raw"]
LEGACY_BLOCKS = ["block-000169482.raw", "block-000300025.raw", "block-000426884.raw"]


def load(shared_data: Path, name: str) -> CBlock:
    return CBlock.deserialize((shared_data / "mainnet-blocks" / name).read_bytes())


def expected(shared_data: Path) -> dict[str, dict[str, object]]:
    lines = (shared_data / "mainnet-blocks" / "EXPECTED.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    return {str(row["file"]): row for row in rows}


@pytest.mark.parametrize("name", SEGWIT_BLOCKS + LEGACY_BLOCKS)
def test_merkle_root_and_work_of_real_blocks(shared_data: Path, name: str) -> None:
    block = load(shared_data, name)
    row = expected(shared_data)[name]
    assert merkle_root([tx.GetTxid() for tx in block.vtx])[::-1].hex() == row["merkle_root"]
    header = sha256d(block.get_header().serialize())
    assert header[::-1].hex() == row["hash"]
    assert int.from_bytes(header, "little") <= target(int(str(row["bits"])))
    assert int.from_bytes(header, "little") > target(int(str(row["bits"]))) >> 12


def test_target_of_known_bits() -> None:
    assert target(0x1D00FFFF) == 0xFFFF << 208  # the genesis difficulty
    assert target(0x207FFFFF) == 0x7FFFFF << 232  # regtest


@pytest.mark.parametrize("name", SEGWIT_BLOCKS)
def test_witness_commitment_of_real_blocks(shared_data: Path, name: str) -> None:
    block = load(shared_data, name)
    coinbase = block.vtx[0]
    reserved = bytes(coinbase.wit.vtxinwit[0].scriptWitness.stack[0])
    assert reserved == bytes(32)  # what commitment_script assumes, as Core mines
    commitment = commitment_script([tx.GetHash() for tx in block.vtx[1:]])
    index = block.get_witness_commitment_index()
    assert bytes(coinbase.vout[index].scriptPubKey) == commitment


@pytest.mark.parametrize("name", SEGWIT_BLOCKS + LEGACY_BLOCKS[1:])
def test_bip34_height_starts_real_coinbases(shared_data: Path, name: str) -> None:
    block = load(shared_data, name)
    height = int(str(expected(shared_data)[name]["height"]))
    assert bytes(block.vtx[0].vin[0].scriptSig).startswith(push_int(height))


def reserialize(tx: CTransaction) -> tuple[bytes, bytes, bytes]:
    inputs: list[TxIn] = []
    for i, txin in enumerate(tx.vin):
        stack = (
            [bytes(x) for x in tx.wit.vtxinwit[i].scriptWitness.stack] if tx.has_witness() else []
        )
        outpoint = txin.prevout.hash + txin.prevout.n.to_bytes(4, "little")
        inputs.append((outpoint, bytes(txin.scriptSig), txin.nSequence, stack))
    outputs = [(out.nValue, bytes(out.scriptPubKey)) for out in tx.vout]
    raw = serialize(tx.nVersion, inputs, outputs, tx.nLockTime)
    assert raw.vsize == (tx.calc_weight() + 3) // 4
    return raw.raw, raw.txid, raw.wtxid


@pytest.mark.parametrize("name", ["block-000482683.raw", "block-000540107.raw"])
def test_serialize_reproduces_real_transactions(shared_data: Path, name: str) -> None:
    block = load(shared_data, name)
    witness = 0
    for tx in block.vtx:
        raw, txid, wtxid = reserialize(tx)
        assert raw == tx.serialize()
        assert txid == tx.GetTxid() and wtxid == tx.GetHash()
        witness += tx.has_witness()
    assert witness > 1


def test_subsidy_schedule() -> None:
    assert subsidy(0) == 5_000_000_000
    assert subsidy(209_999) == 5_000_000_000
    assert subsidy(210_000) == 2_500_000_000
    assert subsidy(840_000) == 312_500_000
    assert subsidy(64 * 210_000) == 0


def test_merkle_root_of_nothing_raises() -> None:
    with pytest.raises(ValueError):
        merkle_root([])
