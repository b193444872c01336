"""The conversion of one raw column into one canonical column, chosen from its type and values.

A guess is a :class:`~seized.mapping.draft.Way`: an SQL expression over the raw column plus
remarks (notes say what was seen, todos what a person must check). Words and codes are read with
the helper macros the mapping will use (``status_of``, ``role_of``), so the guess converts
exactly as the mapping will; codes no helper knows become a ``CASE`` listing every value seen.
"""

from __future__ import annotations

import json
import re

import duckdb

from seized.db import quote_literal
from seized.mapping.draft import Way
from seized.mapping.profile import Column
from seized.mapping.vocabulary import is_abbreviation

#: status words of market software in German, which status_of does not read
_STATUS_WORDS = {
    "pending": ("offen", "neu", "wartend", "unbezahlt", "ausstehend"),
    "paid": ("bezahlt", "treuhand"),
    "shipped": ("versendet", "verschickt", "versandt", "unterwegs"),
    "finalized": ("abgeschlossen", "erledigt", "fertig", "geliefert", "erhalten"),
    "disputed": ("reklam", "streit", "beschwerde"),
    "refunded": ("erstatt", "rueckerstatt", "zurueckgezahlt"),
    "cancelled": ("storn", "abgebrochen", "abgelehnt"),
}
#: words for the kinds of wallet addresses and payouts (first letters of a value)
_KIND_WORDS = {
    "wallet_addresses": {
        "deposit": ("deposit", "in", "incoming", "receiv", "einzahl", "eingang"),
        "withdrawal": ("withdraw", "out", "outgoing", "payout", "auszahl", "ausgang"),
        "hot": ("hot", "market", "system", "fee"),
        "escrow": ("escrow", "cold", "multisig", "treuhand"),
        "refund": ("refund", "erstatt", "return"),
    },
    "payouts": {
        "payout": ("payout", "release", "auszahl", "sale", "vendor"),
        "withdrawal": ("withdraw", "out", "abhebung"),
        "refund": ("refund", "erstatt", "return", "cancel"),
    },
}
_CURRENCY_WORDS = {"usd": "usd", "dollar": "usd", "eur": "eur", "euro": "eur", "btc": "btc",
                   "bitcoin": "btc", "mbtc": "mbtc", "sat": "sats", "sats": "sats",
                   "satoshi": "sats", "satoshis": "sats"}  # fmt: skip
#: columns whose text is tidied (not the texts kept as seized: bodies, comments, addresses)
_TIDY = ("username", "email", "contact", "pgp_fingerprint", "category", "currency")
_PLACEHOLDERS = {"null", "na", "n/a", "none", "-", "--", "?"}
_HELPERS = {"sats": "sats", "mbtc": "mbtc_sats", "btc": "btc_sats"}
_RANGE = re.compile(r"^[\[(]\s*[0-9.eE+-]+\s*,\s*[0-9.eE+-]+\s*[\])]$")


def show_value(value: str, limit: int = 40) -> str:
    """A seized value made safe for a YAML comment: one line, ASCII-escaped, cut short."""
    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 4] + '..."'


def values_seen(column: Column, limit: int = 8) -> str:
    distinct = list(dict.fromkeys(column.values or column.samples))[:limit]
    return ", ".join(show_value(v) for v in distinct) or "(no values)"


def literal_safe(value: str) -> bool:
    """Whether a seized value may be written into the draft as an SQL literal."""
    return value.isprintable() and len(value) <= 60


def time_way(ref: str, column: Column) -> Way:
    kind = column.type
    shown = values_seen(column, 3)
    if kind.startswith("TIMESTAMP"):
        return Way(ref)
    if kind == "DATE":
        return Way(f"CAST({ref} AS TIMESTAMP)")
    if column.has("unix_s"):
        return Way(f"unix_ts({ref})", notes=[f"unix seconds, e.g. {shown}"])
    if column.has("unix_ms"):
        return Way(f"unix_ms_ts({ref})", notes=[f"unix milliseconds, e.g. {shown}"])
    if column.has("text_time"):
        return Way(f"text_ts({ref})", notes=[f"dates as text, e.g. {shown}"])
    return Way(
        f"text_ts({ref})",
        todos=[f"text_ts could not read these times: {shown}; use strptime with their format"],
    )


