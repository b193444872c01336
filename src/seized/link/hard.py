"""Hard links: two accounts that carry one identifier (PGP key, payout or refund address, contact
handle, e-mail, phone, a rare username) belong to one person, and so do two accounts whose payout
or refund addresses their owner spent together on chain (one multi-input cluster, once
``seized chain cluster`` has run).

:func:`build_identifiers` gathers every identifier of every account into the temporary table
``link_ids`` (account, kind, value, source): the accounts' own columns, the seized wallet and
payout tables, and the ``identifiers`` table the extract stage fills (when it is empty, the
accounts' profile, contact and e-mail texts are scanned here). :mod:`seized.link.exclusions`
then marks the values that say nothing about one person, and :func:`hard_edges` pairs the
accounts that share a value that is left.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import duckdb
import pyarrow as pa
import pysequoia

from seized.db import literal_list, quote_literal
from seized.extract.scan import extract
from seized.link.sql import count, scalar
from seized.pool import map_chunks
from seized.vocabulary import PAYOUT, PAYOUT_KINDS, PGP_ARMOR

#: The rule a shared identifier of each kind proves.
RULES: dict[str, str] = {
    "pgp": "shared_pgp",
    "address": "shared_address",
    "handle": "shared_handle",
    "email": "shared_email",
    "phone": "shared_phone",
    "username": "same_username",
    "username_variant": "similar_username",
    "cluster": "co_spent",
}

#: A name that this many accounts extend with trailing digits is wanted by many: not
#: distinctive.
CROWDED_FAMILY = 3

#: A name ending in digits is not distinctive when a stranger would have picked it this often:
#: the other accounts with the same letters and any number, spread over the numbers with that
#: many digits (``greendragon42`` among 40 other ``greendragon<n>``: 0.4; ``mike_483920`` among
#: 6,000 other ``mike_<n>``: 0.006, but among 30,000: 0.03). The model still weighs such a name.
NUMBERED_CHANCE = 0.01

#: Words in a common handle's composition have at least this many letters (shorter ones, "no",
#: "us", would compose almost any name).
MIN_WORD = 3


@cache
def common_handles() -> frozenset[str]:
    """The reference list of words many unrelated people put in their handles
    (``handles.txt`` beside this module)."""
    text = resources.files("seized.link").joinpath("handles.txt").read_text(encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() for word in line.split("#", 1)[0].split() if word
    )


@cache
def composed_pattern() -> str:
    """A regular expression matching the names made only of common handle words."""
    words = sorted((w for w in common_handles() if len(w) >= MIN_WORD), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in words) + ")+"


#: Kinds of the extract stage, folded into the kinds above.
_EXTRACT_KINDS: dict[str, str] = {
    "pgp_fingerprint": "pgp",
    "btc_address": "address",
    "xmr_address": "address",
    "email": "email",
    "phone": "phone",
    "jabber": "handle",
    "telegram": "handle",
    "wickr": "handle",
    "session": "handle",
    "signal": "handle",
}


def _columns_sql() -> str:
    """Identifiers from the canonical account, wallet and payout columns (a wallet address of a
    payout kind is where its account asked to be paid), and the multi-input cluster of each
    such address."""
    return rf"""
    SELECT account_id, 'pgp' AS kind, upper(replace(pgp_fingerprint, ' ', '')) AS value,
           'accounts.pgp_fingerprint' AS source
      FROM accounts WHERE coalesce(trim(pgp_fingerprint), '') <> ''
    UNION ALL
    SELECT account_id, 'pgp', fingerprint, 'accounts.pgp_public_key' FROM link_keys
    UNION ALL
    SELECT account_id, 'email', lower(trim(email)), 'accounts.email'
      FROM accounts WHERE email LIKE '%_@_%'
    UNION ALL
    SELECT account_id, 'address', trim(address), 'wallet_addresses.' || kind
      FROM wallet_addresses
     WHERE account_id IS NOT NULL AND kind IN {literal_list(PAYOUT_KINDS)}
       AND trim(address) <> ''
    UNION ALL
    SELECT DISTINCT account_id, 'address', trim(address),
           'payouts.' || coalesce(kind, {quote_literal(PAYOUT)})
      FROM payouts WHERE account_id IS NOT NULL AND coalesce(trim(address), '') <> ''
    UNION ALL
    SELECT DISTINCT p.account_id, 'cluster', c.cluster_id, 'address_clusters'
      FROM (SELECT account_id, trim(address) AS address FROM wallet_addresses
             WHERE account_id IS NOT NULL AND kind IN {literal_list(PAYOUT_KINDS)}
            UNION
            SELECT account_id, trim(address) FROM payouts WHERE account_id IS NOT NULL) AS p
      JOIN address_clusters AS c USING (address)
     WHERE c.cluster_id IN (SELECT cluster_id FROM address_clusters
                             GROUP BY cluster_id HAVING count(*) > 1)
    """


def _leet(column: str) -> str:
    """SQL: a lowercased name with accents folded, only letters and digits kept and leetspeak
    undone (``R4ven_4411`` -> ``ravenaaii``), as ``name_leet`` in ``features.sql``."""
    return (
        f"translate(regexp_replace(strip_accents({column}), '[^a-z0-9@$]', '', 'g'), "
        "'0134578@$', 'oieastbas')"
    )


def _username_sql(common: frozenset[str]) -> str:
    """Usernames reused on other markets that a stranger would hardly pick, compared without
    case, separators and leetspeak (``silent_fox77``, ``Silent.Fox.77``, ``s1lent_f0x77``):
    held by one account on each market where they occur and found on two markets or more, at
    least three letters or digits, and each rare by every measure the case and a reference
    list give:

    * a handle: letters, digits, separators (``._-``) and emoji, not text with spaces, quotes
      or markup (a default string, a pasted payload: what many paste alike);
    * not a common name (admin, support, ...) nor a common handle (:func:`common_handles`:
      ``mike``, ``kush``), and, without a trailing number, not made only of common handle words
      (``greendragon``: the model weighs such a name with what else the accounts share);
    * not a name that :data:`CROWDED_FAMILY` or more accounts extend with digits (a name many
      people want: a default, a joke, a famous vendor's name copied by others);
    * not a name whose trailing number a stranger would have hit by chance
      (:data:`NUMBERED_CHANCE`).

    A name like that, reused, is how investigators first tie accounts together. Each such name
    gives two identifiers: ``username`` (the lowercased name: one on each market) and
    ``username_variant`` (its leet form: one on each market), so that a second account on one
    market under a variant of the name keeps the exact name's link across markets."""
    names = sorted(common)
    return rf"""
    SELECT * FROM (
    WITH names AS (
        SELECT account_id, market_id, lower(trim(username)) AS name FROM accounts
         WHERE username IS NOT NULL
    ),
    numbered AS (  -- per name without its trailing number: how many accounts carry one
        SELECT {_leet("regexp_replace(name, '[0-9]+$', '')")} AS base, count(*) AS variants
          FROM names WHERE regexp_matches(name, '[0-9]$') GROUP BY ALL
    ),
    forms AS (
        SELECT account_id, market_id, name, {_leet("name")} AS leet,
               regexp_replace(strip_accents(name), '[^a-z0-9]', '', 'g') AS compact,
               {_leet("regexp_replace(name, '[0-9]+$', '')")} AS stem
          FROM names
    ),
    held AS (  -- each name under its two keys, with how many accounts and markets hold the key
        SELECT *, count(*) OVER (PARTITION BY kind, value) AS holders,
               count(DISTINCT market_id) OVER (PARTITION BY kind, value) AS markets
          FROM (SELECT *, 'username' AS kind, name AS value FROM forms
                UNION ALL
                SELECT *, 'username_variant', leet FROM forms)
    )
    SELECT account_id, kind, value, 'accounts.username'
      FROM held
      LEFT JOIN numbered AS families ON families.base = held.leet
      LEFT JOIN numbered AS stems ON stems.base = held.stem
     WHERE holders = markets AND markets >= 2 AND length(compact) >= 3
       AND regexp_full_match(name, '[\p{{L}}\p{{N}}\p{{M}}\p{{So}}._-]+')
       AND compact NOT IN {literal_list(names)} AND leet NOT IN {literal_list(names)}
       AND (regexp_matches(name, '[0-9]$')
            OR NOT regexp_full_match(regexp_replace(leet, '[^a-z]', '', 'g'),
                                     {quote_literal(composed_pattern())}))
       AND coalesce(families.variants, 0) < {CROWDED_FAMILY}
       AND (NOT regexp_matches(name, '[0-9]$')
            OR stems.variants - holders
               < {NUMBERED_CHANCE} * 10 ** length(regexp_extract(name, '[0-9]+$')))
    )
    """


def _identifiers_sql() -> str:
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _EXTRACT_KINDS.items())
    return f"""
    SELECT account_id, CASE kind {cases} END AS kind,
           CASE WHEN kind = 'pgp_fingerprint' THEN upper(replace(value, ' ', ''))
                WHEN kind IN ('email', 'jabber', 'telegram') THEN lower(value)
                ELSE value END AS value,
           source_table || '.' || source_column AS source
      FROM identifiers
     WHERE account_id IS NOT NULL AND kind IN ({", ".join(f"'{k}'" for k in _EXTRACT_KINDS)})
    """


