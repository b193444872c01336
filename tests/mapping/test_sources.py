"""`source:` entries: names and patterns matched against a market's raw table names."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from seized.errors import MappingError
from seized.mapping.apply import apply_mapping
from seized.mapping.model import is_pattern, parse_mapping, source_tables

RAW = ["dream_2017-03-01", "Dream_2017-03-08", "dream_2017-04-01", "categories", "odd[1]"]

MONTHLY = """\
mapping: 1
software: monthly
tables:
  listings:
    source: {source}
    key: _seized_pos
    select: |
      SELECT id || '@' || _seized_table AS native_id, title, _seized_pos, _seized_table
      FROM source
"""


def test_patterns_match_names_in_order() -> None:
    assert is_pattern("dream_*") and is_pattern("x?") and is_pattern("odd[1]")
    assert not is_pattern("dream_2017")
    assert source_tables(("dream_*",), RAW) == [
        "dream_2017-03-01",
        "Dream_2017-03-08",
        "dream_2017-04-01",
    ]
    assert source_tables(("DREAM_2017-03-??",), RAW) == ["dream_2017-03-01", "Dream_2017-03-08"]
    assert source_tables(("dream_2017-0[4-9]-*", "categories"), RAW) == [
        "dream_2017-04-01",
        "categories",
    ]
    # a name matched by two entries is read once; a name is itself even with pattern characters
    assert source_tables(("categories", "cat*"), RAW) == ["categories"]
    assert source_tables(("odd[1]",), RAW) == ["odd[1]"]
    assert source_tables(("nothing_*", "gone"), RAW) == []
    # only the raw table names are matched: paths match nothing
    assert source_tables(("/etc/*", "../*", "*/*"), RAW) == []


def _market(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA raw_monthly")
    for n, name in enumerate(["items_2017_01", "items_2017_02", "items_2018_01"], 1):
        con.execute(
            f'CREATE TABLE raw_monthly."{name}" (id VARCHAR, title VARCHAR, _seized_pos BIGINT)'
        )
        con.execute(f"INSERT INTO raw_monthly.\"{name}\" VALUES ('a', 'x{n}', 1), ('b', 'y', 2)")
    con.execute("CREATE TABLE raw_monthly.users (id VARCHAR, _seized_pos BIGINT)")


def _apply(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, int]:
    mapping = parse_mapping(MONTHLY.format(source=source).encode(), "monthly.yaml")
    return apply_mapping(con, mapping, market_id="m", raw_schema="raw_monthly", evidence_id=1)


def test_pattern_source_reads_every_matching_table(con: duckdb.DuckDBPyConnection) -> None:
    _market(con)
    assert _apply(con, '"items_2017_*"') == {"listings": 4}
    rows = con.execute("SELECT native_id, raw_table FROM listings ORDER BY 1").fetchall()
    assert rows == [
        ("a@items_2017_01", "items_2017_01"),
        ("a@items_2017_02", "items_2017_02"),
        ("b@items_2017_01", "items_2017_01"),
        ("b@items_2017_02", "items_2017_02"),
    ]
    assert _apply(con, "[items_*, users_*]") == {"listings": 6}


def test_pattern_matching_nothing_is_a_missing_source(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    _market(con)
    with pytest.raises(MappingError) as caught:
        _apply(con, '"orders_*"')
    assert "orders_*" in caught.value.reason
    assert caught.value.line == 5
    assert caught.value.hint is not None and "items_2017_01" in caught.value.hint
    optional = MONTHLY.format(source='"orders_*"\n    optional: true')
    mapping = parse_mapping(optional.encode(), "monthly.yaml")
    counts = apply_mapping(con, mapping, market_id="m", raw_schema="raw_monthly", evidence_id=1)
    assert counts == {"listings": 0}
