"""How well one raw column fits one canonical column, by its name and by its values.

:func:`fit` weighs the values (None: they cannot be that column at all), :func:`name_fit` the
name; :func:`pick_columns` gives each canonical column of a table its best raw column. Values
that are decisive by themselves (armored keys, e-mail addresses, Bitcoin addresses, IP addresses,
user agents, transaction ids) need no name; others need a name or a clear shape.
"""

from __future__ import annotations

from collections.abc import Iterable

from seized.mapping.profile import Column, Table
from seized.mapping.vocabulary import name_score

TIME_TARGETS = ("created_at", "last_seen_at", "at")
#: what a pick needs: name score + value score
ENOUGH = 2.0
#: canonical columns whose values decide alone, picked first
_DECISIVE = ("pgp_public_key", "email", "address", "txid", "ip", "user_agent", "pgp_fingerprint",
             "shipping_raw", "body")  # fmt: skip
_UNITS = {"btc", "sat", "sats", "satoshi", "mbtc", "usd", "eur", "euro", "dollar", "xmr"}
_CURRENCIES = {"btc", "xbt", "usd", "eur", "gbp", "xmr", "mbtc", "ltc"}


def column_words(table: Table, column: Column) -> list[tuple[str, ...]]:
    """The column's name as words, also without a prefix most of the table's columns share
    (``fb_id``, ``fb_text`` in a feedback table; ``listing_title`` in a scrape)."""
    variants = [column.words]
    prefix = table_prefix(table)
    if prefix and len(column.words) > 1 and column.words[0] == prefix:
        variants.append(column.words[1:])
    return variants


def table_prefix(table: Table) -> str | None:
    """A first word at least three and 40 % of the table's columns share."""
    firsts = [c.words[0] for c in table.columns.values() if len(c.words) > 1]
    if len(table.columns) < 3 or not firsts:
        return None
    best = max(set(firsts), key=firsts.count)
    count = firsts.count(best)
    return best if count >= 3 and count >= 0.4 * len(table.columns) else None


def name_fit(target: str, table: Table, column: Column) -> float:
    return max(name_score(target, words) for words in column_words(table, column))


def _text(column: Column) -> bool:
    return column.is_text and not any(
        column.has(name, 0.5) for name in ("time", "pgp_key", "btc", "email", "uuid", "url")
    )


def _number(column: Column) -> bool:
    kind = column.type
    if kind.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL")) or column.is_int:
        return not column.has("time", 0.5)
    return column.has("money", 0.9) and not column.has("time", 0.5)


def fit(target: str, column: Column) -> float | None:
    """How much the values say the column is ``target`` (None: it cannot be)."""
    share = column.share
    if target in TIME_TARGETS:
        return 1.0 if column.has("time") else None
    if target == "pgp_public_key":
        return 4.0 if share("pgp_key") >= 0.3 else (0.0 if _text(column) else None)
    if target == "pgp_fingerprint":
        return 3.0 if column.has("fingerprint", 0.8) else None
    if target == "email":
        return 3.0 if column.has("email", 0.8) else None
    if target == "address":
        return 4.0 if column.has("btc", 0.8) else None
    if target == "txid":
        return 3.0 if column.has("txid") else None
    if target == "ip":
        return 4.0 if column.has("ip") else (0.0 if column.is_int else None)
    if target == "user_agent":
        return 4.0 if column.has("agent", 0.5) else None
    if target == "shipping_raw":
        return 3.0 if share("pgp_message") >= 0.3 else (0.0 if _text(column) else None)
    if target == "body":
        if share("pgp_message") >= 0.2:
            return 2.5
        return 1.0 if _text(column) and column.spaces >= 0.3 and column.avg_len >= 10 else None
    if target in ("comment", "description", "profile"):
        if not _text(column) or column.spaces < 0.3:
            return None
        return 1.0 if column.avg_len >= 12 else 0.5
    if target in ("title", "subject"):  # short texts, mostly of several words
        if not _text(column) or column.avg_len > 200:
            return None
        return 1.0 if column.spaces >= 0.2 else 0.0
    if target == "username":  # short, mostly without spaces, mostly different
        if not _text(column) or column.spaces > 0.5 or not 2 <= column.avg_len <= 40:
            return None
        handles = column.spaces <= 0.1 and column.distinct >= 0.9 * column.nonnull
        return 1.0 if handles else 0.0
    if target == "contact":  # a jabber id looks like an e-mail address
        return 0.0 if column.is_text and not column.has("pgp_key", 0.5) else None
    if target == "category":
        return 0.5 if _text(column) and not column.unique and column.avg_len <= 80 else None
    if target in ("price", "amount_sats"):
        if column.has("range"):
            return 1.5  # interval labels of a price
        if not _number(column) or column.codes:
            return None
        unit = any(word in _UNITS for word in column.words)
        small = column.is_int and (column.high or 0) <= 100
        return 2.0 if unit else (0.0 if small else 1.0)
    if target == "currency":
        known = {v.lower() for v in column.values} <= _CURRENCIES
        return 2.0 if column.values and known else None
    if target in ("ships_from", "ships_to"):
        if share("place") >= 0.5 or share("country") >= 0.5:
            return 1.5
        return 0.0 if _text(column) and column.avg_len <= 40 else None
    if target == "quantity":
        ok = column.is_int and column.low is not None and column.low >= 0
        return 0.5 if ok and (column.high or 0) <= 10_000 else None
    if target == "status":
        if share("status_words") >= 0.6 and column.values:
            return 2.0
        return 0.5 if column.codes else None
    if target == "role":
        if share("role_words") >= 0.6 and column.values:
            return 2.0
        return 0.8 if column.codes or column.type == "BOOLEAN" else None
    if target == "kind":
        return 1.0 if column.codes else None
    if target == "rating":
        if column.has("out_of"):
            return 2.0
        small = column.low is not None and column.low >= -5 and (column.high or 0) <= 10
        return 1.0 if _number(column) and small else None
    return None


def pick_columns(
    table: Table, targets: Iterable[str], taken: set[str]
) -> dict[str, tuple[Column, float]]:
    """target -> (raw column, score) for every target a raw column fits well enough; a raw
    column fills one target. Decisive values go first, then the best scores."""
    scored: list[tuple[float, int, str, Column]] = []
    order = list(targets)
    for target in order:
        for column in table.columns.values():
            if column.name in taken:
                continue
            value = fit(target, column)
            if value is None:
                continue
            total = value + name_fit(target, table, column)
            need = 1.0 if target in TIME_TARGETS else ENOUGH
            if total >= need:
                first = 0 if target in _DECISIVE and value >= 2.5 else 1
                scored.append((-total - (10 if first == 0 else 0), order.index(target), target,
                               column))  # fmt: skip
    chosen: dict[str, tuple[Column, float]] = {}
    used = set(taken)
    for negative, _, target, column in sorted(scored, key=lambda s: (s[0], s[1], s[3].name)):
        if target in chosen or column.name in used:
            continue
        chosen[target] = (column, -negative)
        used.add(column.name)
    return chosen
