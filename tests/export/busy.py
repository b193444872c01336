"""A busy market ranked by the real rank stage: one big DE vendor with hundreds of sales,
messages and listings, buyers in DE and AT, a staff account, and the market's own hot wallet
that refunds buyers (a cash-out of the market, not of a person)."""

from __future__ import annotations

from pathlib import Path

from seized.case import Case
from seized.rank.stage import rank_store
from tests.export.cases import add_evidence, insert

BUYERS = 40
SALES = 300
LISTINGS = 60
MESSAGES = 120
CATEGORIES = ["Drugs > Opioids > Heroin", "Drugs > Stimulants > Cocaine", "Drugs > Cannabis"]
PRODUCTS = ["Heroin no.4 - 5 g", "Cocaine 90% 10 g", "Haze 28 g"]
PROV = {"evidence_id": 1}


def _account(con: object, n: str, username: str, role: str) -> str:
    account_id = f"bazaar:{n}"
    insert(
        con,
        "accounts",
        {
            "account_id": account_id,
            "market_id": "bazaar",
            "native_id": n,
            "username": username,
            "role": role,
            "created_at": "2019-01-05 10:00:00",
            "raw_table": "users",
            "raw_key": n,
            **PROV,
        },
    )
    return account_id


def build_busy(root: Path) -> Case:
    case = Case.init(root, actor="tester")
    with case.connect() as con:
        add_evidence(con, case.root, "bazaar")
        vendor = _account(con, "1", "BigDealer", "vendor")
        _account(con, "2", "bazaar_admin", "staff")
        small = _account(con, "3", "SmallShop", "vendor")
        buyers = [_account(con, str(100 + i), f"buyer{i:02d}", "buyer") for i in range(BUYERS)]
        for i in range(LISTINGS):
            insert(
                con,
                "listings",
                {
                    "listing_id": f"bazaar:L{i}",
                    "market_id": "bazaar",
                    "native_id": f"L{i}",
                    "vendor_id": vendor if i else small,
                    "title": PRODUCTS[i % 3],
                    "category": CATEGORIES[i % 3],
                    "price_sats": 2_000_000,
                    "ships_from": "Germany" if i % 4 else None,
                    "created_at": f"2019-{1 + i % 12:02d}-03 10:00:00",
                    "raw_table": "listings",
                    "raw_key": f"L{i}",
                    **PROV,
                },
            )
        for i in range(SALES):
            buyer = buyers[i % BUYERS]
            town = "10115 Berlin, Germany" if i % BUYERS < 30 else "1010 Wien, Austria"
            insert(
                con,
                "orders",
                {
                    "order_id": f"bazaar:O{i}",
                    "market_id": "bazaar",
                    "native_id": f"O{i}",
                    "listing_id": f"bazaar:L{1 + i % (LISTINGS - 1)}",
                    "buyer_id": buyer,
                    "vendor_id": vendor,
                    "amount_sats": 20_000_000 + 100_000 * i,
                    "status": "finalized" if i % 10 else "refunded",
                    "created_at": f"{2019 + i // 200}-{1 + (i // 17) % 12:02d}-11 12:00:00",
                    "shipping_address": f"Hauptstrasse {i}, {town}",
                    "raw_table": "orders",
                    "raw_key": f"O{i}",
                    **PROV,
                },
            )
        for i in range(MESSAGES):
            insert(
                con,
                "messages",
                {
                    "message_id": f"bazaar:M{i}",
                    "market_id": "bazaar",
                    "native_id": f"M{i}",
                    "sender_id": buyers[i % BUYERS],
                    "recipient_id": vendor,
                    "subject": "order",
                    "body": f"Hello, is listing {i} still there? " * 3,
                    "encrypted": False,
                    "created_at": f"2019-{1 + i % 12:02d}-12 09:00:00",
                    "raw_table": "pms",
                    "raw_key": f"M{i}",
                    **PROV,
                },
            )
        insert(
            con,
            "wallet_addresses",
            {
                "market_id": "bazaar",
                "account_id": vendor,
                "address": "bc1qbigdealerwallet000000000000000000000",
                "kind": "withdrawal",
                "raw_table": "wallets",
                "raw_key": "1",
                **PROV,
            },
        )
        for person, label, sats in (
            (vendor, "Kraken", 900_000_000),
            ("market:bazaar", "Kraken", 400_000_000),  # the market's own refunds
        ):
            insert(
                con,
                "cashouts",
                {
                    "person_id": person,
                    "label": label,
                    "category": "exchange",
                    "amount_sats": sats,
                    "hops": 1,
                    "model": "haircut",
                    "direction": "forward",
                    "txid": "bb" * 32,
                    "vout": 0 if person == vendor else 1,
                },
            )
        insert(
            con,
            "tags",
            {"address": "bc1qkrakenhot0000000000000000000000000000", "label": "Kraken",
             "category": "exchange", "tagpack": "test", "context": '{"country": "US"}'},
        )  # fmt: skip
        con.execute("BEGIN")
        rank_store(con)
        con.execute("COMMIT")
        case.record_checksums(con)
        case.log("test.build", con=con)  # the entry that carries the digests
    return case
