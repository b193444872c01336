"""Evidence excerpts: the seized rows a package's claims rest on, each with its provenance.

Every canonical row keeps the evidence file, the market's own table and the native key it came
from. A dossier cites rows as ``[E12]``; ``evidence/excerpts.jsonl`` in the package holds, per
citation, the excerpt (already minimised and redacted) and where it was seized.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Excerpt:
    cite: str  # E1, E2, ...
    table: str  # canonical table
    row: str  # the row's canonical id
    text: str  # what the dossier quotes
    evidence_file: str | None
    evidence_sha256: str | None
    raw_table: str | None
    raw_key: str | None


class Citations:
    """Numbers the rows a package cites, once each."""

    def __init__(self, evidence: dict[int, dict[str, Any]]) -> None:
        self._evidence = evidence
        self._by_row: dict[tuple[str, str], Excerpt] = {}

    def cite(self, table: str, row_id: str, text: str, row: dict[str, Any]) -> Excerpt:
        key = (table, row_id)
        found = self._by_row.get(key)
        if found is not None:
            return found
        ev = self._evidence.get(int(row["evidence_id"])) if row.get("evidence_id") else None
        excerpt = Excerpt(
            cite=f"E{len(self._by_row) + 1}",
            table=table,
            row=row_id,
            text=text,
            evidence_file=str(ev["name"]) if ev else None,
            evidence_sha256=str(ev["sha256"]) if ev else None,
            raw_table=_text(row.get("raw_table")),
            raw_key=_text(row.get("raw_key")),
        )
        self._by_row[key] = excerpt
        return excerpt

    def all(self) -> list[Excerpt]:
        return list(self._by_row.values())

    def jsonl(self) -> bytes:
        lines = [json.dumps(asdict(e), ensure_ascii=False, sort_keys=True) for e in self.all()]
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _text(value: object) -> str | None:
    return None if value is None else str(value)
