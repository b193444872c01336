"""Columns whose meaning lies in another table or in the data: a category id into a category tree,
a group id into a table of group names, role codes read from who sells and who buys.
"""

from __future__ import annotations

from seized.db import quote_ident, quote_literal
from seized.mapping.column_guess import literal_safe, role_words_way, show_value
from seized.mapping.draft import Way, joined, main
from seized.mapping.fit import name_fit
from seized.mapping.links import Aliases, Market
from seized.mapping.profile import Column, Table
from seized.mapping.vocabulary import is_abbreviation, party_score

_CATEGORY_WORDS = ("category", "categories", "cat", "section", "kategorie", "rubrik", "genre")


def refers_out(market: Market, table: Table, column: Column | None) -> bool:
    """Whether ``column`` refers to a raw table that no canonical table reads."""
    return column is not None and any(
        market.unchosen(r.target) and r.target != table.name
        for r in market.refs_from(table.name, column.name)
    )


def _label(table: Table, key: str) -> Column | None:
    """The column naming a lookup table's rows (a category's or a group's name)."""
    best: tuple[float, Column] | None = None
    for column in table.columns.values():
        if column.name == key or not column.is_text or column.avg_len > 80:
            continue
        if column.has("integer") or column.has("uuid"):
            continue
        score = 2.0 * any(w in ("name", "title", "label", "bezeichnung") for w in column.words)
        score += name_fit("category", table, column) + column.distinct / max(table.rows, 1)
        if best is None or score > best[0]:
            best = (score, column)
    return best[1] if best else None


def _category_like(column: Column, other: Table) -> bool:
    words = {*column.words, *other.words}
    return any(
        word in _CATEGORY_WORDS or any(is_abbreviation(word, c) for c in _CATEGORY_WORDS[:2])
        for word in words
    )


def lookup_way(
    market: Market, table: Table, target: str, aliases: Aliases, picked: Column | None
) -> Way | None:
    """``category`` or ``role`` through a raw table a column refers to (a category tree, a table
    of groups); None when there is none."""
    for ref in market.refs_from(table.name):
        if ref.target == table.name or not market.unchosen(ref.target):
            continue
        other = market.tables[ref.target]
        column = table.columns[ref.column]
        label = _label(other, ref.key)
        if label is None:
            continue
        if target == "category" and (picked is column or _category_like(column, other)):
            return _category(market, other, ref.key, label, main(column.name), aliases)
        if target == "role" and label.share("role_words") >= 0.6:
            join = aliases.join(other.name, ref.key, main(column.name), "g")
            names = ", ".join(show_value(v) for v in label.values)
            return Way(
                f"role_of({joined(join.alias, label.name)})",
                (join,),
                notes=[f"the names in {other.name}: {names}"],
                raw=column.name,
            )
    return None


def _category(
    market: Market, other: Table, key: str, label: Column, left: str, aliases: Aliases
) -> Way:
    parent = next(
        (r for r in market.refs_from(other.name) if r.target == other.name and r.key == key), None
    )
    first = aliases.join(other.name, key, left, "c")
    if parent is None:
        return Way(
            joined(first.alias, label.name),
            (first,),
            notes=[f"the name in {other.name}"],
            raw=label.name,
        )
    second = aliases.join(other.name, key, joined(first.alias, parent.column), "c")
    third = aliases.join(other.name, key, joined(second.alias, parent.column), "c")
    names = ", ".join(joined(j.alias, label.name) for j in (third, second, first))
    return Way(
        f"category_path({names})",
        (first, second, third),
        notes=[f"the names in {other.name}, up to three levels through {parent.column}"],
        raw=label.name,
    )


def role_way(market: Market, table: Table, column: Column, ref: str) -> Way:
    """The role from role words, a vendor flag, or codes read from the data."""
    words = role_words_way(market.box, ref, column)
    if words is not None:
        return words
    flag = column.type == "BOOLEAN" or (column.has("bool", 1.0) and len(column.values) <= 2)
    if flag and party_score("vendor_id", column.words):
        return Way(
            f"CASE WHEN bool_of({ref}) THEN 'vendor' ELSE 'buyer' END",
            todos=["a vendor flag: staff accounts need another column"],
            raw=column.name,
        )
    return _role_codes(market, table, column, ref)


def _member(market: Market, found: tuple[Column, object] | None, key: str) -> str:
    """SQL: the account (by ``key``) is named in the column ``found``."""
    if found is None:
        return "FALSE"
    column = found[0]
    source = f"{quote_ident(market.schema)}.{quote_ident(column.table)}"
    return (
        f"CAST({quote_ident(key)} AS VARCHAR) IN "
        f"(SELECT CAST({quote_ident(column.name)} AS VARCHAR) FROM {source})"
    )


def _role_codes(market: Market, table: Table, column: Column, ref: str) -> Way:
    """Role codes read from the data: a code whose accounts own listings is vendor, the most
    common other code buyer, other codes of few accounts staff; all to be checked."""
    values = [v for v in column.values if literal_safe(v)]
    sellers = market.direct("listings").get("vendor_id")
    buyers = market.direct("orders").get("buyer_id")
    if not values or sellers is None or len(values) < len(column.values):
        shown = ", ".join(show_value(v) for v in (column.values or column.samples)[:8])
        return Way("NULL", todos=[f"codes {shown}: write a CASE"], raw=column.name)
    key = sellers[1].key
    buyer_key = buyers[1].key if buyers else key
    rows = market.box.execute(
        f"SELECT CAST({quote_ident(column.name)} AS VARCHAR), count(*), "
        f"count(*) FILTER (WHERE {_member(market, sellers, key)}), "
        f"count(*) FILTER (WHERE {_member(market, buyers, buyer_key)}) "
        f"FROM {quote_ident(market.schema)}.{quote_ident(table.name)} "
        f"WHERE {quote_ident(column.name)} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    total = sum(int(r[1]) for r in rows)
    roles: dict[str, str | None] = {}
    reasons = []
    for value, count, sells, _ in rows:
        if sells >= 0.5 * count:
            roles[value] = "vendor"
            reasons.append(f"{show_value(value)} -> vendor ({sells} of {count} have listings)")
    rest = [r for r in rows if r[0] not in roles]
    if rest:
        value, count, _, buys = rest[0]
        roles[value] = "buyer"
        reasons.append(f"{show_value(value)} -> buyer (the most common; {buys} of {count} ordered)")
    for value, count, sells, _ in rest[1:]:
        roles[value] = "staff" if count <= max(3, 0.1 * total) and not sells else None
        reasons.append(f"{show_value(value)} -> {roles[value] or 'NULL'} ({count} accounts)")
    parts = []
    for value in values:
        literal = value if column.is_int else quote_literal(value)
        role = roles.get(value)
        parts.append(f"WHEN {literal} THEN {quote_literal(role) if role else 'NULL'}")
    return Way(
        f"CASE {ref} " + " ".join(parts) + " END",
        todos=["role codes read from the data: " + "; ".join(reasons) + "; check them"],
        raw=column.name,
    )