def unit(name_words: tuple[str, ...], column: Column) -> tuple[str, bool]:
    """The unit of an amount (btc, mbtc, sats, eur, usd) and whether only a guess."""
    for word in reversed(name_words):
        if word in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[word], False
    for value in column.samples[:20]:
        found = re.findall(r"[a-zA-Z]+|[$€]", value)
        if found:
            word = {"$": "usd", "€": "eur"}.get(found[-1], found[-1].lower())
            if word in _CURRENCY_WORDS:
                return _CURRENCY_WORDS[word], False
    decimals = any("." in v or "," in v for v in column.samples)
    if column.is_int and not decimals and (column.high or 0) >= 10_000:
        return "sats", True
    return "btc", True


def amount_way(ref: str, column: Column, name_words: tuple[str, ...]) -> Way:
    """An amount as satoshis."""
    shown = values_seen(column, 3)
    if _ranges(column):
        return Way(
            f"btc_sats(range_mid({ref}))",
            todos=[f"interval labels, e.g. {shown}: the midpoint, read as BTC; check the unit"],
        )
    found, guessed = unit(name_words, column)
    notes: list[str] = []
    todos: list[str] = []
    if guessed:
        todos.append(f"{found} by the size of the values, e.g. {shown}; check the unit")
    else:
        notes.append(f"{found} by the name or the values, e.g. {shown}")
    if found in ("eur", "usd"):
        param = f"btc_{found}"
        return Way(
            f"{found}_sats({ref}, getvariable('{param}'))",
            notes=notes,
            todos=todos,
            params={param: f"set {param}: the {found.upper()} price of one bitcoin then"},
        )
    helper = _HELPERS.get(found, "btc_sats")
    return Way(f"{helper}({ref})", notes=notes, todos=todos)


def price_ways(ref: str, column: Column, name_words: tuple[str, ...]) -> list[Way]:
    """price, currency and price_sats: three ways, one per column."""
    if _ranges(column):
        return [
            Way(f"CAST(range_mid({ref}) AS DOUBLE)", todos=["interval labels: the midpoint"]),
            Way("'BTC'"),
            amount_way(ref, column, name_words),
        ]
    found, _ = unit(name_words, column)
    if column.is_text:
        number = (
            f"TRY_CAST(regexp_extract(replace({ref}, ',', ''), '-?[0-9]+(\\.[0-9]+)?') AS DOUBLE)"
        )
    else:
        number = f"CAST({ref} AS DOUBLE)"
    scale = {"sats": " / 100000000.0", "mbtc": " / 1000.0"}.get(found, "")
    currency = {"sats": "BTC", "mbtc": "BTC"}.get(found, found.upper())
    return [Way(number + scale), Way(quote_literal(currency)), amount_way(ref, column, name_words)]


def priced_in(ref: str, column: Column, currency_ref: str, currency: Column) -> list[Way]:
    """price, currency and price_sats when a column says each row's currency."""
    number = f"TRY_CAST({ref} AS DOUBLE)" if column.is_text else f"CAST({ref} AS DOUBLE)"
    cases = []
    params: dict[str, str] = {}
    for value in currency.values:
        code = _CURRENCY_WORDS.get(value.strip().lower())
        if code is None or not literal_safe(value):
            continue
        if code in ("eur", "usd"):
            param = f"btc_{code}"
            params[param] = f"set {param}: the {code.upper()} price of one bitcoin then"
            sats = f"{code}_sats({ref}, getvariable('{param}'))"
        else:
            sats = f"{_HELPERS.get(code, 'btc_sats')}({ref})"
        cases.append(f"WHEN {quote_literal(value)} THEN {sats}")
    note = f"each row's currency in {currency.name}: {values_seen(currency)}"
    return [
        Way(number, raw=column.name),
        Way(f"upper(trim({currency_ref}))", notes=[note], raw=currency.name),
        Way(f"CASE {currency_ref} " + " ".join(cases) + " END", params=params, raw=column.name)
        if cases
        else Way("NULL"),
    ]


