"""A case: a directory holding the DuckDB case store, the custody log and the case's own key.

Layout::

    CASE/
      case.json            name, creation time, seized version
      case.duckdb          the case store (canonical tables, raw schemas, bookkeeping)
      custody.jsonl        the hash-chained custody log
      keys/case-key.asc    the case's OpenPGP key (signs packages; file mode 0600)
      keys/case-cert.asc   its public certificate
      mappings/            copies of the mappings set for each market
      raw/<schema>/<table>/ the markets' own tables as Parquet files (views in the case store)
      tmp/                 DuckDB's spill files while a stage runs
"""

from __future__ import annotations

import getpass
import json
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from seized import __version__
from seized.custody import CustodyLog
from seized.db import limit_memory, transaction
from seized.errors import SeizedError, UserError
from seized.model import CANONICAL_TABLES, migrate, table_checksum
from seized.rawfiles import set_search_path
from seized.stages import StageRun, done_result, fingerprint, mark_done, plain
from seized.stages import stage as declared

CASE_FILE = "case.json"
STORE_FILE = "case.duckdb"
LOG_FILE = "custody.jsonl"
SPILL_DIR = "tmp"  # DuckDB's spill files while a stage runs (removed by DuckDB after use)
_MARKET_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def check_market_name(name: str) -> str:
    if not _MARKET_NAME.match(name):
        raise UserError(
            f"market name {name!r} is not usable: use 1-40 lowercase letters, digits or _, "
            "starting with a letter (for example 'alphabay')"
        )
    return name


