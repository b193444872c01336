"""A mapping only reads the market's raw tables: attacks through 'key' and 'select' fail cleanly.

Each test performs the attack on a small case on disk and checks that nothing was written
outside the case and nothing changed in the store.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import duckdb
import pytest
from tests.mapping.conftest import SHOP_MAPPING, ShopCase

from seized.errors import MappingError
from seized.mapping import apply_mapping, load_mapping
from seized.mapping.sandbox import sandbox

ESCAPE = "native_id) AS VARCHAR) FROM temp.main.seized_mapped LIMIT 0; {}; SELECT CAST((1"


def with_key(key: str) -> str:
    return SHOP_MAPPING.replace("key: _seized_pos", "key: " + key)


def with_select(select: str) -> str:
    head = SHOP_MAPPING.split("    select: |")[0]
    return head + "    select: |\n" + "".join(f"      {line}\n" for line in select.splitlines())


def accounts(shop: ShopCase) -> list[tuple[object, ...]]:
    with shop.case.connect(read_only=True) as con:
        return con.execute(
            "SELECT native_id, username, raw_key FROM accounts ORDER BY 1"
        ).fetchall()


# -- key: exactly one expression --------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "COPY (SELECT 'pwned' AS x) TO 'x.csv'",
        "ATTACH 'outside.duckdb' AS outside",
        "UPDATE evidence SET path = 'forged'; COMMIT",
    ],
)
def test_a_key_that_ends_the_statement_is_refused_at_load(shop: ShopCase, statement: str) -> None:
    before = shop.snapshot()
    path = shop.mapping_file(with_key('"' + ESCAPE.format(statement) + '"'))
    with pytest.raises(MappingError) as caught:
        shop.map_with(path.read_text())
    assert f"{path}:6:" in str(caught.value)
    assert "'key' must be one SQL expression" in str(caught.value)
    assert shop.snapshot() == before
    assert not (shop.work / "x.csv").exists() and not (shop.work / "outside.duckdb").exists()


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("native_id, username", "is a list of 2 expressions"),
        ("native_id FROM users", "has a FROM clause"),
        ("native_id WHERE true", "has clauses of a statement"),
        ("native_id ORDER BY 1", "has clauses of a statement"),
        ("native_id AS k", "names its value"),
        ("'$market_id'", None),  # a text, fine
        ("$market_id", "has a parameter"),
        ("'*'", None),
        ("*", "selects columns"),
        (" || ".join(["native_id"] * 300), "is nested too deeply"),  # one binary node a term
        ("coalesce(" * 500 + "native_id" + ")" * 500, "is nested too deeply"),
    ],
    ids=lambda value: value if value is None or len(value) < 40 else value[:30] + "...",
)
def test_the_key_is_parsed_as_one_expression(tmp_path: Path, key: str, problem: str | None) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(with_key(json.dumps(key)), encoding="utf-8")
    if problem is None:
        assert load_mapping(path).tables["accounts"].key == key
        return
    with pytest.raises(MappingError, match=problem) as caught:
        load_mapping(path)
    assert caught.value.line == 6


def test_a_key_built_in_code_is_checked_before_it_runs(shop: ShopCase) -> None:
    """apply_mapping does not trust a Mapping made without load_mapping."""
    mapping = load_mapping(shop.mapping_file(SHOP_MAPPING))
    table = dataclasses.replace(
        mapping.tables["accounts"], key=ESCAPE.format("COPY (SELECT 'pwned') TO 'x.csv'")
    )
    forged = dataclasses.replace(mapping, tables={"accounts": table})
    before = shop.snapshot()
    with shop.case.connect() as con:
        con.execute("BEGIN")
        with pytest.raises(MappingError, match="'key' must be one SQL expression"):
            apply_mapping(con, forged, market_id="shop", raw_schema="raw_shop", evidence_id=1)
        con.execute("ROLLBACK")
    assert shop.snapshot() == before
    assert not (shop.work / "x.csv").exists()


def test_keys_that_are_expressions_still_work(shop: ShopCase) -> None:
    shop.map_with(with_key("\"username || '@' || native_id -- a comment\""))
    assert accounts(shop)[0] == ("1", "user1", "user1@1")


# -- select: one SELECT, no files ---------------------------------------------------------------


@pytest.mark.parametrize(
    "select",
    [
        "SELECT name AS native_id, value AS username, 1 AS _seized_pos "
        "FROM read_csv('{work}/secret.csv')",
        "SELECT 'x' AS native_id, content AS username, 1 AS _seized_pos "
        "FROM read_text('{work}/secret.csv')",
        "SELECT file AS native_id, 1 AS _seized_pos FROM glob('{work}/*')",
        "SELECT name AS native_id, value AS username, 1 AS _seized_pos FROM read_csv('secret.csv')",
        "SELECT name AS native_id, value AS username, 1 AS _seized_pos FROM 'secret.csv'",
        "SELECT 'p' AS native_id, content AS username, 1 AS _seized_pos "
        "FROM read_text('/etc/passwd')",
        "SELECT 'k' AS native_id, content AS username, 1 AS _seized_pos FROM read_text('{key}')",
    ],
)
def test_a_select_cannot_read_files(shop: ShopCase, select: str) -> None:
    key = shop.case.root / "keys" / "case-key.asc"
    shop.set(with_select(select.format(work=shop.work, key=key)))
    before = shop.snapshot()
    with pytest.raises(MappingError) as caught:
        shop.ingest()
    assert "disabled by configuration" in str(caught.value)
    assert "shop.yaml:" in str(caught.value)
    assert shop.snapshot() == before
    assert [row[1] for row in accounts(shop)] == ["user1", "user2", "user3"]


def test_a_select_cannot_read_the_case_store_or_other_markets(shop: ShopCase) -> None:
    with pytest.raises(MappingError, match="evidence does not exist"):
        shop.map_with(with_select("SELECT path AS native_id FROM main.evidence"))
    with pytest.raises(MappingError, match="disabled by configuration"):
        shop.map_with(
            with_select(
                f"SELECT * FROM read_parquet('{shop.case.root}/raw/raw_other/users/*.parquet')"
            )
        )
    store = shop.case.root / "case.duckdb"
    with pytest.raises(MappingError, match="disabled by configuration"):
        shop.map_with(with_select(f"SELECT * FROM read_parquet('{store}')"))


@pytest.mark.parametrize(
    "select",
    [
        "SELECT id AS native_id FROM users; COPY (SELECT 'pwned' AS x) TO 'x.csv'",
        "SELECT id AS native_id FROM users; UPDATE users SET id = 0",
        "COPY (SELECT 'pwned' AS x) TO 'x.csv'",
        "SET enable_external_access = true",
        "ATTACH 'outside.duckdb'",
    ],
)
def test_a_select_is_one_select_statement(shop: ShopCase, select: str) -> None:
    before = shop.snapshot()
    with pytest.raises(MappingError, match="exactly one SELECT statement"):
        shop.map_with(with_select(select))
    assert shop.snapshot() == before
    assert not (shop.work / "x.csv").exists() and not (shop.work / "outside.duckdb").exists()


def test_the_sandbox_reads_the_raw_files_in_place_and_is_locked(shop: ShopCase) -> None:
    with shop.case.connect() as con, sandbox(con, "raw_shop", ["users"], {"rate": 2}) as box:
        views = box.execute(
            "SELECT schema_name, view_name, sql FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
        assert [(v[0], v[1]) for v in views] == [("raw_shop", "users")]
        assert f"{shop.case.root}/raw/raw_shop/users/e1.parquet" in views[0][2]  # no pattern
        assert box.execute(
            "SELECT count(*), getvariable('rate') FROM raw_shop.users"
        ).fetchall() == [(3, 2)]
        settings = dict(
            box.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name IN "
                "('enable_external_access', 'lock_configuration', 'allowed_directories')"
            ).fetchall()
        )
        assert settings["enable_external_access"] == "false"
        assert settings["lock_configuration"] == "true"
        # the raw table's directory, and the sandbox's own for what does not fit in memory
        allowed = settings["allowed_directories"].strip("[]").split(", ")
        assert allowed[0] == f"{shop.case.root}/raw/raw_shop/users/"
        assert [a.startswith(f"{shop.case.root}/seized-mapping-") for a in allowed[1:]] == [True]
        for sql in ("SET enable_external_access = true", "RESET lock_configuration"):
            with pytest.raises(duckdb.Error, match="locked"):
                box.execute(sql)
        # the case connection keeps its file access: the ingest writes Parquet files with it
        con.execute(f"COPY (SELECT 1 AS one) TO '{shop.work}/allowed.parquet'")
    assert (shop.work / "allowed.parquet").is_file()
    assert not list(shop.case.root.glob("seized-mapping-*"))
