"""Which raw table fills which canonical table (for `mapping suggest`).

Each pair is weighed by the table's name and by what its columns hold: usernames and armored
keys for accounts, titles and prices for listings, status words and encrypted addresses for
orders, ratings for feedback, message bodies, IP addresses and user agents for logins, Bitcoin
addresses (and amounts, transaction ids) for wallets and payouts, and by how many other tables
refer to it. Raw tables with exactly the same columns (one file per day or category) count as one.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from seized.mapping.canonical import TABLES
from seized.mapping.fit import fit, name_fit
from seized.mapping.profile import Table
from seized.mapping.relations import Ref
from seized.mapping.vocabulary import name_score, table_score

#: what a raw table needs to be taken for a canonical table
ENOUGH = 3.5


@dataclass
class Group:
    """Raw tables with the same columns, read as one (the first stands for all)."""

    tables: list[str]
    pattern: str | None  # a source pattern matching exactly these tables

    @property
    def first(self) -> str:
        return self.tables[0]


def groups(tables: dict[str, Table]) -> list[Group]:
    """The raw tables, those with the same columns (at least two of them) together."""
    shapes: dict[tuple[str, ...], list[str]] = {}
    for name, table in tables.items():
        shape = tuple(sorted(c.lower() for c in table.columns))
        shapes.setdefault(shape, []).append(name)
    found = []
    for names in shapes.values():
        found.append(Group(names, _pattern(names, list(tables)) if len(names) > 2 else None))
    return found


def _common(texts: list[str]) -> int:
    """The length of the start all ``texts`` share."""
    shortest = min(len(t) for t in texts)
    size = 0
    while size < shortest and len({t[size] for t in texts}) == 1:
        size += 1
    return size


def _pattern(names: list[str], every: list[str]) -> str | None:
    """``dream_2017-*`` for dream_2017-03-01, dream_2017-03-08, ...: when it matches exactly
    those raw tables."""
    lower = [n.lower() for n in names]
    start = _common(lower)
    end = min(_common([n[::-1] for n in lower]), min(len(n) for n in lower) - start)
    prefix, suffix = names[0][:start], names[0][len(names[0]) - end :] if end else ""
    if len(prefix) < 2 or any(ch in prefix + suffix for ch in "*?["):
        return None
    pattern = prefix + "*" + suffix
    matched = {n for n in every if fnmatch.fnmatchcase(n.lower(), pattern.lower())}
    return pattern if matched == set(names) else None


def table_prefix(tables: dict[str, Table]) -> str | None:
    """A first word most table names share (``tbl``, ``mk``, ``wp``): not part of the name."""
    firsts = [t.words[0] for t in tables.values() if len(t.words) > 1]
    if len(tables) < 3 or not firsts:
        return None
    best = max(set(firsts), key=firsts.count)
    return best if firsts.count(best) >= 0.5 * len(tables) and len(best) <= 4 else None


def _best(table: Table, target: str) -> float:
    scores = [
        value + name_fit(target, table, column)
        for column in table.columns.values()
        if (value := fit(target, column)) is not None
    ]
    return max(scores, default=0.0)


def _has(table: Table, target: str, at_least: float = 2.0) -> bool:
    return _best(table, target) >= at_least


def evidence(canonical: str, table: Table, referred: int, refers: int) -> float:
    """What the columns say for ``canonical`` (``referred``: other tables referring to this
    one, ``refers``: tables this one refers to)."""
    score = 0.0
    money = _has(table, "amount_sats", 3.0)
    if canonical == "accounts":
        score += 2.0 * _has(table, "username", 3.0) + 2.0 * _has(table, "pgp_public_key", 4.0)
        score += _has(table, "email", 3.0) + 0.5 * _has(table, "role", 2.5)
        score += min(3.0, 0.75 * referred) - money - 2.0 * _has(table, "address", 4.0)
    elif canonical == "listings":
        score += 2.0 * _has(table, "title", 3.0) + 1.5 * _has(table, "price", 3.0)
        score += _has(table, "ships_from", 2.5) + 0.5 * _has(table, "description", 3.0)
        score -= 2.0 * _has(table, "shipping_raw", 3.0)
    elif canonical == "orders":
        score += 1.5 * _has(table, "status", 2.5) + 1.5 * _has(table, "shipping_raw", 3.0)
        score += 0.5 * _has(table, "quantity", 3.0) + money + 0.5 * min(refers, 2)
        score -= 2.0 * _has(table, "address", 4.0)
    elif canonical == "feedback":
        score += 2.0 * _has(table, "rating", 3.0) + _has(table, "comment", 3.0)
        score += 0.5 * min(refers, 1) - money - 2.0 * _has(table, "shipping_raw", 3.0)
    elif canonical == "messages":
        body = _best(table, "body")
        score += 2.5 if body >= 3.5 else (1.0 if body >= 2.5 else -3.0)
        score += 0.5 * min(refers, 2) + 0.5 * _has(table, "subject", 3.0) - money
        score -= 2.0 * _has(table, "rating", 3.0)
    elif canonical == "logins":
        score += 3.0 * _has(table, "ip", 4.0) + 2.0 * _has(table, "user_agent", 4.0)
        score -= 2.0 * _has(table, "address", 4.0)
    elif canonical == "wallet_addresses":
        score += 3.0 * _has(table, "address", 4.0) - 2.0 * money - 2.0 * _has(table, "txid", 3.0)
    elif canonical == "payouts":
        score += 2.0 * _has(table, "address", 4.0) + 1.5 * money + 2.0 * _has(table, "txid", 3.0)
    return score


def _party(tables: dict[str, Table], ref: Ref) -> bool:
    """A reference that may be to an account (not to a category, a group, a parent row)."""
    words = tables[ref.table].columns[ref.column].words
    return name_score("category", words) == 0 and name_score("kind", words) == 0


def choose(tables: dict[str, Table], found: list[Group], refs: list[Ref]) -> dict[str, Group]:
    """canonical table -> the group of raw tables that fills it; each group fills one."""
    prefix = table_prefix(tables)
    by_table = {name: group.first for group in found for name in group.tables}
    scored = []
    for group in found:
        table = tables[group.first]
        name_words = table.words[1:] if prefix and table.words[:1] == (prefix,) else table.words
        referred = len({
            by_table[r.table] for r in refs
            if r.target == table.name and r.table != r.target and _party(tables, r)
        })  # fmt: skip
        refers = len({r.target for r in refs if r.table == table.name and r.target != r.table})
        tree = any(r.table == r.target == table.name for r in refs)
        for canonical in TABLES:
            name = table_score(canonical, name_words)
            score = 1.5 * name + evidence(canonical, table, referred, refers)
            if tree and canonical == "accounts":
                score -= 2.0  # rows with a parent: a category tree, not accounts
            if score >= ENOUGH:
                scored.append((score, canonical, group))
    chosen: dict[str, Group] = {}
    used: set[str] = set()
    for _, canonical, group in sorted(scored, key=lambda s: (-s[0], s[1], s[2].first)):
        if canonical not in chosen and group.first not in used:
            chosen[canonical] = group
            used.add(group.first)
    return {name: chosen[name] for name in TABLES if name in chosen}
