"""The ``rank`` stage: listing products, economics, country evidence and targets in one
transaction, recorded in ``meta.stages`` with a fingerprint of its inputs (a second run with the
same inputs does nothing), then checksums and a custody entry.

Works with whatever the earlier stages left: without ``persons`` every account is its own person,
without decrypted addresses, identifiers or cash-outs the countries rest on the other evidence,
and without orders revenue is estimated from listing counters or feedback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from seized.case import Case
from seized.geo.geoip import database
from seized.model import table_checksum
from seized.rank import score as scoring
from seized.rank.countries import Assignment, assign, evidence_rows, gather
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
SELECT e.person_id, acc.roles, e.accounts, e.markets, acc.linked,
       e.revenue_sats, e.revenue_orders_sats, e.revenue_estimated_sats, e.revenue_method,
       e.sales, e.feedback_count, e.customers, e.spend_sats, e.purchases, e.bulk_purchases,
       e.suppliers, e.listings, e.grams_sold, e.units_sold, e.grams_bought, e.units_bought,
       e.categories, e.top_category, e.first_activity, e.last_activity, e.active_months,
       e.counted_sales, e.estimate_listings, e.excluded_listings, e.estimate_detail,
       acc.staff_names, acc.staff_markets, cash.sats, cash.labels
FROM economics AS e JOIN acc USING (person_id) LEFT JOIN cash USING (person_id)
ORDER BY e.person_id
"""

_TURNOVER = """
SELECT market_id, sum(amount_sats), count(*) FROM rank_orders
WHERE status = 'finalized' AND market_id IS NOT NULL GROUP BY market_id
"""

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
        ("revenue_sats", pa.int64()),
        ("spend_sats", pa.int64()),
        ("markets", pa.list_(pa.string())),
        ("accounts", pa.list_(pa.string())),
        ("revenue_method", pa.string()),
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


def _facts(con: duckdb.DuckDBPyConnection) -> list[scoring.Facts]:
    turnover = {str(m): (int(s or 0), int(n or 0)) for m, s, n in con.execute(_TURNOVER).fetchall()}
    facts: list[scoring.Facts] = []
    reader = con.sql(_FACTS).to_arrow_reader(8192)
    if reader is not None:
        for batch in reader:
            for row in batch.to_pylist():
                markets = list(row["staff_markets"] or [])
                facts.append(
                    scoring.Facts(
                        person_id=row["person_id"],
                        account_roles=list(row["roles"] or []),
                        accounts=list(row["accounts"] or []),
                        markets=list(row["markets"] or []),
                        linked=bool(row["linked"]),
                        revenue_sats=int(row["revenue_sats"] or 0),
                        revenue_orders_sats=int(row["revenue_orders_sats"] or 0),
                        revenue_estimated_sats=int(row["revenue_estimated_sats"] or 0),
                        revenue_method=str(row["revenue_method"]),
                        sales=int(row["sales"] or 0),
                        feedback_count=int(row["feedback_count"] or 0),
                        customers=int(row["customers"] or 0),
                        spend_sats=int(row["spend_sats"] or 0),
                        purchases=int(row["purchases"] or 0),
                        bulk_purchases=int(row["bulk_purchases"] or 0),
                        suppliers=int(row["suppliers"] or 0),
                        listings=int(row["listings"] or 0),
                        grams_sold=float(row["grams_sold"] or 0),
                        units_sold=float(row["units_sold"] or 0),
                        grams_bought=float(row["grams_bought"] or 0),
                        units_bought=float(row["units_bought"] or 0),
                        categories=json.loads(row["categories"] or "{}"),
                        top_category=row["top_category"],
                        first_activity=row["first_activity"],
                        last_activity=row["last_activity"],
                        active_months=int(row["active_months"] or 0),
                        counted_sales=int(row["counted_sales"] or 0),
                        estimate_listings=int(row["estimate_listings"] or 0),
                        excluded_listings=int(row["excluded_listings"] or 0),
                        estimate_detail={
                            k: int(v)
                            for k, v in json.loads(row["estimate_detail"] or "{}").items()
                            if v is not None
                        },
                        staff_names=list(row["staff_names"] or []),
                        staff_markets=markets,
                        market_turnover_sats=sum(turnover.get(m, (0, 0))[0] for m in markets),
                        market_sales=sum(turnover.get(m, (0, 0))[1] for m in markets),
                        cashout_sats=int(row["sats"] or 0),
                        cashout_labels=list(row["labels"] or []),
                    )
                )
    return facts


