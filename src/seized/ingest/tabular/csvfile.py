"""CSV and TSV files: a real CSV parser over lines ended by LF, CRLF or CR; every column VARCHAR.

The first rows are read ahead to settle the columns: whether the first row is a header (given
with the evidence, or detected by :mod:`.header`), and how many columns there are (the header's
width; without a header, the most fields a row has). When the rows read ahead vary only in
lacking last fields (an optional last column left out), a row with as many fields as one of them
has the missing last ones NULL; any other row of another width is bad. Everything decided here,
and how many rows lacked fields, is said in the ingest's output.
"""

from __future__ import annotations

import codecs
import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

import pyarrow as pa

from seized.errors import InputError
from seized.ingest.base import Column, ParseOptions, RawSink, Source, TableDef
from seized.ingest.lines import TextLines
from seized.ingest.tabular.files import (
    CSV_SUFFIXES,
    Batches,
    TabularFile,
    column_names,
    kind_of,
    table_files,
    text_lines,
)
from seized.ingest.tabular.header import SAMPLE_ROWS, detect_header

#: the csv module's limit on one field (128 KiB by default) is too small for long messages
FIELD_LIMIT = 1 << 28


def parse_csv(source: Source, sink: RawSink, options: ParseOptions) -> None:
    """Each .csv / .tsv file (optionally .gz / .zst) becomes a raw table of VARCHAR columns."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    for path, table in table_files(source.path, CSV_SUFFIXES):
        _CsvFile(path, table, sink, options).run()


@dataclass
class _Record:
    line: int  # where it starts
    offset: int
    fields: list[str] | None  # None: not CSV (``bad`` says why)
    bad: str | None = None


class _CsvFile(TabularFile):
    def __init__(self, path: Path, table: str, sink: RawSink, options: ParseOptions) -> None:
        super().__init__(path, table, sink, options)
        self._bad: dict[int, str] = {}  # line -> why its bytes are not text (keep-going)

    def run(self) -> None:
        delimiter = "\t" if kind_of(self.path) == ".tsv" else ","
        with text_lines(self.path, self.options) as lines:
            records = self._records(lines, delimiter)
            sample = list(islice(records, SAMPLE_ROWS))
            self._encoding_note(lines)
            good = [r for r in sample if r.fields is not None and r.bad is None]
            if not good:
                for record in sample:
                    self._fail(record)
                raise InputError("empty file: no rows", self.path)
            names, skip = self._columns(good)
            widths = {len(r.fields or ()) for r in good if r is not skip}
            short_ok = set() if max(widths, default=0) > len(names) else widths
            tdef = TableDef(self.table, tuple(Column(n, "VARCHAR") for n in names), line=1)
            self.sink.define(tdef)
            width = len(names)
            limit = (
                f"the header has {width}" if skip is not None else f"the file has {width} columns"
            )
            batches = Batches(tdef, [pa.string()] * width, self.sink, self.options.batch_rows)
            short: Counter[int] = Counter()
            rows = 0
            for record in chain(sample, records):
                if record is skip:
                    continue
                if record.fields is None or record.bad is not None:
                    self._fail(record)
                    continue
                fields: list[str | None] = list(record.fields)
                if len(fields) > width or (len(fields) < width and len(fields) not in short_ok):
                    self._fail(record, f"{len(fields)} fields where {limit}")
                    continue
                if len(fields) < width:
                    short[len(fields)] += 1
                    fields.extend([None] * (width - len(fields)))
                rows += 1
                batches.add(list(fields), record.offset)
            batches.flush()
        if short:
            self._short_note(short, rows, names)

    # -- records ------------------------------------------------------------------------------

    def _records(self, lines: TextLines, delimiter: str) -> Iterator[_Record]:
        def texts() -> Iterator[str]:
            for line in lines:
                if line.bad is not None:
                    self._bad[line.number] = line.bad
                yield line.text

        reader = csv.reader(texts(), delimiter=delimiter, strict=True)
        while True:
            line, offset = lines.number + 1, lines.end
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield _Record(line, offset, None, f"malformed CSV: {exc}")
                continue
            if not fields:
                continue  # a blank line
            bad = None
            if self._bad:
                found = [n for n in range(line, lines.number + 1) if n in self._bad]
                bad = self._bad[found[0]] if found else None
                self._bad.clear()
            yield _Record(line, offset, fields, bad)

    def _fail(self, record: _Record, reason: str | None = None) -> None:
        raw = ",".join(record.fields or [])
        self.fail(reason or record.bad or "unreadable record", record.line, record.offset, raw)

    # -- columns ------------------------------------------------------------------------------

    def _columns(self, good: list[_Record]) -> tuple[list[str], _Record | None]:
        """The column names, and the record that is the header row (None: no header)."""
        header, given = self.options.header, self.options.columns
        first = good[0]
        assert first.fields is not None
        fields = [r.fields for r in good if r.fields is not None]
        if header is None and given:
            header = False
        if header is None:
            decision = detect_header(fields)
            header = decision.header
            if not header:
                self._note(f"no header row: {decision.reason}; columns named column_1, ...")
        if given:
            names = list(given)
        elif header:
            names = list(first.fields)
        else:
            names = [f"column_{i}" for i in range(1, max(map(len, fields)) + 1)]
        return column_names(names, self.path), first if header else None

    # -- what to say -------------------------------------------------------------------------

    def _note(self, text: str) -> None:
        self.sink.note(f"{self.path.name}: {text}")

    def _encoding_note(self, lines: TextLines) -> None:
        if _codec(lines.encoding) != _codec(self.options.encoding):
            self._note(
                f"read as {lines.encoding}, as its byte order mark says, not as "
                f"{self.options.encoding}"
            )

    def _short_note(self, short: Counter[int], rows: int, names: list[str]) -> None:
        count = sum(short.values())
        fewest = min(short)
        missing = names[fewest:]
        shown = ", ".join(missing) if len(missing) <= 3 else f"{missing[0]} ... {missing[-1]}"
        widths = ", ".join(f"{n:,} with {k}" for k, n in sorted(short.items(), reverse=True))
        self._note(
            f"{count:,} of {rows:,} rows have fewer fields than the {len(names)} columns "
            f"({widths}): their missing last fields ({shown}) are NULL"
        )


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name.removesuffix("-sig")
    except LookupError:
        return name
