"""The compiled block walk (seized.chain._blockscan) against the pure-Python reference.

Every real mainnet block, then a few thousand seeded mutations of small blocks made of real
transactions, then hand-made hostile lengths: parse_block must give exactly the reference's
columns or exactly the reference's InputError (message and offset); nothing else may escape.
"""

from __future__ import annotations

import hashlib
import random
import struct
from array import array
from pathlib import Path
from typing import Any

import pytest
from tests.chain.block_reference import COLUMNS, build_block, mine, reference_parse, varint

from seized.chain import _blockscan
from seized.chain.block import Block, merkle_root, parse_block
from seized.errors import InputError


def assert_same(data: bytes, *, offset: int = 0, check_merkle: bool = True) -> str:
    """parse_block agrees with the reference on ``data``: 'parsed' or 'rejected'."""
    try:
        expected = reference_parse(data, path="f.raw", offset=offset, check_merkle=check_merkle)
    except InputError as err:
        with pytest.raises(InputError) as got:
            parse_block(data, path="f.raw", offset=offset, check_merkle=check_merkle)
        assert (got.value.reason, got.value.offset, got.value.hint, got.value.path) == (
            err.reason,
            err.offset,
            err.hint,
            err.path,
        )
        return "rejected"
    block = parse_block(data, path="f.raw", offset=offset, check_merkle=check_merkle)
    assert_columns(block, expected)
    return "parsed"


def assert_columns(block: Block, expected: dict[str, Any]) -> None:
    for name in COLUMNS:
        assert getattr(block, name) == expected[name], name
    assert block.tx_count == len(expected["txids"])
    witness = bool(expected["witness_offset"]) or expected["tx_size"] != expected["tx_base_size"]
    assert block.has_witness == witness
    assert block.computed_merkle_root() == merkle_root(expected["txids"])


# --- every real block -------------------------------------------------------------------------


def test_every_real_block_equals_the_reference(real_block_bytes: list[bytes]) -> None:
    for data in real_block_bytes:
        assert assert_same(data) == "parsed"


def test_sha256d_equals_hashlib_in_every_implementation(sha_impls: list[str]) -> None:
    rng = random.Random(7)
    messages = [rng.randbytes(n) for n in range(300)]
    messages += [rng.randbytes(rng.randrange(300, 200_000)) for _ in range(20)]
    for impl in sha_impls:
        _blockscan.sha256_impl(impl)
        for message in messages:
            expected = hashlib.sha256(hashlib.sha256(message).digest()).digest()
            assert _blockscan.sha256d(message) == expected, (impl, len(message))


def test_real_blocks_hash_alike_in_every_implementation(
    blocks_dir: Path, sha_impls: list[str]
) -> None:
    """The merkle check against the real headers passes with each SHA-256 implementation."""
    names = ("block-000169482.raw", "block-000481829.raw", "block-000702861.raw")
    for impl in sha_impls:
        _blockscan.sha256_impl(impl)
        for name in names:
            block = parse_block((blocks_dir / name).read_bytes())
            assert block.witness_commitment_ok() in (None, True)
            assert block.wtxids == reference_parse(block.data)["wtxids"]


def test_merkle_root_edges() -> None:
    hashes = [bytes([n]) * 32 for n in range(1, 8)]
    for k in range(len(hashes) + 1):
        assert merkle_root(hashes[:k]) == _reference_root(hashes[:k])
    with pytest.raises(ValueError):
        merkle_root([b"short"])


def _reference_root(hashes: list[bytes]) -> bytes:
    from tests.chain.block_reference import merkle_root as reference

    return reference(hashes)


# --- seeded mutations -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(blocks_dir: Path) -> list[bytes]:
    """Small blocks: two real ones, and blocks built of real transactions from segwit blocks
    (the coinbase, the transactions with the most inputs, the longest script and the most
    witness bytes, and a random few), with their merkle roots recomputed."""
    rng = random.Random(11)
    found = [(blocks_dir / n).read_bytes() for n in ("block-000482683.raw", "block-000227836.raw")]
    for name in ("block-000481829.raw", "block-000540107.raw", "block-000702861.raw"):
        block = parse_block((blocks_dir / name).read_bytes())
        n = block.tx_count
        most_inputs = max(range(1, n), key=lambda i: block.tx_in[i + 1] - block.tx_in[i])
        longest = max(range(block.tx_out[-1]), key=lambda k: len(block.out_script[k]))
        longest_in = max(range(block.tx_in[-1]), key=lambda k: len(block.in_script[k]))
        witness_heavy = max(range(1, n), key=lambda i: block.tx_size[i] - block.tx_base_size[i])
        chosen = {
            most_inputs,
            witness_heavy,
            _owner(block.tx_out, longest),
            _owner(block.tx_in, longest_in),
        }
        for _ in range(4):
            picks = chosen | set(rng.sample(range(1, n), rng.randrange(1, 6)))
            txs = [block.tx_bytes(i) for i in [0, *sorted(picks)]]
            found.append(build_block(block.header, txs))
            chosen = set()
    return found


