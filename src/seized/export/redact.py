"""Withholding what belongs to other jurisdictions from free text.

A package for one country carries seized text (messages, listing titles, rank reasons). That
text can name people of other countries: a username, an account id, an e-mail, a wallet address
or a shipping address. :class:`Redactor` replaces every such value, wherever it occurs in a
string, with :data:`WITHHELD`. Matching is by substring and ignores case; values shorter than
:data:`MIN_LENGTH` characters are not searched for (too many innocent words would match).
"""

from __future__ import annotations

from collections.abc import Iterable

WITHHELD = "[withheld: other jurisdiction]"
MIN_LENGTH = 4
_KEY = MIN_LENGTH
# Words of the model's own vocabulary (roles, statuses) that some accounts use as usernames;
# they say nothing about a person and must stay readable where the package uses them.
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


class Redactor:
    """Replaces foreign values in text; values that the package owns itself are kept."""

    def __init__(self, foreign: Iterable[str | None], own: Iterable[str | None] = ()) -> None:
        keep = {v.strip().lower() for v in own if v}
        self._by_head: dict[str, list[str]] = {}
        for value in foreign:
            if not value:
                continue
            needle = value.strip().lower()
            if len(needle) < MIN_LENGTH or needle in keep or needle in COMMON:
                continue
            self._by_head.setdefault(needle[:_KEY], []).append(needle)
        for needles in self._by_head.values():
            needles.sort(key=len, reverse=True)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_head.values())

    def redact(self, text: str) -> str:
        if not self._by_head or len(text) < MIN_LENGTH:
            return text
        low = text.lower()
        if len(low) != len(text):  # a rare letter whose lower case is longer: compare as-is
            low = text
        out: list[str] = []
        start = 0
        i = 0
        end = len(low) - MIN_LENGTH + 1
        while i < end:
            needles = self._by_head.get(low[i : i + _KEY])
            hit = next((n for n in needles if low.startswith(n, i)), None) if needles else None
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
