"""Roles, scores and the reasons behind them (weights and method in docs/ranking.md).

A person's score is ``100 × role weight × Σ component weight × component``, each component
between 0 and 1:

- ``money``: revenue (vendors), spend (buyers, resellers) or the finalized turnover of the markets
  they run (admins, staff), as the square root of its share of the largest in the same role group
  (money is heavy-tailed: the root keeps the second tier apart from the small fry);
- ``volume``: sales, purchases or the markets' sales, the root of the share of the largest;
- ``reach``: distinct customers or suppliers (staff: markets run), likewise;
- ``links``: accounts beyond the first that ``seized link`` tied to the person (up to 4 more);
- ``exposure``: how actionable the person is — the country confidence and whether money was
  traced to a tagged service (an exchange can be asked who its customer is).

Money dominates by design: within a role the order follows revenue or spend unless two persons
are close, and then the other components decide. Persons without evidence of trade (no revenue,
spend, sales, feedback or purchases) and without a staff role are ranked after everyone with it,
by their number of listings, then score and person id: they never fill a top list by a tie.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from seized.rank.countries import Assignment
from seized.rank.economics import Calibration
from seized.rank.estimates import ListingCalibration

#: Weight of each component (they add up to 1).
WEIGHTS: Final[dict[str, float]] = {
    "money": 0.98,
    "volume": 0.005,
    "reach": 0.005,
    "links": 0.005,
    "exposure": 0.005,
}
#: How much each role weighs: market operators and vendors first. Resellers weigh as much as
#: buyers: the role names them, and their order among buyers follows spend.
ROLE_WEIGHTS: Final[dict[str, float]] = {
    "admin": 1.0,
    "vendor": 1.0,
    "staff": 0.8,
    "reseller": 0.5,
    "buyer": 0.5,
}
#: Role groups normalised together (a reseller's spend is compared with every buyer's).
GROUPS: Final[dict[str, str]] = {
    "admin": "staff",
    "staff": "staff",
    "vendor": "vendor",
    "reseller": "buyer",
    "buyer": "buyer",
}
#: A buyer is a suspected reseller with at least this many bulk purchases ...
RESELLER_MIN_BULK = 3
#: ... making up at least this share of their purchases.
RESELLER_MIN_SHARE = 0.5
_ADMIN_NAMES: Final[tuple[str, ...]] = ("admin", "administrator", "root", "owner", "sysop")
_LINKS_CAP = 4
#: What every revenue estimate leaves open (Soska and Christin, USENIX Security 2015).
ESTIMATE_CAVEATS: Final[tuple[str, ...]] = (
    "feedback and sales counters stand in for sales: buyers who leave no feedback are missed "
    "(a lower bound), fake feedback or sales inflate it",
    "a counted sale is one unit of the listing at the price shown when it was counted; the "
    "price paid and the units per order are not known",
    "listings with implausible prices (placeholders, price 0) value no sale",
    "observations of one listing are recognised by market, vendor, title and counter start",
)
#: Revenue methods, in the order ``economics.revenue_method`` joins them with '+'.
METHODS: Final[tuple[str, ...]] = ("orders", "feedback", "listing_sales", "listing_feedback")


@dataclass(slots=True)
class Facts:
    """What the ranking knows about one person (from ``economics`` and the accounts)."""

    person_id: str
    account_roles: list[str]
    accounts: list[str]
    markets: list[str]
    linked: bool
    revenue_sats: int = 0
    revenue_orders_sats: int = 0
    revenue_estimated_sats: int = 0
    revenue_method: str = "none"
    sales: int = 0
    feedback_count: int = 0
    customers: int = 0
    spend_sats: int = 0
    purchases: int = 0
    bulk_purchases: int = 0
    suppliers: int = 0
    listings: int = 0
    grams_sold: float = 0.0
    units_sold: float = 0.0
    grams_bought: float = 0.0
    units_bought: float = 0.0
    categories: dict[str, int] = field(default_factory=dict)
    top_category: str | None = None
    first_activity: datetime | None = None
    last_activity: datetime | None = None
    active_months: int = 0
    counted_sales: int = 0  # sales counted by listing counters (estimates)
    estimate_listings: int = 0
    excluded_listings: int = 0  # listings with an implausible price
    estimate_detail: dict[str, int] = field(default_factory=dict)
    staff_names: list[str] = field(default_factory=list)
    staff_markets: list[str] = field(default_factory=list)
    market_turnover_sats: int = 0  # finalized turnover of the markets they run (staff)
    market_sales: int = 0
    cashout_sats: int = 0
    cashout_labels: list[str] = field(default_factory=list)


def role_of(f: Facts) -> tuple[str, list[str]]:
    """The person's role and why: admin/staff > vendor > suspected reseller > buyer."""
    roles = set(f.account_roles)
    if "staff" in roles:
        admin = [n for n in f.staff_names if n.casefold().startswith(_ADMIN_NAMES)]
        markets = ", ".join(f.staff_markets)
        if admin:
            return "admin", [f"staff account named {admin[0]!r} on {markets}"]
        return "staff", [f"staff account on {markets}"]
    if "vendor" in roles or f.revenue_sats > 0 or f.listings > 0:
        why = []
        if "vendor" in roles:
            why.append("vendor account")
        if f.listings:
            why.append(f"{f.listings} listings")
        if f.revenue_sats:
            why.append("sales")
        return "vendor", why
    if f.bulk_purchases >= RESELLER_MIN_BULK and f.bulk_purchases >= RESELLER_MIN_SHARE * max(
        f.purchases, 1
    ):
        return "reseller", [f"{f.bulk_purchases} of {f.purchases} purchases in dealer quantities"]
    return "buyer", ["buyer account" if "buyer" in roles else "purchases only"]