def _path(column: Column) -> bool:
    """Category paths such as 'Drugs/Cannabis/Weed'."""
    samples = column.samples
    hits = sum(bool(re.search(r"\S\s*[/>|»]\s*\S", v)) for v in samples)
    return bool(samples) and hits >= 0.8 * len(samples)


def _ranges(column: Column) -> bool:
    samples = column.samples
    return bool(samples) and sum(bool(_RANGE.match(v.strip())) for v in samples) >= 0.9 * len(
        samples
    )


def _case(ref: str, column: Column, mapping: dict[str, str | None]) -> str:
    numeric = column.is_int
    parts = []
    for value in column.values:
        target = mapping.get(value)
        literal = value if numeric and re.fullmatch(r"-?\d+", value) else quote_literal(value)
        parts.append(f"WHEN {literal} THEN {quote_literal(target) if target else 'NULL'}")
    return f"CASE {ref} " + " ".join(parts) + " END"


def _words_of(
    value: str, words: dict[str, tuple[str, ...]], abbreviated: bool = False
) -> str | None:
    """The target whose root starts a word of the value (short roots: the whole word); with
    ``abbreviated`` also one whose long root a short value abbreviates ('dep' of deposit)."""
    text = value.strip().lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    parts = [p for p in re.split(r"[^a-z]+", text) if p]
    for target, roots in words.items():
        for root in roots:
            if any(p == root or (len(root) > 3 and p.startswith(root)) for p in parts):
                return target
    if abbreviated and len(parts) == 1:
        found = {
            target
            for target, roots in words.items()
            for root in roots
            if len(root) >= 5 and is_abbreviation(parts[0], root)
        }
        if len(found) == 1:
            return found.pop()
    return None


def status_way(box: duckdb.DuckDBPyConnection, ref: str, column: Column) -> Way:
    values = [v for v in column.values if literal_safe(v)]
    read = dict(
        box.execute("SELECT v, status_of(v) FROM (SELECT unnest(?) AS v)", [values]).fetchall()
    )
    mapping = {v: read.get(v) or _words_of(v, _STATUS_WORDS) for v in values}
    seen = ", ".join(f"{show_value(v)} -> {mapping[v] or 'NULL'}" for v in values)
    if values and all(read.get(v) for v in values):
        return Way(f"status_of({ref})", notes=[f"values seen: {seen}"])
    if not values or len(values) < len(column.values):
        return Way(f"status_of({ref})", todos=[f"values seen: {values_seen(column)}; check"])
    todo = [] if all(mapping.values()) else [f"values seen: {seen}; fill in the NULLs"]
    return Way(
        _case(ref, column, mapping), notes=[] if todo else [f"values seen: {seen}"], todos=todo
    )


def kind_way(table: str, ref: str, column: Column) -> Way:
    words = _KIND_WORDS[table]
    values = [v for v in column.values if literal_safe(v)]
    mapping = {v: _words_of(v, words, abbreviated=True) for v in values}
    seen = ", ".join(f"{show_value(v)} -> {mapping[v] or '?'}" for v in values)
    if table == "wallet_addresses" and not all(mapping.values()):
        # kind is required: a value not understood becomes 'deposit', to be checked
        mapping = {v: k or "deposit" for v, k in mapping.items()}
        todo = f"values seen: {seen}; the ones marked ? were set to deposit"
        return Way(_case(ref, column, mapping) if values else "'deposit'", todos=[todo])
    if not values:
        return Way("NULL", todos=[f"values seen: {values_seen(column)}; write a CASE"])
    todos = [] if all(mapping.values()) else [f"values seen: {seen}; fill in the NULLs"]
    return Way(_case(ref, column, mapping), notes=[] if todos else [f"values seen: {seen}"],
               todos=todos)  # fmt: skip


