"""Country names as written at the end of a postal address, and big cities that settle a
country when a postcode format is shared (4 digits: AT, CH, BE; 5 digits: DE, FR, ES, IT)."""

from __future__ import annotations

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
