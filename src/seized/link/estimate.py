"""What the model learns from the case itself: m probabilities measured on the hard-linked
pairs, u probabilities measured among strangers (pairs of accounts of one market), how much more
often strangers agree on dependent comparisons together than apart, and how common each
username is.

:mod:`seized.link.model` builds the comparisons and runs Splink with these.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
from splink import Linker, SettingsCreator
from splink.backends.duckdb import DuckDBAPI
from splink.internals.constants import LEVEL_NOT_OBSERVED_TEXT

#: Comparisons whose m probabilities are measured on the hard-linked pairs when there are
#: enough of them: behaviour does not depend on how a link was found; names are measured on the
#: pairs a shared key, address, handle, e-mail or phone tied (a reused name is itself a rule).
#: Level bounds shared by the model's comparisons and :func:`measure_m`, most similar first.
NAME_JARO_WINKLER = (0.96, 0.88)
HABIT_SIZES = (3, 2, 1)
HOURS_COSINE = (0.8, 0.5)
VENDOR_SIZES = (3, 2, 1)
STYLE_SIZES = (24, 16, 8)

MEASURED_M: dict[str, str] = {
    # the username levels of the model's comparisons, as a score from 6 (same name) down to 0
    "username": (
        "CASE WHEN l.name_exact = r.name_exact THEN 6 WHEN l.name_compact = r.name_compact THEN 5"
        " WHEN l.name_leet = r.name_leet THEN 4 WHEN l.name_norm = r.name_norm THEN 3"
        f" WHEN jaro_winkler_similarity(l.name_norm, r.name_norm) >= {NAME_JARO_WINKLER[0]} THEN 2"
        f" WHEN jaro_winkler_similarity(l.name_norm, r.name_norm) >= {NAME_JARO_WINKLER[1]} THEN 1"
        " ELSE 0 END"
    ),
    "habits": "len(list_intersect(l.habits, r.habits))",
    "hours": "list_cosine_similarity(l.hours, r.hours)",
    "vendors": "len(list_intersect(l.vendors, r.vendors))",
    "style": "CASE WHEN l.habits IS NULL OR r.habits IS NULL"
    " THEN len(list_intersect(l.style, r.style)) END",
}
#: Level bounds per measured comparison, from the most similar level down (as in
#: the model's comparisons).
_BOUNDS: dict[str, tuple[float, ...]] = {
    "username": (6, 5, 4, 3, 2, 1),
    "habits": HABIT_SIZES,
    "hours": HOURS_COSINE,
    "vendors": VENDOR_SIZES,
    "style": STYLE_SIZES,
}
#: The column that is NULL when a comparison has no value (its null level).
_NULL_COLUMN: dict[str, str] = {"username": "name_compact"}
#: Hard rules that say something about a comparison, so their pairs cannot measure it.
_BIASED_RULES: dict[str, tuple[str, ...]] = {"username": ("same_username", "similar_username")}
#: Fewer hard-linked pairs with a value on both sides than this: keep the set m probabilities.
MIN_M_PAIRS = 50
#: Fewer sampled pairs of strangers with a value on both sides than this: a comparison's floor
#: is that of the whole sample (:func:`market_u`).
MIN_U_PAIRS = 1000


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
                ) WHERE v IS NOT NULL
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


#: The columns whose term frequencies the model reads from ``link_tf_<column>``.
TF_COLUMNS = ("name_compact", "name_exact")


def build_name_frequencies(mem: duckdb.DuckDBPyConnection) -> None:
    """Fill ``link_tf_name_compact`` and ``link_tf_name_exact`` from ``link_features``."""
    mem.execute(_NAME_FREQUENCIES)
    mem.execute(_EXACT_FREQUENCIES)


def market_u(
    mem: duckdb.DuckDBPyConnection,
    api: DuckDBAPI,
    pairs: float,
    seed: int,
    settings: Callable[[], SettingsCreator],
) -> tuple[list[list[float | None]], list[float]]:
    """u probabilities measured on pairs of accounts of one market, and per comparison the
    floor for a level that no sampled pair of strangers reached (:func:`set_u`).

    One person rarely holds two accounts on one market, so such pairs are almost all strangers;
    pairs drawn across markets would include the very matches being sought, and for the telling
    levels (a shared shipping address, an exact rare name) those would swamp the strangers.

    A level's u is a share of the sampled pairs on which its comparison has a value on both
    sides, so the floor is half a pair of those: a comparison that few pairs have (the writing
    style where habits are missing) saw few strangers, and a level none of them reached is
    not thereby rarer than half of one of them. Below :data:`MIN_U_PAIRS` such pairs there is
    nothing to measure by, and the floor is half a pair of the whole sample.
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
    compared: list[float] = []
    for i, market in enumerate(markets):
        name = f"link_market_{i}"
        mem.execute(
            f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM link_features WHERE market_id = ?",
            [market],
        )
        linker = Linker(api.register(name), settings(), log_level=None, validate_settings=False)
        sampled = max(pairs / len(markets), 1e4)
        linker.training.estimate_u_using_random_sampling(
            max_pairs=sampled, seed=seed + i, num_chunks=1
        )
        comparisons = linker._settings_obj.comparisons
        shares = compared_shares(mem, name, comparisons)
        if not compared:
            compared = [0.0] * len(comparisons)
        for c, (share, all_pairs) in enumerate(shares):
            # Splink samples about ``sampled`` pairs, or all of them on a small market
            compared[c] += min(sampled, all_pairs) * share
        for c, comparison in enumerate(comparisons):
            levels = comparison._comparison_levels_excluding_null
            if len(sums) <= c:
                sums.append([0.0] * len(levels))
                weights.append([0.0] * len(levels))
            for j, level in enumerate(levels):
                if level._u_probability not in (None, LEVEL_NOT_OBSERVED_TEXT):
                    sums[c][j] += float(level.u_probability or 0.0)
                weights[c][j] += 1.0
    values: list[list[float | None]] = [
        [total / n if total > 0 else None for total, n in zip(row, ns, strict=True)]
        for row, ns in zip(sums, weights, strict=True)
    ]
    # too few compared pairs to measure by: half a pair of the whole sample, as for the others
    whole = 0.5 / pairs
    return values, [0.5 / n if n >= MIN_U_PAIRS else whole for n in compared]


