"""The mysqldump parser on hand-written golden dumps: tables, types, keys and rows."""

from __future__ import annotations

import gzip
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
import zstandard
from tests.ingest.mysql.support import FIXTURES, MemorySink, as_tuples, generate_dump, run

from seized.errors import UserError
from seized.ingest.base import Column, ParseOptions, Source
from seized.ingest.mysql import parse, splitter
from seized.ingest.sink import ParquetSink
from seized.model import migrate

#: each row's _seized_pos is the byte offset of its "(" in the dump
DUMP = (FIXTURES / "mysqldump.sql").read_bytes()

USERS = [
    {
        "id": "1",
        "username": "alice",
        "pgp_key": "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\r\n"
        "-----END PGP PUBLIC KEY BLOCK-----",
        "balance": "0.50000000",
        "rating": "4.5",
        "created": "2020-01-02 03:04:05",
        "last_login": "2021-02-03 04:05:06",
        "birthday": "1990-05-06",
        "vendor": "0",
        "pwhash": b"ab\x00'\\",
        "role": None,
        "online_for": "10:00:00",
        "since": "1990",
        "big": "18446744073709551615",
        "huge": "12345678901234567890123456789012345678901234567890.25",
        "_seized_pos": DUMP.index(b"(1,'alice'"),
    },
    {
        "id": "2",
        "username": 'bob\'s "shop"',
        "pgp_key": "",
        "balance": "-1.25000000",
        "rating": "-3e-2",
        "created": "0000-00-00 00:00:00",
        "last_login": None,
        "birthday": None,
        "vendor": "1",
        "pwhash": None,
        "role": "vendor",
        "online_for": "838:59:59",
        "since": "2021",
        "big": "0",
        "huge": "-0.50",
        "_seized_pos": DUMP.index(b"(2,'bob"),
    },
    {
        "id": "3",
        "username": "carol),('x",
        "pgp_key": "NULL",
        "balance": "0.00000000",
        "rating": "1E10",
        "created": "2022-12-31 23:59:59",
        "last_login": "2022-12-31 23:59:59",
        "birthday": "2000-02-29",
        "vendor": "1",
        "pwhash": b"",
        "role": "admin",
        "online_for": "-01:00:00",
        "since": None,
        "big": None,
        "huge": None,
        "_seized_pos": DUMP.index(b"(3,'carol"),
    },
    {
        "id": "4",
        "username": "dave ☕ 🚀",
        "pgp_key": "tab\there\\nnot-newline\x1aend\x08back % \\% _ \\_ q",
        "balance": ".5",
        "rating": "0.0",
        "created": "2023-01-01 00:00:00",
        "last_login": None,
        "birthday": None,
        "vendor": "0",
        "pwhash": None,
        "role": "buyer",
        "online_for": None,
        "since": None,
        "big": None,
        "huge": None,
        "_seized_pos": DUMP.index(b"(4,'dave"),
    },
]

