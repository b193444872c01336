"""The ``rank`` stage: listing products, economics, country evidence and targets in one
transaction, recorded in ``meta.stages`` with a fingerprint of its inputs (a second run with the
same inputs does nothing), then checksums and a custody entry.

Works with whatever the earlier stages left: without ``persons`` every account is its own person,
without decrypted addresses, identifiers or cash-outs the countries rest on the other evidence,
and without orders revenue is estimated from listing counters or feedback.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass, field, fields
from typing import Any

import duckdb
import pyarrow as pa

from seized.case import Case
from seized.geo.geoip import database
from seized.rank import score as scoring
from seized.rank.countries import Assignment, assign, evidence_by_person, evidence_json, gather
from seized.rank.economics import Calibration, fill_economics, prepare_accounts
from seized.rank.estimates import ListingCalibration
from seized.rank.prices import flag_prices
from seized.rank.products import fill_listing_products
from seized.stages import RUNTIME, Progress, StageResult, phases

STAGE = "rank"
#: Tables the ranking writes.
OUTPUTS = ["listing_products", "economics", "economics_monthly", "country_evidence", "targets"]
#: The phases progress names, in the order :func:`rank_store` runs them.
PHASES = ("products", "economics", "countries", "scores", "targets")
_VERSION = "rank-3"  # reasons with activity and counts; listing estimates and price flags

# One row per person with the columns of scoring.Facts (by name; lists and numbers never NULL),
# but for the JSON ones read in Python and the turnover of the markets staff run.
_FACTS = """
WITH acc AS (
    SELECT person_id,
           list(DISTINCT role) FILTER (WHERE role IS NOT NULL) AS roles,
           list(DISTINCT username ORDER BY username)
               FILTER (WHERE role = 'staff' AND username IS NOT NULL) AS staff_names,
           list(DISTINCT market_id ORDER BY market_id)
               FILTER (WHERE role = 'staff') AS staff_markets,
           bool_or(linked) AS linked
    FROM rank_accounts GROUP BY person_id
),
per_model AS (
    SELECT person_id, model, sum(amount_sats) AS sats, list(DISTINCT label) AS labels
    FROM cashouts
    WHERE person_id IS NOT NULL AND label IS NOT NULL
      AND coalesce(direction, 'forward') = 'forward'
    GROUP BY ALL
),
cash AS (
    SELECT person_id, max(sats) AS sats, list_sort(list_distinct(flatten(list(labels)))) AS labels
    FROM per_model GROUP BY person_id
)
SELECT e.person_id,
       coalesce(acc.roles, []) AS account_roles,
       coalesce(e.accounts, []) AS accounts,
       coalesce(e.markets, []) AS markets,
       coalesce(acc.linked, false) AS linked,
       coalesce(e.revenue_sats, 0) AS revenue_sats,
       coalesce(e.revenue_orders_sats, 0) AS revenue_orders_sats,
       coalesce(e.revenue_estimated_sats, 0) AS revenue_estimated_sats,
       e.revenue_method,
       coalesce(e.sales, 0) AS sales,
       coalesce(e.feedback_count, 0) AS feedback_count,
       coalesce(e.customers, 0) AS customers,
       coalesce(e.spend_sats, 0) AS spend_sats,
       coalesce(e.purchases, 0) AS purchases,
       coalesce(e.bulk_purchases, 0) AS bulk_purchases,
       coalesce(e.suppliers, 0) AS suppliers,
       coalesce(e.listings, 0) AS listings,
       coalesce(e.grams_sold, 0)::DOUBLE AS grams_sold,
       coalesce(e.units_sold, 0)::DOUBLE AS units_sold,
       coalesce(e.grams_bought, 0)::DOUBLE AS grams_bought,
       coalesce(e.units_bought, 0)::DOUBLE AS units_bought,
       e.categories,
       e.top_category,
       e.first_activity,
       e.last_activity,
       coalesce(e.active_months, 0) AS active_months,
       coalesce(e.counted_sales, 0) AS counted_sales,
       coalesce(e.estimate_listings, 0) AS estimate_listings,
       coalesce(e.excluded_listings, 0) AS excluded_listings,
       e.estimate_detail,
       coalesce(acc.staff_names, []) AS staff_names,
       coalesce(acc.staff_markets, []) AS staff_markets,
       0 AS market_turnover_sats,
       0 AS market_sales,
       coalesce(cash.sats, 0)::BIGINT AS cashout_sats,
       coalesce(cash.labels, []) AS cashout_labels