def _owner(bounds: list[int], k: int) -> int:
    return next(i for i in range(len(bounds) - 1) if bounds[i] <= k < bounds[i + 1])


def test_seeds_are_valid_blocks(seeds: list[bytes]) -> None:
    assert len(seeds) == 14
    for data in seeds:
        assert assert_same(data) == "parsed"
    assert sum(1 for data in seeds if parse_block(data).has_witness) >= 10


def _length_positions(data: bytes) -> list[int]:
    """Where the block's counts and lengths are (a place for a hostile varint)."""
    cols = reference_parse(data, check_merkle=False)
    spots = [80, *(o + 4 for o in cols["tx_start"])]
    spots += [o + 36 for o in cols["in_offset"]] + [o + 8 for o in cols["out_offset"]]
    for p in cols["witness_offset"].values():
        spots.append(p)
        count, q = varint(data, p)
        for _ in range(count):
            spots.append(q)
            n, q = varint(data, q)
            q += n
    return spots


_WIDE = (
    b"\xfd\xff\xff",
    b"\xfe\xff\xff\xff\xff",
    b"\xff" + b"\xff" * 8,
    b"\xff" + (2**63).to_bytes(8, "little"),
    b"\xff\x00\x00\x00\x00\x01\x00\x00\x00",
    b"\xfd\x00\x00",  # a non-minimal zero
    b"\xfd",
)


def mutate(rng: random.Random, data: bytes, spots: list[int]) -> bytes:
    out = bytearray(data)
    kind = rng.randrange(8)
    if kind == 0:  # overwrite a few bytes
        for _ in range(rng.randrange(1, 5)):
            out[rng.randrange(80, len(out))] = rng.randrange(256)
    elif kind == 1:  # cut the end
        del out[rng.randrange(80, len(out)) :]
    elif kind == 2:  # insert bytes
        at = rng.randrange(80, len(out) + 1)
        out[at:at] = rng.randbytes(rng.randrange(1, 12))
    elif kind == 3:  # delete a range
        at = rng.randrange(81, len(out))
        del out[at : at + rng.randrange(1, 40)]
    elif kind == 4:  # a hostile CompactSize over a count or length
        at = rng.choice(spots)
        wide = rng.choice(_WIDE)
        out[at : at + (1 if rng.random() < 0.5 else len(wide))] = wide
    elif kind == 5:  # a count or length a little off
        at = rng.choice(spots)
        out[at] = (out[at] + rng.choice((-3, -2, -1, 1, 2, 3))) % 256
    elif kind == 6:  # the transaction count
        n, end = varint(bytes(out), 80)
        count = rng.choice((n - 1, n + 1, n + 2, 0, 2**32, 2**64 - 1))
        out[80:end] = b"\xff" + (count % 2**64).to_bytes(8, "little")
    else:  # a slice of the block copied elsewhere
        a = rng.randrange(81, len(out))
        piece = out[a : a + rng.randrange(1, 300)]
        at = rng.randrange(81, len(out))
        out[at : at + rng.choice((0, len(piece)))] = piece
    return bytes(out)


def test_mutated_blocks_agree_with_the_reference(seeds: list[bytes]) -> None:
    """3,000 seeded mutations: the same columns or the same error, never another exception."""
    rng = random.Random(20250611)
    spots = [_length_positions(data) for data in seeds]
    outcomes = {"parsed": 0, "rejected": 0}
    for _ in range(3000):
        k = rng.randrange(len(seeds))
        data = mutate(rng, seeds[k], spots[k])
        offset = rng.choice((0, 8, rng.randrange(1 << 30)))
        outcome = assert_same(data, offset=offset, check_merkle=rng.random() < 0.2)
        outcomes[outcome] += 1
    assert outcomes["parsed"] > 300
    assert outcomes["rejected"] > 1500


# --- hand-made hostile lengths ----------------------------------------------------------------

_HEADER = mine(bytes(80))
_PREVOUT = bytes(32) + b"\xff\xff\xff\xff"
_SEQ = b"\xff\xff\xff\xff"


def _tx(ins: bytes, outs: bytes, witness: bytes | None = None) -> bytes:
    if witness is None:
        return b"\x01\x00\x00\x00" + ins + outs + bytes(4)
    return b"\x01\x00\x00\x00\x00\x01" + ins + outs + witness + bytes(4)


_GOOD_INS = b"\x01" + _PREVOUT + b"\x01\x51" + _SEQ
_GOOD_OUTS = b"\x01" + bytes(8) + b"\x00"
_HUGE = b"\xff" + b"\xff" * 8

