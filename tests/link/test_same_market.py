"""A second account on one market (a sock puppet) is proposed by rules of its own and needs a
stricter match probability than a pair across markets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from seized.link.features import build_features
from seized.link.model import _SAME_MARKET_PAIRS
from seized.link.options import LinkOptions
from seized.link.stage import build_exclusions, build_identifiers, hard_edges
from tests.link.conftest import LinkCase, SynthCase

pytestmark = pytest.mark.slow

GREETINGS = ("hey", "hello", "yo", "hi", "moin", "salut", "ahoy", "hej", "sup", "howdy", "hallo")
GREETINGS += ("evening", "dear vendor", "hi there", "greetings", "bonjour")
SIGNOFFS = ("thx", "cheers", "peace", "bless", "ciao", "later", "greetz", "ttyl", "regards")
SIGNOFFS += ("take care", "merci", "danke", "respect", "one love", "yours", "best")
ITEMS = ("weed", "hash", "speed", "pills", "tabs", "shrooms", "oxy", "xanax", "ket", "md")


def _writes(link_case: LinkCase, account: str, greeting: str, signoff: str, hour: int) -> None:
    for day in range(1, 11):
        at = f"2024-02-{day:02d} {hour + day % 3:02d}:1{day % 6}:00"
        link_case.message(account, f"{greeting}\nIs the {ITEMS[day % 10]} in stock?\n{signoff}", at)
        link_case.login(account, "127.0.0.1", at)


def _market(link_case: LinkCase) -> None:
    """64 strangers on each of two markets, each with habits, hours and a home of their own."""
    words = ("mike", "lisa", "tom", "night", "chem", "raver", "jo", "sam", "anon", "kit")
    for i in range(64):
        for n, (market, hour) in enumerate((("m1", i % 20), ("m2", (i * 7) % 20))):
            name = f"{words[(i + n * 3) % 10]}{(i * 7919 + n * 104729) % 100000}"
            account = link_case.account(f"{market}:{i}", name, "buyer")
            greeting, signoff = GREETINGS[(i + n * 5) % 16], SIGNOFFS[(i * 5 + n * 3) % 16]
            _writes(link_case, account, greeting, signoff, hour)
            link_case.order(account, f"Someone {market} {i}, Weg {i}, {1000 + i} Graz")


def test_a_second_account_on_one_market_is_linked(link_case: LinkCase) -> None:
    _market(link_case)
    a = link_case.account("m1:x", "silent_fox77", "buyer")
    b = link_case.account("m1:y", "s1lent.f0x.77", "buyer")
    for account in (a, b):  # one person: the same habits, hours and home
        _writes(link_case, account, "Good evening comrade", "stay frosty", 21)
        link_case.order(account, "Kim Example, Ringstrasse 3, 1010 Wien")
    # the name written alike, but nothing else alike: a copycat as likely as a second account
    c = link_case.account("m2:x", "kraboulin_5", "buyer")
    d = link_case.account("m2:y", "kraboulin.5", "buyer")
    _writes(link_case, c, "hey", "thx", 3)
    _writes(link_case, d, "moin", "ciao", 15)
    persons = link_case.link()
    assert persons[a] == persons[b]
    proof, review = link_case.evidence(a)
    (model,) = [x for x in proof["links"] if x["rule"] == "model"]
    assert model["probability"] >= 0.99 and model["fields"]["username"] > 0
    assert review and proof["review"] == ["same_market"]  # an analyst looks at it
    assert persons[c] != persons[d]
    strangers = {persons[f"{m}:{i}"] for m in ("m1", "m2") for i in range(64)}
    assert len(strangers) == 128


def test_the_same_market_probability_is_an_option(link_case: LinkCase) -> None:
    _market(link_case)
    a = link_case.account("m1:x", "silent_fox77", "buyer")
    b = link_case.account("m1:y", "s1lent.f0x.77", "buyer")
    for account in (a, b):
        _writes(link_case, account, "Good evening comrade", "stay frosty", 21)
        link_case.order(account, "Kim Example, Ringstrasse 3, 1010 Wien")
    persons = link_case.link(same_market_probability=1.0)
    assert persons[a] != persons[b]
    with link_case.case.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT accepted, reason FROM link_edges WHERE account_a = ? AND account_b = ?",
            sorted((a, b)),
        ).fetchall()
    assert rows == [(False, "same_market")]


def _largest_intermediate(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> int:
    """The most rows any operator of ``sql``'s plan produced (DuckDB's JSON profile)."""
    con.execute("PRAGMA enable_profiling = 'json'")
    con.execute(f"PRAGMA profiling_output = '{path}'")
    con.execute(sql).fetchall()
    con.execute("PRAGMA disable_profiling")
    largest = 0

    def walk(node: dict[str, Any]) -> None:
        nonlocal largest
        for key in ("operator_cardinality", "intermediate_rows"):  # by DuckDB version
            largest = max(largest, int(node.get(key, 0) or 0))
        for child in node.get("children", []):
            walk(child)

    profile = json.loads(path.read_text())
    for node in [*profile.get("operator", []), *profile.get("children", [])]:
        walk(node)
    assert largest > 0, "no operator rows in the profile"
    return largest


def test_same_market_prior_never_pairs_all_accounts_of_a_market(
    synth_case: SynthCase, tmp_path: Path
) -> None:
    # DuckDB had joined the accounts with each other by market (531 accounts: 95,375 rows; a
    # large case: billions) before it looked at the hard links
    options = LinkOptions()
    with duckdb.connect(str(synth_case.case / "case.duckdb")) as con:
        con.execute("BEGIN")
        build_identifiers(con, options.common_names)
        build_exclusions(con, options)
        hard_edges(con)
        build_features(con, options)
        ((features, hard),) = con.execute(
            "SELECT (SELECT count(*) FROM link_features), (SELECT count(*) FROM link_hard)"
        ).fetchall()
        largest = _largest_intermediate(con, _SAME_MARKET_PAIRS, tmp_path / "profile.json")
        con.execute("ROLLBACK")
    assert hard > 0
    assert largest <= features + hard
