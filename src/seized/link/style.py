"""Writing-style profiles: the character 4-grams each account writes most, weighted by tf-idf.

:func:`style_profiles` reads ``link_style_texts`` (one text per account, made by
``features.sql``) and returns each account's profile: the :data:`~seized.link.features.STYLE_SIZE`
grams with the highest ``tf * ln(accounts / df)`` (``tf``: how often the account's text holds
the gram; ``df``: how many accounts' texts hold it; ``accounts``: the accounts with a text),
ties to the first gram in alphabetical order, grams of one account only or of more than the
common share of them left out; the profile lists its grams sorted. Characters are code points,
as DuckDB's ``string_split(text, '')`` gives them.

:data:`PROFILES_SQL` computes the profiles in SQL. It is the reference, and what runs when the
texts use too many distinct characters for a gram to fit in a 64-bit key with its account.
:func:`style_profiles` counts grams in NumPy instead: each character becomes its rank among the
characters the texts use (so that gram keys sort as the grams do), each gram the four ranks
packed in one integer with the account's index. The texts are counted in chunks of accounts;
each chunk's distinct (account, gram) keys are kept (10 bytes each) until every gram's
frequency is known, then scored. That takes a fraction of the time and memory of a grouping over
every gram of every account in SQL. The logarithms come from
DuckDB, so the scores are the very numbers the SQL computes.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: Profiles in SQL from ``link_style_texts``: ``$style_size`` grams per account,
#: ``$style_common_share`` the share of accounts above which a gram is common. (The text as a
#: list of its characters: substr would walk the text from its start each time.)
PROFILES_SQL = """
WITH grams AS (
    SELECT account_id, gram, count(*) AS tf
      FROM (SELECT account_id,
                   unnest(list_transform(range(1, len(c) - 2),
                                         lambda i: c[i] || c[i + 1] || c[i + 2] || c[i + 3]))
                       AS gram
              FROM (SELECT account_id, string_split(text, '') AS c
                      FROM link_style_texts WHERE length(text) >= 4))
     GROUP BY ALL
),
df AS (SELECT gram, count(*) AS df FROM grams GROUP BY gram),
n AS (SELECT count(*)::DOUBLE AS accounts FROM link_style_texts),
scored AS (
    SELECT g.account_id, g.gram, g.tf * ln(n.accounts / df.df) AS score
      FROM grams AS g JOIN df USING (gram), n
     WHERE df.df >= 2 AND df.df <= $style_common_share * n.accounts
)
SELECT account_id, list_sort(list(gram)) AS style
  FROM (SELECT *, row_number() OVER (PARTITION BY account_id ORDER BY score DESC, gram) AS r
          FROM scored)
 WHERE r <= $style_size GROUP BY account_id
"""

#: The weight ``ln(accounts / df)`` of each document frequency ``df`` that a profile may use.
_WEIGHTS_SQL = """
SELECT d, ln($accounts / d) FROM unnest($frequencies::BIGINT[]) AS t(d)
 WHERE d >= 2 AND d <= $style_common_share * $accounts
"""

#: Grams read at once (about 8 bytes of key each, a few times over).
CHUNK_GRAMS = 1 << 23
#: A gram's four character ranks take at most this many bits each (4,096 distinct characters):
#: with the account's index in its chunk, the key fits in 63 bits.
MAX_CHAR_BITS = 12
#: The largest code point plus one.
_CODE_POINTS = 0x110000

_SCHEMA = pa.schema([("account_id", pa.string()), ("style", pa.list_(pa.string()))])


def style_profiles(con: duckdb.DuckDBPyConnection, size: int, common_share: Decimal) -> pa.Table:
    """The profiles (``account_id``, ``style``) of the accounts of ``link_style_texts`` that
    have one."""
    texts = con.sql("SELECT account_id, text FROM link_style_texts").to_arrow_table()
    ids = texts.column("account_id").combine_chunks()
    column = texts.column("text").combine_chunks()
    strings: list[str | None] = column.to_pylist()
    lengths = np.asarray(pc.fill_null(pc.utf8_length(column), 0), dtype=np.int64)
    present = np.zeros(_CODE_POINTS, dtype=bool)
    for start, end in _chunks(lengths, len(lengths)):
        present[_code_points(strings[start:end])] = True
    distinct = int(present.sum())
    bits = max(1, (distinct - 1).bit_length())
    if bits > MAX_CHAR_BITS:
        values = {"style_size": size, "style_common_share": common_share}
        return con.sql(PROFILES_SQL, params=values).to_arrow_table().cast(_SCHEMA)
    # (16 bits: at most 4,096 ranks, and the table stays in the cache)
    rank = (np.cumsum(present, dtype=np.int64) - 1).astype(np.uint16)
    characters = np.flatnonzero(present).astype(np.uint32)
    bounds = _chunks(lengths, 1 << (63 - 4 * bits))
    counted = [_counted(strings, lengths, start, end, rank, bits) for start, end in bounds]
    grams, frequency = _frequencies(
        [np.unique(key & _mask(bits), return_counts=True) for key, _ in counted]
    )
    weights = _weights(con, frequency, len(strings), common_share)
    parts = []
    for start, _end in bounds:
        key, tf = counted.pop(0)
        parts.append(_best(key, tf, start, bits, grams, frequency, weights, size))
    accounts = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    chosen = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.uint64)
    return _table(ids, accounts, chosen, characters, bits)


def _code_points(strings: list[str | None]) -> np.ndarray:
    """The code points of the texts, one after the other."""
    joined = "".join(s for s in strings if s)
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)


def _chunks(lengths: np.ndarray, most_accounts: int) -> list[tuple[int, int]]:
    """Ranges of texts of about :data:`CHUNK_GRAMS` characters, at most ``most_accounts``
    texts each."""
    bounds: list[tuple[int, int]] = []
    ends = np.cumsum(lengths)
    start = 0
    while start < len(lengths):
        before = int(ends[start - 1]) if start else 0
        end = int(np.searchsorted(ends, before + CHUNK_GRAMS, side="right"))
        end = min(max(end, start + 1), start + most_accounts, len(lengths))
        bounds.append((start, end))
        start = end
    return bounds


def _mask(bits: int) -> np.uint64:
    return np.uint64((1 << (4 * bits)) - 1)


def _counted(
    strings: list[str | None],
    lengths: np.ndarray,
    start: int,
    end: int,
    rank: np.ndarray,
    bits: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (account in the chunk, gram) keys of texts ``start:end``, sorted, with how
    often each occurs (tf)."""
    codes = rank[_code_points(strings[start:end])].astype(np.uint64)
    sizes = lengths[start:end]
    if len(codes) < 4:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    shift = np.uint64(bits)
    gram = codes[:-3] << shift
    gram |= codes[1:-2]
    gram <<= shift
    gram |= codes[2:-1]
    gram <<= shift
    gram |= codes[3:]
    # a gram starts at a position of a text with three more characters of the same text: each
    # text gives its length less three grams, then three (or fewer) positions that start none
    starts = np.maximum(sizes - 3, 0)
    runs = np.stack([starts, sizes - starts], axis=1).reshape(-1)
    inside = np.repeat(np.tile(np.array([True, False]), len(sizes)), runs)[: len(gram)]
    account = np.repeat(np.arange(len(sizes), dtype=np.uint64), starts)
    key = (account << (shift * np.uint64(4))) | gram[inside]
    keys, tf = np.unique(key, return_counts=True)
    # a count is at most the text's length
    return keys, tf.astype(np.uint16 if sizes.max() < 1 << 16 else np.int64)


