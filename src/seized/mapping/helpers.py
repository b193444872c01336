"""Named helper macros for mapping selects: timestamps, satoshis, countries, roles, statuses.

The macros live in ``helpers.sql`` and the country names in ``countries.csv``; both ship with the
package. :func:`install_helpers` creates them as TEMP objects on a connection (connection-local,
safe to call again).
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources

import duckdb

from seized.db import quote_literal
from seized.vocabulary import PGP_MESSAGE

_PACKAGE = "seized.mapping"
_MACRO = re.compile(r"CREATE OR REPLACE TEMP MACRO (\w+)\(", re.IGNORECASE)


def helpers_sql() -> str:
    """The SQL text that defines every helper macro."""
    return resources.files(_PACKAGE).joinpath("helpers.sql").read_text(encoding="utf-8")


def helper_names() -> list[str]:
    """Names of the public helper macros (internal ``seized_*`` building blocks excluded)."""
    names = _MACRO.findall(helpers_sql())
    return [name for name in names if not name.startswith("seized_")]


def country_names() -> list[tuple[str, str]]:
    """The shipped (name, iso2) pairs; iso2 is '' for places that are not a country."""
    text = resources.files(_PACKAGE).joinpath("countries.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return [(row["name"], row["iso2"]) for row in reader]


def install_helpers(con: duckdb.DuckDBPyConnection) -> None:
    """Create the helper macros and the country table as TEMP objects on ``con``."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE seized_country_names "
        "(key VARCHAR, name VARCHAR, iso2 VARCHAR)"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO seized_pgp_message() AS {quote_literal(PGP_MESSAGE)}"
    )
    for statement in con.extract_statements(helpers_sql()):
        con.execute(statement)
    pairs = country_names()
    con.execute(
        "INSERT INTO temp.main.seized_country_names "
        "SELECT seized_country_key(name), name, iso2 "
        "FROM (SELECT unnest(?) AS name, unnest(?) AS iso2)",
        [[name for name, _ in pairs], [iso2 for _, iso2 in pairs]],
    )