FROM economics AS e JOIN acc USING (person_id) LEFT JOIN cash USING (person_id)
ORDER BY e.person_id
"""

_TURNOVER = """
SELECT market_id, sum(amount_sats), count(*) FROM rank_orders
WHERE status = 'finalized' AND market_id IS NOT NULL GROUP BY market_id
"""

#: The columns of ``targets`` the ranking computes (the others come from ``economics``).
_TARGET_SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("role", pa.string()),
        ("score", pa.float64()),
        ("rank", pa.int32()),
        ("country", pa.string()),
        ("country_confidence", pa.float64()),
        ("reasons", pa.string()),
        ("summary", pa.string()),
        ("country_evidence", pa.string()),
        ("revenue_basis", pa.string()),
    ]
)


@dataclass
class RankOptions:
    force: bool = field(default=False, metadata=RUNTIME)  # rank again even when nothing changed
    #: called as each phase (:data:`PHASES`) begins and ends
    progress: Progress | None = field(default=None, metadata=RUNTIME)


@dataclass
class RankSummary:
    persons: int
    listings: int
    calibration: Calibration
    listing_calibration: ListingCalibration
    price_flags: dict[str, int]
    methods: dict[str, int]  # persons per revenue method (none left out)
    roles: dict[str, int]
    with_country: int
    linked: bool

    def counts(self) -> dict[str, Any]:
        return {
            "persons": self.persons,
            "listings": self.listings,
            "with_country": self.with_country,
            "roles": self.roles,
            "feedback_multiplier": round(self.calibration.multiplier, 4),
            "feedback_calibrated": self.calibration.calibrated,
            "feedback_counter_multiplier": round(self.listing_calibration.multiplier, 4),
            "implausible_prices": self.price_flags,
            "revenue_methods": self.methods,
            "linked_persons": self.linked,
        }


_FIELDS = tuple(f.name for f in fields(scoring.Facts))
_NO_COUNTRY = Assignment(None, 0.0, {})
#: Targets written per insert.
_CHUNK = 50_000


def _detail(text: str | None) -> dict[str, int]:
    if not text or text == "{}":
        return {}
    return {k: int(v) for k, v in json.loads(text).items() if v is not None}


def _facts(
    con: duckdb.DuckDBPyConnection,
) -> tuple[list[scoring.Facts], list[tuple[Assignment, str]]]:
    """Every person's facts, by person id, and their country with its evidence as JSON."""
    turnover = {str(m): (int(s or 0), int(n or 0)) for m, s, n in con.execute(_TURNOVER).fetchall()}
    table = con.sql(_FACTS).to_arrow_table()
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    del table
    columns["categories"] = [json.loads(c) if c else {} for c in columns["categories"]]
    columns["estimate_detail"] = [_detail(d) for d in columns["estimate_detail"]]
    facts = [scoring.Facts(*row) for row in zip(*(columns[n] for n in _FIELDS), strict=True)]
    for f in facts:
        if f.staff_markets:
            f.market_turnover_sats = sum(turnover.get(m, (0, 0))[0] for m in f.staff_markets)
            f.market_sales = sum(turnover.get(m, (0, 0))[1] for m in f.staff_markets)
    del columns
    evidence = evidence_by_person(con)
    countries: list[tuple[Assignment, str]] = []
    for f in facts:
        found = evidence.get(f.person_id)
        if found is None:
            countries.append((_NO_COUNTRY, "{}"))
            continue
        country = assign(found)
        countries.append((country, evidence_json(country.evidence)))
    return facts, countries


