"""Countries: each kind of evidence alone, conflicts, the summary sentence."""

from __future__ import annotations

from typing import Any

import pytest

from seized.rank.countries import assign


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


def test_the_example_cited_does_not_depend_on_row_order() -> None:
    from collections import defaultdict

    from seized.rank.countries import Evidence, _add

    rows = [("p", "login_ip", "US", 2, "m:login9"), ("p", "login_ip", "US", 1, "m:login1")]
    cited = []
    for order in (rows, rows[::-1]):
        found: Evidence = defaultdict(lambda: defaultdict(dict))
        for row in order:
            _add(found, *row)
        cited.append(found["p"]["login_ip"]["US"])
    assert cited[0] == cited[1] == [3, "m:login1"]
