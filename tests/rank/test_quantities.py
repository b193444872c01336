"""Quantities in listing titles: golden examples, dosages that are not quantities, Agora titles."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from seized.rank.quantities import parse_quantity


@pytest.mark.parametrize(
    ("title", "amount", "unit"),
    [
        ("5g Cocaine 90%", 5.0, "g"),
        ("1kg MDMA crystal", 1000.0, "g"),
        ("100 x Xanax 2mg pills", 100.0, "pills"),
        ("10 tabs LSD 150ug", 10.0, "tabs"),
        ("25x LSD blotter 150ug", 25.0, "tabs"),
        ("10x Blue Tesla XTC 270mg", 10.0, "pills"),
        ("x100 Valium 10mg", 100.0, "pills"),
        ("Heroin no.4 - 10 g", 10.0, "g"),
        ("2 G Crystal Meth", 2.0, "g"),
        ("0,5g Speed", 0.5, "g"),
        ("1OZ OG Kush", 28.35, "g"),
        ("(3.5)Gram Shatter Wax", 3.5, "g"),
        ("500mg MDMA", 0.5, "g"),
        ("5 Gramm Kokain", 5.0, "g"),
        ("1 kilo wiet", 1000.0, "g"),
        ("10 Stück XTC Pillen", 10.0, "pills"),
        ("100 stuks xtc pillen", 100.0, "pills"),
        ("50 Tabletten Diazepam", 50.0, "pills"),
        ("1st class 3.5g weed", 3.5, "g"),
        ("1x tab", 1.0, "tabs"),
    ],
)
def test_golden_quantities(title: str, amount: float, unit: str) -> None:
    found = parse_quantity(title)
    assert found is not None, title
    assert (found.amount, found.unit) == (amount, unit)


@pytest.mark.parametrize("title", ["Cocaine 90% pure", "Oxycodone 30mg", "LSD 150ug", "", None])
def test_no_quantity(title: str | None) -> None:
    assert parse_quantity(title) is None


def test_agora_titles_mostly_parse(shared_data: Path) -> None:
    titles = []
    for name in ("Ag2014-sscSynth.csv", "Ag2014-sscShakeTrim.csv"):
        with (shared_data / "listings" / name).open(encoding="utf-8", newline="") as handle:
            titles.extend(row["product"] for row in csv.DictReader(handle))
    parsed = [parse_quantity(t) for t in titles]
    share = sum(q is not None for q in parsed) / len(titles)
    # The misses are samplers and test kits ("Axa Blends Herbal Incense Sampler").
    assert share >= 0.8
    # Cannabis is sold by weight (and oils by volume: "3ml ... Hash Oil For Ecig").
    assert {q.unit for q in parsed if q is not None} == {"g", "ml"}
