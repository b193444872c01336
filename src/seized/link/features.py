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
  postal addresses found in their texts;
* everyone: ``habits``, the short lines the account keeps writing in its messages — how it
  opens and closes them, a catchphrase (a line of at most 48 characters, digits dropped, in at
  least :data:`HABIT_SHARE` of its messages of several lines and at least twice; lines that a
  tenth of all accounts use are templates, not habits), with ``habit_key`` (all of them) and
  ``habit_pairs`` (every two of them), blocking keys when at most :data:`KEY_BLOCK_MAX`
  accounts share them (on the large synthetic case, 400k accounts, the crowded ones proposed
  150M pairs); ``hours``, the account's activity by hour of day (UTC) over its logins, the
  messages it sent and the orders it placed (NULL below :data:`MIN_EVENTS` events);
* buyers: ``vendors``, whom they bought from — the vendor accounts of their orders, each taken as
  the group of accounts that hard links (``link_hard``) tie it to, so that buying from one
  vendor on two markets counts as one vendor. Buyers go back to the vendors they trust, on
  whichever market those sell.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from seized.chain.cluster import components
from seized.link.options import LinkOptions
from seized.link.sql import count

#: A name shared by more accounts than this is no blocking key.
NAME_BLOCK_MAX = 50
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

_HOURS = ", ".join(f"count(*) FILTER (WHERE h = {h})::DOUBLE" for h in range(24))


def _name_sql(column: str) -> tuple[str, str]:
    """SQL for (compact, normalized) forms of a username column."""
    compact = f"regexp_replace(strip_accents(lower(coalesce({column}, ''))), '[^a-z0-9]', '', 'g')"
    leet = f"regexp_replace(regexp_replace(strip_accents(lower(coalesce({column}, ''))), '[^a-z0-9@$]', '', 'g'), '[0-9]+$', '')"  # noqa: E501
    norm = f"translate({leet}, '0134578@$', 'oieastbas')"
    return compact, norm


