"""Evidence files: streaming SHA-256, format detection and the text encoding of dumps."""

from __future__ import annotations

import codecs
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from seized.errors import InputError, UserError
from seized.ingest.charset import Guess, codec_name, guess_file
from seized.ingest.stream import open_stream, read_head
from seized.vocabulary import PGP_ARMOR

__all__ = ["Guess", "codec_name"]  # and what is defined here

CHUNK = 1 << 20

TABULAR_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
COMPRESSED = (".gz", ".zst")
#: dump formats that are text, whose encoding is recorded with the evidence
TEXT_FORMATS = ("mysql", "postgres", "csv", "jsonl")


@dataclass(frozen=True)
class FileHash:
    path: Path
    sha256: str
    bytes: int


def sha256_file(path: Path) -> FileHash:
    """SHA-256 of a file, read in 1 MiB chunks (never the whole file in memory)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileHash(path, digest.hexdigest(), size)


def evidence_files(path: Path) -> list[Path]:
    """The files that make up one piece of evidence: the file itself, or a directory's files.

    A symbolic link inside a directory is refused: followed, it would bring in a file from
    anywhere on the machine (``users.csv -> /etc/passwd``) under the directory's name."""
    if path.is_dir():
        found = []
        for item in sorted(path.rglob("*")):
            if item.is_symlink():
                raise InputError(
                    f"a symbolic link (to {_link_target(item)}) inside the evidence directory "
                    f"{path}: seized does not follow links in evidence",
                    item,
                    hint="copy the file it points to into the directory, or register that "
                    "file as evidence of its own",
                )
            if item.is_file():
                found.append(item)
        return found
    return [path]


def _link_target(path: Path) -> str:
    try:
        return str(path.readlink())
    except OSError:
        return "?"


def registered_path(path: Path) -> Path:
    """The absolute path evidence is registered under: a symbolic link's own path (its
    directory resolved), so that the link's name and the market it names are kept; any other
    path fully resolved."""
    if path.is_symlink():
        return path.absolute().parent.resolve() / path.name
    return path.resolve()


def link_target(path: Path) -> str | None:
    """Where a symbolic link points in the end (None for anything else)."""
    return str(path.resolve()) if path.is_symlink() else None


def hash_evidence(path: Path) -> tuple[str, int, list[FileHash]]:
    """SHA-256 and size of a file, or of a directory (over its files' relative paths and hashes)."""
    if not path.exists():
        raise UserError(f"{path}: no such file or directory")
    files = [sha256_file(p) for p in evidence_files(path)]
    if not path.is_dir():
        return files[0].sha256, files[0].bytes, files
    manifest = hashlib.sha256()
    for item in files:
        manifest.update(f"{item.path.relative_to(path).as_posix()}\0{item.sha256}\n".encode())
    return manifest.hexdigest(), sum(f.bytes for f in files), files


def files_fingerprint(paths: list[Path], *, content: bool = True) -> str:
    """SHA-256 over files' content hashes, or (``content=False``, for chain data that is often
    huge) their names, sizes and modification times; directories stand for the files under
    them, a missing path for itself."""
    parts: list[list[object]] = []
    for path in paths:
        for item in evidence_files(path) if path.exists() else [path]:
            if not item.exists():
                parts.append([str(item), None])
            elif content:
                parts.append([str(item), sha256_file(item).sha256])
            else:
                info = item.stat()
                parts.append([str(item), info.st_size, info.st_mtime_ns])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _tabular_kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in COMPRESSED:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return TABULAR_SUFFIXES.get(Path(name).suffix)


def _unicode_of(head: bytes) -> str:
    """UTF-16 or UTF-32 when a byte order mark says so (as Windows tools write text), else
    UTF-8."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def detect_encoding(path: Path, fmt: str) -> Guess | None:
    """The text encoding of a dump of format ``fmt`` (None for a format that is not text, or
    bytes that are not text), from samples of its files (see :mod:`seized.ingest.charset`)."""
    if fmt not in TEXT_FORMATS:
        return None
    if path.is_dir():
        files = [
            p
            for p in sorted(path.iterdir())
            if p.is_file() and not p.is_symlink() and _tabular_kind(p) == fmt
        ]
    else:
        files = [path]
    return guess_file(files)


def detect_format(path: Path) -> tuple[str, str]:
    """(kind, format) of a piece of evidence, from its content (and names for CSV/JSON lines).

    kind is dump | keys | chain | tagpack | other; format is mysql | postgres | sqlite | csv |
    jsonl for dumps, and a short word otherwise.
    """
    if path.is_dir():
        kinds = {_tabular_kind(p) for p in evidence_files(path)} - {None}
        if kinds == {"csv"}:
            return "dump", "csv"
        if kinds == {"jsonl"}:
            return "dump", "jsonl"
        if any(p.name.startswith("blk") and p.suffix == ".dat" for p in evidence_files(path)):
            return "chain", "blk"
        return "other", "directory"
    with open_stream(path) as stream:
        head = read_head(stream, 65536)  # the start only: a damaged tail is for the ingest
    if head.startswith(b"SQLite format 3\x00"):
        return "dump", "sqlite"
    if head[:4] in (b"\xf9\xbe\xb4\xd9", b"\xfa\xbf\xb5\xda", b"\x0b\x11\x09\x07"):
        return "chain", "blk"
    text = head.decode(_unicode_of(head), errors="replace")
    if text.lstrip().startswith(PGP_ARMOR):
        return "keys", "pgp-armored"
    tabular = _tabular_kind(path)
    if tabular:
        return "dump", tabular
    lowered = text.lower()
    if "-- mysql dump" in lowered or "-- mariadb dump" in lowered or "lock tables `" in lowered:
        return "dump", "mysql"
    if "postgresql database dump" in lowered or " from stdin;" in lowered:
        return "dump", "postgres"
    if "create table `" in lowered or "insert into `" in lowered:
        return "dump", "mysql"
    if "create table public." in lowered or "set search_path" in lowered:
        return "dump", "postgres"
    if "tags:" in text and ("label:" in text or "address:" in text):
        return "tagpack", "graphsense"
    if path.suffix.lower() in (".gpg", ".pgp", ".asc", ".key"):
        return "keys", "pgp-binary"
    return "other", "unknown"
