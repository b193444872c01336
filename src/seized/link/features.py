"""Per-account features for the probabilistic model, computed in SQL into ``link_features``.

One row per account:

* names: ``name_exact`` (lowercased), ``name_compact`` (also accents folded, only letters and
  digits kept),
  ``name_norm`` (trailing digits stripped, leetspeak undone: ``Gr33nFox42`` -> ``greenfox``),
  NULL for common names (admin, support, test, ...; ``admin2`` keeps its compact form);
  ``name_block`` is ``name_norm`` when few accounts share it (a blocking key), and
  ``name_compact_block`` is ``name_compact`` when at most :data:`KEY_BLOCK_MAX` accounts do;
* what a vendor sells and how: ``categories`` (the leaf of each category path, lowercased, as
  market softwares nest categories differently), ``ships_from`` (and ``ship_main``, the usual one),
  ``title_tokens`` (words of listing titles), ``price_level`` (median log10 price in satoshis);
* writing habits: ``phrases``, fingerprints of the sentences of listing descriptions and the
  profile with digits dropped (a vendor's signature line, their stock phrases); ``phrase_key`` is
  the phrase used in most of the account's listings; the blocking keys ``phrase_block`` (phrase
  and ``ship_main``) and ``categories_block`` (product mix and ``ship_main``), when at most
  :data:`KEY_BLOCK_MAX` accounts share them; a crowded ``phrase_block`` takes the product mix too
  and a crowded ``categories_block`` is dropped;
* buyers: ``shipping``, fingerprints of readable shipping addresses (decrypted or plain) and
  postal addresses found in their texts; ``ship_keys``, those that at most
  :data:`SHIP_BLOCK_MAX` accounts share (each one a blocking key);
* everyone: ``habits``, the short lines the account keeps writing in its messages — how it
  opens and closes them, a catchphrase (a line of at most 48 characters, digits dropped, in at
  least :data:`HABIT_SHARE` of its messages of several lines and at least twice; lines that a
  tenth of all accounts use are templates, not habits), with ``habit_key`` (all of them) and
  ``habit_pairs`` (every two of them), blocking keys when at most :data:`KEY_BLOCK_MAX`
  accounts share them (on the large synthetic case, 400k accounts, the crowded ones proposed
  150M pairs); ``hours``, the account's activity by hour of day (UTC) over its logins, the
  messages it sent and the orders it placed (NULL below :data:`MIN_EVENTS` events);
* everyone: ``style``, a profile of the character 4-grams the account writes most, weighted by
  how rare they are (tf-idf) among the accounts with text (a simplified profile intersection,
  the method of Frantzeskou et al. for authorship: two profiles are compared by the grams they
  share), over the messages it sent, with ``style_keys``, min-hash
  bands of the profile (blocking keys when at most :data:`KEY_BLOCK_MAX` accounts share one);
* buyers: ``vendors``, whom they bought from — the vendor accounts of their orders, each taken as
  the group of accounts that hard links (``link_hard``) tie it to, so that buying from one
  vendor on two markets counts as one vendor. Buyers go back to the vendors they trust, on
  whichever market those sell.

The SQL is ``features.sql`` beside this module: one statement per table, run in order, with the
constants below bound as parameters (``$key_block_max``, ...). The style profiles between two of
them are counted in NumPy (:mod:`seized.link.style`).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from seized.chain.cluster import components
from seized.link.options import LinkOptions
from seized.link.sql import count
from seized.link.style import style_profiles
from seized.vocabulary import PGP_ARMOR

#: A name shared by more accounts than this is no blocking key.
NAME_BLOCK_MAX = 50
#: A shipping address shared by more accounts than this (a reshipper, a drop many use) is no
#: blocking key.
SHIP_BLOCK_MAX = 20
#: A trade key (stock phrase or product mix, with the country shipped from), a compact name, a
#: habit set or a pair of habits shared by more accounts than this is too coarse to propose
#: pairs alone: the trade keys then propose pairs only together, the others not at all (a vendor
#: vocabulary of a few hundred names over 100,000 vendors would propose millions of pairs of
#: strangers; so did habits that hundreds of accounts share).
KEY_BLOCK_MAX = 100
#: Sentences shorter than this (after dropping digits) are not a writing habit.
MIN_PHRASE = 20
#: An opening or closing line is a habit when the account uses it in this share of its messages.
HABIT_SHARE = 0.3
#: A line used as a habit by more than this share of the accounts with habits is a template.
HABIT_TEMPLATE_SHARE = 0.1
#: Accounts with fewer timed events than this have no activity profile.
MIN_EVENTS = 8
#: Writing style: characters of an account's own text read, character 4-grams in its profile,
#: the share of the accounts with text above which a gram is common, and min-hash bands.
STYLE_CHARS = 2000
STYLE_SIZE = 40
STYLE_COMMON_SHARE = 0.05
STYLE_BANDS = 4


#: The table of writing-style profiles that features.sql reads (:func:`.style.style_profiles`).
_PROFILES = "link_style_profiles_arrow"


@cache
def _statements() -> tuple[tuple[str, frozenset[str]], ...]:
    """The statements of ``features.sql`` in order, each with the names of its parameters."""
    text = resources.files("seized.link").joinpath("features.sql").read_text(encoding="utf-8")
    return tuple((s.query, frozenset(s.named_parameters)) for s in duckdb.extract_statements(text))


def _parameters(options: LinkOptions) -> dict[str, Any]:
    """The values of the ``$name`` parameters of ``features.sql``. Fractions go as decimals,
    as a number written into the SQL would."""
    return {
        "common_names": sorted(options.common_names),
        "name_block_max": NAME_BLOCK_MAX,
        "ship_block_max": SHIP_BLOCK_MAX,
        "key_block_max": KEY_BLOCK_MAX,
        "min_phrase": MIN_PHRASE,
        "habit_share": Decimal(str(HABIT_SHARE)),
        "habit_template_share": Decimal(str(HABIT_TEMPLATE_SHARE)),
        "min_events": MIN_EVENTS,
        "style_chars": STYLE_CHARS,
        "style_size": STYLE_SIZE,
        "style_common_share": Decimal(str(STYLE_COMMON_SHARE)),
        "style_bands": STYLE_BANDS,
        "pgp_armor": PGP_ARMOR,
    }


def build_features(con: duckdb.DuckDBPyConnection, options: LinkOptions) -> int:
    """Create ``link_features`` (one row per account) and the tables it is made of; returns its
    rows."""
    values = _parameters(options)
    groups = _groups(con)
    table = pa.table(
        {
            "account_id": pa.array(list(groups), pa.string()),
            "group_id": pa.array(list(groups.values()), pa.string()),
        }
    )
    con.register("link_groups_arrow", table)
    try:
        for sql, names in _statements():
            if f"FROM {_PROFILES}" in sql:  # the writing-style profiles, from link_style_texts
                profiles = style_profiles(con, STYLE_SIZE, values["style_common_share"])
                con.register(_PROFILES, profiles)
            con.execute(sql, {name: values[name] for name in names} if names else None)
    finally:
        con.unregister("link_groups_arrow")
        con.unregister(_PROFILES)
    return count(con, "link_features")


def _groups(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Account -> the smallest account id of its group under the hard links (``link_hard``, when
    it exists); accounts without hard links are left out. The groups are the connected
    components of the hard-link graph (:func:`seized.chain.cluster.components`)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'link_hard' AND temporary"
    ).fetchall()[0][0]
    if not exists:
        return {}
    pairs = con.execute("SELECT account_a, account_b FROM link_hard").fetchall()
    names = sorted({str(account) for pair in pairs for account in pair})
    index = {name: i for i, name in enumerate(names)}
    labels = components(
        len(names),
        np.array([index[str(a)] for a, _ in pairs], dtype=np.int64),
        np.array([index[str(b)] for _, b in pairs], dtype=np.int64),
    ).tolist()
    smallest: dict[int, str] = {}
    for name, label in zip(names, labels, strict=True):
        smallest.setdefault(label, name)  # names are sorted: the first is the smallest
    return {name: smallest[label] for name, label in zip(names, labels, strict=True)}
