"""A case whose foreign values collide with the package's own: ids that are prefixes of ids
(``m:1`` / ``m:14``), usernames that are prefixes of usernames (``LuckyLab`` / ``LuckyLab30``)
and foreign usernames that are ordinary words (``Cannabis``, ``fake``, ``slow``, ``COLOR``)."""

from __future__ import annotations

import json
from pathlib import Path

from seized.case import Case
from tests.export.cases import add_evidence, insert

# (account_id, username, role, person, country)
ACCOUNTS = [
    ("m:14", "LuckyLab30", "vendor", "p-de-1", "DE"),
    ("m:15", "kowalski", "buyer", "p-de-2", "DE"),
    ("m:1", "LuckyLab", "vendor", "p-nl-1", "NL"),
    ("m:2", "Cannabis", "vendor", "p-nl-2", "NL"),
    ("m:3", "slow", "buyer", "p-nl-3", "NL"),
    ("m:4", "COLOR", "buyer", "p-fr-1", "FR"),
    ("m:5", "fake", "buyer", "p-fr-2", "FR"),
]
CATEGORY = "Drugs > Cannabis > Weed"
LISTINGS = [
    ("m:L1", "m:14", "LuckyLab30 haze, not fake, true COLOR", CATEGORY),
    ("m:L2", "m:1", "LuckyLab best", CATEGORY),
    ("m:L3", "m:2", "Cannabis by Cannabis", "Drugs > Cannabis > Hash"),
]
# (order, listing, buyer, vendor)
ORDERS = [
    ("m:O1", "m:L1", "m:15", "m:14"),
    ("m:O2", "m:L1", "m:3", "m:14"),
    ("m:O3", "m:L1", "m:4", "m:14"),
    ("m:O4", "m:L1", "m:5", "m:14"),
    ("m:O5", "m:L2", "m:15", "m:1"),
    ("m:O6", "m:L3", "m:15", "m:2"),
]
MESSAGE = (
    "slow shipping? LuckyLab sent faster; ask m:1, not m:14. "
    "The Cannabis looks fake, COLOR is off. LuckyLab30 answers."
)
MESSAGE_REDACTED = (
    "slow shipping? [withheld: other jurisdiction] sent faster; ask "
    "[withheld: other jurisdiction], not m:14. "
    "The Cannabis looks fake, COLOR is off. LuckyLab30 answers."
)


def reasons(role: str, account: str) -> dict[str, object]:
    """Reasons as seized rank writes them; the example is a login id of the person's own that
    equals another jurisdiction's account id (ids are market:native in every table)."""
    examples = {"DE": "m:2"} if account == "m:14" else {}
    return {"role": role, "country": {"evidence": {"login_ip": {"examples": examples}}}}


def build(root: Path) -> Case:
    case = Case.init(root, actor="tester")
    prov = {"evidence_id": 1, "raw_table": "t"}
    with case.connect() as con:
        add_evidence(con, case.root, "m")
        for rank, (account, username, role, person, country) in enumerate(ACCOUNTS, start=1):
            native = account.split(":")[1]
            insert(
                con,
                "accounts",
                {"account_id": account, "market_id": "m", "native_id": native}
                | {"username": username, "role": role, **prov, "raw_key": native},
            )
            insert(con, "persons", {"person_id": person, "account_id": account})
            insert(
                con,
                "targets",
                {"person_id": person, "role": role, "score": 100.0 - rank, "rank": rank}
                | {"country": country, "country_confidence": 0.9, "accounts": [account]}
                | {"markets": ["m"], "summary": f"{role} {username} ({account})"}
                | {"reasons": json.dumps(reasons(role, account))},
            )
        for listing, vendor, title, category in LISTINGS:
            insert(
                con,
                "listings",
                {"listing_id": listing, "market_id": "m", "native_id": listing[2:]}
                | {"vendor_id": vendor, "title": title, "category": category, **prov}
                | {"raw_key": listing[2:]},
            )
        for n, (order, listing, buyer, vendor) in enumerate(ORDERS, start=1):
            insert(
                con,
                "orders",
                {"order_id": order, "market_id": "m", "native_id": order[2:]}
                | {"listing_id": listing, "buyer_id": buyer, "vendor_id": vendor}
                | {"amount_sats": 100_000 * n, "status": "finalized", **prov}
                | {"created_at": f"2021-02-0{n} 12:00:00", "raw_key": order[2:]},
            )
        insert(
            con,
            "messages",
            {"message_id": "m:M1", "market_id": "m", "native_id": "M1", "sender_id": "m:15"}
            | {"recipient_id": "m:14", "subject": "Cannabis", "body": MESSAGE, **prov}
            | {"encrypted": False, "created_at": "2021-02-02 10:00:00", "raw_key": "M1"},
        )
        case.record_checksums(con)
        case.log("test.build", con=con)  # the entry that carries the digests
    return case
