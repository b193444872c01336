"""pg_dump files: tables, types, keys, names, COPY and INSERT data."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from seized.ingest.base import POS_COLUMN, ParseOptions, Source
from seized.ingest.postgres import parse
from seized.ingest.postgres.column_types import duckdb_type

from ..collect import Collect, line_starts

FIXTURES = Path(__file__).parent / "fixtures"


def load(path: Path, **options: object) -> Collect:
    sink = Collect()
    parse(Source(path), sink, ParseOptions(**options))  # type: ignore[arg-type]
    return sink


def test_tables_types_and_keys() -> None:
    sink = load(FIXTURES / "basic.sql")
    users = sink.table("users")
    types = {c.name: c.type for c in users.columns}
    assert types == {
        "id": "INTEGER",
        "userName": "VARCHAR",
        "email": "VARCHAR",
        "balance": "DECIMAL(16,8)",
        "raw_amount": "VARCHAR",
        "huge": "VARCHAR",
        "score": "DOUBLE",
        "ratio": "DOUBLE",
        "active": "BOOLEAN",
        "created": "TIMESTAMP",
        "seen": "TIMESTAMPTZ",
        "born": "DATE",
        "avatar": "BLOB",
        "tags": "VARCHAR",
        "status": "VARCHAR",
        "prefs": "VARCHAR",
        "small": "SMALLINT",
        "big": "BIGINT",
    }
    assert users.columns[1].source_type == "character varying(64)"
    assert users.line == 28
    # the key arrives after the data (ALTER TABLE ONLY ... ADD CONSTRAINT): defined again
    assert [t.primary_key for t in sink.defined if t.name == "users"] == [(), ("id",)]
    assert sink.table("orders").primary_key == ("id",)


def test_same_table_name_in_two_schemas() -> None:
    sink = load(FIXTURES / "basic.sql")
    assert [t.name for t in sink.defined[:3]] == ["users", "orders", "audit.orders"]
    at = line_starts((FIXTURES / "basic.sql").read_bytes())[88]
    assert sink.rows("audit.orders") == [{"id": "10", "what": "created", POS_COLUMN: at}]
    assert [r["note"] for r in sink.rows("orders")] == ["first order", None]


def test_copy_values_and_lines() -> None:
    rows = load(FIXTURES / "basic.sql").rows("users")
    starts = line_starts((FIXTURES / "basic.sql").read_bytes())
    assert [r[POS_COLUMN] for r in rows] == [starts[n] for n in (75, 76, 77, 78)]
    first, second, third, fourth = rows
    assert first["raw_amount"] == "3.14159265358979323846264338327950288419716939937510"
    assert first["avatar"] == b"\x00\xff\x10"
    assert first["prefs"] == '{"k": "v\\\\n"}'
    assert first["big"] == "9007199254740993"
    assert second["userName"] == "bob\ttab"
    assert second["email"] is None and second["status"] == "shipped;done"
    assert third["userName"] == "back\\slash\nnewline\rcr"
    assert third["avatar"] == b""
    assert fourth["userName"] == "Jürgen ünïcödé 東京 🚀"


def test_insert_form() -> None:
    sink = load(FIXTURES / "inserts.sql")
    vendors = sink.table("vendors")
    assert vendors.primary_key == ("id",)
    rows = sink.rows("vendors")
    text = (FIXTURES / "inserts.sql").read_bytes()  # each row's "("
    starts = [text.index(row) for row in (b"(1, 'O", b"(2, E'", b"(3, 'Gr", b"(4, 'no")]
    assert [r[POS_COLUMN] for r in rows] == starts
    assert rows[0]["name"] == 'O\'Brien; "the" vendor'
    assert rows[0]["pgp_key"].count("\n") == 2  # type: ignore[union-attr]
    assert rows[0]["since"] == "2014-01-09 10:00:00"
    assert rows[0]["logo"] == b"\x00\xff"
    assert rows[1]["name"] == "tab\there\\back 'q' AA é"
    assert rows[1]["rating"] == "-1.5e-1" and rows[1]["banned"] == "true"
    assert rows[2]["logo"] == b"\n" and rows[2]["pgp_key"] == ""
    assert rows[3]["name"] == "no column list"


def test_copy_and_insert_forms_agree(tmp_path: Path) -> None:
    """The same rows written as COPY and as INSERT statements read the same."""
    values = ["plain", "tab\there", "new\nline", "back\\slash", "quote ' and \"", "", None, "é東"]
    copy_lines = []
    insert_lines = []
    for i, v in enumerate(values):
        if v is None:
            copy_lines.append(f"{i}\t\\N")
            insert_lines.append(f"INSERT INTO public.t VALUES ({i}, NULL);")
        else:
            escaped = v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            copy_lines.append(f"{i}\t{escaped}")
            insert_lines.append(
                f"INSERT INTO public.t VALUES ({i}, '{v.replace(chr(39), 2 * chr(39))}');"
            )
    head = "CREATE TABLE public.t (\n    id integer,\n    v text\n);\n"
    copy = tmp_path / "copy.sql"
    copy.write_text(
        head + "COPY public.t (id, v) FROM stdin;\n" + "\n".join(copy_lines) + "\n\\.\n"
    )
    insert = tmp_path / "insert.sql"
    insert.write_text(head + "\n".join(insert_lines) + "\n")
    strip = lambda rows: [{k: r[k] for k in ("id", "v")} for r in rows]  # noqa: E731
    from_copy = strip(load(copy).rows("t"))
    assert from_copy == strip(load(insert).rows("t"))
    assert [r["v"] for r in from_copy] == values


def test_copy_subset_of_columns_and_unknown_table(tmp_path: Path) -> None:
    dump = tmp_path / "d.sql"
    dump.write_text(
        "CREATE TABLE public.t (a integer, b text, c text);\n"
        "COPY public.t (c, a) FROM stdin;\nx\t1\n\\.\n"
        "COPY public.loose (p, q) FROM stdin;\n1\t2\n\\.\n"
    )
    sink = load(dump)
    starts = line_starts(dump.read_bytes())
    assert sink.rows("t") == [{"a": "1", "b": None, "c": "x", POS_COLUMN: starts[3]}]
    assert [(c.name, c.type) for c in sink.table("loose").columns] == [
        ("p", "VARCHAR"),
        ("q", "VARCHAR"),
    ]
    assert sink.rows("loose") == [{"p": "1", "q": "2", POS_COLUMN: starts[6]}]


def test_partitions_inherit_columns(tmp_path: Path) -> None:
    dump = tmp_path / "d.sql"
    dump.write_text(
        "CREATE TABLE public.m (id bigint, at date) PARTITION BY RANGE (at);\n"
        "CREATE TABLE public.m_2014 PARTITION OF public.m\n"
        "    FOR VALUES FROM ('2014-01-01') TO ('2015-01-01');\n"
        "COPY public.m_2014 (id, at) FROM stdin;\n7\t2014-05-05\n\\.\n"
    )
    sink = load(dump)
    assert [c.type for c in sink.table("m_2014").columns] == ["BIGINT", "DATE"]
    at = line_starts(dump.read_bytes())[5]
    assert sink.rows("m_2014") == [{"id": "7", "at": "2014-05-05", POS_COLUMN: at}]


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("numeric(38,10)", "DECIMAL(38,10)"),
        ("numeric(39,2)", "VARCHAR"),
        ("numeric", "VARCHAR"),
        ("character(3)", "VARCHAR"),
        ("uuid", "VARCHAR"),
        ("inet", "VARCHAR"),
        ("integer[]", "VARCHAR"),
        ("timestamp(3) with time zone", "TIMESTAMPTZ"),
        ("bigserial", "BIGINT"),
        ("float(53)", "DOUBLE"),
        ("pg_catalog.int4", "INTEGER"),
        ("public.mood", "VARCHAR"),
        ("interval", "VARCHAR"),
    ],
)
def test_type_mapping(declared: str, expected: str) -> None:
    assert duckdb_type(declared) == expected


def test_domains_map_to_their_base_type(tmp_path: Path) -> None:
    dump = tmp_path / "d.sql"
    dump.write_text(
        "CREATE DOMAIN public.satoshi AS bigint CHECK (VALUE >= 0);\n"
        "CREATE TABLE public.t (v public.satoshi);\n"
    )
    assert load(dump).table("t").columns[0].type == "BIGINT"


@pytest.mark.slow
def test_a_table_of_many_columns_is_read_in_linear_time(tmp_path: Path) -> None:
    """60,000 columns (a 1.4 MB statement) were compared with each other, 1.8 billion times:
    minutes for a dump of a few MB. Each column is now looked up once."""
    path = tmp_path / "wide.sql"
    columns = ",\n".join(f"    c{i} integer" for i in range(60_000))
    path.write_text(f"CREATE TABLE public.wide (\n{columns}\n);\n")
    started = time.perf_counter()
    sink = load(path)
    assert time.perf_counter() - started < 30  # about 1 s; the pairwise comparison took minutes
    assert len(sink.table("wide").columns) == 60_000
