"""References between the canonical tables of a draft, followed through the raw tables' keys.

``vendor_id`` of an order is a column of the order's raw table that refers to the accounts' raw
table, or else it is found through a table the order refers to (the listing's vendor). A
reference by another key than the one taken as the accounts' ``native_id`` (a username) is
translated with a join. :class:`Market` holds what the suggester knows of the raw tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from seized.mapping.classify import Group
from seized.mapping.draft import Join, Way, joined, main
from seized.mapping.fit import column_words
from seized.mapping.profile import Column, Table
from seized.mapping.relations import Ref
from seized.mapping.vocabulary import TABLE_COLUMNS, party_score

#: reference columns and the canonical table they refer to
REFERS = {
    "vendor_id": "accounts", "buyer_id": "accounts", "account_id": "accounts",
    "sender_id": "accounts", "recipient_id": "accounts", "listing_id": "listings",
    "order_id": "orders",
}  # fmt: skip
_ALIAS = {"accounts": "a", "listings": "l", "orders": "o"}


@dataclass
class Market:
    """The raw tables of one market and what the suggester decided about them."""

    box: duckdb.DuckDBPyConnection
    schema: str
    tables: dict[str, Table]
    refs: list[Ref]
    chosen: dict[str, Group]
    native: dict[str, str | None] = field(default_factory=dict)  # canonical -> key column
    _direct: dict[str, dict[str, tuple[Column, Ref]]] = field(default_factory=dict)

    def main(self, canonical: str) -> Table | None:
        group = self.chosen.get(canonical)
        return self.tables[group.first] if group else None

    def canonical_of(self, raw: str) -> str | None:
        return next((c for c, g in self.chosen.items() if raw in g.tables), None)

    def unchosen(self, raw: str) -> bool:
        return self.canonical_of(raw) is None

    def refs_from(self, table: str, column: str | None = None) -> list[Ref]:
        return [r for r in self.refs if r.table == table and (column is None or r.column == column)]

    def refs_to(self, table: str, key: str | None = None) -> list[Ref]:
        return [r for r in self.refs if r.target == table and (key is None or r.key == key)]

    def direct(self, canonical: str) -> dict[str, tuple[Column, Ref]]:
        """Reference columns of the canonical table found in its own raw table."""
        if canonical not in self._direct:
            self._direct[canonical] = self._find_direct(canonical)
        return self._direct[canonical]

    def _find_direct(self, canonical: str) -> dict[str, tuple[Column, Ref]]:
        table = self.main(canonical)
        if table is None:
            return {}
        targets = [t for t in TABLE_COLUMNS[canonical] if t in REFERS]
        scored = []
        for order, target in enumerate(targets):
            referred = self.main(REFERS[target])
            if referred is None:
                continue
            for ref in self.refs_from(table.name):
                if ref.target != referred.name or ref.target == table.name:
                    continue
                column = table.columns[ref.column]
                words = {w for variant in column_words(table, column) for w in variant}
                party = party_score(target, tuple(words))
                others = [t for t in targets if t != target and REFERS[t] == REFERS[target]]
                rival = any(party_score(t, tuple(words)) for t in others) and not party
                score = ref.share + 2.0 * ref.named + 2.0 * party - 1.5 * rival
                score += 0.5 * (ref.key == self.native.get(REFERS[target]))
                position = list(table.columns).index(ref.column)
                scored.append((-score, order, position, target, column, ref))
        found: dict[str, tuple[Column, Ref]] = {}
        used: set[str] = set()
        for *_, target, column, ref in sorted(scored, key=lambda s: s[:3]):
            if target not in found and column.name not in used:
                found[target] = (column, ref)
                used.add(column.name)
        return found


@dataclass
class Aliases:
    """Join aliases of one draft: one per distinct join."""

    joins: dict[tuple[str, str, str], Join] = field(default_factory=dict)

    def join(self, table: str, key: str, left: str, hint: str) -> Join:
        found = self.joins.get((table, key, left))
        if found:
            return found
        taken = {j.alias for j in self.joins.values()}
        alias = hint
        number = 2
        while alias in taken or alias == "t":
            alias = f"{hint}{number}"
            number += 1
        made = Join(alias, table, key, left)
        self.joins[(table, key, left)] = made
        return made


def reference_way(
    market: Market, canonical: str, target: str, aliases: Aliases, depth: int = 2
) -> Way | None:
    """How ``canonical.target`` (a reference column) is filled, directly or through joins."""
    path = _path(market, canonical, target, depth)
    if path is None:
        return None
    hops, column, ref = path
    joins: list[Join] = []
    left_table_alias = None
    for hop_column, hop_ref in hops:
        left = (
            main(hop_column) if left_table_alias is None else joined(left_table_alias, hop_column)
        )
        hint = _ALIAS.get(market.canonical_of(hop_ref.target) or "", "j")
        join = aliases.join(hop_ref.target, hop_ref.key, left, hint)
        joins.append(join)
        left_table_alias = join.alias
    value = main(column.name) if left_table_alias is None else joined(left_table_alias, column.name)
    notes = []
    if column.is_int and column.low is not None and column.low <= 0:
        value = f"nullif({value}, 0)"
        notes.append(f"{column.name} 0 stands for none")
    if hops:
        via = " -> ".join(f"{r.table}.{c}" for c, r in hops)
        notes.append(f"through {via}")
    referred = REFERS[target]
    native = market.native.get(referred)
    if native is not None and ref.key != native:
        join = aliases.join(ref.target, ref.key, value, _ALIAS.get(referred, "j") + "k")
        joins.append(join)
        notes.append(f"{column.name} holds {ref.target}.{ref.key}; the join gives its {native}")
        value = joined(join.alias, native)
    return Way(value, tuple(joins), notes=notes, raw=column.name)


def _path(
    market: Market, canonical: str, target: str, depth: int
) -> tuple[list[tuple[str, Ref]], Column, Ref] | None:
    direct = market.direct(canonical)
    if target in direct:
        column, ref = direct[target]
        return [], column, ref
    if depth == 0:
        return None
    for via, (column, ref) in direct.items():
        other = REFERS[via]
        if other == canonical:
            continue
        found = _path(market, other, target, depth - 1)
        if found is not None:
            hops, final, final_ref = found
            return [(column.name, ref), *hops], final, final_ref
    return None
