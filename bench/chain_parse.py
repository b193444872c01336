"""Block parsing throughput: seized against python-bitcoinlib, in the same run.

Parses every real mainnet block in the test data (the 14 single raw blocks and the 694
blocks of the two blk files) with

* seized ``parse_block``: the whole block walked and bounds-checked (in C), txids and the merkle
  root check, transactions, inputs, outputs and witnesses located; the columns become Python
  lists when first read, wtxids are hashed when first asked for;
* seized ``parse_block`` followed by reading every column (txids, the transaction of each input
  and output, prevouts, scriptSigs, sequences, witnesses, values, output scripts, versions, lock
  times): everything bitcoinlib builds, and the txids;
* python-bitcoinlib ``CBlock.deserialize`` (objects for every field, no txids), and the same
  followed by ``GetTxid()`` for every transaction.

Prints transactions per second for each and the ratios. Usage::

    python bench/chain_parse.py [DATA_DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from bitcoin.core import CBlock

from seized.chain.blk import iter_blk_file
from seized.chain.block import Block, parse_block

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "mainnet-blocks"


def load_blocks(directory: Path) -> list[bytes]:
    """The serialized bytes of every block in the directory's raw and blk files."""
    blocks = [p.read_bytes() for p in sorted(directory.glob("block-*.raw")) if "undo" not in p.name]
    for path in sorted(directory.glob("blk-*.dat")):
        blocks.extend(b.data for b in iter_blk_file(path))
    return blocks


def seized_scan(data: bytes) -> int:
    return parse_block(data).tx_count


def seized_full(data: bytes) -> int:
    block: Block = parse_block(data)
    for column in (
        block.txids,
        block.tx_in,
        block.tx_out,
        block.in_prev_txid,
        block.in_prev_vout,
        block.in_script,
        block.in_sequence,
        block.witness,
        block.out_value,
        block.out_script,
        block.tx_version,
        block.tx_lock_time,
    ):
        assert column is not None
    return block.tx_count


def bitcoinlib(data: bytes) -> int:
    return len(CBlock.deserialize(data).vtx)


def bitcoinlib_txids(data: bytes) -> int:
    vtx = CBlock.deserialize(data).vtx
    for tx in vtx:
        tx.GetTxid()
    return len(vtx)


def measure(fn: Callable[[bytes], int], blocks: list[bytes], rounds: int) -> tuple[int, float]:
    """(transactions, best seconds over ``rounds``)."""
    best = float("inf")
    count = 0
    for _ in range(rounds):
        start = time.perf_counter()
        count = sum(fn(data) for data in blocks)
        best = min(best, time.perf_counter() - start)
    return count, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    blocks = load_blocks(args.data)
    size = sum(len(b) for b in blocks)
    print(f"{len(blocks)} blocks, {size / 1e6:.1f} MB, best of {args.rounds} rounds")
    results = {}
    for name, fn in (
        ("seized parse_block", seized_scan),
        ("seized parse_block + all columns", seized_full),
        ("bitcoinlib CBlock.deserialize", bitcoinlib),
        ("bitcoinlib deserialize + GetTxid", bitcoinlib_txids),
    ):
        txs, seconds = measure(fn, blocks, args.rounds)
        results[name] = txs / seconds
        print(f"{name:36s} {txs:7d} tx  {seconds:7.3f} s  {txs / seconds:10,.0f} tx/s")
    base = results["bitcoinlib CBlock.deserialize"]
    base_ids = results["bitcoinlib deserialize + GetTxid"]
    for name in ("seized parse_block", "seized parse_block + all columns"):
        print(
            f"ratio {name:36s} {results[name] / base:5.1f}x bitcoinlib deserialize, "
            f"{results[name] / base_ids:5.1f}x with txids"
        )


if __name__ == "__main__":
    main()
