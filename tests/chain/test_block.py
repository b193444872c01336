"""The block parser against every real mainnet block and its independently computed values."""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path
from typing import Any

import pytest

from seized.chain.address import script_to_address
from seized.chain.blk import iter_blocks, read_raw_block
from seized.chain.block import merkle_root, parse_block, pow_target, sha256d
from seized.errors import InputError

HEADER_FIELDS = ("version", "time", "bits", "nonce", "size", "tx_count")


def test_manifest_hashes(blocks_dir: Path) -> None:
    with (blocks_dir / "MANIFEST.csv").open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 17
    for row in rows:
        digest = hashlib.sha256((blocks_dir / row["file"]).read_bytes()).hexdigest()
        assert digest == row["sha256"], row["file"]


def test_every_raw_block_matches_expected(blocks_dir: Path, expected: list[dict[str, Any]]) -> None:
    assert len(expected) == 14
    for exp in expected:
        block = read_raw_block(blocks_dir / exp["file"])
        where = exp["file"]
        assert block.hash_hex == exp["hash"], where
        assert block.prev_hash_hex == exp["prev_hash"], where
        assert block.merkle_root_hex == exp["merkle_root"], where
        for name in HEADER_FIELDS:
            assert getattr(block, name) == exp[name], (where, name)
        assert block.has_witness == exp["segwit"], where
        assert sum(block.out_value) == exp["total_output_value_sats"], where
        coinbase_total = sum(block.out_value[block.tx_out[0] : block.tx_out[1]])
        assert coinbase_total == exp["coinbase_output_value_sats"], where
        assert block.computed_merkle_root() == block.merkle_root
        assert block.coinbase_height() in (None, exp["height"])
        if exp["segwit"]:
            assert block.witness_commitment_ok() is True, where
        for etx in exp["txs"]:
            _check_tx(block.tx(etx["index"]), etx, where)


def _check_tx(tx: Any, etx: dict[str, Any], where: str) -> None:
    assert tx.txid == etx["txid"], where
    assert tx.wtxid == etx["wtxid"], where
    assert tx.is_coinbase == etx["is_coinbase"]
    assert tx.has_witness == etx["has_witness"]
    assert len(tx.inputs) == etx["n_inputs"]
    assert len(tx.outputs) == etx["n_outputs"]
    assert [o.value for o in tx.outputs] == etx["output_values"]
    classified = [script_to_address(o.script_pubkey) for o in tx.outputs]
    assert [c[1] for c in classified] == etx["output_addresses"]
    for out, cls, eout in zip(tx.outputs, classified, etx["outputs"], strict=True):
        assert out.script_pubkey.hex() == eout["script_pubkey_hex"]
        assert cls == (eout["script_type"], eout["address"])
    for txin, ein in zip(tx.inputs, etx["inputs"], strict=True):
        if etx["is_coinbase"]:
            assert ein == {"coinbase": True}
            assert txin.prev_txid == "00" * 32
            assert txin.prev_vout == 0xFFFFFFFF
        else:
            assert (txin.prev_txid, txin.prev_vout) == (ein["prev_txid"], ein["prev_vout"])


def test_segwit_transaction_fields(blocks_dir: Path) -> None:
    block = read_raw_block(blocks_dir / "block-000702861.raw")
    witness_txs = [i for i in range(block.tx_count) if block.tx_has_witness(i)]
    assert witness_txs
    tx = block.tx(witness_txs[1])
    assert tx.txid != tx.wtxid
    assert tx.weight < tx.size * 4
    assert tx.vsize == (tx.weight + 3) // 4
    assert any(txin.witness for txin in tx.inputs)
    # the txid is the hash of the serialization without marker, flag and witnesses
    raw = block.tx_bytes(witness_txs[1])
    assert sha256d(raw)[::-1].hex() == tx.wtxid
    for i in range(block.tx_count):
        assert block.tx_weight(i) == block.tx_base_size[i] * 3 + block.tx_size[i]
    # sequences and lock times decode (coinbase sequence and a plausible lock time)
    assert block.tx_version[0] in (1, 2)
    assert len(block.in_sequence) == len(block.in_prev_txid) == block.tx_in[-1]


def test_merkle_root_odd_levels() -> None:
    a, b, c = (bytes([n]) * 32 for n in (1, 2, 3))
    assert merkle_root([a]) == a
    ab = sha256d(a + b)
    cc = sha256d(c + c)
    assert merkle_root([a, b, c]) == sha256d(ab + cc)


