"""Handles as people write them: coined shop names, and another spelling of one's own handle.

A person who opens a second account rarely takes the very same name; they write it again with
other separators (``silent_fox77`` / ``silent.fox.77``, ``badger4410`` / ``badger_4410``), in
leetspeak (``raven4411`` / ``r4ven4411``, ``otter_es`` / ``0tt3r_e5``) or in other case.
"""

from __future__ import annotations

import random
import re

#: Letters that leetspeak writes as digits.
LEET = {"o": "0", "e": "3", "a": "4", "i": "1", "s": "5", "t": "7"}
_SEPARATORS = ("", "_", ".", "-")
_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "st")
_VOWELS = ("a", "e", "i", "o", "u", "ei", "ou")
_CODAS = ("", "", "n", "r", "x", "k", "l", "s")
_EMOJI = "❄️🍁💊"
_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def coined(rng: random.Random) -> str:
    """A made-up shop name of three to nine letters without digits (``Zorvik``, ``kraben``)."""
    while True:
        name = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
            for _ in range(rng.randint(1, 3))
        )
        if 3 <= len(name) <= 9:
            return name.capitalize() if rng.random() < 0.6 else name


def parts(name: str) -> list[str]:
    """The words and numbers of a handle: ``GreenDragon42`` -> Green, Dragon, 42."""
    return _PARTS.findall(name.strip(_EMOJI))


def variant(rng: random.Random, name: str) -> str:
    """Another spelling of ``name``: other separators, some leetspeak or other case; never the
    same name up to case."""
    words = parts(name) or [name.strip(_EMOJI) or "x"]
    for _ in range(20):
        style = rng.random()
        pieces = list(words)
        if style < 0.45 or len(pieces) == 1:  # leetspeak in one or two letters
            pieces = [_leet(rng, p) for p in pieces]
        if style >= 0.3:  # other separators
            separator = rng.choice(_SEPARATORS)
            text = separator.join(pieces)
        else:
            text = "".join(pieces)
        if rng.random() < 0.4:
            text = text.lower()
        if text.lower() != name.lower() and text:
            return text
    return name.strip(_EMOJI) + "_"


def _leet(rng: random.Random, word: str) -> str:
    spots = [i for i, c in enumerate(word) if c.lower() in LEET]
    if not spots:
        return word
    chars = list(word)
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
        chars[i] = LEET[chars[i].lower()]
    return "".join(chars)