class Case:
    """An open case directory."""

    def __init__(self, root: Path, actor: str | None = None) -> None:
        self.root = root
        self.actor = actor or default_actor()
        self.custody = CustodyLog(root / LOG_FILE)

    # -- creation and opening ------------------------------------------------------------

    @classmethod
    def init(cls, root: Path, *, actor: str | None = None, name: str | None = None) -> Case:
        root = root.resolve()
        if (root / CASE_FILE).exists():
            raise UserError(f"{root} is already a case")
        if root.exists() and any(root.iterdir()):
            raise UserError(f"{root} exists and is not empty; choose a new directory")
        root.mkdir(parents=True, exist_ok=True)
        (root / "keys").mkdir()
        (root / "mappings").mkdir()
        meta = {
            "name": name or root.name,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seized_version": __version__,
        }
        (root / CASE_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        case = cls(root, actor)
        with case.connect() as con:
            migrate(con)
        fingerprint = case._make_key()
        case.log("init", details={"case": meta["name"], "case_key": fingerprint})
        return case

    @classmethod
    def open(cls, root: Path, *, actor: str | None = None) -> Case:
        root = root.resolve()
        if not (root / CASE_FILE).is_file():
            raise UserError(
                f"{root} is not a seized case (no {CASE_FILE}); create one: seized init"
            )
        case = cls(root, actor)
        with case.connect() as con:
            migrate(con)
            case._append_pending(con)
        return case

    def _make_key(self) -> str:
        import pysequoia

        tsk = pysequoia.Tsk.generate(f"seized case {self.name} <case@seized.invalid>")
        secret = self.root / "keys" / "case-key.asc"
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(str(tsk))
        cert = tsk.extract_certificate()
        (self.root / "keys" / "case-cert.asc").write_text(str(cert), encoding="utf-8")
        return str(cert.fingerprint)

    # -- properties -------------------------------------------------------------------------

    @property
    def meta(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.root / CASE_FILE).read_text(encoding="utf-8"))
        return data

    @property
    def name(self) -> str:
        return str(self.meta["name"]) if (self.root / CASE_FILE).exists() else self.root.name

    @property
    def store_path(self) -> Path:
        return self.root / STORE_FILE

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        try:
            con = duckdb.connect(str(self.store_path), read_only=read_only)
        except duckdb.Error as exc:
            raise SeizedError(f"{self.store_path}: cannot open the case store: {exc}") from exc
        try:
            # the raw tables' views name their Parquet files relative to the case directory
            set_search_path(con, self.root)
            # a bounded share of memory; beyond it, joins and sorts spill into CASE/tmp
            limit_memory(con, self.root / SPILL_DIR)
            yield con
        finally:
            con.close()

    # -- stages -----------------------------------------------------------------------------

    @contextmanager
    def stage(
        self,
        name: str,
        options: Any = None,
        *,
        scope: str = "",
        reads: tuple[str, ...] | None = None,
        extra: Any = None,
        force: bool | None = None,
        transaction: bool = True,
    ) -> Iterator[StageRun]:
        """Run a stage's body: skip it when done with the same inputs, else commit its work,
        its done-mark, its checksums and its custody entry together.

        The fingerprint covers the checksums of the tables in ``reads`` (by default the ones
        :data:`seized.stages.STAGES` declares for ``name``), ``options`` (but for fields marked
        runtime) and ``extra``. ``force`` (by default ``options.force``) runs it even when done.
        With ``transaction=False`` the body commits as it goes (a load that keeps whole batches)
        and may end with ``with case.committing(run):`` around its last writes, so they commit
        with the bookkeeping; see :mod:`seized.stages`.
        """
        if reads is None:
            reads = declared(name).reads
        if force is None:
            force = bool(getattr(options, "force", False))
        with self.connect() as con:
            settings = plain(options)
            print_ = fingerprint(con, reads, {"options": settings, "extra": extra})
            run = StageRun(con, name, scope, print_)
            if settings:
                run.details["options"] = settings
            done = None if force else done_result(con, name, scope, print_)
            if done is not None:
                run.result.skipped = True
                run.result.counts = done
                run.message(f"{name}: inputs unchanged since it last ran, nothing to do")
                yield run
                return
            if transaction:
                with self.committing(run):
                    yield run
            else:
                yield run
                if not run.finished:
                    with self.committing(run):
                        pass
            self._append_pending(con)

    @contextmanager
    def committing(self, run: StageRun) -> Iterator[duckdb.DuckDBPyConnection]:
        """The stage's final transaction: the body's last writes, then the done-mark, the
        checksums and the pending custody entry, committed together."""
        with transaction(run.con) as con:
            yield con
            run.result.finished_at = datetime.now(UTC)
            started = run.result.started_at or run.result.finished_at
            mark_done(con, run.name, run.scope, run.fingerprint, run.result.counts, started,
                      run.result.finished_at)  # fmt: skip
            if run.checksums is None or run.checksums:
                self.record_checksums(con, run.checksums)
            entry = run.entry()
            entry["details"]["commit"] = uuid.uuid4().hex
            con.execute(
                "INSERT INTO meta.custody_pending SELECT coalesce(max(pending_id), 0) + 1, "
                "?, ?, ?, ? FROM meta.custody_pending",
                [self.actor, run.name, json.dumps(entry, default=str), run.result.finished_at],
            )
        run.finished = True

    def _append_pending(self, con: duckdb.DuckDBPyConnection) -> None:
        """Append the custody entries committed with stages' work to the log, oldest first.

        Each carries a commit token: an entry already in the log (appended just before a
        crash, its pending row not yet removed) is not appended twice."""
        rows = con.execute(
            "SELECT pending_id, actor, action, entry FROM meta.custody_pending ORDER BY 1"
        ).fetchall()
        if not rows:
            return
        logged = {e.get("details", {}).get("commit") for e in self.custody.entries()[-len(rows) :]}
        for _, actor, action, text in rows:
            body = json.loads(text)
            if body["details"].get("commit") not in logged:
                self.custody.append(
                    str(action),
                    actor=str(actor),
                    inputs=body.get("inputs"),
                    outputs=body.get("outputs"),
                    details=body.get("details"),
                )
        count, last = self.custody.head()
        with transaction(con):
            _record_head(con, {"seq": count, "hash": last})
            con.execute(
                "DELETE FROM meta.custody_pending WHERE pending_id <= ?", [max(r[0] for r in rows)]
            )

    # -- custody ----------------------------------------------------------------------------

    def log(
        self,
        action: str,
        *,
        inputs: list[dict[str, Any]] | None = None,
        outputs: dict[str, Any] | None = None,
        details: dict[str, Any] | None = None,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> dict[str, Any]:
        """Append a custody entry and record the new head in the case store."""
        entry = self.custody.append(
            action, actor=self.actor, inputs=inputs, outputs=outputs, details=details
        )
        if con is None:
            with self.connect() as own:
                _record_head(own, entry)
        else:
            _record_head(con, entry)
        return entry

    def record_checksums(
        self, con: duckdb.DuckDBPyConnection, tables: list[str] | None = None
    ) -> None:
        """Record checksums of canonical tables (all by default) as the stage leaves them."""
        for table in tables or list(CANONICAL_TABLES):
            rows, checksum = table_checksum(con, table)
            con.execute(
                "INSERT OR REPLACE INTO meta.checksums VALUES (?, ?, ?, now())",
                [table, rows, checksum],
            )


def _record_head(con: duckdb.DuckDBPyConnection, entry: dict[str, Any]) -> None:
    con.execute("DELETE FROM meta.custody_head")
    con.execute("INSERT INTO meta.custody_head VALUES (?, ?)", [entry["seq"], entry["hash"]])
