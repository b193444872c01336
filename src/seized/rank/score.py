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

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from json.encoder import encode_basestring_ascii as _encode_text
from operator import itemgetter
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
#: Why a person without evidence of trade is ranked after the others.
_NO_EVIDENCE: Final = (
    "no revenue, spend, sales, feedback or purchases recorded or estimated: ranked after every "
    "person with such evidence, by number of listings"
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


def score_components(
    f: Facts,
    role: str,
    raw: dict[str, float],
    maxima: dict[str, dict[str, float]],
    confidence: float,
) -> tuple[list[tuple[float, float, float]], float]:
    """Each component's (value, share, points), in the order of :data:`WEIGHTS`, and the score
    (their points' sum); ``maxima`` holds the largest raw component per role group,
    ``confidence`` is the country's."""
    top = maxima[GROUPS[role]]
    values: list[float] = []
    for name in ("money", "volume", "reach"):
        most = top.get(name, 0.0)
        values.append((raw[name] / most) ** 0.5 if most > 0 else 0.0)
    values.append(min(len(f.accounts) - 1, _LINKS_CAP) / _LINKS_CAP if f.linked else 0.0)
    values.append(0.5 * confidence + (0.5 if f.cashout_sats > 0 else 0.0))
    weight = ROLE_WEIGHTS[role]
    components = [
        (raw.get(name, value), round(value, 4), round(100 * weight * share * value, 3))
        for (name, share), value in zip(WEIGHTS.items(), values, strict=True)
    ]
    return components, round(sum(points for _, _, points in components), 3)


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
    weight = ROLE_WEIGHTS[role]
    parts, score = score_components(f, role, raw, maxima, country.confidence)
    components = {
        name: {"value": value, "share": share, "weight": WEIGHTS[name], "points": points}
        for name, (value, share, points) in zip(WEIGHTS, parts, strict=True)
    }
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
        reasons["money"]["estimate"] = _estimate(f, calibrations)
    if f.excluded_listings:
        reasons["money"]["excluded_listings"] = f.excluded_listings
    if not has_evidence(f, role, raw):
        reasons["ranking"] = {"evidence": False, "note": _NO_EVIDENCE}
    if group == "staff":
        reasons["money"]["market_turnover_sats"] = f.market_turnover_sats
        reasons["money"]["market_sales"] = f.market_sales
        reasons["money"]["staff_markets"] = f.staff_markets
    return Scored(f.person_id, role, score, reasons, summary(f, role, country))


def _estimate(f: Facts, calibrations: tuple[Calibration, ListingCalibration]) -> str:
    """How an estimated revenue was reached: the calibrations behind its methods."""
    feedback, listing = calibrations
    methods = _methods(f)
    return "; ".join(
        [feedback.describe()] * ("feedback" in methods)
        + ["listed price × counted sales"] * ("listing_sales" in methods)
        + [listing.describe()] * ("listing_feedback" in methods)
    )


# -- reasons as JSON text, person after person ------------------------------------------------
#
# Building every person's nested reasons and encoding them costs more than all the rest of the
# ranking. The text is instead filled into a template per shape of the reasons (which optional
# keys they hold): json.dumps of the reasons with a marker for each value that varies, so the
# keys, their order and every constant are json.dumps' own. Each value is encoded as json.dumps
# encodes it (strings ASCII-escaped, floats by repr). score_person stays the reference.

_SLOT = re.compile(r'"\\u0000([a-z_.]+)\\u0000"')
_LINKED = {
    True: json.dumps("accounts linked into one person by seized link"),
    False: json.dumps("account taken as its own person (no linking results for it)"),
}
_ROLE_WEIGHTS_TEXT = {role: json.dumps(weight) for role, weight in ROLE_WEIGHTS.items()}
_float = float.__repr__  # json.dumps writes a (finite) float as its repr
_COMPONENT_SLOTS = tuple((f"{n}.value", f"{n}.share", f"{n}.points") for n in WEIGHTS)


def _strings(items: list[str]) -> str:
    """A list of strings as json.dumps writes it."""
    try:
        return "[" + ", ".join(map(_encode_text, items)) + "]"
    except TypeError:  # not only strings
        return json.dumps(items)


def _counts(counts: dict[str, int]) -> str:
    """A dict of counts as json.dumps writes it with sorted keys."""
    if not counts:
        return "{}"
    if all(type(v) is int for v in counts.values()):
        return "{" + ", ".join(f"{_encode_text(k)}: {counts[k]}" for k in sorted(counts)) + "}"
    return json.dumps(counts, sort_keys=True)


def _slot(name: str) -> str:
    return f"\x00{name}\x00"


@lru_cache(maxsize=64)
def _template(
    estimate_method: bool, estimate: bool, excluded: bool, ranking: bool, staff: bool
) -> tuple[str, Callable[[dict[str, str]], tuple[str, ...]]]:
    """The reasons of one shape as a %-format text with a slot for each varying value, and what
    picks the values of the slots, in their order, from the values by name."""
    money: dict[str, Any] = {
        key: _slot(key)
        for key in (
            "revenue_sats",
            "revenue_orders_sats",
            "revenue_estimated_sats",
            "revenue_method",
            "spend_sats",
            "sales",
            "purchases",
            "bulk_purchases",
            "categories",
            "top_category",
            "customers",
            "suppliers",
            "listings",
            "feedback_count",
            "basis",
        )
    }
    if estimate_method:
        money["estimate_method"] = _slot("estimate_method")
        money["estimate_caveats"] = list(ESTIMATE_CAVEATS)
        money["counted_sales"] = _slot("counted_sales")
        money["estimate_listings"] = _slot("estimate_listings")
    if estimate:
        money["estimate"] = _slot("estimate")
    if excluded:
        money["excluded_listings"] = _slot("excluded_listings")
    if staff:
        for key in ("market_turnover_sats", "market_sales", "staff_markets"):
            money[key] = _slot(key)
    reasons: dict[str, Any] = {
        "role": _slot("role"),
        "role_evidence": _slot("role_evidence"),
        "role_weight": _slot("role_weight"),
        "components": {
            name: {
                "value": _slot(f"{name}.value"),
                "share": _slot(f"{name}.share"),
                "weight": weight,
                "points": _slot(f"{name}.points"),
            }
            for name, weight in WEIGHTS.items()
        },
        "person": {
            "accounts": _slot("accounts"),
            "markets": _slot("markets"),
            "basis": _slot("person_basis"),
        },
        "money": money,
        "activity": {"first": _slot("first"), "last": _slot("last"), "months": _slot("months")},
        "country": {
            "country": _slot("country"),
            "confidence": _slot("confidence"),
            "evidence": _slot("evidence"),
        },
        "cashouts": {"sats": _slot("cashout_sats"), "labels": _slot("cashout_labels")},
        "rank": _slot("rank"),
    }
    if ranking:
        reasons["ranking"] = {"evidence": False, "note": _NO_EVIDENCE}
    text = json.dumps(reasons, sort_keys=True).replace("%", "%%")
    # positional slots, filled in their order from the values by name
    return _SLOT.sub("%s", text), itemgetter(*_SLOT.findall(text))


def _text(value: str | None) -> str:
    return "null" if value is None else _encode_text(value)


def reasons_json(
    f: Facts,
    role: str,
    role_why: list[str],
    components: list[tuple[float, float, float]],
    ranking: bool,
    country: Assignment,
    country_json: str,
    basis: str,
    rank: int,
    calibrations: tuple[Calibration, ListingCalibration],
) -> str:
    """``json.dumps(reasons, sort_keys=True)`` of the reasons :func:`score_person` gives, with the
    person's ``rank`` in them. ``components`` are :func:`score_components`', ``ranking`` whether
    the person lacks evidence of trade, ``country_json`` the country evidence as JSON and
    ``basis`` :func:`revenue_basis`."""
    methods = _methods(f)
    estimate_method = bool(set(methods) - {"orders"})
    staff = GROUPS[role] == "staff"
    values = {
        "role": _encode_text(role),
        "role_evidence": _strings(role_why),
        "role_weight": _ROLE_WEIGHTS_TEXT[role],
        "accounts": _strings(f.accounts),
        "markets": _strings(f.markets),
        "person_basis": _LINKED[bool(f.linked)],
        "revenue_sats": str(f.revenue_sats),
        "revenue_orders_sats": str(f.revenue_orders_sats),
        "revenue_estimated_sats": str(f.revenue_estimated_sats),
        "revenue_method": _encode_text(f.revenue_method),
        "spend_sats": str(f.spend_sats),
        "sales": str(f.sales),
        "purchases": str(f.purchases),
        "bulk_purchases": str(f.bulk_purchases),
        "categories": _counts(f.categories),
        "top_category": _text(f.top_category),
        "customers": str(f.customers),
        "suppliers": str(f.suppliers),
        "listings": str(f.listings),
        "feedback_count": str(f.feedback_count),
        "basis": _encode_text(basis),
        "first": _text(f.first_activity.isoformat() if f.first_activity else None),
        "last": _text(f.last_activity.isoformat() if f.last_activity else None),
        "months": str(f.active_months),
        "country": _text(country.country),
        "confidence": _float(country.confidence),
        "evidence": country_json,
        "cashout_sats": str(f.cashout_sats),
        "cashout_labels": _strings(f.cashout_labels),
        "rank": str(rank),
    }
    for names, (value, share, points) in zip(_COMPONENT_SLOTS, components, strict=True):
        values[names[0]] = _float(value)
        values[names[1]] = _float(share)
        values[names[2]] = _float(points)
    if estimate_method:
        values["estimate_method"] = _encode_text("+".join(m for m in methods if m != "orders"))
        values["counted_sales"] = str(f.counted_sales)
        values["estimate_listings"] = str(f.estimate_listings)
    if f.revenue_estimated_sats:
        values["estimate"] = _encode_text(_estimate(f, calibrations))
    if f.excluded_listings:
        values["excluded_listings"] = str(f.excluded_listings)
    if staff:
        values["market_turnover_sats"] = str(f.market_turnover_sats)
        values["market_sales"] = str(f.market_sales)
        values["staff_markets"] = _strings(f.staff_markets)
    text, slots = _template(
        estimate_method, bool(f.revenue_estimated_sats), bool(f.excluded_listings), ranking, staff
    )
    return text % slots(values)


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
