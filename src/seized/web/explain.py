"""Why accounts were linked into a person, and why the person ranks where it does, in
sentences (the person page and the person API give both)."""

from __future__ import annotations

import json
from typing import Any

Row = dict[str, Any]

_RULES = {
    "shared_pgp": "use the same PGP key {value}",
    "shared_address": "used the same Bitcoin address {value}",
    "shared_handle": "give the same contact handle {value}",
    "shared_email": "give the same e-mail address {value}",
    "shared_phone": "give the same phone number {value}",
    "same_username": "have the same username {value}",
    "must_link": "were linked by an analyst's override",
}
_REASONS = {
    "cannot_link": "an analyst's override keeps them apart",
    "same_market": "they are on the same market",
    "countries_differ": "their countries differ",
    "habits_differ": "their habits differ",
    "below_vendor_threshold": "the evidence between two vendors is too weak",
}


def _links(evidence: Any) -> list[Row]:
    data = json.loads(evidence) if isinstance(evidence, str) else evidence
    if not isinstance(data, dict):
        return []
    links = data.get("links")
    return [x for x in links if isinstance(x, dict)] if isinstance(links, list) else []


def rule_sentence(rule: str, value: object) -> str:
    text = _RULES.get(rule, "share " + rule.replace("_", " ") + " {value}")
    return text.format(value=value if value is not None else "").rstrip()


def model_sentence(link: Row) -> str:
    fields = link.get("fields") if isinstance(link.get("fields"), dict) else {}
    strongest = sorted(fields.items(), key=lambda kv: -float(kv[1] or 0))[:3] if fields else []
    said = ", ".join(f"{name} (weight {float(w):.2f})" for name, w in strongest)
    probability = float(link.get("probability") or 0)
    text = f"the linking model matched them with probability {probability:.2f}"
    return text + (f"; the fields that weighed most: {said}" if said else "")


def link_sentences(members: list[Row], edges: list[Row]) -> list[str]:
    """One sentence per link that joined two of the person's accounts, then one per link
    that was considered and refused."""
    if len(members) <= 1 and not edges:
        return ["This person has one account; no link joined it to another."]
    said: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    for member in members:
        for link in _links(member.get("evidence")):
            a, b = str(member["account_id"]), str(link.get("to"))
            rule = str(link.get("rule"))
            key = (min(a, b), max(a, b), rule)
            if key in seen:
                continue
            seen.add(key)
            if rule == "model":
                said.append(f"{key[0]} and {key[1]}: {model_sentence(link)}.")
            else:
                said.append(f"{key[0]} and {key[1]} {rule_sentence(rule, link.get('value'))}.")
    for edge in edges:
        if edge.get("accepted") is False:
            why = _REASONS.get(str(edge.get("reason")), str(edge.get("reason")))
            said.append(
                f"{edge['account_a']} and {edge['account_b']} were not linked by "
                f"{edge['rule']}: {why}."
            )
    if not said:
        said.append(f"These {len(members)} accounts form one person.")
    return said


def _btc(sats: Any) -> str:
    return f"{int(sats or 0) / 1e8:.2f} BTC"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def rank_sentences(target: Row, reasons: Row, total: int) -> list[str]:
    """The rank and score, then each component's points, the role and the country."""
    said = [
        f"Ranked {target.get('rank')} of {total} with a score of {float(target['score'] or 0):.2f} "
        f"as {target.get('role')}."
    ]
    components = _dict(reasons.get("components"))
    for name, part in sorted(
        components.items(), key=lambda kv: -float((kv[1] or {}).get("points") or 0)
    ):
        if not isinstance(part, dict):
            continue
        said.append(
            f"{name.capitalize()} gives {float(part.get('points') or 0):.2f} points: the value "
            f"{part.get('value')} is {float(part.get('share') or 0):.0%} of the highest in the "
            f"case, weighted {float(part.get('weight') or 0):.3f}."
        )
    evidence = reasons.get("role_evidence")
    if isinstance(evidence, list) and evidence:
        said.append(
            f"The role is {target.get('role')} because of: {', '.join(map(str, evidence))}."
        )
    money = _dict(reasons.get("money"))
    if money.get("revenue_sats"):
        said.append(
            f"Revenue {_btc(money.get('revenue_sats'))} from {money.get('sales', 0)} sales "
            f"(method: {money.get('revenue_method')})."
        )
    if money.get("spend_sats"):
        said.append(
            f"Spent {_btc(money.get('spend_sats'))} on {money.get('purchases', 0)} purchases."
        )
    country = _dict(reasons.get("country"))
    if country.get("country"):
        kinds = _dict(country.get("evidence"))
        parts = []
        for kind, item in sorted(kinds.items()):
            if isinstance(item, dict) and isinstance(item.get("countries"), dict):
                counts = ", ".join(f"{c} {n}" for c, n in sorted(item["countries"].items()))
                parts.append(f"{kind.replace('_', ' ')} ({counts})")
        said.append(
            f"Country {country['country']} with confidence "
            f"{float(country.get('confidence') or 0):.2f}"
            + (f", from {'; '.join(parts)}." if parts else ".")
        )
    else:
        said.append("No country could be assigned.")
    cashouts = _dict(reasons.get("cashouts"))
    if cashouts.get("sats"):
        labels = ", ".join(map(str, cashouts.get("labels") or []))
        said.append(f"{_btc(cashouts.get('sats'))} traced to cash-outs at {labels}.")
    return said
