"""A STIX 2.1 bundle for one package: the issuer, one threat actor per target with its
country, a note with the reasons, and an indicator per wallet address that points to it.

Object ids are UUIDv5 over the case, the country and the row key, so a package written again
from the same case has the same ids.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime
from typing import Any

import stix2

from seized.export.dossier import flatten
from seized.export.select import Selection

_NAMESPACE = uuid.UUID("6f1c7a52-3d0e-5c1a-9a7b-0c5e1d2f3a4b")
_ADDRESS = re.compile(r"^[A-Za-z0-9]{20,100}$")  # what can go into a pattern unquoted
_ROLES = {
    "admin": "infrastructure-operator",
    "staff": "infrastructure-operator",
    "vendor": "independent",
    "reseller": "independent",
    "buyer": "independent",
}


def stix_id(selection: Selection, kind: str, key: str) -> str:
    name = "\x1f".join((selection.case_name, selection.country, kind, key))
    return f"{kind}--{uuid.uuid5(_NAMESPACE, name)}"


def bundle(selection: Selection, created: datetime) -> stix2.Bundle:
    sel = selection
    common: dict[str, Any] = {"created": created, "modified": created}
    issuer = stix2.Identity(
        id=stix_id(sel, "identity", "issuer"),
        name=f"seized case {sel.case_name}: package for {sel.country}",
        identity_class="organization",
        **common,
    )
    objects: list[Any] = [issuer]
    by = {"created_by_ref": issuer.id, **common}
    location = stix2.Location(
        id=stix_id(sel, "location", sel.country), country=sel.country, name=sel.country, **by
    )
    objects.append(location)
    actor_of: dict[str, str] = {}
    for target in sel.targets:
        person = target["person_id"]
        names = [a.get("username") for a in sel.accounts_of(person) if a.get("username")]
        actor = stix2.ThreatActor(
            id=stix_id(sel, "threat-actor", person),
            name=str(names[0]) if names else person,
            aliases=[str(n) for n in names[1:]] or None,
            description=target.get("summary") or None,
            threat_actor_types=["criminal"],
            roles=[_ROLES.get(str(target.get("role")), "independent")],
            primary_motivation="personal-gain",
            **by,
        )
        actor_of[person] = actor.id
        objects.append(actor)
        objects.append(
            stix2.Relationship(
                id=stix_id(sel, "relationship", f"{person}/located-at"),
                relationship_type="located-at",
                source_ref=actor.id,
                target_ref=location.id,
                confidence=_confidence(target.get("country_confidence")),
                **by,
            )
        )
        reasons = "\n".join(f"{k}: {v}" for k, v in flatten(target.get("reasons") or {}))
        objects.append(
            stix2.Note(
                id=stix_id(sel, "note", person),
                abstract=f"Why target #{target.get('rank')} ({target.get('role')})",
                content=reasons or str(target.get("summary") or ""),
                object_refs=[actor.id],
                **by,
            )
        )
    seen: set[str] = set()
    wallets = [(w["account_id"], w["address"]) for w in sel.wallets]
    wallets += [(p["account_id"], p.get("address")) for p in sel.payouts]
    for account, address in wallets:
        if not address or address in seen or not _ADDRESS.match(address):
            continue
        seen.add(address)
        person = sel.person_of[account]
        indicator = stix2.Indicator(
            id=stix_id(sel, "indicator", address),
            name=f"Bitcoin address {address}",
            indicator_types=["attribution"],
            pattern=f"[x-crypto-wallet:address = '{address}']",
            pattern_type="stix",
            valid_from=created,
            **by,
        )
        objects.append(indicator)
        objects.append(
            stix2.Relationship(
                id=stix_id(sel, "relationship", f"{address}/indicates"),
                relationship_type="indicates",
                source_ref=indicator.id,
                target_ref=actor_of[person],
                **by,
            )
        )
    return stix2.Bundle(objects=objects, id=stix_id(sel, "bundle", "package"))


def _confidence(value: object) -> int | None:
    if value is None:
        return None
    return max(0, min(100, round(float(str(value)) * 100)))


def bundle_json(selection: Selection, created: datetime) -> bytes:
    # stix2's own pretty printer sorts keys in quadratic time; indent the compact form instead
    data = json.loads(str(bundle(selection, created).serialize()))
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def validate(data: bytes) -> stix2.Bundle:
    """Parse a bundle strictly (no custom objects or properties); raises on any defect."""
    parsed = stix2.parse(data.decode("utf-8"), allow_custom=False)
    if not isinstance(parsed, stix2.Bundle):
        raise ValueError("not a STIX bundle")
    return parsed