def raw_components(f: Facts, role: str) -> dict[str, float]:
    """Unnormalised money, volume and reach of a person in their role."""
    group = GROUPS[role]
    if group == "staff":
        return {
            "money": float(f.market_turnover_sats),
            "volume": float(f.market_sales),
            "reach": float(len(f.staff_markets)),
        }
    if group == "vendor":
        return {
            "money": float(f.revenue_sats),
            "volume": float(f.sales or f.feedback_count or f.counted_sales),
            "reach": float(f.customers),
        }
    return {
        "money": float(f.spend_sats),
        "volume": float(f.purchases),
        "reach": float(f.suppliers),
    }


@dataclass
class Scored:
    person_id: str
    role: str
    score: float
    reasons: dict[str, Any]
    summary: str


def _btc(sats: int) -> str:
    return f"{sats / 1e8:,.2f} BTC"


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def _methods(f: Facts) -> list[str]:
    return [m for m in f.revenue_method.split("+") if m in METHODS]


def revenue_basis(f: Facts, calibrations: tuple[Calibration, ListingCalibration]) -> str:
    """How a person's revenue was obtained, with an estimate's method and what it left out."""
    feedback, listing = calibrations
    d = f.estimate_detail
    parts = []
    for method in _methods(f):
        if method == "orders":
            parts.append(f"{_btc(f.revenue_orders_sats)} from {f.sales} finalized orders")
        elif method == "feedback":
            text = (
                f"estimate from {d.get('feedback', 0):,} feedback: price of the reviewed listing, "
                f"{feedback.describe()}"
            )
            if d.get("feedback_excluded"):
                text += f"; {d['feedback_excluded']:,} feedback not valued (implausible price)"
            if d.get("feedback_median_priced"):
                text += (
                    f"; {d['feedback_median_priced']:,} feedback on listings the case does not "
                    "hold valued at the vendor's median plausible price"
                )
            parts.append(text)
        elif method == "listing_sales":
            parts.append(
                f"estimate from the sales counters of {_n(d.get('sold_listings', 0), 'listing')}: "
                f"{_n(d.get('sold_counted', 0), 'sale')} counted, each one unit at the listing's "
                "price when counted"
            )
        else:
            parts.append(
                f"estimate from the feedback counters of "
                f"{_n(d.get('feedback_listings', 0), 'listing')}: {d.get('feedback_counted', 0):,} "
                "feedback counted, each one unit at the listing's price when counted, "
                f"{listing.describe()}"
            )
    if not parts:
        return "no orders, feedback or listing counters of sales"
    if d.get("listing_excluded"):
        parts.append(f"{_n(d['listing_excluded'], 'counted sale')} not valued (implausible price)")
    if f.excluded_listings:
        parts.append(f"{_n(f.excluded_listings, 'listing')} with an implausible price left out")
    if set(_methods(f)) - {"orders"}:
        parts.append("method of Soska and Christin (2015); caveats in the reasons")
    return "; ".join(parts)


