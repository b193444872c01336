"""The probabilistic record-linkage model: Splink (Fellegi-Sunter) on DuckDB.

Two models share the comparisons. Cross-market pairs of accounts are proposed by blocking rules
(a shared normalized username, the same product mix or stock phrase from the same country, a
shared shipping address, the same way of opening and closing messages); pairs on one market (a
second account, a sock puppet) by their own (the name written alike, a shared shipping
address), with a username model for a market that holds each name once and a prior
of their own; :mod:`seized.link.resolve` asks more of those. Both score names, role, categories,
ships-from, listing words, price level, writing habits (stock phrases, message openings and
closings), shipping addresses, the daily rhythm of activity and, for buyers, the vendors they
buy from. The u probabilities are measured on the case by random sampling of pairs within one
market (strangers, almost surely); the m probabilities are set (:data:`M_PROBABILITIES`), those
of behaviour measured on the hard-linked pairs where there are enough
(:mod:`seized.link.estimate`); the prior comes from the hard links found. Comparisons that
one cause drives among strangers (a trade; a place) are not independent: a scored pair's weight
loses what each such group counts more than once (:data:`DEPENDENT`): for a place, as much as
strangers who agree on one of its comparisons agree more often on the other; for a trade, all
but its strongest agreement. A pair left below the match probability by that is dropped.
Splink works in a private in-memory database, so none of its bookkeeping lands in the case
store.

The settings are built for an SQL dialect (:data:`Dialect`): the same comparisons, levels,
blocking rules, priors and probabilities for DuckDB and for Spark, so the Spark engine
(:mod:`seized.spark.link`) scores the candidate pairs with the very model the case store
does; everything before and after the scoring runs in DuckDB either way (:class:`Scoring`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

from seized.db import limit_memory
from seized.link.estimate import (
    HABIT_SIZES,
    HOURS_COSINE,
    NAME_JARO_WINKLER,
    STYLE_SIZES,
    TF_COLUMNS,
    VENDOR_SIZES,
    Dependence,
    build_name_frequencies,
    level_sql,
    market_u,
    measure_dependence,
    measure_m,
    read_columns,
    set_u,
    shipping_u,
)
from seized.link.options import LinkOptions

#: Comparisons whose match weights are reported as the fields that drove a link.
FIELDS: tuple[str, ...] = (
    "username",
    "role",
    "categories",
    "ships_from",
    "title_tokens",
    "price",
    "phrases",
    "shipping",
    "habits",
    "hours",
    "vendors",
    "style",
)


@dataclass
class ModelLink:
    account_a: str
    account_b: str
    match_weight: float
    probability: float
    fields: dict[str, float] = field(default_factory=dict)


#: How often the accounts of one person agree at each level (m probabilities, per comparison,
#: from the most to the least similar level). They are set, not trained: a vendor keeps their
#: product families, ships-from country, stock phrases and price range across markets; about half
#: reuse their name exactly. The u probabilities are measured on the case (random sampling).
M_PROBABILITIES: dict[str, list[float]] = {
    "username": [0.5, 0.05, 0.06, 0.09, 0.05, 0.05, 0.2],
    "role": [0.3, 0.67, 0.03],
    "categories": [0.35, 0.6, 0.05],
    "ships_from": [0.95, 0.05],
    "title_tokens": [0.3, 0.5, 0.2],
    "price": [0.45, 0.4, 0.15],
    "phrases": [0.35, 0.6, 0.05],
    "shipping": [0.8, 0.2],
    "habits": [0.45, 0.3, 0.15, 0.1],
    "hours": [0.6, 0.3, 0.1],
    "vendors": [0.3, 0.3, 0.25, 0.15],
    "style": [0.4, 0.3, 0.2, 0.1],
}

#: The username levels' m probabilities for two accounts of one person on one market: a market
#: holds each name once, so the second name is the first written another way, or a new one.
SAME_MARKET_USERNAME_M = [0.001, 0.3, 0.25, 0.06, 0.03, 0.02, 0.339]


#: The SQL dialect of the engine that runs the model.
Dialect = Literal["duckdb", "spark"]


def _intersection(dialect: Dialect, column: str) -> str:
    """SQL: how many values the two sides' lists of ``column`` share (NULL or below 0 when a
    side has none)."""
    if dialect == "spark":
        return f"size(array_intersect({column}_l, {column}_r))"
    return f"len(list_intersect({column}_l, {column}_r))"


def _cosine(dialect: Dialect, column: str) -> str:
    """SQL: the cosine similarity of the two sides' vectors of ``column`` (Spark has no such
    function: its higher-order array functions compute it)."""
    if dialect == "duckdb":
        return f"list_cosine_similarity({column}_l, {column}_r)"
    left, right = f"{column}_l", f"{column}_r"

    def total(values: str) -> str:
        return f"aggregate({values}, CAST(0.0 AS DOUBLE), (acc, x) -> acc + x)"

    def norm(side: str) -> str:
        return f"sqrt({total(f'transform({side}, x -> x * x)')})"

    dot = total(f"zip_with({left}, {right}, (x, y) -> x * y)")
    norms = f"{norm(left)} * {norm(right)}"
    return f"({dot}) / nullif({norms}, 0.0)"


def _comparisons(
    measured: dict[str, list[float]] | None = None, dialect: Dialect = "duckdb"
) -> list[Any]:
    m = {**M_PROBABILITIES, **(measured or {})}
    name = cl.CustomComparison(
        output_column_name="username",
        comparison_levels=[
            cll.NullLevel("name_compact"),
            cll.ExactMatchLevel("name_exact", term_frequency_adjustments=True),
            cll.ExactMatchLevel("name_compact", term_frequency_adjustments=True),
            cll.ExactMatchLevel("name_leet"),
            cll.ExactMatchLevel("name_norm", term_frequency_adjustments=True),
            *[cll.JaroWinklerLevel("name_norm", bound) for bound in NAME_JARO_WINKLER],
            cll.ElseLevel(),
        ],
    ).configure(m_probabilities=m["username"])
    price = cl.CustomComparison(
        output_column_name="price",
        comparison_levels=[
            cll.NullLevel("price_level"),
            cll.CustomLevel("abs(price_level_l - price_level_r) <= 0.15", "within 0.15 log10"),
            cll.CustomLevel("abs(price_level_l - price_level_r) <= 0.5", "within 0.5 log10"),
            cll.ElseLevel(),
        ],
    ).configure(m_probabilities=m["price"])
    return [
        name,
        cl.CustomComparison(
            output_column_name="role",
            comparison_levels=[
                cll.NullLevel("trade_role"),
                cll.CustomLevel(
                    "trade_role_l = 'vendor' AND trade_role_r = 'vendor'", "both vendors"
                ),
                cll.ExactMatchLevel("trade_role"),
                cll.ElseLevel(),
            ],
        ).configure(m_probabilities=m["role"]),
        cl.ArrayIntersectAtSizes("categories", [2, 1]).configure(m_probabilities=m["categories"]),
        cl.ArrayIntersectAtSizes("ships_from", [1]).configure(m_probabilities=m["ships_from"]),
        cl.ArrayIntersectAtSizes("title_tokens", [4, 2]).configure(
            m_probabilities=m["title_tokens"]
        ),
        price,
        cl.ArrayIntersectAtSizes("phrases", [2, 1]).configure(m_probabilities=m["phrases"]),
        cl.ArrayIntersectAtSizes("shipping", [1]).configure(m_probabilities=m["shipping"]),
        cl.ArrayIntersectAtSizes("habits", list(HABIT_SIZES)).configure(
            m_probabilities=m["habits"]
        ),
        cl.CustomComparison(
            output_column_name="hours",
            comparison_levels=[
                cll.NullLevel("hours"),
                *[
                    cll.CustomLevel(
                        f"{_cosine(dialect, 'hours')} >= {bound}",
                        f"daily rhythms alike to {bound}",
                    )
                    for bound in HOURS_COSINE
                ],
                cll.ElseLevel(),
            ],
        ).configure(m_probabilities=m["hours"]),
        cl.ArrayIntersectAtSizes("vendors", list(VENDOR_SIZES)).configure(
            m_probabilities=m["vendors"]
        ),
        # the writing style where habits say nothing (one side has none): both say much the
        # same where both are known, and one person's evidence must not count twice
        cl.CustomComparison(
            output_column_name="style",
            comparison_levels=[
                cll.CustomLevel(
                    "style_l IS NULL OR style_r IS NULL"
                    " OR (habits_l IS NOT NULL AND habits_r IS NOT NULL)",
                    "no style, or habits compared",
                ).configure(is_null_level=True),
                *[
                    cll.CustomLevel(
                        f"{_intersection(dialect, 'style')} >= {size}",
                        f"{size} grams of the style in common",
                    )
                    for size in STYLE_SIZES
                ],
                cll.ElseLevel(),
            ],
        ).configure(m_probabilities=m["style"]),
    ]


def same_market_rules() -> list[Any]:
    """Rules proposing pairs of accounts of one market: the name written alike, a shipping
    address. Behaviour alone does not propose them: vendors of one trade and country on one
    market resemble each other in everything but who they are."""
    same_market = "l.market_id = r.market_id"
    return [
        f"l.name_compact_block = r.name_compact_block AND {same_market}",
        f"l.name_leet_block = r.name_leet_block AND {same_market}",
        block_on("ship_keys", "market_id", arrays_to_explode=["ship_keys"]),
    ]


def blocking_rules() -> list[Any]:
    """Rules proposing candidate pairs; only pairs across markets are compared."""
    other_market = "l.market_id <> r.market_id"
    rules: list[Any] = [
        f"l.name_compact_block = r.name_compact_block AND {other_market}",
        f"l.name_leet_block = r.name_leet_block AND {other_market}",
        f"l.name_block = r.name_block AND {other_market}",
        f"l.phrase_block = r.phrase_block AND {other_market}",
        f"l.categories_block = r.categories_block AND {other_market}",
        f"l.habit_key = r.habit_key AND {other_market}",
        # two habits in common (pairs within one market are left to the same-market model)
        block_on("habit_pairs", arrays_to_explode=["habit_pairs"]),
        # every shipping address two accounts share, on one market or two
        block_on("ship_keys", arrays_to_explode=["ship_keys"]),
        # a band of the writing style's min-hashes
        block_on("style_keys", arrays_to_explode=["style_keys"]),
    ]
    return rules


def settings(
    prior: float,
    measured: dict[str, list[float]] | None = None,
    rules: list[Any] | None = None,
    dialect: Dialect = "duckdb",
) -> SettingsCreator:
    """The model's Splink settings in ``dialect``'s SQL."""
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=_comparisons(measured, dialect),
        blocking_rules_to_generate_predictions=blocking_rules() if rules is None else rules,
        probability_two_random_records_match=prior,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )


def _prior(features: int, hard_pairs: int) -> float:
    """The chance that two random accounts are one person, from the hard links found.

    Hard links find part of the true pairs; assume half, and never less than one pair per
    hundred accounts.
    """
    pairs = max(features * (features - 1) / 2, 1.0)
    return min(max(2.0 * hard_pairs, features / 100.0) / pairs, 0.5)


# Hard links within one market, and pairs of accounts of one market. The first account's market
# is looked up apart (MATERIALIZED): left to itself, DuckDB joined the accounts with each other on
# the market first, billions of rows for a large case, and the hard links to them after.
_SAME_MARKET_PAIRS = """
WITH a AS MATERIALIZED (
    SELECT h.account_b, l.market_id FROM link_hard AS h
      JOIN link_features AS l ON l.unique_id = h.account_a
)
SELECT (SELECT count(*) FROM a JOIN link_features AS r
          ON r.unique_id = a.account_b AND r.market_id = a.market_id),
       (SELECT coalesce(sum(n * (n - 1) / 2), 0)
          FROM (SELECT count(*)::DOUBLE AS n FROM link_features GROUP BY market_id))
