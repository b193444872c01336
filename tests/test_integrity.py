"""The custody digest of a table: hashed by OpenSSL in C, equal to its definition in SQL."""

from __future__ import annotations

import hashlib

import duckdb
import pyarrow as pa
import pytest

from seized.integrity import _WRITTEN_HERE, _row_buckets, _row_buckets_in_sql, table_digest
from seized.model._rowdigest import Digest as RowDigest


def _reference(texts: list[str]) -> list[tuple[str, int, str]]:
    """The buckets by hashlib: each text's SHA-256 in hex, by its first two digits, sorted."""
    buckets: dict[str, list[str]] = {}
    for text in texts:
        h = hashlib.sha256(text.encode()).hexdigest()
        buckets.setdefault(h[:2], []).append(h)
    return [
        (b, len(hs), hashlib.sha256("".join(sorted(hs)).encode()).hexdigest())
        for b, hs in sorted(buckets.items())
    ]


def _digest(array: pa.Array) -> list[tuple[str, int, str]]:
    """The buckets of one column of JSON texts under the key "v"."""
    digest = RowDigest()
    validity, offsets, data = array.buffers()
    width = 8 if array.type == pa.large_string() else 4
    digest.update_columns(
        [(0, width, b'{"v":', validity, array.offset, offsets, data or b"")], len(array)
    )
    assert digest.rows == len(array)
    return list(digest.finish())


def test_c_buckets_equal_hashlib_for_string_and_large_string_arrays() -> None:
    texts = [f'{{"n": {i}, "s": "ümlaut {i * 7919}"}}' for i in range(3000)] + ['""', "1"]
    expected = _reference(['{"v":' + text + "}" for text in texts])
    assert _digest(pa.array(texts, pa.string())) == expected
    assert _digest(pa.array(texts, pa.large_string())) == expected
    # a slice starts inside the buffers
    assert _digest(pa.array(["pad", "pad", *texts], pa.string()).slice(2)) == expected
    assert _digest(pa.array([None, "2"], pa.string())) == _reference(['{"v":null}', '{"v":2}'])


def test_c_buckets_refuse_buffers_that_do_not_hold_the_rows() -> None:
    digest = RowDigest()
    offsets = pa.array([0, 5, 100], pa.int32()).buffers()[1]
    with pytest.raises(ValueError, match="outside the data"):
        digest.update_columns([(1, 4, b'{"v":', None, 0, offsets, b"hello")], 2)
    with pytest.raises(ValueError, match="too short"):
        digest.update_columns([(1, 4, b'{"v":', None, 0, offsets, b"hello")], 3)
    numbers = pa.array([1, 2], pa.int64()).buffers()[1]
    with pytest.raises(ValueError, match="too short"):
        digest.update_columns([(3, 8, b'{"v":', None, 1, numbers, None)], 2)
    with pytest.raises(ValueError, match="unknown column kind"):
        digest.update_columns([(9, 8, b'{"v":', None, 0, numbers, None)], 2)
    assert digest.rows == 0


def test_rows_written_in_c_equal_duckdb_json_for_every_character_and_integer() -> None:
    """The JSON text written from Arrow columns is DuckDB's to_json, byte for byte: every
    Unicode scalar value, the extremes of every integer type, booleans, nulls, odd names."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE chars AS SELECT chr(i::INTEGER) AS c, i FROM range(1, 1114112) r(i) "
        "WHERE i < 55296 OR i > 57343"
    )
    con.execute("INSERT INTO chars VALUES (chr(0), 0), ('', -1), (NULL, NULL)")
    con.execute(
        "CREATE TABLE numbers (a TINYINT, b SMALLINT, c INTEGER, d BIGINT, e UTINYINT, "
        'f USMALLINT, g UINTEGER, h UBIGINT, "is ""odd""" BOOLEAN, "back\\slash" VARCHAR)'
    )
    con.execute(
        "INSERT INTO numbers VALUES "
        "(-128, -32768, -2147483648, -9223372036854775808, 0, 0, 0, 0, true, 'a\"b'),"
        "(127, 32767, 2147483647, 9223372036854775807, 255, 65535, 4294967295,"
        " 18446744073709551615, false, NULL),"
        "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'tab\there')"
    )
    kinds = con.execute("SELECT data_type FROM duckdb_columns() WHERE table_name = 'numbers'")
    assert {kind for (kind,) in kinds.fetchall()} <= _WRITTEN_HERE
    for table in ("chars", "numbers"):
        assert _row_buckets(con, table) == _row_buckets_in_sql(con, table)


def test_table_digest_equals_its_definition_in_sql() -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'räuber ' || i END AS s, "
        "[i, i + 1] AS l, {'a': i % 7, 'b': 'x' || i} AS r, i * 1.5 AS d, "
        "TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts, repeat('z', i % 300) AS long "
        "FROM range(250000) r(i)"  # more than two batches
    )
    con.execute("CREATE TABLE empty (x INTEGER)")
    for table in ("t", "empty"):
        assert _row_buckets(con, table) == _row_buckets_in_sql(con, table)
    before = table_digest(con, "t")
    con.execute("UPDATE t SET s = 'changed' WHERE i = 124999")
    assert table_digest(con, "t") != before
    assert table_digest(con, "t").rows == 250000
