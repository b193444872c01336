"""Links into persons: union-find over the links, strongest first, under the analyst's overrides.

Order: must-links, then hard links (PGP key, payout addresses spent together, address, e-mail,
handle, phone), then model links by match weight. A link is refused when it would put two
accounts that the analyst said are different people into one person (a cannot-link splits a
chain of hard links where it has to), and a model link that would put two accounts of one market
into one person is refused unless it reaches the stricter same-market probability. A same-name
or model link is also refused when the two sides are known to be in different countries
(:mod:`seized.link.countries`): names collide and behaviour resembles, but one person is in one
place. A person is flagged for review when its accounts disagree on hard facts.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

#: Hard rules, strongest first.
RULE_ORDER: tuple[str, ...] = (
    "must_link",
    "shared_pgp",
    "co_spent",
    "shared_address",
    "shared_email",
    "shared_handle",
    "shared_phone",
)


#: Links that a difference in country outweighs.
SOFT_RULES: frozenset[str] = frozenset({"same_username", "similar_username", "model"})


def _apart(a: set[str], b: set[str]) -> bool:
    """Both sides have a known country and they share none."""
    return bool(a) and bool(b) and not a & b


@dataclass
class Account:
    account_id: str
    market_id: str
    role: str | None = None
    ship_main: str | None = None
    countries: frozenset[str] = frozenset()


@dataclass
class Edge:
    account_a: str
    account_b: str
    rule: str
    value: str | None = None
    match_weight: float | None = None
    probability: float | None = None
    fields: dict[str, float] | None = None
    accepted: bool = False
    reason: str | None = None

    def evidence(self, other: str) -> dict[str, Any]:
        item: dict[str, Any] = {"to": other, "rule": self.rule}
        if self.value is not None:
            item["value"] = self.value
        if self.match_weight is not None:
            item["match_weight"] = round(self.match_weight, 2)
            item["probability"] = round(self.probability or 0.0, 4)
            drivers = sorted((self.fields or {}).items(), key=lambda kv: -kv[1])
            item["fields"] = {k: v for k, v in drivers if v > 0}
        return item


@dataclass
class Person:
    person_id: str
    accounts: list[str]
    review: list[str] = field(default_factory=list)


class _Sets:
    """Union-find that keeps, per set, its markets and the accounts it must never join.

    Filled lazily: an account no link touches never gets an entry."""

    def __init__(self, accounts: dict[str, Account]) -> None:
        self.accounts = accounts
        self.parent: dict[str, str] = {}
        self._markets: dict[str, set[str]] = {}
        self._countries: dict[str, set[str]] = {}
        self.forbidden: dict[str, set[str]] = defaultdict(set)

    def find(self, a: str) -> str:
        parent = self.parent
        root = a
        while (up := parent.get(root, root)) != root:
            root = up
        while (up := parent.get(a, a)) != root:
            parent[a], a = root, up
        return root

    def markets(self, root: str) -> set[str]:
        found = self._markets.get(root)
        if found is None:
            found = self._markets[root] = {self.accounts[root].market_id}
        return found

    def countries(self, root: str) -> set[str]:
        found = self._countries.get(root)
        if found is None:
            found = self._countries[root] = set(self.accounts[root].countries)
        return found

    def conflict(self, ra: str, rb: str) -> bool:
        small, other = (ra, rb) if len(self.forbidden[ra]) <= len(self.forbidden[rb]) else (rb, ra)
        return any(self.find(x) == other for x in self.forbidden[small])

    def union(self, ra: str, rb: str) -> None:
        if len(self.markets(ra)) < len(self.markets(rb)):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.markets(ra).update(self.markets(rb))
        self.countries(ra).update(self.countries(rb))
        self._markets.pop(rb, None)
        self._countries.pop(rb, None)
        if rb in self.forbidden:
            self.forbidden[ra] |= self.forbidden.pop(rb)


def order(edge: Edge) -> tuple[int, float, str, str, str, str]:
    """Strongest first; ties in a fixed order (by the accounts, the rule and the value), so that
    the same links give the same persons and evidence in every run, whatever order they came
    in."""
    rank = RULE_ORDER.index(edge.rule) if edge.rule in RULE_ORDER else len(RULE_ORDER)
    weight = -(edge.match_weight or 0.0) if rank == len(RULE_ORDER) else 0.0
    return rank, weight, edge.account_a, edge.account_b, edge.rule, edge.value or ""


def person_id(accounts: list[str]) -> str:
    """A stable id: derived from the smallest account id of the person."""
    return "P-" + hashlib.sha1(min(accounts).encode("utf-8")).hexdigest()[:12]


def resolve(
    accounts: dict[str, Account],
    edges: list[Edge],
    cannot: list[tuple[str, str]],
    *,
    model_same_market: bool = False,
    same_market_probability: float = 1.0,
) -> list[Person]:
    """Persons from links; marks each edge accepted or not (with the reason).

    Returns the persons of more than one account and those flagged for review; every other
    account is a person of its own (:func:`person_id` of that account).
    """
    sets = _Sets(accounts)
    for a, b in cannot:
        sets.forbidden[a].add(b)
        sets.forbidden[b].add(a)
    split: set[str] = set()
    for edge in sorted(edges, key=order):
        ra, rb = sets.find(edge.account_a), sets.find(edge.account_b)
        if ra == rb:
            edge.accepted = True
            continue
        if sets.conflict(ra, rb):
            edge.reason = "cannot_link"
            split.update((edge.account_a, edge.account_b))
            continue
        if (
            edge.rule == "model"
            and not model_same_market
            and (edge.probability or 0.0) < same_market_probability
            and sets.markets(ra) & sets.markets(rb)
        ):
            edge.reason = "same_market"
            continue
        if edge.rule in SOFT_RULES and _apart(sets.countries(ra), sets.countries(rb)):
            edge.reason = "countries_differ"
            continue
        sets.union(ra, rb)
        edge.accepted = True
    members: dict[str, list[str]] = defaultdict(list)
    for a in sets.parent.keys() | sets.parent.values() | split:  # every account a link touched
        members[sets.find(a)].append(a)
    split_roots = {sets.find(a) for a in split}
    persons: list[Person] = []
    for root, ids in members.items():
        ids.sort()
        person = Person(person_id(ids), ids)
        if len(ids) > 1:
            person.review = _review([accounts[a] for a in ids])
        if root in split_roots:
            person.review.insert(0, "cannot_link")
        if len(ids) > 1 or person.review:
            persons.append(person)
    persons.sort(key=lambda p: p.person_id)
    return persons


def _review(accounts: list[Account]) -> list[str]:
    """Hard facts the accounts of one person disagree on."""
    reasons: list[str] = []
    markets = [a.market_id for a in accounts]
    if len(set(markets)) < len(markets):
        reasons.append("same_market")
    countries = {a.ship_main for a in accounts if a.role == "vendor" and a.ship_main}
    if len(countries) > 1:
        reasons.append("ships_from")
    roles = {a.role for a in accounts if a.role}
    if "staff" in roles and len(roles) > 1:
        reasons.append("staff_and_trader")
    return reasons


def evidence(
    persons: list[Person], edges: list[Edge], *, per_account: int = 25
) -> dict[str, dict[str, Any]]:
    """The evidence JSON of every account: its person, the links that put it there, review."""
    links: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in edges:
        if not edge.accepted:
            continue
        if len(links[edge.account_a]) < per_account:
            links[edge.account_a].append(edge.evidence(edge.account_b))
        if len(links[edge.account_b]) < per_account:
            links[edge.account_b].append(edge.evidence(edge.account_a))
    out: dict[str, dict[str, Any]] = {}
    for person in persons:
        for account in person.accounts:
            out[account] = {
                "person_id": person.person_id,
                "accounts": len(person.accounts),
                "links": links.get(account, []),
                "review": person.review,
            }
    return out
