"""What a market does not record is no disagreement: a scrape of vendor pages without
ships-from, category leaves written in the plural, a market of vendors only."""

from __future__ import annotations

import json

from tests.link.conftest import LinkCase

PRODUCTS = ("Weed", "Hash", "Cocaine", "Speed", "Meth", "MDMA", "Pills", "LSD", "Ketamine")


def test_a_scraped_vendor_without_ships_from_is_linked(link_case: LinkCase) -> None:
    for i in range(40):
        product = PRODUCTS[i % 9]
        v = link_case.account(f"m1:v{i}", f"shop{i}x{i * 7}")
        link_case.listing(v, f"{i}g {product} {i}", f"Drugs > Stuff > {product}", "DE")
        link_case.account(f"m1:b{i}", f"buyer{i}x{i * 3}", "buyer")
        w = link_case.account(f"m3:{i}", f"store{i}y{i * 3}")
        link_case.listing(w, f"{i} {product} deal", f"Stuff/{product}s", "")
    a = link_case.account("m1:x", "GreenDragon")
    b = link_case.account("m3:x", "GreenDragon")
    for title in ("10g Amnesia Haze", "25g Amnesia Haze", "5g Amnesia Haze"):
        link_case.listing(a, title, "Drugs > Cannabis > Synthetic", "NL", price_sats=900_000)
        link_case.listing(b, title, "Cannabis/Synthetics", "", price_sats=950_000)
    persons = link_case.link()
    assert persons[a] == persons[b]
    with link_case.case.connect(read_only=True) as con:
        (fields,) = con.execute(
            "SELECT fields::VARCHAR FROM link_edges WHERE account_a = ? AND account_b = ?",
            sorted((a, b)),
        ).fetchone()
    weights = json.loads(fields)
    assert weights["categories"] > 0 and weights["ships_from"] == 0 and weights["role"] == 0
