"""On a synthetic case every blob that truth.json calls decryptable is decrypted, and every
decrypted shipping address is the buyer's address that truth records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from seized.case import Case
from seized.crypto.stage import DecryptOptions, KeyImportOptions, decrypt_stage, keys_import_stage
from seized.runfile import run_case_file
from seized.synth import generate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Case, dict[str, Any]]:
    root = tmp_path_factory.mktemp("synth")
    out = root / "server"
    generate(out, scale="small", seed=1)
    run_case_file(out / "case.toml", case_dir=root / "case", actor="tester", echo=lambda _: None)
    case = Case.open(root / "case", actor="tester")
    keys = sorted((out / "keys").glob("*.asc"))
    keys_import_stage(case, KeyImportOptions(keys, out / "keys" / "passphrases.txt"))
    decrypt_stage(case, DecryptOptions(workers=2))
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    return out, case, truth


def test_decrypted_counts_equal_truth(synthetic) -> None:
    _, case, truth = synthetic
    columns = {"orders": "shipping_raw", "messages": "body"}
    with case.connect(read_only=True) as con:
        for name, expected in truth["blobs"].items():
            market, table, _ = name.split(".")
            found, opened = con.execute(
                "SELECT count(*), count(*) FILTER (status = 'decrypted') FROM pgp_blobs "
                "WHERE market_id = ? AND source_table = ? AND source_column = ?",
                [market, table, columns[table]],
            ).fetchall()[0]
            assert (found, opened) == (expected["encrypted"], expected["decryptable"]), name
        statuses = dict(
            con.execute("SELECT status, count(*) FROM pgp_blobs GROUP BY ALL").fetchall()
        )
    assert set(statuses) <= {"decrypted", "no_key"}  # nothing corrupt in generated data


def test_shipping_addresses_are_the_buyers(synthetic) -> None:
    _, case, truth = synthetic
    # a buyer's orders go to the person's own address or one of their other addresses
    addresses = {
        f"{a['market']}:{a['native_id']}": {p["postal_address"], *p["other_addresses"]}
        for p in truth["persons"]
        for a in p["accounts"]
    }
    with case.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT o.buyer_id, o.shipping_address FROM orders o JOIN pgp_blobs b "
            "ON b.source_table = 'orders' AND b.source_key = o.order_id "
            "WHERE b.status = 'decrypted'"
        ).fetchall()
        plain = con.execute(
            "SELECT count(*) FROM orders WHERE shipping_address IS NOT NULL"
        ).fetchall()[0][0]
    assert rows
    assert all(text in addresses[buyer] for buyer, text in rows)
    opened = sum(v["decryptable"] for k, v in truth["blobs"].items() if ".orders." in k)
    copied = sum(v["plain"] for k, v in truth["blobs"].items() if ".orders." in k)
    assert plain == opened + copied


def test_seized_keys_are_held_and_unlocked(synthetic) -> None:
    _, case, truth = synthetic
    with case.connect(read_only=True) as con:
        held = dict(con.execute("SELECT fingerprint, status FROM pgp_secrets").fetchall())
    assert held == {k["fingerprint"]: "unlocked" for k in truth["seized_keys"]}
