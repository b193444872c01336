"""Directories (or single files) of CSV / TSV and JSON-lines files, one raw table per file.

The table is named after the file's stem (``users.csv.gz`` -> ``users``). CSV files have a header
row and are read with a real CSV parser (quoted fields, embedded newlines); every column is
VARCHAR, since a CSV file has no types and the text (leading zeros, ``TRUE``, padded places) is the
evidence. ``.tsv`` files are split on tabs. In JSON lines every line is one object; the columns are
the union of the keys in order of first appearance; a column is BIGINT when all its values are
integers, BOOLEAN when all are booleans, else VARCHAR (numbers keep their exact text, nested
objects and arrays are kept as JSON text). ``_seized_pos`` is the record's line number (the first
line of a multi-line CSV record). Blank lines hold no record and are passed over.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from seized.errors import InputError
from seized.ingest.base import POS_COLUMN, Column, ParseOptions, RawSink, Reject, Source, TableDef
from seized.ingest.lines import LineReader
from seized.ingest.stream import open_stream

CSV_SUFFIXES = (".csv", ".tsv")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSED_SUFFIXES = (".gz", ".zst", ".zstd")
#: the csv module's limit on one field (128 KiB by default) is too small for long messages
FIELD_LIMIT = 1 << 28
INT64 = (-(1 << 63), (1 << 63) - 1)
#: Arrays and objects inside each other in one JSON line: real exports nest a handful deep.
MAX_NESTING = 100


def parse_csv(source: Source, sink: RawSink, options: ParseOptions) -> None:
    """Each .csv / .tsv file (optionally .gz / .zst) becomes a raw table of VARCHAR columns."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    for path, table in table_files(source.path, CSV_SUFFIXES):
        _CsvFile(path, table, sink, options).run()


def parse_jsonl(source: Source, sink: RawSink, options: ParseOptions) -> None:
    """Each .jsonl / .ndjson file (optionally .gz / .zst) becomes a raw table."""
    for path, table in table_files(source.path, JSONL_SUFFIXES):
        _JsonFile(path, table, sink, options).run()


def table_files(path: Path, suffixes: tuple[str, ...]) -> list[tuple[Path, str]]:
    """The data files at ``path`` (a file or a directory, not recursive) and their table names."""
    if path.is_file():
        candidates = [path]
    elif path.is_dir():
        for link in sorted(p for p in path.iterdir() if p.is_symlink()):
            raise InputError(
                "a symbolic link inside the evidence directory: seized does not follow links",
                link,
                hint="copy the file it points to into the directory, and register it again",
            )
        candidates = sorted(p for p in path.iterdir() if p.is_file() and _kind(p) in suffixes)
    else:
        raise InputError("no such file or directory", path)
    if not candidates:
        wanted = ", ".join(suffixes)
        raise InputError(f"no {wanted} files here", path, hint="name the files by their format")
    out: list[tuple[Path, str]] = []
    seen: dict[str, Path] = {}
    for file in candidates:
        name = _stem(file)
        if name in seen:
            raise InputError(
                f"both {seen[name].name} and {file.name} would be table {name!r}", path
            )
        seen[name] = file
        out.append((file, name))
    return out


