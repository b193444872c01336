"""Every kind of page, its evidence and onward links; the graph, flows, timeline and map; seized
text escaped everywhere."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient

from seized.web.scope import MAX_TEXT
from tests.web import hostile


def q(value: str) -> str:
    return quote(value, safe="")


def test_every_kind_of_page_cites_its_evidence(anna: TestClient) -> None:
    pages = {
        f"/accounts/{q(hostile.ACCOUNT)}": "kingpin",
        f"/listings/{q(hostile.LISTING)}": "Best",
        f"/orders/{q(hostile.ORDER)}": "Hauptstrasse 1",
        f"/messages/{q(hostile.MESSAGE)}": "re:",
    }
    for url, text in pages.items():
        response = anna.get(url)
        assert response.status_code == 200, url
        assert text in response.text, url
        assert 'Evidence: file <span class="mono">' in response.text, url
        assert 'table <span class="mono">users&lt;script&gt;' in response.text, url


def test_the_person_page_explains_links_and_rank(anna: TestClient, app: FastAPI) -> None:
    with app.state.bench.reader.read() as con:
        person = con.execute(
            "SELECT person_id FROM persons JOIN targets USING (person_id) WHERE country = 'DE' "
            "GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 1"
        ).fetchone()[0]
    data = anna.get(f"/api/persons/{q(person)}").json()
    assert len(data["accounts"]) > 1
    assert any(" and " in s and s.endswith(".") for s in data["links"]), data["links"]
    assert data["rank"][0].startswith("Ranked ") and "with a score of" in data["rank"][0]
    assert any(s.startswith("Country DE with confidence") for s in data["rank"]), data["rank"]
    page = anna.get(f"/persons/{q(person)}").text
    for sentence in data["links"][:2] + data["rank"][:2]:
        assert sentence.replace("'", "&#39;").replace('"', "&#34;") in page


def test_money_pages(anna: TestClient, app: FastAPI) -> None:
    address = anna.get(f"/api/addresses/{q(hostile.ADDRESS)}").json()
    assert address["cluster_id"] == hostile.CLUSTER and address["cluster_visible"]
    assert address["owners"] == [
        {"account_id": hostile.ACCOUNT, "visible": True, "kind": "withdrawal"}
    ]
    cluster = anna.get(f"/clusters/{q(hostile.CLUSTER)}")
    assert cluster.status_code == 200 and "&lt;script&gt;window.__pwned=13" in cluster.text
    exchange = anna.get(f"/exchanges/{q(hostile.EXCHANGE)}")
    assert exchange.status_code == 200 and "1 persons of your scope" in exchange.text
    with app.state.bench.reader.read() as con:
        txid = con.execute(
            "SELECT c.txid FROM cashouts AS c JOIN targets AS t USING (person_id) "
            "JOIN btc_transactions AS b ON b.txid = c.txid WHERE t.country = 'DE' LIMIT 1"
        ).fetchone()[0]
    tx = anna.get(f"/transactions/{txid}")
    assert tx.status_code == 200 and "Inputs" in tx.text and "Outputs" in tx.text


def test_graph_expands_and_hides_what_is_foreign(anna: TestClient, lena: TestClient) -> None:
    node = f"person:{hostile.PERSON}"
    one = anna.get("/api/graph", params={"node": node, "depth": 1}).json()
    assert {n["id"] for n in one["nodes"]} == {
        node,
        f"account:{hostile.ACCOUNT}",
        f"account:{hostile.ACCOUNT2}",
    }
    three = anna.get("/api/graph", params={"node": node, "depth": 3}).json()
    kinds = {n["kind"] for n in three["nodes"]}
    assert {"person", "account", "address", "cluster"} <= kinds
    ids = {n["id"] for n in three["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in three["edges"])
    # a busy exchange cluster leads to other jurisdictions' addresses: placeholders only
    exchange = anna.get("/api/graph", params={"node": "exchange:" + hostile.EXCHANGE, "depth": 1})
    assert exchange.status_code == 200
    assert anna.get("/api/graph", params={"node": "person:nobody"}).status_code == 404
    assert anna.get("/api/graph", params={"node": "nonsense"}).status_code == 404
    assert anna.get("/api/graph", params={"node": node, "depth": 9}).status_code == 422
    hidden = [n for n in lena.get("/api/graph", params={"node": node, "depth": 3}).json()["nodes"]]
    assert not [n for n in hidden if n["kind"] == "hidden"]  # a lead sees every node


def test_flows_timeline_and_map(anna: TestClient, lena: TestClient) -> None:
    flows = anna.get("/api/flows", params={"from": f"person:{hostile.PERSON}"}).json()
    assert flows["edges"][0]["txid"] == hostile.TXID
    assert flows["cashouts"][0]["label"] == hostile.EXCHANGE
    from_address = anna.get("/api/flows", params={"from": hostile.ADDRESS}).json()
    assert [e["to_address"] for e in from_address["edges"]] == [hostile.ADDRESS + "-2"]
    page = anna.get("/flows", params={"from": f"person:{hostile.PERSON}"}).text
    assert 'id="cashouts"' in page and 'id="hops"' in page
    timeline = anna.get("/api/timeline", params={"person": hostile.PERSON}).json()
    assert timeline["months"][0]["sales"] == 1
    market = anna.get("/timeline", params={"market": "silkway"})
    assert market.status_code == 200 and market.text.count("<rect ") >= 2
    assert anna.get("/api/timeline", params={"market": "nowhere"}).status_code == 404
    mine = {c["country"] for c in anna.get("/api/map").json()["countries"]}
    everyone = {c["country"] for c in lena.get("/api/map").json()["countries"]}
    assert mine == {"DE", "AT"} and {"DE", "AT", "NL", "US"} <= everyone
    assert lena.get("/api/map").json()["outlines"]["276"] == "DE"


def test_seized_text_is_escaped_and_cut(anna: TestClient) -> None:
    for url in [
        f"/persons/{q(hostile.PERSON)}",
        f"/accounts/{q(hostile.ACCOUNT)}",
        f"/listings/{q(hostile.LISTING)}",
        f"/messages/{q(hostile.MESSAGE_HUGE)}",
        f"/orders/{q(hostile.ORDER)}",
        f"/addresses/{q(hostile.ADDRESS)}",
        "/search?q=kingpin",
        "/",
    ]:
        text = anna.get(url).text
        assert "<script>window.__pwned" not in text, url
        assert not re.search(r"<(img|svg|b|a)\b[^>]*\bon\w+=", text), url
        assert 'href="javascript' not in text, url
    huge = anna.get(f"/messages/{q(hostile.MESSAGE_HUGE)}").text
    assert len(huge) < MAX_TEXT + 20_000 and "more characters]" in huge
    listing = anna.get(f"/api/listings/{q(hostile.LISTING)}")
    assert listing.status_code == 404  # not an API route: the page is
