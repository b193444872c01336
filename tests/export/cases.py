"""A small case with persons of three countries who trade and write to each other."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from seized.case import Case

XSS = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'

# (account_id, username, role, email, person, country)
ACCOUNTS = [
    ("silkway:1", "kristallkoenig", "vendor", "kk@mail.invalid", "p-de-1", "DE"),
    ("darkbay:5", "kristall_koenig", "vendor", None, "p-de-1", "DE"),
    ("silkway:2", "berlinbuyer77", "buyer", None, "p-de-2", "DE"),
    ("silkway:7", f"xss{XSS}", "buyer", None, "p-de-3", "DE"),
    ("silkway:3", "tulpenhandel", "vendor", "tulp@mail.invalid", "p-nl-1", "NL"),
    ("silkway:4", "amsterdamklant", "buyer", None, "p-nl-2", "NL"),
    ("silkway:6", "parisacheteur", "buyer", "acheteur@mail.invalid", "p-fr-1", "FR"),
]
# What of the NL and FR persons must never appear in the DE package.
FOREIGN_SECRETS = [
    "tulpenhandel",
    "amsterdamklant",
    "parisacheteur",
    "silkway:3",
    "silkway:4",
    "silkway:6",
    "p-nl-1",
    "p-nl-2",
    "p-fr-1",
    "tulp@mail.invalid",
    "acheteur@mail.invalid",
    "Keizersgracht",
    "Rue de Rivoli",
    "geheim bericht",
    "Envoi demain",
    "bc1qnlvendorwallet0000000000000000000000",
    "Bitvavo",
]
DE_ADDRESS = "Hauptstrasse 5, 10115 Berlin, Germany"


def insert(con: Any, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(f'"{k}"' for k in row)
    marks = ", ".join("?" for _ in row)
    con.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(row.values()))


def add_evidence(con: Any, root: Path, market: str) -> None:
    """A real evidence file beside the case (seized verify re-hashes it) as evidence #1."""
    path = root.parent / "evidence" / f"{market}.sql"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"-- dump of {market}\n".encode())
    data = path.read_bytes()
    insert(
        con,
        "evidence",
        {
            "evidence_id": 1,
            "path": str(path),
            "name": path.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
            "kind": "dump",
            "format": "mysql",
            "market": market,
            "added_by": "tester",
            "added_at": "2021-06-01 00:00:00",
        },
    )


