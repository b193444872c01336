"""Drafting one canonical table from its raw table: the id, the references, the value columns,
and what joins add (category and group names, one-to-one profile tables, conversations).
"""

from __future__ import annotations

from seized.db import quote_literal
from seized.mapping.column_guess import convert, price_ways, priced_in
from seized.mapping.draft import Join, Slot, TableDraft, Way, joined, main
from seized.mapping.fit import column_words, fit, pick_columns
from seized.mapping.links import REFERS, Aliases, Market, reference_way
from seized.mapping.lookups import lookup_way, refers_out, role_way
from seized.mapping.profile import Column, Table
from seized.mapping.relations import id_like
from seized.mapping.vocabulary import TABLE_COLUMNS, party_score

POSITION = "_seized_pos"
TABLE = "_seized_table"
_LATER = ("currency", "price_sats", "encrypted")  # filled together with price and body
_KINDS = ("deposit", "withdrawal", "hot", "escrow", "refund")


def native_key(market: Market, canonical: str) -> Column | None:
    """The main raw table's column taken as ``native_id``: a key other tables refer to, named
    like an id, else the first key."""
    table = market.main(canonical)
    if table is None or canonical == "wallet_addresses":
        return None
    scored = []
    for position, column in enumerate(table.columns.values()):
        if not column.unique or not id_like(column):
            continue
        referred = len({r.table for r in market.refs_to(table.name, column.name)})
        named_out = any(r.named for r in market.refs_from(table.name, column.name))
        words = column.words
        id_name = words[-1:] in (("id",), ("uid",), ("pk",), ("key",)) or (
            len(words) == 1 and len(words[0]) <= 4 and words[0].endswith("id")
        )
        score = 3.0 * min(referred, 3) + 2.0 * id_name - 3.0 * named_out - 0.1 * position
        score += 0.5 * (column.has("uuid") or column.has("hexid") or column.is_int)
        scored.append((score, -position, column))
    return max(scored, key=lambda s: s[:2])[2] if scored else None


def _row_hash(table: Table) -> str:
    listed = ", ".join(main(c) for c in table.columns)
    return f"md5(concat_ws('|', {listed}))"


def native_ways(draft: TableDraft, table: Table, key: Column | None) -> list[Way]:
    """Ways to fill native_id, best first; the last always gives every row its own id."""
    several = len(draft.sources) > 1
    ways: list[Way] = []
    if key is not None and several:
        # unique within each file: with a column constant in each (a crawl date), or the file
        constant = next(
            (c for c in table.columns.values() if c.distinct == 1 and c.nonnull == c.rows), None
        )
        other = constant.name if constant else TABLE
        ways.append(
            Way(
                f"concat_ws('@', {main(key.name)}, {main(other)})",
                notes=[f"{key.name} is unique within each table; {other} tells them apart"],
                raw=key.name,
            )
        )
    elif key is not None:
        ways.append(Way(main(key.name), raw=key.name))
    elif table.duplicates:
        draft.distinct = True
        ways.append(
            Way(
                _row_hash(table),
                todos=[
                    f"no key: {table.duplicates} rows repeat another exactly; one row per "
                    "distinct row, its id a hash of the row"
                ],
            )
        )
    else:
        ways.append(Way(_row_hash(table), todos=["no key: the id is a hash of the row"]))
    if table.has_position:
        position = f"concat_ws('#', {main(TABLE)}, {main(POSITION)})" if several else main(POSITION)
        ways.append(
            Way(position, todos=["the row's position in the evidence, which changes with it"])
        )
    ways.append(
        Way(
            "CAST(row_number() OVER () AS VARCHAR)",
            todos=["the rows numbered as read, which is not stable: pick a key"],
        )
    )
    return ways


def build(market: Market, canonical: str) -> TableDraft:
    """The draft of ``canonical`` from its chosen raw table(s)."""
    table = market.main(canonical)
    group = market.chosen[canonical]
    assert table is not None
    rows = sum(market.tables[name].rows for name in group.tables)
    draft = TableDraft(canonical, list(group.tables), group.pattern, rows)
    aliases = Aliases()
    taken: set[str] = set()
    key = native_key(market, canonical)
    if canonical != "wallet_addresses":
        draft.slots.append(Slot("native_id", native_ways(draft, table, key)))
        taken.update([key.name] if key else [])
    taken.update(column.name for column, _ in market.direct(canonical).values())
    taken.update(
        r.column
        for r in market.refs_from(table.name)
        if r.target != table.name and not market.unchosen(r.target)
    )
    for target in TABLE_COLUMNS[canonical]:
        if target in REFERS:
            way = reference_way(market, canonical, target, aliases)
            if way is not None:
                draft.slots.append(Slot(target, [way, Way("NULL")]))
    wanted = [t for t in TABLE_COLUMNS[canonical] if t not in REFERS and t != "native_id"]
    wanted = [t for t in wanted if t not in _LATER]
    _values(market, draft, table, aliases, wanted, taken)
    if key is not None:
        _extensions(market, draft, table, key, aliases)
    if canonical == "messages":
        _conversation(market, draft, table, aliases)
    if canonical == "wallet_addresses":
        _wallet_defaults(draft, table)
    if canonical == "accounts":
        _account_defaults(draft, table, key)
    if len(draft.sources) > 1:
        draft.helpers.append(main(TABLE))
    finish(draft)
    return draft


