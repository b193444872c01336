"""The accounts' armored public keys, read in this process or in worker processes."""

from __future__ import annotations

import duckdb
import pysequoia as pgp
import pytest

from seized import pool
from seized.link import hard


def _armored(user_id: str) -> tuple[str, str]:
    tsk = pgp.Tsk.generate(
        user_id, profile=pgp.Profile.RFC4880, cipher_suite=pgp.CipherSuite.Cv25519
    )
    cert = tsk.extract_certificate()
    return str(cert), str(cert.fingerprint).upper()


@pytest.fixture(scope="module")
def keys() -> list[tuple[str, str]]:
    return [_armored(f"vendor{i} <v{i}@market.onion>") for i in range(3)]


def test_workers_read_what_this_process_reads(
    keys: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = (
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----"
    )
    texts = [keys[0][0], damaged, keys[1][0], keys[2][0], keys[0][0]]
    here = hard._read_chunk(texts)
    assert [f[0] if f else None for f in here] == [
        keys[0][1],
        None,
        keys[1][1],
        keys[2][1],
        keys[0][1],
    ]
    assert here[0] is not None and here[0][1] == ["vendor0 <v0@market.onion>"]
    monkeypatch.setattr(hard, "POOL_KEYS", 1)
    monkeypatch.setattr(hard, "POOL_CHUNK", 2)
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 2)
    assert hard._read_all(texts) == here


def test_link_keys_has_a_row_per_account_and_user_id(keys: list[tuple[str, str]]) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE accounts (account_id VARCHAR, pgp_public_key VARCHAR)")
    con.executemany(
        "INSERT INTO accounts VALUES (?, ?)",
        [("m1:a", keys[0][0]), ("m2:a", keys[0][0]), ("m1:b", "no key"), ("m1:c", keys[1][0])],
    )
    hard.read_keys(con)
    rows = con.execute("SELECT * FROM link_keys ORDER BY ALL").fetchall()
    assert rows == [
        ("m1:a", keys[0][1], "vendor0 <v0@market.onion>"),
        ("m1:c", keys[1][1], "vendor1 <v1@market.onion>"),
        ("m2:a", keys[0][1], "vendor0 <v0@market.onion>"),
    ]
