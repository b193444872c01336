"""The case store as the workbench reads it: one read-only DuckDB connection, a cursor per
request.

DuckDB lets one process open a database file either read-only or read-write, not both. Pages
read through :meth:`CaseReader.read` (shared); an action that must append a custody entry (which
records the custody head in the case store) takes :meth:`CaseReader.exclusive`: it waits for
the reads in flight, closes the read-only connection, lets the action write, and opens it again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from seized.case import Case
from seized.db import dicts as rows
from seized.errors import SeizedError

Row = dict[str, Any]


class _Lock:
    """Many readers or one writer; a waiting writer stops new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting = 0

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class CaseReader:
    def __init__(self, case: Case) -> None:
        self.case = case
        self._lock = _Lock()
        self._con = self._open()

    def _open(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(str(self.case.store_path), read_only=True)
        except duckdb.Error as exc:
            raise SeizedError(
                f"{self.case.store_path}: cannot open the case store read-only: {exc} "
                "(is a stage writing to it?)"
            ) from exc

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock.shared():
            cursor = self._con.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """No reads meanwhile and no connection of this process open: the action may open the
        case store read-write (``case.log``, ``write_package``)."""
        with self._lock.exclusive():
            self._con.close()
            try:
                yield
            finally:
                self._con = self._open()

    def close(self) -> None:
        self._con.close()


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Row | None:
    """The first row as a dict, or None: a page asks for one entity that may not exist."""
    found = rows(con, sql, params)
    return found[0] if found else None