def _write_evidence(
    con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, str, int, str]]
) -> None:
    con.execute("DELETE FROM country_evidence")
    if not rows:
        return
    table = pa.table(
        {
            "person_id": [r[0] for r in rows],
            "kind": [r[1] for r in rows],
            "country": [r[2] for r in rows],
            "items": pa.array([r[3] for r in rows], pa.int32()),
            "example": [r[4] for r in rows],
        }
    )
    con.register("rank_evidence_batch", table)
    try:
        con.execute("INSERT INTO country_evidence SELECT * FROM rank_evidence_batch")
    finally:
        con.unregister("rank_evidence_batch")


def _write_targets(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    con.execute("DELETE FROM targets")
    names = _TARGET_SCHEMA.names
    for start in range(0, len(rows), 50_000):
        chunk = rows[start : start + 50_000]
        table = pa.table({n: [r[n] for r in chunk] for n in names}, schema=_TARGET_SCHEMA)
        con.register("rank_target_batch", table)
        try:
            columns = ", ".join(f'"{n}"' for n in names)
            con.execute(f"INSERT INTO targets ({columns}) SELECT {columns} FROM rank_target_batch")
        finally:
            con.unregister("rank_target_batch")


def rank_store(con: duckdb.DuckDBPyConnection, progress: Progress | None = None) -> RankSummary:
    """Fill the ranking tables in the open transaction of ``con``; ``progress`` is told as each
    of :data:`PHASES` begins and ends."""
    ended = phases(progress, "rank", PHASES)
    listings = fill_listing_products(con)
    price_flags = flag_prices(con)
    ended("products")
    prepare_accounts(con)
    calibration, listing_calibration = fill_economics(con)
    ended("economics")
    evidence = gather(con)
    _write_evidence(con, list(evidence_rows(evidence)))
    ended("countries")
    facts = _facts(con)
    roles = [scoring.role_of(f) for f in facts]
    raws = [scoring.raw_components(f, role) for f, (role, _) in zip(facts, roles, strict=True)]
    maxima: dict[str, dict[str, float]] = {g: {} for g in set(scoring.GROUPS.values())}
    for (role, _), raw in zip(roles, raws, strict=True):
        top = maxima[scoring.GROUPS[role]]
        for name, value in raw.items():
            top[name] = max(top.get(name, 0.0), value)
    scored: list[tuple[scoring.Scored, Assignment, scoring.Facts]] = []
    for f, (role, why), raw in zip(facts, roles, raws, strict=True):
        country = assign(evidence.get(f.person_id, {}))
        s = scoring.score_person(
            f, role, why, raw, maxima, country, (calibration, listing_calibration)
        )
        scored.append((s, country, f))
    # persons with evidence of trade (or a staff role) first, by score; the others after them
    scored.sort(key=lambda item: scoring.order_key(item[0], item[2]))
    ended("scores")
    rows = []
    for position, (s, country, f) in enumerate(scored, start=1):
        s.reasons["rank"] = position
        rows.append(
            {
                "person_id": s.person_id,
                "role": s.role,
                "score": s.score,
                "rank": position,
                "country": country.country,
                "country_confidence": country.confidence,
                "reasons": json.dumps(s.reasons, sort_keys=True, default=str),
                "summary": s.summary,
                "country_evidence": json.dumps(country.evidence, sort_keys=True),
                "revenue_sats": f.revenue_sats,
                "spend_sats": f.spend_sats,
                "markets": f.markets,
                "accounts": f.accounts,
                "revenue_method": f.revenue_method,
                "revenue_basis": s.reasons["money"]["basis"],
            }
        )
    _write_targets(con, rows)
    ended("targets")
    counts: dict[str, int] = {}
    methods: dict[str, int] = {}
    for s, _, f in scored:
        counts[s.role] = counts.get(s.role, 0) + 1
        if f.revenue_method != "none":
            methods[f.revenue_method] = methods.get(f.revenue_method, 0) + 1
    return RankSummary(
        persons=len(rows),
        listings=listings,
        calibration=calibration,
        listing_calibration=listing_calibration,
        price_flags=price_flags,
        methods=dict(sorted(methods.items())),
        roles=dict(sorted(counts.items())),
        with_country=sum(1 for _, c, _ in scored if c.country),
        linked=any(f.linked for f in facts),
    )


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
        run.outputs = {t: table_checksum(run.con, t)[0] for t in OUTPUTS}
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