def compared_shares(
    mem: duckdb.DuckDBPyConnection, table: str, comparisons: list[Any]
) -> list[tuple[float, float]]:
    """Per comparison: the share of the pairs of ``table``'s accounts on which it has a value
    (it is not at its null level), and the number of those pairs, counted exactly.

    The null levels ask only whether values are missing, so the accounts are grouped by which
    of the columns they read are missing, and each null level is evaluated once per two groups
    (on a value of each), weighted by the pairs the two groups make.
    """
    columns = [str(r[0]) for r in mem.execute(f'DESCRIBE "{table}"').fetchall()]
    conditions: list[str] = []
    for comparison in comparisons:
        nulls = [lvl.sql_condition for lvl in comparison.comparison_levels if lvl.is_null_level]
        conditions.append(" OR ".join(f"({c})" for c in nulls) if nulls else "FALSE")
    used = [c for c in columns if any(f"{c}_l" in cond for cond in conditions)]
    if not used:
        total = mem.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
        n = float(total) * (float(total) - 1.0) / 2.0
        return [(1.0, n) for _ in comparisons]
    flags = ", ".join(f'"{c}" IS NULL' for c in used)
    values = ", ".join(f'any_value("{c}") AS "{c}"' for c in used)
    sides = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in used)
    counted = ", ".join(f"sum(CASE WHEN {cond} THEN 0 ELSE pairs END)" for cond in conditions)
    row = mem.execute(
        f"""
        WITH groups AS (
            SELECT row_number() OVER () AS g, * FROM (
                SELECT count(*)::DOUBLE AS n, {values} FROM "{table}" GROUP BY {flags}
            )
        )
        SELECT sum(pairs), {counted} FROM (
            SELECT CASE WHEN l.g = r.g THEN l.n * (l.n - 1) / 2 ELSE l.n * r.n END AS pairs,
                   {sides}
              FROM groups AS l JOIN groups AS r ON l.g <= r.g
        )
        """
    ).fetchall()[0]
    total = float(row[0] or 0.0)
    return [(float(n or 0.0) / total if total else 0.0, total) for n in row[1:]]


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


