"""MySQL column types to DuckDB types, and CREATE TABLE forms."""

from __future__ import annotations

import pytest

from seized.ingest.base import Column
from seized.ingest.mysql.ddl import SchemaError, parse_create_table
from seized.ingest.mysql.lexer import significant, string_value


def columns(body: str) -> list[tuple[str, str]]:
    text = f"CREATE TABLE `t` ({body}) ENGINE=InnoDB".encode()
    table = parse_create_table(list(significant(text)), text, lambda r, s: r.decode(), 1, {})
    assert table is not None
    return [(c.type, c.source_type) for c in table.columns]


@pytest.mark.parametrize(
    ("declared", "duck"),
    [
        ("tinyint(4)", "TINYINT"),
        ("tinyint unsigned", "SMALLINT"),
        ("smallint(5) unsigned", "INTEGER"),
        ("mediumint", "INTEGER"),
        ("int(11)", "INTEGER"),
        ("int unsigned", "BIGINT"),
        ("integer zerofill", "BIGINT"),
        ("bigint(20)", "BIGINT"),
        ("bigint(20) unsigned", "UBIGINT"),
        ("serial", "UBIGINT"),
        ("decimal(16,8)", "DECIMAL(16,8)"),
        ("numeric(38,0)", "DECIMAL(38,0)"),
        ("decimal(65,30)", "VARCHAR"),
        ("decimal", "DECIMAL(10,0)"),
        ("decimal(12)", "DECIMAL(12,0)"),
        ("float", "DOUBLE"),
        ("double precision", "DOUBLE"),
        ("real", "DOUBLE"),
        ("char(1)", "VARCHAR"),
        ("varchar(255)", "VARCHAR"),
        ("national varchar(10)", "VARCHAR"),
        ("longtext", "VARCHAR"),
        ("enum('a','b,c')", "VARCHAR"),
        ("set('x','y')", "VARCHAR"),
        ("json", "VARCHAR"),
        ("binary(16)", "BLOB"),
        ("varbinary(255)", "BLOB"),
        ("long varbinary", "BLOB"),
        ("mediumblob", "BLOB"),
        ("geometry", "BLOB"),
        ("date", "DATE"),
        ("datetime(6)", "TIMESTAMP"),
        ("timestamp", "TIMESTAMP"),
        ("time(3)", "VARCHAR"),
        ("year(4)", "INTEGER"),
        ("bit(1)", "BIGINT"),
        ("bit(64)", "UBIGINT"),
        ("some_future_type", "VARCHAR"),
    ],
)
def test_type_mapping(declared: str, duck: str) -> None:
    assert columns(f"`c` {declared} DEFAULT NULL") == [(duck, declared)]


def test_keys_and_odd_elements() -> None:
    text = (
        b"CREATE TABLE IF NOT EXISTS `db`.`t` (\n"
        b"  `a` int NOT NULL,\n  `b``q` varchar(5) COMMENT 'PRIMARY KEY, not really',\n"
        b"  `c` int GENERATED ALWAYS AS (`a` + 1) VIRTUAL,\n"
        b"  PRIMARY KEY (`a`,`b``q`(3)),\n  UNIQUE KEY `u` (`c`),\n  KEY `k` (`b``q`),\n"
        b"  CONSTRAINT `f` FOREIGN KEY (`a`) REFERENCES `o` (`id`),\n  CHECK (`a` > 0)\n"
        b") ENGINE=InnoDB /*!50100 PARTITION BY HASH (`a`) PARTITIONS 4 */"
    )
    table = parse_create_table(list(significant(text)), text, lambda r, s: r.decode(), 7, {})
    assert table is not None
    assert table.name == "t" and table.line == 7
    assert table.column_names == ["a", "b`q", "c"]
    assert table.primary_key == ("a", "b`q")


def test_inline_primary_key_and_like() -> None:
    text = b"CREATE TABLE t (id bigint PRIMARY KEY, name text)"
    base = parse_create_table(list(significant(text)), text, lambda r, s: r.decode(), 1, {})
    assert base is not None and base.primary_key == ("id",)
    like = b"CREATE TABLE t2 LIKE t"
    copy = parse_create_table(
        list(significant(like)), like, lambda r, s: r.decode(), 2, {"t": base}
    )
    assert copy is not None and copy.columns == base.columns and copy.name == "t2"
    assert copy.columns[0] == Column("id", "BIGINT", "bigint")


@pytest.mark.parametrize(
    "text",
    [b"CREATE TABLE t", b"CREATE TABLE t (", b"CREATE TABLE t ()", b"CREATE TABLE (a int)"],
)
def test_broken_create_table(text: bytes) -> None:
    with pytest.raises(SchemaError):
        parse_create_table(list(significant(text)), text, lambda r, s: r.decode(), 1, {})


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        (rb"'plain'", b"plain"),
        (rb"'it''s'", b"it's"),
        (rb"'a\'b\"c'", b"a'b\"c"),
        (rb"'\0\b\n\r\t\Z\\'", b"\x00\x08\n\r\t\x1a\\"),
        (rb"'\%\_\q\x'", b"\\%\\_qx"),
        (rb'"dq ""x"" \""', b'dq "x" "'),
    ],
)
def test_string_literals(literal: bytes, value: bytes) -> None:
    assert string_value(literal) == value
