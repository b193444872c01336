"""`mapping suggest` on small made-up markets: what it reads from values, how drafts are made to
run, and that nothing seized can break the draft. The corpus schemas: test_corpus.py."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from seized.cli import cli
from seized.db import quote_ident
from seized.errors import UserError
from seized.mapping.apply import apply_mapping, trial
from seized.mapping.draft import Slot, TableDraft, Way, main
from seized.mapping.model import load_mapping, parse_mapping
from seized.mapping.profile import profile_tables
from seized.mapping.relations import find_refs
from seized.mapping.suggest import suggest_mapping, tries
from seized.mapping.vocabulary import is_abbreviation, table_score, words

from .conftest import AGORA_FILES, ShopCase, load_agora

PGP_KEY = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF...\n-----END PGP PUBLIC KEY BLOCK-----"
TODO = "# TODO(seized):"


@pytest.fixture
def market(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    con.execute("CREATE SCHEMA raw_m")
    con.execute(
        "CREATE TABLE raw_m.tbl_members (member_id BIGINT, login VARCHAR, usergroup VARCHAR, "
        "registered BIGINT, pgp VARCHAR, _seized_pos BIGINT)"
    )
    con.execute(
        "INSERT INTO raw_m.tbl_members VALUES "
        "(1, 'alice', 'Vendor', 1400000000, ?, 1), (2, 'bob', 'Member', 1400086400, NULL, 2), "
        "(3, 'carol', 'Super Admin', 1400186400, NULL, 3), (4, 'dave', 'banned', 1400286400, "
        "NULL, 4)",
        [PGP_KEY],
    )
    con.execute(
        "CREATE TABLE raw_m.tbl_orders (id BIGINT, product_id BIGINT, buyer_id BIGINT, "
        "status VARCHAR, total_btc DECIMAL(16, 8), created_at VARCHAR, _seized_pos BIGINT)"
    )
    con.execute(
        "INSERT INTO raw_m.tbl_orders VALUES "
        "(10, 5, 2, 'Finalized', 0.25, '2014-05-14 10:00:00', 1),"
        " (11, 5, 4, 'Shipped', 0.5, '2014-05-15 11:00:00', 2)"
    )
    con.execute("CREATE TABLE raw_m.config (name VARCHAR, value VARCHAR, _seized_pos BIGINT)")
    return con


def todos(text: str) -> list[str]:
    return [line for line in text.splitlines() if TODO in line]


def test_draft_loads_maps_members_and_marks_todos(
    market: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    text = suggest_mapping(market, "raw_m", software="mymarket")
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.software == "mymarket"
    assert list(mapping.tables) == ["accounts", "orders"]
    accounts = mapping.tables["accounts"]
    assert accounts.sources == ("tbl_members",)
    for expected in (
        '"member_id" AS native_id',
        '"login" AS username',
        'role_of("usergroup") AS role',
        'unix_ts("registered") AS created_at',
        '"pgp" AS pgp_public_key',
    ):
        assert expected in accounts.select
    orders = mapping.tables["orders"].select
    assert 'text_ts("created_at") AS created_at' in orders
    assert 'btc_sats("total_btc") AS amount_sats' in orders
    assert 'status_of("status") AS status' in orders
    # what it could not decide is marked, with the reason
    marked = todos(text)
    assert any('"banned" -> NULL' in line and "role" in line for line in marked)
    assert any("last_seen_at" in line and "no raw column looked like" in line for line in marked)
    assert any("messages" in line for line in marked)  # no table looked like messages
    assert '"config"' in text
    # the draft runs as it is
    counts = apply_mapping(market, mapping, market_id="m", raw_schema="raw_m", evidence_id=1)
    assert counts == {"accounts": 4, "orders": 2}
    assert market.execute("SELECT account_id, role FROM accounts ORDER BY 1").fetchall() == [
        ("m:1", "vendor"),
        ("m:2", "buyer"),
        ("m:3", "staff"),
        ("m:4", None),
    ]
    assert market.execute("SELECT sum(amount_sats) FROM orders").fetchone() == (75_000_000,)


def test_seized_names_and_values_cannot_break_the_draft(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA raw_x")
    con.execute(
        'CREATE TABLE raw_x."users" ("id" BIGINT, "user""name" VARCHAR, "role" VARCHAR, '
        "_seized_pos BIGINT)"
    )
    con.execute(
        "INSERT INTO raw_x.users VALUES (1, 'a', ?, 1), (2, 'b', 'x''y', 2), (3, 'c', ?, 3)",
        ["x\n  tables: {}\n# boom", "vendor\u2028name: [x"],
    )
    con.execute('CREATE TABLE raw_x."weird\u2028name: [x" (a VARCHAR)')
    text = suggest_mapping(con, "raw_x", software="x")
    mapping = parse_mapping(text.encode("utf-8"), "draft")
    assert list(mapping.tables) == ["accounts"]
    assert "boom" not in mapping.tables["accounts"].select
    counts = apply_mapping(con, mapping, market_id="x", raw_schema="raw_x", evidence_id=1)
    assert counts == {"accounts": 3}


def test_agora_draft(con: duckdb.DuckDBPyConnection, shared_data: Path) -> None:
    load_agora(con, shared_data / "listings", *AGORA_FILES)
    text = suggest_mapping(con, "raw_agora", software="agora")
    mapping = parse_mapping(text.encode("utf-8"), "draft")
    # both files have the same columns: read together; the vendors named in them are accounts
    assert list(mapping.tables) == ["accounts", "listings"]
    assert set(mapping.tables["listings"].sources) == set(AGORA_FILES)
    select = mapping.tables["listings"].select
    assert 'btc_sats(range_mid("price")) AS price_sats' in select
    assert 'country_or_text("from") AS ships_from' in select
    assert "GROUP BY trim(" in mapping.tables["accounts"].select
    assert "interval labels" in text
    counts = apply_mapping(con, mapping, market_id="a", raw_schema="raw_agora", evidence_id=1)
    assert counts["listings"] == 1600
    vendors = con.execute(
        'SELECT count(DISTINCT trim(vendor)) FROM (SELECT vendor FROM raw_agora."Ag2014-sscSynth" '
        "UNION ALL SELECT vendor FROM raw_agora.\"Ag2014-sscShakeTrim\") WHERE trim(vendor) <> ''"
    ).fetchone()
    assert vendors is not None and counts["accounts"] == vendors[0] > 0
    orphans = con.execute(
        "SELECT count(*) FROM listings l LEFT JOIN accounts a ON a.account_id = l.vendor_id "
        "WHERE a.account_id IS NULL AND l.vendor_id IS NOT NULL"
    ).fetchone()
    assert orphans == (0,)


def test_empty_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA raw_empty")
    with pytest.raises(UserError):
        suggest_mapping(con, "raw_empty", software="x")


def test_nothing_recognisable_still_gives_a_draft_that_runs(
    con: duckdb.DuckDBPyConnection,
) -> None:
    con.execute("CREATE SCHEMA raw_cfg")
    con.execute("CREATE TABLE raw_cfg.settings (k VARCHAR, v VARCHAR)")
    con.execute("INSERT INTO raw_cfg.settings VALUES ('a', '1'), ('a', '1'), ('b', '2')")
    text = suggest_mapping(con, "raw_cfg", software="cfg")
    mapping = parse_mapping(text.encode("utf-8"), "draft")
    assert "rewrite it" in text
    counts = apply_mapping(con, mapping, market_id="c", raw_schema="raw_cfg", evidence_id=1)
    assert counts == {"accounts": 3}


def test_a_failing_way_moves_to_the_next_and_says_why(
    tiny: duckdb.DuckDBPyConnection,
) -> None:
    draft = TableDraft("accounts", ["users"], None, 3)
    draft.slots += [
        Slot("native_id", [Way("'same'"), Way(main("uid"))]),  # one id for every row
        Slot("created_at", [Way(main("login")), Way("NULL")]),  # names are not times
        Slot("role", [Way(main("grp")), Way(f"role_of({main('grp')})")]),
    ]
    with trial(tiny, "raw_tiny") as runner:
        assert tries(runner, ["mapping: 1", "software: t"], draft)
    assert [s.index for s in draft.slots] == [1, 1, 1]
    _, marked = draft.remarks()
    assert any("native_id" in m and "not unique" in m for m in marked)
    assert any("created_at" in m and "not TIMESTAMP" in m for m in marked)
    assert any("role" in m and "buyer/vendor/staff" in m for m in marked)
    assert "created_at" not in "\n".join(draft.select())  # NULL ways are left out

    broken = TableDraft("accounts", ["users"], None, 3)
    broken.slots.append(Slot("native_id", [Way("'same'")]))  # no way left that is unique
    with trial(tiny, "raw_tiny") as runner:
        assert not tries(runner, ["mapping: 1", "software: t"], broken)


def test_files_of_the_same_day_fall_back_to_the_row_position(
    con: duckdb.DuckDBPyConnection,
) -> None:
    con.execute("CREATE SCHEMA raw_s")
    for name in ("crawl_a", "crawl_b", "crawl_c"):
        con.execute(
            f"CREATE TABLE raw_s.{name} (item_url VARCHAR, item_title VARCHAR, "
            "item_vendor VARCHAR, item_price VARCHAR, scraped VARCHAR, _seized_pos BIGINT)"
        )
        for n in range(1, 7):
            con.execute(
                f"INSERT INTO raw_s.{name} VALUES (?, ?, ?, ?, '2017-03-01', ?)",
                [f"/item/{n}", f"{n}g of something good", f"vendor{n % 3}", f"{n}.50 USD", n],
            )
    text = suggest_mapping(con, "raw_s", software="s")
    mapping = parse_mapping(text.encode("utf-8"), "draft")
    listings = mapping.tables["listings"]
    assert listings.sources == ("crawl_*",)
    # url@day repeats over the three files of one day: the draft moved on, and says so
    assert any("native_id" in line and "not unique" in line for line in todos(text))
    counts = apply_mapping(con, mapping, market_id="s", raw_schema="raw_s", evidence_id=1)
    assert counts == {"accounts": 3, "listings": 18}


def test_profiles_read_values() -> None:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw_p")
    con.execute(
        "CREATE TABLE raw_p.t (btc VARCHAR, ts BIGINT, ms BIGINT, txt VARCHAR, key VARCHAR, "
        "grp SMALLINT, flag VARCHAR)"
    )
    con.execute(
        "INSERT INTO raw_p.t VALUES "
        "('1BoatSLRHtKNngkdXEeobR76b53LETtpyT', 1400000000, 1400000000000, '14.10.2014', ?, 1, "
        "'yes'), ('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 1500000000, 1500000000000, "
        "'Oct 14, 2014', NULL, 2, 'no'), ('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', "
        "1600000000, 1600000000000, '2014-10-14', NULL, 2, 'no')",
        [PGP_KEY],
    )
    with trial(con, "raw_p") as runner:
        table = profile_tables(runner.con, "raw_p")["t"]
    column = table.columns
    assert column["btc"].has("btc", 1.0)
    assert column["ts"].has("unix_s") and column["ms"].has("unix_ms")
    assert column["txt"].has("text_time")
    assert column["key"].has("pgp_key", 1.0)
    assert column["grp"].values == ["1", "2"] and not column["grp"].has("bool")
    assert column["flag"].has("bool", 1.0)
    assert all(c.unique for c in (column["btc"], column["ts"]))


def test_references_are_read_from_values(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA raw_r")
    con.execute("CREATE TABLE raw_r.people (id INTEGER, handle VARCHAR)")
    con.execute("CREATE TABLE raw_r.notes (id INTEGER, author VARCHAR, qty INTEGER, who INTEGER)")
    con.execute(
        "INSERT INTO raw_r.people SELECT i, 'user' || i FROM range(1, 31) AS r(i);"
        "INSERT INTO raw_r.notes SELECT i, 'user' || (i % 7 + 1), i % 5 + 1, i % 7 + 1 "
        "FROM range(1, 21) AS r(i)"
    )
    with trial(con, "raw_r") as runner:
        tables = profile_tables(runner.con, "raw_r")
        refs = {
            (r.table, r.column, r.target, r.key) for r in find_refs(runner.con, "raw_r", tables)
        }
    # handles found by their values; small numbers need a name that says what they are
    assert ("notes", "author", "people", "handle") in refs
    assert not any(column in ("qty", "who") for _, column, _, _ in refs)


def test_names_are_read_as_words_and_abbreviations() -> None:
    assert words("tbl_vendorListings") == ("tbl", "vendor", "listings")
    assert words("lastSeenAt") == ("last", "seen", "at")
    assert is_abbreviation("fdbk", "feedback") and is_abbreviation("wllt", "wallet")
    assert not is_abbreviation("fb", "f") and not is_abbreviation("xb", "feedback")
    assert table_score("feedback", ("fdbk",)) == 1.0
    assert table_score("wallet_addresses", ("wllt",)) == 1.0
    assert table_score("listings", ("vendor", "listings")) == 2.0


def test_the_command_writes_a_draft_that_runs(shop: ShopCase, tmp_path: Path) -> None:
    out = tmp_path / "shop-draft.yaml"
    result = CliRunner().invoke(
        cli, ["mapping", "suggest", str(shop.case.root), "--market", "shop", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 tables (accounts), tried on the raw tables of shop" in result.output
    shop.map_with(out.read_text(encoding="utf-8"))
    with shop.case.connect(read_only=True) as con:
        rows = con.execute("SELECT native_id, username, role FROM accounts ORDER BY 1").fetchall()
    assert rows == [("1", "user1", "buyer"), ("2", "user2", "buyer"), ("3", "user3", "buyer")]
    missing = CliRunner().invoke(cli, ["mapping", "suggest", str(shop.case.root), "--market", "x"])
    assert missing.exit_code != 0 and "no market 'x'" in missing.output


def test_a_currency_column_prices_each_row_in_its_currency(
    con: duckdb.DuckDBPyConnection,
) -> None:
    con.execute("CREATE SCHEMA raw_c")
    con.execute(
        "CREATE TABLE raw_c.items (id INTEGER, title VARCHAR, price DECIMAL(12, 2), "
        "currency VARCHAR, ships_from VARCHAR)"
    )
    con.execute(
        "INSERT INTO raw_c.items VALUES (1, 'big bag of tea', 0.5, 'BTC', 'Germany'), "
        "(2, 'small bag of tea', 100, 'USD', 'Spain'), (3, 'tea for two', 0.25, 'BTC', 'Italy')"
    )
    text = suggest_mapping(con, "raw_c", software="c")
    mapping = parse_mapping(text.encode("utf-8"), "draft")
    assert "btc_usd: 0.0" in text
    listings = mapping.tables["listings"].select
    assert 'CASE "currency" WHEN \'BTC\' THEN btc_sats("price")' in listings
    apply_mapping(
        con, mapping, market_id="c", raw_schema="raw_c", evidence_id=1, params={"btc_usd": 1000}
    )
    rows = con.execute("SELECT currency, price_sats FROM listings ORDER BY native_id").fetchall()
    assert rows == [("BTC", 50_000_000), ("USD", 10_000_000), ("BTC", 25_000_000)]


_NAMES = ("id", "user_id", "name", "title", "price", "status", "created", "vendor", "buyer",
          "order_id", "body", "ip", "address", "type", "role", "qty", "rating", "from", "select",
          'we"ird', "pgp", "email", "txid", "cat_id")  # fmt: skip
_VALUES = ("alice", "Vendor", "admin", "paid", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "2017-03-01",
           PGP_KEY, "x@y.com", "10.0.0.1", "", "NA", "some words here", "a\nb", "'; DROP",
           "[1.0,2.0)", "45.20 USD", "5/5", "Germany", "Worldwide")  # fmt: skip


@pytest.mark.parametrize("seed", range(12))
def test_any_raw_tables_give_a_draft_that_loads_and_runs(
    con: duckdb.DuckDBPyConnection, seed: int
) -> None:
    rng = random.Random(seed)
    con.execute("CREATE SCHEMA raw_f")
    for table in rng.sample(["users", "items", "orders", "pms", "wallets", "tbl_x"], 4):
        columns = rng.sample(_NAMES, rng.randrange(1, 8))
        kinds = [rng.choice(("BIGINT", "DOUBLE", "VARCHAR")) for _ in columns]
        listed = ", ".join(f"{quote_ident(c)} {k}" for c, k in zip(columns, kinds, strict=True))
        con.execute(f"CREATE TABLE raw_f.{table} ({listed}, _seized_pos BIGINT)")
        for n in range(rng.choice((0, 3, 40))):
            row: list[object] = []
            for kind in kinds:
                if rng.random() < 0.1:
                    row.append(None)
                elif kind == "BIGINT":
                    row.append(
                        rng.choice((n, rng.randrange(50), rng.randrange(14 * 10**8, 16 * 10**8)))
                    )
                elif kind == "DOUBLE":
                    row.append(round(rng.random() * 100, 4))
                else:
                    row.append(rng.choice(_VALUES))
            con.execute(f"INSERT INTO raw_f.{table} VALUES ({', '.join('?' * (len(row) + 1))})",
                        [*row, n])  # fmt: skip
    mapping = parse_mapping(suggest_mapping(con, "raw_f", software="f").encode("utf-8"), "d")
    apply_mapping(con, mapping, market_id="f", raw_schema="raw_f", evidence_id=1)
