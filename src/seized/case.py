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
"""

from __future__ import annotations

import getpass
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from seized import __version__
from seized.custody import CustodyLog
from seized.errors import SeizedError, UserError
from seized.model import CANONICAL_TABLES, migrate, table_checksum
from seized.rawfiles import set_search_path

CASE_FILE = "case.json"
STORE_FILE = "case.duckdb"
LOG_FILE = "custody.jsonl"
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
            yield con
        finally:
            con.close()

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