"""


def _same_market_prior(con: duckdb.DuckDBPyConnection, features: int) -> float:
    """The chance that two random accounts of one market are one person: from the hard links
    within markets, assumed half of such pairs, and never less than one pair per thousand
    accounts (one person rarely holds two accounts on one market)."""
    hard, pairs = con.execute(_SAME_MARKET_PAIRS).fetchall()[0]
    return min(max(2.0 * float(hard), features / 1000.0) / max(float(pairs), 1.0), 0.5)


@dataclass
class Model:
    """One of the two models: its name, whether it scores pairs of one market, and its
    settings in an engine's dialect."""

    name: str
    one_market: bool
    settings: Callable[[Dialect], SettingsCreator]


@dataclass
class Scoring:
    """What the scoring of candidate pairs needs besides ``link_features`` and the name
    frequency tables (``link_tf_<column>``): the models, their u probabilities (measured in the
    case store, the same for every engine; ``floors``, per comparison, for a level no stranger
    reached) and the match probability kept."""

    models: list[Model]
    u: list[list[float | None]]
    floors: list[float]
    threshold: float

    def linker(self, frame: Any, model: Model, dialect: Dialect) -> Linker:
        """A Splink linker of ``model`` on ``frame`` (the features, registered with a database
        API of ``dialect``), its u probabilities set."""
        linker = Linker(frame, model.settings(dialect), log_level=None, validate_settings=False)
        set_u(linker, self.u, self.floors)
        return linker


