"""pg_dump files as they reach a unit: written by PostgreSQL 14, saved as UTF-16 by a Windows
tool, a multi-row INSERT on one line, bytes in another encoding, and one endless line."""

from __future__ import annotations

from pathlib import Path

import pytest

from seized.errors import InputError
from seized.ingest import lines
from seized.ingest.base import POS_COLUMN, ParseOptions, Source
from seized.ingest.postgres import parse

from ..collect import Collect, line_starts

DUMP = """\
--
-- PostgreSQL database dump
--

-- Dumped from database version 14.11
-- Dumped by pg_dump version 14.11

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.vendors (
    id integer NOT NULL,
    name character varying(64),
    country text
);

COPY public.vendors (id, name, country) FROM stdin;
1\tJürgen\tDeutschland
2\tZoë\tFrance
3\tØyvind\t\\N
\\.

CREATE TABLE public.listings (
    id integer NOT NULL,
    title text
);

INSERT INTO public.listings VALUES (1, 'Café synthétique'), (2, 'Crème brûlée'), (3, 'x');
SET search_path = public; INSERT INTO public.listings VALUES (4, 'Blütenstaub');

--
-- PostgreSQL database dump complete
--
"""


def load(path: Path, **options: object) -> Collect:
    sink = Collect()
    parse(Source(path), sink, ParseOptions(**options))  # type: ignore[arg-type]
    return sink


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_rows_text_and_positions(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "market.sql"
    path.write_text(DUMP, encoding=encoding)  # Python writes UTF-16 with a byte order mark
    sink = load(path, encoding=encoding)
    vendors = sink.rows("vendors")
    assert [v["name"] for v in vendors] == ["Jürgen", "Zoë", "Øyvind"]
    assert vendors[2]["country"] is None
    listings = sink.rows("listings")
    assert [r["title"] for r in listings] == [
        "Café synthétique", "Crème brûlée", "x", "Blütenstaub"
    ]  # fmt: skip
    positions = [r[POS_COLUMN] for r in listings]
    assert len(set(positions)) == 4  # three rows on one line, each its own
    if encoding == "utf-8":
        text = path.read_bytes()
        starts = line_starts(text)
        assert [v[POS_COLUMN] for v in vendors] == [starts[19], starts[20], starts[21]]
        assert positions == [
            text.index(b"(1, 'Caf"), text.index(b"(2, 'Cr"), text.index(b"(3, 'x"),
            text.index(b"(4, 'Bl"),
        ]  # fmt: skip


def test_utf16_recorded_without_a_mark(tmp_path: Path) -> None:
    path = tmp_path / "market.sql"
    path.write_bytes(DUMP.encode("utf-16-le"))
    sink = load(path, encoding="utf-16-le")
    assert [v["name"] for v in sink.rows("vendors")] == ["Jürgen", "Zoë", "Øyvind"]


def test_bytes_in_another_encoding_name_it(tmp_path: Path) -> None:
    path = tmp_path / "market.sql"
    path.write_bytes(DUMP.encode("cp1252", errors="replace"))
    with pytest.raises(InputError, match="invalid utf-8 bytes") as info:
        load(path)
    assert info.value.line == 19
    assert "--encoding cp1252" in str(info.value) and "latin-1" not in str(info.value)
    assert [v["name"] for v in load(path, encoding="cp1252").rows("vendors")] == [
        "Jürgen", "Zoë", "Øyvind"
    ]  # fmt: skip


@pytest.mark.parametrize("where", ["copy", "statement"])
def test_an_endless_line_is_refused_at_its_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setattr(lines, "MAX_LINE_BYTES", 1 << 16)
    head = DUMP.split("COPY")[0] + ("COPY public.vendors (id, name, country) FROM stdin;\n"
                                    if where == "copy" else "")  # fmt: skip
    path = tmp_path / "bomb.sql"
    path.write_bytes(head.encode() + b"INSERT INTO x VALUES ('" * (where == "statement")
                     + b"A" * (1 << 20))  # fmt: skip
    with pytest.raises(InputError, match="longer than 65,536 bytes") as info:
        load(path)
    assert info.value.offset == len(head.encode())
    assert info.value.line == head.count("\n") + 1