def _scan_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``link_scanned`` by scanning the accounts' own texts (the extract stage has not run)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE link_scanned "
        "(account_id VARCHAR, kind VARCHAR, value VARCHAR, source VARCHAR)"
    )
    cursor = con.cursor()
    try:
        reader = cursor.sql(
            "SELECT account_id, profile, contact FROM accounts "
            "WHERE coalesce(profile, '') <> '' OR coalesce(contact, '') <> ''"
        ).to_arrow_reader(4096)
        for batch in reader:
            rows: list[tuple[str, str, str, str]] = []
            ids, profiles, contacts = (batch.column(i).to_pylist() for i in range(3))
            for account, profile, contact in zip(ids, profiles, contacts, strict=True):
                for column, text in (("profile", profile), ("contact", contact)):
                    for found in extract(text) if text else ():
                        kind = _EXTRACT_KINDS.get(found.kind)
                        if kind is not None:
                            value = found.value
                            if found.kind == "pgp_fingerprint":
                                value = value.replace(" ", "").upper()
                            elif found.kind in ("email", "jabber", "telegram"):
                                value = value.lower()
                            rows.append((account, kind, value, f"accounts.{column}"))
            if rows:
                con.executemany("INSERT INTO link_scanned VALUES (?, ?, ?, ?)", rows)
    finally:
        cursor.close()


