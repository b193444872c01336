"""Exports as units receive them: Mac Roman with CR, cp1252 with CRLF, UTF-16 with a byte order
mark, UTF-8, mixed line endings, no header row, a last field left out on half the rows.

Each is registered the way `seized add` does it (its encoding detected from its bytes) and read
with exact row counts, exact text and a position that names one row."""

from __future__ import annotations

from pathlib import Path

import pytest

from seized.errors import InputError
from seized.ingest.base import POS_COLUMN, ParseOptions, Source
from seized.ingest.charset import guess_file
from seized.ingest.tabular import parse_csv

from .collect import Collect
from .exports import COLUMNS, ENCODINGS, Export, listing_rows, write_export

ROWS = 1200


def read(export: Export, **options: object) -> tuple[Collect, str]:
    """The export read as the ingest reads it: in the encoding detected at registration."""
    guess = guess_file([export.path])
    assert guess is not None
    sink = Collect()
    parse_csv(Source(export.path), sink, ParseOptions(encoding=guess.encoding, **options))  # type: ignore[arg-type]
    return sink, guess.encoding


def starts_with(export: Export, position: int, text: str) -> bool:
    """Whether the file's bytes at ``position`` are ``text`` in the export's encoding."""
    codec = "utf-16-le" if export.encoding == "utf-16" else export.encoding
    encoded = text.encode(codec)
    return export.path.read_bytes()[position : position + len(encoded)] == encoded


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("ending", ["cr", "crlf", "lf", "mixed"])
@pytest.mark.parametrize("header", [True, False])
def test_export_reads_exactly(tmp_path: Path, encoding: str, ending: str, header: bool) -> None:
    export = write_export(
        tmp_path / "listings.csv", listing_rows(ROWS), encoding=encoding, ending=ending,
        header=header,
    )  # fmt: skip
    sink, detected = read(export)
    assert detected == ENCODINGS[encoding]
    table = sink.table("listings")
    assert table.column_names == (COLUMNS if header else [f"column_{i}" for i in range(1, 8)])
    rows = sink.rows("listings")
    assert len(rows) == ROWS and sink.rejects == []
    names = table.column_names
    values = [[r[n] for n in names] for r in rows]
    # every row as written, the left-out last field NULL
    assert values == [row + [None] * (7 - len(row)) for row in export.rows]
    by_id = {r[names[0]]: r for r in rows}
    assert by_id["1001"][names[1]] == "Crème brûlée façon maison"
    assert by_id["1002"][names[1]] == "Blütenstaub – Qualität “premium”"
    assert by_id["1003"][names[1]] == 'Jürgen\'s "Spezial", 5g'
    assert by_id["1008"][names[1]] == "Zoë’s mix, 2 g"
    assert by_id["1009"][names[1]] == "Prix: 12 € le gramme"
    assert by_id["1001"][names[6]] == "España" and by_id["1002"][names[6]] is None
    assert by_id["1002"][names[2]] == "Øyvind" and by_id["1015"][names[4]] == "Opioïdes"
    # each position is where its row starts in the file, and names that row alone
    positions = [r[POS_COLUMN] for r in rows]
    assert positions == export.offsets
    assert all(starts_with(export, p, r[names[0]]) for p, r in zip(positions, rows, strict=True))
    notes = " ".join(sink.notes)
    assert f"600 of {ROWS:,} rows have fewer fields than the 7 columns" in notes
    assert ("no header row" in notes) is not header


def test_scrape_export_of_half_short_rows_loads_every_row(tmp_path: Path) -> None:
    """The listings export that lost 7,001 of 14,772 rows ("6 fields where the header has 7")."""
    rows = listing_rows(14_772)
    export = write_export(tmp_path / "listings.csv", rows, encoding="mac_roman", ending="cr")
    sink, _ = read(export, batch_rows=5000)
    loaded = sink.rows("listings")
    assert len(loaded) == 14_772 and not sink.rejects
    assert sum(r["ships_from"] is None for r in loaded) == 7386


