"""Realistic exports for the ingest tests, written the way the tools that make them write.

A listings export of seven columns (a market scrape saved from a spreadsheet): Excel for Mac
writes Mac Roman with a lone CR after each line, Excel on Windows cp1252 with CRLF, "Unicode
Text" is UTF-16 with a byte order mark, and scrapers write UTF-8. Some exports have no header
row, and on about half of the rows the last, optional field (ships from) is left out entirely.
Every row's byte offset is recorded as it is written, so a test knows where each row starts.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = ["listing_id", "title", "vendor", "price_btc", "category", "sold", "ships_from"]

#: text every one of the encodings below can hold
TITLES = [
    "Café synthétique",
    "Crème brûlée façon maison",
    "Blütenstaub – Qualität “premium”",
    'Jürgen\'s "Spezial", 5g',
    "Naïve œuvre…",
    "Señor Verde 10 g",
    "Straße nach Ærøskøbing",
    "plain ascii listing",
    "Zoë’s mix, 2 g",
    "Prix: 12 € le gramme",
]
VENDORS = ["Jürgen", "Zoë", "Øyvind", "Señor", "françois", "björk_shop", "dealer99"]
CATEGORIES = ["Drogen/Cannabis", "Stimulants", "Ecstasy", "Opioïdes"]
COUNTRIES = ["Deutschland", "España", "Österreich", "Sverige", "France"]
ENCODINGS = {"mac_roman": "mac-roman", "cp1252": "cp1252", "utf-16": "utf-16", "utf-8": "utf-8"}
ENDINGS = {"cr": "\r", "crlf": "\r\n", "lf": "\n", "mixed": None}


@dataclass
class Export:
    path: Path
    encoding: str
    rows: list[list[str]]  # as written: six or seven fields
    offsets: list[int] = field(default_factory=list)  # where each row starts in the file
    header: bool = True

    def row(self, listing_id: str) -> list[str]:
        return next(r for r in self.rows if r[0] == listing_id)


def listing_rows(count: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(1, count + 1):
        row = [
            str(1000 + i),
            TITLES[i % len(TITLES)],
            VENDORS[i % len(VENDORS)],
            f"{rng.uniform(0.001, 2):.8f}",
            CATEGORIES[i % len(CATEGORIES)],
            f"{rng.randint(0, 500)} sold since Apr 12, 2017",
        ]
        if i % 2:  # ships-from absent on half the rows, not even an empty field
            row.append(COUNTRIES[i % len(COUNTRIES)])
        rows.append(row)
    return rows


def write_export(
    path: Path,
    rows: list[list[str]],
    *,
    encoding: str,
    ending: str,
    header: bool = True,
    seed: int = 2,
) -> Export:
    """Write ``rows`` (with the header first when ``header``) in ``encoding`` with line endings
    ``ending`` (cr, crlf, lf or mixed), recording each row's byte offset."""
    rng = random.Random(seed)
    unicode_text = encoding == "utf-16"
    data = bytearray(b"\xff\xfe" if unicode_text else b"")  # the byte order mark Excel writes
    codec = "utf-16-le" if unicode_text else encoding
    offsets = []
    for index, row in enumerate([COLUMNS, *rows] if header else rows):
        end = ENDINGS[ending] or rng.choice(["\r", "\r\n", "\n"])
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=end).writerow(row)
        if index or not header:
            offsets.append(len(data))
        data += buffer.getvalue().encode(codec)
    path.write_bytes(bytes(data))
    return Export(path, encoding, rows, offsets, header)
