"""On a synthetic case, `seized extract` finds the identifiers the generator planted (issue 4)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from seized.runfile import run_case_file
from seized.synth import generate

KIND = {"bitcoin_address": "btc_address"}


def _norm(kind: str, value: str) -> str:
    value = value.strip().lower()
    if kind == "telegram":
        value = value.lstrip("@")
    if kind == "phone":
        value = re.sub(r"[^0-9+]", "", value)
    if kind == "postal_address":
        value = re.sub(r"\W+", " ", value).strip()
    return value


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path]:
    out = tmp_path_factory.mktemp("synth")
    generate(out / "server", scale="small", seed=3)
    run_case_file(out / "server" / "case.toml", case_dir=out / "case", echo=lambda _: None)
    truth = json.loads((out / "server" / "truth.json").read_text())
    return truth, out / "case" / "case.duckdb"


@pytest.mark.slow
def test_planted_identifiers_are_found(case: tuple[dict[str, object], Path]) -> None:
    truth, store = case
    con = duckdb.connect(str(store), read_only=True)
    found: dict[tuple[str, str], list[str]] = {}
    for kind, value, account in con.execute(
        "SELECT kind, value, account_id FROM identifiers"
    ).fetchall():
        kind = "pgp_fingerprint" if kind == "pgp_public_key" else kind
        found.setdefault((kind, account), []).append(_norm(kind, value))
    planted = [p for p in truth["identifiers"] if p["where"] != "message_pgp"]  # type: ignore[index, union-attr]
    missed = []
    for item in planted:
        kind = KIND.get(item["kind"], item["kind"])
        want = _norm(kind, item["value"])
        got = found.get((kind, f"{item['market']}:{item['native_id']}"), [])
        if not any(
            want == g or (kind == "postal_address" and (g in want or want in g)) for g in got
        ):
            missed.append(item)
    recall = 1 - len(missed) / len(planted)
    assert len(planted) > 100
    assert recall >= 0.99, missed[:5]


@pytest.mark.slow
def test_identifiers_in_messages_are_the_planted_ones(
    case: tuple[dict[str, object], Path],
) -> None:
    truth, store = case
    con = duckdb.connect(str(store), read_only=True)
    kinds = {"btc_address", "email", "jabber", "telegram", "phone"}
    planted = {
        (KIND.get(p["kind"], p["kind"]), _norm(KIND.get(p["kind"], p["kind"]), p["value"]))
        for p in truth["identifiers"]  # type: ignore[union-attr]
    }
    rows = con.execute(
        "SELECT kind, value FROM identifiers WHERE source_table = 'messages'"
    ).fetchall()
    found = [(k, _norm(k, v)) for k, v in rows if k in kinds]
    wrong = [f for f in found if f not in planted]
    assert found
    precision = 1 - len(wrong) / len(found)
    assert precision >= 0.99, wrong[:5]
