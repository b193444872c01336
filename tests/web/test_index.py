"""The index stage and the search over it, within a scope."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import duckdb
from fastapi import FastAPI
from fastapi.testclient import TestClient

from seized.case import Case
from seized.stages import run_stage
from seized.verify import verify
from seized.web.index import FOLDER, current
from seized.web.stage import IndexOptions
from tests.web import hostile
from tests.web.conftest import login


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{5,}", text))


def _kinds(client: TestClient, q: str) -> dict[str, list[str]]:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text
    return {g["kind"]: [h["id"] for h in g["hits"]] for g in response.json()["groups"]}


def test_the_stage_is_skipped_until_its_tables_change(case_copy: Path) -> None:
    case = Case.open(case_copy)
    first = current(case.root / FOLDER)
    assert first is not None
    assert run_stage(case, "index").skipped
    shutil.rmtree(case.root / FOLDER)  # a missing index is built again
    result = run_stage(case, "index")
    assert not result.skipped and result.counts["message"] > 1000
    assert result.counts["documents"] == sum(
        v for k, v in result.counts.items() if k != "documents"
    )
    assert verify(case).ok, verify(case).problems
    with case.connect() as con:
        con.execute("UPDATE messages SET body_plain = 'zebra crossing' WHERE message_id = ?",
                    [hostile.MESSAGE])  # fmt: skip
    again = run_stage(case, "index")
    assert not again.skipped
    assert run_stage(case, "index", IndexOptions(force=True)).counts == again.counts
    folders = [p for p in (case.root / FOLDER).iterdir() if p.is_dir()]
    assert folders == [current(case.root / FOLDER)]  # older generations are removed
    entries = [e for e in case.custody.entries() if e["action"] == "index"]
    assert entries and entries[-1]["outputs"]["message"] == again.counts["message"]


def _decrypted(app: FastAPI) -> tuple[str, str]:
    with app.state.bench.reader.read() as con:
        row = con.execute(
            "SELECT message_id, body_plain FROM messages WHERE decrypted "
            "AND length(body_plain) > 30 ORDER BY length(body_plain) DESC, 1 LIMIT 1"
        ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def test_search_finds_decrypted_text_usernames_and_identifiers(
    lena: TestClient, app: FastAPI
) -> None:
    message_id, plain = _decrypted(app)  # a text that only decryption made readable
    assert message_id in _kinds(lena, plain)["message"]
    with app.state.bench.reader.read() as con:
        username, account = con.execute(
            "SELECT username, account_id FROM accounts WHERE role = 'vendor' ORDER BY 2 LIMIT 1"
        ).fetchone()
        handle, owner = con.execute(
            "SELECT value, account_id FROM identifiers WHERE kind = 'telegram' ORDER BY 1 LIMIT 1"
        ).fetchone()
        address = con.execute("SELECT address FROM payouts ORDER BY 1 LIMIT 1").fetchone()[0]
        txid = con.execute("SELECT txid FROM cashouts ORDER BY 1 LIMIT 1").fetchone()[0]
        label = con.execute("SELECT label FROM cashouts ORDER BY 1 LIMIT 1").fetchone()[0]
        # a decrypted shipping address, found by its rarest word
        addresses = con.execute(
            "SELECT order_id, shipping_address FROM orders WHERE shipping_address IS NOT NULL "
            "ORDER BY 1"
        ).fetchall()
    words = Counter(w for _, a in addresses for w in _words(a))
    order, street = min(addresses, key=lambda r: min(words[w] for w in _words(r[1])))
    word = min(_words(street), key=lambda w: words[w])
    assert account in _kinds(lena, username)["account"]
    assert owner in _kinds(lena, handle)["account"]
    assert address in _kinds(lena, address)["address"]
    assert txid in _kinds(lena, txid)["transaction"]
    assert label in _kinds(lena, label)["exchange"]
    assert order in _kinds(lena, word)["order"]


def test_search_is_scoped(app: FastAPI, anna: TestClient) -> None:
    nils = TestClient(app)
    login(nils, "nils")
    assert hostile.ACCOUNT in _kinds(anna, "kingpin")["account"]
    assert _kinds(nils, "kingpin") == {}
    # the hostile order ships to Germany: its shipping address only with its (German) buyer
    assert hostile.ORDER in _kinds(anna, "Hauptstrasse")["order"]
    assert _kinds(nils, "Hauptstrasse").get("order", []) == []


def test_hostile_queries_are_words_not_syntax(lena: TestClient) -> None:
    for q in ["title:x OR (", '"', "*", "a" * 5000, "silkway:1 AND NOT x", "\u202e", "%00"]:
        response = lena.get("/api/search", params={"q": q[:2000]})
        assert response.status_code == 200, q
    assert lena.get("/api/search", params={"q": "a" * 2001}).status_code == 422


def test_the_index_command(case_copy: Path) -> None:
    from click.testing import CliRunner

    from seized.cli import cli

    first = CliRunner().invoke(cli, ["index", str(case_copy)])
    assert first.exit_code == 0 and "nothing to do" in first.output
    forced = CliRunner().invoke(cli, ["index", str(case_copy), "--force", "--progress", "plain"])
    assert forced.exit_code == 0 and "documents (" in forced.stdout
    assert "index: message: 1 of 1 steps" in forced.stderr  # each kind as it ends
    assert forced.stderr.strip().splitlines()[-1].startswith("index: commit: 1 of 1 steps")
    with duckdb.connect(str(case_copy / "case.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM meta.stages WHERE stage = 'index'").fetchone() == (
            1,
        )
