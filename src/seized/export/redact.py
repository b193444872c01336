"""Withholding what belongs to other jurisdictions from the free text a package carries.

Rows and fields of persons outside a package are left out by structure (``seized.export.select``
picks the rows; identifiers, usernames, categories and codes are never rewritten). What stays is
seized free text — messages, listing titles and descriptions, profiles, shipping addresses —
and that can name people of other countries: a username, an account id, an
e-mail, a contact, a wallet or a shipping address. :class:`Redactor` replaces each such value
with :data:`WITHHELD` where it stands as a whole token, ignoring case, and never inside a longer
identifier: ``nightowl:2`` is not touched in ``nightowl:27``, nor ``LuckyLab`` in
``LuckyLab30``, nor ``mike`` in ``mike.97410``.

Not searched for, because they would blank ordinary text:

- values shorter than :data:`MIN_LENGTH` characters;
- values without a letter and with fewer than :data:`MIN_DIGITS` digits (amounts, counts);
- values that an account of the package uses too;
- common words: the :data:`ENGLISH_WORDS` most frequent words of pyspellchecker's English
  frequency list, the words of the case's own listing categories (``Drugs > Cannabis > Weed``),
  and the model's vocabulary (roles, statuses: :data:`COMMON`). A foreign vendor called
  "Cannabis" or "slow" is still withheld by structure — its account, rows and messages are not
  in the package — but the word stays readable in the package's own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

WITHHELD = "[withheld: other jurisdiction]"
MIN_LENGTH = 3
MIN_DIGITS = 6
ENGLISH_WORDS = 25_000
# Words of the model's own vocabulary (roles, statuses) that some accounts use as usernames.
COMMON = frozenset(
    [
        "admin",
        "administrator",
        "staff",
        "moderator",
        "support",
        "vendor",
        "buyer",
        "reseller",
        "market",
        "escrow",
        "finalized",
        "shipped",
        "pending",
        "refunded",
        "disputed",
        "cancelled",
        "withdrawal",
        "deposit",
        "payout",
    ]
)
# Characters that join two word characters into one identifier: jo.30432, m:14, a-b, x@y, p/q.
_JOINERS = frozenset("-.:@/+")
_WORD = re.compile(r"\w+")


@cache
def english_words(count: int = ENGLISH_WORDS) -> frozenset[str]:
    """The ``count`` most frequent English words (lower case) of pyspellchecker's list."""
    from spellchecker import SpellChecker

    frequency = SpellChecker(language="en", distance=1).word_frequency.dictionary
    ranked = sorted(frequency.items(), key=lambda item: (-item[1], item[0]))
    return frozenset(word for word, _ in ranked[:count])


def vocabulary(texts: Iterable[str | None]) -> set[str]:
    """The words (lower case) of texts such as the case's listing categories."""
    return {word for text in texts if text for word in _WORD.findall(text.lower())}


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def joined(text: str, i: int) -> bool:
    """Whether position ``i`` (between ``text[i-1]`` and ``text[i]``) lies inside an identifier."""
    if i <= 0 or i >= len(text):
        return False
    left, right = text[i - 1], text[i]
    if _is_word(left):
        if _is_word(right):
            return True
        return right in _JOINERS and i + 1 < len(text) and _is_word(text[i + 1])
    return left in _JOINERS and i >= 2 and _is_word(text[i - 2]) and _is_word(right)


def _fold(text: str) -> str:
    """Lower case, one character for one (so positions stay those of ``text``)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


#: Values by their first :data:`MIN_LENGTH` characters, then by length (longest first).
Heads = dict[str, list[tuple[int, frozenset[str]]]]


def index_by_head(needles: Iterable[str]) -> Heads:
    """``needles`` indexed for :func:`starting_at`: finding the values at a position of a text
    takes one set lookup per length, however many values begin alike (every bech32 address of
    a case begins with ``bc1``)."""
    staged: dict[str, dict[int, set[str]]] = {}
    for needle in needles:
        staged.setdefault(needle[:MIN_LENGTH], {}).setdefault(len(needle), set()).add(needle)
    return {
        head: sorted(((n, frozenset(v)) for n, v in by_length.items()), reverse=True)
        for head, by_length in staged.items()
    }


def starting_at(heads: Heads, low: str, i: int) -> Iterator[str]:
    """The values of ``heads`` that ``low`` holds at position ``i``, longest first."""
    for length, values in heads.get(low[i : i + MIN_LENGTH], ()):
        candidate = low[i : i + length]
        if candidate in values:
            yield candidate


class Redactor:
    """Replaces other jurisdictions' values where they stand as whole tokens in text."""

    def __init__(
        self,
        foreign: Iterable[str | None],
        own: Iterable[str | None] = (),
        common: Iterable[str] = (),
    ) -> None:
        keep = {_fold(v.strip()) for v in own if v}
        words = COMMON | english_words() | {_fold(w) for w in common}
        needles = []
        for value in foreign:
            if not value:
                continue
            needle = _fold(value.strip())
            if len(needle) < MIN_LENGTH or needle in keep or needle in words:
                continue
            if not any(c.isalpha() for c in needle) and sum(c.isdigit() for c in needle) < (
                MIN_DIGITS
            ):
                continue
            needles.append(needle)
        self._heads = index_by_head(needles)

    def __len__(self) -> int:
        return sum(len(values) for groups in self._heads.values() for _, values in groups)

    def redact(self, text: str) -> str:
        if not self._heads or len(text) < MIN_LENGTH:
            return text
        low = _fold(text)
        out: list[str] = []
        start = 0
        i = 0
        end = len(low) - MIN_LENGTH + 1
        heads = self._heads
        while i < end:
            hit = None
            if low[i : i + MIN_LENGTH] in heads and not joined(low, i):
                hit = next(
                    (n for n in starting_at(heads, low, i) if not joined(low, i + len(n))),
                    None,
                )
            if hit is None:
                i += 1
                continue
            out.append(text[start:i])
            out.append(WITHHELD)
            i += len(hit)
            start = i
        if not out:
            return text
        out.append(text[start:])
        return "".join(out)

    def value(self, value: object) -> object:
        """Redact every string inside a JSON-like value (dicts, lists, strings)."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {self.redact(str(k)): self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        return value

    def whole(self, value: object) -> object:
        """A value replaced as a whole when it is itself another jurisdiction's value."""
        if isinstance(value, str) and self.redact(value) == WITHHELD:
            return WITHHELD
        return value