def build(root: Path) -> Case:
    """The case, as seized would leave it (it passes seized verify)."""
    case = Case.init(root, actor="tester")
    with case.connect() as con:
        add_evidence(con, case.root, "silkway")
        prov = {"evidence_id": 1, "raw_table": "users"}
        for account_id, username, role, email, person, _ in ACCOUNTS:
            market, native = account_id.split(":")
            insert(
                con,
                "accounts",
                {
                    "account_id": account_id,
                    "market_id": market,
                    "native_id": native,
                    "username": username,
                    "role": role,
                    "email": email,
                    "created_at": "2021-01-02 03:04:05",
                    **prov,
                    "raw_key": native,
                },
            )
            insert(con, "persons", {"person_id": person, "account_id": account_id})
        people: dict[str, tuple[str, list[str]]] = {}
        for account_id, _, _, _, person, country in ACCOUNTS:
            people.setdefault(person, (country, []))[1].append(account_id)
        for rank, (person, (country, accounts)) in enumerate(sorted(people.items()), start=1):
            role = "vendor" if person.endswith("-1") and person != "p-fr-1" else "buyer"
            insert(
                con,
                "targets",
                {
                    "person_id": person,
                    "role": role,
                    "score": 100.0 - rank,
                    "rank": rank,
                    "country": country,
                    "country_confidence": 0.9,
                    "reasons": json.dumps({"role": role, "money": {"revenue_sats": 1000 * rank}}),
                    "summary": f"{role} {person}",
                    "accounts": accounts,
                    "markets": sorted({a.split(":")[0] for a in accounts}),
                    "revenue_sats": 1000 * rank,
                    "spend_sats": 0,
                },
            )
        listings = [
            ("silkway:L1", "silkway:1", "Premium crystal 10g"),
            ("silkway:L2", "silkway:3", "XTC 100 pills by tulpenhandel"),
        ]
        for listing_id, vendor, title in listings:
            insert(
                con,
                "listings",
                {
                    "listing_id": listing_id,
                    "market_id": "silkway",
                    "native_id": listing_id[-2:],
                    "vendor_id": vendor,
                    "title": title,
                    "category": "drugs",
                    "price": 0.1,
                    "currency": "BTC",
                    "ships_from": "DE" if vendor == "silkway:1" else "NL",
                    "evidence_id": 1,
                    "raw_table": "items",
                    "raw_key": listing_id[-2:],
                },
            )
        orders = [
            ("O1", "silkway:L1", "silkway:2", "silkway:1", DE_ADDRESS, "2021-02-01"),
            (
                "O2",
                "silkway:L1",
                "silkway:4",
                "silkway:1",
                "Keizersgracht 123, Amsterdam",
                "2021-02-03",
            ),
            ("O3", "silkway:L2", "silkway:2", "silkway:3", DE_ADDRESS, "2021-03-05"),
            ("O4", "silkway:L2", "silkway:6", "silkway:3", "12 Rue de Rivoli, Paris", "2021-03-07"),
            ("O5", "silkway:L1", "silkway:6", "silkway:1", "14 Rue de Rivoli, Paris", "2021-04-09"),
            ("O6", "silkway:L1", "silkway:7", "silkway:1", f"Weg 1 {XSS}", "2021-04-10"),
        ]
        for n, (native, listing, buyer, vendor, address, day) in enumerate(orders, start=1):
            insert(
                con,
                "orders",
                {
                    "order_id": f"silkway:{native}",
                    "market_id": "silkway",
                    "native_id": native,
                    "listing_id": listing,
                    "buyer_id": buyer,
                    "vendor_id": vendor,
                    "amount_sats": 1_000_000 * n,
                    "status": "finalized",
                    "created_at": f"{day} 12:00:00",
                    "shipping_address": address,
                    "evidence_id": 1,
                    "raw_table": "orders",
                    "raw_key": native,
                },
            )
        messages = [
            ("M1", "silkway:2", "silkway:1", f"when will it ship? {XSS} ask tulpenhandel too"),
            ("M2", "silkway:4", "silkway:1", "Dit is een geheim bericht uit Amsterdam"),
            ("M3", "silkway:1", "silkway:6", "Envoi demain a Paris"),
            ("M4", "silkway:4", "silkway:6", "geheim bericht NL to FR"),
        ]
        for native, sender, recipient, body in messages:
            insert(
                con,
                "messages",
                {
                    "message_id": f"silkway:{native}",
                    "market_id": "silkway",
                    "native_id": native,
                    "sender_id": sender,
                    "recipient_id": recipient,
                    "subject": "order",
                    "body": body,
                    "encrypted": False,
                    "created_at": "2021-02-02 10:00:00",
                    "evidence_id": 1,
                    "raw_table": "pms",
                    "raw_key": native,
                },
            )
        wallets = [
            ("silkway:1", "bc1qdevendorwallet0000000000000000000000"),
            ("silkway:3", "bc1qnlvendorwallet0000000000000000000000"),
        ]
        for account_id, address in wallets:
            insert(
                con,
                "wallet_addresses",
                {
                    "market_id": "silkway",
                    "account_id": account_id,
                    "address": address,
                    "kind": "withdrawal",
                    "evidence_id": 1,
                    "raw_table": "wallets",
                    "raw_key": account_id[-1],
                },
            )
        for person, label in (("p-de-1", "Kraken"), ("p-nl-1", "Bitvavo")):
            insert(
                con,
                "cashouts",
                {
                    "person_id": person,
                    "label": label,
                    "category": "exchange",
                    "amount_sats": 5_000_000,
                    "hops": 2,
                    "model": "poison",
                    "txid": "aa" * 32,
                    "vout": 0,
                },
            )
        case.record_checksums(con)
        case.log("test.build", con=con)  # the entry that carries the digests
    return case
