"""An encoding belongs to the evidence: recorded (given or detected) at `seized add`, kept in the
custody log, and the one the ingest reads that evidence in, whatever else the run is told."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.factories import new_case

from seized.case import Case
from seized.errors import UserError
from seized.ingest.stage import IngestOptions, ingest_stage
from seized.register import add_evidence

from .exports import TITLES, listing_rows, write_export


def _raw(case: Case, sql: str) -> list[tuple[object, ...]]:
    with case.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


def test_add_detects_records_and_logs_the_encoding(tmp_path: Path) -> None:
    mac = write_export(tmp_path / "mac.csv", listing_rows(200), encoding="mac_roman", ending="cr")
    case = new_case(tmp_path)
    [added] = add_evidence(case, [mac.path], market="silk")
    assert added.reading.encoding == "mac-roman" and added.reading.source == "detected"
    assert added.reading.confidence is not None and added.reading.confidence >= 0.7
    assert _raw(case, "SELECT encoding, encoding_source, csv_header FROM evidence") == [
        ("mac-roman", "detected", None)
    ]
    entry = case.custody.entries()[-1]
    assert entry["action"] == "add"
    assert entry["details"]["encoding"] == "mac-roman"
    assert entry["details"]["encoding_source"] == "detected"
    assert entry["details"]["encoding_confidence"] == added.reading.confidence


def test_ingest_encoding_never_re_decodes_evidence_that_has_one(tmp_path: Path) -> None:
    """`seized ingest --encoding mac_roman` turned the UTF-8 "synthétique" into "synth√©tique"."""
    utf8 = write_export(tmp_path / "utf8.csv", listing_rows(100), encoding="utf-8", ending="lf")
    mac = write_export(tmp_path / "mac.csv", listing_rows(100), encoding="mac_roman", ending="cr")
    case = new_case(tmp_path)
    add_evidence(case, [utf8.path], market="scrape")
    add_evidence(case, [mac.path], market="excel")
    result = ingest_stage(case, IngestOptions(encoding="mac_roman"))
    titles = _raw(
        case,
        "SELECT title FROM raw_scrape.utf8 WHERE listing_id = '1001' "
        "UNION ALL SELECT title FROM raw_excel.mac WHERE listing_id = '1001'",
    )
    assert titles == [("Crème brûlée façon maison",), ("Crème brûlée façon maison",)]
    messages = [m for part in result.parts for m in part.messages]
    assert any(
        "evidence #1 utf8.csv is read as utf-8" in m and "--encoding mac_roman applies only" in m
        for m in messages
    )
    assert not any("evidence #2" in m for m in messages)  # mac-roman is mac_roman
    counts = _raw(case, "SELECT table_name, rows_stored, rows_rejected FROM raw_tables ORDER BY 1")
    assert counts == [("mac", 100, 0), ("utf8", 100, 0)]


def test_given_encoding_and_csv_options_are_recorded(tmp_path: Path) -> None:
    export = write_export(
        tmp_path / "w.csv", listing_rows(30), encoding="cp1252", ending="crlf", header=False
    )
    case = new_case(tmp_path)
    columns = ["id", "title", "vendor", "price", "category", "sold", "origin"]
    [added] = add_evidence(case, [export.path], market="w", encoding="cp1252", columns=columns)
    assert added.reading.source == "given"
    assert _raw(case, "SELECT encoding, encoding_source, csv_columns FROM evidence") == [
        ("cp1252", "given", columns)
    ]
    assert case.custody.entries()[-1]["details"]["csv_columns"] == columns
    ingest_stage(case, IngestOptions())
    assert _raw(case, "SELECT count(*), count(origin) FROM raw_w.w") == [(30, 15)]
    assert _raw(case, "SELECT vendor FROM raw_w.w WHERE id = '1002'") == [("Øyvind",)]


def test_wrong_options_are_refused_before_anything_is_recorded(tmp_path: Path) -> None:
    export = write_export(tmp_path / "w.csv", listing_rows(5), encoding="utf-8", ending="lf")
    dump = tmp_path / "d.sql"
    dump.write_text("-- MySQL dump 10.13\nCREATE TABLE `t` (`id` int);\n", encoding="utf-8")
    case = new_case(tmp_path)
    with pytest.raises(UserError, match="unknown text encoding 'klingon'"):
        add_evidence(case, [export.path], market="w", encoding="klingon")
    with pytest.raises(UserError, match="for CSV evidence"):
        add_evidence(case, [dump], market="w", header=False)
    with pytest.raises(UserError, match="names a column twice"):
        add_evidence(case, [export.path], market="w", columns=["a", "A"])
    assert _raw(case, "SELECT count(*) FROM evidence") == [(0,)]


def test_a_directory_of_files_in_two_encodings_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "scrape"
    folder.mkdir()
    write_export(folder / "a.csv", listing_rows(20), encoding="utf-8", ending="lf")
    write_export(folder / "b.csv", listing_rows(20), encoding="mac_roman", ending="cr")
    (folder / "c.csv").write_text("id,name\n1,ascii only\n", encoding="ascii")
    case = new_case(tmp_path)
    with pytest.raises(UserError, match=r"not in one encoding: a\.csv .* b\.csv"):
        add_evidence(case, [folder], market="s")
    [added] = add_evidence(case, [folder], market="s", encoding="utf-8")  # the user decides
    assert added.reading.encoding == "utf-8"


def test_add_states_the_detected_encoding_and_its_confidence(tmp_path: Path) -> None:
    export = write_export(
        tmp_path / "listings.csv", listing_rows(200), encoding="cp1252", ending="crlf"
    )
    case = new_case(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "seized.cli", "add", str(case.root), str(export.path),
         "--market", "w"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "encoding cp1252 (detected, confidence 0.75; cp1250 would read it otherwise)" in (
        done.stdout
    )
    assert "seized evidence withdraw" in done.stdout


def _blob(data: bytes) -> bytes:
    """Bytes as mysqldump writes a BLOB without --hex-blob: raw, a few bytes escaped."""
    escapes = {0: b"\\0", 10: b"\\n", 13: b"\\r", 26: b"\\Z", 39: b"\\'", 92: b"\\\\", 34: b'\\"'}
    return b"".join(escapes.get(b, bytes([b])) for b in data)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_binary_values_in_a_dump_do_not_decide_its_encoding(tmp_path: Path, encoding: str) -> None:
    import random

    rng = random.Random(3)
    titles = [t.replace("'", "") for t in TITLES]
    rows = b",".join(
        f"({i},'{titles[i % len(titles)]}','".encode(encoding) + _blob(rng.randbytes(32)) + b"')"
        for i in range(300)
    )
    path = tmp_path / "items.sql"
    path.write_bytes(
        b"-- MySQL dump 10.13  Distrib 5.7.44, for Linux (x86_64)\n"
        b"CREATE TABLE `items` (`id` int, `title` varchar(99), `hash` binary(32));\n"
        b"INSERT INTO `items` VALUES " + rows + b";\n"
    )
    case = new_case(tmp_path)
    [added] = add_evidence(case, [path], market="m")
    assert added.reading.encoding == encoding
    ingest_stage(case, IngestOptions())
    assert _raw(case, "SELECT count(*), min(title) FROM raw_m.items WHERE id = 11") == [
        (1, "Crème brûlée façon maison")
    ]
    assert _raw(case, "SELECT count(*) FROM raw_m.items WHERE octet_length(hash) = 32") == [(300,)]


def test_detection_reads_long_lines_in_linear_time(tmp_path: Path) -> None:
    """One extended INSERT line of 4 MB (a pattern that backtracked over whole lines took
    minutes per file before)."""
    import time

    from seized.ingest.charset import guess_file

    path = tmp_path / "long.sql"
    row = "(1,'message: it\\'s a test, with (parens), commas and a tail')"
    path.write_text(
        "INSERT INTO `m` VALUES " + ",".join([row] * 65_000) + ";\n" + "(2,'Zoë')\n",
        encoding="utf-8",
    )
    began = time.process_time()
    guess = guess_file([path])
    assert guess is not None and guess.encoding == "utf-8"
    assert time.process_time() - began < 2
