"""Each row of a mysqldump has its own position: the byte offset of its "(" in the dump, on the
fast paths and the exact one, in UTF-8, latin-1 and UTF-16 dumps, so that a mapping keyed on
``_seized_pos`` loads with unique keys (982 rows of one extended INSERT shared one line before)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.factories import new_case
from tests.ingest.mysql.support import run

from seized.ingest.stage import IngestOptions, ingest_stage
from seized.register import add_evidence, set_mapping

TITLES = ["Café synthétique", "Crème brûlée", "Blütenstaub (Qualität)", 'it\'s, "quoted"', "x"]
HEAD = (
    "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
    "/*!40101 SET NAMES utf8mb4 */;\n"
    "DROP TABLE IF EXISTS `tbl_listings`;\n"
    "CREATE TABLE `tbl_listings` (\n  `id` int NOT NULL,\n  `title` varchar(255),\n"
    "  `vendor_id` int,\n  `price` decimal(16,8),\n  PRIMARY KEY (`id`)\n"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
    "LOCK TABLES `tbl_listings` WRITE;\n"
)


def _row(i: int) -> str:
    title = TITLES[i % len(TITLES)].replace("\\", "\\\\").replace("'", "\\'")
    return f"({i},'{title} #{i}',{i % 37},{i / 1000:.8f})"


def write_dump(path: Path, *, encoding: str = "utf-8", style: str = "extended") -> list[int]:
    """982 rows in one extended INSERT, then 18 in INSERTs of one, two and three rows (or, for
    style "spaced", phpMyAdmin's form with a row on each line); the rows' offsets in the file."""
    codec = "utf-16-le" if encoding == "utf-16" else encoding
    data = bytearray(b"\xff\xfe" if encoding == "utf-16" else b"")
    offsets: list[int] = []

    def write(text: str) -> None:
        data.extend(text.encode(codec))

    def rows(numbers: range, start: str, join: str, end: str) -> None:
        write(start)
        for n, i in enumerate(numbers):
            if n:
                write(join)
            offsets.append(len(data))
            write(_row(i))
        write(end)

    write(HEAD)
    head = "INSERT INTO `tbl_listings` VALUES "
    if style == "spaced":
        rows(range(1, 983), head + "\n", ",\n", ";\n")
    else:
        rows(range(1, 983), head, ",", ";\n")
    number = 983
    for size in (1, 2, 3, 1, 2, 3, 1, 2, 3):
        rows(range(number, number + size), head, ",", ";\n")
        number += size
    write("UNLOCK TABLES;\n-- Dump completed on 2024-03-01 12:00:00\n")
    path.write_bytes(bytes(data))
    return offsets


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("style", ["extended", "spaced"])
@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_every_row_has_its_own_offset(
    tmp_path: Path, fast: bool, style: str, encoding: str
) -> None:
    dump = tmp_path / "market.sql"
    offsets = write_dump(dump, encoding=encoding, style=style)
    rows = run(dump, fast=fast, encoding=encoding).rows("tbl_listings")
    assert len(rows) == 1000
    assert [r["_seized_pos"] for r in rows] == offsets
    assert rows[0]["title"] == "Crème brûlée #1" and rows[1]["title"] == "Blütenstaub (Qualität) #2"
    text = dump.read_bytes()
    for row in rows[:50] + rows[-20:]:
        at = int(str(row["_seized_pos"]))
        assert text[at:].startswith(f"({row['id']},'".encode())


def test_a_row_the_fast_paths_refuse_keeps_its_offset(tmp_path: Path) -> None:
    dump = tmp_path / "market.sql"
    offsets = write_dump(dump)
    text = dump.read_bytes()
    at = offsets[500]
    hexed = text[:at] + text[at:].replace(b",0.50100000)", b",0x41)", 1)  # a hex literal
    dump.write_bytes(hexed)
    rows = run(dump).rows("tbl_listings")
    assert [r["_seized_pos"] for r in rows] == offsets[:501] + [
        o - len(",0.50100000)") + len(",0x41)") for o in offsets[501:982]
    ] + [o - 6 for o in offsets[982:]]


def test_utf16_dump_rows_have_distinct_positions(tmp_path: Path) -> None:
    dump = tmp_path / "market.sql"
    write_dump(dump, encoding="utf-16")
    rows = run(dump).rows("tbl_listings")
    assert len(rows) == 1000 and rows[0]["title"] == "Crème brûlée #1"
    positions = [r["_seized_pos"] for r in rows]
    assert len(set(positions)) == 1000 and positions == sorted(positions)  # type: ignore[type-var]


def test_a_mapping_keyed_on_seized_pos_loads_with_unique_keys(tmp_path: Path) -> None:
    dump = tmp_path / "market.sql"
    offsets = write_dump(dump)
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "mapping: 1\nsoftware: tbl\ntables:\n  listings:\n    source: tbl_listings\n"
        "    key: _seized_pos\n    select: |\n"
        "      SELECT id AS native_id, vendor_id, title, price, 'BTC' AS currency, _seized_pos\n"
        "      FROM tbl_listings\n",
        encoding="utf-8",
    )
    case = new_case(tmp_path)
    add_evidence(case, [dump], market="tbl")
    set_mapping(case, "tbl", str(mapping))
    ingest_stage(case, IngestOptions())
    with case.connect(read_only=True) as con:
        keys = con.execute("SELECT raw_key FROM listings ORDER BY raw_key::BIGINT").fetchall()
    assert [int(k) for (k,) in keys] == offsets
