"""Writing a draft mapping as YAML text, with its remarks as comments."""

from __future__ import annotations

import json
from collections.abc import Mapping

from seized.mapping.column_guess import show_value
from seized.mapping.draft import MAIN, TableDraft
from seized.mapping.profile import Table
from seized.mapping.vocabulary import TABLE_COLUMNS

TODO = "# TODO(seized):"


def header(software: str, schema: str) -> list[str]:
    return [
        f"# Draft mapping suggested by seized from the raw tables in schema {show_value(schema)}.",
        "# Check every TODO(seized) line and the select of each table, then use the file.",
        "mapping: 1",
        f"software: {json.dumps(software)}",
        f"description: {json.dumps(f'draft mapping for {software} (suggested, check it)')}",
    ]


def comment(text: str) -> str:
    """Remark text for one YAML comment line."""
    return "".join(ch if ch.isprintable() else "?" for ch in text.replace(MAIN, ""))


def params(drafts: list[TableDraft]) -> list[str]:
    wanted: dict[str, str] = {}
    for draft in drafts:
        wanted.update(draft.params())
    if not wanted:
        return []
    out = ["params:"]
    for name, todo in sorted(wanted.items()):
        out += [f"  {TODO} {comment(todo)}", f"  {name}: 0.0"]
    return out


def table(draft: TableDraft) -> list[str]:
    notes, todos = draft.remarks()
    shown = ", ".join(show_value(name, 80) for name in draft.sources[:5])
    more = f" and {len(draft.sources) - 5} more" if len(draft.sources) > 5 else ""
    out = [f"  {draft.table}:", f"    # from raw table {shown}{more} ({draft.rows} rows)"]
    out += [f"    # {comment(note)}" for note in notes]
    out += [f"    {TODO} {comment(todo)}" for todo in todos]
    if draft.pattern:
        out.append(f"    source: {json.dumps(draft.pattern)}")
    elif len(draft.sources) == 1:
        out.append(f"    source: {json.dumps(draft.sources[0])}")
    else:
        out.append(f"    source: [{', '.join(json.dumps(name) for name in draft.sources)}]")
    if len(draft.sources) > 1:
        out.append("    # the tables have the same columns: the select reads them all as 'source'")
    if draft.key:
        out.append(f"    key: {draft.key}")
    out.append("    select: |")
    out += [f"      {line}" for line in draft.select()]
    return out


def one_table(top: list[str], draft: TableDraft) -> str:
    """A mapping of ``draft`` alone (for trying it)."""
    return "\n".join([*top, *params([draft]), "tables:", *table(draft)]) + "\n"


def mapping(
    top: list[str], drafts: list[TableDraft], tables: Mapping[str, Table], dropped: list[str]
) -> str:
    out = [*top, *params(drafts), "tables:"]
    for draft in drafts:
        out += table(draft)
    mapped = {name for draft in drafts for name in draft.sources}
    unused = [name for name in tables if name not in mapped]
    missing = [name for name in TABLE_COLUMNS if name not in {d.table for d in drafts}]
    if dropped:
        out.append(f"{TODO} drafted, but left out because they would not run: {', '.join(dropped)}")
    if missing:
        out.append(f"{TODO} no raw table looked like: {', '.join(missing)}")
    if unused:
        out.append(f"{TODO} raw tables not mapped (check what they hold; joins may read them):")
        for name in unused:
            columns = ", ".join(show_value(c, 30) for c in list(tables[name].columns)[:12])
            out.append(f"#   {show_value(name, 60)}: {columns}")
    return "\n".join(out) + "\n"