def finish(draft: TableDraft) -> None:
    """Put the slots in the canonical order; list the columns nothing fills."""
    order = list(TABLE_COLUMNS[draft.table])
    draft.slots.sort(key=lambda s: order.index(s.target) if s.target in order else len(order))
    filled = {s.target for s in draft.slots}
    draft.missing = [t for t in order if t not in filled]


def _values(
    market: Market,
    draft: TableDraft,
    table: Table,
    aliases: Aliases,
    targets: list[str],
    taken: set[str],
    via: Join | None = None,
) -> None:
    """Fill ``targets`` from ``table``: the main one, or one joined as ``via``."""
    wanted = [t for t in targets if draft.slot(t) is None]
    picks = pick_columns(table, wanted, taken)
    if via is None:
        for target in ("category", "role"):
            picked = picks[target][0] if target in picks else None
            if target in wanted and (picked is None or refers_out(market, table, picked)):
                way = lookup_way(market, table, target, aliases, picked)
                if way is not None:
                    draft.slots.append(Slot(target, [way, Way("NULL")]))
                    picks.pop(target, None)
    joins = (via,) if via else ()
    for target in wanted:
        if target not in picks or draft.slot(target) is not None:
            continue
        column, _ = picks[target]
        taken.add(column.name)
        ref = main(column.name) if via is None else joined(via.alias, column.name)
        words = max(column_words(table, column), key=len)
        if target == "price":
            price, currency, sats = _prices(table, column, ref, words, taken, via)
            for name, way in (("price", price), ("currency", currency), ("price_sats", sats)):
                way.raw = column.name
                draft.slots.append(Slot(name, [_with(way, joins), Way("NULL")]))
            continue
        if target == "role":
            way = role_way(market, table, column, ref)
        else:
            way = convert(market.box, draft.table, target, ref, column, words)
        draft.slots.append(Slot(target, [_with(way, joins), Way("NULL")]))
        if target == "body" and draft.table == "messages":
            encrypted = Way(f"is_pgp_message({ref})", raw=column.name)
            draft.slots.append(Slot("encrypted", [_with(encrypted, joins), Way("NULL")]))


def _prices(
    table: Table,
    column: Column,
    ref: str,
    words: tuple[str, ...],
    taken: set[str],
    via: Join | None,
) -> list[Way]:
    """price, currency and price_sats: in one currency, or in the currency a column names."""
    for other in table.columns.values():
        if other.name in taken or fit("currency", other) is None or len(other.values) < 2:
            continue
        taken.add(other.name)
        currency_ref = main(other.name) if via is None else joined(via.alias, other.name)
        return priced_in(ref, column, currency_ref, other)
    return price_ways(ref, column, words)


def _with(way: Way, joins: tuple[Join, ...]) -> Way:
    way.joins = tuple(dict.fromkeys((*joins, *way.joins)))
    return way


def _extensions(
    market: Market, draft: TableDraft, table: Table, key: Column, aliases: Aliases
) -> None:
    """Columns from raw tables with one row per main row (a vendor profile per account)."""
    for ref in market.refs_to(table.name, key.name):
        other = market.tables[ref.table]
        if not market.unchosen(other.name) or not other.columns[ref.column].unique:
            continue
        join = aliases.join(other.name, ref.column, main(key.name), "p")
        wanted = [t for t in TABLE_COLUMNS[draft.table] if t not in REFERS and t != "native_id"]
        wanted = [t for t in wanted if t not in _LATER and draft.slot(t) is None]
        before = len(draft.slots)
        _values(market, draft, other, aliases, wanted, {ref.column}, via=join)
        for slot in draft.slots[before:]:
            slot.way.notes.append(f"from {other.name}, one row per {table.name} row")


