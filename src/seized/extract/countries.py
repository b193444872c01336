"""Country names as written at the end of a postal address, and big cities that settle a
country when a postcode format is shared (4 digits: AT, CH, BE; 5 digits: DE, FR, ES, IT)."""

from __future__ import annotations

_ISO_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
#: The 249 officially assigned ISO 3166-1 alpha-2 codes. Reserved and user-assigned codes
#: (EU, UK, XK, ZZ) and made-up ones (WW) are not countries.
ISO_3166_ALPHA2: frozenset[str] = frozenset(_ISO_CODES.split())

#: Lower-case name (English, native, common abbreviations) -> ISO 3166-1 alpha-2.
NAMES: dict[str, str] = {
    **dict.fromkeys(("germany", "deutschland", "de", "brd", "allemagne", "alemania"), "DE"),
    **dict.fromkeys(("netherlands", "the netherlands", "nederland", "holland", "nl"), "NL"),
    **dict.fromkeys(
        ("united states", "united states of america", "usa", "u.s.a.", "us", "u.s."), "US"
    ),
    **dict.fromkeys(
        ("united kingdom", "uk", "u.k.", "great britain", "gb", "england", "scotland", "wales"),
        "GB",
    ),
    **dict.fromkeys(("france", "république française", "fr"), "FR"),
    **dict.fromkeys(("austria", "österreich", "oesterreich", "at"), "AT"),
    **dict.fromkeys(("switzerland", "schweiz", "suisse", "svizzera", "ch"), "CH"),
    **dict.fromkeys(("poland", "polska", "pl"), "PL"),
    **dict.fromkeys(("brazil", "brasil", "br"), "BR"),
    **dict.fromkeys(("spain", "españa", "espana", "es"), "ES"),
    **dict.fromkeys(("italy", "italia", "it"), "IT"),
    **dict.fromkeys(("belgium", "belgië", "belgie", "belgique", "belgien", "be"), "BE"),
}

#: Cities that decide between countries sharing a postcode format.
CITIES: dict[str, str] = {
    **dict.fromkeys(
        ("wien", "vienna", "graz", "linz", "salzburg", "innsbruck", "klagenfurt", "villach"),
        "AT",
    ),
    **dict.fromkeys(
        (
            "zürich",
            "zurich",
            "bern",
            "basel",
            "genève",
            "geneve",
            "genf",
            "lausanne",
            "luzern",
            "lugano",
            "winterthur",
            "st. gallen",
        ),
        "CH",
    ),
    **dict.fromkeys(
        (
            "bruxelles",
            "brussel",
            "brussels",
            "antwerpen",
            "anvers",
            "gent",
            "gand",
            "liège",
            "liege",
            "brugge",
            "leuven",
            "namur",
            "charleroi",
            "mechelen",
        ),
        "BE",
    ),
}


def country_of_name(text: str) -> str | None:
    """ISO2 for a country name as written (case and surrounding punctuation ignored)."""
    return NAMES.get(text.strip(" .,;:-\t").lower())