#: Scores the candidate pairs of the features in ``mem`` with every model of the scoring;
#: returns each model's scored pairs (``unique_id_l``, ``unique_id_r``, ``match_weight``,
#: ``match_probability`` and the ``mw_...`` columns) as the name of a table in ``mem``, None
#: when it scored none.
Scorer = Callable[[duckdb.DuckDBPyConnection, Scoring], dict[str, str | None]]


def score_in_duckdb(mem: duckdb.DuckDBPyConnection, scoring: Scoring) -> dict[str, str | None]:
    """The :data:`Scorer` of the case store: Splink on DuckDB, in ``mem``."""
    api = DuckDBAPI(connection=mem)
    frame = api.register("link_features")
    scored: dict[str, str | None] = {}
    for model in scoring.models:
        linker = scoring.linker(frame, model, "duckdb")
        for column in TF_COLUMNS:
            lookup = api.register(f"link_tf_{column}")
            linker.table_management.register_term_frequency_lookup(lookup, column)
        found = linker.inference.predict(
            threshold_match_probability=scoring.threshold, warning_mode="never"
        )
        scored[model.name] = found.physical_name
    return scored


def predict(
    con: duckdb.DuckDBPyConnection,
    options: LinkOptions,
    hard_pairs: int,
    score: Scorer = score_in_duckdb,
) -> list[ModelLink]:
    """Pairs of ``link_features`` scored at or above the match probability: across markets by
    one model, on one market by the other. ``score`` runs the models on the candidate pairs
    (:func:`score_in_duckdb`, or the Spark engine's); the rest runs here."""
    table = con.sql("SELECT * FROM link_features ORDER BY unique_id").to_arrow_table()
    if table.num_rows < 2:
        return []
    measured = measure_m(con)
    mem = duckdb.connect(":memory:")
    # bounded like the case store's connection, spilling where it spills
    spill = con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0]
    limit_memory(mem, Path(spill) if spill else None)
    try:
        mem.register("link_features_arrow", table)
        mem.execute("CREATE TABLE link_features AS SELECT * FROM link_features_arrow")
        mem.unregister("link_features_arrow")
        mem.execute(f"SELECT setseed({(options.seed % 1000) / 1000.0})").fetchall()
        api = DuckDBAPI(connection=mem)
        logging.getLogger("splink").setLevel(logging.ERROR)
        prior = _prior(table.num_rows, hard_pairs)
        pairs = options.u_sample_pairs
        values, floors = market_u(mem, api, pairs, options.seed, lambda: settings(prior))
        values[FIELDS.index("shipping")][0] = shipping_u(mem)
        same_prior = _same_market_prior(con, table.num_rows)
        same_m = {**measured, "username": SAME_MARKET_USERNAME_M}
        build_name_frequencies(mem)
        models = [
            Model("cross", False, lambda dialect: settings(prior, measured, dialect=dialect)),
            Model(
                "same",
                True,
                lambda dialect: settings(same_prior, same_m, same_market_rules(), dialect),
            ),
        ]
        groups = dependent_comparisons()
        chosen = [g for name, g in zip(DEPENDENT, groups, strict=True) if name in MEASURED]
        strangers = iter(measure_dependence(mem, "link_features", chosen, pairs, options.seed))
        dependence = [next(strangers) if name in MEASURED else None for name in DEPENDENT]
        scoring = Scoring(models, values, floors, options.match_probability)
        scored = score(mem, scoring)
        links: list[ModelLink] = []
        for model in models:
            found = scored.get(model.name)
            if found is not None:
                links += _links(
                    mem, found, model.one_market, options.match_probability, groups, dependence
                )
        return sorted(links, key=lambda link: (link.account_a, link.account_b))
    finally:
        mem.close()


