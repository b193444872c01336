"""The workbench's audit log: ``CASE/workbench/audit.jsonl``, hash-chained.

Every request that reads or changes case data appends one entry: the user (``actor``), the
route (``action``), and in ``details`` the agency, the method, the parameters, the status and
the ids the answer carried. Entries have the custody log's form (``seq``, ``prev``, ``hash``
over the rest, see :mod:`seized.custody`), so the same check finds an edited, reordered or
deleted entry; the workbench store records the number of entries and the last hash, so a
deleted last entry is found too. ``seized audit CASE`` prints it, ``seized verify`` checks it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seized import __version__
from seized.custody import GENESIS, CustodyLog, entry_hash
from seized.web.store import FOLDER, STORE_FILE, Store

AUDIT_FILE = "audit.jsonl"
#: at most this many ids are listed per entry (the count is always given)
MAX_IDS = 1000
#: the longest an appended entry waits for its sync to disk
SYNC_SECONDS = 0.2


class AuditLog:
    """Appends entries; the head is kept in memory (one writer: the serving process).

    Each entry is written and flushed to the file before the request is answered; a
    background thread syncs the file to disk at most every :data:`SYNC_SECONDS` (one sync per
    entry would serialise all requests behind the disk)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = store.folder / AUDIT_FILE
        self._lock = threading.Lock()
        self._count, self._last = CustodyLog(self.path).head()
        self._handle = self.path.open("a", encoding="utf-8")
        self._dirty = threading.Event()
        self._closed = False
        threading.Thread(target=self._sync, name="audit-sync", daemon=True).start()

    def _sync(self) -> None:
        while not self._closed:
            self._dirty.wait()
            time.sleep(SYNC_SECONDS)
            with self._lock:
                self._dirty.clear()
                if not self._closed:
                    os.fsync(self._handle.fileno())

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
        self._dirty.set()

    def append(
        self,
        *,
        user: str,
        agency: str,
        route: str,
        method: str,
        params: dict[str, Any],
        status: int,
        ids: list[str],
    ) -> dict[str, Any]:
        with self._lock:
            entry: dict[str, Any] = {
                "seq": self._count + 1,
                "time": datetime.now(UTC).isoformat(timespec="microseconds"),
                "actor": user,
                "action": route,
                "inputs": [],
                "outputs": {"ids": ids[:MAX_IDS], "count": len(ids)},
                "details": {
                    "agency": agency,
                    "method": method,
                    "params": params,
                    "status": status,
                },
                "seized_version": __version__,
                "prev": self._last,
            }
            entry["hash"] = entry_hash(entry)
            line = json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n"
            self._handle.write(line)
            self._handle.flush()
            self._count += 1
            self._last = entry["hash"]
            self.store.record_audit_head(self._count, self._last)
            self._dirty.set()
        return entry


def entries(case_root: Path) -> list[dict[str, Any]]:
    return CustodyLog(case_root / FOLDER / AUDIT_FILE).entries()


def problems(case_root: Path) -> list[str]:
    """What is wrong with a case's audit log (nothing when the workbench never ran)."""
    path = case_root / FOLDER / AUDIT_FILE
    if not (case_root / FOLDER / STORE_FILE).exists():
        return []
    store = Store(case_root)
    found = store.check_actions()
    head = store.audit_head()
    if not path.exists():
        if head is not None and head[0] > 0:
            found.append("workbench audit log: missing")
        return found
    chain, count, last = CustodyLog(path).check()
    found += [f"workbench audit log line {p.line}: {p.problem}" for p in chain]
    entries_, last_hash = head if head is not None else (0, GENESIS)
    if count < entries_:
        found.append(
            f"workbench audit log has {count} entries but {entries_} were recorded: "
            "entries were deleted from its end"
        )
    elif count > entries_:
        found.append(
            f"workbench audit log has {count} entries but {entries_} were recorded: "
            "entries were added outside seized"
        )
    elif last != last_hash and not chain:
        found.append("workbench audit log: the last entry is not the one recorded")
    return found