def shipping_u(mem: duckdb.DuckDBPyConnection) -> float | None:
    """The share of all pairs of one market's buyers that share a shipping address, counted
    exactly: strangers almost never do, so a sample would not resolve it."""
    rows = mem.execute(_SHIPPING_U).fetchall()
    return float(rows[0][0]) if rows and rows[0][0] is not None else None


def set_u(linker: Linker, values: list[list[float | None]], floors: list[float]) -> None:
    """Fix the u probabilities; a level no pair of strangers in the sample reached gets its
    comparison's floor (half a sampled pair that the comparison could compare, see
    :func:`market_u`)."""
    comparisons = linker._settings_obj.comparisons
    for comparison, row, floor in zip(comparisons, values, floors, strict=True):
        levels = comparison._comparison_levels_excluding_null
        for level, u in zip(levels, row, strict=True):
            level.u_probability = u if u else floor


#: The one-sided confidence of the upper bound on a pattern's count among the sampled strangers
#: (:meth:`Dependence.excess`): z of 95 %.
PATTERN_Z = 1.645


def level_sql(comparison: Any) -> str:
    """SQL over ``<column>_l`` / ``<column>_r``: the level a pair reaches on ``comparison``,
    -1 for its null level, 0 for its most similar level, counting up to its else level."""
    nulls = [lvl.sql_condition for lvl in comparison.comparison_levels if lvl.is_null_level]
    whens = [f"WHEN {cond} THEN -1" for cond in nulls]
    levels = comparison._comparison_levels_excluding_null
    for j, level in enumerate(levels):
        condition = level.sql_condition
        if condition.strip().upper() == "ELSE":
            whens.append(f"ELSE {j}")
            break
        whens.append(f"WHEN {condition} THEN {j}")
    return "CASE " + " ".join(whens) + " END"


def read_columns(table_columns: list[str], comparisons: list[Any]) -> list[str]:
    """The columns of a features table that ``comparisons`` read (as ``<column>_l``)."""
    conditions = " ".join(
        lvl.sql_condition for comparison in comparisons for lvl in comparison.comparison_levels
    )
    return [c for c in table_columns if f'"{c}_l"' in conditions or f"{c}_l" in conditions]


#: Pairs of accounts of one market drawn with replacement: per market ``?`` draws (at most
#: all its pairs), the two sides picked by a hash of the draw, the market and the seed, so the
#: sample is the same on every run. Each side hashes one text: DuckDB's hash of several values
#: combines theirs so that the two sides' low bits move together (their indices modulo 4 never
#: matched), which one text's hash does not.
_STRANGER_PAIRS = """
WITH acc AS MATERIALIZED (
    SELECT *, row_number() OVER (PARTITION BY market_id ORDER BY unique_id) - 1 AS rn,
           count(*) OVER (PARTITION BY market_id) AS n
      FROM "{table}"
),
markets AS (SELECT market_id, any_value(n) AS n FROM acc GROUP BY market_id HAVING n >= 2),
draws AS (
    SELECT m.market_id, m.n, t.i FROM markets AS m,
           LATERAL range(CAST(least(?, m.n * (m.n - 1) / 2) AS BIGINT)) AS t(i)
),
picks AS (
    SELECT market_id,
           hash(concat_ws(':', i, market_id, ?, 'l')) % n AS a,
           hash(concat_ws(':', i, market_id, ?, 'r')) % n AS b
      FROM draws
),
sides AS (
    SELECT {sides} FROM picks AS p
      JOIN acc AS l ON l.market_id = p.market_id AND l.rn = p.a
      JOIN acc AS r ON r.market_id = p.market_id AND r.rn = p.b
     WHERE p.a <> p.b
)
SELECT {levels}, count(*) FROM sides GROUP BY ALL
"""


