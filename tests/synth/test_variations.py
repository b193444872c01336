"""What real markets hide, planted so that linking can be measured on it: second accounts on one
market, handles written another way, buyers with several addresses, payouts spent together on
chain, and a scraped market of vendors only, without ships-from."""

from __future__ import annotations

import csv
import json
from collections import Counter
from typing import Any

from seized.synth import SynthSummary
from seized.synth.handles import LEET, coined, variant
from seized.synth.scrape import category


def _spelled(name: str) -> str:
    """A handle without case, separators and leetspeak."""
    text = name.lower().translate(str.maketrans({d: c for c, d in LEET.items()}))
    return "".join(c for c in text if c.isalnum())


def _accounts(truth: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{a['market']}:{a['native_id']}": a for p in truth["persons"] for a in p["accounts"]}


def test_handle_variants() -> None:
    import random

    rng = random.Random(5)
    for name in ("silent_fox77", "badger4410", "GreenDragon42", "raven4411", "otter_es", "Kush"):
        for _ in range(30):
            other = variant(rng, name)
            assert other.lower() != name.lower() and _spelled(other) == _spelled(name), other
    names = {coined(rng) for _ in range(200)}
    assert all(3 <= len(n) <= 9 and n.isalpha() for n in names) and len(names) > 150


def test_link_kinds_match_the_accounts(truth: dict[str, Any]) -> None:
    accounts = _accounts(truth)
    kinds: Counter[str] = Counter()
    same_market = 0
    for person in truth["persons"]:
        for link in person["links"]:
            a, b = accounts[link["a"]], accounts[link["b"]]
            kinds.update(link["kinds"])
            same_market += a["market"] == b["market"]
            same = a["username"].lower() == b["username"].lower()
            assert same == ("same_username" in link["kinds"]), link
            if "name_variant" in link["kinds"]:
                assert _spelled(a["username"]).startswith(_spelled(b["username"])[:3]), link
    assert kinds["name_variant"] >= 10 and kinds["co_spend"] >= 1
    assert same_market >= 5


def test_co_spent_payout_addresses_share_a_transaction(
    synth: SynthSummary, truth: dict[str, Any]
) -> None:
    accounts = _accounts(truth)
    pairs = [
        {accounts[link["a"]]["withdrawal_address"], accounts[link["b"]]["withdrawal_address"]}
        for p in truth["persons"]
        for link in p["links"]
        if "co_spend" in link["kinds"]
    ]
    spent: list[set[str]] = []
    with (synth.out / "chain/etl/transactions.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            tx = json.loads(line)
            spent.append({a for i in tx["inputs"] for a in i["addresses"]})
    assert pairs and all(any(pair <= inputs for inputs in spent) for pair in pairs)


def test_some_buyers_ship_to_several_addresses(truth: dict[str, Any]) -> None:
    buyers = [p for p in truth["persons"] if p["role"] == "buyer"]
    assert sum(1 for p in buyers if p["other_addresses"]) > 0.1 * len(buyers)


def test_the_scrape_holds_vendors_without_ships_from(
    synth: SynthSummary, truth: dict[str, Any]
) -> None:
    assert synth.scrape is not None
    with (synth.scrape / "vendors.csv").open(encoding="utf-8") as f:
        vendors = list(csv.DictReader(f))
    with (synth.scrape / "items.csv").open(encoding="utf-8") as f:
        items = list(csv.DictReader(f))
    assert "ships_from" not in items[0] and vendors and items
    assert {i["vendor"] for i in items} <= {v["vendor"] for v in vendors}
    scraped = {a["native_id"]: a for a in _accounts(truth).values() if a["market"] == "lantern"}
    assert set(scraped) == {v["vendor"] for v in vendors}
    assert {a["role"] for a in scraped.values()} == {"vendor"}
    assert truth["scrape"] == {
        "market": "lantern",
        "accounts": len(vendors),
        "listings": len(items),
    }
    assert category("Drugs > Cannabis > Weed") == "Cannabis/Weeds"
    assert category("Drugs > Benzos") == "Benzos"
    case = (synth.out / "case.toml").read_text(encoding="utf-8")
    assert 'path = "markets/lantern"' in case and 'mapping = "markets/lantern.yaml"' in case
