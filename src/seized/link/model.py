"""The probabilistic record-linkage model: Splink (Fellegi-Sunter) on DuckDB.

Cross-market pairs of accounts are proposed by blocking rules (a shared normalized username,
the same product mix or stock phrase from the same country, a shared shipping address, the same
way of opening and closing messages) and scored on names, role, categories, ships-from, listing
words, price level, writing habits (stock phrases, message openings and closings), shipping
addresses, the daily rhythm of activity and, for buyers, the vendors they buy from. The u
probabilities are measured on the case by random sampling of pairs within one market (strangers,
almost surely); the m probabilities are set (:data:`M_PROBABILITIES`), those of behaviour measured
on the hard-linked pairs where there are enough (:func:`measure_m`); the prior comes from the
hard links found. Splink works in a private in-memory database, so none of its bookkeeping lands
in the case store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI
from splink.internals.constants import LEVEL_NOT_OBSERVED_TEXT

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
    "username": [0.55, 0.05, 0.1, 0.05, 0.05, 0.2],
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
}


#: Comparisons whose m probabilities are measured on the hard-linked pairs when there are
#: enough of them: behaviour does not depend on how a link was found; names are measured on the
#: pairs a shared key, address, handle, e-mail or phone tied (a reused name is itself a rule).
#: Level bounds shared by :func:`_comparisons` and :func:`measure_m`, most similar first.
NAME_JARO_WINKLER = (0.96, 0.88)
HABIT_SIZES = (3, 2, 1)
HOURS_COSINE = (0.8, 0.5)
VENDOR_SIZES = (3, 2, 1)

MEASURED_M: dict[str, str] = {
    # the username levels of :func:`_comparisons`, as a score from 5 (same name) down to 0
    "username": (
        "CASE WHEN l.name_exact = r.name_exact THEN 5 WHEN l.name_compact = r.name_compact THEN 4"
        " WHEN l.name_norm = r.name_norm THEN 3"
        f" WHEN jaro_winkler_similarity(l.name_norm, r.name_norm) >= {NAME_JARO_WINKLER[0]} THEN 2"
        f" WHEN jaro_winkler_similarity(l.name_norm, r.name_norm) >= {NAME_JARO_WINKLER[1]} THEN 1"
        " ELSE 0 END"
    ),
    "habits": "len(list_intersect(l.habits, r.habits))",
    "hours": "list_cosine_similarity(l.hours, r.hours)",
    "vendors": "len(list_intersect(l.vendors, r.vendors))",
}
#: Level bounds per measured comparison, from the most similar level down (as in
#: :func:`_comparisons`).
_BOUNDS: dict[str, tuple[float, ...]] = {
    "username": (5, 4, 3, 2, 1),
    "habits": HABIT_SIZES,
    "hours": HOURS_COSINE,
    "vendors": VENDOR_SIZES,
}
#: The column that is NULL when a comparison has no value (its null level).
_NULL_COLUMN: dict[str, str] = {"username": "name_compact"}
#: Hard rules that say something about a comparison, so their pairs cannot measure it.
_BIASED_RULES: dict[str, tuple[str, ...]] = {"username": ("same_username",)}
#: Fewer hard-linked pairs with a value on both sides than this: keep the set m probabilities.
MIN_M_PAIRS = 50


def measure_m(con: duckdb.DuckDBPyConnection) -> dict[str, list[float]]:
    """m probabilities of :data:`MEASURED_M` from the pairs in ``link_hard`` (smoothed by one
    pair per level); comparisons with too few pairs are left out."""
    out: dict[str, list[float]] = {}
    for name, value in MEASURED_M.items():
        bounds = _BOUNDS[name]
        levels = " ".join(f"WHEN v >= {b} THEN {i}" for i, b in enumerate(bounds))
        column = _NULL_COLUMN.get(name, name)
        rows = con.execute(
            f"""
            SELECT level, count(*) FROM (
                SELECT CASE {levels} ELSE {len(bounds)} END AS level FROM (
                    SELECT DISTINCT h.account_a, h.account_b, {value} AS v
                      FROM link_hard AS h
                      JOIN link_features AS l ON l.unique_id = h.account_a
                      JOIN link_features AS r ON r.unique_id = h.account_b
                     WHERE l.{column} IS NOT NULL AND r.{column} IS NOT NULL
                       AND h.rule NOT IN (SELECT unnest(?::VARCHAR[]))
                )
            ) GROUP BY level
            """,
            [list(_BIASED_RULES.get(name, ()))],
        ).fetchall()
        counts = [0] * (len(bounds) + 1)
        for level, n in rows:
            counts[int(level)] = int(n)
        total = sum(counts)
        if total >= MIN_M_PAIRS:
            out[name] = [(c + 1) / (total + len(counts)) for c in counts]
    return out


def _comparisons(measured: dict[str, list[float]] | None = None) -> list[Any]:
    m = {**M_PROBABILITIES, **(measured or {})}
    name = cl.CustomComparison(
        output_column_name="username",
        comparison_levels=[
            cll.NullLevel("name_compact"),
            cll.ExactMatchLevel("name_exact", term_frequency_adjustments=True),
            cll.ExactMatchLevel("name_compact", term_frequency_adjustments=True),
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
                cll.NullLevel("role"),
                cll.CustomLevel("role_l = 'vendor' AND role_r = 'vendor'", "both vendors"),
                cll.ExactMatchLevel("role"),
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
                        f"list_cosine_similarity(hours_l, hours_r) >= {bound}",
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
    ]


def blocking_rules() -> list[Any]:
    """Rules proposing candidate pairs; only pairs across markets are compared."""
    other_market = "l.market_id <> r.market_id"
    rules: list[Any] = [
        f"l.name_compact_block = r.name_compact_block AND {other_market}",
        f"l.name_block = r.name_block AND {other_market}",
        f"l.phrase_block = r.phrase_block AND {other_market}",
        f"l.categories_block = r.categories_block AND {other_market}",
        f"l.ship_key = r.ship_key AND {other_market}",
        f"l.habit_key = r.habit_key AND {other_market}",
        # two habits in common (pairs within one market are compared too, and refused later)
        block_on("habit_pairs", arrays_to_explode=["habit_pairs"]),
    ]
    return rules


def settings(prior: float, measured: dict[str, list[float]] | None = None) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=_comparisons(measured),
        blocking_rules_to_generate_predictions=blocking_rules(),
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


def predict(
    con: duckdb.DuckDBPyConnection, options: LinkOptions, hard_pairs: int
) -> list[ModelLink]:
    """Cross-market pairs of ``link_features`` scored at or above the match probability."""
    table = con.sql("SELECT * FROM link_features").to_arrow_table()
    if table.num_rows < 2:
        return []
    measured = measure_m(con)
    mem = duckdb.connect(":memory:")
    try:
        mem.register("link_features_arrow", table)
        mem.execute("CREATE TABLE link_features AS SELECT * FROM link_features_arrow")
        mem.unregister("link_features_arrow")
        mem.execute(f"SELECT setseed({(options.seed % 1000) / 1000.0})").fetchall()
        api = DuckDBAPI(connection=mem)
        frame = api.register("link_features")
        logging.getLogger("splink").setLevel(logging.ERROR)
        prior = _prior(table.num_rows, hard_pairs)
        linker = Linker(
            frame,
            settings(prior, measured),
            log_level=None,
            validate_settings=False,
        )
        _register_name_frequencies(mem, api, linker)
        pairs = options.u_sample_pairs
        values = _market_u(mem, api, pairs, options.seed, prior)
        values[FIELDS.index("shipping")][0] = _shipping_u(mem)
        _set_u(linker, values, 0.5 / pairs)
        scored = linker.inference.predict(
            threshold_match_probability=options.match_probability, warning_mode="never"
        )
        return _links(mem, scored.physical_name)
    finally:
        mem.close()


#: How common each exact username is among strangers. Two estimates, the larger wins: the share
#: of distinct names with its letters times the share with its digits (``mike`` and ``25187``
#: apart), and the share of accounts carrying the very name beyond the two one person may hold
#: (a name on ten accounts is common, whoever holds them). Counting distinct names in the first
#: keeps a person's second account, which repeats the whole name, from making it look common.
_NAME_FREQUENCIES = """
CREATE OR REPLACE TABLE link_tf_name_compact AS
WITH counted AS (
    SELECT name_compact, count(*) AS uses FROM link_features
     WHERE name_compact IS NOT NULL GROUP BY name_compact
),
f AS (
    SELECT name_compact, uses,
           regexp_replace(name_compact, '[0-9]', '', 'g') AS letters,
           regexp_replace(name_compact, '[^0-9]', '', 'g') AS digits
      FROM counted
),
n AS (SELECT count(*)::DOUBLE AS names, sum(uses)::DOUBLE AS accounts FROM f),
pl AS (SELECT letters, count(*) / any_value(names) AS p FROM f, n GROUP BY letters),
pd AS (SELECT digits, count(*) / any_value(names) AS p FROM f, n GROUP BY digits)
SELECT f.name_compact,
       greatest(pl.p * pd.p, (f.uses - 2) / n.accounts, 1.0 / (n.accounts * n.accounts))
           AS tf_name_compact
  FROM f JOIN pl USING (letters) JOIN pd USING (digits), n