@dataclass
class Dependence:
    """How often the sampled pairs of strangers reach each pattern of one group's levels
    (:func:`level_sql`, -1 where a comparison is missing), to tell how much the model
    over-counts a pattern by adding the group's weights as if independent."""

    counts: dict[tuple[int, ...], float]

    def excess(self, pattern: tuple[int, ...]) -> float | None:
        """The bits the independent weights over-count on ``pattern``: log2 of its joint u over
        the product of its comparisons' u, both among the sampled pairs with the same
        comparisons missing (so the figure is the dependence alone). The joint count is taken
        at the upper end of its 95 % confidence interval (Poisson): a pattern few strangers
        reached is not thereby independent. Never below 0: agreements that strangers reach
        together less often than apart count no more than independent evidence; a pattern with
        fewer than two comparisons compared over-counts nothing. None when the sample cannot
        tell (no pair with that mask, or a level no pair reached)."""
        mask = tuple(v < 0 for v in pattern)
        if mask.count(False) < 2:
            return 0.0  # one comparison or none: nothing counted twice
        total = 0.0
        shares = [0.0] * len(pattern)
        for seen, n in self.counts.items():
            if tuple(v < 0 for v in seen) != mask:
                continue
            total += n
            for k, v in enumerate(seen):
                if v == pattern[k]:
                    shares[k] += n
        if total <= 0.0:
            return None
        expected = total
        for k, v in enumerate(pattern):
            if v >= 0:
                expected *= shares[k] / total
        if expected <= 0.0:
            return None
        upper = poisson_upper(self.counts.get(pattern, 0.0), PATTERN_Z)
        return max(math.log2(upper / expected), 0.0)


def poisson_upper(count: float, z: float) -> float:
    """The upper end of the one-sided confidence interval of a Poisson mean, ``count`` seen
    (Wilson and Hilferty's approximation, within a few per cent from 0 counts up)."""
    n = count + 1.0
    return n * (1.0 - 1.0 / (9.0 * n) + z / (3.0 * math.sqrt(n))) ** 3


def measure_dependence(
    mem: duckdb.DuckDBPyConnection,
    table: str,
    groups: list[list[Any]],
    pairs: float,
    seed: int,
) -> list[Dependence]:
    """Per group of comparisons, how often the pairs of a sample of strangers (pairs of
    accounts of one market, about ``pairs`` in all, drawn alike on every run) reach each
    pattern of the group's levels."""
    columns = [str(r[0]) for r in mem.execute(f'DESCRIBE "{table}"').fetchall()]
    markets = mem.execute(f'SELECT count(DISTINCT market_id) FROM "{table}"').fetchall()[0][0]
    per_market = max(int(pairs / max(int(markets or 1), 1)), 1)
    # one sample for every group: the pattern over all their comparisons, split up below
    every = [comparison for group in groups for comparison in group]
    used = read_columns(columns, every)
    sides = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in used)
    levels = ", ".join(f"{level_sql(c)} AS g{k}" for k, c in enumerate(every))
    rows = mem.execute(
        _STRANGER_PAIRS.format(table=table, sides=sides, levels=levels),
        [per_market, seed, seed],
    ).fetchall()
    measured: list[Dependence] = []
    start = 0
    for group in groups:
        counts: dict[tuple[int, ...], float] = {}
        for row in rows:
            pattern = tuple(int(v) for v in row[start : start + len(group)])
            counts[pattern] = counts.get(pattern, 0.0) + float(row[-1])
        measured.append(Dependence(counts))
        start += len(group)
    return measured
