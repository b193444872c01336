"""Countries: names, postal address formats, phone numbers and IP ranges for synthetic persons.

Each country writes its addresses the way its post expects (street before or after the number,
postcode before or after the city, US states, UK postcodes) so that address parsing meets the
variety of real shipping notes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers


@dataclass(frozen=True)
class Country:
    iso2: str
    names: tuple[str, ...]  # English name first, then spellings seen in seized data
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]  # (city, postcode seed / region)
    streets: tuple[str, ...]
    calling_code: str
    ip_prefixes: tuple[str, ...]


COUNTRIES: dict[str, Country] = {
    c.iso2: c
    for c in (
        Country(
            "DE",
            ("Germany", "Deutschland", "GERMANY", "germany", "DE"),
            ("Lukas", "Anna", "Jonas", "Lea", "Felix", "Sophie", "Maximilian", "Jürgen"),
            ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Wagner"),
            (("Berlin", "10"), ("Hamburg", "20"), ("München", "80"), ("Köln", "50")),
            ("Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee"),
            "49",
            ("84.128", "91.64", "178.200", "217.80"),
        ),
        Country(
            "NL",
            ("Netherlands", "Nederland", "the netherlands", "Holland", "NL"),
            ("Daan", "Emma", "Sem", "Julia", "Lars", "Sanne", "Bram"),
            ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser"),
            (("Amsterdam", "10"), ("Rotterdam", "30"), ("Utrecht", "35"), ("Eindhoven", "56")),
            ("Kerkstraat", "Dorpsstraat", "Molenweg", "Prinsengracht", "Stationsplein"),
            "31",
            ("77.160", "145.53", "213.125"),
        ),
        Country(
            "US",
            ("United States", "USA", "U.S.A.", "united states of america", "US"),
            ("James", "Mary", "Michael", "Jennifer", "David", "Ashley", "Tyler"),
            ("Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis"),
            (
                ("Austin", "TX 787"),
                ("Denver", "CO 802"),
                ("Portland", "OR 972"),
                ("Miami", "FL 331"),
            ),
            ("Main St", "Oak Ave", "Maple Dr", "Washington Blvd", "Elm St"),
            "1",
            ("24.16", "68.40", "98.200", "173.70"),
        ),
        Country(
            "GB",
            ("United Kingdom", "UK", "Great Britain", "england", "GB"),
            ("Oliver", "Amelia", "Harry", "Isla", "George", "Olivia", "Jack"),
            ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas"),
            (("London", "E1"), ("Manchester", "M4"), ("Leeds", "LS1"), ("Bristol", "BS1")),
            ("High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane"),
            "44",
            ("81.96", "86.128", "151.224"),
        ),
        Country(
            "FR",
            ("France", "France", "FRANCE", "france", "FR"),
            ("Lucas", "Chloé", "Hugo", "Léa", "Louis", "Manon", "Théo"),
            ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit"),
            (("Paris", "75"), ("Lyon", "69"), ("Marseille", "13"), ("Lille", "59")),
            ("rue de la Paix", "avenue Victor Hugo", "rue du Moulin", "boulevard Voltaire"),
            "33",
            ("90.0", "82.64", "176.128"),
        ),
        Country(
            "AT",
            ("Austria", "Österreich", "AUSTRIA", "oesterreich", "AT"),
            ("Paul", "Laura", "Elias", "Hannah", "Tobias", "Lena"),
            ("Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner"),
            (("Wien", "1"), ("Graz", "8"), ("Linz", "4"), ("Salzburg", "5")),
            ("Hauptplatz", "Kirchengasse", "Mariahilfer Straße", "Dorfstraße"),
            "43",
            ("62.46", "80.108", "193.170"),
        ),
        Country(
            "CH",
            ("Switzerland", "Schweiz", "Suisse", "SWITZERLAND", "CH"),
            ("Noah", "Mia", "Luca", "Lina", "Leon", "Elena"),
            ("Müller", "Meier", "Schmid", "Keller", "Weber", "Huber"),
            (("Zürich", "80"), ("Bern", "30"), ("Basel", "40"), ("Genève", "12")),
            ("Bahnhofstrasse", "Dorfstrasse", "Seestrasse", "Rue du Rhône"),
            "41",
            ("83.76", "178.192", "85.0"),
        ),
        Country(
            "PL",
            ("Poland", "Polska", "POLAND", "polska", "PL"),
            ("Jakub", "Zuzanna", "Kacper", "Julia", "Szymon", "Maja"),
            ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski"),
            (("Warszawa", "00"), ("Kraków", "30"), ("Gdańsk", "80"), ("Wrocław", "50")),
            ("ul. Marszałkowska", "ul. Długa", "ul. Polna", "ul. Lipowa"),
            "48",
            ("83.0", "89.64", "31.0"),
        ),
        Country(
            "BR",
            ("Brazil", "Brasil", "BRAZIL", "brasil", "BR"),
            ("Miguel", "Alice", "Arthur", "Helena", "Davi", "Laura"),
            ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa"),
            (("São Paulo", "SP 01"), ("Rio de Janeiro", "RJ 20"), ("Curitiba", "PR 80")),
            ("Rua das Flores", "Avenida Paulista", "Rua Sete de Setembro", "Rua XV de Novembro"),
            "55",
            ("177.0", "189.32", "200.150"),
        ),
        Country(
            "ES",
            ("Spain", "España", "SPAIN", "espana", "ES"),
            ("Hugo", "Lucía", "Martín", "Sofía", "Pablo", "Martina"),
            ("García", "Fernández", "González", "Rodríguez", "López", "Martínez"),
            (("Madrid", "28"), ("Barcelona", "08"), ("Valencia", "46"), ("Sevilla", "41")),
            ("Calle Mayor", "Calle del Sol", "Avenida de la Constitución", "Calle Real"),
            "34",
            ("83.32", "88.0", "95.16"),
        ),
    )
}

# How often persons live in each country (buyers and vendors alike).
WEIGHTS: dict[str, int] = {
    "DE": 18,
    "NL": 12,
    "US": 20,
    "GB": 12,
    "FR": 9,
    "AT": 4,
    "CH": 3,
    "PL": 6,
    "BR": 5,
    "ES": 7,
}
ISO2 = tuple(c for c in COUNTRIES)


def pick_country(rng: random.Random) -> str:
    return rng.choices(ISO2, weights=[WEIGHTS[c] for c in ISO2])[0]


@dataclass(frozen=True)
class PostalAddress:
    name: str
    country: str
    text: str  # as the buyer would type it, several lines


def postal_address(rng: random.Random, iso2: str, name: str) -> PostalAddress:
    """A plausible address in the country's own format."""
    c = COUNTRIES[iso2]
    city, seed = rng.choice(c.cities)
    street = rng.choice(c.streets)
    num = rng.randint(1, 180)
    cname = c.names[0] if rng.random() < 0.7 else c.names[1]
    if iso2 in ("DE", "AT", "CH", "NL", "PL"):
        digits = {"DE": 5, "AT": 4, "CH": 4, "NL": 4, "PL": 5}[iso2]
        post = seed + "".join(str(rng.randint(0, 9)) for _ in range(digits - len(seed)))
        if iso2 == "NL":
            post += " " + rng.choice("ABCDEFGHJKLMNPRSTVWXZ") + rng.choice("ABCDEFGHJKLMNPRSTVWXZ")
        if iso2 == "PL":
            post = post[:2] + "-" + post[2:]
        lines = [name, f"{street} {num}", f"{post} {city}", cname]
    elif iso2 == "US":
        state, zip3 = seed.split()
        zipcode = zip3 + f"{rng.randint(0, 99):02d}"
        lines = [name, f"{num} {street}", f"{city}, {state} {zipcode}", cname]
    elif iso2 == "GB":
        post = f"{seed} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        post += rng.choice("ABDEFGHJLNPQRSTUWXYZ")
        lines = [name, f"{num} {street}", city, post, cname]
    elif iso2 == "FR":
        post = seed + f"{rng.randint(0, 999):03d}"
        lines = [name, f"{num} {street}", f"{post} {city.upper()}", cname]
    elif iso2 == "BR":
        state, prefix = seed.split()
        post = f"{prefix}{rng.randint(0, 999):03d}-{rng.randint(0, 999):03d}"
        lines = [name, f"{street}, {num}", f"{city} - {state}", post, cname]
    else:  # ES
        post = seed + f"{rng.randint(0, 999):03d}"
        lines = [name, f"{street}, {num}, {rng.randint(1, 6)}º", f"{post} {city}", cname]
    return PostalAddress(name, iso2, "\n".join(lines))


