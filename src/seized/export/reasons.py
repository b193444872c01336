"""Why a person is a target, in short sentences written from the stored reasons.

``seized rank`` stores per target the components of its score and the facts behind them
(``targets.reasons``, JSON). This module is the one place that turns them into sentences with
their numbers; the report, the dossiers, the STIX notes and ``seized rank`` all print these. A
sentence names the rows it rests on (:class:`Ref`: a table and a row id, or all of the person's
rows of a kind such as their sales); a dossier turns them into citations of its excerpts. The
numeric breakdown of the score (:func:`breakdown`) is kept apart for a collapsed detail.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ROLE_NAMES = {
    "admin": "Administrator",
    "staff": "Staff member",
    "vendor": "Vendor",
    "reseller": "Suspected reseller",
    "buyer": "Buyer",
}
#: Kind of country evidence -> (one item, several items, canonical table of its example row).
_EVIDENCE = {
    "shipping_address": ("shipping address", "shipping addresses", "orders"),
    "postal_address": ("postal address in texts", "postal addresses in texts", None),
    "phone": ("phone number", "phone numbers", None),
    "ships_from": ("listing shipping from there", "listings shipping from there", "listings"),
    "login_ip": ("login from a public IP", "logins from public IPs", "logins"),
    "exchange": ("cash-out to an exchange there", "cash-outs to exchanges there", None),
}
_COMPONENTS = {
    "money": "money (revenue, spend or markets' turnover)",
    "volume": "volume (sales or purchases)",
    "reach": "reach (customers, suppliers or markets)",
    "links": "links (accounts tied together)",
    "exposure": "exposure (country confidence, traced cash-out)",
}


@dataclass(frozen=True)
class Ref:
    """Rows a sentence rests on: one row (``key``) or all the person's rows of a kind."""

    table: str  # canonical table: accounts, orders, listings, logins, messages, ...
    key: str | None = None
    side: str | None = None  # orders: "vendor" (their sales) or "buyer" (their purchases)


@dataclass(frozen=True)
class Reason:
    kind: str  # role, money, categories, links, country, cashouts
    text: str
    refs: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class Component:
    name: str
    label: str
    value: str  # the raw value, in its unit
    share: float | None
    weight: float | None
    points: float | None


def parse(reasons: object) -> dict[str, Any]:
    """The stored reasons as a dict (the column is JSON text in the store)."""
    if isinstance(reasons, str):
        try:
            reasons = json.loads(reasons)
        except ValueError:
            return {}
    return reasons if isinstance(reasons, dict) else {}


def btc(sats: object) -> str:
    """An amount for a sentence: two decimals from 1 BTC up, four below."""
    value = _number(sats) / 1e8
    if value == 0:
        return "0 BTC"
    return f"{value:,.2f} BTC" if abs(value) >= 1 else f"{value:,.4f} BTC"


