"""Quantities in listing titles: how much one purchase of a listing delivers.

``5g Cocaine 90%`` is 5 grams, ``1kg MDMA crystal`` 1000 grams, ``100 x Xanax 2mg pills`` 100
pills, ``10 tabs LSD 150ug`` 10 tabs. Dosages (``2mg``, ``150ug``, ``270mg`` after a count or a
pill word) and purities (``90%``) are not quantities. Units are normalised to grams (``g``, with
kg, oz and lb converted), ``pills`` (pills, tablets, capsules, bars, ``x``, German ``Stück``,
Dutch ``stuks``) and ``tabs`` (blotters and tabs of LSD); German and Dutch unit words count too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

Unit = Literal["g", "pills", "tabs", "ml"]

_GRAMS: Final[dict[str, float]] = {
    "g": 1.0,
    "gr": 1.0,
    "grs": 1.0,
    "gram": 1.0,
    "grams": 1.0,
    "gramm": 1.0,
    "gramme": 1.0,
    "grammes": 1.0,
    "gramos": 1.0,
    "gramas": 1.0,
    "kg": 1000.0,
    "kgs": 1000.0,
    "kilo": 1000.0,
    "kilos": 1000.0,
    "kilogram": 1000.0,
    "kilogramm": 1000.0,
    "oz": 28.35,
    "ounce": 28.35,
    "ounces": 28.35,
    "unze": 28.35,
    "lb": 453.6,
    "lbs": 453.6,
    "pound": 453.6,
    "pounds": 453.6,
    "pfund": 500.0,
    "ons": 100.0,  # Dutch 'ons': 100 g
    "mg": 0.001,  # a dosage unless no other quantity is named (see parse_quantity)
}
_TABS: Final[frozenset[str]] = frozenset(
    {"tab", "tabs", "blotter", "blotters", "trip", "trips", "hits", "ticket", "tickets"}
)
_PILLS: Final[frozenset[str]] = frozenset(
    {
        "pill",
        "pills",
        "pillen",
        "pil",
        "tablet",
        "tablets",
        "tabletten",
        "tabletje",
        "tabletjes",
        "caps",
        "capsule",
        "capsules",
        "kapseln",
        "bars",
        "bar",
        "pcs",
        "pieces",
        "stück",
        "stk",
        "stuck",
        "stuks",
        "units",
        "x",
    }
)
_ML: Final[frozenset[str]] = frozenset({"ml"})
_TAB_WORDS: Final[frozenset[str]] = frozenset(
    {"lsd", "blotter", "blotters", "tab", "tabs", "1p-lsd"}
)

_NUMBER = r"(?P<num>\d{1,6}(?:[.,]\d{1,3})?|\d{1,3}(?:[.,]\d{3})+)"
_UNIT_WORDS = sorted([*_GRAMS, *_TABS, *_PILLS, *_ML], key=lambda w: (-len(w), w))
_UNIT = "(?P<unit>" + "|".join(re.escape(w) for w in _UNIT_WORDS) + ")"
# "5g", "5 g", "5 Gramm", "100 x", "100x", "(3.5)Gram"; the unit must end at a word boundary.
_AMOUNT = re.compile(
    rf"(?<![\w.,]){_NUMBER}\)?\s?{_UNIT}(?![^\W\d_])(?!\d)", re.IGNORECASE | re.UNICODE
)
# "x100", "x 100": a multiplier written before the number.
_TIMES_BEFORE = re.compile(r"(?<![\w])x\s?(?P<num>\d{1,5})(?![\w.,%])", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Quantity:
    """How much one purchase delivers: ``amount`` in ``unit``; ``written`` as in the title."""

    amount: float
    unit: Unit
    written: str

    @property
    def grams(self) -> float | None:
        return self.amount if self.unit == "g" else None


def _number(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return float(re.sub(r"[.,]", "", text))  # 1.000 / 1,000 as thousands
    return float(text.replace(",", "."))


def parse_quantity(title: str | None) -> Quantity | None:
    """The quantity a listing title names, or None.

    >>> parse_quantity("5g Cocaine 90%")
    Quantity(amount=5.0, unit='g', written='5g')
    >>> parse_quantity("100 x Xanax 2mg pills")
    Quantity(amount=100.0, unit='pills', written='100 x')
    """
    if not title:
        return None
    words = {w.casefold() for w in _WORD.findall(title)}
    tabs = bool(words & _TAB_WORDS)
    mass: Quantity | None = None
    count: Quantity | None = None
    milligrams: Quantity | None = None
    for match in _AMOUNT.finditer(title):
        unit = match.group("unit").casefold()
        amount = _number(match.group("num"))
        written = match.group(0)
        if amount <= 0:
            continue
        if unit == "mg":
            if milligrams is None:
                milligrams = Quantity(amount / 1000.0, "g", written)
            continue
        if unit in _GRAMS:
            if mass is None:
                mass = Quantity(amount * _GRAMS[unit], "g", written)
        elif unit in _TABS or (unit in _PILLS and tabs):
            if count is None:
                count = Quantity(amount, "tabs", written)
        elif unit in _PILLS:
            if count is None:
                count = Quantity(amount, "pills", written)
        elif unit in _ML and mass is None and count is None:
            mass = Quantity(amount, "ml", written)
    if count is None:
        match_x = _TIMES_BEFORE.search(title)
        if match_x:
            count = Quantity(
                float(match_x.group("num")), "tabs" if tabs else "pills", match_x.group(0)
            )
    if count is not None and (mass is None or mass.unit == "ml" or words & _PILLS):
        return count
    if mass is not None:
        return mass
    if count is not None:
        return count
    # Milligrams alone: a quantity of powder when large ("500mg MDMA"), else a dosage.
    if milligrams is not None and milligrams.amount >= 0.1 and not words & _PILLS:
        return milligrams
    return None
