"""Fuzz target of the blockchain-etl import (seized.chain.etl.load_export) into a case store's
chain tables: exports as JSON lines, CSV or Parquet, from the synthetic chain's export or from a
grammar of transactions and blocks whose fields take every JSON type and odd values (amounts as
text, huge or fractional; timestamps as text; scripts that are not hex), then mutated.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import duckdb
from hypothesis import strategies as st

from seized.chain.etl import ETL_TYPES, load_export
from seized.model import migrate
from tests.fuzz.harness import Files, Target
from tests.fuzz.mutate import mutated
from tests.fuzz.targets.chain import synthetic_chain

CHAIN_TABLES = ("btc_blocks", "btc_transactions", "btc_inputs", "btc_outputs")
#: DuckDB's errors about an export name no byte of seized's; its message has the line.
NO_OFFSET = ("cannot read the blockchain-etl export",)


@cache
def _store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    migrate(con)
    return con


def _run(directory: Path) -> None:
    con = _store()
    for table in CHAIN_TABLES:
        con.execute(f"DELETE FROM {table}")
    load_export(con, directory)


def _odd() -> st.SearchStrategy[object]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False),
        st.text(max_size=6),
        st.sampled_from(("1e30", "-1", "0.5", "2020-01-01 00:00:00 UTC", "2021-13-45", "0x10")),
        st.lists(st.integers(), max_size=2),
        st.just({"a": 1}),
    )


def _hex(size: int) -> st.SearchStrategy[str]:
    return st.binary(min_size=size, max_size=size).map(bytes.hex)


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(strategy, strategy, strategy, _odd())


@st.composite
def _io(draw: st.DrawFn, index: int) -> dict[str, object]:
    script = draw(st.sampled_from(("0014" + "ab" * 20, "6a", "51", "zz", "abc", "")))
    return {
        "index": draw(_maybe(st.just(index))),
        "spent_transaction_hash": draw(_maybe(_hex(32))),
        "spent_output_index": draw(_maybe(st.integers(0, 3))),
        "type": draw(_maybe(st.sampled_from([*ETL_TYPES, "witness_v2_unknown"]))),
        "addresses": draw(_maybe(st.lists(st.text(max_size=8), max_size=2))),
        "value": draw(_maybe(st.integers(0, 21 * 10**14))),
        "script_hex": draw(_maybe(st.just(script))),
    }


@st.composite
def export(draw: st.DrawFn) -> Files:
    """blocks.jsonl and transactions.jsonl of 1-3 blocks of 1-3 transactions."""
    blocks, txs = [], []
    for height in range(draw(st.integers(1, 3))):
        block_hash = draw(_hex(32))
        count = draw(st.integers(1, 3))
        blocks.append(
            {
                "hash": draw(_maybe(st.just(block_hash))),
                "number": draw(_maybe(st.just(height))),
                "timestamp": draw(_maybe(st.integers(0, 2**32))),
                "merkle_root": draw(_maybe(_hex(32))),
                "transaction_count": draw(_maybe(st.just(count))),
            }
        )
        for index in range(count):
            txs.append(
                {
                    "hash": draw(_maybe(_hex(32))),
                    "block_hash": draw(_maybe(st.just(block_hash))),
                    "block_number": draw(_maybe(st.just(height))),
                    "block_timestamp": draw(_maybe(st.integers(0, 2**32))),
                    "is_coinbase": draw(_maybe(st.just(index == 0))),
                    "index": draw(_maybe(st.just(index))),
                    "inputs": draw(_maybe(st.lists(_io(0), max_size=2))),
                    "outputs": draw(_maybe(st.lists(_io(0), max_size=2))),
                }
            )

    def lines(rows: list[dict[str, object]]) -> bytes:
        return "".join(json.dumps(r) + "\n" for r in rows).encode()

    return {"blocks.jsonl": lines(blocks), "transactions.jsonl": lines(txs)}


def _converted(files: Files, fmt: str, work: Path) -> Files:
    """An export in JSON lines as CSV (nested fields as JSON text) or Parquet, by DuckDB."""
    out: Files = {}
    con = duckdb.connect()
    for name, data in files.items():
        table = name.split(".")[0]
        source = work / name
        source.write_bytes(data)
        select = f"SELECT * FROM read_json_auto('{source}')"
        if fmt == "csv" and table == "transactions":
            select = (
                "SELECT * EXCLUDE (inputs, outputs), to_json(inputs) AS inputs, "
                f"to_json(outputs) AS outputs FROM read_json_auto('{source}')"
            )
        option = "(FORMAT csv, HEADER)" if fmt == "csv" else "(FORMAT parquet)"
        dest = work / f"{table}.{fmt}"
        con.execute(f"COPY ({select}) TO '{dest}' {option}")
        out[dest.name] = dest.read_bytes()
    con.close()
    return out


def _seeds() -> list[Files]:
    folder = synthetic_chain() / "etl"
    json_export = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    work = synthetic_chain() / "converted"
    work.mkdir(exist_ok=True)
    return [
        json_export,
        {"transactions.jsonl": json_export["transactions.jsonl"]},
        _converted(json_export, "csv", work),
        _converted(json_export, "parquet", work),
    ]


def _inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    @st.composite
    def damaged(draw: st.DrawFn) -> Files:
        files = dict(draw(st.sampled_from(seeds) | export()))
        name = draw(st.sampled_from(sorted(files)))
        files[name] = draw(mutated(st.just(files[name]), (b'"', b"{", b"}", b",", b"\\")))
        return files

    return damaged()


ETL = Target("etl", _run, _seeds, _inputs, examples=60, no_offset=NO_OFFSET)
