"""Hard links: two accounts that carry one identifier (PGP key, payout or refund address, contact
handle, e-mail, phone) belong to one person.

:func:`build_identifiers` gathers every identifier of every account into the temporary table
``link_ids`` (account, kind, value, source): the accounts' own columns, the seized wallet and
payout tables, and the ``identifiers`` table the extract stage fills (when it is empty, the
accounts' profile, contact and e-mail texts are scanned here). :mod:`seized.link.exclusions`
then marks the values that say nothing about one person, and :func:`hard_edges` pairs the
accounts that share a value that is left.
"""

from __future__ import annotations

import duckdb
import pysequoia

from seized.db import literal_list, quote_literal
from seized.extract.scan import extract
from seized.link.sql import count, scalar
from seized.vocabulary import PAYOUT, PAYOUT_KINDS, PGP_ARMOR

#: The rule a shared identifier of each kind proves.
RULES: dict[str, str] = {
    "pgp": "shared_pgp",
    "address": "shared_address",
    "handle": "shared_handle",
    "email": "shared_email",
    "phone": "shared_phone",
    "username": "same_username",
}

#: A name that this many accounts extend with trailing digits is wanted by many: not
#: distinctive.
CROWDED_FAMILY = 3

#: A name ending in digits is not distinctive when a stranger would have picked it this often:
#: the other accounts with the same letters and any number, spread over the numbers with that
#: many digits (``greendragon42`` among 40 other ``greendragon<n>``: 0.4; ``mike_483920`` among
#: 6,000 other ``mike_<n>``: 0.006, but among 30,000: 0.03). The model still weighs such a name.
NUMBERED_CHANCE = 0.01

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
    payout kind is where its account asked to be paid)."""
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
    """


def _username_sql() -> str:
    """Distinctive usernames reused on other markets: lowercased, at least 6 characters with a
    digit, held by one account on each market where they occur and found on two markets or
    more, and not a name that :data:`CROWDED_FAMILY` or more accounts extend with digits (a
    name many people want: a default, a joke, a famous vendor's name copied by others), nor a
    name whose number a stranger would have hit by chance (:data:`NUMBERED_CHANCE`). A name
    like that, reused, is how investigators first tie accounts together; common names (admin,
    support, ...) are excluded with the other common values."""
    return rf"""
    SELECT * FROM (
    WITH names AS (
        SELECT account_id, market_id, lower(trim(username)) AS name FROM accounts
    ),
    numbered AS (  -- per name without its trailing number: how many accounts carry one
        SELECT regexp_replace(name, '[0-9]+$', '') AS base, count(*) AS variants
          FROM names WHERE regexp_matches(name, '[0-9]$') GROUP BY ALL
    )
    SELECT account_id, 'username', name, 'accounts.username'
      FROM (SELECT account_id, name,
                   count(*) OVER (PARTITION BY name) AS holders,
                   count(DISTINCT market_id) OVER (PARTITION BY name) AS markets
              FROM names WHERE name IS NOT NULL) AS held
      LEFT JOIN numbered AS families ON families.base = held.name
      LEFT JOIN numbered AS stems ON stems.base = regexp_replace(held.name, '[0-9]+$', '')
     WHERE holders = markets AND markets >= 2 AND length(name) >= 6
       AND regexp_matches(name, '[0-9]') AND coalesce(families.variants, 0) < {CROWDED_FAMILY}
       AND (NOT regexp_matches(name, '[0-9]$')
            OR stems.variants - holders
               < {NUMBERED_CHANCE} * 10 ** (length(name) - length(stems.base)))
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


def read_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``link_keys`` (account_id, fingerprint, uid): the accounts' armored public keys.

    A key that does not parse is skipped (the account keeps its fingerprint column, if any).
    User ids are kept for the tutorial-key check only: anyone can write any e-mail into a key's
    user id, so it proves nothing about who holds the key.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE link_keys "
        "(account_id VARCHAR, fingerprint VARCHAR, uid VARCHAR)"
    )
    cursor = con.cursor()
    try:
        reader = cursor.sql(
            "SELECT account_id, pgp_public_key FROM accounts WHERE contains(pgp_public_key, ?)",
            params=[PGP_ARMOR + "PUBLIC KEY"],
        ).to_arrow_reader(1024)
        for batch in reader:
            rows: list[tuple[str, str, str | None]] = []
            for account, armored in zip(
                batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True
            ):
                try:
                    cert = pysequoia.Cert.from_bytes(armored.encode("utf-8"))
                    fingerprint = str(cert.fingerprint).upper()
                    uids: list[str | None] = [str(u) for u in cert.user_ids]
                except Exception:  # a damaged or hostile key: nothing to learn from it
                    continue
                rows.extend((account, fingerprint, uid) for uid in uids or [None])
            if rows:
                con.executemany("INSERT INTO link_keys VALUES (?, ?, ?)", rows)
    finally:
        cursor.close()


def build_identifiers(con: duckdb.DuckDBPyConnection) -> int:
    """Create ``link_ids`` (account_id, market_id, kind, value, sources); returns its rows."""
    read_keys(con)
    extracted = scalar(con, "SELECT count(*) FROM identifiers WHERE source_table = 'accounts'")
    parts = [_columns_sql(), _identifiers_sql(), _username_sql()]
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
    """Create ``link_hard`` (account_a < account_b, rule, value) from identifiers not excluded.

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
        SELECT a.account_id AS account_a, b.account_id AS account_b,
               CASE a.kind {cases} END AS rule, a.value,
               list_distinct(list_concat(a.sources, b.sources)) AS sources
          FROM usable AS a JOIN usable AS b
            ON a.kind = b.kind AND a.value = b.value AND a.account_id < b.account_id
        """
    )
    return count(con, "link_hard")
