"""Countries: each kind of evidence alone, conflicts, the summary sentence."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from seized.rank.countries import assign, gather
from seized.rank.economics import prepare_accounts
from tests.rank.conftest import T0, Market


def _evidence(**kinds: dict[str, int]) -> dict[str, dict[str, list[Any]]]:
    return {kind: {c: [n, f"row-{c}"] for c, n in found.items()} for kind, found in kinds.items()}


@pytest.mark.parametrize(
    ("kind", "low", "high"),
    [
        ("shipping_address", 0.85, 0.95),
        ("postal_address", 0.5, 0.6),
        ("phone", 0.4, 0.45),
        ("ships_from", 0.25, 0.35),
        ("login_ip", 0.1, 0.15),
        ("exchange", 0.05, 0.15),
    ],
)
def test_each_kind_alone_gives_its_country_with_graded_confidence(
    kind: str, low: float, high: float
) -> None:
    found = assign(_evidence(**{kind: {"DE": 1}}))
    assert found.country == "DE"
    assert low <= found.confidence <= high
    assert found.evidence[kind]["countries"] == {"DE": 1}


def test_more_items_raise_confidence() -> None:
    one = assign(_evidence(ships_from={"NL": 1})).confidence
    ten = assign(_evidence(ships_from={"NL": 10})).confidence
    assert ten > one


def test_strong_evidence_outweighs_weak_disagreement() -> None:
    found = assign(_evidence(shipping_address={"FR": 3}, login_ip={"US": 20}, ships_from={"US": 2}))
    assert found.country == "FR"
    agreed = assign(_evidence(shipping_address={"FR": 3}))
    assert found.confidence < agreed.confidence  # the disagreement costs confidence


def test_split_evidence_is_uncertain() -> None:
    found = assign(_evidence(ships_from={"DE": 5, "AT": 5}))
    assert found.country in {"AT", "DE"}
    assert found.confidence < 0.35


def test_no_evidence_no_country() -> None:
    found = assign({})
    assert (found.country, found.confidence) == (None, 0.0)
    assert found.sentence() == "no country evidence"


def test_sentence_names_the_evidence() -> None:
    found = assign(_evidence(shipping_address={"PL": 2}, ships_from={"PL": 3, "DE": 1}))
    assert found.sentence().startswith("PL (confidence ")
    assert "2 shipping addresses" in found.sentence()
    assert "3 of 4 listings shipping from there" in found.sentence()


@pytest.mark.parametrize("order", [("m:login9", "m:login1"), ("m:login1", "m:login9")])
def test_the_example_cited_does_not_depend_on_row_order(
    store: duckdb.DuckDBPyConnection, order: tuple[str, str]
) -> None:
    account = Market(store).account("v", "vendor")
    for login_id in order:  # two logins from the UK, in either order
        store.execute(
            'INSERT INTO logins (login_id, native_id, market_id, account_id, ip, "at") '
            "VALUES (?, ?, 'm', ?, '81.2.69.142', ?)",
            [login_id, login_id, account, T0],
        )
    prepare_accounts(store)
    gather(store)
    rows = store.execute("SELECT kind, country, items, example FROM rank_evidence").fetchall()
    assert rows == [("login_ip", "GB", 2, "m:login1")]


def test_the_support_total_does_not_depend_on_the_order_of_the_evidence() -> None:
    import random

    from seized.rank.countries import share_total

    rng = random.Random(5)
    for _ in range(200):
        total = {f"C{i}": rng.random() * 10 ** rng.randint(-3, 3) for i in range(12)}
        sums = {share_total(dict(rng.sample(list(total.items()), 12))) for _ in range(20)}
        assert len(sums) == 1
