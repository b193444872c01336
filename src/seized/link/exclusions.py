"""Identifiers that say nothing about one person, kept out of hard linking (no over-merging).

* ``market_wallet``: the market's own addresses (hot, escrow and deposit addresses, and any
  wallet row without an account) — every user pays into them — and the clusters holding one;
* ``service_cluster``: a cluster labelled as a service (an exchange, a market, a mixer: any
  category but ``user``), whose addresses serve many customers, and a service's deposit
  addresses: a cluster that a transaction spends alone into services only (an exchange sweeping
  its customers' deposit addresses into its hot wallet: refund addresses at an exchange);
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
        market_clusters AS (
            SELECT DISTINCT cluster_id AS value FROM address_clusters
             WHERE address IN (SELECT value FROM market)
        ),
        labelled AS (
            SELECT DISTINCT cluster_id AS value FROM cluster_labels
             WHERE category IS DISTINCT FROM 'user'
        ),
        candidates AS (  -- the clusters that would link accounts, with their addresses
            SELECT c.cluster_id, c.address FROM address_clusters AS c
             WHERE c.cluster_id IN (SELECT value FROM link_ids WHERE kind = 'cluster')
        ),
        spends AS (  -- transactions spending from them: the clusters they spend from
            SELECT i.txid, count(DISTINCT coalesce(ac.cluster_id, i.address)) AS sources,
                   min(ac.cluster_id) AS cluster_id
              FROM btc_inputs AS i LEFT JOIN address_clusters AS ac USING (address)
             WHERE i.txid IN (SELECT i2.txid FROM btc_inputs AS i2
                               WHERE i2.address IN (SELECT address FROM candidates))
             GROUP BY i.txid
        ),
        deposits AS (  -- spent alone into services only: a service's deposit addresses
            SELECT DISTINCT s.cluster_id AS value FROM spends AS s
             WHERE s.sources = 1 AND NOT EXISTS (
                   SELECT 1 FROM btc_outputs AS o
                     LEFT JOIN address_clusters AS oc USING (address)
                    WHERE o.txid = s.txid
                      AND coalesce(oc.cluster_id NOT IN (SELECT value FROM labelled), TRUE))
        ),
        services AS (SELECT value FROM labelled UNION SELECT value FROM deposits),
        reasons AS (
            SELECT c.kind, c.value, c.accounts,
                   CASE
                     WHEN c.kind = 'address' AND c.value IN (SELECT value FROM market)
                       THEN 'market_wallet'
                     WHEN c.kind = 'cluster' AND c.value IN (SELECT value FROM market_clusters)
                       THEN 'market_wallet'
                     WHEN c.kind = 'cluster' AND c.value IN (SELECT value FROM services)
                       THEN 'service_cluster'
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