def has_evidence(f: Facts, role: str, raw: dict[str, float]) -> bool:
    """Whether the person traded (revenue, spend, sales, feedback, purchases) or ran a market."""
    return GROUPS[role] == "staff" or raw["money"] > 0 or raw["volume"] > 0


def order_key(s: Scored, f: Facts) -> tuple[int, float, float, str]:
    """Sort key of the ranking: evidence of trade first by score; then the rest by listings."""
    if s.reasons.get("ranking", {}).get("evidence", True):
        return (0, -s.score, 0.0, s.person_id)
    return (1, -float(f.listings), -s.score, s.person_id)


def score_person(
    f: Facts,
    role: str,
    role_why: list[str],
    raw: dict[str, float],
    maxima: dict[str, dict[str, float]],
    country: Assignment,
    calibrations: tuple[Calibration, ListingCalibration],
) -> Scored:
    """Score one person; ``maxima`` holds the largest raw component per role group."""
    group = GROUPS[role]
    values: dict[str, float] = {}
    for name in ("money", "volume", "reach"):
        top = maxima[group].get(name, 0.0)
        values[name] = (raw[name] / top) ** 0.5 if top > 0 else 0.0
    values["links"] = min(len(f.accounts) - 1, _LINKS_CAP) / _LINKS_CAP if f.linked else 0.0
    values["exposure"] = 0.5 * country.confidence + (0.5 if f.cashout_sats > 0 else 0.0)
    weight = ROLE_WEIGHTS[role]
    components = {
        name: {
            "value": raw.get(name, values[name]),
            "share": round(values[name], 4),
            "weight": WEIGHTS[name],
            "points": round(100 * weight * WEIGHTS[name] * values[name], 3),
        }
        for name in WEIGHTS
    }
    score = round(sum(c["points"] for c in components.values()), 3)
    reasons: dict[str, Any] = {
        "role": role,
        "role_evidence": role_why,
        "role_weight": weight,
        "components": components,
        "person": {
            "accounts": f.accounts,
            "markets": f.markets,
            "basis": (
                "accounts linked into one person by seized link"
                if f.linked
                else "account taken as its own person (no linking results for it)"
            ),
        },
        "money": {
            "revenue_sats": f.revenue_sats,
            "revenue_orders_sats": f.revenue_orders_sats,
            "revenue_estimated_sats": f.revenue_estimated_sats,
            "revenue_method": f.revenue_method,
            "spend_sats": f.spend_sats,
            "sales": f.sales,
            "purchases": f.purchases,
            "bulk_purchases": f.bulk_purchases,
            "categories": f.categories,
            "top_category": f.top_category,
            "customers": f.customers,
            "suppliers": f.suppliers,
            "listings": f.listings,
            "feedback_count": f.feedback_count,
        },
        "activity": {
            "first": f.first_activity.isoformat() if f.first_activity else None,
            "last": f.last_activity.isoformat() if f.last_activity else None,
            "months": f.active_months,
        },
        "country": {
            "country": country.country,
            "confidence": country.confidence,
            "evidence": country.evidence,
        },
        "cashouts": {"sats": f.cashout_sats, "labels": f.cashout_labels},
    }
    reasons["money"]["basis"] = revenue_basis(f, calibrations)
    if set(_methods(f)) - {"orders"}:
        reasons["money"]["estimate_method"] = "+".join(m for m in _methods(f) if m != "orders")
        reasons["money"]["estimate_caveats"] = list(ESTIMATE_CAVEATS)
        reasons["money"]["counted_sales"] = f.counted_sales
        reasons["money"]["estimate_listings"] = f.estimate_listings
    if f.revenue_estimated_sats:
        feedback, listing = calibrations
        methods = _methods(f)
        reasons["money"]["estimate"] = "; ".join(
            [feedback.describe()] * ("feedback" in methods)
            + ["listed price × counted sales"] * ("listing_sales" in methods)
            + [listing.describe()] * ("listing_feedback" in methods)
        )
    if f.excluded_listings:
        reasons["money"]["excluded_listings"] = f.excluded_listings
    if not has_evidence(f, role, raw):
        reasons["ranking"] = {
            "evidence": False,
            "note": (
                "no revenue, spend, sales, feedback or purchases recorded or estimated: ranked "
                "after every person with such evidence, by number of listings"
            ),
        }
    if group == "staff":
        reasons["money"]["market_turnover_sats"] = f.market_turnover_sats
        reasons["money"]["market_sales"] = f.market_sales
        reasons["money"]["staff_markets"] = f.staff_markets
    return Scored(f.person_id, role, score, reasons, summary(f, role, country))


