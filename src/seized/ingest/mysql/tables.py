"""The raw tables a dump defines, as its statements go by: CREATE TABLE, primary keys added by
ALTER TABLE, the current database (USE), and TRUNCATE before any rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from seized.ingest.base import RawSink, TableDef
from seized.ingest.mysql.batcher import Batcher
from seized.ingest.mysql.ddl import SchemaError, altered_primary_key, parse_create_table
from seized.ingest.mysql.insert_exact import StatementError
from seized.ingest.mysql.lexer import ident_name, significant
from seized.ingest.mysql.statement import BadStatement, Statement


class Tables:
    def __init__(
        self,
        sink: RawSink,
        batcher: Batcher,
        decode: Callable[[bytes, int], str],
        changed: Callable[[], None],
    ) -> None:
        self._sink = sink
        self._batcher = batcher
        self._decode = decode
        self._changed = changed  # called when a definition changes
        self.defs: dict[str, TableDef] = {}
        self._db: dict[str, str | None] = {}
        self.with_rows: set[str] = set()
        self.database: str | None = None

    def create(self, statement: Statement) -> None:
        toks = list(significant(statement.text))
        try:
            table = parse_create_table(
                toks, statement.text, self._decode, statement.line, self.defs
            )
        except (SchemaError, StatementError) as exc:
            raise BadStatement(str(exc), exc.start) from None
        if table is None:
            return
        known_db = self._db.get(table.name, self.database)
        if table.name in self.defs and known_db != self.database:
            raise BadStatement(
                f"a second table named {table.name!r}, in database {self.database!r}",
                0,
                hint="the dump holds several databases with the same table names; dump each "
                "market's database into its own file",
                table=table.name,
            )
        self._batcher.flush()
        self.defs[table.name] = table
        self._db[table.name] = self.database
        self._changed()
        self._sink.define(table)

    def alter(self, statement: Statement) -> None:
        """A primary key added after the data (phpMyAdmin): the table is defined again with it.
        Every other ALTER (DISABLE KEYS, indexes, AUTO_INCREMENT) changes no rows."""
        try:
            found = altered_primary_key(list(significant(statement.text)), self._decode)
        except SchemaError as exc:
            raise BadStatement(str(exc), exc.start) from None
        if found is None or found[0] not in self.defs:
            return
        table = self.defs[found[0]]
        if not set(found[1]) <= set(table.column_names):
            raise BadStatement(f"a primary key on columns table {table.name!r} does not have", 0)
        self._batcher.flush()
        self.defs[table.name] = replace(table, primary_key=found[1])
        self._changed()
        self._sink.define(self.defs[table.name])

    def use(self, statement: Statement) -> None:
        toks = list(significant(statement.text))
        if len(toks) >= 2:
            raw = ident_name(toks[1])
            if raw is not None:
                self.database = self._decode(raw, toks[1].start)

    def truncate(self, statement: Statement) -> None:
        toks = [t for t in significant(statement.text) if t.upper() != "TABLE"]
        raw = ident_name(toks[1]) if len(toks) >= 2 else None
        name = self._decode(raw, toks[1].start) if raw is not None else ""
        if name in self.with_rows:
            raise BadStatement(
                f"TRUNCATE of table {name!r} after its rows; seized cannot replay it",
                0,
                hint="the dump deletes rows it wrote before; use keep-going to set it aside",
                table=name,
            )