"""

#: The exact (lowercased) name takes the frequency of its compact form.
_EXACT_FREQUENCIES = """
CREATE OR REPLACE TABLE link_tf_name_exact AS
SELECT DISTINCT f.name_exact, t.tf_name_compact AS tf_name_exact
  FROM link_features AS f JOIN link_tf_name_compact AS t USING (name_compact)
 WHERE f.name_exact IS NOT NULL
"""


def _register_name_frequencies(
    mem: duckdb.DuckDBPyConnection, api: DuckDBAPI, linker: Linker
) -> None:
    mem.execute(_NAME_FREQUENCIES)
    mem.execute(_EXACT_FREQUENCIES)
    for column in ("name_compact", "name_exact"):
        frame = api.register(f"link_tf_{column}")
        linker.table_management.register_term_frequency_lookup(frame, column)


def _market_u(
    mem: duckdb.DuckDBPyConnection,
    api: DuckDBAPI,
    pairs: float,
    seed: int,
    prior: float,
) -> list[list[float | None]]:
    """u probabilities measured on pairs of accounts of one market.

    One person rarely holds two accounts on one market, so such pairs are almost all strangers;
    pairs drawn across markets would include the very matches being sought, and for the telling
    levels (a shared shipping address, an exact rare name) those would swamp the strangers.
    """
    markets = [
        str(r[0])
        for r in mem.execute(
            "SELECT market_id FROM link_features GROUP BY market_id HAVING count(*) > 1 "
            "ORDER BY count(*) DESC, market_id"
        ).fetchall()
    ]
    sums: list[list[float]] = []
    weights: list[list[float]] = []
    for i, market in enumerate(markets):
        name = f"link_market_{i}"
        mem.execute(
            f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM link_features WHERE market_id = ?",
            [market],
        )
        linker = Linker(
            api.register(name), settings(prior), log_level=None, validate_settings=False
        )
        linker.training.estimate_u_using_random_sampling(
            max_pairs=max(pairs / len(markets), 1e4),
            seed=seed + i,
            num_chunks=1,
        )
        for c, comparison in enumerate(linker._settings_obj.comparisons):
            levels = comparison._comparison_levels_excluding_null
            if len(sums) <= c:
                sums.append([0.0] * len(levels))
                weights.append([0.0] * len(levels))
            for j, level in enumerate(levels):
                if level._u_probability not in (None, LEVEL_NOT_OBSERVED_TEXT):
                    sums[c][j] += float(level.u_probability or 0.0)
                weights[c][j] += 1.0
    return [
        [total / n if total > 0 else None for total, n in zip(row, ns, strict=True)]
        for row, ns in zip(sums, weights, strict=True)
    ]


_SHIPPING_U = """
WITH s AS (
    SELECT market_id, unique_id, unnest(shipping) AS address
      FROM link_features WHERE shipping IS NOT NULL
),
shared AS (
    SELECT count(*) AS n FROM (
        SELECT DISTINCT a.unique_id, b.unique_id
          FROM s AS a JOIN s AS b
            ON a.market_id = b.market_id AND a.address = b.address AND a.unique_id < b.unique_id
    )
),
pairs AS (
    SELECT sum(c * (c - 1) / 2) AS n FROM (
        SELECT count(*)::DOUBLE AS c FROM link_features
         WHERE shipping IS NOT NULL GROUP BY market_id
    )
)
SELECT greatest(shared.n, 0.5) / pairs.n FROM shared, pairs WHERE pairs.n > 0
"""


def _shipping_u(mem: duckdb.DuckDBPyConnection) -> float | None:
    """The share of all pairs of one market's buyers that share a shipping address, counted
    exactly: strangers almost never do, so a sample would not resolve it."""
    rows = mem.execute(_SHIPPING_U).fetchall()
    return float(rows[0][0]) if rows and rows[0][0] is not None else None


def _set_u(linker: Linker, values: list[list[float | None]], floor: float) -> None:
    """Fix the u probabilities; a level no pair of strangers in the sample reached gets half a
    pair's share of the sample."""
    for comparison, row in zip(linker._settings_obj.comparisons, values, strict=True):
        levels = comparison._comparison_levels_excluding_null
        for level, u in zip(levels, row, strict=True):
            level.u_probability = u if u else floor


def _links(mem: duckdb.DuckDBPyConnection, table: str) -> list[ModelLink]:
    columns = {str(r[0]) for r in mem.execute(f'DESCRIBE "{table}"').fetchall()}
    parts = []
    for name in FIELDS:
        terms = [f'coalesce("{c}", 0)' for c in (f"mw_{name}", f"mw_tf_adj_{name}") if c in columns]
        parts.append(" + ".join(terms) if terms else "NULL")
    rows = mem.execute(
        "SELECT unique_id_l, unique_id_r, match_weight, match_probability, "
        + ", ".join(parts)
        + f' FROM "{table}"'
    ).fetchall()
    links: list[ModelLink] = []
    for row in rows:
        a, b = sorted((str(row[0]), str(row[1])))
        weights = {
            name: round(float(w), 2)
            for name, w in zip(FIELDS, row[4:], strict=True)
            if w is not None
        }
        links.append(ModelLink(a, b, float(row[2]), float(row[3]), weights))
    return links