def build_features(con: duckdb.DuckDBPyConnection, options: LinkOptions) -> int:
    """Create ``link_features`` (one row per account); returns its rows."""
    compact, norm = _name_sql("username")
    names = sorted(options.common_names)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE link_names AS
        SELECT account_id, market_id, role, nullif(lower(trim(username)), '') AS name_exact,
               nullif({compact}, '') AS name_compact, nullif({norm}, '') AS name_norm
          FROM accounts
        """
    )
    con.execute(
        """
        UPDATE link_names
           SET name_norm = CASE WHEN name_norm IN (SELECT unnest(?::VARCHAR[]))
                                  OR length(name_norm) < 3 THEN NULL ELSE name_norm END,
               name_compact = CASE WHEN name_compact IN (SELECT unnest(?::VARCHAR[]))
                                     OR length(name_compact) < 3
                                     OR name_norm IN (SELECT unnest(?::VARCHAR[]))
                                        AND name_compact = name_norm
                                   THEN NULL ELSE name_compact END
        """,
        [names, names, names],
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE link_sentences AS
        WITH texts AS (
            SELECT vendor_id AS account_id, listing_id AS source, description AS text
              FROM listings WHERE vendor_id IS NOT NULL AND description IS NOT NULL
            UNION ALL
            SELECT account_id, account_id, profile FROM accounts WHERE profile IS NOT NULL
        ),
        pieces AS (
            SELECT account_id, source,
                   unnest(regexp_split_to_array(left(text, 4000), '[.!?\\n]+')) AS piece
              FROM texts
        ),
        clean AS (
            SELECT account_id, source,
                   trim(regexp_replace(regexp_replace(lower(piece), '[0-9]+', '', 'g'),
                                       '\\s+', ' ', 'g')) AS phrase
              FROM pieces
        )
        SELECT DISTINCT account_id, source, left(md5(phrase), 16) AS phrase
          FROM clean WHERE length(phrase) >= {MIN_PHRASE}
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE link_shipping AS
        SELECT DISTINCT buyer_id AS account_id,
               left(md5(lower(regexp_replace(trim(shipping_address), '\\s+', ' ', 'g'))), 16)
                   AS address
          FROM orders
         WHERE buyer_id IS NOT NULL AND coalesce(trim(shipping_address), '') <> ''
           AND shipping_address NOT LIKE '-----BEGIN PGP%'
        UNION
        SELECT DISTINCT account_id,
               left(md5(lower(regexp_replace(trim(value), '\\s+', ' ', 'g'))), 16)
          FROM identifiers
         WHERE kind = 'postal_address' AND account_id IS NOT NULL
        """
    )
    _habits(con)
    _hours(con)
    _vendors(con)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE link_features AS
        WITH listing_stats AS (
            SELECT vendor_id AS account_id,
                   list_sort(list_distinct(list(nullif(lower(trim(
                       regexp_extract(category, '([^>/|]+)$', 1))), '')))) AS categories,
                   list_sort(list_distinct(list(upper(trim(ships_from))))) AS ships_from,
                   mode(upper(trim(ships_from))) AS ship_main,
                   list_sort(list_distinct(flatten(list(
                       regexp_extract_all(lower(title), '[a-z]{{3,}}'))))) AS title_tokens,
                   median(log10(greatest(price_sats, 1))) AS price_level
              FROM listings WHERE vendor_id IS NOT NULL GROUP BY vendor_id
        ),
        phrase_counts AS (
            SELECT account_id, phrase, count(*) AS uses FROM link_sentences GROUP BY ALL
        ),
        phrase_stats AS (
            SELECT account_id, list_sort(list(phrase)) AS phrases,
                   arg_max(phrase, uses * 1e6 - hash(phrase) % 1000000) AS phrase_key
              FROM phrase_counts GROUP BY account_id
        ),
        shipping_stats AS (
            SELECT account_id, list_sort(list(address)) AS shipping, min(address) AS ship_key
              FROM link_shipping GROUP BY account_id
        ),
        name_counts AS (
            SELECT name_norm, count(*) AS n FROM link_names
             WHERE name_norm IS NOT NULL GROUP BY name_norm
        )
        SELECT *,
               CASE WHEN count(*) OVER (PARTITION BY name_compact) <= {KEY_BLOCK_MAX}
                    THEN name_compact END AS name_compact_block,
               CASE WHEN phrase_key IS NULL OR ship_main IS NULL THEN NULL
                    WHEN count(*) OVER (PARTITION BY phrase_key, ship_main) <= {KEY_BLOCK_MAX}
                    THEN phrase_key || '|' || ship_main
                    ELSE phrase_key || '|' || ship_main || '|' || coalesce(categories_key, '')
                     END AS phrase_block,
               CASE WHEN categories_key IS NULL OR ship_main IS NULL THEN NULL
                    WHEN count(*) OVER (PARTITION BY categories_key, ship_main)
                         <= {KEY_BLOCK_MAX}
                    THEN categories_key || '|' || ship_main END AS categories_block
          FROM (
        SELECT n.account_id AS unique_id, n.market_id, n.role, n.name_exact, n.name_compact,
               n.name_norm,
               CASE WHEN c.n <= {NAME_BLOCK_MAX} THEN n.name_norm END AS name_block,
               l.categories, array_to_string(l.categories, '|') AS categories_key,
               l.ships_from, l.ship_main, l.title_tokens, l.price_level,
               p.phrases, p.phrase_key, s.shipping, s.ship_key,
               hb.habits, hb.habit_key, hb.habit_pairs, hr.hours, vs.vendors
          FROM link_names AS n
          LEFT JOIN name_counts AS c USING (name_norm)
          LEFT JOIN listing_stats AS l ON l.account_id = n.account_id
          LEFT JOIN phrase_stats AS p ON p.account_id = n.account_id
          LEFT JOIN shipping_stats AS s ON s.account_id = n.account_id
          LEFT JOIN link_habit_sets AS hb ON hb.account_id = n.account_id
          LEFT JOIN link_hours AS hr ON hr.account_id = n.account_id
          LEFT JOIN link_vendor_sets AS vs ON vs.account_id = n.account_id
          )
        """
    )
    return count(con, "link_features")


def _habits(con: duckdb.DuckDBPyConnection) -> None:
    """``link_habit_sets``: per account, the short lines it habitually writes."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE link_habit_sets AS
        WITH readable AS (
            SELECT sender_id AS account_id,
                   coalesce(body_plain, CASE WHEN NOT coalesce(encrypted, FALSE) THEN body END)
                       AS text
              FROM messages WHERE sender_id IS NOT NULL
        ),
        texts AS (
            SELECT account_id,
                   list_filter(
                       list_transform(
                           string_split(text, chr(10)),
                           lambda x: trim(regexp_replace(
                               regexp_replace(lower(x), '[0-9]+', '', 'g'), '\\s+', ' ', 'g'))),
                       lambda x: x <> '') AS lines
              FROM readable WHERE text NOT LIKE '-----BEGIN PGP%'
        ),
        sent AS (SELECT account_id, count(*) AS messages FROM texts GROUP BY account_id),
        ends AS (
            SELECT account_id, unnest(list_distinct(lines)) AS habit
              FROM texts WHERE len(lines) >= 2
        ),
        used AS (
            SELECT account_id, habit, count(*) AS uses FROM ends
             WHERE length(habit) <= 48 GROUP BY ALL
        ),
        kept AS (
            SELECT u.account_id, u.habit FROM used AS u JOIN sent USING (account_id)
             WHERE u.uses >= 2 AND u.uses >= {HABIT_SHARE} * sent.messages
        ),
        templates AS (
            SELECT habit FROM kept GROUP BY habit
            HAVING count(*) > {HABIT_TEMPLATE_SHARE} * (SELECT count(DISTINCT account_id) FROM kept)
               AND count(*) > 10
        ),
        sets AS (
            SELECT account_id, habits, array_to_string(habits, '|') AS habit_key,
                   list_filter(
                       flatten(list_transform(habits, lambda a: list_transform(habits,
                           lambda b: CASE WHEN a < b THEN a || '|' || b END))),
                       lambda x: x IS NOT NULL) AS pairs
              FROM (SELECT account_id, list_sort(list(left(md5(habit), 16))) AS habits
                      FROM kept WHERE habit NOT IN (SELECT habit FROM templates)
                     GROUP BY account_id)
        ),
        crowded_keys AS (
            SELECT habit_key FROM sets GROUP BY habit_key HAVING count(*) > {KEY_BLOCK_MAX}
        ),
        each_pair AS (SELECT account_id, unnest(pairs) AS pair FROM sets),
        crowded_pairs AS (
            SELECT pair FROM each_pair GROUP BY pair HAVING count(*) > {KEY_BLOCK_MAX}
        ),
        kept_pairs AS (
            SELECT account_id, list(pair) AS habit_pairs FROM each_pair
             WHERE pair NOT IN (SELECT pair FROM crowded_pairs) GROUP BY account_id
        )
        SELECT s.account_id, s.habits,
               CASE WHEN s.habit_key NOT IN (SELECT habit_key FROM crowded_keys)
                    THEN s.habit_key END AS habit_key,
               p.habit_pairs
          FROM sets AS s LEFT JOIN kept_pairs AS p USING (account_id)
        """
    )


def _hours(con: duckdb.DuckDBPyConnection) -> None:
    """``link_hours``: per account, its timed events by hour of day."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE link_hours AS
        WITH events AS (
            SELECT account_id, hour("at") AS h FROM logins
             WHERE account_id IS NOT NULL AND "at" IS NOT NULL
            UNION ALL
            SELECT sender_id, hour(created_at) FROM messages
             WHERE sender_id IS NOT NULL AND created_at IS NOT NULL
            UNION ALL
            SELECT buyer_id, hour(created_at) FROM orders
             WHERE buyer_id IS NOT NULL AND created_at IS NOT NULL
        )
        SELECT account_id, [{_HOURS}] AS hours FROM events
         GROUP BY account_id HAVING count(*) >= {MIN_EVENTS}
        """
    )


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


def _vendors(con: duckdb.DuckDBPyConnection) -> None:
    """``link_vendor_sets``: per buyer account, the vendor groups it ordered from."""
    groups = _groups(con)
    table = pa.table(
        {
            "account_id": pa.array(list(groups), pa.string()),
            "group_id": pa.array(list(groups.values()), pa.string()),
        }
    )
    con.register("link_groups_arrow", table)
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE link_vendor_sets AS
            SELECT o.buyer_id AS account_id,
                   list_sort(list(DISTINCT coalesce(g.group_id, o.vendor_id))) AS vendors
              FROM orders AS o LEFT JOIN link_groups_arrow AS g ON g.account_id = o.vendor_id
             WHERE o.buyer_id IS NOT NULL AND o.vendor_id IS NOT NULL
             GROUP BY o.buyer_id
            """
        )
    finally:
        con.unregister("link_groups_arrow")
