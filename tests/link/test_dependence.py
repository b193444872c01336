"""Evidence that one cause explains counts once, and a level no stranger reached is as rare as
half a pair of the strangers its comparison could compare."""

from __future__ import annotations

import json
import math

import duckdb
import pytest
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator
from splink.backends.duckdb import DuckDBAPI

from seized.link.estimate import compared_shares, set_u
from seized.link.model import DEPENDENT, dependent_excess
from tests.link.conftest import LinkCase


def test_each_group_of_dependent_agreements_counts_its_strongest_once() -> None:
    trade = {"role": 5.0, "categories": 2.0, "ships_from": 2.5, "title_tokens": 3.0}
    assert dependent_excess(trade) == pytest.approx(2.0 + 2.5 + 3.0)
    place = {"habits": 15.0, "hours": 4.9}
    assert dependent_excess(place) == pytest.approx(4.9)
    assert dependent_excess({**trade, **place}) == pytest.approx(7.5 + 4.9)


def test_disagreements_and_independent_comparisons_all_count() -> None:
    # a different country shipped from speaks against the link in full; so does a price
    fields = {"categories": 2.0, "ships_from": -4.0, "price": -1.0, "title_tokens": 3.0}
    assert dependent_excess(fields) == pytest.approx(2.0)
    # one agreement per group, or comparisons outside every group: nothing counted twice
    alone = {"username": 11.0, "style": 6.0, "shipping": 9.0, "role": 5.0, "habits": 8.0}
    assert dependent_excess(alone) == 0.0
    grouped = {name for group in DEPENDENT for name in group}
    assert not grouped & {"username", "style", "shipping", "phrases", "vendors"}


def _one_trade(link_case: LinkCase) -> tuple[str, str]:
    """Two vendors with like names (no hard link) selling one product from one country, among
    80 vendors of other trades to measure how rare agreement is."""
    for i in range(40):
        v = link_case.account(f"m1:{i}", f"shop{i}x{i * 7}")
        link_case.listing(v, f"{i}g thing{i}", f"Drugs > Cat{i % 9}", "NL")
        w = link_case.account(f"m2:{i}", f"store{i}y{i * 3}")
        link_case.listing(w, f"{i}g other{i}", f"Cat{(i + 4) % 9}", "DE")
    a = link_case.account("m1:x", "GreenDragon77")
    b = link_case.account("m2:x", "GreenDragons77")
    for v, category in ((a, "Drugs > Cannabis > Weed"), (b, "Weed")):
        link_case.listing(v, "10g Amnesia Haze", category, "ES")
    return a, b


def test_two_vendors_of_one_trade_with_only_a_like_name_stay_apart(link_case: LinkCase) -> None:
    # one category, one country, one title: the trade, said three times, is one agreement;
    # a like name besides is not enough for a person
    a, b = _one_trade(link_case)
    persons = link_case.link(vendor_match_probability=0.5, match_probability=0.5)
    assert persons[a] != persons[b]
    # the pair is scored all the same: its weight is the fields' sum less the excess
    persons = link_case.link(vendor_match_probability=0.0, match_probability=0.0)
    assert persons[a] == persons[b]
    with link_case.case.connect(read_only=True) as con:
        weight, probability, fields = con.execute(
            "SELECT match_weight, probability, fields FROM link_edges "
            "WHERE rule = 'model' AND ? IN (account_a, account_b) AND ? IN (account_a, account_b)",
            [a, b],
        ).fetchall()[0]
    excess = dependent_excess(json.loads(fields))
    assert excess > 1.0  # categories and title words agreed
    assert probability < 0.5 < 1.0 / (1.0 + 2.0 ** -(weight + excess))
    assert probability == pytest.approx(1.0 / (1.0 + 2.0**-weight))


def test_shares_of_pairs_each_comparison_compares_are_counted_exactly() -> None:
    mem = duckdb.connect(":memory:")
    mem.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES "
        "(1, 'a', NULL), (2, 'b', 'x'), (3, NULL, 'y'), (4, 'c', NULL), (5, 'd', NULL)) "
        "AS v(unique_id, name, style)"
    )
    name = cl.ExactMatch("name").get_comparison("duckdb")
    # compared only where one side has no name (as the style comparison where habits are known)
    style = cl.CustomComparison(
        output_column_name="style",
        comparison_levels=[
            cll.CustomLevel(
                "style_l IS NULL OR style_r IS NULL OR (name_l IS NOT NULL AND name_r IS NOT NULL)",
                "no style, or names compared",
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("style"),
            cll.ElseLevel(),
        ],
    ).get_comparison("duckdb")
    (name_share, pairs), (style_share, _) = compared_shares(mem, "t", [name, style])
    assert pairs == 10.0
    assert name_share == pytest.approx(6 / 10)  # four accounts with a name: six pairs
    assert style_share == pytest.approx(1 / 10)  # only (2, 3): styles, and 3 has no name
    assert not math.isnan(style_share)


def test_a_level_no_stranger_reached_gets_its_own_comparisons_floor() -> None:
    mem = duckdb.connect(":memory:")
    mem.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a', 'x'), (2, 'b', 'y')) "
        "AS v(unique_id, name, style)"
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[cl.ExactMatch("name"), cl.ExactMatch("style")],
        probability_two_random_records_match=0.01,
    )
    frame = DuckDBAPI(connection=mem).register("t")
    linker = Linker(frame, settings, log_level=None, validate_settings=False)
    # measured: the else levels; never reached: the exact levels; the style is compared on
    # few pairs, so half of one of them is a larger share
    set_u(linker, [[None, 0.9], [None, 0.8]], [1e-6, 1e-4])
    name, style = linker._settings_obj.comparisons
    assert [lvl.u_probability for lvl in name._comparison_levels_excluding_null] == [1e-6, 0.9]
    assert [lvl.u_probability for lvl in style._comparison_levels_excluding_null] == [1e-4, 0.8]
