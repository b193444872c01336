"""The JSON-RPC client against a local HTTP server speaking Bitcoin Core's wire format.

The server answers getblockcount/getblockhash/getblock (verbosity 3, with prevouts) for the real
block 300025, whose spent outputs come from the real undo file; values are JSON decimals in BTC.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from seized.chain.blk import read_raw_block
from seized.chain.block import Block
from seized.chain.load import load_chain
from seized.chain.rpc import RpcClient, RpcError, btc_to_sats, iter_rpc_blocks
from seized.chain.stage import add_chain_source
from seized.chain.undo import read_undo
from seized.errors import InputError, UserError
from seized.model import migrate

HEIGHT = 300025


def _btc(sats: int) -> str:
    """A marker that becomes a bare JSON decimal with 8 places, as Bitcoin Core prints it."""
    return f"@@{Decimal(sats) / Decimal(100_000_000):.8f}@@"


def _getblock_v3(block: Block, spent: list[Any]) -> dict[str, Any]:
    txs = []
    k_spent = 0
    for i in range(block.tx_count):
        tx = block.tx(i)
        vin: list[dict[str, Any]] = []
        for txin in tx.inputs:
            if tx.is_coinbase:
                vin.append({"coinbase": txin.script_sig.hex(), "sequence": txin.sequence})
                continue
            out = spent[k_spent]
            k_spent += 1
            vin.append(
                {
                    "txid": txin.prev_txid,
                    "vout": txin.prev_vout,
                    "scriptSig": {"asm": "", "hex": txin.script_sig.hex()},
                    "prevout": {
                        "generated": False,
                        "height": HEIGHT - 1,
                        "value": _btc(out.value),
                        "scriptPubKey": {"asm": "", "hex": out.script_pubkey.hex()},
                    },
                    "sequence": txin.sequence,
                }
            )
        vout = [
            {
                "value": _btc(o.value),
                "n": n,
                "scriptPubKey": {"asm": "", "hex": o.script_pubkey.hex()},
            }
            for n, o in enumerate(tx.outputs)
        ]
        txs.append(
            {
                "txid": tx.txid,
                "hash": tx.wtxid,
                "version": tx.version,
                "size": tx.size,
                "vsize": tx.vsize,
                "weight": tx.weight,
                "locktime": tx.lock_time,
                "vin": vin,
                "vout": vout,
            }
        )
    return {
        "hash": block.hash_hex,
        "confirmations": 1,
        "height": HEIGHT,
        "version": block.version,
        "merkleroot": block.merkle_root_hex,
        "time": block.time,
        "nonce": block.nonce,
        "bits": f"{block.bits:08x}",
        "size": block.size,
        "previousblockhash": block.prev_hash_hex,
        "nTx": block.tx_count,
        "tx": txs,
    }


class _Node(BaseHTTPRequestHandler):
    block_json: bytes = b""
    block_hash = ""
    calls: list[str] = []  # noqa: RUF012

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        auth = self.headers.get("Authorization", "")
        if auth != "Basic " + base64.b64encode(b"alice:s3cret").decode():
            self.send_response(401)
            self.end_headers()
            return
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        method, params, rid = request["method"], request["params"], request["id"]
        self.calls.append(method)
        status, body = 200, None
        if method == "getblockcount":
            body = f'{{"result":{HEIGHT},"error":null,"id":{rid}}}'.encode()
        elif method == "getblockhash" and params == [HEIGHT]:
            body = json.dumps({"result": self.block_hash, "error": None, "id": rid}).encode()
        elif method == "getblock" and params == [self.block_hash, 3]:
            body = (
                b'{"result":' + self.block_json + b',"error":null,"id":' + str(rid).encode() + b"}"
            )
        else:
            status = 404 if method in ("getblockhash", "getblock") else 500
            error = {"code": -5 if status == 404 else -32601, "message": "Block not found"}
            body = json.dumps({"result": None, "error": error, "id": rid}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def node(blocks_dir: Path) -> Iterator[str]:
    block = read_raw_block(blocks_dir / "block-000300025.raw")
    spent = read_undo(blocks_dir / "block-000300025-undo.raw")
    text = json.dumps(_getblock_v3(block, spent), separators=(",", ":"))
    _Node.block_json = re.sub(r'"@@([0-9.]+)@@"', r"\1", text).encode()
    _Node.block_hash = block.hash_hex
    server = HTTPServer(("127.0.0.1", 0), _Node)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://alice:s3cret@127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_rpc_block_loads_with_prevouts(node: str, expected: list[dict[str, Any]]) -> None:
    assert b'"value":25.07773345' in _Node.block_json  # a bare decimal, as on the wire
    client = RpcClient(node)
    records = list(iter_rpc_blocks(client, start=HEIGHT))
    assert len(records) == 1
    record = records[0]
    exp = next(e for e in expected if e["height"] == HEIGHT)
    assert (record.hash, record.prev_hash, record.height) == (exp["hash"], exp["prev_hash"], HEIGHT)
    assert sum(record.out_value) == exp["total_output_value_sats"]
    con = duckdb.connect()
    migrate(con)
    counts = load_chain(con, records, source=client.url)
    assert counts["transactions"] == exp["tx_count"]
    assert counts["inputs_unresolved"] == 0
    total_in, fees = con.execute(
        "SELECT sum(input_sats), sum(fee_sats) FROM btc_transactions WHERE NOT is_coinbase"
    ).fetchall()[0]
    assert (total_in, fees) == (510593575772, 7773345)
    first = exp["txs"][1]
    outs = con.execute(
        "SELECT value_sats, address, script_type FROM btc_outputs WHERE txid = ? ORDER BY vout",
        [first["txid"]],
    ).fetchall()
    assert outs == [(o["value"], o["address"], o["script_type"]) for o in first["outputs"]]
    assert _Node.calls[:3] == ["getblockcount", "getblockhash", "getblock"]


def test_chain_add_from_a_node_reports_the_blocks_fetched(node: str) -> None:
    seen: list[tuple[str, int, int]] = []
    con = duckdb.connect()
    migrate(con)
    counts = add_chain_source(con, node, rpc_start=HEIGHT, progress=lambda *args: seen.append(args))
    assert counts["blocks_loaded"] == 1
    assert seen == [("chain add: node blocks", 0, 1), ("chain add: node blocks", 1, 1)]


def test_rpc_errors(node: str) -> None:
    client = RpcClient(node)
    with pytest.raises(RpcError, match="Block not found") as info:
        client.getblock("00" * 32)
    assert info.value.code == -5
    with pytest.raises(UserError, match="refused the RPC credentials"):
        RpcClient(node.replace("s3cret", "wrong")).getblockcount()
    with pytest.raises(UserError, match="not an RPC URL"):
        RpcClient("ftp://example")
    with pytest.raises(UserError, match="cannot reach"):
        RpcClient("http://127.0.0.1:9/", timeout=2).getblockcount()


def test_btc_amounts_are_exact() -> None:
    assert btc_to_sats(Decimal("25.07773345")) == 2507773345
    assert btc_to_sats(Decimal("0.00000001")) == 1
    assert btc_to_sats(Decimal("20999999.97690000")) == 2099999997690000
    with pytest.raises(InputError, match="whole number"):
        btc_to_sats(Decimal("0.000000001"))
    with pytest.raises(InputError, match="not an amount"):
        btc_to_sats("abc")