def person_name(rng: random.Random, iso2: str) -> str:
    c = COUNTRIES[iso2]
    return f"{rng.choice(c.first_names)} {rng.choice(c.last_names)}"


def phone_number(rng: random.Random, iso2: str) -> tuple[str, str]:
    """(E.164, as written) for a mobile number in the country."""
    c = COUNTRIES[iso2]
    prefix = {
        "DE": "15",
        "NL": "6",
        "US": "512",
        "GB": "7",
        "FR": "6",
        "AT": "66",
        "CH": "7",
        "PL": "5",
        "BR": "119",
        "ES": "6",
    }[iso2]
    length = {"US": 10, "BR": 11, "DE": 11, "GB": 10, "AT": 11}.get(iso2, 9)
    for _ in range(100):  # draw until the number is one the country's numbering plan allows
        national = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix)))
        e164 = "+" + c.calling_code + national
        if phonenumbers.is_valid_number(phonenumbers.parse(e164)):
            break
    style = rng.random()
    if style < 0.4:
        written = e164
    elif style < 0.7:
        written = f"+{c.calling_code} {national[:3]} {national[3:]}"
    else:
        trunk = "" if iso2 in ("US",) else "0"
        written = f"{trunk}{national[:3]}-{national[3:]}" if iso2 != "US" else national
        if iso2 == "US":
            written = f"({national[:3]}) {national[3:6]}-{national[6:]}"
    return e164, written


def ip_address(rng: random.Random, iso2: str) -> str:
    prefix = rng.choice(COUNTRIES[iso2].ip_prefixes)
    return f"{prefix}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
