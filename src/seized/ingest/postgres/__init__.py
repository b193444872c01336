"""The plain-format ``pg_dump`` parser (COPY and INSERT forms): raw tables, streamed.

The modules, in the order a statement meets them:

* :class:`seized.ingest.lines.LineReader` reads the dump's lines (and the data of COPY blocks in
  large runs); :mod:`.splitter` joins lines into statements; :mod:`.lexer` holds the tokens of
  one statement;
* :mod:`.ddl` (with :mod:`.column_types`) reads CREATE TABLE / TYPE / DOMAIN, the primary keys
  of ALTER TABLE and the headers of COPY blocks;
* the rows: :mod:`.insert_exact` reads INSERT statements; :mod:`.copy_bulk` loads the data of
  COPY blocks, and :mod:`.copy_exact` is the exact reading of one COPY line (the reference);
* :mod:`.dump` runs the statement loop, keeps the tables and routes each statement.

How the rows are routed: an INSERT statement is read by :mod:`.insert_exact`, one regular
expression match per value, or token by token (which names the position of anything wrong)
when a value is unusual. The lines of a COPY block are loaded in chunks by :mod:`.copy_bulk`
(Arrow's CSV reader and vectorised unescaping). It falls back to :mod:`.copy_exact` for each
line whose value has an escape ``COPY TO`` never writes, a bytea value not in hex form or only
empty strings, and for every line of a chunk that Arrow refuses as a whole (wrong column count,
invalid bytes): those lines then get their exact line and byte offset.
"""

from seized.ingest.postgres.dump import parse

__all__ = ["parse"]