def _estimate_words(f: Facts) -> str:
    d = f.estimate_detail
    sources = {
        "feedback": f"{f.feedback_count} feedback",
        "listing_sales": f"the sales counters of {_n(d.get('sold_listings', 0), 'listing')}",
        "listing_feedback": (
            f"the feedback counters of {_n(d.get('feedback_listings', 0), 'listing')}"
        ),
    }
    methods = _methods(f)
    named = " and ".join(sources[m] for m in methods if m in sources)
    if not named:
        return "with no recorded sales"
    if "orders" in methods:
        return (
            f"from {f.sales} finalized sales plus an estimate from {named} where orders are missing"
        )
    return f"estimated from {named} (no orders seized)"


def summary(f: Facts, role: str, country: Assignment) -> str:
    """One sentence a person reads."""
    where = " and ".join(f.markets) if len(f.markets) < 3 else f"{len(f.markets)} markets"
    accounts = f"{len(f.accounts)} accounts" if len(f.accounts) > 1 else "1 account"
    if GROUPS[role] == "staff":
        head = (
            f"{'Administrator' if role == 'admin' else 'Staff member'} of {where} ({accounts}); "
            f"the market{'s' if len(f.staff_markets) > 1 else ''} turned over "
            f"{_btc(f.market_turnover_sats)} in finalized orders"
        )
    elif role == "vendor":
        how = {
            "orders": f"from {f.sales} finalized sales",
            "feedback": f"estimated from {f.feedback_count} feedback (no orders seized)",
            "orders+feedback": (
                f"from {f.sales} finalized sales plus an estimate from feedback where orders "
                "are missing"
            ),
        }.get(f.revenue_method) or _estimate_words(f)
        head = f"Vendor on {where} ({accounts}) with {_btc(f.revenue_sats)} revenue {how}"
        if f.top_category:
            head += f", mostly {f.top_category}"
    else:
        label = "Suspected reseller" if role == "reseller" else "Buyer"
        head = (
            f"{label} on {where} ({accounts}) who spent {_btc(f.spend_sats)} "
            f"in {f.purchases} purchases"
        )
        if role == "reseller":
            head += f", {f.bulk_purchases} of them in dealer quantities"
        if f.top_category:
            head += f", mostly {f.top_category}"
    tail = f"; country {country.sentence()}" if country.country else "; no country evidence"
    if f.cashout_sats:
        tail += f"; {_btc(f.cashout_sats)} traced to {', '.join(f.cashout_labels[:3])}"
    if not f.linked and len(f.accounts) == 1:
        tail += " (not linked to other accounts yet)"
    return head + tail + "."
