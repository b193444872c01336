"""A case: a directory holding the DuckDB case store, the custody log and the case's own key.

Layout::

    CASE/
      case.json            name, creation time, seized version
      case.duckdb          the case store (canonical tables, raw schemas, bookkeeping)
      custody.jsonl        the hash-chained custody log (entries signed with a key kept elsewhere)
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
import signal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from seized import __version__
from seized.custody import CustodyLog
from seized.db import column, limit_memory, transaction
from seized.errors import SeizedError, UserError
from seized.integrity import digested_tables, exists, quick_checksums, table_digest
from seized.model import checksum_text, migrate, migrations
from seized.rawfiles import set_search_path
from seized.signing import KEY_ENV, SigningKey, key_from_environment
from seized.stages import StageRun, done_result, fingerprint, mark_done, plain
from seized.stages import stage as declared

CASE_FILE = "case.json"
STORE_FILE = "case.duckdb"
LOG_FILE = "custody.jsonl"
SPILL_DIR = "tmp"  # DuckDB's spill files while a stage runs (removed by DuckDB after use)
_MARKET_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: for tests only: ``before-append:<action>`` or ``after-append:<action>`` makes
#: :meth:`Case.append_pending` kill its own process (SIGKILL) just before the pending custody
#: entry of that action is appended to the log, or just after (before its pending row goes)
KILL_HOOK_ENV = "SEIZED_TEST_KILL"


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
    """An open case directory.

    ``signing_key`` signs the custody entries this process appends; without one, the key the
    environment names (:data:`seized.signing.KEY_ENV`) does, when it names one. A case created
    with a signing key refuses to log unsigned entries.
    """

    def __init__(
        self, root: Path, actor: str | None = None, *, signing_key: SigningKey | None = None
    ) -> None:
        self.root = root
        self.actor = actor or default_actor()
        self.custody = CustodyLog(root / LOG_FILE)
        self._key = signing_key
        self._key_loaded = signing_key is not None
        # digests recorded since the last custody entry, which the next entry carries
        self._unlogged: dict[str, dict[str, Any]] = {}
        # quick checksums of every table, and the rows of meta.stages, when each running stage
        # began (by id of its run)
        self._before: dict[int, tuple[dict[str, tuple[Any, ...]], set[tuple[str, ...]]]] = {}
        # quick checksums of every digested table as they were when each running stage
        # committed (by id of its run)
        self._after: dict[int, dict[str, tuple[Any, ...]]] = {}
        # the quick checksums the last stage this object ran left, with the state of the store
        # files once its connection closed: the next stage starts from them when the files are
        # in that state still (no one wrote the store in between), instead of reading every table
        self._quick: tuple[tuple[object, ...], dict[str, tuple[Any, ...]]] | None = None

    # -- creation and opening ------------------------------------------------------------

    @classmethod
    def init(
        cls,
        root: Path,
        *,
        actor: str | None = None,
        name: str | None = None,
        signing_key: SigningKey | None = None,
    ) -> Case:
        """Create a case. With a signing key (given, or named by the environment) every custody
        entry of the case must be signed."""
        root = root.resolve()
        if (root / CASE_FILE).exists():
            raise UserError(f"{root} is already a case")
        if root.exists() and any(root.iterdir()):
            raise UserError(f"{root} exists and is not empty; choose a new directory")
        key = signing_key or key_from_environment(root)
        root.mkdir(parents=True, exist_ok=True)
        (root / "keys").mkdir()
        (root / "mappings").mkdir()
        meta: dict[str, Any] = {
            "name": name or root.name,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seized_version": __version__,
        }
        if key is not None:
            meta["custody_signing"] = "required"
            meta["custody_signer"] = key.fingerprint
        (root / CASE_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        case = cls(root, actor, signing_key=key)
        with case.connect() as con:
            migrate(con)
            case.record_checksums(con)  # every table, empty: what later entries start from
            fingerprint = case._make_key()
            case.log("init", details={"case": meta["name"], "case_key": fingerprint}, con=con)
        return case

    @classmethod
    def open(
        cls, root: Path, *, actor: str | None = None, signing_key: SigningKey | None = None
    ) -> Case:
        root = root.resolve()
        if not (root / CASE_FILE).is_file():
            raise UserError(
                f"{root} is not a seized case (no {CASE_FILE}); create one: seized init"
            )
        case = cls(root, actor, signing_key=signing_key)
        with case.connect() as con:
            if exists(con, "meta.custody_pending"):
                case.append_pending(con)  # entries committed before these migrations first
            case._migrate(con)
            case.append_pending(con)
        return case

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        """Apply the migrations this version of seized adds, logging what they changed."""
        done = set(column(con, "SELECT version FROM schema_migrations"))
        if all(version in done for version, _, _ in migrations()):
            return
        self.signing_key(required=True)
        before = quick_checksums(con, digested_tables(con))
        applied = migrate(con)
        after = quick_checksums(con, digested_tables(con))
        self.record_checksums(con, [t for t in after if after[t] != before.get(t)])
        self.log("migrate", details={"migrations": applied}, con=con)

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

    def signing_key(self, *, required: bool = False) -> SigningKey | None:
        """The key that signs this process's custody entries (loaded from the environment on
        first use). ``required``: refuse when the case demands signed entries and there is
        no key, before anything is written."""
        if not self._key_loaded:
            self._key = key_from_environment(self.root)
            self._key_loaded = True
        if self._key is None and required and self.signs_custody:
            raise UserError(
                f"{self.root}: this case's custody entries are signed (certificate "
                f"{self.meta.get('custody_signer', '?')}), and no signing key is set: set "
                f"{KEY_ENV} to the secret key file (kept outside the case directory)"
            )
        return self._key

    @property
    def signs_custody(self) -> bool:
        """Whether this case was created to have every custody entry signed."""
        return bool(self.meta.get("custody_signing") == "required")

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
        state = self._store_state()
        cached = self._quick[1] if self._quick and self._quick[0] == state else {}
        self._quick = None
        with self.connect() as con:
            settings = plain(options)
            known = {table: checksum_text(*sums) for table, sums in cached.items()}
            print_ = fingerprint(con, reads, {"options": settings, "extra": extra}, known)
            run = StageRun(con, name, scope, print_)
            if settings:
                run.details["options"] = settings
            done = None if force else done_result(con, name, scope, print_)
            if done is not None:
                run.result.skipped = True
                run.result.counts = done
                run.message(f"{name}: inputs unchanged since it last ran, nothing to do")
                yield run
                if cached and self._store_state() == state:
                    self._quick = (state, cached)  # nothing was written
                return
            self.signing_key(required=True)  # before any work: no entry could be logged
            tables = digested_tables(con)
            before = {t: cached[t] for t in tables if t in cached}
            before.update(quick_checksums(con, [t for t in tables if t not in cached]))
            self._before[id(run)] = (before, _done(con))
            try:
                if transaction:
                    with self.committing(run):
                        yield run
                else:
                    yield run
                    if not run.finished:
                        with self.committing(run):
                            pass
            except BaseException as exc:
                self._log_failure(con, run, exc)
                raise
            finally:
                self._before.pop(id(run), None)
                after = self._after.pop(id(run), None)
            self.append_pending(con)
        if after is not None:
            self._quick = (self._store_state(), after)

    def _store_state(self) -> tuple[object, ...]:
        """What any write to the store changes: the identity, size and modification and change
        times of its file and of its write-ahead log (a change time cannot be set back)."""
        state: list[object] = []
        for path in (self.store_path, self.store_path.with_name(self.store_path.name + ".wal")):
            try:
                info = path.stat()
            except FileNotFoundError:
                state.append(None)
                continue
            state.append(
                (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            )
        return tuple(state)

    def _log_failure(
        self, con: duckdb.DuckDBPyConnection, run: StageRun, exc: BaseException
    ) -> None:
        """A stage that committed some writes before it failed (a load that keeps whole
        batches, a reload that first forgets the old one) logs what it left."""
        if not self._unlogged:
            return
        with suppress(Exception):  # the stage's own error is the one to report
            self.log(
                f"{run.name}.failed",
                details={"scope": run.scope, "error": str(exc)[:500] or type(exc).__name__},
                con=con,
            )

    @contextmanager
    def committing(self, run: StageRun) -> Iterator[duckdb.DuckDBPyConnection]:
        """The stage's final transaction: the body's last writes, then the done-mark, the
        checksums and the pending custody entry, committed together."""
        saved = dict(self._unlogged)
        try:
            with self._final_transaction(run) as con:
                yield con
        except BaseException:
            self._unlogged = saved  # what was recorded in the rolled-back transaction is gone
            raise
        self._unlogged = {}
        run.finished = True

    @contextmanager
    def _final_transaction(self, run: StageRun) -> Iterator[duckdb.DuckDBPyConnection]:
        with transaction(run.con) as con:
            yield con
            run.result.finished_at = datetime.now(UTC)
            started = run.result.started_at or run.result.finished_at
            mark_done(con, run.name, run.scope, run.fingerprint, run.result.counts, started,
                      run.result.finished_at)  # fmt: skip
            # the digests of every table the stage changed (and of the ones it names)
            before, done_before = self._before.get(id(run), (None, set()))
            tables = digested_tables(con)
            now = quick_checksums(con, tables) if before is not None else {}
            if before is not None:
                self._after[id(run)] = now
            changed = {t for t in tables if before is None or now[t] != before.get(t)}
            changed |= {t for t in run.checksums or [] if exists(con, t)} | set(self._unlogged)
            self.record_checksums(con, sorted(changed))
            entry = run.entry()
            entry["tables"] = self._unlogged
            entry["details"]["commit"] = uuid.uuid4().hex
            # the rows of meta.stages this run marked done (its own, and the steps it
            # remembers on the way, such as the keys read in seized text)
            entry["details"]["done"] = sorted(list(row) for row in _done(con) - done_before)
            con.execute(
                "INSERT INTO meta.custody_pending SELECT coalesce(max(pending_id), 0) + 1, "
                "?, ?, ?, ? FROM meta.custody_pending",
                [self.actor, run.name, json.dumps(entry, default=str), run.result.finished_at],
            )

    def append_pending(self, con: duckdb.DuckDBPyConnection) -> None:
        """Append the custody entries committed with stages' work to the log, oldest first.

        Each carries a commit token: an entry already in the log (appended just before a
        crash, its pending row not yet removed) is not appended twice."""
        rows = con.execute(
            "SELECT pending_id, actor, action, entry FROM meta.custody_pending ORDER BY 1"
        ).fetchall()
        if not rows:
            return
        if self.signing_key() is None and self.signs_custody:
            return  # left pending (seized verify says so) until a command with the key runs
        logged = {e.get("details", {}).get("commit") for e in self.custody.entries()[-len(rows) :]}
        for _, actor, action, text in rows:
            body = json.loads(text)
            if body["details"].get("commit") not in logged:
                _test_kill("before-append", str(action))
                self.custody.append(
                    str(action),
                    actor=str(actor),
                    inputs=body.get("inputs"),
                    outputs=body.get("outputs"),
                    details=body.get("details"),
                    tables=body.get("tables"),
                    key=self.signing_key(),
                )
                _test_kill("after-append", str(action))
        count, last = self.custody.head()
        with transaction(con):
            _record_head(con, {"seq": count, "hash": last})
            con.execute(
                "DELETE FROM meta.custody_pending WHERE pending_id <= ?", [max(r[0] for r in rows)]
            )

    def queue_entry(
        self,
        con: duckdb.DuckDBPyConnection,
        action: str,
        *,
        inputs: list[dict[str, Any]] | None = None,
        outputs: dict[str, Any] | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Write a custody entry into the caller's open transaction, for a change made outside
        a stage (registering evidence, setting a mapping): the entry commits with the rows it
        describes, and :meth:`append_pending` appends it to the log after the commit (or the
        next opening of the case does, when the process died in between)."""
        self.signing_key(required=True)
        entry = {
            "inputs": inputs,
            "outputs": outputs,
            "details": {**(details or {}), "commit": uuid.uuid4().hex},
            "tables": self._unlogged,
        }
        con.execute(
            "INSERT INTO meta.custody_pending SELECT coalesce(max(pending_id), 0) + 1, "
            "?, ?, ?, ? FROM meta.custody_pending",
            [self.actor, action, json.dumps(entry, default=str), datetime.now(UTC)],
        )
        self._unlogged = {}

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
        """Append a custody entry and record the new head in the case store. The entry
        carries the digests recorded since the last one (:meth:`record_checksums`)."""
        entry = self.custody.append(
            action,
            actor=self.actor,
            inputs=inputs,
            outputs=outputs,
            details=details,
            tables=self._unlogged,
            key=self.signing_key(required=True),
        )
        self._unlogged = {}
        if con is None:
            with self.connect() as own:
                _record_head(own, entry)
        else:
            _record_head(con, entry)
        return entry

    def record_checksums(
        self, con: duckdb.DuckDBPyConnection, tables: list[str] | None = None
    ) -> None:
        """Record the digests of tables (every digested one by default) as they are now; the
        next custody entry (the stage's own, or :meth:`log`'s) carries them, and
        ``seized verify`` compares the tables with the last digests the log holds."""
        self.signing_key(required=True)  # refuse before the caller commits anything
        names = digested_tables(con) if tables is None else tables
        for table in names:
            digest = table_digest(con, table)
            con.execute(
                "INSERT OR REPLACE INTO meta.checksums VALUES (?, ?, ?, now())",
                [table, digest.rows, digest.sha256],
            )
            self._unlogged[table] = digest.as_entry()


def _record_head(con: duckdb.DuckDBPyConnection, entry: dict[str, Any]) -> None:
    con.execute("DELETE FROM meta.custody_head")
    con.execute("INSERT INTO meta.custody_head VALUES (?, ?)", [entry["seq"], entry["hash"]])


def _test_kill(point: str, action: str) -> None:
    """The kill hook of :data:`KILL_HOOK_ENV` (for tests of crashes around the log)."""
    if os.environ.get(KILL_HOOK_ENV) == f"{point}:{action}":
        os.kill(os.getpid(), signal.SIGKILL)


def _done(con: duckdb.DuckDBPyConnection) -> set[tuple[str, ...]]:
    """The rows of meta.stages as (stage, scope, fingerprint, finished_at) text, as custody
    entries name them."""
    rows = con.execute("SELECT stage, scope, fingerprint, finished_at FROM meta.stages").fetchall()
    return {tuple(str(v) for v in row) for row in rows}
