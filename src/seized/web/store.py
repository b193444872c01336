"""The workbench's own store: ``CASE/workbench/workbench.sqlite``.

The case store is never written by the workbench. Its users, sessions and the analysts'
actions live here, in SQLite (the CLI adds users while the server runs; SQLite lets both
write). The ``actions`` table is append-only: triggers refuse UPDATE and DELETE, and each row
carries the SHA-256 of the previous one, so an edit outside seized breaks the chain
(:func:`check_actions`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seized.custody import GENESIS

FOLDER = "workbench"
STORE_FILE = "workbench.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    agency TEXT NOT NULL,
    countries TEXT NOT NULL,          -- comma-separated ISO 3166-1 alpha-2 codes
    role TEXT NOT NULL CHECK (role IN ('analyst', 'lead')),
    password_hash TEXT NOT NULL,      -- Argon2id, PHC string
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,      -- SHA-256 of the cookie's token
    user TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS actions (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    agency TEXT NOT NULL,
    kind TEXT NOT NULL,               -- link | tag | note | package
    entity_kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,            -- JSON
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS actions_no_update BEFORE UPDATE ON actions
BEGIN SELECT RAISE(ABORT, 'the actions of the workbench are append-only'); END;
CREATE TRIGGER IF NOT EXISTS actions_no_delete BEFORE DELETE ON actions
BEGIN SELECT RAISE(ABORT, 'the actions of the workbench are append-only'); END;
CREATE TABLE IF NOT EXISTS audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    entries INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
"""


def folder(case_root: Path) -> Path:
    return case_root / FOLDER


@dataclass(frozen=True)
class Action:
    seq: int
    at: str
    user: str
    agency: str
    kind: str
    entity_kind: str
    entity_id: str
    payload: dict[str, Any]


class Store:
    """The workbench store of one case; one short connection per call."""

    def __init__(self, case_root: Path) -> None:
        self.folder = folder(case_root)
        self.path = self.folder / STORE_FILE
        self.folder.mkdir(exist_ok=True)
        # one connection per thread, kept open: opening one (and the checkpoint when the last
        # one closes) costs more than the queries of a request
        self._local = threading.local()
        with self.connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(_SCHEMA)

    @contextmanager
    def connect(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """This thread's connection; ``durable`` syncs each commit to disk (actions), else the
        write-ahead log is synced at checkpoints (sessions, the audit head)."""
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._local.con = con
        con.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        yield con

    # -- actions ----------------------------------------------------------------------------

    def append_action(
        self,
        *,
        user: str,
        agency: str,
        kind: str,
        entity_kind: str,
        entity_id: str,
        payload: dict[str, Any],
    ) -> Action:
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        with self.connect(durable=True) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                row = con.execute("SELECT seq, hash FROM actions ORDER BY seq DESC LIMIT 1")
                last = row.fetchone()
                seq, prev = (1, GENESIS) if last is None else (int(last[0]) + 1, str(last[1]))
                values = [seq, at, user, agency, kind, entity_kind, entity_id, text, prev]
                digest = action_hash(values)
                con.execute(
                    "INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [*values, digest]
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return Action(seq, at, user, agency, kind, entity_kind, entity_id, payload)

    def actions(self, kind: str | None = None) -> list[Action]:
        sql = "SELECT seq, at, user, agency, kind, entity_kind, entity_id, payload FROM actions"
        params: list[Any] = []
        if kind is not None:
            sql += " WHERE kind = ?"
            params.append(kind)
        with self.connect() as con:
            rows = con.execute(sql + " ORDER BY seq", params).fetchall()
        return [
            Action(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7])) for r in rows
        ]

    def check_actions(self) -> list[str]:
        """Problems in the chain of actions (an edit or a deletion outside seized)."""
        problems = []
        prev = GENESIS
        with self.connect() as con:
            rows = con.execute("SELECT * FROM actions ORDER BY seq").fetchall()
        for number, row in enumerate(rows, start=1):
            values = list(row[:9])
            if values[0] != number:
                problems.append(f"workbench action {values[0]}: expected number {number}")
            if values[8] != prev:
                problems.append(f"workbench action {values[0]}: does not follow the previous one")
            if action_hash(values) != row[9]:
                problems.append(f"workbench action {values[0]}: was edited")
            prev = str(row[9])
        return problems

    # -- audit head -------------------------------------------------------------------------

    def audit_head(self) -> tuple[int, str] | None:
        with self.connect() as con:
            row = con.execute("SELECT entries, last_hash FROM audit_head").fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def record_audit_head(self, entries: int, last_hash: str) -> None:
        with self.connect() as con:
            con.execute("INSERT OR REPLACE INTO audit_head VALUES (1, ?, ?)", [entries, last_hash])


def action_hash(values: list[Any]) -> str:
    text = json.dumps([str(v) for v in values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