def test_cr_only_file_with_keep_going_is_not_empty(tmp_path: Path) -> None:
    export = write_export(tmp_path / "l.csv", listing_rows(50), encoding="mac_roman", ending="cr")
    sink, _ = read(export, keep_going=True)
    assert len(sink.rows("l")) == 50 and not sink.rejects


def test_a_row_wider_than_the_header_is_still_bad(tmp_path: Path) -> None:
    rows = [row if len(row) == 7 else [*row, "France"] for row in listing_rows(40)]
    rows[30] = [*rows[30], "an extra field"]
    export = write_export(tmp_path / "l.csv", rows, encoding="utf-8", ending="crlf")
    with pytest.raises(InputError, match="8 fields where the header has 7") as info:
        read(export)
    assert info.value.line == 32 and info.value.offset == export.offsets[30]
    sink, _ = read(export, keep_going=True)
    assert len(sink.rows("l")) == 39
    assert [(r.line, r.offset) for r in sink.rejects] == [(32, export.offsets[30])]


def test_rows_that_vary_more_than_at_the_end_are_not_padded(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n1,2,3\n4\n5,6,7,8\n9,10\n", encoding="utf-8")
    sink = Collect()
    parse_csv(Source(path), sink, ParseOptions(keep_going=True))
    assert [r["a"] for r in sink.rows("t")] == ["1"]
    assert [r.raw_text for r in sink.rejects] == ["4", "5,6,7,8", "9,10"]


def test_header_given_with_the_evidence(tmp_path: Path) -> None:
    export = write_export(
        tmp_path / "l.csv", listing_rows(20), encoding="cp1252", ending="crlf", header=False
    )
    names = ("id", "title", "vendor", "price", "cat", "sold", "origin")
    sink, _ = read(export, columns=names)
    assert sink.table("l").column_names == list(names)
    assert len(sink.rows("l")) == 20 and sink.rows("l")[0]["title"] == "Crème brûlée façon maison"
    # --no-header on a file that has one reads the header row as data
    with_header = write_export(tmp_path / "h.csv", listing_rows(20), encoding="cp1252", ending="lf")
    sink, _ = read(with_header, header=False)
    assert len(sink.rows("h")) == 21 and sink.rows("h")[0]["column_1"] == "listing_id"


def test_bytes_not_in_the_encoding_name_the_encoding_they_look_like(tmp_path: Path) -> None:
    export = write_export(tmp_path / "l.csv", listing_rows(300), encoding="mac_roman", ending="cr")
    sink = Collect()
    with pytest.raises(InputError, match="invalid utf-8 bytes") as info:
        parse_csv(Source(export.path), sink, ParseOptions(encoding="utf-8"))
    assert info.value.line == 2 and info.value.offset == export.offsets[0] + len("1001,Cr")
    assert "mac-roman" in str(info.value) and "--encoding mac-roman" in str(info.value)
    assert "latin-1" not in str(info.value)


def test_utf16_with_a_bad_sequence(tmp_path: Path) -> None:
    export = write_export(tmp_path / "l.csv", listing_rows(10), encoding="utf-16", ending="crlf")
    data = bytearray(export.path.read_bytes())
    at = export.offsets[4]
    data[at : at + 2] = b"\x00\xdc"  # a lone low surrogate where row 5 starts
    export.path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="invalid utf-16 bytes") as info:
        read(export)
    assert info.value.offset == at and info.value.line == 6
    sink, _ = read(export, keep_going=True)
    assert len(sink.rows("l")) == 9 and [r.line for r in sink.rejects] == [6]


def test_an_endless_line_is_refused_where_it_starts(tmp_path: Path) -> None:
    from seized.ingest.lines import TextLines

    path = tmp_path / "bomb.csv"
    path.write_bytes(b"a,b\n1,2\n" + b"x" * 5000)
    with path.open("rb") as stream, pytest.raises(InputError, match="longer than 4,096") as info:
        list(TextLines(stream, "utf-8", path, max_line=4096, chunk_bytes=1024))
    assert info.value.offset == 8 and info.value.line == 3
