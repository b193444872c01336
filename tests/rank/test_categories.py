"""Product categories: golden titles in several languages, market paths, real Agora listings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from seized.rank.categories import CATEGORIES, category_of


@pytest.mark.parametrize(
    ("market_category", "title", "expected"),
    [
        (None, "5g Cocaine 90%", "stimulants"),
        (None, "1kg MDMA crystal", "mdma"),
        (None, "100 x Xanax 2mg pills", "benzodiazepines"),
        (None, "10 tabs LSD 150ug", "psychedelics"),
        (None, "5 Gramm Kokain", "stimulants"),
        (None, "10 Stück XTC Pillen", "mdma"),
        (None, "25 gram wiet Amnesia Haze", "cannabis"),
        (None, "5 gram hasj", "cannabis"),
        (None, "Golden Teacher paddos 10g", "psychedelics"),
        (None, "Heroine no.4 5g", "opioids"),
        (None, "Pharma grade Oxycodone 30mg", "opioids"),
        (None, "Viagra 100mg x20", "prescription"),
        (None, "Speed paste 10g", "stimulants"),
        (None, "Fake ID template", "other"),
        ("Drugs > Prescription", "Oxycodone 30mg", "prescription"),
        ("Drugs > Dissociatives > Ketamine", "Ketamine S-isomer", "psychedelics"),
        ("Drugs > Ecstasy > Pills", "Blue Tesla 270mg", "mdma"),
        ("Benzos", "500x bars", "benzodiazepines"),
        ("Weed", "7 G Amnesia Haze", "cannabis"),
        ("Drugs", "Crystal Meth 2g", "stimulants"),
    ],
)
def test_golden_categories(market_category: str | None, title: str, expected: str) -> None:
    assert category_of(market_category, title) == expected


def test_every_agora_listing_is_cannabis(shared_data: Path) -> None:
    rows = 0
    for name in ("Ag2014-sscSynth.csv", "Ag2014-sscShakeTrim.csv"):
        with (shared_data / "listings" / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                path = " > ".join((row["cat"], row["subcat"], row["subsubcat"]))
                assert category_of(path, row["product"]) == "cannabis", row["product"]
                rows += 1
    assert rows == 1600


def test_categories_are_the_documented_eight() -> None:
    assert set(CATEGORIES) == {
        "cannabis",
        "stimulants",
        "opioids",
        "mdma",
        "psychedelics",
        "benzodiazepines",
        "prescription",
        "other",
    }
