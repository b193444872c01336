"""The custody log: an append-only, hash-chained JSON-lines file in the case directory.

Each entry records the time, the actor, the action, its inputs (with SHA-256 hashes), its outputs
(row counts), the seized version and the hash of the previous entry; its own hash covers all of
that. Editing, reordering or deleting an entry breaks the chain; the case store keeps the number
of entries and the last hash, so a deleted last entry is noticed too.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seized import __version__

GENESIS = "0" * 64


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an entry without its own hash."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LogProblem:
    line: int
    problem: str


class CustodyLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        out = []
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    out.append(json.loads(line))
        return out

    def head(self) -> tuple[int, str]:
        """(number of entries, hash of the last entry), read from the file's end."""
        entries = self.entries()
        if not entries:
            return 0, GENESIS
        return len(entries), str(entries[-1].get("hash", ""))

    def append(
        self,
        action: str,
        *,
        actor: str,
        inputs: list[dict[str, Any]] | None = None,
        outputs: dict[str, Any] | None = None,
        details: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        count, prev = self.head()
        entry: dict[str, Any] = {
            "seq": count + 1,
            "time": datetime.now(UTC).isoformat(timespec="microseconds"),
            "actor": actor,
            "action": action,
            "inputs": inputs or [],
            "outputs": outputs or {},
            "details": details or {},
            "seized_version": __version__,
            "prev": prev,
        }
        entry["hash"] = entry_hash(entry)
        line = json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n"
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        return entry

    def check(self) -> tuple[list[LogProblem], int, str]:
        """Problems in the chain, the number of entries and the last hash."""
        problems: list[LogProblem] = []
        prev = GENESIS
        count = 0
        if not self.path.exists():
            return [LogProblem(0, "the custody log is missing")], 0, GENESIS
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                count += 1
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as exc:
                    problems.append(LogProblem(number, f"not valid JSON ({exc.msg})"))
                    prev = "?"
                    continue
                if not isinstance(entry, dict):
                    problems.append(LogProblem(number, "not a log entry"))
                    continue
                if entry.get("seq") != count:
                    problems.append(
                        LogProblem(
                            number,
                            f"entry number {entry.get('seq')} where {count} was expected "
                            "(an entry was deleted or the entries were reordered)",
                        )
                    )
                if entry.get("prev") != prev and prev != "?":
                    problems.append(
                        LogProblem(
                            number,
                            "does not follow the previous entry "
                            "(an entry was deleted, inserted or reordered)",
                        )
                    )
                if entry_hash(entry) != entry.get("hash"):
                    problems.append(LogProblem(number, "was edited: its hash does not match"))
                prev = str(entry.get("hash"))
        return problems, count, prev