def _write_evidence(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM country_evidence")
    con.execute(
        "INSERT INTO country_evidence (person_id, kind, country, items, example) "
        "SELECT person_id, kind, country, items, example FROM rank_evidence"
    )


def _write_targets(con: duckdb.DuckDBPyConnection, columns: dict[str, list[Any]]) -> None:
    """Insert targets; what ``economics`` holds of each person is read from there."""
    table = pa.table(columns, schema=_TARGET_SCHEMA)
    con.register("rank_target_batch", table)
    try:
        con.execute(
            "INSERT INTO targets (person_id, role, score, rank, country, country_confidence, "
            "reasons, summary, country_evidence, revenue_sats, spend_sats, markets, accounts, "
            "revenue_method, revenue_basis) "
            "SELECT t.person_id, t.role, t.score, t.rank, t.country, t.country_confidence, "
            "t.reasons, t.summary, t.country_evidence, coalesce(e.revenue_sats, 0), "
            "coalesce(e.spend_sats, 0), coalesce(e.markets, []), coalesce(e.accounts, []), "
            "e.revenue_method, t.revenue_basis "
            "FROM rank_target_batch AS t JOIN economics AS e USING (person_id)"
        )
    finally:
        con.unregister("rank_target_batch")


def rank_store(con: duckdb.DuckDBPyConnection, progress: Progress | None = None) -> RankSummary:
    """Fill the ranking tables in the open transaction of ``con``; ``progress`` is told as each
    of :data:`PHASES` begins and ends."""
    # the ranking makes no reference cycles; the collector's passes over the many small objects
    # it holds per person cost about a third of the time of scoring
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _rank(con, progress)
    finally:
        if collecting:
            gc.enable()


def _rank(con: duckdb.DuckDBPyConnection, progress: Progress | None) -> RankSummary:
    ended = phases(progress, "rank", PHASES)
    listings = fill_listing_products(con)
    price_flags = flag_prices(con)
    ended("products")
    prepare_accounts(con)
    calibrations = fill_economics(con)
    ended("economics")
    gather(con)
    _write_evidence(con)
    ended("countries")
    facts, countries = _facts(con)
    roles = [scoring.role_of(f) for f in facts]
    raws = [scoring.raw_components(f, role) for f, (role, _) in zip(facts, roles, strict=True)]
    maxima: dict[str, dict[str, float]] = {g: {} for g in set(scoring.GROUPS.values())}
    for (role, _), raw in zip(roles, raws, strict=True):
        top = maxima[scoring.GROUPS[role]]
        for name, value in raw.items():
            top[name] = max(top.get(name, 0.0), value)
    scores: list[tuple[list[tuple[float, float, float]], float, bool]] = []
    keys: list[tuple[int, float, float, str]] = []
    for f, (role, _), raw, (country, _) in zip(facts, roles, raws, countries, strict=True):
        components, score = scoring.score_components(f, role, raw, maxima, country.confidence)
        evidence = scoring.has_evidence(f, role, raw)
        scores.append((components, score, evidence))
        # persons with evidence of trade (or a staff role) first, by score; the others after
        # them by listings (scoring.order_key)
        if evidence:
            keys.append((0, -score, 0.0, f.person_id))
        else:
            keys.append((1, -float(f.listings), -score, f.person_id))
    order = sorted(range(len(facts)), key=keys.__getitem__)
    del keys
    ended("scores")
    con.execute("DELETE FROM targets")
    names = _TARGET_SCHEMA.names
    for start in range(0, len(order), _CHUNK):
        columns: dict[str, list[Any]] = {n: [] for n in names}
        for position, i in enumerate(order[start : start + _CHUNK], start=start + 1):
            f, (role, why), (components, score, evidence) = facts[i], roles[i], scores[i]
            country, country_json = countries[i]
            basis = scoring.revenue_basis(f, calibrations)
            columns["person_id"].append(f.person_id)
            columns["role"].append(role)
            columns["score"].append(score)
            columns["rank"].append(position)
            columns["country"].append(country.country)
            columns["country_confidence"].append(country.confidence)
            columns["reasons"].append(
                scoring.reasons_json(
                    f,
                    role,
                    why,
                    components,
                    not evidence,
                    country,
                    country_json,
                    basis,
                    position,
                    calibrations,
                )
            )
            columns["summary"].append(scoring.summary(f, role, country))
            columns["country_evidence"].append(country_json)
            columns["revenue_basis"].append(basis)
        _write_targets(con, columns)
    ended("targets")
    counts: dict[str, int] = {}
    methods: dict[str, int] = {}
    for f, (role, _) in zip(facts, roles, strict=True):
        counts[role] = counts.get(role, 0) + 1
        if f.revenue_method != "none":
            methods[f.revenue_method] = methods.get(f.revenue_method, 0) + 1
    calibration, listing_calibration = calibrations
    return RankSummary(
        persons=len(facts),
        listings=listings,
        calibration=calibration,
        listing_calibration=listing_calibration,
        price_flags=price_flags,
        methods=dict(sorted(methods.items())),
        roles=dict(sorted(counts.items())),
        with_country=sum(1 for c, _ in countries if c.country),
        linked=any(f.linked for f in facts),
    )


def _row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def rank_stage(case: Case, options: RankOptions | None = None) -> StageResult:
    """``seized rank``: score and explain targets, assign each person a country."""
    options = options or RankOptions()
    with case.stage(STAGE, options, extra=[_VERSION, database()]) as run:
        if run.skipped:
            run.result.messages[:] = [
                "targets are up to date (no input changed since the last rank)"
            ]
            return run.result
        summary = rank_store(run.con, options.progress)
        run.counts = summary.counts()
        run.checksums = list(OUTPUTS)
        run.outputs = {t: _row_count(run.con, t) for t in OUTPUTS}
        run.details.update(
            {
                **run.counts,
                "geoip": database(),
                "feedback_estimate": summary.calibration.describe(),
            }
        )
    if not summary.linked:
        run.message("no linked persons: each account is ranked as its own person (run seized link)")
    used = {m for method in summary.methods for m in method.split("+")}
    if "feedback" in used and summary.calibration.accounts == 0:
        run.message(f"revenue estimate: {summary.calibration.describe()}")
    for method, words in (("listing_sales", "sales"), ("listing_feedback", "feedback")):
        if method in used:
            persons = sum(n for m, n in summary.methods.items() if method in m.split("+"))
            run.message(
                f"revenue of {persons} person{'s' * (persons != 1)} estimated from the {words} "
                f"counters of their listings (listed price × counted {words}; "
                "targets.revenue_basis)"
            )
    if "listing_feedback" in used:
        run.message(f"revenue estimate: {summary.listing_calibration.describe()}")
    if summary.price_flags:
        flagged = ", ".join(
            f"{n} {flag.replace('_', ' ')}" for flag, n in summary.price_flags.items()
        )
        run.message(
            f"{sum(summary.price_flags.values())} listings with implausible prices are left out "
            f"of revenue estimates ({flagged}; listing_products.price_flag and price_reason)"
        )
    return run.result
