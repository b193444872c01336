"""JSON-lines files: one object per line, the union of their keys as columns."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pyarrow as pa

from seized.errors import InputError
from seized.ingest.base import Column, ParseOptions, RawSink, Source, TableDef
from seized.ingest.tabular.files import (
    JSONL_SUFFIXES,
    Batches,
    TabularFile,
    column_names,
    table_files,
    text_lines,
)

INT64 = (-(1 << 63), (1 << 63) - 1)
#: Arrays and objects inside each other in one JSON line: real exports nest a handful deep.
MAX_NESTING = 100


def parse_jsonl(source: Source, sink: RawSink, options: ParseOptions) -> None:
    """Each .jsonl / .ndjson file (optionally .gz / .zst) becomes a raw table."""
    for path, table in table_files(source.path, JSONL_SUFFIXES):
        _JsonFile(path, table, sink, options).run()


class _JsonFile(TabularFile):
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
        names = column_names(list(keys), self.path)
        columns = []
        types: list[pa.DataType] = []
        for name, (ints, bools) in zip(names, keys.values(), strict=True):
            kind = "BOOLEAN" if bools else "BIGINT" if ints else "VARCHAR"
            columns.append(Column(name, kind))
            types.append({"BOOLEAN": pa.bool_(), "BIGINT": pa.int64()}.get(kind, pa.string()))
        tdef = TableDef(self.table, tuple(columns))
        self.sink.define(tdef)
        batches = Batches(tdef, types, self.sink, self.options.batch_rows)
        order = list(keys)
        for offset, obj in self.records(first_pass=False):
            values: list[object] = []
            for key, arrow_type in zip(order, types, strict=True):
                value = obj.get(key)
                if value is None or arrow_type != pa.string():
                    values.append(value)
                else:
                    values.append(_text(value))
            batches.add(values, offset)
        batches.flush()

    def records(self, *, first_pass: bool) -> Iterator[tuple[int, dict[str, object]]]:
        """(byte offset, object) of each line that holds a JSON object."""
        options = self.options
        if first_pass:  # the second pass reports what is wrong; progress is shown once
            options = replace(options, progress=None)
        with text_lines(self.path, options) as lines:
            for line in lines:
                text = line.text
                if not text.strip():
                    continue
                if line.bad is not None:
                    if not first_pass:
                        self.fail(line.bad, line.number, line.offset, text)
                    continue
                try:
                    obj = json.loads(text, parse_float=_Number, parse_constant=_Number)
                    problem = _unstorable(text, obj)
                    if problem:
                        raise ValueError(problem)
                except (ValueError, RecursionError) as exc:
                    if not first_pass or not self.options.keep_going:
                        self.fail(f"invalid JSON: {exc}", line.number, line.offset, text)
                    continue
                if not isinstance(obj, dict):
                    if not first_pass or not self.options.keep_going:
                        self.fail("a line is not a JSON object", line.number, line.offset, text)
                    continue
                yield line.offset, obj


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
