"""Directories (or single files) of CSV / TSV and JSON-lines files, one raw table per file.

The table is named after the file's stem (``users.csv.gz`` -> ``users``). Lines may end with LF,
CRLF or a lone CR (classic Mac and Excel for Mac), in any mix; the text is read in the evidence's
encoding (a UTF-8, UTF-16 or UTF-32 byte order mark decides it). ``_seized_pos`` is the byte
offset at which the record starts in the (decompressed) file, so it names one row. Blank lines
hold no record and are passed over.

* CSV (:mod:`.csvfile`) is read with a real CSV parser (quoted fields, embedded newlines); every
  column is VARCHAR, since a CSV file has no types and the text (leading zeros, ``TRUE``, padded
  places) is the evidence. ``.tsv`` files are split on tabs. Whether the first row names the
  columns is detected (:mod:`.header`) unless the evidence was registered with ``--header``,
  ``--no-header`` or ``--columns``. A row whose last fields are missing (an optional last column
  left out) has them NULL, and the output says how many rows did.
* JSON lines (:mod:`.jsonl`): every line is one object; the columns are the union of the keys in
  order of first appearance; a column is BIGINT when all its values are integers, BOOLEAN when
  all are booleans, else VARCHAR (numbers keep their exact text, nested objects and arrays are
  kept as JSON text).
"""

from seized.ingest.tabular.csvfile import parse_csv
from seized.ingest.tabular.files import table_files
from seized.ingest.tabular.jsonl import parse_jsonl

__all__ = ["parse_csv", "parse_jsonl", "table_files"]
