"""The MySQL/MariaDB ``mysqldump`` parser: raw tables and rows, streamed, without a server.

The modules, in the order a statement meets them:

* :mod:`.encoding` finds the dump's text encoding (and converts the few that need it);
  :mod:`.splitter` finds each statement in a sliding window of the dump (its end, its line and
  byte offset; ``DELIMITER`` commands) and refuses bytes no dump holds; :mod:`.lexer` holds the
  tokens the exact readers use;
* :mod:`.statement` tells the kind of a statement; :mod:`.ddl` (with :mod:`.column_types`) reads
  CREATE TABLE and :mod:`.tables` keeps the tables defined so far (ALTER, USE, TRUNCATE);
* three readers take the rows of an INSERT: :mod:`.insert_exact` (the reference),
  :mod:`.insert_csv` and :mod:`.insert_vector` (the fast paths); :mod:`.batcher` gathers their
  rows into Arrow batches for the sink, and :mod:`.report` turns bad statements and rows into
  errors or rejects;
* :mod:`.dump` runs the statement loop and routes each statement.

How an INSERT is routed (all in :mod:`.dump`, with the delimiter ``;``):

1. When an INSERT header (``INSERT|REPLACE [IGNORE] INTO name [(columns)] VALUES``) matches
   at the position, its end is guessed as the first ``;`` that ends a line. The table must be
   defined, and none of the named columns may be BIT (or BLOB when the dump is not UTF-8):
   those go to the exact reader.
2. A statement whose rows are one line, start with ``(``, end with ``);`` and whose unescaped
   quotes pair up (so the ``;`` is outside any string) is queued whole for
   :mod:`.insert_vector`, which reads many statements of one table at once on a worker thread.
3. Any other such statement is converted on its own by :mod:`.insert_csv` (split at its quotes,
   or matched by a strict or spaced regular expression) into CSV text queued for Arrow's CSV
   reader. If it cannot be converted (a hex or bit literal, an expression, a ``;`` inside a
   string at a line's end, ...), or no ``;`` ends a line, it goes on as in 4.
4. Every other statement (CREATE TABLE, ALTER, USE, ...) is cut at its exact end; an INSERT
   found this way is offered to the fast paths again, then read by :mod:`.insert_exact`.

A fast path falls back at the first surprise, and its rows are the same as the exact reader's:

* when a batch of :mod:`.insert_vector` fails as a whole (spaces between values, a literal
  other than a string, NULL or a plain number, a backslash outside a string, invalid UTF-8 or
  text not valid in the dump's encoding, a row of the wrong width), each of its statements is
  tried alone through :mod:`.insert_csv`, and one that fails there too is read by
  :mod:`.insert_exact`;
* when a CSV batch of :mod:`.insert_csv` fails (its skeleton check, the CSV reader or the
  transcoding refuses it), all its statements are read again by :mod:`.insert_exact`;
* before a statement goes to the exact path, the pending fast rows are read first, so that rows
  reach the sink in the dump's order and every error or reject names the line and byte that
  :mod:`.insert_exact` finds.

An INSERT the exact reader cannot read to its end is an error; with keep-going the whole rows
it starts with are stored and only the rest of it is rejected, with its table.
"""

from seized.ingest.mysql.dump import parse, parse_dump

__all__ = ["parse", "parse_dump"]