def role_words_way(box: duckdb.DuckDBPyConnection, ref: str, column: Column) -> Way | None:
    """role_of when it reads the values (else None: the codes need the data to decide)."""
    values = [v for v in column.values if literal_safe(v)]
    read = dict(
        box.execute("SELECT v, role_of(v) FROM (SELECT unnest(?) AS v)", [values]).fetchall()
    )
    seen = ", ".join(f"{show_value(v)} -> {read.get(v) or 'NULL'}" for v in values)
    known = sum(1 for v in values if read.get(v))
    if values and known == len(values):
        return Way(f"role_of({ref})", notes=[f"values seen: {seen}"])
    if values and known >= 0.6 * len(values):
        return Way(f"role_of({ref})", todos=[f"values seen: {seen}; write a CASE for the NULLs"])
    return None


def text_ref(ref: str, column: Column) -> str:
    """The column as text: through clean_text when values have white space around them or
    are placeholders such as 'NA'."""
    untidy = any(v != v.strip() or v.strip().lower() in _PLACEHOLDERS for v in column.samples)
    return f"clean_text({ref})" if untidy else ref


def pgp_key_way(ref: str, column: Column) -> Way:
    armored = column.share("pgp_key")
    text = text_ref(ref, column)
    if armored:
        return Way(text, notes=[f"{armored:.0%} of the samples hold an armored public key"])
    return Way(text, todos=["no armored public key in the samples; check the column"])


def convert(
    box: duckdb.DuckDBPyConnection, canonical: str, target: str, ref: str, column: Column,
    name_words: tuple[str, ...],
) -> Way:  # fmt: skip
    """The way ``column`` (read as ``ref``) fills ``target`` (not ids, prices, roles)."""
    shown = values_seen(column, 3)
    if target in ("created_at", "last_seen_at", "at"):
        way = time_way(ref, column)
    elif target == "amount_sats":
        way = amount_way(ref, column, name_words)
    elif target == "status":
        way = status_way(box, ref, column)
    elif target == "kind":
        way = kind_way(canonical, ref, column)
    elif target in ("ships_from", "ships_to"):
        way = Way(f"country_or_text({ref})", notes=["ISO2 where the text names a country"])
    elif target == "pgp_public_key":
        way = pgp_key_way(ref, column)
    elif target == "pgp_fingerprint":
        way = Way(f"pgp_fingerprint_of({ref})")
    elif target == "ip":
        way = Way(f"ip_text({ref})")
    elif target == "rating":
        if column.has("out_of"):
            way = Way(f"TRY_CAST(split_part({ref}, '/', 1) AS DOUBLE)", notes=[f"e.g. {shown}"])
        else:
            way = Way(f"TRY_CAST({ref} AS DOUBLE)", notes=[f"values seen: {values_seen(column)}"])
    elif target == "quantity":
        way = Way(f"TRY_CAST({ref} AS DOUBLE)")
    elif target == "category" and _path(column):
        way = Way(f"regexp_replace({ref}, '\\s*[/>|»]\\s*', ' > ', 'g')",
                  notes=[f"levels joined with ' > ', e.g. {shown}"])  # fmt: skip
    elif target == "currency":
        way = Way(f"upper({ref})", notes=[f"values seen: {values_seen(column)}"])
    elif column.is_text and target in _TIDY:
        way = Way(text_ref(ref, column))
    elif column.is_text:
        way = Way(ref)
    else:
        way = Way(f"CAST({ref} AS VARCHAR)")
    way.raw = column.name
    return way