#: Distinct keys from which reading them runs in worker processes (below, starting the workers
#: costs more than it saves), and keys per task.
POOL_KEYS = 5_000
POOL_CHUNK = 500


def _read_chunk(armored: list[str]) -> list[tuple[str, list[str | None]] | None]:
    """The fingerprint and user ids of each armored key; None for a key that does not parse."""
    out: list[tuple[str, list[str | None]] | None] = []
    for text in armored:
        try:
            cert = pysequoia.Cert.from_bytes(text.encode("utf-8"))
            fingerprint = str(cert.fingerprint).upper()
            uids: list[str | None] = [str(u) for u in cert.user_ids]
        except Exception:  # a damaged or hostile key: nothing to learn from it
            out.append(None)
            continue
        out.append((fingerprint, uids))
    return out


def _read_all(armored: list[str]) -> list[tuple[str, list[str | None]] | None]:
    """:func:`_read_chunk` over all of ``armored``, in order; on every core when they are many
    (a large market's accounts hold tens of thousands of keys)."""
    return map_chunks(_read_chunk, armored, least=POOL_KEYS, chunk=POOL_CHUNK)


def read_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``link_keys`` (account_id, fingerprint, uid): the accounts' armored public keys.

    A key that does not parse is skipped (the account keeps its fingerprint column, if any).
    User ids are kept for the tutorial-key check only: anyone can write any e-mail into a key's
    user id, so it proves nothing about who holds the key. Each distinct key is read once.
    """
    rows = con.execute(
        "SELECT account_id, pgp_public_key FROM accounts WHERE contains(pgp_public_key, ?)",
        [PGP_ARMOR + "PUBLIC KEY"],
    ).fetchall()
    distinct = list(dict.fromkeys(str(armored) for _, armored in rows))
    read = dict(zip(distinct, _read_all(distinct), strict=True))
    accounts: list[str] = []
    fingerprints: list[str] = []
    uids: list[str | None] = []
    for account, armored in rows:
        found = read[str(armored)]
        if found is None:
            continue
        fingerprint, names = found
        for uid in names or [None]:
            accounts.append(account)
            fingerprints.append(fingerprint)
            uids.append(uid)
    keys = pa.table(
        {
            "account_id": pa.array(accounts, pa.string()),
            "fingerprint": pa.array(fingerprints, pa.string()),
            "uid": pa.array(uids, pa.string()),
        }
    )
    con.register("link_keys_arrow", keys)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE link_keys AS FROM link_keys_arrow")
    finally:
        con.unregister("link_keys_arrow")


def build_identifiers(
    con: duckdb.DuckDBPyConnection, common_names: frozenset[str] = frozenset()
) -> int:
    """Create ``link_ids`` (account_id, market_id, kind, value, sources); returns its rows.
    ``common_names`` are never evidence (with the :func:`common_handles`)."""
    read_keys(con)
    extracted = scalar(con, "SELECT count(*) FROM identifiers WHERE source_table = 'accounts'")
    parts = [_columns_sql(), _identifiers_sql(), _username_sql(common_names | common_handles())]
    if not extracted:
        _scan_accounts(con)
        parts.append("SELECT account_id, kind, value, source FROM link_scanned")
    union = "\nUNION ALL\n".join(parts)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE link_ids AS
        SELECT i.account_id, a.market_id, i.kind, i.value, list(DISTINCT i.source) AS sources
          FROM ({union}) AS i JOIN accounts AS a USING (account_id)
         WHERE i.kind IS NOT NULL AND coalesce(i.value, '') <> ''
         GROUP BY ALL
        """
    )
    return count(con, "link_ids")


