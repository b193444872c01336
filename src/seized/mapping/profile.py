"""What the raw tables hold, for `mapping suggest`: per column its type, counts and what its values
look like (ids, times, amounts, armored keys, Bitcoin addresses, role and status words, ...).

Profiles are read in the mapping sandbox (helpers installed, files closed). Counts cover the whole
table; the value classes are taken from a sample of the first non-NULL values of each column and
evaluated with the same helper macros a mapping uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from seized.mapping.apply import quote
from seized.mapping.vocabulary import words
from seized.vocabulary import PGP_ARMOR

SAMPLE = 200
#: unix seconds from 2000 to 2040, milliseconds the same
UNIX_SECONDS = (946_684_800, 2_208_988_800)
UNIX_MILLIS = (UNIX_SECONDS[0] * 1000, UNIX_SECONDS[1] * 1000)
POSITION = "_seized_pos"

_PATTERNS = {
    "btc": re.compile(r"^(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{8,87})$"),
    "txid": re.compile(r"^[0-9a-fA-F]{64}$"),
    "fingerprint": re.compile(r"^(?:0x)?(?:[0-9a-fA-F]{4}[\s:]?){10}$"),
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$"),
    "ip": re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]*:[0-9a-fA-F:]+$"),
    "uuid": re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
                       r"[0-9a-fA-F]{12}$"),
    "hexid": re.compile(r"^[0-9a-fA-F]{16,40}$"),
    "url": re.compile(r"^(?:https?://|/)\S+$"),
    "agent": re.compile(r"^(?:Mozilla|Opera|curl|Lynx)/|\((?:Windows|X11|Macintosh|Linux)"),
    "range": re.compile(r"^\s*[\[(]\s*[0-9.eE+-]+\s*,\s*[0-9.eE+-]+\s*[\])]\s*$"),
    "out_of": re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s*/\s*\d+\s*$"),
    "money": re.compile(
        r"^\s*(?:[$€£฿]|usd|eur|btc|xmr)?\s*-?\d[\d,]*(?:\.\d+)?\s*(?:[$€£฿]|[a-zA-Z]{3,4})?\s*$",
        re.I,
    ),
    "number": re.compile(r"^\s*-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?\s*$"),
    "integer": re.compile(r"^\s*-?\d+\s*$"),
}  # fmt: skip
_BOOL_WORDS = {"0", "1", "true", "false", "t", "f", "yes", "no", "y", "n"}
_CURRENCY = re.compile(r"\b(?:usd|eur|btc|mbtc|xmr|gbp)\b|[$€£฿]", re.I)
_INT_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
              "UINTEGER", "UBIGINT")  # fmt: skip


@dataclass
class Column:
    """One raw column as the suggester sees it."""

    table: str
    name: str
    type: str
    words: tuple[str, ...]
    rows: int = 0
    nonnull: int = 0
    distinct: int = 0
    unique: bool = False  # no NULL and no value twice (exact)
    avg_len: float = 0.0
    samples: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)  # every distinct value, when few
    classes: dict[str, float] = field(default_factory=dict)  # class -> share of samples
    low: float | None = None  # numbers: the sample's smallest and largest
    high: float | None = None

    def share(self, name: str) -> float:
        return self.classes.get(name, 0.0)

    def has(self, name: str, at_least: float = 0.9) -> bool:
        return self.share(name) >= at_least

    @property
    def is_int(self) -> bool:
        return self.type.upper() in _INT_TYPES or (bool(self.samples) and self.has("integer", 1))

    @property
    def is_text(self) -> bool:
        return "CHAR" in self.type.upper() or self.type.upper() == "VARCHAR"

    @property
    def spaces(self) -> float:
        return self.share("spaces")

    @property
    def codes(self) -> bool:
        """Few distinct short values repeated over many rows (a role, status or kind code)."""
        return (
            0 < len(self.values) <= 12
            and self.nonnull >= 2 * len(self.values)
            and self.avg_len <= 24
            and not self.has("time", 0.5)
        )


@dataclass
class Table:
    """One raw table: its columns (``_seized_*`` left out) and row count."""

    name: str
    columns: dict[str, Column]
    rows: int
    words: tuple[str, ...]
    has_position: bool
    duplicates: int = 0  # rows that repeat an earlier row exactly (only when no column is unique)

    def column(self, name: str) -> Column:
        return self.columns[name]

    @property
    def keys(self) -> list[Column]:
        return [c for c in self.columns.values() if c.unique]


def raw_columns(box: duckdb.DuckDBPyConnection, schema: str) -> dict[str, list[tuple[str, str]]]:
    rows = box.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? ORDER BY table_name, ordinal_position",
        [schema],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        tables.setdefault(str(table), []).append((str(column), str(kind)))
    return tables


def profile_tables(box: duckdb.DuckDBPyConnection, schema: str) -> dict[str, Table]:
    """Profiles of every raw table in ``schema`` (read through ``box``, the sandbox)."""
    found: dict[str, Table] = {}
    for name, columns in raw_columns(box, schema).items():
        found[name] = _profile_table(box, schema, name, columns)
    return found


def _profile_table(
    box: duckdb.DuckDBPyConnection, schema: str, name: str, columns: list[tuple[str, str]]
) -> Table:
    source = f"{quote(schema)}.{quote(name)}"
    plain = [(c, t) for c, t in columns if not c.startswith("_seized") and c.isprintable()]
    table = Table(
        name,
        {c: Column(name, c, t.upper(), words(c)) for c, t in plain},
        0,
        words(name),
        any(c == POSITION for c, _ in columns),
    )
    parts = ["count(*)"]
    for column, _ in plain:
        ref = quote(column)
        parts += [
            f"count({ref})",
            f"approx_count_distinct({ref})",
            f"avg(length(CAST({ref} AS VARCHAR)))",
        ]
    counts = box.execute(f"SELECT {', '.join(parts)} FROM {source}").fetchone() or (0,)
    table.rows = int(counts[0] or 0)
    for index, (column, _) in enumerate(plain):
        profile = table.columns[column]
        profile.rows = table.rows
        profile.nonnull = int(counts[1 + 3 * index] or 0)
        profile.distinct = int(counts[2 + 3 * index] or 0)
        profile.avg_len = float(counts[3 + 3 * index] or 0.0)
        _values(box, source, profile)
    if table.rows and not table.keys and plain:
        listed = ", ".join(quote(c) for c, _ in plain)
        row = box.execute(f"SELECT count(*) FROM (SELECT DISTINCT {listed} FROM {source})")
        distinct = row.fetchone()
        table.duplicates = table.rows - int(distinct[0] if distinct else 0)
    return table


def _values(box: duckdb.DuckDBPyConnection, source: str, column: Column) -> None:
    ref = quote(column.name)
    if column.nonnull == 0:
        return
    if column.nonnull == column.rows and column.distinct >= 0.9 * column.rows:
        row = box.execute(f"SELECT count(DISTINCT {ref}) FROM {source}").fetchone()
        column.distinct = int(row[0]) if row else 0
        column.unique = column.distinct == column.rows
    elif column.distinct <= 40:
        row = box.execute(f"SELECT count(DISTINCT {ref}) FROM {source}").fetchone()
        column.distinct = int(row[0]) if row else 0
    column.samples = [
        str(v)
        for (v,) in box.execute(
            f"SELECT CAST({ref} AS VARCHAR) FROM {source} WHERE {ref} IS NOT NULL "
            f"AND trim(CAST({ref} AS VARCHAR)) <> '' LIMIT {SAMPLE}"
        ).fetchall()
    ]
    if column.distinct <= 20:
        column.values = [
            str(v)
            for (v,) in box.execute(
                f"SELECT DISTINCT CAST({ref} AS VARCHAR) AS v FROM {source} "
                f"WHERE {ref} IS NOT NULL AND trim(CAST({ref} AS VARCHAR)) <> '' ORDER BY v"
            ).fetchall()
        ]
    column.classes = _classes(box, column)


def _classes(box: duckdb.DuckDBPyConnection, column: Column) -> dict[str, float]:
    samples = column.samples
    if not samples:
        return {}
    total = len(samples)
    shares: dict[str, float] = {}
    for name, pattern in _PATTERNS.items():
        hits = sum(1 for value in samples if pattern.search(value))
        if hits:
            shares[name] = hits / total
    counted = {
        "pgp_key": sum(PGP_ARMOR + "PUBLIC KEY BLOCK" in v for v in samples),
        "pgp_message": sum(PGP_ARMOR + "MESSAGE" in v for v in samples),
        "spaces": sum(" " in v.strip() for v in samples),
        "currency": sum(bool(_CURRENCY.search(v)) for v in samples),
    }
    shares.update({name: hits / total for name, hits in counted.items() if hits})
    flags = {v.strip().lower() for v in samples}
    if flags <= _BOOL_WORDS and len(flags) <= 2:
        shares["bool"] = 1.0
    kind = column.type
    numbers = [float(v.replace(",", ".")) for v in samples if _PATTERNS["number"].match(v)]
    if numbers:
        column.low, column.high = min(numbers), max(numbers)
    if kind.startswith("TIMESTAMP") or kind == "DATE":
        shares["time"] = 1.0
    elif kind == "BOOLEAN":
        shares["bool"] = 1.0
    elif numbers and len(numbers) == total and shares.get("integer", 0) == 1.0:
        middle = sorted(numbers)[total // 2]
        if UNIX_SECONDS[0] <= middle < UNIX_SECONDS[1]:
            shares["time"] = shares["unix_s"] = 1.0
        elif UNIX_MILLIS[0] <= middle < UNIX_MILLIS[1]:
            shares["time"] = shares["unix_ms"] = 1.0
    distinct = list(dict.fromkeys(samples))[:50]
    if not numbers or len(numbers) < total:
        helpers = box.execute(
            "SELECT count(text_ts(v)), count(country_iso2(v)), count(role_of(v)), "
            "count(status_of(v)), count(*) FILTER (WHERE seized_country_key(v) IN "
            "(SELECT key FROM temp.main.seized_country_names)), count(*) "
            "FROM (SELECT unnest(?) AS v)",
            [distinct],
        ).fetchone()
        if helpers and helpers[5]:
            n = float(helpers[5])
            names = ("text_time", "country", "role_words", "status_words", "place")
            for index, name in enumerate(names):
                if helpers[index]:
                    shares[name] = helpers[index] / n
            if shares.get("text_time", 0) >= 0.9 and "time" not in shares:
                shares["time"] = shares["text_time"]
    return shares
