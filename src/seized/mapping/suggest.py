"""`mapping suggest`: a draft mapping from what the raw tables hold.

The suggester reads every raw table's columns, types and values (:mod:`.profile`), finds which
columns refer to which tables (:mod:`.relations`), decides which raw table fills which canonical
one (:mod:`.classify`) and drafts each (:mod:`.build`, :mod:`.links`, :mod:`.lookups`). Then it
runs the draft: every table is tried in the mapping sandbox with every check a real run makes; a
column that fails moves to its next, plainer way (in the end NULL, or for the id the row's
position or number) and a table that still fails is left out. So the draft always loads and
runs. Every guess it could not confirm carries a ``# TODO(seized): ...`` comment.
"""

from __future__ import annotations

import duckdb

from seized.errors import MappingError, UserError
from seized.mapping import render
from seized.mapping.apply import Trial, trial
from seized.mapping.build import build, native_key, vendor_accounts
from seized.mapping.classify import choose, groups
from seized.mapping.draft import Slot, TableDraft, Way
from seized.mapping.links import Market
from seized.mapping.model import parse_mapping
from seized.mapping.profile import Table, profile_tables
from seized.mapping.relations import find_refs

#: tries per table before it is left out
ATTEMPTS = 40
_REQUIRED = ("native_id", "address", "kind")


def suggest_mapping(con: duckdb.DuckDBPyConnection, raw_schema: str, *, software: str) -> str:
    """A draft mapping (YAML text) for the market whose raw tables are in ``raw_schema``; it
    loads, and it runs on these raw tables."""
    with trial(con, raw_schema) as runner:
        tables = profile_tables(runner.con, raw_schema)
        if not tables:
            raise UserError(f"raw schema {raw_schema!r} holds no tables to suggest a mapping from")
        usable = {n: t for n, t in tables.items() if n.isprintable() and t.columns}
        refs = find_refs(runner.con, raw_schema, usable)
        market = Market(runner.con, raw_schema, usable, refs, choose(usable, groups(usable), refs))
        for canonical in market.chosen:
            key = native_key(market, canonical)
            market.native[canonical] = key.name if key else None
        drafts = [build(market, canonical) for canonical in market.chosen]
        listings = next((d for d in drafts if d.table == "listings"), None)
        vendors = vendor_accounts(market, listings) if listings else None
        drafts = [vendors, *drafts] if vendors else drafts
        top = render.header(software, raw_schema)
        kept = [d for d in drafts if tries(runner, top, d)]
        dropped = [d.table for d in drafts if d not in kept]
        if not kept:
            kept = [_numbered(tables)]
            if not tries(runner, top, kept[0]):
                raise UserError(f"no raw table of {raw_schema!r} could be read into a draft")
        text = render.mapping(top, kept, tables, dropped)
    parse_mapping(text.encode("utf-8"), f"<draft for {software}>")  # the draft must load
    return text


def _numbered(tables: dict[str, Table]) -> TableDraft:
    """When nothing else runs: the largest table's rows numbered as accounts, to be rewritten."""
    largest = max(tables, key=lambda name: (tables[name].rows, name))
    draft = TableDraft("accounts", [largest], None, tables[largest].rows)
    draft.todos.append(
        "no raw table looked like a market table: this only numbers the rows of the largest "
        "raw table; rewrite it"
    )
    draft.slots.append(Slot("native_id", [Way("CAST(row_number() OVER () AS VARCHAR)")]))
    return draft


def tries(runner: Trial, top: list[str], draft: TableDraft) -> bool:
    """Run the table in the sandbox until it passes every check, each failure moving the
    failing column to its next way; False when it cannot be made to run."""
    for _ in range(ATTEMPTS):
        try:
            mapping = parse_mapping(render.one_table(top, draft).encode("utf-8"), "<draft>")
            runner.rows(mapping, draft.table)
            return True
        except MappingError as error:
            if not _repair(draft, error):
                return False
    return False


def _repair(draft: TableDraft, error: MappingError) -> bool:
    """Move the column the error is about to its next way; False when there is none."""
    slot = _culprit(draft, error)
    if slot is None:
        return False
    reason = error.reason.splitlines()[0] if error.reason else "failed"
    if slot.next(reason):
        return not (slot.way.expression == "NULL" and slot.target in _REQUIRED)
    if slot.target in _REQUIRED:
        return False
    draft.slots.remove(slot)
    draft.missing.append(slot.target)
    return True


def _culprit(draft: TableDraft, error: MappingError) -> Slot | None:
    if error.column:
        slot = draft.slot(error.column)
        if slot is not None:
            return slot
        quoted = '"' + error.column.replace('"', '""') + '"'
        for slot in draft.slots:
            if slot.way.raw == error.column or quoted in slot.way.expression:
                return slot
    # an error about no column: the last way that joins, else the last that can change
    changeable = [s for s in draft.slots if s.index + 1 < len(s.ways)]
    joining = [s for s in changeable if s.way.joins]
    if joining:
        return joining[-1]
    return changeable[-1] if changeable else None
