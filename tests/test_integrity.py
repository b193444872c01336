"""The custody digest of a table: hashed by OpenSSL in C, equal to its definition in SQL."""

from __future__ import annotations

import hashlib

import duckdb
import pyarrow as pa
import pytest

from seized.integrity import _row_buckets, _row_buckets_in_sql, table_digest
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
    digest = RowDigest()
    _, offsets, data = array.buffers()
    digest.update(offsets, data or b"", array.offset, len(array), array.type == pa.large_string())
    assert digest.rows == len(array)
    return list(digest.finish())


def test_c_buckets_equal_hashlib_for_string_and_large_string_arrays() -> None:
    texts = [f'{{"n": {i}, "s": "ümlaut {i * 7919}"}}' for i in range(3000)] + ["", "x"]
    expected = _reference(texts)
    assert _digest(pa.array(texts, pa.string())) == expected
    assert _digest(pa.array(texts, pa.large_string())) == expected
    # a slice starts inside the buffers
    assert _digest(pa.array(["pad", "pad", *texts], pa.string()).slice(2)) == expected
    assert _digest(pa.array([], pa.string())) == []


def test_c_buckets_refuse_offsets_outside_the_data() -> None:
    digest = RowDigest()
    offsets = pa.array([0, 5, 100], pa.int32()).buffers()[1]
    with pytest.raises(ValueError, match="outside the data"):
        digest.update(offsets, b"hello", 0, 2, False)
    with pytest.raises(ValueError, match="too short"):
        digest.update(offsets, b"hello", 0, 3, False)


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