ORDERS = [
    (
        "100",
        "1",
        "0.01500000",
        "first; order\nline two",
        "1",
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        DUMP.index(b"(100,1,"),
    ),
    ("101", "2", None, "semi;\ncolon", "0", None, DUMP.index(b"(101,2,")),
    ("102", None, None, None, None, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", DUMP.index(b"('3J98")),
]


@pytest.mark.parametrize("fast", [True, False])
def test_mysqldump_rows(fast: bool) -> None:
    sink = run(FIXTURES / "mysqldump.sql", fast=fast)
    assert list(sink.tables) == ["users", "orders"]  # views, triggers, routines hold no rows
    assert sink.rows("users") == USERS
    assert [tuple(r.values()) for r in sink.rows("orders")] == ORDERS
    assert sink.rejects == []


def test_mysqldump_tables() -> None:
    users = run(FIXTURES / "mysqldump.sql").tables["users"]
    assert users.primary_key == ("id",)
    assert users.line == 26
    types = {c.name: (c.type, c.source_type) for c in users.columns}
    assert types == {
        "id": ("BIGINT", "int unsigned"),
        "username": ("VARCHAR", "varchar(64)"),
        "pgp_key": ("VARCHAR", "text"),
        "balance": ("DECIMAL(16,8)", "decimal(16,8)"),
        "rating": ("DOUBLE", "double"),
        "created": ("TIMESTAMP", "datetime"),
        "last_login": ("TIMESTAMP", "timestamp"),
        "birthday": ("DATE", "date"),
        "vendor": ("TINYINT", "tinyint(1)"),
        "pwhash": ("BLOB", "varbinary(16)"),
        "role": ("VARCHAR", "enum('buyer','vendor','admin')"),
        "online_for": ("VARCHAR", "time"),
        "since": ("INTEGER", "year"),
        "big": ("UBIGINT", "bigint unsigned"),
        "huge": ("VARCHAR", "decimal(65,2)"),
    }
    orders = run(FIXTURES / "mysqldump.sql").tables["orders"]
    assert orders.primary_key == ("order_id",)
    assert orders.columns[4] == Column("paid", "BIGINT", "bit(1)")


@pytest.mark.parametrize("fast", [True, False])
def test_phpmyadmin_rows(fast: bool) -> None:
    sink = run(FIXTURES / "phpmyadmin.sql", fast=fast)
    table = sink.tables["messages"]
    assert table.primary_key == ("id",)  # from ALTER TABLE ... ADD PRIMARY KEY after the data
    assert [(c.type, c.source_type) for c in table.columns] == [
        ("INTEGER", "int(11)"),
        ("INTEGER", "int(11)"),
        ("VARCHAR", "longtext"),
        ("BIGINT", "int(10) UNSIGNED ZEROFILL"),
        ("DOUBLE", "DOUBLE PRECISION"),
    ]
    text = (FIXTURES / "phpmyadmin.sql").read_bytes()
    at = [text.index(b"\n(%d, " % i) + 1 for i in (1, 2, 3, 4)]  # each row on a line of its own
    assert [tuple(r.values()) for r in sink.rows("messages")] == [
        ("1", "7", "Hi, is the 'stuff' still available?", "1514764800", None, at[0]),
        ("2", "8", "Yes.\r\nPrice: 0.5 BTC", "1514764860", "0.5", at[1]),
        ("3", "7", "ok;\nraw newline", "1514764900", "-12", at[2]),
        ("4", "8", "it's doubled", "1514765000", "1.5e3", at[3]),
    ]


@pytest.mark.parametrize("fast", [True, False])
def test_mariadb_literals(fast: bool) -> None:
    """Hex, X'', b'' and _charset literals, raw binary bytes in a BLOB, adjacent strings."""
    sink = run(FIXTURES / "mariadb.sql", fast=fast)
    table = sink.tables["keys"]
    assert [c.type for c in table.columns] == [
        "INTEGER",
        "BLOB",
        "BLOB",
        "VARCHAR",
        "INTEGER",
        "UBIGINT",
    ]
    text = (FIXTURES / "mariadb.sql").read_bytes()
    at = [text.index(b"(%d," % i) for i in (1, 2, 3, 4)]
    assert [tuple(r.values()) for r in sink.rows("keys")] == [
        ("1", b"\x00\xff\x10", b"AB", "café", "-8388608", "1", at[0]),
        ("2", b"raw \xff\xfe\x80 bytes\x00", b"", "ABCD", "8388607", "18446744073709551615", at[1]),
        ("3", None, None, "hi", "16", "3", at[2]),
        ("4", b"ab", None, "x", "1", "4", at[3]),
    ]


def test_gzip_and_zstd_give_the_same_rows(tmp_path: Path) -> None:
    raw = (FIXTURES / "mysqldump.sql").read_bytes()
    (tmp_path / "d.sql.gz").write_bytes(gzip.compress(raw))
    (tmp_path / "d.sql.zst").write_bytes(zstandard.ZstdCompressor().compress(raw))
    plain = run(FIXTURES / "mysqldump.sql").all_rows()
    assert run(tmp_path / "d.sql.gz").all_rows() == plain
    assert run(tmp_path / "d.sql.zst").all_rows() == plain


def test_latin1_dump_with_the_encoding_option(tmp_path: Path) -> None:
    dump = tmp_path / "latin1.sql"
    dump.write_bytes(
        b"CREATE TABLE `t` (`id` int, `name` varchar(9));\n"
        b"INSERT INTO `t` VALUES (1,'caf\xe9'),(2,'\xfcber');\n"
    )
    for fast in (True, False):
        sink = run(dump, encoding="latin1", fast=fast)
        assert [r["name"] for r in sink.rows("t")] == ["café", "über"]


def test_unknown_encoding_is_a_user_error() -> None:
    with pytest.raises(UserError, match="encoding"):
        run(FIXTURES / "mysqldump.sql", encoding="klingon")


def test_batches_of_about_batch_rows(tmp_path: Path) -> None:
    dump = tmp_path / "d.sql"
    generate_dump(dump, 1000, per_statement=10)
    for fast in (True, False):
        sink = run(dump, batch_rows=95, fast=fast)
        sizes = [batch.num_rows for _, batch in sink.batches]
        assert sum(sizes) == 1000
        assert all(95 <= size < 105 for size in sizes[:-1])


def test_progress_reports_bytes_read() -> None:
    seen: list[int] = []
    sink = MemorySink()
    options = ParseOptions(progress=seen.append)
    parse(Source(FIXTURES / "mysqldump.sql"), sink, options)
    assert seen and seen[-1] == (FIXTURES / "mysqldump.sql").stat().st_size
    assert seen == sorted(seen)


def test_big_statement_across_read_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Statements larger than the read chunk, and strings cut by chunk borders."""
    dump = tmp_path / "d.sql"
    truth = generate_dump(dump, 400, per_statement=200)
    monkeypatch.setattr(splitter, "CHUNK", 1000)
    for fast in (True, False):
        assert as_tuples(run(dump, fast=fast).rows("posts")) == truth


def test_rows_cast_cleanly_in_the_case_store_sink(tmp_path: Path) -> None:
    """The strings the parser sends are ones the case store's sink casts without loss."""
    con = duckdb.connect()
    migrate(con)
    sink = ParquetSink(
        con,
        root=tmp_path,
        schema="raw_m",
        market_id="m",
        evidence_id=1,
        evidence_path="mysqldump.sql",
    )
    parse(Source(FIXTURES / "mysqldump.sql"), sink, ParseOptions())
    parse(Source(FIXTURES / "mariadb.sql"), sink, ParseOptions())
    sink.finish()
    rows = con.execute(
        "SELECT id, balance, rating, created, last_login, vendor, pwhash, since, big, huge "
        "FROM raw_m.users ORDER BY id"
    ).fetchall()
    assert rows[0] == (
        1,
        Decimal("0.5"),
        4.5,
        datetime(2020, 1, 2, 3, 4, 5),
        datetime(2021, 2, 3, 4, 5, 6),
        0,
        b"ab\x00'\\",
        1990,
        18446744073709551615,
        "12345678901234567890123456789012345678901234567890.25",
    )
    assert rows[1][1:5] == (Decimal("-1.25"), -0.03, None, None)  # zero date -> NULL
    assert rows[3][1:3] == (Decimal("0.5"), 0.0)
    paid = con.execute("SELECT paid FROM raw_m.orders ORDER BY order_id").fetchall()
    assert paid == [(1,), (0,), (None,)]
    keys = con.execute('SELECT k, s FROM raw_m."keys" ORDER BY id').fetchall()
    assert keys[1] == (b"raw \xff\xfe\x80 bytes\x00", 18446744073709551615)


class _BrokenSink(MemorySink):
    def append(self, table: str, batch: pa.Table) -> None:
        raise RuntimeError("disk full")


def test_the_sinks_own_errors_pass_unchanged() -> None:
    """Only the parser's faults become InputError; the sink's exceptions are its own."""
    with pytest.raises(RuntimeError, match="disk full"):
        parse(Source(FIXTURES / "mysqldump.sql"), _BrokenSink(), ParseOptions())