def test_bad_merkle_root_is_rejected(blocks_dir: Path) -> None:
    data = bytearray((blocks_dir / "block-000169482.raw").read_bytes())
    data[36] ^= 1  # first byte of the merkle root
    with pytest.raises(InputError, match="merkle root"):
        parse_block(bytes(data), path="x.raw", check_pow=False)
    assert parse_block(bytes(data), check_merkle=False, check_pow=False).tx_count == 14


def test_truncated_and_trailing_bytes(blocks_dir: Path) -> None:
    data = (blocks_dir / "block-000482683.raw").read_bytes()
    with pytest.raises(InputError) as info:
        parse_block(data[:-10], path="cut.raw", offset=100)
    assert info.value.path == "cut.raw"
    assert info.value.offset is not None and info.value.offset >= 100
    assert "truncated" in str(info.value)
    with pytest.raises(InputError, match="left over") as extra:
        parse_block(data + b"\0\0", path="long.raw")
    assert extra.value.offset == len(data)
    with pytest.raises(InputError, match="too short"):
        parse_block(data[:50])


def test_fuzzed_blocks_raise_only_input_errors(blocks_dir: Path) -> None:
    """Seeded fuzzing: flipped bytes, cuts, splices and garbage never escape as other errors."""
    rng = random.Random(20240601)
    seeds = [
        (blocks_dir / name).read_bytes() for name in ("block-000169482.raw", "block-000482683.raw")
    ]
    outcomes = {"parsed": 0, "rejected": 0}
    for _ in range(400):
        data = bytearray(rng.choice(seeds))
        action = rng.randrange(4)
        if action == 0:
            for _ in range(rng.randrange(1, 8)):
                data[rng.randrange(80, len(data))] = rng.randrange(256)
        elif action == 1:
            del data[rng.randrange(0, len(data)) :]
        elif action == 2:
            at = rng.randrange(80, len(data))
            data[at:at] = rng.randbytes(rng.randrange(1, 40))
        else:
            data = bytearray(rng.randbytes(rng.randrange(0, 3000)))
        try:
            block = parse_block(bytes(data), path="fuzz.raw", check_merkle=rng.random() < 0.5)
        except InputError as err:
            assert err.path == "fuzz.raw"
            assert err.offset is not None and 0 <= err.offset <= len(data)
            outcomes["rejected"] += 1
        else:
            # whatever parsed must be readable column by column without errors
            block.out_script, block.in_script, block.witness, block.tx_lock_time  # noqa: B018
            outcomes["parsed"] += 1
    assert outcomes["rejected"] > 250


def test_compact_bits_give_bitcoin_cores_targets() -> None:
    # the cases of Bitcoin Core's arith_uint256 tests (SetCompact), and the networks' limits
    assert pow_target(0x1D00FFFF) == 0xFFFF << 208
    assert pow_target(0x207FFFFF) == 0x7FFFFF << 232
    assert pow_target(0x05009234) == 0x92340000
    assert pow_target(0x04123456) == 0x12345600
    assert pow_target(0x01123456) == 0x12
    assert pow_target(0x20123456) == 0x123456 << 232
    for bits in (0, 0x00123456, 0x01003456, 0x02000056, 0x03000000, 0x04000000):
        assert pow_target(bits) is None  # zero
    assert pow_target(0x04923456) is None  # negative
    assert pow_target(0xFF123456) is None  # overflow


def test_a_changed_header_is_refused_for_its_proof_of_work(
    blocks_dir: Path, tmp_path: Path
) -> None:
    data = bytearray((blocks_dir / "block-000169482.raw").read_bytes())
    data[76] ^= 1  # the nonce
    path = tmp_path / "block.raw"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="proof of work") as info:
        read_raw_block(path)
    assert (info.value.path, info.value.offset) == (str(path), 0)
    # in a blk file: the offset of the changed block
    blk = (blocks_dir / "blk-1-255.dat").read_bytes()
    second = 8 + int.from_bytes(blk[4:8], "little") + 8
    changed = bytearray(blk)
    changed[second + 68] ^= 1  # the time of block 2
    path = tmp_path / "blk00000.dat"
    path.write_bytes(bytes(changed))
    with pytest.raises(InputError, match="proof of work") as info:
        list(iter_blocks(path))
    assert (info.value.path, info.value.offset) == (str(path), second)


def test_a_target_easier_than_any_network_allows_is_refused(blocks_dir: Path) -> None:
    data = bytearray((blocks_dir / "block-000169482.raw").read_bytes())
    data[72:76] = (0x2100FFFF).to_bytes(4, "little")  # 0xffff << 240: any hash meets it
    with pytest.raises(InputError, match="proof of work"):
        parse_block(bytes(data))
    assert parse_block(bytes(data), check_pow=False).tx_count == 14