HOSTILE = {
    "input count": _tx(_HUGE, _GOOD_OUTS),
    "input count 2**32": _tx(b"\xff" + (2**32).to_bytes(8, "little"), _GOOD_OUTS),
    "scriptSig length": _tx(b"\x01" + _PREVOUT + _HUGE + _SEQ, _GOOD_OUTS),
    "scriptSig length fd": _tx(b"\x01" + _PREVOUT + b"\xfd\xff\xff" + _SEQ, _GOOD_OUTS),
    "output count": _tx(_GOOD_INS, _HUGE),
    "scriptPubKey length": _tx(_GOOD_INS, b"\x01" + bytes(8) + _HUGE),
    "scriptPubKey length fe": _tx(_GOOD_INS, b"\x01" + bytes(8) + b"\xfe\xff\xff\xff\x7f"),
    "witness count": _tx(_GOOD_INS, _GOOD_OUTS, _HUGE),
    "witness item length": _tx(_GOOD_INS, _GOOD_OUTS, b"\x01" + _HUGE),
    "witness item length 2**63": _tx(
        _GOOD_INS, _GOOD_OUTS, b"\x02\x00\xff" + (2**63).to_bytes(8, "little")
    ),
    "unknown segwit flag": b"\x01\x00\x00\x00\x00\x02" + _GOOD_INS + _GOOD_OUTS + bytes(4),
    "truncated varint": b"\x01\x00\x00\x00\xfd\x01",
    "version only": b"\x01\x00\x00\x00",
    "no lock time": _tx(_GOOD_INS, _GOOD_OUTS)[:-1],
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_lengths_are_the_transactions_fault(name: str) -> None:
    good = _tx(_GOOD_INS, _GOOD_OUTS)
    data = _HEADER + b"\x02" + good + HOSTILE[name]
    assert assert_same(data, offset=1000, check_merkle=False) == "rejected"
    with pytest.raises(InputError, match="transaction 1 of the block is truncated") as info:
        parse_block(data, offset=1000, check_merkle=False)
    assert info.value.offset == 1000 + 81 + len(good)


def test_a_good_hand_made_block_parses() -> None:
    txs = [_tx(_GOOD_INS, _GOOD_OUTS), _tx(_GOOD_INS, _GOOD_OUTS, b"\x02\x01\xaa\x00")]
    data = build_block(_HEADER, txs)
    assert assert_same(data) == "parsed"
    block = parse_block(data)
    assert block.witness == {1: (b"\xaa", b"")}
    assert block.witness_offset == {1: block.tx_start[1] + block.tx_base_size[1] - 2}


def test_fewer_transactions_than_counted() -> None:
    good = _tx(_GOOD_INS, _GOOD_OUTS)
    data = _HEADER + b"\x03" + good + good
    assert assert_same(data, check_merkle=False) == "rejected"
    with pytest.raises(InputError, match="transaction 2 of the block") as info:
        parse_block(data, check_merkle=False)
    assert info.value.offset == 81 + 2 * len(good)


# --- the module's own guards ------------------------------------------------------------------


def _packed(*values: int) -> bytes:
    return array("q", values).tobytes()


def test_module_functions_reject_positions_outside_the_data() -> None:
    data = _HEADER + b"\x01" + _tx(_GOOD_INS, _GOOD_OUTS)
    end = len(data)
    with pytest.raises(ValueError):
        _blockscan.scan(data, -1, 1)
    with pytest.raises(ValueError):
        _blockscan.scan(data, end + 1, 1)
    with pytest.raises(ValueError):
        _blockscan.scan(data, 81, -1)
    for bad in (_packed(end), _packed(-1), _packed(end - 3), _packed(2**62), b"\x00" * 7):
        with pytest.raises(ValueError):
            _blockscan.input_fields(data, bad)
        with pytest.raises(ValueError):
            _blockscan.output_fields(data, bad)
    for bad in (_packed(0, end), _packed(0, -1), _packed(0, 2**62), _packed(0), b"\x00" * 9):
        with pytest.raises(ValueError):
            _blockscan.witness_stacks(data, bad)
    with pytest.raises(ValueError):
        _blockscan.tx_fields(data, _packed(81), _packed(end))
    with pytest.raises(ValueError):
        _blockscan.tx_fields(data, _packed(81), _packed(1, 2))
    with pytest.raises(ValueError):
        _blockscan.wtxids(data, bytes(32), _packed(81), _packed(end), _packed(1))
    with pytest.raises(ValueError):
        _blockscan.wtxids(data, bytes(31), _packed(81), _packed(10), _packed(1))
    with pytest.raises(ValueError):
        _blockscan.merkle_root(bytes(33))
    assert _blockscan.merkle_root(b"") == bytes(32)
    with pytest.raises(ValueError):
        _blockscan.hash_list(bytes(33))
    assert _blockscan.hash_list(b"") == []
    assert _blockscan.hash_list(bytes(range(64))) == [bytes(range(32)), bytes(range(32, 64))]
    # a struct-packed column is the same as the module's own
    n_tx, p = varint(data, 80)
    found = _blockscan.scan(data, p, n_tx)
    assert found[0] == end
    assert struct.unpack("=q", found[2]) == (81,)
