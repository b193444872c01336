"""What the extractor finds: one identifier with its kind, normalized value and position."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal, get_args

Kind = Literal[
    "btc_address",
    "xmr_address",
    "pgp_fingerprint",
    "pgp_public_key",
    "email",
    "phone",
    "jabber",
    "telegram",
    "wickr",
    "session",
    "signal",
    "onion",
    "onion_v2",
    "postal_address",
]

#: Every kind the extractor reports, in the order reports list them.
KINDS: tuple[Kind, ...] = get_args(Kind)

#: When two finds cover the same characters, the one with the higher rank wins: a handle named by
#: its platform beats the generic kind (``signal: +49...`` is a Signal number, not just a phone).
RANK: dict[str, int] = {
    "pgp_public_key": 9,
    "signal": 8,
    "telegram": 8,
    "wickr": 8,
    "session": 8,
    "jabber": 8,
    "postal_address": 6,
    "btc_address": 5,
    "xmr_address": 5,
    "pgp_fingerprint": 5,
    "onion": 5,
    "onion_v2": 5,
    "email": 4,
    "phone": 3,
}


@dataclass(frozen=True, slots=True)
class Found:
    """One identifier: ``text[start:end] == raw``; ``value`` is the normalized form."""

    kind: Kind
    value: str
    raw: str
    start: int
    end: int
    country: str | None = None


def resolve(found: list[Found]) -> list[Found]:
    """Drop duplicates and finds overlapping a longer (or, at equal length, higher-ranked) one.

    The result is sorted by position. Finds with the same span and kind but different values (a
    keyring block holding several certificates) are all kept.
    """
    if len(found) < 2:
        return list(found)
    order = sorted(found, key=lambda f: (-(f.end - f.start), -RANK[f.kind], f.start, f.value))
    starts: list[int] = []  # kept spans, disjoint, sorted by start
    spans: list[tuple[int, int, str]] = []
    kept: list[Found] = []
    seen: set[tuple[str, str, int, int]] = set()
    for item in order:
        key = (item.kind, item.value, item.start, item.end)
        if key in seen:
            continue
        i = bisect_right(starts, item.start)
        same = i > 0 and spans[i - 1] == (item.start, item.end, item.kind)
        if not same:
            if i > 0 and spans[i - 1][1] > item.start:
                continue
            if i < len(spans) and spans[i][0] < item.end:
                continue
            starts.insert(i, item.start)
            spans.insert(i, (item.start, item.end, item.kind))
        kept.append(item)
        seen.add(key)
    kept.sort(key=lambda f: (f.start, f.end, f.kind, f.value))
    return kept
