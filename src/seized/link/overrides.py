"""The analyst's must-link / cannot-link file, kept in the case store and applied on every run.

One override per line; ``#`` starts a comment; the rest of a line after the two account ids is a
free note kept with the override::

    # seized link overrides
    must-link   silkway:1042   hydrant:77f1   same stealth photos, per analyst 4711
    cannot-link silkway:1    nightowl:3   two different admins

``seized link CASE --overrides FILE`` replaces the stored overrides with the file's; every later
``seized link CASE`` applies the stored ones until a new file is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from seized.errors import InputError

KINDS = {"must-link": "must_link", "cannot-link": "cannot_link"}


@dataclass(frozen=True)
class Override:
    kind: str  # must_link | cannot_link
    account_a: str
    account_b: str
    note: str | None = None
    source: str | None = None
    line: int | None = None


def parse_overrides(path: Path, known: set[str] | None = None) -> list[Override]:
    """The overrides of a file; bad lines raise :class:`InputError` naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the overrides file: {exc}", path) from exc
    found: list[Override] = []
    pairs: dict[tuple[str, str], tuple[str, int]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(None, 3)
        hint = "write: must-link ACCOUNT ACCOUNT [note] or cannot-link ACCOUNT ACCOUNT [note]"
        if len(parts) < 3 or parts[0].lower().replace("_", "-") not in KINDS:
            raise InputError(f"not an override: {raw.strip()!r}", path, line=number, hint=hint)
        kind = KINDS[parts[0].lower().replace("_", "-")]
        a, b = parts[1], parts[2]
        if a == b:
            raise InputError(f"an override needs two different accounts: {a}", path, line=number)
        for account in (a, b):
            if known is not None and account not in known:
                raise InputError(
                    f"no account {account!r} in the case",
                    path,
                    line=number,
                    hint="account ids look like MARKET:NATIVE_ID (seized query CASE "
                    '"SELECT account_id, username FROM accounts")',
                )
        key = (min(a, b), max(a, b))
        if key in pairs and pairs[key][0] != kind:
            raise InputError(
                f"{a} and {b} are both must-link and cannot-link (line {pairs[key][1]})",
                path,
                line=number,
            )
        pairs[key] = (kind, number)
        note = parts[3].strip() if len(parts) > 3 else None
        found.append(Override(kind, key[0], key[1], note, str(path), number))
    return found


def store_overrides(con: duckdb.DuckDBPyConnection, overrides: list[Override]) -> None:
    """Replace the stored overrides."""
    con.execute("DELETE FROM link_overrides")
    if overrides:
        con.executemany(
            "INSERT INTO link_overrides VALUES (?, ?, ?, ?, ?, ?)",
            [[o.kind, o.account_a, o.account_b, o.note, o.source, o.line] for o in overrides],
        )


def load_overrides(con: duckdb.DuckDBPyConnection) -> list[Override]:
    rows = con.execute(
        "SELECT kind, account_a, account_b, note, source, line FROM link_overrides "
        "ORDER BY source, line"
    ).fetchall()
    return [Override(str(r[0]), str(r[1]), str(r[2]), r[3], r[4], r[5]) for r in rows]
