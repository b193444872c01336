"""A second account on one market (a sock puppet) is proposed by rules of its own and needs a
stricter match probability than a pair across markets."""

from __future__ import annotations

import pytest

from tests.link.conftest import LinkCase

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