#: Comparisons that one cause drives among strangers, so that their agreements are not
#: independent evidence: vendors of one trade share their role, product categories, the country
#: they ship from, the words of their titles (which name the products) and the price level; and
#: people of one place share the lines they open and close messages with (their language) and
#: the hours they are active (their time zone). The model adds each comparison's weight as if
#: independent; a link's weight loses what a group's agreements count more than once
#: (:func:`dependent_excess`), as measured on strangers
#: (:func:`seized.link.estimate.measure_dependence`).
DEPENDENT: tuple[tuple[str, ...], ...] = (
    ("role", "categories", "ships_from", "title_tokens", "price"),
    ("habits", "hours"),
)

#: The groups of :data:`DEPENDENT` whose over-count is measured on strangers
#: (:func:`dependent_excess`). The trade's group keeps the bound: its telling patterns (two
#: vendors sharing categories, titles and a price level) rest on the few pairs of vendors in a
#: sample of strangers (about 1 % of it, a handful of pairs per pattern on the synthetic medium
#: case), and measured there it cost precision on both medium seeds (over the pairs with
#: evidence 0.991 -> 0.987 and 0.998 -> 0.992, for 3 and 1 more pairs linked by behaviour
#: only).
MEASURED: tuple[tuple[str, ...], ...] = (("habits", "hours"),)


