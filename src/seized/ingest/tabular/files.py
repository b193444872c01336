"""What CSV and JSON-lines files share: finding the files, their lines, batches, rejects."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa

from seized.errors import InputError
from seized.ingest.base import POS_COLUMN, ParseOptions, RawSink, Reject, TableDef
from seized.ingest.charset import likely
from seized.ingest.lines import TextLines
from seized.ingest.stream import open_stream

CSV_SUFFIXES = (".csv", ".tsv")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSED_SUFFIXES = (".gz", ".zst", ".zstd")


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
        candidates = sorted(p for p in path.iterdir() if p.is_file() and kind_of(p) in suffixes)
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


def kind_of(path: Path) -> str:
    """The format suffix of a file name, behind a compression suffix: ``.csv``, ``.jsonl``."""
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


@contextmanager
def text_lines(path: Path, options: ParseOptions) -> Iterator[TextLines]:
    """The decoded lines of one file, in the evidence's encoding."""
    with open_stream(path) as stream:
        yield TextLines(
            stream,
            options.encoding,
            path,
            keep_going=options.keep_going,
            progress=options.progress,
            hint=likely,
        )


class Batches:
    """Rows of one table gathered into Arrow batches for the sink."""

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


class TabularFile:
    """One file becoming one raw table."""

    def __init__(self, path: Path, table: str, sink: RawSink, options: ParseOptions) -> None:
        self.path = path
        self.table = table
        self.sink = sink
        self.options = options

    def fail(self, reason: str, line: int, offset: int | None, raw: str) -> None:
        """A record that cannot be read: an error, or with keep-going a reject."""
        if not self.options.keep_going:
            raise InputError(reason, self.path, line=line, offset=offset)
        reject = Reject(self.table, f"{self.path.name}: {reason}", line, offset, raw[:1000])
        self.sink.reject(reject)


def column_names(header: list[str], path: Path) -> list[str]:
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
