"""The golden set: texts and the identifiers a person finds in them (tests/extract/golden)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from seized.extract import extract
from seized.extract.found import KINDS
from seized.extract.patterns import naive_extract

GOLDEN = Path(__file__).parent / "golden"
Item = tuple[str, str, str | None]


def _cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(GOLDEN.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            out.append((f"{path.stem}: {case['name']}", case))
    return out


CASES = _cases()


def _expected(case: dict[str, Any]) -> list[Item]:
    return sorted((e["kind"], e["value"], e.get("country")) for e in case["expected"])


def _got(text: str) -> list[Item]:
    return sorted((f.kind, f.value, f.country) for f in extract(text))


def test_golden_set_is_large_and_varied() -> None:
    kinds = {e[0] for _, case in CASES for e in _expected(case)}
    assert len(CASES) >= 120
    assert kinds >= set(KINDS)
    countries = {e[2] for _, case in CASES for e in _expected(case) if e[0] == "phone"}
    assert len(countries) >= 10


def test_precision_and_recall_over_the_golden_set() -> None:
    tp = fp = fn = 0
    misses: list[str] = []
    for name, case in CASES:
        want = _expected(case)
        for item in _got(case["text"]):
            if item in want:
                want.remove(item)
                tp += 1
            else:
                fp += 1
                misses.append(f"{name}: unexpected {item}")
        fn += len(want)
        misses.extend(f"{name}: missed {item}" for item in want)
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    assert precision >= 0.99 and recall >= 0.99, "\n".join(misses)


@pytest.mark.parametrize("name,case", CASES, ids=[name for name, _ in CASES])
def test_case(name: str, case: dict[str, Any]) -> None:
    assert _got(case["text"]) == _expected(case)


@pytest.mark.parametrize("name,case", CASES, ids=[name for name, _ in CASES])
def test_fast_scanner_equals_plain_loop(name: str, case: dict[str, Any]) -> None:
    assert extract(case["text"]) == naive_extract(case["text"])


@pytest.mark.parametrize("name,case", CASES, ids=[name for name, _ in CASES])
def test_raw_is_the_text_at_the_position(name: str, case: dict[str, Any]) -> None:
    text = case["text"]
    for found in extract(text):
        assert text[found.start : found.end] == found.raw
