"""The fast scanner: the rules of :mod:`seized.extract.patterns`, run only where they can match.

* one token pass finds every run of 25+ letters and digits (and grouped fingerprints); each
  token is offered only to the rule its shape fits (Bitcoin, Monero, Session, fingerprint);
* the other rules run only when a cheap substring test says they can match: ``@`` for e-mail
  and Jabber, ``.onion``, ``+`` for international phones, platform words for handles.

Every prefilter is a necessary condition of its rule's pattern, so the result equals the plain
per-rule loop (:func:`seized.extract.patterns.naive_extract`).
"""

from __future__ import annotations

import re

from seized.extract.context import platforms_in
from seized.extract.found import Found, resolve
from seized.extract.patterns import (
    BTC,
    EMAIL,
    FINGERPRINT,
    ONION,
    PHONE,
    PHONE_CONTEXT,
    SESSION,
    SIGNAL,
    TELEGRAM,
    WICKR,
    XMR,
    Rule,
    _restore,
    prepare,
)

_TOKEN = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9A-Za-z]{25,}|(?:[0-9A-Fa-f]{4} {1,2}){9}[0-9A-Fa-f]{4}(?![0-9A-Za-z]))"
)
_HEXDIGITS = frozenset("0123456789abcdefABCDEF")
_B58_FIRST = frozenset("13")


def _token_rules(token: str) -> tuple[Rule, ...]:
    """The rules a long token can satisfy, by its length and first characters."""
    size = len(token)
    first = token[0]
    if " " in token:
        return (FINGERPRINT,)
    if first in _B58_FIRST and size <= 34:
        return (BTC,)
    if size <= 74 and token[:3].lower() == "bc1":
        return (BTC,)
    if size in (95, 106) and first in "48":
        return (XMR,)
    if size in (40, 42, 64, 66):
        body = token[2:] if token[:2] == "0x" else token
        if _HEXDIGITS.issuperset(body):
            if size == 66 and token[:2] == "05":
                return (SESSION,)
            return (FINGERPRINT,)
    return ()


def _run(rule: Rule, masked: str, regions: tuple[str, ...], found: list[Found]) -> None:
    for m in rule.pattern.finditer(masked):
        item = rule.handle(masked, m, regions)
        if item is not None:
            found.append(item)


def extract(text: str) -> list[Found]:
    """Every identifier in ``text``, validated and normalized, sorted by position.

    >>> found = extract("jabber: Vendor@exploit.im, BTC 1BoatSLRHtKNngkdXEeobR76b53LETtpyT")
    >>> [(f.kind, f.value) for f in found]
    [('jabber', 'vendor@exploit.im'), ('btc_address', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT')]
    """
    if not text:
        return []
    masked, found, regions = prepare(text)
    for token in _TOKEN.finditer(masked):
        for rule in _token_rules(token.group(0)):
            m = rule.pattern.match(masked, token.start())
            if m is not None:
                item = rule.handle(masked, m, regions)
                if item is not None:
                    found.append(item)
    if "@" in masked:
        _run(EMAIL, masked, regions, found)
    lowered = masked.lower()
    if ".onion" in lowered:
        _run(ONION, masked, regions, found)
    if "+" in masked:
        _run(PHONE, masked, regions, found)
    platforms = platforms_in(lowered)
    if platforms:
        if "telegram" in platforms:
            _run(TELEGRAM, masked, regions, found)
        if "wickr" in platforms:
            _run(WICKR, masked, regions, found)
        if "signal" in platforms:
            _run(SIGNAL, masked, regions, found)
        if "phone" in platforms:
            _run(PHONE_CONTEXT, masked, regions, found)
    elif "t.me/" in lowered:
        _run(TELEGRAM, masked, regions, found)
    return _restore(text, resolve(found))
