"""A tiny case builder for link tests: accounts, listings and wallet rows written straight into
a fresh case store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from seized.case import Case
from seized.link.options import LinkOptions
from seized.link.stage import link_stage
from seized.runfile import run_case_file
from seized.synth import generate


@dataclass
class LinkCase:
    case: Case
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def account(self, account_id: str, username: str, role: str = "vendor", **extra: Any) -> str:
        market, native = account_id.split(":", 1)
        self.rows.setdefault("accounts", []).append(
            {
                "account_id": account_id,
                "market_id": market,
                "native_id": native,
                "username": username,
                "role": role,
                **extra,
            }
        )
        return account_id

    def listing(
        self, vendor: str, title: str, category: str, ships_from: str, **extra: Any
    ) -> None:
        n = len(self.rows.get("listings", []))
        market = vendor.split(":", 1)[0]
        self.rows.setdefault("listings", []).append(
            {
                "listing_id": f"{market}:L{n}",
                "market_id": market,
                "native_id": f"L{n}",
                "vendor_id": vendor,
                "title": title,
                "category": category,
                "ships_from": ships_from,
                "price_sats": extra.pop("price_sats", 1_000_000),
                **extra,
            }
        )

    def wallet(self, account: str | None, address: str, kind: str, market: str = "") -> None:
        market = market or (account.split(":", 1)[0] if account else "m1")
        self.rows.setdefault("wallet_addresses", []).append(
            {"market_id": market, "account_id": account, "address": address, "kind": kind}
        )

    def payout(self, account: str, address: str) -> None:
        n = len(self.rows.get("payouts", []))
        market = account.split(":", 1)[0]
        self.rows.setdefault("payouts", []).append(
            {
                "payout_id": f"{market}:P{n}",
                "market_id": market,
                "native_id": f"P{n}",
                "account_id": account,
                "address": address,
                "amount_sats": 1000,
                "kind": "payout",
            }
        )

    def login(self, account: str, ip: str, at: str) -> None:
        n = len(self.rows.get("logins", []))
        market = account.split(":", 1)[0]
        self.rows.setdefault("logins", []).append(
            {
                "login_id": f"{market}:G{n}",
                "market_id": market,
                "native_id": f"G{n}",
                "account_id": account,
                "ip": ip,
                "at": at,
            }
        )

    def message(self, sender: str, body: str, at: str) -> None:
        n = len(self.rows.get("messages", []))
        market = sender.split(":", 1)[0]
        self.rows.setdefault("messages", []).append(
            {
                "message_id": f"{market}:M{n}",
                "market_id": market,
                "native_id": f"M{n}",
                "sender_id": sender,
                "body": body,
                "encrypted": False,
                "created_at": at,
            }
        )

    def order(self, buyer: str, shipping_address: str) -> None:
        n = len(self.rows.get("orders", []))
        market = buyer.split(":", 1)[0]
        self.rows.setdefault("orders", []).append(
            {
                "order_id": f"{market}:O{n}",
                "market_id": market,
                "native_id": f"O{n}",
                "buyer_id": buyer,
                "amount_sats": 100_000,
                "status": "finalized",
                "shipping_address": shipping_address,
            }
        )

    def cluster(self, cluster_id: str, *addresses: str) -> None:
        """Addresses that one multi-input cluster holds (as `seized chain cluster` writes)."""
        for address in addresses:
            self.rows.setdefault("address_clusters", []).append(
                {"address": address, "cluster_id": cluster_id}
            )

    def transaction(self, txid: str, inputs: list[str], outputs: list[str]) -> None:
        """A chain transaction spending from ``inputs`` to ``outputs`` (addresses)."""
        for i, address in enumerate(inputs):
            self.rows.setdefault("btc_inputs", []).append(
                {"txid": txid, "idx": i, "address": address, "value_sats": 1000}
            )
        for i, address in enumerate(outputs):
            self.rows.setdefault("btc_outputs", []).append(
                {"txid": txid, "vout": i, "address": address, "value_sats": 900}
            )

    def cluster_label(self, cluster_id: str, label: str, category: str) -> None:
        self.rows.setdefault("cluster_labels", []).append(
            {"cluster_id": cluster_id, "label": label, "category": category, "tags": 1}
        )

    def pgp_key(self, fingerprint: str, user_ids: list[str]) -> None:
        self.rows.setdefault("pgp_keys", []).append(
            {"fingerprint": fingerprint, "user_ids": user_ids}
        )

    def write(self) -> None:
        with self.case.connect() as con:
            for table, rows in self.rows.items():
                con.execute(f"DELETE FROM {table}")
                for row in rows:
                    names = ", ".join(f'"{name}"' for name in row)
                    marks = ", ".join("?" for _ in row)
                    con.execute(
                        f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values())
                    )

    def link(self, overrides: Path | None = None, **options: Any) -> dict[str, str]:
        """Write the rows, link, and return account -> person."""
        self.write()
        link_stage(self.case, LinkOptions(**options, overrides=overrides, force=True))
        return self.persons()

    def persons(self) -> dict[str, str]:
        with self.case.connect(read_only=True) as con:
            rows = con.execute("SELECT account_id, person_id FROM persons").fetchall()
        return {str(a): str(p) for a, p in rows}

    def evidence(self, account: str) -> tuple[dict[str, Any], bool]:
        with self.case.connect(read_only=True) as con:
            row = con.execute(
                "SELECT evidence, review FROM persons WHERE account_id = ?", [account]
            ).fetchall()[0]
        return json.loads(row[0]), bool(row[1])


@pytest.fixture
def link_case(tmp_path: Path) -> Iterator[LinkCase]:
    yield LinkCase(Case.init(tmp_path / "case", actor="test"))


@dataclass(frozen=True)
class SynthCase:
    out: Path  # the generated server, with truth.json
    case: Path  # the case directory after `seized run` of its case file


@pytest.fixture(scope="session")
def synth_case(tmp_path_factory: pytest.TempPathFactory) -> SynthCase:
    """A small synthetic server (seed 1) taken through `seized run` once per session."""
    out = tmp_path_factory.mktemp("synth")
    generate(out, scale="small", seed=1)
    run_case_file(out / "case.toml", case_dir=out / "case", echo=lambda _: None)
    return SynthCase(out, out / "case")
