"""Service and deposit addresses: where traced coins reach a service (an exchange, a mixer...).

A service address is one a tag pack tags, or one in a cluster a tag pack labels (the seized
database's own tags do not count: a market's addresses are where the stories start). An
exchange's deposit addresses are rarely tagged, but the exchange sweeps them into its own
wallets, so :func:`infer_deposit_addresses` takes an address for a deposit address of a service
when it is spent in a transaction paying that service alone, and either the transaction spends
several addresses or the address was paid more than once. An address the seized database says
belongs to a user (a payout, withdrawal or refund address) is never one: a vendor emptying their
wallet into an exchange in one payment is cashing out, not an exchange sweeping a deposit.

The queries are in ``deposits.sql`` and ``payout_addresses.sql`` beside this module.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import duckdb

from seized.db import literal_list, quote_literal
from seized.vocabulary import PAYOUT_KINDS, SEIZED_TAGPACK

#: words of seized.vocabulary the .sql files name in braces, as SQL literals
_WORDS = {
    "{SEIZED_TAGPACK}": quote_literal(SEIZED_TAGPACK),
    "{PAYOUT_KINDS}": literal_list(PAYOUT_KINDS),
}


@cache
def _sql(name: str) -> str:
    text = resources.files("seized.chain").joinpath(name).read_text(encoding="utf-8")
    for word, literal in _WORDS.items():
        text = text.replace(word, literal)
    return text


def define_payout_addresses(con: duckdb.DuckDBPyConnection) -> None:
    """Create the TEMP table macro ``payout_addresses()`` on ``con``: (account_id, address) of
    every address the seized database says a user asked the market to pay to."""
    con.execute(_sql("payout_addresses.sql"))


def infer_deposit_addresses(con: duckdb.DuckDBPyConnection) -> int:
    """Find the service addresses and infer deposit addresses; returns how many were inferred.

    Leaves two TEMP tables (address, label, category) on ``con``, one row per address:
    ``_service_addresses`` (tagged services) and ``_deposit_addresses`` (inferred from sweeps,
    none of them in the first), and the macro of :func:`define_payout_addresses`.
    """
    define_payout_addresses(con)
    con.execute(_sql("deposits.sql"))
    row = con.execute("SELECT count(*) FROM _deposit_addresses").fetchone()
    return int(row[0]) if row else 0
