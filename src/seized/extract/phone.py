"""Phone numbers, as E.164 with the number's country (ISO 3166-1 alpha-2).

Only two kinds of text count, to keep order numbers, prices and dates out:

* international form: ``+`` and a country code (``+49 151 2345678``, ``+1 (512) 555-0134``);
* after a phone context word (``phone``, ``tel``, ``mobile``, ``whatsapp``, ``sms``, ...): the
  ``00`` international form, or a national number when the text gives the country (a postal
  address in the same text); the number must be valid for that country.

Parsing and validation are Google's libphonenumber rules (``phonenumbers``) with leniency
``VALID``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from seized.extract.found import Found

INTERNATIONAL_PATTERN = r"(?<![\w+])\+[1-9][0-9 ().\-/]{5,22}[0-9]"
CONTEXT_PATTERN = (
    r"(?i:(?<![a-z])(?:phone|tel|telephone|telefon|mobile?|handy|cell|whatsapp|sms|call|text)"
    r"\.?(?:[^\S\n]{0,3}(?:[:=#\-]|nr\.?|no\.?|number|me|at|on))?[^\S\n]{0,3})"
    r"(?P<phone_national>\(?[0-9][0-9 ().\-/]{5,20}[0-9])"
)


def _first(candidate: str, region: str | None) -> tuple[int, int, str, str] | None:
    for match in PhoneNumberMatcher(candidate, region, leniency=Leniency.VALID):
        number = match.number
        country = phonenumbers.region_code_for_number(number) or ""
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return match.start, match.end, e164, country
    return None


def international(match: re.Match[str]) -> Found | None:
    """A phone from an :data:`INTERNATIONAL_PATTERN` match (``+`` form)."""
    got = _first(match.group(0), None)
    if got is None:
        return None
    start, end, e164, country = got
    base = match.start()
    return Found("phone", e164, match.group(0)[start:end], base + start, base + end, country)


def national(match: re.Match[str], regions: Iterable[str]) -> Found | None:
    """A phone from a :data:`CONTEXT_PATTERN` match, tried as ``00`` form and in each region."""
    candidate = match.group("phone_national")
    base = match.start("phone_national")
    tries: list[tuple[str, str | None]] = []
    if candidate.startswith("00"):
        tries.append(("+" + candidate[2:], None))
    tries.extend((candidate, region) for region in regions)
    for text, region in tries:
        got = _first(text, region)
        if got is None:
            continue
        start, end, e164, country = got
        if region is None:  # "00" became "+": one character shorter
            start, end = (start + 1 if start else 0), end + 1
        s, e = base + start, base + end
        return Found("phone", e164, match.string[s:e], s, e, country)
    return None