def _number(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return 0.0


def _count(n: object, one: str, many: str | None = None) -> str:
    k = int(_number(n))
    return f"{k:,} {one if k == 1 else (many or one + 's')}"


def period(activity: Mapping[str, Any] | None) -> str:
    """``2019-03 to 2020-02`` (or ``in 2020-01``) from the stored first and last activity."""
    if not activity:
        return ""
    first = str(activity.get("first") or "")[:7]
    last = str(activity.get("last") or "")[:7]
    if not first and not last:
        return ""
    if first == last or not last:
        return f"in {first}"
    if not first:
        return f"until {last}"
    return f"{first} to {last}"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def sentences(reasons: object, usernames: Mapping[str, str] | None = None) -> list[Reason]:
    """The reasons of one target as sentences, most telling first.

    ``usernames`` maps account ids to usernames, so the linked accounts are named.
    """
    data = parse(reasons)
    if not data:
        return []
    role = str(data.get("role") or "")
    money: Mapping[str, Any] = data.get("money") or {}
    out: list[Reason] = []
    why = [str(w) for w in data.get("role_evidence") or []]
    if role:
        head = ROLE_NAMES.get(role, role.capitalize())
        out.append(
            Reason("role", f"{head}: {'; '.join(why)}." if why else f"{head}.", (Ref("accounts"),))
        )
    when = period(data.get("activity"))
    when = f", {when}" if when else ""
    if role in ("admin", "staff"):
        out += _staff_money(money, when)
    elif role == "vendor":
        out += _vendor_money(money, when)
    elif role in ("buyer", "reseller"):
        out += _buyer_money(money, when, role)
    categories = money.get("categories") or {}
    if isinstance(categories, dict) and categories and role not in ("admin", "staff"):
        ranked = sorted(categories.items(), key=lambda kv: (-_number(kv[1]), str(kv[0])))
        verb = "Sold" if role == "vendor" else "Bought"
        first, *rest = ranked
        text = f"{verb} mostly {first[0]} ({btc(first[1])})"
        if rest:
            text += ", also " + _join([f"{c} ({btc(v)})" for c, v in rest[:3]])
        side = "vendor" if role == "vendor" else "buyer"
        out.append(Reason("categories", text + ".", (Ref("orders", side=side),)))
    out += _links(data.get("person") or {}, usernames or {})
    out.append(_country(data.get("country") or {}))
    cash = data.get("cashouts") or {}
    if _number(cash.get("sats")) > 0:
        labels = [str(x) for x in cash.get("labels") or []]
        to = f" to {_join(labels[:4])}" if labels else ""
        more = f" and {len(labels) - 4} more" if len(labels) > 4 else ""
        out.append(
            Reason(
                "cashouts",
                f"{btc(cash.get('sats'))} traced on the blockchain from the person's payouts"
                f"{to}{more}.",
                (Ref("payouts"),),
            )
        )
    return out


def _vendor_money(money: Mapping[str, Any], when: str) -> list[Reason]:
    method = str(money.get("revenue_method") or "none")
    sales = Ref("orders", side="vendor")
    customers = money.get("customers")
    to = f" to {_count(customers, 'customer')}" if customers else ""
    if method == "orders":
        text = (
            f"{btc(money.get('revenue_sats'))} revenue from "
            f"{_count(money.get('sales'), 'finalized sale')}{to}{when}."
        )
        return [Reason("money", text, (sales,))]
    estimate = str(money.get("estimate") or "").strip()
    basis = f" ({estimate})" if estimate else ""
    if method == "feedback":
        text = (
            f"{btc(money.get('revenue_sats'))} revenue, estimated from "
            f"{_count(money.get('feedback_count'), 'feedback')}{when}: no orders were "
            f"seized{basis}."
        )
        return [Reason("money", text, (Ref("listings"),))]
    if method == "orders+feedback":
        estimated = money.get("revenue_estimated_sats")
        text = (
            f"{btc(money.get('revenue_sats'))} revenue: "
            f"{btc(money.get('revenue_orders_sats'))} from "
            f"{_count(money.get('sales'), 'finalized sale')}{to}{when}, plus {btc(estimated)} "
            f"estimated from feedback where orders are missing{basis}."
        )
        return [Reason("money", text, (sales,))]
    listings = money.get("listings")
    offered = f" ({_count(listings, 'listing')} offered)" if listings else ""
    return [Reason("money", f"No recorded sales{offered}.", (Ref("listings"),))]


def _buyer_money(money: Mapping[str, Any], when: str, role: str) -> list[Reason]:
    suppliers = money.get("suppliers")
    frm = f" from {_count(suppliers, 'vendor')}" if suppliers else ""
    text = (
        f"Spent {btc(money.get('spend_sats'))} in "
        f"{_count(money.get('purchases'), 'purchase')}{frm}{when}"
    )
    bulk = int(_number(money.get("bulk_purchases")))
    if bulk and role == "reseller":
        text += f"; {bulk:,} of them in dealer quantities"
    return [Reason("money", text + ".", (Ref("orders", side="buyer"),))]


def _staff_money(money: Mapping[str, Any], when: str) -> list[Reason]:
    markets = [str(m) for m in money.get("staff_markets") or []]
    turnover = money.get("market_turnover_sats")
    if turnover is None:
        return []
    sales = money.get("market_sales")
    how = f" in {_count(sales, 'finalized order')}" if sales is not None else " in finalized orders"
    if markets:
        ran = _join(markets)
        which = "which" if len(markets) == 1 else "which together"
        text = f"Ran {ran}, {which} turned over {btc(turnover)}{how}{when}."
    else:
        text = f"The markets they ran turned over {btc(turnover)}{how}{when}."
    return [Reason("money", text, (Ref("accounts"),))]


def _links(person: Mapping[str, Any], usernames: Mapping[str, str]) -> list[Reason]:
    accounts = [str(a) for a in person.get("accounts") or []]
    basis = str(person.get("basis") or "")
    if len(accounts) > 1:
        names = [_account_name(a, usernames) for a in accounts[:6]]
        more = f" and {len(accounts) - 6} more" if len(accounts) > 6 else ""
        text = f"{len(accounts)} accounts tied into one person by seized link: {', '.join(names)}"
        return [Reason("links", f"{text}{more}.", (Ref("accounts"),))]
    if basis.startswith("account taken as its own person"):
        return [Reason("links", "One account, taken as its own person: no linking results.")]
    return []


def _account_name(account_id: str, usernames: Mapping[str, str]) -> str:
    market = account_id.split(":", 1)[0] if ":" in account_id else ""
    name = usernames.get(account_id)
    if name is None:
        return account_id
    return f"{name} ({market})" if market else name


def _country(country: Mapping[str, Any]) -> Reason:
    code = country.get("country")
    evidence: Mapping[str, Any] = country.get("evidence") or {}
    if not code:
        return Reason(
            "country",
            "No country evidence: no address, phone, listing origin or login names a country.",
        )
    parts: list[str] = []
    others: list[str] = []
    refs: list[Ref] = []
    for kind, (one, many, table) in _EVIDENCE.items():
        entry = evidence.get(kind) or {}
        counts: Mapping[str, Any] = entry.get("countries") or {}
        total = int(sum(_number(n) for n in counts.values()))
        if not total:
            continue
        n = int(_number(counts.get(code, 0)))
        words = one if total == 1 else many
        if n:
            parts.append(f"{n} {words}" if n == total else f"{n} of {total} {words}")
            example = (entry.get("examples") or {}).get(code)
            ref = _example_ref(kind, table, example)
            if ref is not None:
                refs.append(ref)
        for other, k in sorted(counts.items()):
            m = int(_number(k))
            if other != code and m:
                said = one if m == 1 else many
                if "from there" in said:
                    said = said.replace("from there", f"from {other}")
                elif "there" in said:
                    said = said.replace("there", f"in {other}")
                else:
                    said = f"{said} ({other})"
                others.append(f"{m} {said}")
    confidence = _number(country.get("confidence"))
    text = f"Country {code}, confidence {confidence:.2f}"
    if parts:
        text += ": " + "; ".join(parts)
    if others:
        text += "; against it " + "; ".join(others[:3])
    return Reason("country", text + ".", tuple(refs))


def _example_ref(kind: str, table: str | None, example: object) -> Ref | None:
    if example is None:
        return None
    value = str(example)
    if table is not None:
        return Ref(table, value)
    if kind in ("phone", "postal_address") and ":" in value:
        source, key = value.split(":", 1)
        return Ref(source, key)
    return None


def breakdown(reasons: object) -> list[Component]:
    """The score's numeric breakdown: each component's raw value, share, weight and points."""
    data = parse(reasons)
    components: Mapping[str, Any] = data.get("components") or {}
    out: list[Component] = []
    for name, label in _COMPONENTS.items():
        c = components.get(name)
        if not isinstance(c, dict):
            continue
        value = c.get("value")
        shown = btc(value) if name == "money" else _plain(value)
        out.append(
            Component(
                name,
                label,
                shown,
                _float(c.get("share")),
                _float(c.get("weight")),
                _float(c.get("points")),
            )
        )
    return out


def _plain(value: object) -> str:
    number = _number(value)
    return f"{number:,.0f}" if number == int(number) else f"{number:,.4f}"


def _float(value: object) -> float | None:
    return None if value is None else _number(value)


def lines(reasons: object, usernames: Mapping[str, str] | None = None) -> list[str]:
    """The sentences alone, for plain text (``seized rank``, the report)."""
    return [r.text for r in sentences(reasons, usernames)]


def with_cites(text: str, cites: Sequence[str]) -> str:
    """A sentence followed by its citations: ``… [E3, E7]``."""
    return f"{text} [{', '.join(cites)}]" if cites else text
