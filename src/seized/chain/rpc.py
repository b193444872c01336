"""Blocks from a Bitcoin Core node over JSON-RPC (``getblockhash``, ``getblock`` verbosity 3 or 2).

Amounts arrive as JSON decimals in BTC; they are parsed with :class:`~decimal.Decimal` (never
float) and converted to exact satoshis. Addresses and script types are derived from the
``scriptPubKey`` hex with :func:`~seized.chain.address.script_to_address`, the same rules as for
raw blocks. Verbosity 3 also gives each input the output it spends (``prevout``).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from seized.chain.address import Network, script_to_address
from seized.chain.record import ChainBlock
from seized.errors import InputError, UserError

_SATS = Decimal(100_000_000)


class RpcError(InputError):
    """The node answered with a JSON-RPC error."""

    def __init__(self, message: str, url: str, code: int | None) -> None:
        self.code = code
        super().__init__(message, url)


class RpcClient:
    """A minimal JSON-RPC 1.0 client for Bitcoin Core (HTTP basic auth or a cookie file)."""

    def __init__(
        self,
        url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        cookie_file: Path | None = None,
        timeout: float = 60.0,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserError(f"not an RPC URL: {url!r} (expected http://HOST:PORT)")
        if cookie_file is not None:
            user, _sep, password = cookie_file.read_text(encoding="utf-8").strip().partition(":")
        user = user if user is not None else urllib.parse.unquote(parts.username or "")
        password = password if password is not None else urllib.parse.unquote(parts.password or "")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path or "/", "", ""))
        self._auth = base64.b64encode(f"{user}:{password}".encode()).decode() if user else None
        self._timeout = timeout
        self._id = 0

    def call(self, method: str, *params: Any) -> Any:
        """The ``result`` of one call; :class:`RpcError` for an error answer."""
        self._id += 1
        body = json.dumps({"jsonrpc": "1.0", "id": self._id, "method": method, "params": params})
        request = urllib.request.Request(self.url, data=body.encode(), method="POST")
        request.add_header("Content-Type", "application/json")
        if self._auth:
            request.add_header("Authorization", f"Basic {self._auth}")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as err:
            if err.code in (401, 403):
                raise UserError(
                    f"{self.url}: the node refused the RPC credentials (HTTP {err.code})"
                ) from None
            raw = err.read()  # Bitcoin Core sends JSON-RPC errors with HTTP 404/500 too
            if not raw:
                raise InputError(f"HTTP {err.code} from the node", self.url) from None
        except (urllib.error.URLError, OSError) as err:
            raise UserError(f"{self.url}: cannot reach the node ({err})") from None
        try:
            answer = json.loads(raw, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError):
            raise InputError(f"answer to {method} is not JSON", self.url) from None
        if not isinstance(answer, dict):
            raise InputError(f"answer to {method} is not a JSON-RPC object", self.url)
        error = answer.get("error")
        if error:
            code = error.get("code") if isinstance(error, dict) else None
            text = error.get("message") if isinstance(error, dict) else str(error)
            raise RpcError(f"{method} failed: {text} (code {code})", self.url, code)
        return answer.get("result")

    def getblockcount(self) -> int:
        return int(self.call("getblockcount"))

    def getblockhash(self, height: int) -> str:
        return str(self.call("getblockhash", height))

    def getblock(self, block_hash: str, verbosity: int = 3) -> dict[str, Any]:
        result = self.call("getblock", block_hash, verbosity)
        if not isinstance(result, dict):
            raise InputError(f"getblock {block_hash} did not return an object", self.url)
        return result


def btc_to_sats(value: Any, *, where: str = "value") -> int:
    """Exact satoshis of a BTC amount given as a JSON decimal; InputError if not exact."""
    try:
        sats = Decimal(str(value)) * _SATS
    except (InvalidOperation, ValueError):
        raise InputError(f"{where}: {value!r} is not an amount") from None
    if sats != sats.to_integral_value() or sats < 0:
        raise InputError(f"{where}: {value!r} BTC is not a whole number of satoshis")
    return int(sats)


def block_from_rpc(
    obj: dict[str, Any], *, network: Network = "mainnet", url: str = "<rpc>"
) -> ChainBlock:
    """The :class:`ChainBlock` of a ``getblock`` answer at verbosity 2 or 3."""
    try:
        return _convert(obj, network)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise InputError(
            f"getblock answer for block {obj.get('hash', '?')} lacks or mangles a field: {err!r}",
            url,
            hint="use verbosity 2 or 3 (decoded transactions)",
        ) from None


def _convert(obj: dict[str, Any], network: Network) -> ChainBlock:
    record = ChainBlock(
        hash=str(obj["hash"]),
        prev_hash=str(obj.get("previousblockhash", "0" * 64)),
        time=int(obj["time"]),
        height=int(obj["height"]) if obj.get("height") is not None else None,
        merkle_root=obj.get("merkleroot"),
        version=int(obj["version"]),
        size=int(obj["size"]) if "size" in obj else None,
    )
    for i, tx in enumerate(obj["tx"]):
        if not isinstance(tx, dict):
            raise TypeError("transactions are not decoded (verbosity 1?)")
        txid = str(tx["txid"])
        vin, vout = tx["vin"], tx["vout"]
        coinbase = bool(vin) and "coinbase" in vin[0]
        record.txids.append(txid)
        record.tx_coinbase.append(coinbase)
        record.tx_n_inputs.append(len(vin))
        record.tx_n_outputs.append(len(vout))
        fee = tx.get("fee")
        record.tx_fee_sats.append(
            btc_to_sats(fee, where=f"tx {txid} fee") if fee is not None and not coinbase else None
        )
        for k, txin in enumerate(vin):
            record.in_tx.append(i)
            record.in_idx.append(k)
            if "coinbase" in txin:
                record.in_prev_txid.append(None)
                record.in_prev_vout.append(None)
                record.in_value.append(None)
                record.in_address.append(None)
                continue
            record.in_prev_txid.append(str(txin["txid"]))
            record.in_prev_vout.append(int(txin["vout"]))
            prevout = txin.get("prevout")
            if prevout:
                where = f"tx {txid} input {k}"
                record.in_value.append(btc_to_sats(prevout["value"], where=where))
                script = bytes.fromhex(prevout["scriptPubKey"]["hex"])
                record.in_address.append(script_to_address(script, network)[1])
            else:
                record.in_value.append(None)
                record.in_address.append(None)
        total = 0
        for txout in vout:
            value = btc_to_sats(txout["value"], where=f"tx {txid} output {txout['n']}")
            kind, address = script_to_address(bytes.fromhex(txout["scriptPubKey"]["hex"]), network)
            record.out_tx.append(i)
            record.out_vout.append(int(txout["n"]))
            record.out_value.append(value)
            record.out_address.append(address)
            record.out_type.append(kind)
            total += value
        record.tx_output_sats.append(total)
    return record


def iter_rpc_blocks(
    client: RpcClient,
    *,
    start: int = 0,
    stop: int | None = None,
    network: Network = "mainnet",
) -> Iterator[ChainBlock]:
    """Blocks ``start`` to ``stop`` (inclusive; default: the node's tip), in height order.

    Asks for verbosity 3 (with spent outputs) and falls back to 2 on nodes older than v23.
    """
    tip = client.getblockcount() if stop is None else stop
    verbosity = 3
    for height in range(start, tip + 1):
        block_hash = client.getblockhash(height)
        try:
            obj = client.getblock(block_hash, verbosity)
        except RpcError as err:
            if verbosity == 3 and err.code == -8:
                verbosity = 2
                obj = client.getblock(block_hash, verbosity)
            else:
                raise
        yield block_from_rpc(obj, network=network, url=client.url)
