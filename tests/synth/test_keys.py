"""Seized keys: passphrase-protected, and they open exactly the blobs truth.json says."""

from __future__ import annotations

import random
from typing import Any

import pysequoia as pgp
import pytest

from seized.synth import SynthSummary
from seized.synth.protect import protect


def _decryptors(synth: SynthSummary) -> list[Any]:
    out = []
    for line in (synth.out / "keys/passphrases.txt").read_text(encoding="utf-8").splitlines():
        fingerprint, passphrase = line.split(" ", 1)
        matches = [p for p in (synth.out / "keys").glob("*.asc") if fingerprint in _fpr(p)]
        assert len(matches) == 1
        tsk = pgp.Tsk.from_file(str(matches[0]))
        with pytest.raises(Exception):  # noqa: B017 - pysequoia raises RuntimeError
            tsk.decryptor()
        out.append(tsk.decryptor(passphrase))
    return out


def _fpr(path: Any) -> str:
    return str(pgp.Tsk.from_file(str(path)).extract_certificate().fingerprint).upper()


def _opens(blob: str, decryptors: list[Any]) -> bool:
    for d in decryptors:
        try:
            pgp.decrypt(blob.encode(), d)
            return True
        except Exception:
            continue
    return False


def test_seized_keys_open_the_counted_blobs(
    synth: SynthSummary, store: dict[str, Any], truth: dict[str, Any]
) -> None:
    decryptors = _decryptors(synth)
    con = store["con"]
    for market in ("silkway", "hydrant", "nightowl"):
        blobs = [
            b
            for (b,) in con.execute(
                "SELECT shipping_raw FROM orders "
                "WHERE market_id = ? AND shipping_raw LIKE '-----BEGIN%'",
                [market],
            ).fetchall()
        ]
        counted = truth["blobs"][f"{market}.orders.shipping"]
        assert len(blobs) == counted["encrypted"]
        opened = sum(_opens(b, decryptors) for b in blobs)
        assert opened == counted["decryptable"], market


def test_protect_round_trip() -> None:
    tsk = pgp.Tsk.generate("t <t@example.org>", profile=pgp.Profile.RFC4880)
    protected = pgp.Tsk.from_bytes(protect(bytes(tsk), "secret words", random.Random(1)))
    message = pgp.encrypt(b"Hauptstr. 1", recipients=[tsk.extract_certificate()])
    assert pgp.decrypt(message, protected.decryptor("secret words")).bytes == b"Hauptstr. 1"
    with pytest.raises(Exception):  # noqa: B017 - pysequoia raises RuntimeError
        pgp.decrypt(message, protected.decryptor("wrong"))
