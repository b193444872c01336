"""Registering evidence and setting market mappings (`seized add`, `seized mapping set`)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from seized.case import Case, check_market_name
from seized.db import first, transaction
from seized.errors import UserError
from seized.evidence import (
    TEXT_FORMATS,
    Guess,
    codec_name,
    detect_encoding,
    detect_format,
    hash_evidence,
    link_target,
    registered_path,
)


@dataclass(frozen=True)
class Reading:
    """How a dump is read, recorded with it: its text encoding (given, or detected with a
    confidence) and, for CSV, whether the first row is a header and the column names."""

    encoding: str | None = None
    source: str | None = None  # given | detected
    confidence: float | None = None
    guess: Guess | None = None
    header: bool | None = None  # None: detected when the file is read
    columns: tuple[str, ...] | None = None

    def describe(self) -> str:
        if self.encoding is None:
            return "encoding not detected (NUL bytes, and no byte order mark)"
        if self.guess is not None:
            text = f"encoding {self.guess.describe()}"
        else:
            text = f"encoding {self.encoding} (given)"
        if self.columns:
            text += f", columns {', '.join(self.columns)}"
        if self.header is not None:
            text += ", header row" if self.header else ", no header row"
        return text


@dataclass(frozen=True)
class Registered:
    evidence_id: int
    path: Path
    sha256: str
    bytes: int
    kind: str
    format: str
    market: str | None
    reading: Reading = Reading()


def market_from_path(path: Path) -> str:
    stem = path.name.split(".")[0].lower()
    name = re.sub(r"[^a-z0-9_]+", "_", stem).strip("_") or "market"
    if not name[0].isalpha():
        name = "m_" + name
    return name[:40]


def raw_schema_of(market: str) -> str:
    return f"raw_{market}"


def add_evidence(
    case: Case,
    paths: list[Path],
    *,
    market: str | None = None,
    mapping: str | None = None,
    fmt: str | None = None,
    encoding: str | None = None,
    header: bool | None = None,
    columns: list[str] | None = None,
) -> list[Registered]:
    """Hash each file (before anything else reads it), record it, and log the custody entry.

    A text dump is recorded with its encoding: ``encoding`` when given, else the one detected
    from samples of it (with the detection's confidence). A CSV dump may be recorded with
    ``header`` (whether its first row names the columns; None: detected when it is read) and
    ``columns`` (the column names; the first row is then data unless ``header``).
    """
    if encoding is not None and codec_name(encoding) is None:
        raise UserError(f"unknown text encoding {encoding!r}; e.g. utf-8, cp1252, mac_roman")
    out: list[Registered] = []
    for path in paths:
        path = registered_path(path)  # a link keeps its own name; its target is logged
        target = link_target(path)
        sha, size, files = hash_evidence(path)  # first: nothing reads the file before this
        kind, detected = detect_format(path)
        if fmt:
            kind, detected = "dump", fmt
        if market is not None and kind != "dump":
            raise UserError(
                f"{path}{f' (a link to {target})' if target else ''} is not a market dump "
                f"(it reads as {kind}/{detected}), so --market {market} cannot apply; if it is "
                "a dump, name its format with --format"
            )
        _check_csv_options(path, detected if kind == "dump" else kind, header, columns)
        reading = _reading(path, kind, detected, encoding, header, columns)
        mkt = None
        if kind == "dump":
            mkt = check_market_name(market or market_from_path(path))
        with case.connect() as con:
            dup = con.execute(
                "SELECT evidence_id FROM evidence WHERE sha256 = ? AND path = ? "
                "AND withdrawn_at IS NULL",
                [sha, str(path)],
            ).fetchone()
            if dup:
                raise UserError(f"{path} is already registered as evidence #{dup[0]}")
            row = con.execute("SELECT coalesce(max(evidence_id), 0) + 1 FROM evidence").fetchone()
            evidence_id = int(row[0]) if row else 1
            con.execute("BEGIN TRANSACTION")
            con.execute(
                "INSERT INTO evidence (evidence_id, path, name, sha256, bytes, kind, format, "
                "market, added_at, added_by, encoding, encoding_source, encoding_confidence, "
                "csv_header, csv_columns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?, ?, ?)",
                [evidence_id, str(path), path.name, sha, size, kind, detected, mkt, case.actor,
                 reading.encoding, reading.source, reading.confidence, reading.header,
                 list(reading.columns) if reading.columns else None],
            )  # fmt: skip
            if mkt is not None:
                con.execute(
                    "INSERT INTO markets (market_id, name, raw_schema) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    [mkt, mkt, raw_schema_of(mkt)],
                )
            case.record_checksums(con, ["evidence", "markets"])
            inputs = [{"path": str(f.path), "sha256": f.sha256, "bytes": f.bytes} for f in files]
            case.queue_entry(
                con,
                "add",
                inputs=inputs,
                outputs={"evidence": 1},
                details={
                    "evidence_id": evidence_id,
                    "sha256": sha,
                    "kind": kind,
                    "format": detected,
                    "market": mkt,
                    **_reading_details(reading),
                    **({"link_target": target} if target else {}),
                },
            )
            con.execute("COMMIT")  # the row, its digests and its custody entry together
            case.append_pending(con)
        out.append(Registered(evidence_id, path, sha, size, kind, detected, mkt, reading))
        if mkt is not None and mapping is not None:
            set_mapping(case, mkt, mapping)
    return out


def _check_csv_options(
    path: Path, fmt: str, header: bool | None, columns: list[str] | None
) -> None:
    if (header is not None or columns) and fmt != "csv":
        raise UserError(
            f"{path.name}: --header, --no-header and --columns are for CSV evidence, and this "
            f"is {fmt}"
        )
    if columns is not None:
        if not columns or any(not c.strip() for c in columns):
            raise UserError("--columns needs a name for every column, e.g. --columns id,title")
        if len({c.lower() for c in columns}) < len(columns):
            raise UserError(f"--columns names a column twice: {', '.join(columns)}")


def _reading(
    path: Path,
    kind: str,
    fmt: str,
    encoding: str | None,
    header: bool | None,
    columns: list[str] | None,
) -> Reading:
    """How the dump at ``path`` is to be read: what was given, else what is detected."""
    if kind != "dump" or fmt not in TEXT_FORMATS:
        if encoding is not None:
            raise UserError(f"{path.name}: --encoding is for text dumps, and this is {kind}/{fmt}")
        return Reading()
    given = tuple(columns) if columns else None
    if encoding is not None:
        return Reading(codec_name(encoding), "given", None, None, header, given)
    guess = detect_encoding(path, fmt)
    if guess is None:  # NUL bytes: the ingest will say what is wrong, and where
        return Reading(None, None, None, None, header, given)
    return Reading(guess.encoding, "detected", guess.confidence, guess, header, given)


def _reading_details(reading: Reading) -> dict[str, object]:
    details: dict[str, object] = {}
    if reading.encoding is not None:
        details["encoding"] = reading.encoding
        details["encoding_source"] = reading.source
        if reading.guess is not None:
            details["encoding_confidence"] = reading.confidence
            details["encoding_reason"] = reading.guess.reason
            if reading.guess.others:
                details["encoding_others"] = list(reading.guess.others)
    if reading.header is not None:
        details["csv_header"] = reading.header
    if reading.columns:
        details["csv_columns"] = list(reading.columns)
    return details


def evidence_for(case: Case, path: Path) -> tuple[int, str]:
    """(evidence id, SHA-256) of a file or directory, registered now unless the same content at
    the same path is registered already: for inputs a stage reads (key files, tag packs, chain
    data), hashed and logged before the stage reads them."""
    path = path.resolve()
    sha, _, _ = hash_evidence(path)
    with case.connect() as con:  # as a running stage's connection is: DuckDB wants the same
        known = first(
            con,
            "SELECT evidence_id FROM evidence WHERE path = ? AND sha256 = ? "
            "AND withdrawn_at IS NULL",
            [str(path), sha],
        )
    if known is not None:
        return int(known), sha
    return add_evidence(case, [path])[0].evidence_id, sha


def set_mapping(case: Case, market: str, name_or_path: str) -> str:
    """Copy a mapping (a file or a built-in name) into the case and attach it to a market.

    The market records the copy's path relative to the case directory (so the case can move)
    and its SHA-256: the ingest refuses a copy whose bytes changed afterwards.
    """
    from seized.mapping import case_mapping_path, parse_mapping, resolve_mapping

    found = resolve_mapping(name_or_path)
    data = Path(found.path).read_bytes()
    mapping = parse_mapping(data, found.path)  # the bytes copied are the bytes checked
    sha = hashlib.sha256(data).hexdigest()
    relative = case_mapping_path(market)
    target = case.root / relative
    with case.connect() as con:
        row = con.execute("SELECT market_id FROM markets WHERE market_id = ?", [market]).fetchone()
        if row is None:
            raise UserError(
                f"no market {market!r} in this case; register its dump first: seized add"
            )
        target.write_bytes(data)
        with transaction(con):  # the change, its digest and its custody entry together
            con.execute(
                "UPDATE markets SET software = ?, mapping_path = ?, mapping_sha256 = ? "
                "WHERE market_id = ?",
                [mapping.software, relative, sha, market],
            )
            case.record_checksums(con, ["markets"])
            case.queue_entry(
                con,
                "mapping.set",
                inputs=[{"path": mapping.path, "sha256": sha}],
                details={"market": market, "software": mapping.software},
            )
        case.append_pending(con)
    return sha
