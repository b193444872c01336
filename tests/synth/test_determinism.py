"""Two runs with the same seed write the same files, apart from PGP key material."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from seized.synth import SynthSummary, generate

_ARMOR = re.compile(r"-----BEGIN PGP [A-Z ]+-----.*?-----END PGP [A-Z ]+-----", re.S)
_FPR = re.compile(r"\b[0-9A-Fa-f]{40}\b")


def _masked(text: str) -> str:
    return _FPR.sub("<fpr>", _ARMOR.sub("<pgp>", text))


def _sqlite_dump(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return _masked("\n".join(db.iterdump()))
    finally:
        db.close()


@pytest.mark.slow
def test_same_seed_same_output(synth: SynthSummary, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", scale="small", seed=synth.seed)
    for name in (
        "markets/silkway.sql",
        "markets/hydrant.sql",
        "markets/lantern/vendors.csv",
        "markets/lantern/items.csv",
        "truth.json",
        "case.toml",
    ):
        first = (synth.out / name).read_text(encoding="utf-8")
        second = (again.out / name).read_text(encoding="utf-8")
        assert _masked(first) == _masked(second), name
    for name in ("chain/etl/transactions.jsonl", "chain/etl/blocks.jsonl", "tags/exchanges.yaml"):
        assert (synth.out / name).read_bytes() == (again.out / name).read_bytes(), name
    blk = sorted((synth.out / "chain/blocks").glob("blk*.dat"))
    assert [p.read_bytes() for p in blk] == [
        (again.out / "chain/blocks" / p.name).read_bytes() for p in blk
    ]
    assert _sqlite_dump(synth.out / "markets/nightowl.sqlite") == _sqlite_dump(
        again.out / "markets/nightowl.sqlite"
    )