def hard_edges(con: duckdb.DuckDBPyConnection) -> int:
    """Create ``link_hard`` (account_a < account_b, rule, value) from identifiers not excluded;
    a username written another way is ``similar_username`` with both names as the value.

    Needs ``link_ids`` and ``link_excluded`` (see :mod:`seized.link.exclusions`).
    """
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in RULES.items())
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE link_hard AS
        WITH usable AS (
            SELECT i.* FROM link_ids AS i
             WHERE NOT EXISTS (SELECT 1 FROM link_excluded AS x
                                WHERE x.kind = i.kind AND x.value = i.value)
        )
        SELECT account_a, account_b, rule,
               CASE WHEN rule = 'similar_username' THEN name_a || ' / ' || name_b
                    ELSE value END AS value,
               sources
          FROM (
            SELECT a.account_id AS account_a, b.account_id AS account_b,
                   CASE a.kind {cases} END AS rule, a.value,
                   list_distinct(list_concat(a.sources, b.sources)) AS sources,
                   lower(trim(na.username)) AS name_a, lower(trim(nb.username)) AS name_b
              FROM usable AS a JOIN usable AS b
                ON a.kind = b.kind AND a.value = b.value AND a.account_id < b.account_id
              LEFT JOIN accounts AS na
                ON a.kind = 'username_variant' AND na.account_id = a.account_id
              LEFT JOIN accounts AS nb
                ON a.kind = 'username_variant' AND nb.account_id = b.account_id
          )
         WHERE (rule <> 'similar_username' OR name_a <> name_b)  -- same name: same_username
           -- one cluster for one address: that is shared_address
           AND (rule <> 'co_spent' OR NOT EXISTS (
                 SELECT 1 FROM usable AS x JOIN usable AS y
                     ON x.kind = 'address' AND y.kind = 'address' AND x.value = y.value
                  WHERE x.account_id = account_a AND y.account_id = account_b))
        """
    )
    return count(con, "link_hard")