def _frequencies(
    per_chunk: list[tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """Every gram (sorted) with the number of accounts whose texts hold it, from each chunk's
    grams with the number of its accounts that hold them."""
    if not per_chunk:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    grams, inverse = np.unique(np.concatenate([g for g, _ in per_chunk]), return_inverse=True)
    counts = np.concatenate([n for _, n in per_chunk]).astype(np.float64)
    return grams, np.rint(np.bincount(inverse, counts, len(grams))).astype(np.int64)


def _weights(
    con: duckdb.DuckDBPyConnection, frequency: np.ndarray, accounts: int, common_share: Decimal
) -> np.ndarray:
    """``ln(accounts / df)`` by df, as DuckDB computes it; NaN where a gram is too rare or too
    common to count."""
    found = np.unique(frequency)
    weights = np.full(int(found.max()) + 1 if len(found) else 1, np.nan)
    rows = con.execute(
        _WEIGHTS_SQL,
        {
            "accounts": float(accounts),
            "frequencies": found.tolist(),
            "style_common_share": common_share,
        },
    ).fetchall()
    for d, weight in rows:
        weights[int(d)] = float(weight)
    return weights


def _best(
    key: np.ndarray,
    tf: np.ndarray,
    start: int,
    bits: int,
    grams: np.ndarray,
    frequency: np.ndarray,
    weights: np.ndarray,
    size: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The grams of each profile of a chunk: (text index, gram) pairs, sorted by both."""
    gram = key & _mask(bits)
    found = frequency[np.searchsorted(grams, gram)]
    counts = np.isfinite(weights[found])
    gram, found = gram[counts], found[counts]
    account = (key[counts] >> np.uint64(4 * bits)).astype(np.int64)
    score = tf[counts].astype(np.float64) * weights[found]
    # by account, the score from high to low, then the gram
    order = np.lexsort((gram, -score, account))
    account, gram = account[order], gram[order]
    first = np.searchsorted(account, account, side="left")
    best = (np.arange(len(account)) - first) < size
    account, gram = account[best], gram[best]
    order = np.lexsort((gram, account))
    return account[order] + start, gram[order]


def _table(
    ids: pa.Array, accounts: np.ndarray, grams: np.ndarray, characters: np.ndarray, bits: int
) -> pa.Table:
    """The profiles as a table: the grams of each account, as strings, in their order."""
    mask = np.uint64((1 << bits) - 1)
    points = np.stack(
        [characters[(grams >> np.uint64(bits * k)) & mask] for k in (3, 2, 1, 0)], axis=1
    )
    flat = points.reshape(-1)
    width = np.where(flat < 0x80, 1, np.where(flat < 0x800, 2, np.where(flat < 0x10000, 3, 4)))
    ends = np.concatenate([[0], np.cumsum(width.reshape(-1, 4).sum(axis=1))]).astype(np.int32)
    data = flat.tobytes().decode("utf-32-le").encode("utf-8")
    strings = pa.StringArray.from_buffers(len(grams), pa.py_buffer(ends), pa.py_buffer(data))
    starts = np.flatnonzero(np.concatenate([[True], accounts[1:] != accounts[:-1]]))
    if len(accounts) == 0:
        starts = np.zeros(0, np.int64)
    offsets = np.concatenate([starts, [len(accounts)]]).astype(np.int32)
    styles = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), strings)
    owners = ids.take(pa.array(accounts[starts], pa.int64()))
    return pa.table({"account_id": owners, "style": styles}, schema=_SCHEMA)