def _kind(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSED_SUFFIXES:
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (*COMPRESSED_SUFFIXES, *CSV_SUFFIXES, *JSONL_SUFFIXES):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name


@dataclass
class _Lines:
    """Decoded lines of one file with their numbers; bad bytes raise or are marked."""

    path: Path
    options: ParseOptions
    line: int = 0
    bad: dict[int, str] = field(default_factory=dict)  # line -> reason (keep_going only)

    def __iter__(self) -> Iterator[str]:
        encoding = self.options.encoding
        with open_stream(self.path) as stream:
            reader = LineReader(stream, self.options.progress)
            while True:
                offset = reader.offset
                raw = reader.readline()
                if raw is None:
                    return
                self.line = reader.line
                try:
                    text = raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    where = offset + exc.start
                    reason = f"invalid {encoding} bytes at byte {where}"
                    if not self.options.keep_going:
                        raise InputError(
                            f"invalid {encoding} bytes",
                            self.path,
                            line=self.line,
                            offset=where,
                            hint="give the file's encoding (e.g. latin-1)",
                        ) from None
                    self.bad[self.line] = reason
                    text = raw.decode(encoding, errors="replace")
                yield text


class _Batches:
    def __init__(self, tdef: TableDef, types: list[pa.DataType], sink: RawSink, size: int) -> None:
        self.tdef = tdef
        self.types = types
        self.sink = sink
        self.size = max(1, size)
        self.columns: list[list[object]] = [[] for _ in types]
        self.positions: list[int] = []

    def add(self, values: list[object], position: int) -> None:
        for column, value in zip(self.columns, values, strict=True):
            column.append(value)
        self.positions.append(position)
        if len(self.positions) >= self.size:
            self.flush()

    def flush(self) -> None:
        if not self.positions:
            return
        arrays = [pa.array(c, t) for c, t in zip(self.columns, self.types, strict=True)]
        arrays.append(pa.array(self.positions, pa.int64()))
        names = [*self.tdef.column_names, POS_COLUMN]
        self.sink.append(self.tdef.name, pa.Table.from_arrays(arrays, names=names))
        self.columns = [[] for _ in self.types]
        self.positions = []


class _File:
    def __init__(self, path: Path, table: str, sink: RawSink, options: ParseOptions) -> None:
        self.path = path
        self.table = table
        self.sink = sink
        self.options = options

    def fail(self, reason: str, line: int, raw: str) -> None:
        if not self.options.keep_going:
            raise InputError(reason, self.path, line=line)
        reject = Reject(self.table, f"{self.path.name}: {reason}", line, None, raw[:1000])
        self.sink.reject(reject)


class _CsvFile(_File):
    def run(self) -> None:
        lines = _Lines(self.path, self.options)
        delimiter = "\t" if _kind(self.path) == ".tsv" else ","
        reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
        header = self.next_record(reader, lines)
        if header is None:
            raise InputError("empty file: no header row", self.path)
        names = _column_names(header[1], self.path)
        tdef = TableDef(self.table, tuple(Column(n, "VARCHAR") for n in names), line=header[0])
        self.sink.define(tdef)
        batches = _Batches(tdef, [pa.string()] * len(names), self.sink, self.options.batch_rows)
        while (record := self.next_record(reader, lines)) is not None:
            start, fields = record
            raw = delimiter.join(fields)
            bad = [n for n in range(start, lines.line + 1) if n in lines.bad]
            if bad:
                self.fail(lines.bad[bad[0]], start, raw)
            elif len(fields) != len(names):
                self.fail(f"{len(fields)} fields where the header has {len(names)}", start, raw)
            else:
                batches.add(list(fields), start)
        batches.flush()

    def next_record(
        self, reader: Iterator[list[str]], lines: _Lines
    ) -> tuple[int, list[str]] | None:
        while True:
            start = lines.line + 1
            try:
                fields = next(reader)
            except StopIteration:
                return None
            except csv.Error as exc:
                self.fail(f"malformed CSV: {exc}", start, "")
                continue
            if fields:
                return start, fields


class _JsonFile(_File):
    def run(self) -> None:
        keys: dict[str, list[bool]] = {}  # key -> [all ints, all bools]
        for _, obj in self.records(first_pass=True):
            for key, value in obj.items():
                kinds = keys.setdefault(key, [True, True])
                if value is not None:
                    kinds[0] = kinds[0] and _is_int64(value)
                    kinds[1] = kinds[1] and isinstance(value, bool)
        if not keys:
            raise InputError("no JSON objects in this file", self.path)
        names = _column_names(list(keys), self.path)
        columns = []
        types: list[pa.DataType] = []
        for name, (ints, bools) in zip(names, keys.values(), strict=True):
            kind = "BOOLEAN" if bools else "BIGINT" if ints else "VARCHAR"
            columns.append(Column(name, kind))
            types.append({"BOOLEAN": pa.bool_(), "BIGINT": pa.int64()}.get(kind, pa.string()))
        tdef = TableDef(self.table, tuple(columns))
        self.sink.define(tdef)
        batches = _Batches(tdef, types, self.sink, self.options.batch_rows)
        order = list(keys)
        for line, obj in self.records(first_pass=False):
            values: list[object] = []
            for key, arrow_type in zip(order, types, strict=True):
                value = obj.get(key)
                if value is None or arrow_type != pa.string():
                    values.append(value)
                else:
                    values.append(_text(value))
            batches.add(values, line)
        batches.flush()

    def records(self, *, first_pass: bool) -> Iterator[tuple[int, dict[str, object]]]:
        lines = _Lines(self.path, self.options)
        for text in lines:
            if not text.strip():
                continue
            number = lines.line
            if number in lines.bad:
                if not first_pass:
                    self.fail(lines.bad[number], number, text)
                continue
            try:
                obj = json.loads(text, parse_float=_Number, parse_constant=_Number)
                problem = _unstorable(text, obj)
                if problem:
                    raise ValueError(problem)
            except (ValueError, RecursionError) as exc:
                if not first_pass or not self.options.keep_going:
                    self.fail(f"invalid JSON: {exc}", number, text)
                continue
            if not isinstance(obj, dict):
                if not first_pass or not self.options.keep_going:
                    self.fail("a line is not a JSON object", number, text)
                continue
            yield number, obj


def _unstorable(text: str, obj: object) -> str | None:
    """Why a decoded line cannot be stored, or None: nested deeper than :data:`MAX_NESTING`
    (its values are kept as JSON text, made recursively), or a key or string holding a lone
    surrogate (an escape such as \\ud800 decodes to one), which UTF-8 text cannot hold."""
    if text.count("[") + text.count("{") > MAX_NESTING and _depth(obj) > MAX_NESTING:
        return f"nested more than {MAX_NESTING} levels deep"
    if "\\u" in text:
        try:
            json.dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return "a \\u escape in a string is half of a surrogate pair"
    return None


def _depth(obj: object) -> int:
    """Levels of arrays and objects in a decoded value (0 for a plain value)."""
    deepest = 0
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in value)
    return deepest


class _Number(str):
    """A JSON number that is not an integer, kept as its exact text."""


def _is_int64(value: object) -> bool:
    return type(value) is int and INT64[0] <= value <= INT64[1]


def _text(value: object) -> str:
    """A JSON value as text: strings as they are, numbers exact, the rest as JSON."""
    if isinstance(value, str):
        return value
    return _json(value)


def _json(value: object) -> str:
    if isinstance(value, _Number):
        return str.__str__(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_json(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{json.dumps(k, ensure_ascii=False)}: {_json(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    return json.dumps(value, ensure_ascii=False)


def _column_names(header: list[str], path: Path) -> list[str]:
    """Header names kept as written, but blanks named ``column_N`` and repeats (in any case)
    numbered ``name_2``."""
    names: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(header, start=1):
        name = raw if raw.strip() else f"column_{i}"
        base, n = name, 1
        while name.lower() in seen or name == POS_COLUMN:
            n += 1
            name = f"{base}_{n}"
        seen.add(name.lower())
        names.append(name)
    if not names:
        raise InputError("no columns", path)
    return names
