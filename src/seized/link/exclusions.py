"""Identifiers that say nothing about one person, kept out of hard linking (no over-merging).

* ``market_wallet``: the market's own addresses (hot, escrow and deposit addresses, and any
  wallet row without an account) — every user pays into them;
* ``crowded``: a value carried by more accounts than one person plausibly holds;
* ``tutorial_key``: a PGP key whose user id marks it as an example from a guide or a test;
* ``common_name``: a handle or e-mail whose name is a generic word (admin, support, test, ...).
"""

from __future__ import annotations

import duckdb

from seized.link.options import LinkOptions
from seized.link.sql import count

#: User ids of keys published in tutorials and tests (a case-insensitive regular expression).
TUTORIAL_KEY = r"example\.(com|org|net)|tutorial|how ?to|\btest(ing)?\b|\bdemo\b|\bsample\b|guide"


def build_exclusions(con: duckdb.DuckDBPyConnection, options: LinkOptions) -> int:
    """Create ``link_excluded`` (kind, value, reason, accounts) from ``link_ids``."""
    names = sorted(options.common_names)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE link_excluded AS
        WITH counts AS (
            SELECT kind, value, count(DISTINCT account_id) AS accounts FROM link_ids GROUP BY ALL
        ),
        market AS (
            SELECT DISTINCT trim(address) AS value FROM wallet_addresses
             WHERE account_id IS NULL OR kind IN ('hot', 'escrow', 'deposit')
        ),
        uids AS (
            SELECT upper(replace(fingerprint, ' ', '')) AS value, unnest(user_ids) AS uid
              FROM pgp_keys
            UNION ALL
            SELECT fingerprint, uid FROM link_keys WHERE uid IS NOT NULL
        ),
        tutorial AS (
            SELECT DISTINCT value FROM uids WHERE regexp_matches(lower(uid), ?)
        ),
        reasons AS (
            SELECT c.kind, c.value, c.accounts,
                   CASE
                     WHEN c.kind = 'address' AND c.value IN (SELECT value FROM market)
                       THEN 'market_wallet'
                     WHEN c.kind = 'pgp' AND c.value IN (SELECT value FROM tutorial)
                       THEN 'tutorial_key'
                     WHEN c.kind IN ('email', 'handle')
                          AND regexp_replace(split_part(c.value, '@', 1), '^@', '')
                              IN (SELECT unnest(?::VARCHAR[]))
                       THEN 'common_name'
                     WHEN c.accounts > ? THEN 'crowded'
                   END AS reason
              FROM counts AS c
        )
        SELECT kind, value, reason, accounts FROM reasons WHERE reason IS NOT NULL
        """,
        [TUTORIAL_KEY, names, options.max_accounts_per_value],
    )
    return count(con, "link_excluded")
