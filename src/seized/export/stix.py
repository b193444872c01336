"""A STIX 2.1 bundle for one package: the issuer, one threat actor per target with its
country, a note with the reasons, and per wallet address a ``cryptocurrency-wallet``
observable and an indicator whose pattern matches it, pointing to the target.

STIX 2.1 defines no observable for cryptocurrency wallets, so the bundle declares one the STIX
2.1 way: an extension definition (``extension_types: ["new-sco"]``, authored by the seized
identity, both with the same ids everywhere) that every wallet object names in its
``extensions``. Object ids are UUIDv5 over the case, the country and the row key, so a package
written again from the same case has the same ids; a wallet's id is the STIX 2.1 observable id
(UUIDv5 of its address in the STIX namespace), the same in every package and case.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import stix2
from stix2.properties import StringProperty

from seized.export import reasons as why
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
#: The seized identity (author of the extension definition) and the definition itself: fixed
#: ids and timestamps, so every bundle declares the same extension.
SEIZED_IDENTITY = f"identity--{uuid.uuid5(_NAMESPACE, 'seized')}"
WALLET_EXTENSION = f"extension-definition--{uuid.uuid5(_NAMESPACE, 'cryptocurrency-wallet')}"
WALLET_TYPE = "cryptocurrency-wallet"
_DEFINED = datetime(2024, 1, 1, tzinfo=UTC)
WALLET_SCHEMA = (
    "cryptocurrency-wallet: a new STIX Cyber-observable Object for an address on a "
    "cryptocurrency's ledger. Properties: type (required, 'cryptocurrency-wallet'), "
    "spec_version ('2.1'), id (required; UUIDv5 over the address, as for every SCO), "
    "address (required, string: the address as the ledger writes it), currency (string: "
    "the currency's ticker, e.g. 'BTC'), extensions (required: names this definition with "
    "extension_type 'new-sco'). Patterns compare its address: "
    "[cryptocurrency-wallet:address = '...']."
)


class _Wallet:
    """The wallet observable (see :data:`WALLET_SCHEMA`)."""


#: The wallet observable's class, registered with stix2 under its extension definition.
CryptocurrencyWallet: Any = stix2.v21.CustomObservable(
    WALLET_TYPE,
    [("address", StringProperty(required=True)), ("currency", StringProperty())],
    ["address"],
    extension_name=WALLET_EXTENSION,
)(_Wallet)


def stix_id(selection: Selection, kind: str, key: str) -> str:
    name = "\x1f".join((selection.case_name, selection.country, kind, key))
    return f"{kind}--{uuid.uuid5(_NAMESPACE, name)}"


def declarations() -> list[Any]:
    """The seized identity and the wallet observable's extension definition."""
    identity = stix2.Identity(
        id=SEIZED_IDENTITY,
        created_by_ref=SEIZED_IDENTITY,
        name="seized",
        description="Open-source toolkit that turns a seized darknet-market server into "
        "evidence-backed target packages; author of the extension definitions it uses.",
        identity_class="system",
        created=_DEFINED,
        modified=_DEFINED,
    )
    definition = stix2.ExtensionDefinition(
        id=WALLET_EXTENSION,
        created_by_ref=SEIZED_IDENTITY,
        name="cryptocurrency-wallet",
        description="An address on a cryptocurrency's ledger, as a STIX Cyber-observable.",
        schema=WALLET_SCHEMA,
        version="1.0.0",
        extension_types=["new-sco"],
        created=_DEFINED,
        modified=_DEFINED,
    )
    return [identity, definition]


def bundle(
    selection: Selection,
    created: datetime,
    reasons: Mapping[str, Sequence[str]] | None = None,
) -> stix2.Bundle:
    """The package's bundle; ``reasons`` (person -> sentences with their citations, from the
    dossiers) goes into the notes, else the reasons are written without citations."""
    sel = selection
    common: dict[str, Any] = {"created": created, "modified": created}
    issuer_id = stix_id(sel, "identity", "issuer")
    issuer = stix2.Identity(
        id=issuer_id,
        created_by_ref=issuer_id,
        name=f"seized case {sel.case_name}: package for {sel.country}",
        description="The issuer of this package: the agency that ran seized on the case and "
        "signed the package's manifest.",
        identity_class="organization",
        **common,
    )
    objects: list[Any] = [*declarations(), issuer]
    by = {"created_by_ref": issuer.id, **common}
    location = stix2.Location(
        id=stix_id(sel, "location", sel.country), country=sel.country, name=sel.country, **by
    )
    objects.append(location)
    actor_of: dict[str, str] = {}
    usernames = {str(a["account_id"]): str(a.get("username") or "") for a in sel.accounts}
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
        lines = list((reasons or {}).get(person) or why.lines(target.get("reasons"), usernames))
        cited = any("[E" in line for line in lines)
        if cited:
            lines.append("[E n]: the seized rows in evidence/excerpts.jsonl of this package.")
        objects.append(
            stix2.Note(
                id=stix_id(sel, "note", person),
                abstract=f"Why target #{target.get('rank')} ({target.get('role')})",
                content="\n".join(lines) or str(target.get("summary") or ""),
                object_refs=[actor.id],
                **by,
            )
        )
    seen: set[str] = set()
    wallets = [(w["account_id"], w["address"], w.get("kind")) for w in sel.wallets]
    wallets += [(p["account_id"], p.get("address"), "payout") for p in sel.payouts]
    for account, address, kind in wallets:
        if not address or address in seen or not _ADDRESS.match(address):
            continue
        seen.add(address)
        person = sel.person_of[account]
        wallet = CryptocurrencyWallet(address=address, currency="BTC")
        objects.append(wallet)
        actor = actor_of[person]
        who = usernames.get(str(account)) or str(account)
        indicator = stix2.Indicator(
            id=stix_id(sel, "indicator", address),
            name=f"Bitcoin address {address}",
            description=f"A {kind or 'wallet'} address of {who} on {str(account).split(':')[0]}"
            " in the seized market database; coins seen at it are attributed to the threat "
            "actor it indicates.",
            indicator_types=["attribution"],
            pattern=f"[{WALLET_TYPE}:address = '{address}']",
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
                target_ref=actor,
                **by,
            )
        )
        objects.append(
            stix2.Relationship(
                id=stix_id(sel, "relationship", f"{address}/related-to"),
                relationship_type="related-to",
                description=f"{kind or 'wallet'} address recorded for the threat actor",
                source_ref=actor,
                target_ref=wallet.id,
                **by,
            )
        )
    return stix2.Bundle(objects=objects, id=stix_id(sel, "bundle", "package"))


def _confidence(value: object) -> int | None:
    if value is None:
        return None
    return max(0, min(100, round(float(str(value)) * 100)))


def bundle_json(
    selection: Selection,
    created: datetime,
    reasons: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    # stix2's own pretty printer sorts keys in quadratic time; indent the compact form instead
    data = json.loads(str(bundle(selection, created, reasons).serialize()))
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def validate(data: bytes) -> stix2.Bundle:
    """Parse a bundle strictly: no custom objects or properties but the wallet observable its
    extension definition declares; raises on any defect."""
    parsed = stix2.parse(data.decode("utf-8"), allow_custom=False)
    if not isinstance(parsed, stix2.Bundle):
        raise ValueError("not a STIX bundle")
    return parsed
