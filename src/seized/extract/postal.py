"""Postal addresses with their country: a street line (street name and house number, in the
country's order) followed by a postcode-and-city line in the country's format, optionally an
extra line between (flat, c/o) and a country name after.

Formats: DE, AT, CH, NL, BE (street then number; ``D-``/``A-``/``CH-``/``B-`` prefixes),
FR (number then street), ES, IT, PL, BR (street type first), US (``City, ST 12345``) and GB
(outward and inward postcode). The country comes from the country name when one follows, else
from the format; where formats are shared (four digits: AT, CH, BE; five: DE, FR, ES, IT) the
street words and a few big cities decide. The value is the street, the optional extra line and
the postcode line (and US state), joined by ", " with spaces normalized; the country name is left
out of the value and given as ``country``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from seized.extract.countries import CITIES, country_of_name
from seized.extract.found import Found

_S = r"[^\S\n]"  # a blank that is not a line break
_SEP = rf"(?:{_S}*(?:[,;|]|<br{_S}*/?>){_S}*\n?{_S}*|{_S}*\n{_S}*)"
_UP = r"[A-ZÀ-ÖØ-ÞĀ-ſ]"  # capital letters, Latin-1 and Latin Extended-A
_WORD = r"[^\W\d_][\w'’.\-]*"
_NAME = rf"{_UP}[\w'’.\-]*(?:{_S}{{1,2}}(?:{_WORD}|\d{{1,2}}\.?)){{0,4}}"  # a proper name
_LNAME = rf"(?:{_WORD}|\d{{1,2}}\.?)(?:{_S}{{1,2}}(?:{_WORD}|\d{{1,2}}\.?)){{0,5}}"  # any words
_NUM = r"\d{1,5}[A-Za-z]?(?:[/\-](?:\d{1,4}[A-Za-z]?|[A-Za-z]\b))?"
_CITY = rf"{_UP}[\w'’.\-]*(?:(?:{_S}|{_S}?-{_S}?)(?:{_WORD})){{0,3}}"
_EXTRA = rf"(?:(?P<extra>[^\n,;|<]{{1,30}}?){_SEP})?"
_COUNTRY = rf"(?:{_SEP}(?P<cname>{_WORD}(?:{_S}{_WORD}){{0,3}})(?=[^\S\n]*(?:$|\n|[,;|.])))?"

# Street words, as they occur inside (suffix) or before the street name.
_DE_STREET = (
    r"(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt"
    r"|graben|zeile|promenade|kai|hof|berg|feld|garten)"
)
_NL_STREET = r"(?:straat|weg|laan|plein|gracht|kade|singel|dijk|steeg|dreef|markt|baan|hof)"
_FR_TYPE = (
    r"(?:rue|avenue|av\.|boulevard|bd\.?|place|allée|chemin|impasse|quai|route|cours|square"
    r"|chaussée|rue\sde)"
)
_ES_TYPE = r"(?:calle|c/|avenida|avda\.?|plaza|pza\.?|paseo|carrer|camino|ronda|travesía|glorieta)"
_IT_TYPE = r"(?:via|viale|piazza|piazzale|corso|largo|vicolo|strada|lungomare)"
_PL_TYPE = r"(?:ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle)"
_BR_TYPE = r"(?:rua|r\.|avenida|av\.|travessa|tv\.|alameda|praça|rodovia|estrada|largo)"
_EN_TYPE = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl"
    r"|close|crescent|cres|gardens|grove|terrace|hill|square|sq|parkway|pkwy|highway|hwy"
    r"|circle|cir|mews|row|walk|parade|rise|green)"
)
_US_STATES = tuple(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
    ]
)
_UNIT = rf"(?:,?{_S}*(?:apt|apartment|suite|ste|unit|flat|#){_S}*\.?{_S}*[\w\-]{{1,6}})?"

# Street lines.
_STREET_AFTER = (  # "Hauptstraße 12", "Kerkstraat 5a", "Rue du Rhône 12"
    rf"(?P<street>(?:{_UP}[\w'’.\-]*(?:{_S}|-))?"
    rf"(?:(?:{_UP}|[a-zäöüß])[\w'’.\-]*(?i:{_DE_STREET}|{_NL_STREET})\.?"
    rf"|(?i:{_FR_TYPE}|am|an{_S}der|im|auf{_S}der|zum|zur|unter{_S}den){_S}+{_LNAME}"
    rf"|{_UP}[\w'’.\-]*(?:{_S}{_WORD})?{_S}+(?i:{_DE_STREET}|straat|laan|weg|plein)\b)"
    rf"{_S}+{_NUM})"
)
_STREET_FR = rf"(?P<street>{_NUM}(?:{_S}?(?:bis|ter))?,?{_S}+(?i:{_FR_TYPE}){_S}+{_LNAME})"
_STREET_TYPED = (  # "Calle Mayor, 12, 3º", "Via Roma 5", "ul. Długa 7/3", "Rua das Flores, 120"
    rf"(?P<street>(?i:(?P<stype>{_ES_TYPE}|{_IT_TYPE}|{_PL_TYPE}|{_BR_TYPE}))"
    rf"{_S}*{_LNAME},?{_S}*(?:n[º°o]\.?{_S}*)?{_NUM}"
    rf"(?:,?{_S}*\d{{1,2}}{_S}?[º°ª]{_S}?(?:[A-Za-z]{{1,4}}\.?)?|{_S}?[-–]{_S}?(?i:apto|apt|sala|bloco|casa){_S}?\w{{1,6}})?)"
)
_STREET_EN = (
    rf"(?P<street>{_NUM}{_S}+{_NAME}{_S}+(?i:{_EN_TYPE})\b\.?"
    rf"(?:{_S}+(?:N|S|E|W|NE|NW|SE|SW)\b)?{_UNIT})"
)

# Postcode-and-city lines.
_POST_4 = rf"(?P<prefix>(?:A|AT|CH|B|BE)-)?(?P<post>\d{{4}}){_S}+(?P<city>{_CITY})"
_POST_5 = (
    rf"(?P<prefix>(?:D|DE|F|I|E)-)?(?P<post>\d{{5}}){_S}+(?P<city>{_CITY}"
    rf"(?:{_S}+CEDEX(?:{_S}\d{{1,2}})?)?(?:{_S}*\(?[A-Z]{{2}}\)(?!\w))?)"
)
_POST_NL = rf"(?P<post>\d{{4}}{_S}?[A-Z]{{2}}){_S}+(?P<city>{_CITY})"
_POST_PL = rf"(?P<post>\d{{2}}-\d{{3}}){_S}+(?P<city>{_CITY})"
_POST_BR = (
    rf"(?:(?P<city>{_CITY}){_S}*[-–/]{_S}*(?P<state>[A-Z]{{2}}){_SEP}(?:CEP:?{_S}*)?(?P<post>\d{{5}}-\d{{3}})"
    rf"|(?:CEP:?{_S}*)?(?P<post2>\d{{5}}-\d{{3}}){_S}+(?P<city2>{_CITY})(?:{_S}*[-–/]{_S}*(?P<state2>[A-Z]{{2}}))?)"
)
_POST_US = (
    rf"(?P<city>{_CITY}),?{_S}+(?P<state>{'|'.join(_US_STATES)}){_S}+(?P<post>\d{{5}}(?:-\d{{4}})?)"
)
_GB_CODE = r"[A-Z]{1,2}[0-9][A-Z0-9]?[^\S\n]?[0-9][ABD-HJLNP-UW-Z]{2}"
_POST_GB = rf"(?P<city>{_CITY})(?:{_SEP}|{_S}+)(?P<post>{_GB_CODE})"


@dataclass(frozen=True)
class Format:
    name: str
    pattern: re.Pattern[str]


def _format(name: str, street: str, post: str) -> Format:
    return Format(name, re.compile(rf"(?<![\w])({street}{_SEP}{_EXTRA}{post}){_COUNTRY}"))


#: Most specific first: where two formats match the same text, the first one wins.
FORMATS: tuple[Format, ...] = (
    _format("nl", _STREET_AFTER, _POST_NL),
    _format("pl", _STREET_TYPED, _POST_PL),
    _format("br", _STREET_TYPED, _POST_BR),
    _format("us", _STREET_EN, _POST_US),
    _format("gb", _STREET_EN, _POST_GB),
    _format("fr", _STREET_FR, _POST_5),
    _format("typed5", _STREET_TYPED, _POST_5),
    _format("after5", _STREET_AFTER, _POST_5),
    _format("after4", _STREET_AFTER, _POST_4),
)

#: Every postcode contains a match of this: a run of digits, with the ``-ddd`` of Polish and
#: Brazilian codes or the two capitals of Dutch and British ones. Only text around matches whose
#: shape fits a format is searched with that format.
ANCHOR = re.compile(r"[0-9]+(?:-[0-9]{3}(?![0-9]))?(?:[^\S\n]?[A-Z]{2}(?![A-Za-z]))?")
#: How far before and after its anchor an address can reach.
_BEFORE, _AFTER = 120, 80
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}
_ROUTES: dict[tuple[int, bool, bool], tuple[Format, ...]] = {
    # (digits before any hyphen, hyphen part, capitals) -> formats, most specific first
    (4, False, False): (_BY_NAME["after4"],),
    (4, False, True): (_BY_NAME["nl"], _BY_NAME["after4"]),
    (5, False, False): tuple(_BY_NAME[n] for n in ("us", "fr", "typed5", "after5")),
    (5, False, True): tuple(_BY_NAME[n] for n in ("us", "fr", "typed5", "after5")),
    (2, True, False): (_BY_NAME["pl"],),
    (2, True, True): (_BY_NAME["pl"],),
    (5, True, False): (_BY_NAME["br"],),
    (5, True, True): (_BY_NAME["br"],),
    (1, False, True): (_BY_NAME["gb"],),
}

_FR_WORD = re.compile(rf"(?i:{_FR_TYPE})\b")
_SPACES = re.compile(r"\s+")


def _clean(part: str) -> str:
    return _SPACES.sub(" ", part).strip(" ,;|")


def _country(fmt: str, m: re.Match[str]) -> str | None:
    named = country_of_name(m.group("cname")) if m.group("cname") else None
    if named:
        return named
    groups = m.groupdict()
    prefix = (groups.get("prefix") or "").rstrip("-")
    if prefix:
        return {
            "A": "AT",
            "AT": "AT",
            "CH": "CH",
            "B": "BE",
            "BE": "BE",
            "D": "DE",
            "DE": "DE",
            "F": "FR",
            "I": "IT",
            "E": "ES",
        }[prefix]
    street = m.group("street")
    if fmt in ("nl", "pl", "br", "us", "gb", "fr"):
        return {"nl": "NL", "pl": "PL", "br": "BR", "us": "US", "gb": "GB", "fr": "FR"}[fmt]
    if fmt == "typed5":
        stype = (m.group("stype") or "").lower()
        if re.fullmatch(_ES_TYPE, stype, re.IGNORECASE):
            return "ES"
        if re.fullmatch(_IT_TYPE, stype, re.IGNORECASE):
            return "IT"
        return None
    city = _clean(m.group("city") or "").lower()
    if fmt == "after5":
        return "DE"
    # four digits: AT, CH or BE
    if city in CITIES:
        return CITIES[city]
    lowered = street.lower()
    if _FR_WORD.match(lowered) or re.search(_NL_STREET + r"\b", lowered):
        return "BE"
    if "strasse" in lowered:
        return "CH"
    return "AT"


def _value(m: re.Match[str]) -> str:
    groups = m.groupdict()
    parts = [_clean(m.group("street"))]
    if groups.get("extra"):
        parts.append(_clean(m.group("extra")))
    body = m.group(1)
    post_start = m.start("post") if groups.get("post") else m.start("post2")
    city_start = m.start("city") if groups.get("city") else m.start("city2")
    tail_start = min(p for p in (post_start, city_start) if p >= 0)
    prefix_start = m.start("prefix") if groups.get("prefix") else -1
    if prefix_start >= 0:
        tail_start = min(tail_start, prefix_start)
    tail = body[tail_start - m.start(1) :]
    parts.extend(_clean(p) for p in re.split(_SEP, tail) if _clean(p))
    return ", ".join(parts)


def _found(fmt: Format, m: re.Match[str]) -> Found:
    country = _country(fmt.name, m)
    start = m.start(1)
    end = m.end() if country_of_name(m.group("cname") or "") else m.end(1)
    return Found("postal_address", _value(m), m.string[start:end], start, end, country)


def addresses(text: str) -> Iterator[Found]:
    """Every postal address in ``text``: formats searched only around fitting postcode anchors.

    Where two formats match at the same place the more specific one wins.
    """
    taken: set[int] = set()
    for anchor in ANCHOR.finditer(text):
        token = anchor.group(0)
        head, _, _tail = token.partition("-")
        digits = len(head) - len(head.lstrip("0123456789")) if head else 0
        capitals = token[-1:].isalpha()
        formats = _ROUTES.get((digits, "-" in token, capitals))
        if not formats:
            continue
        lo, hi = max(0, anchor.start() - _BEFORE), anchor.end() + _AFTER
        for fmt in formats:
            for m in fmt.pattern.finditer(text, lo, hi):
                if m.start(1) in taken or not m.start(1) < anchor.end() <= m.end():
                    continue
                taken.add(m.start(1))
                yield _found(fmt, m)


def addresses_plain(text: str) -> Iterator[Found]:
    """The same formats, each run over the whole text (the benchmark's baseline)."""
    taken: set[int] = set()
    for fmt in FORMATS:
        for m in fmt.pattern.finditer(text):
            if m.start(1) not in taken:
                taken.add(m.start(1))
                yield _found(fmt, m)
