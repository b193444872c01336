"""Writing keys to the case store: ``pgp_keys`` (every key seen) and ``pgp_secrets`` (the seized
secret keys), merged with what earlier imports recorded; keys found in seized text."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa

from seized.crypto.keys import KEY_BLOCK_LIKE, ParsedKey, parse_key_text, unlock
from seized.crypto.sources import Source, canonical_sources
from seized.db import quote_ident
from seized.model import table_checksum
from seized.pool import map_chunks
from seized.stages import done_result, mark_done
from seized.vocabulary import PGP_ARMOR

#: The better of two secret statuses wins when a key is imported again.
_RANK = {"unlocked": 3, "unprotected": 3, "locked": 2, "unusable": 1}
_KINDS = ("PUBLIC", "PRIVATE")
_KEY_COLUMNS = (
    ("fingerprint", pa.string()),
    ("key_id", pa.string()),
    ("user_ids", pa.list_(pa.string())),
    ("algorithm", pa.string()),
    ("created_at", pa.timestamp("us", tz="UTC")),
    ("has_secret", pa.bool_()),
    ("seen_in", pa.list_(pa.string())),
    ("armored", pa.string()),
    ("key_ids", pa.list_(pa.string())),
    ("secret_status", pa.string()),
)
_SECRET_COLUMNS = (
    ("fingerprint", pa.string()),
    ("evidence_id", pa.int32()),
    ("source", pa.string()),
    ("secret", pa.binary()),
    ("protected", pa.bool_()),
    ("passphrase", pa.string()),
    ("status", pa.string()),
    ("error", pa.string()),
    ("key_ids", pa.list_(pa.string())),
)


def _union(old: list[str] | None, new: list[str]) -> list[str]:
    merged = list(old or [])
    merged += [item for item in new if item not in merged]
    return merged


def _better(old: str | None, new: str | None) -> str | None:
    if old is None:
        return new
    if new is None:
        return old
    return new if _RANK.get(new, 0) > _RANK.get(old, 0) else old


def _replace(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: tuple[tuple[str, Any], ...],
    rows: list[dict[str, Any]],
) -> None:
    if not rows:
        return
    con.execute(
        f"DELETE FROM {table} WHERE fingerprint IN (SELECT unnest(?::VARCHAR[]))",
        [[r["fingerprint"] for r in rows]],
    )
    data = pa.table({name: pa.array([r[name] for r in rows], kind) for name, kind in columns})
    con.register("_seized_keys", data)
    try:
        names = ", ".join(name for name, _ in columns)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _seized_keys")
    finally:
        con.unregister("_seized_keys")


def save_keys(con: duckdb.DuckDBPyConnection, keys: Sequence[tuple[ParsedKey, int | None]]) -> None:
    """Insert or merge keys (and their secrets) into the store in one go."""
    if not keys:
        return
    fingerprints = sorted({k.fingerprint for k, _ in keys})
    names = [name for name, _ in _KEY_COLUMNS]
    merged: dict[str, dict[str, Any]] = {}
    for row in con.execute(
        f"SELECT {', '.join(names)} FROM pgp_keys WHERE fingerprint IN "
        "(SELECT unnest(?::VARCHAR[]))",
        [fingerprints],
    ).fetchall():
        merged[str(row[0])] = dict(zip(names, row, strict=True))
    secrets: dict[str, dict[str, Any]] = {
        str(r[0]): {"fingerprint": str(r[0]), "status": str(r[1])}
        for r in con.execute(
            "SELECT fingerprint, status FROM pgp_secrets WHERE fingerprint IN "
            "(SELECT unnest(?::VARCHAR[]))",
            [fingerprints],
        ).fetchall()
    }
    changed_secrets: dict[str, dict[str, Any]] = {}
    for key, evidence_id in keys:
        old = merged.get(key.fingerprint, {})
        merged[key.fingerprint] = {
            "fingerprint": key.fingerprint,
            "key_id": key.key_id,
            "user_ids": _union(old.get("user_ids"), key.user_ids),
            "algorithm": key.algorithm,
            "created_at": key.created_at,
            "has_secret": bool(old.get("has_secret")) or key.secret is not None,
            "seen_in": _union(old.get("seen_in"), key.seen_in or [key.source]),
            "armored": old.get("armored") or key.public_armor,
            "key_ids": _union(old.get("key_ids"), key.key_ids),
            "secret_status": _better(old.get("secret_status"), key.status),
        }
        if key.secret is None or key.status is None:
            continue
        held = secrets.get(key.fingerprint)
        if held is not None and _better(held["status"], key.status) != key.status:
            continue  # an earlier import opened it; a locked copy changes nothing
        secrets[key.fingerprint] = changed_secrets[key.fingerprint] = {
            "fingerprint": key.fingerprint,
            "evidence_id": evidence_id,
            "source": key.source,
            "secret": key.secret,
            "protected": key.protected,
            "passphrase": key.passphrase,
            "status": key.status,
            "error": key.error,
            "key_ids": key.key_ids,
        }
    _replace(con, "pgp_keys", _KEY_COLUMNS, list(merged.values()))
    _replace(con, "pgp_secrets", _SECRET_COLUMNS, list(changed_secrets.values()))


#: Texts with a key block from which parsing them runs in worker processes, and per task.
POOL_TEXTS = 2_000
POOL_CHUNK = 500


def _parse_chunk(texts: list[tuple[str, str]]) -> list[tuple[str, list[ParsedKey], int]]:
    """(where, keys, unreadable blocks) of each (where, text)."""
    out = []
    for where, text in texts:
        keys = parse_key_text(text, where, source=where, strict=False)
        blocks = sum(text.count(f"{PGP_ARMOR}{k} KEY BLOCK-----") for k in _KINDS)
        out.append((where, keys, max(blocks - len({k.line for k in keys}), 0)))
    return out


def _parse_texts(texts: list[tuple[str, str]]) -> list[tuple[str, list[ParsedKey], int]]:
    """:func:`_parse_chunk` over all ``texts``, in their order; on every core when they are
    many (a large market's profiles hold tens of thousands of keys)."""
    return map_chunks(_parse_chunk, texts, least=POOL_TEXTS, chunk=POOL_CHUNK)


#: meta.stages entry of the last reading of keys in seized text (see import_text_keys).
TEXT_KEYS_STAGE = "keys.text"


def _text_key_state(con: duckdb.DuckDBPyConnection) -> tuple[list[Any], list[tuple[Source, str]]]:
    """What reading keys in seized text depends on, but pgp_keys: the text values holding a
    key block (counts and hashes); and the (source, column) pairs to read."""
    state: list[Any] = []
    columns: list[tuple[Source, str]] = []
    for source in canonical_sources(con):
        for column, kind in source.columns:
            if kind != "VARCHAR":
                continue
            col = quote_ident(column)
            row = con.execute(
                f"SELECT count(*), coalesce(sum(hash({source.key}, {col})::HUGEINT), 0)::VARCHAR "
                f"FROM {source.sql} WHERE {col} LIKE ?",
                [KEY_BLOCK_LIKE],
            ).fetchone()
            state.append((source.name, column, *(row or ())))
            columns.append((source, column))
    return state, columns


def _text_key_fingerprint(con: duckdb.DuckDBPyConnection, state: list[Any]) -> str:
    keys = table_checksum(con, "pgp_keys")
    return hashlib.sha256(json.dumps([keys, *state], default=str).encode()).hexdigest()


def import_text_keys(con: duckdb.DuckDBPyConnection) -> Counter[str]:
    """Armored keys found in seized text (vendor profiles, key columns) into ``pgp_keys``.

    Blocks that cannot be read are counted as ``unreadable``, never raised: seized text is
    hostile and a broken key in a profile is not an error of the investigator's input. Both
    ``keys import`` and ``decrypt`` call it; when neither the text nor pgp_keys changed since
    the last call (meta.stages, :data:`TEXT_KEYS_STAGE`), it reads nothing again and returns
    that call's counts.
    """
    state, columns = _text_key_state(con)
    fingerprint = _text_key_fingerprint(con, state)
    done = done_result(con, TEXT_KEYS_STAGE, "", fingerprint)
    if done is not None:
        return Counter(done)
    counts: Counter[str] = Counter()
    found: list[tuple[ParsedKey, int | None]] = []
    texts: list[tuple[str, str]] = []
    for source, column in columns:
        col = quote_ident(column)
        # in the rows' key order: a key seen in several rows lists them in the same order on
        # every run, whatever order DuckDB's threads scan the table in
        rows = con.execute(
            f"SELECT {source.key}::VARCHAR AS row_key, {col} FROM {source.sql} "
            f"WHERE {col} LIKE ? ORDER BY row_key",
            [KEY_BLOCK_LIKE],
        ).fetchall()
        texts += [(f"{source.name}.{column}:{row_key}", str(text)) for row_key, text in rows]
    for where, keys, unreadable in _parse_texts(texts):
        counts["unreadable"] += unreadable
        for key in keys:
            key.seen_in = [where]
            if key.secret is not None:
                unlock(key, {}, where)  # no passphrase is known for text-found secrets
                counts["secret"] += 1
            found.append((key, None))
            counts["keys"] += 1
    save_keys(con, found)
    # the text is as it was; pgp_keys now holds what was read
    mark_done(con, TEXT_KEYS_STAGE, "", _text_key_fingerprint(con, state), dict(counts), None)
    return counts