def _conversation(market: Market, draft: TableDraft, table: Table, aliases: Aliases) -> None:
    """Messages that name their conversation, not their recipient: the recipient is the
    conversation's other participant; the subject is the conversation's."""
    sender = draft.slot("sender_id")
    accounts = market.main("accounts")
    native = market.native.get("accounts")
    if accounts is None or sender is None or sender.way.joins:
        return
    for ref in market.refs_from(table.name):
        other = market.tables[ref.target]
        if not market.unchosen(other.name) or ref.target == table.name:
            continue
        parties = [
            r.column
            for r in market.refs_from(other.name)
            if r.target == accounts.name and r.key == native
        ]
        if len(parties) < 2:
            continue
        join = aliases.join(other.name, ref.key, main(ref.column), "v")
        first, second = (joined(join.alias, p) for p in parties[:2])
        sent = sender.way.expression
        if draft.slot("recipient_id") is None:
            other_party = Way(
                f"CASE WHEN {sent} = {first} THEN {second} ELSE {first} END",
                (join,),
                notes=[f"the other participant of the {other.name} row"],
                raw=ref.column,
            )
            draft.slots.append(Slot("recipient_id", [other_party, Way("NULL")]))
        if draft.slot("subject") is None:
            _values(market, draft, other, aliases, ["subject"], set(parties), via=join)
        return


def _account_defaults(draft: TableDraft, table: Table, key: Column | None) -> None:
    """A name used as the id is the username too; a table of vendors holds vendors."""
    if draft.slot("username") is None and key is not None and _name_like(key):
        way = Way(main(key.name), notes=["the name is the id"], raw=key.name)
        draft.slots.append(Slot("username", [way]))
    if draft.slot("role") is None:
        for word in table.words:
            if party_score("vendor_id", (word.rstrip("s"),)):
                note = f"every row of {table.name} is a vendor"
                draft.slots.append(Slot("role", [Way("'vendor'", notes=[note])]))
                return


def _name_like(column: Column) -> bool:
    shaped = any(column.has(shape) for shape in ("integer", "uuid", "hexid"))
    return not shaped and fit("username", column) is not None


def _wallet_defaults(draft: TableDraft, table: Table) -> None:
    """Bitcoin addresses are in BTC; the kind from the table's name when no column says it."""
    address = draft.slot("address")
    if address is not None and address.way.raw and table.columns[address.way.raw].has("btc", 0.8):
        note = "the addresses are Bitcoin addresses"
        draft.slots.append(Slot("currency", [Way("'BTC'", notes=[note])]))
    if draft.slot("kind") is not None:
        return
    words = {w.rstrip("s") for w in table.words}
    kind = next((k for k in _KINDS if k in words), None)
    if kind is None:
        todo = "no column says what the addresses are for: deposit is a guess"
        draft.slots.append(Slot("kind", [Way("'deposit'", todos=[todo])]))
    else:
        note = f"{kind} by the table's name"
        draft.slots.append(Slot("kind", [Way(quote_literal(kind), notes=[note])]))


def vendor_accounts(market: Market, listings: TableDraft) -> TableDraft | None:
    """A market of listings only (a scrape): one account per vendor the listings name."""
    table = market.main("listings")
    if table is None or "accounts" in market.chosen or listings.slot("vendor_id") is not None:
        return None
    taken = {s.way.raw for s in listings.slots if s.way.raw}
    vendor = next(
        (
            c
            for c in table.columns.values()
            if c.name not in taken
            and c.is_text
            and c.spaces <= 0.3
            and any(party_score("vendor_id", words) for words in column_words(table, c))
        ),
        None,
    )
    if vendor is None:
        return None
    name = f"trim({main(vendor.name)})"
    listings.slots.append(Slot("vendor_id", [Way(name, raw=vendor.name), Way("NULL")]))
    finish(listings)
    accounts = TableDraft("accounts", list(listings.sources), listings.pattern, listings.rows)
    accounts.notes.append(
        f"no table of accounts: one account per vendor named in {vendor.name} of the listings"
    )
    accounts.slots += [
        Slot("native_id", [Way(name, raw=vendor.name)]),
        Slot("username", [Way(f"any_value({name})", raw=vendor.name)]),
        Slot("role", [Way("'vendor'", notes=["every account named as a listing's vendor"])]),
    ]
    seen = listings.slot("created_at")
    if seen is not None and not seen.way.joins:
        last = Way(
            f"max({seen.way.expression})",
            notes=["the latest time a listing of the vendor shows"],
            raw=seen.way.raw,
        )
        accounts.slots.append(Slot("last_seen_at", [last, Way("NULL")]))
    if len(accounts.sources) > 1:
        accounts.helpers.append(
            f"string_agg(DISTINCT {main(TABLE)}, ', ' ORDER BY {main(TABLE)}) AS {TABLE}"
        )
    accounts.where = f"clean_text({main(vendor.name)}) IS NOT NULL"
    accounts.group_by = name
    finish(accounts)
    return accounts
