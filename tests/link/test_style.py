"""Writing style: accounts that write alike are compared by their character n-gram profiles,
where habits (lines used in many messages) say nothing."""

from __future__ import annotations

import pytest

from tests.link.conftest import LinkCase

pytestmark = pytest.mark.slow

WORDS = ("alpha", "bravo", "cobalt", "delta", "ember", "fjord", "gamut", "harbor", "indigo")
WORDS += ("jasper", "kelvin", "lumen", "magnet", "nectar", "onyx", "prism")


def _line(i: int, j: int) -> str:
    """A sentence of its own for writer ``i`` (its ``j``-th)."""
    return " ".join(WORDS[(i * 7 + j * 3 + k) % len(WORDS)] + str(k) for k in range(4))


def test_two_accounts_that_write_alike_are_linked(link_case: LinkCase) -> None:
    # 50 writers per market, each a single message in words of their own: no line repeats, so
    # no habits; the pair writes one and the same way, once on each market
    for i in range(50):
        for n, market in enumerate(("m1", "m2")):
            account = link_case.account(f"{market}:{i}", f"{market}w{i * 31 + n * 7}", "buyer")
            text = "\n".join(_line(i + 50 * n, j) for j in range(3))
            link_case.message(account, text, f"2024-03-{1 + i % 28:02d} 10:00:00")
    mine = (
        "Greetings from the frozen north, dear friend\n"
        "my parcels always go to the old mill by the river\n"
        "yours in eternal gratitude, the wandering heron"
    )
    a = link_case.account("m1:x", "quietmill", "buyer")
    b = link_case.account("m2:x", "oldheron", "buyer")
    link_case.message(a, mine, "2024-03-05 11:00:00")
    link_case.message(b, mine.replace("parcels", "packets"), "2024-04-05 11:00:00")
    persons = link_case.link()
    assert persons[a] == persons[b]
    proof, _ = link_case.evidence(a)
    (model,) = [x for x in proof["links"] if x["rule"] == "model"]
    assert model["fields"]["style"] > 0
    assert len({persons[f"{m}:{i}"] for m in ("m1", "m2") for i in range(50)}) == 100
