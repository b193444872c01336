"""How much a group of dependent comparisons over-counts, measured on strangers: a second
agreement adds what it adds given the first, never more than independent evidence, never less
than nothing."""

from __future__ import annotations

import math

import duckdb
import pytest
import splink.comparison_library as cl

from seized.link.estimate import Dependence, level_sql, measure_dependence, poisson_upper
from seized.link.model import DEPENDENT, MEASURED, dependent_excess

PLACE = DEPENDENT.index(("habits", "hours"))
TRADE = DEPENDENT.index(("role", "categories", "ships_from", "title_tokens", "price"))


def test_the_poisson_upper_bound_matches_its_exact_values() -> None:
    # exact one-sided 95 % bounds: 2.996 for 0 seen, 10.51 for 5, 118.1 for 100
    assert poisson_upper(0.0, 1.645) == pytest.approx(2.996, rel=0.01)
    assert poisson_upper(5.0, 1.645) == pytest.approx(10.51, rel=0.01)
    assert poisson_upper(100.0, 1.645) == pytest.approx(118.1, rel=0.01)


def test_independent_comparisons_over_count_almost_nothing() -> None:
    # 10 % agree on the first and, independently, 20 % on the second, among a million pairs
    counts = {(0, 0): 20_000.0, (0, 1): 80_000.0, (1, 0): 180_000.0, (1, 1): 720_000.0}
    excess = Dependence(counts).excess((0, 0))
    assert excess is not None
    assert 0.0 <= excess < 0.03


def test_agreements_strangers_share_over_count_by_their_lift() -> None:
    # among strangers agreeing on the first, half agree on the second, against 20 % overall:
    # the second agreement is 2.5 times likelier than apart, and the independent sum
    # over-counts by about log2(2.5)
    counts = {(0, 0): 50_000.0, (0, 1): 50_000.0, (1, 0): 150_000.0, (1, 1): 750_000.0}
    excess = Dependence(counts).excess((0, 0))
    assert excess == pytest.approx(math.log2(0.05 / (0.1 * 0.2)), abs=0.03)
    # strangers agreeing on one alone are rarer than apart: that adds nothing
    assert Dependence(counts).excess((0, 1)) == 0.0


def test_a_pattern_few_strangers_reached_counts_at_its_upper_bound() -> None:
    # one pair of 10,000 agrees on both, 0.01 expected: the bound of one pair seen
    counts = {(0, 0): 1.0, (0, 1): 99.0, (1, 0): 99.0, (1, 1): 9801.0}
    excess = Dependence(counts).excess((0, 0))
    assert excess == pytest.approx(math.log2(poisson_upper(1.0, 1.645) / 1.0), abs=0.01)
    # one comparison compared: nothing counted twice
    counts[(0, -1)] = 500.0
    assert Dependence(counts).excess((0, -1)) == 0.0
    # pairs with a comparison missing are a population of their own; one never seen says nothing
    assert Dependence({**counts, (-1, -1, -1): 5.0}).excess((0, 0, -1)) is None
    assert Dependence({(1, 1): 10.0}).excess((0, 0)) is None


def test_the_measured_excess_replaces_the_bound_up_to_it() -> None:
    fields = {"habits": 15.0, "hours": 4.9, "username": 3.0}
    patterns = [(-1, -1, -1, -1, -1), (0, 0)]
    lift = {(0, 0): 50_000.0, (0, 1): 50_000.0, (1, 0): 150_000.0, (1, 1): 750_000.0}
    measured: list[Dependence | None] = [None, None]
    measured[PLACE] = Dependence(lift)
    place_patterns = patterns if PLACE == 1 else patterns[::-1]
    got = dependent_excess(fields, place_patterns, measured)
    assert got == pytest.approx(math.log2(2.5), abs=0.03)
    # a lift beyond the bound: the strongest agreement alone still counts
    strong = {(0, 0): 9_900.0, (0, 1): 100.0, (1, 0): 100.0, (1, 1): 989_900.0}
    measured[PLACE] = Dependence(strong)
    assert dependent_excess(fields, place_patterns, measured) == pytest.approx(4.9)
    # nothing measured for a group: the bound
    assert dependent_excess(fields, place_patterns, [None, None]) == pytest.approx(4.9)
    assert dependent_excess(fields) == pytest.approx(4.9)


def test_the_trade_keeps_its_bound_and_the_place_is_measured() -> None:
    assert DEPENDENT[PLACE] in MEASURED
    assert DEPENDENT[TRADE] not in MEASURED


def test_levels_count_from_the_most_similar_with_minus_one_for_missing() -> None:
    mem = duckdb.connect(":memory:")
    comparison = cl.ArrayIntersectAtSizes("habits", [3, 2, 1]).get_comparison("duckdb")
    rows = mem.execute(
        "SELECT " + level_sql(comparison) + " FROM (VALUES "
        "(['a', 'b', 'c'], ['a', 'b', 'c', 'd']), (['a', 'b'], ['b', 'a']), (['a'], ['a']),"
        " (['a'], ['b']), (NULL, ['a'])) AS v(habits_l, habits_r)"
    ).fetchall()
    assert [r[0] for r in rows] == [0, 1, 2, 3, -1]


def _accounts(mem: duckdb.DuckDBPyConnection, together: bool) -> None:
    """400 accounts on two markets; their ``a`` and ``b`` each take one of 4 values, evenly on
    each market, ``b`` the same as ``a`` (``together``) or independent of it (every pair of
    values equally often)."""
    b = "a" if together else "(i // 4) % 4"
    mem.execute(
        "CREATE OR REPLACE TABLE f AS SELECT 'x' || i AS unique_id, 'm' || (i // 200) AS market_id,"
        f" (i % 4) AS a, ({b}) AS b FROM (SELECT range AS i FROM range(400))"
    )


def test_strangers_sharing_everything_show_the_dependence() -> None:
    mem = duckdb.connect(":memory:")
    group = [
        cl.ExactMatch("a").get_comparison("duckdb"),
        cl.ExactMatch("b").get_comparison("duckdb"),
    ]
    _accounts(mem, together=True)
    (joined,) = measure_dependence(mem, "f", [group], 20_000, 7)
    # b agrees exactly when a does: a quarter of the pairs, against a sixteenth apart
    assert joined.excess((0, 0)) == pytest.approx(2.0, abs=0.15)
    _accounts(mem, together=False)
    (apart,) = measure_dependence(mem, "f", [group], 20_000, 7)
    excess = apart.excess((0, 0))
    assert excess is not None and excess < 0.4
    # the same sample on every run
    assert measure_dependence(mem, "f", [group], 20_000, 7)[0].counts == apart.counts
