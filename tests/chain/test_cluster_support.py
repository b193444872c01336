"""Hand-built transaction graphs for the money tests: rows written straight into the tables."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb

from seized.model import migrate

Output = tuple[str | None, int] | tuple[str | None, int, str]


class Graph:
    """Builds transactions in an in-memory case store; txids are given names."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.height = 0

    def coin(self, txid: str, outputs: list[Output]) -> str:
        """A coinbase paying ``outputs`` (address, sats[, script type])."""
        return self.tx(txid, [], outputs, coinbase=True)

    def tx(
        self,
        txid: str,
        spends: list[tuple[str, int]],
        outputs: list[Output],
        *,
        coinbase: bool = False,
    ) -> str:
        """A transaction spending outpoints ``spends`` (txid, vout) to ``outputs``."""
        self.height += 1
        con = self.con
        in_sats = 0
        for idx, (prev, vout) in enumerate(spends):
            row = con.execute(
                "SELECT address, value_sats FROM btc_outputs WHERE txid = ? AND vout = ?",
                [prev, vout],
            ).fetchone()
            assert row is not None, f"no output {prev}:{vout}"
            in_sats += int(row[1])
            con.execute(
                "INSERT INTO btc_inputs VALUES (?, ?, ?, ?, ?, ?)",
                [txid, idx, prev, vout, row[0], row[1]],
            )
        if coinbase:
            con.execute("INSERT INTO btc_inputs VALUES (?, 0, NULL, NULL, NULL, NULL)", [txid])
        out_sats = 0
        for vout, out in enumerate(outputs):
            kind = out[2] if len(out) == 3 else "p2wpkh"
            out_sats += out[1]
            con.execute(
                "INSERT INTO btc_outputs VALUES (?, ?, ?, ?, ?)", [txid, vout, out[0], out[1], kind]
            )
        con.execute(
            "INSERT INTO btc_transactions VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
            [
                txid,
                self.height,
                f"block{self.height}",
                coinbase,
                max(len(spends), 1 if coinbase else 0),
                len(outputs),
                None if coinbase else in_sats,
                out_sats,
                None if coinbase else in_sats - out_sats,
            ],
        )
        return txid

    def tag(self, address: str, label: str, category: str = "exchange") -> None:
        self.con.execute(
            "INSERT INTO tags (address, label, category, tagpack, valid) VALUES (?, ?, ?, ?, TRUE)",
            [address, label, category, "test pack"],
        )

    def cluster_of(self, address: str) -> str:
        row = self.con.execute(
            "SELECT cluster_id FROM address_clusters WHERE address = ?", [address]
        ).fetchone()
        assert row is not None, address
        return str(row[0])


def open_graph() -> Iterator[Graph]:
    """For a test module's ``graph`` fixture: a fresh in-memory case store."""
    con = duckdb.connect()
    migrate(con)
    yield Graph(con)
    con.close()
