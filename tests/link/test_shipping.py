"""Accounts that share shipping addresses are compared on every address they share."""

from __future__ import annotations

import hashlib

from tests.link.conftest import LinkCase


def _key(address: str) -> str:
    """The address's fingerprint as the features make it."""
    return hashlib.md5(" ".join(address.lower().split()).encode()).hexdigest()[:16]


def test_accounts_sharing_addresses_with_other_smallest_ones_are_compared(
    link_case: LinkCase,
) -> None:
    # two shared addresses; each account has one more of its own that sorts first, so the
    # smallest address of the two accounts differs
    shared = [f"Kim Example, Ringstrasse {n}, 1010 Wien" for n in (3, 4)]
    lowest = min(_key(a) for a in shared)
    own = [f"Kim Example, Gasse {n}, 1020 Wien" for n in range(200)]
    own = [a for a in own if _key(a) < lowest]
    a = link_case.account("m1:a", "quietriver", "buyer")
    b = link_case.account("m2:b", "nightowl", "buyer")
    for address in (*shared, own[0]):
        link_case.order(a, address)
    for address in (*shared, own[1]):
        link_case.order(b, address)
    for i in range(40):  # strangers with addresses of their own
        for market in ("m1", "m2"):
            s = link_case.account(f"{market}:s{i}", f"{market}buyer{i}", "buyer")
            link_case.order(s, f"Someone {market} {i}, Weg {i}, {1000 + i} Graz")
    persons = link_case.link()
    assert persons[a] == persons[b]
    proof, _ = link_case.evidence(a)
    (model,) = [x for x in proof["links"] if x["rule"] == "model"]
    assert model["fields"]["shipping"] > 0
