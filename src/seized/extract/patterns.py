"""The extraction rules: one regular expression per kind of identifier and the function that
validates and normalizes its matches.

:func:`seized.extract.scan.extract` runs these rules fast (prefilters, one token pass); the plain
per-rule loop :func:`naive_extract` runs each pattern over the whole text. Both give the same
result; the benchmark and the tests hold them to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from seized.extract import bitcoin, email, handles, monero, onion, pgp, phone, postal
from seized.extract.found import Found, resolve

Handler = Callable[[str, re.Match[str], tuple[str, ...]], Found | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handle: Handler


def _btc(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    value = bitcoin.normalize(m.group(0))
    return Found("btc_address", value, m.group(0), m.start(), m.end()) if value else None


def _xmr(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    value = monero.normalize(m.group(0))
    return Found("xmr_address", value, m.group(0), m.start(), m.end()) if value else None


def _onion(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    got = onion.classify(m.group("onion"))
    if got is None:
        return None
    kind, value = got
    return Found(kind, value, m.group(0), m.start(), m.end())  # type: ignore[arg-type]


def _fingerprint(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    return pgp.fingerprint(text, m)


def _email(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    return email.classify(text, m)


def _telegram(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    return handles.telegram(m)


def _wickr(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    return handles.wickr(m)


def _session(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    return handles.session(m)


def _signal(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    return handles.signal(m)


def _phone_international(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    return phone.international(m)


def _phone_national(text: str, m: re.Match[str], regions: tuple[str, ...]) -> Found | None:
    return phone.national(m, regions)


BTC = Rule("btc", re.compile(bitcoin.PATTERN), _btc)
XMR = Rule("xmr", re.compile(monero.PATTERN), _xmr)
FINGERPRINT = Rule("fingerprint", pgp.FINGERPRINT, _fingerprint)
SESSION = Rule("session", re.compile(handles.SESSION_PATTERN), _session)
ONION = Rule("onion", re.compile(onion.PATTERN), _onion)
EMAIL = Rule("email", re.compile(email.PATTERN), _email)
TELEGRAM = Rule("telegram", re.compile(handles.TELEGRAM_PATTERN), _telegram)
WICKR = Rule("wickr", re.compile(handles.WICKR_PATTERN), _wickr)
SIGNAL = Rule("signal", re.compile(handles.SIGNAL_PATTERN), _signal)
PHONE = Rule("phone", re.compile(phone.INTERNATIONAL_PATTERN), _phone_international)
PHONE_CONTEXT = Rule("phone_context", re.compile(phone.CONTEXT_PATTERN), _phone_national)

RULES: tuple[Rule, ...] = (
    BTC,
    XMR,
    FINGERPRINT,
    SESSION,
    ONION,
    EMAIL,
    TELEGRAM,
    WICKR,
    SIGNAL,
    PHONE,
    PHONE_CONTEXT,
)


def prepare(text: str, *, plain: bool = False) -> tuple[str, list[Found], tuple[str, ...]]:
    """Steps both scanners share: mask armored blocks (keeping the public keys found in them)
    and find postal addresses (whose countries are the region hints for national phones);
    ``plain`` runs every postal format over the whole text instead of around postcodes."""
    masked, blocks = pgp.mask(text)
    found = list(pgp.public_keys(text, blocks))
    addresses = list((postal.addresses_plain if plain else postal.addresses)(masked))
    found.extend(addresses)
    regions = tuple(dict.fromkeys(a.country for a in addresses if a.country))
    return masked, found, regions


def naive_extract(text: str) -> list[Found]:
    """Every rule's pattern over the whole text, one after another (the benchmark's baseline)."""
    masked, found, regions = prepare(text, plain=True)
    for rule in RULES:
        for m in rule.pattern.finditer(masked):
            item = rule.handle(masked, m, regions)
            if item is not None:
                found.append(item)
    return _restore(text, resolve(found))


def _restore(text: str, found: list[Found]) -> list[Found]:
    """``raw`` as in the original text (armored blocks were blanked while scanning)."""
    return [f if text[f.start : f.end] == f.raw else _with_raw(f, text) for f in found]


def _with_raw(f: Found, text: str) -> Found:
    return Found(f.kind, f.value, text[f.start : f.end], f.start, f.end, f.country)