def dependent_comparisons() -> list[list[Any]]:
    """The comparisons of each group of :data:`DEPENDENT`, in DuckDB's SQL (their levels do
    not depend on the m probabilities)."""
    comparisons = {
        c.output_column_name: c for c in (made.get_comparison("duckdb") for made in _comparisons())
    }
    return [[comparisons[name] for name in group] for group in DEPENDENT]


def dependent_excess(
    fields: dict[str, float],
    patterns: list[tuple[int, ...]] | None = None,
    dependence: list[Dependence | None] | None = None,
) -> float:
    """The match weight that ``fields`` (comparison -> weight) count more than once, summed
    over the groups of :data:`DEPENDENT`.

    A group with two agreements or more (positive weights) over-counts at most its positive
    weights beyond the largest one: counting the strongest agreement alone is the bound, right
    when the others add nothing to it. Where ``dependence`` (per group, measured on strangers
    for the groups of :data:`MEASURED`, None for the others) can tell for the pair's
    ``patterns`` of levels (per group, :func:`level_sql`), the group loses what the strangers
    show it over-counts (:meth:`Dependence.excess`), up to that bound: a second agreement then
    adds log2(m / u) with u taken given the first. Disagreements (negative weights) all count.
    """
    excess = 0.0
    for g, group in enumerate(DEPENDENT):
        agreeing = [fields[name] for name in group if fields.get(name, 0.0) > 0.0]
        if len(agreeing) < 2:
            continue
        bound = sum(agreeing) - max(agreeing)
        measured = None
        if patterns is not None and dependence is not None:
            found = dependence[g]
            measured = found.excess(patterns[g]) if found is not None else None
        excess += bound if measured is None else min(measured, bound)
    return excess


def _probability(match_weight: float) -> float:
    """The match probability of a match weight (log2 of the odds)."""
    return 1.0 / (1.0 + math.pow(2.0, -match_weight))


def _links(
    mem: duckdb.DuckDBPyConnection,
    table: str,
    one_market: bool,
    threshold: float,
    groups: list[list[Any]] | None = None,
    dependence: list[Dependence | None] | None = None,
) -> list[ModelLink]:
    """The scored pairs of ``table`` on one market (``one_market``) or across markets, their
    match weight without the :func:`dependent_excess` (each group's pattern of levels read
    from ``link_features``); those left below ``threshold`` are dropped."""
    groups = groups or []
    columns = {str(r[0]) for r in mem.execute(f'DESCRIBE "{table}"').fetchall()}
    features = [str(r[0]) for r in mem.execute('DESCRIBE "link_features"').fetchall()]
    parts = []
    for name in FIELDS:
        terms = [f'coalesce("{c}", 0)' for c in (f"mw_{name}", f"mw_tf_adj_{name}") if c in columns]
        parts.append(" + ".join(terms) if terms else "NULL")
    every = [comparison for group in groups for comparison in group]
    used = read_columns(features, every)
    sides = "".join(f', l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in used)
    levels = "".join(f", {level_sql(c)}" for c in every)
    rows = mem.execute(
        "SELECT unique_id_l, unique_id_r, match_weight, match_probability, "
        + ", ".join(parts)
        + levels
        + " FROM (SELECT p.*"
        + sides
        + f' FROM "{table}" AS p'
        " JOIN link_features AS l ON l.unique_id = p.unique_id_l"
        " JOIN link_features AS r ON r.unique_id = p.unique_id_r"
        " WHERE (l.market_id = r.market_id) = ?) ORDER BY unique_id_l, unique_id_r",
        [one_market],
    ).fetchall()
    links: list[ModelLink] = []
    width = 4 + len(FIELDS)
    for row in rows:
        a, b = sorted((str(row[0]), str(row[1])))
        weights = {
            name: round(float(w), 2)
            for name, w in zip(FIELDS, row[4:width], strict=True)
            if w is not None
        }
        exact = {
            name: float(w) for name, w in zip(FIELDS, row[4:width], strict=True) if w is not None
        }
        patterns: list[tuple[int, ...]] = []
        start = width
        for group in groups:
            patterns.append(tuple(int(v) for v in row[start : start + len(group)]))
            start += len(group)
        excess = dependent_excess(exact, patterns, dependence)
        weight = float(row[2]) - excess
        probability = _probability(weight) if excess else float(row[3])
        if probability >= threshold:
            links.append(ModelLink(a, b, weight, probability, weights))
    return links
