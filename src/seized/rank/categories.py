"""Product categories normalised across markets.

Every market names its categories its own way (``Drugs > Stimulants > Cocaine``, ``Coke``,
``Benzos``); economics needs one vocabulary. :func:`category_of` looks at the market's own
category first (the vendor chose it from the market's menu) and falls back to the listing title,
matching words in English, German, Dutch, French and Spanish. Within a text the first family in
:data:`RULES` order whose word occurs wins, so ``MDMA crystal`` is MDMA, not crystal meth.

Dissociatives (ketamine, DXM, PCP) count as psychedelics. Prescription comes last: a title naming
a drug (``Pharma grade Xanax``) is filed under that drug, and prescription opioids count as
opioids unless the market filed them under prescription drugs.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Category = Literal[
    "cannabis",
    "stimulants",
    "opioids",
    "mdma",
    "psychedelics",
    "benzodiazepines",
    "prescription",
    "other",
]

#: Every category, in the order reports list them.
CATEGORIES: Final[tuple[Category, ...]] = (
    "cannabis",
    "stimulants",
    "opioids",
    "mdma",
    "psychedelics",
    "benzodiazepines",
    "prescription",
    "other",
)

# (category, words). Order matters: the first family with a word in the text wins.
_WORDS: Final[tuple[tuple[Category, tuple[str, ...]], ...]] = (
    (
        "mdma",
        (
            "mdma",
            "ecstasy",
            "ecstacy",
            "extasy",
            "xtc",
            "molly",
            "mandy",
            "mdea",
            "mda",
            "xtc-pillen",
            "partydrugs",
        ),
    ),
    (
        "benzodiazepines",
        (
            "benzo",
            "benzos",
            "benzodiazepine",
            "benzodiazepines",
            "benzodiazepinen",
            "xanax",
            "alprazolam",
            "valium",
            "diazepam",
            "klonopin",
            "clonazepam",
            "rivotril",
            "lorazepam",
            "ativan",
            "etizolam",
            "flualprazolam",
            "bromazolam",
            "temazepam",
            "lormetazepam",
        ),
    ),
    (
        "opioids",
        (
            "opioid",
            "opioids",
            "opiate",
            "opiates",
            "opiaten",
            "opiate",
            "heroin",
            "heroine",
            "héroïne",
            "heroína",
            "fentanyl",
            "fentanil",
            "carfentanil",
            "oxycodone",
            "oxycontin",
            "oxy",
            "hydrocodone",
            "morphine",
            "morphin",
            "morfine",
            "codeine",
            "codein",
            "tramadol",
            "methadone",
            "methadon",
            "buprenorphine",
            "subutex",
            "opium",
            "tapentadol",
        ),
    ),
    (
        "psychedelics",
        (
            "psychedelic",
            "psychedelics",
            "psychedelika",
            "lsd",
            "lsd-25",
            "acid",
            "blotter",
            "blotters",
            "mushroom",
            "mushrooms",
            "shrooms",
            "psilocybin",
            "psilocybe",
            "paddos",
            "paddo",
            "truffels",
            "truffles",
            "zauberpilze",
            "pilze",
            "champignons",
            "dmt",
            "ayahuasca",
            "mescaline",
            "meskalin",
            "peyote",
            "2c-b",
            "2cb",
            "1p-lsd",
            "dissociative",
            "dissociatives",
            "ketamine",
            "ketamin",
            "ketamina",
            "dxm",
            "pcp",
        ),
    ),
    (
        "stimulants",
        (
            "stimulant",
            "stimulants",
            "stimulanzien",
            "cocaine",
            "cocain",
            "kokain",
            "kokaine",
            "cocaïne",
            "cocaína",
            "coke",
            "coca",
            "crack",
            "speed",
            "amphetamine",
            "amphetamin",
            "amfetamine",
            "amfetamina",
            "amphétamine",
            "pep",
            "meth",
            "methamphetamine",
            "methamfetamine",
            "crystal",
            "ice",
            "tina",
            "mephedrone",
            "4-mmc",
            "3-mmc",
            "a-pvp",
            "cathinone",
            "cathinones",
            "adderall",
            "ritalin",
            "methylphenidate",
        ),
    ),
    (
        "cannabis",
        (
            "cannabis",
            "weed",
            "marijuana",
            "marihuana",
            "hash",
            "hashish",
            "hasch",
            "haschisch",
            "hasj",
            "hachís",
            "haschich",
            "gras",
            "wiet",
            "kush",
            "haze",
            "skunk",
            "thc",
            "buds",
            "blüten",
            "shatter",
            "wax",
            "dabs",
            "edibles",
            "concentrates",
            "spice",
            "synthetics",
            "cannabinoids",
            "am-2201",
            "jwh-018",
            "shake/trim",
            "trim",
            "shake",
            "indica",
            "sativa",
            "cbd",
        ),
    ),
    (
        "prescription",
        (
            "prescription",
            "prescriptions",
            "rx",
            "pharma",
            "pharmacy",
            "pharmaceuticals",
            "medicijnen",
            "medikamente",
            "arzneimittel",
            "médicaments",
            "viagra",
            "sildenafil",
            "cialis",
            "tadalafil",
            "modafinil",
            "steroids",
            "steroide",
            "testosterone",
            "pregabalin",
            "lyrica",
            "gabapentin",
        ),
    ),
)

_TOKEN = re.compile(r"[^\W_]+(?:[-/.][^\W_]+)*", re.UNICODE)
_LOOKUP: Final[dict[str, tuple[int, Category]]] = {}
for _rank, (_category, _words) in enumerate(_WORDS):
    for _word in _words:
        _LOOKUP.setdefault(_word, (_rank, _category))


def _tokens(text: str) -> list[str]:
    """Lower-case words; hyphen/slash compounds yield the whole and their parts."""
    found: list[str] = []
    for match in _TOKEN.finditer(text.casefold()):
        token = match.group(0)
        found.append(token)
        if any(sep in token for sep in "-/."):
            found.extend(p for p in re.split(r"[-/.]", token) if p)
    return found


def category_in(text: str | None) -> Category | None:
    """The category a text names, or None when no known word occurs in it."""
    if not text:
        return None
    best: tuple[int, Category] | None = None
    for token in _tokens(text):
        hit = _LOOKUP.get(token)
        if hit is not None and (best is None or hit[0] < best[0]):
            best = hit
    return best[1] if best else None


def category_of(market_category: str | None, title: str | None = None) -> Category:
    """The normalised category of a listing: from the market's category, else from the title.

    >>> category_of("Drugs > Ecstasy > Pills", "10x Blue Tesla 270mg")
    'mdma'
    >>> category_of(None, "5 Gramm Kokain 90%")
    'stimulants'
    >>> category_of("Other", "Fake ID template")
    'other'
    """
    return category_in(market_category) or category_in(title) or "other"
