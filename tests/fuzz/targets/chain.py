"""Fuzz targets of the block readers: one serialized block (seized.chain.block.parse_block and
the compiled walk seized.chain._blockscan behind it) and block files on disk (seized.chain.blk:
blk files, XOR keys, raw blocks as bytes or hex).

Blocks are built from a grammar of transactions (inputs, outputs of every standard script form,
witness stacks; counts and lengths that sometimes lie, compact sizes in long forms) or taken
from real mainnet and synthetic blocks, then mutated. A block that parses is read through every
column, every transaction view and :func:`~seized.chain.record.block_to_record`; every block is
also read by the pure-Python reference walk, which must find the same columns or the same error.
"""

from __future__ import annotations

import hashlib
import tempfile
from functools import cache, partial
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from seized.chain.blk import MAGIC, iter_blk_file, iter_blocks
from seized.chain.block import Block, parse_block
from seized.chain.record import block_to_record
from seized.errors import InputError
from tests.chain.block_reference import COLUMNS, reference_parse
from tests.fuzz.harness import Files, Target, Undeclared, settle
from tests.fuzz.mutate import mutated

DATA = Path(__file__).resolve().parents[2] / "data" / "mainnet-blocks"


def sha256d(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


# --- the grammar of blocks ----------------------------------------------------------------------


@st.composite
def compact(draw: st.DrawFn, n: int) -> bytes:
    """``n`` as a CompactSize, now and then in a longer form than needed or lying by a little."""
    n = max(0, n + draw(st.sampled_from((0, 0, 0, 0, 0, 0, 1, -1, 1000, 1 << 32))))
    forms = [b"\xff" + n.to_bytes(8, "little")] if n < 1 << 64 else [b"\xff" + bytes(8)]
    if n < 1 << 32:
        forms.insert(0, b"\xfe" + n.to_bytes(4, "little"))
    if n < 1 << 16:
        forms.insert(0, b"\xfd" + n.to_bytes(2, "little"))
    if n < 0xFD:
        forms.insert(0, bytes((n,)))
    return draw(st.sampled_from(forms[:1] * 6 + forms))


def _pushed(n: int) -> st.SearchStrategy[bytes]:
    return st.binary(min_size=n, max_size=n)


def script() -> st.SearchStrategy[bytes]:
    """Output scripts of the standard forms (what the compiled address encoder takes), the
    forms it leaves to the reference, and garbage."""
    return st.one_of(
        _pushed(20).map(lambda h: b"\x76\xa9\x14" + h + b"\x88\xac"),  # P2PKH
        _pushed(20).map(lambda h: b"\xa9\x14" + h + b"\x87"),  # P2SH
        _pushed(20).map(lambda h: b"\x00\x14" + h),  # P2WPKH
        _pushed(32).map(lambda h: b"\x00\x20" + h),  # P2WSH
        _pushed(32).map(lambda h: b"\x51\x20" + h),  # P2TR
        st.tuples(st.integers(0x52, 0x60), st.binary(min_size=2, max_size=40)).map(
            lambda v: bytes((v[0], len(v[1]))) + v[1]
        ),  # witness versions 2-16
        _pushed(33).map(lambda k: b"\x21" + k + b"\xac"),  # P2PK
        st.binary(max_size=80).map(lambda d: b"\x6a" + bytes((len(d),)) + d),  # OP_RETURN
        _pushed(33).map(lambda k: b"\x51\x21" + k + b"\x51\xae"),  # bare multisig
        st.binary(max_size=30),
    )


@st.composite
def transaction(draw: st.DrawFn, coinbase: bool) -> tuple[bytes, bytes]:
    """(serialization with witnesses, without them) of one transaction."""
    version = draw(st.sampled_from((1, 2, 0, 0xFFFFFFFF))).to_bytes(4, "little")
    n_in = 1 if coinbase else draw(st.integers(0, 3))
    inputs = b""
    for _ in range(n_in):
        prev = bytes(32) if coinbase else draw(_pushed(32))
        vout = 0xFFFFFFFF if coinbase else draw(st.integers(0, 3))
        sig = draw(st.binary(max_size=40))
        inputs += prev + vout.to_bytes(4, "little") + draw(compact(len(sig))) + sig
        inputs += draw(st.sampled_from((0xFFFFFFFF, 0, 0xFFFFFFFD))).to_bytes(4, "little")
    n_out = draw(st.integers(0, 3))
    outputs = b""
    for _ in range(n_out):
        value = draw(st.sampled_from((0, 546, 50 * 10**8, 21 * 10**14 + 1, (1 << 64) - 1)))
        spk = draw(script())
        outputs += value.to_bytes(8, "little") + draw(compact(len(spk))) + spk
    lock = draw(st.sampled_from((0, 500_000_000, 0xFFFFFFFF))).to_bytes(4, "little")
    body = draw(compact(n_in)) + inputs + draw(compact(n_out)) + outputs
    base = version + body + lock
    if not draw(st.booleans()):
        return base, base
    witness = b""
    for _ in range(n_in):
        items = draw(st.lists(st.binary(max_size=72), max_size=3))
        witness += draw(compact(len(items)))
        for item in items:
            witness += draw(compact(len(item))) + item
    return version + b"\x00\x01" + body + witness + lock, base


@st.composite
def block(draw: st.DrawFn) -> bytes:
    """A block of 1-4 grammar transactions; its merkle root right most of the time."""
    txs = [draw(transaction(coinbase=True))]
    txs += draw(st.lists(transaction(coinbase=False), max_size=3))
    txids = [sha256d(base) for _, base in txs]
    while len(txids) > 1:
        if len(txids) % 2:
            txids.append(txids[-1])
        txids = [sha256d(txids[i] + txids[i + 1]) for i in range(0, len(txids), 2)]
    root = txids[0] if draw(st.integers(0, 4)) < 4 else draw(_pushed(32))
    version = draw(st.sampled_from((1, 2, 0x20000000))).to_bytes(4, "little")
    header = version + draw(_pushed(32)) + root + bytes(4) + b"\xff\xff\x7f\x20" + bytes(4)
    body = draw(compact(len(txs))) + b"".join(full for full, _ in txs)
    return header + body + draw(st.sampled_from((b"", b"", b"\x00", b"\xff" * 3)))


# --- seeds --------------------------------------------------------------------------------------


def _blk_records(path: Path, count: int) -> bytes:
    """The first ``count`` records of a blk file."""
    data = path.read_bytes()
    at = 0
    for _ in range(count):
        at += 8 + int.from_bytes(data[at + 4 : at + 8], "little")
    return data[:at]


@cache
def synthetic_chain() -> Path:
    """A few synthetic blocks with every address kind, as blk files and a blockchain-etl
    export (the generator of seized.synth), made once per process."""
    from seized.synth.bitcoin import Chain

    out = Path(tempfile.mkdtemp(prefix="seized-fuzz-chain-"))
    with Chain(out, seed=7, block_interval=600) as chain:
        kinds = ["p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr"]
        coins = [chain.mint(chain.new_address(k), 50_000_000 + i) for i, k in enumerate(kinds)]
        chain.pay(coins[:2], [(chain.new_address("p2tr"), 90_000_000)], fee=None)
        chain.mine()
    return out


def seed_blocks() -> list[bytes]:
    """Small real blocks (the first mainnet blocks, one from 2017) and the synthetic ones."""
    real = [b.data for b in iter_blk_file(DATA / "blk-0-438.dat")][:3]
    real.append((DATA / "block-000482683.raw").read_bytes())
    synthetic = [b.data for b in iter_blocks(synthetic_chain() / "blocks")]
    return real + synthetic


# --- one block ----------------------------------------------------------------------------------


def read_everything(block: Block) -> None:
    """Read every column and view of a parsed block, as the loaders do."""
    for name in COLUMNS:
        getattr(block, name)
    for i in range(block.tx_count):
        block.tx(i)
    block.coinbase_height()
    block.witness_commitment_ok()
    for network in ("mainnet", "testnet", "regtest"):
        block_to_record(block, network=network)


def _reference(data: bytes, path: Path) -> dict[str, Any] | InputError:
    try:
        return reference_parse(data, path=path, check_merkle=False)
    except InputError as exc:
        return exc


def _block_run(directory: Path) -> None:
    path = directory / "block.raw"
    data = path.read_bytes()
    parsed = settle(
        lambda: parse_block(data, path=path, check_pow=False, check_merkle=False), directory
    )
    expected = _reference(data, path)
    if isinstance(parsed, Block):
        if isinstance(expected, InputError):
            raise Undeclared(f"the compiled walk parsed what the reference refuses: {expected}")
        read_everything(parsed)
        different = [c for c in COLUMNS if getattr(parsed, c) != expected[c]]
        if different:
            raise Undeclared(f"the compiled walk differs from the reference in {different}")
    elif not isinstance(expected, InputError) or (parsed.reason, parsed.offset) != (
        expected.reason,
        expected.offset,
    ):
        raise Undeclared(f"the compiled walk refused with {parsed}, the reference gave {expected}")
    settle(lambda: parse_block(data, path=path, check_pow=False), directory)
    parse_block(data, path=path)


def _block_seeds() -> list[Files]:
    return [{"block.raw": data} for data in seed_blocks()]


def _block_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.sampled_from([s["block.raw"] for s in seeds]) | block()
    tokens = (b"\x00\x01", b"\xfd\xff\xff", b"\xfe\xff\xff\xff\xff", b"\xff" * 9, bytes(32))
    return mutated(base, tokens).map(lambda b: {"block.raw": b})


BLOCK = Target("block", _block_run, _block_seeds, _block_inputs, examples=300)


# --- block files --------------------------------------------------------------------------------


@st.composite
def blk_file(draw: st.DrawFn, blocks: list[bytes]) -> bytes:
    """Records of seed or grammar blocks: a magic (most often one network's), a length that is
    right most of the time, then the block; zero padding at the end at times."""
    magic = draw(st.sampled_from(list(MAGIC)))
    out = b""
    for data in draw(st.lists(st.sampled_from(blocks) | block(), min_size=1, max_size=3)):
        length = len(data) + draw(st.sampled_from((0, 0, 0, 0, 1, -1, 1 << 30)))
        out += draw(st.sampled_from((magic, magic, magic, b"\0\0\0\0"))) + length.to_bytes(
            4, "little", signed=True
        )
        out += data
    return out + bytes(draw(st.sampled_from((0, 0, 8, 100))))


def _xor(data: bytes, key: bytes) -> bytes:
    stream = (key * (len(data) // len(key) + 1))[: len(data)]
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


@st.composite
def blocks_directory(draw: st.DrawFn, blocks: list[bytes]) -> Files:
    """A blocks directory: one or two blk files, maybe an undo file, maybe XOR-ed with a key
    in xor.dat (of 8 bytes, or of a wrong size); or one raw block, as bytes or hex."""
    kind = draw(st.sampled_from(("blk", "blk", "raw", "hex")))
    if kind != "blk":
        data = draw(mutated(st.sampled_from(blocks) | block(), max_edits=2))
        return {"block.raw": data if kind == "raw" else data.hex().encode() + b"\n"}
    files = {
        f"blk{i:05d}.dat": draw(mutated(blk_file(blocks), max_edits=3))
        for i in range(draw(st.integers(1, 2)))
    }
    if draw(st.booleans()):
        files["rev00000.dat"] = draw(mutated(blk_file(blocks), max_edits=1))
    if draw(st.integers(0, 3)) == 0:
        key = draw(st.binary(min_size=7, max_size=9))
        files = {n: _xor(d, key) if len(key) == 8 and any(key) else d for n, d in files.items()}
        files["xor.dat"] = key
    return files


def _blk_run(directory: Path) -> None:
    def read(path: Path) -> None:
        for found in iter_blocks(path, check_merkle=True):
            block_to_record(found, network=found.network)

    settle(partial(read, directory), directory)
    for path in sorted(directory.iterdir()):
        if path.name != "xor.dat":
            settle(partial(read, path), directory)


def _blk_seeds() -> list[Files]:
    return [
        {"blk00000.dat": _blk_records(DATA / "blk-0-438.dat", 4)},
        {"blk00000.dat": (synthetic_chain() / "blocks" / "blk00000.dat").read_bytes()},
        {"block.raw": (DATA / "block-000482683.raw").read_bytes()},
    ]


def _blk_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    return blocks_directory(seed_blocks())


#: an XOR key of the wrong size is wrong as a whole
BLK = Target("blk", _blk_run, _blk_seeds, _blk_inputs, examples=120, no_offset=("xor.dat holds",))
