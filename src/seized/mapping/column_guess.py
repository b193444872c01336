"""Guessing the conversion of one raw column from its type and sample values (for `suggest`).

A guess is an SQL expression over the raw column plus remarks: notes say what was seen, todos say
what a person must check. Samples are evaluated in DuckDB with the helper macros, so the guess
uses exactly the conversions the mapping will use.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import duckdb

from seized.mapping.apply import quote
from seized.vocabulary import PGP_ARMOR

PGP_PUBLIC = PGP_ARMOR + "PUBLIC KEY BLOCK-----"
RANGE = re.compile(r"^[\[(]\s*[0-9.eE+-]+\s*,\s*[0-9.eE+-]+\s*[\])]$")
BOOL_WORDS = {"0", "1", "true", "false", "t", "f", "yes", "no"}
TIME_COLUMNS = ("created_at", "last_seen_at", "at")
AMOUNT_COLUMNS = ("amount_sats",)
ID_COLUMNS = (
    "native_id", "vendor_id", "buyer_id", "listing_id", "order_id", "account_id", "sender_id",
    "recipient_id",
)  # fmt: skip


@dataclass(frozen=True)
class RawColumn:
    name: str
    type: str  # DuckDB type


@dataclass
class Guess:
    expression: str
    notes: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)  # name -> what to set it to


def guess_column(
    con: duckdb.DuckDBPyConnection, target: str, column: RawColumn, samples: list[str]
) -> Guess:
    """The expression (and remarks) that turns ``column`` into the canonical ``target``."""
    ref = quote(column.name)
    if target in TIME_COLUMNS:
        return _time(con, ref, column, samples)
    if target in AMOUNT_COLUMNS:
        return _amount(ref, column, samples)
    if target == "price":
        return _price(ref, column, samples)
    if target == "role":
        return _vocabulary(con, "role_of", ref, column, samples)
    if target == "status":
        return _vocabulary(con, "status_of", ref, column, samples)
    if target in ("ships_from", "ships_to"):
        return Guess(f"country_or_text({ref})", notes=["ISO2 where the text names a country"])
    if target == "pgp_public_key":
        return _pgp_key(ref, samples)
    if target == "pgp_fingerprint":
        return Guess(f"pgp_fingerprint_of({ref})")
    if target == "ip":
        return Guess(f"ip_text({ref})")
    if target in ("kind",):
        return Guess(
            f"lower({ref})",
            todos=[f"values seen: {_values(samples)}; the canonical values are listed in the docs"],
        )
    if target == "rating":
        return Guess(f"TRY_CAST({ref} AS DOUBLE)", notes=[f"values seen: {_values(samples)}"])
    if target == "quantity":
        return Guess(f"TRY_CAST({ref} AS DOUBLE)")
    if target == "currency":
        return Guess(ref, notes=[f"values seen: {_values(samples)}"])
    if target in ID_COLUMNS or "CHAR" in column.type.upper():
        return Guess(ref)
    return Guess(f"CAST({ref} AS VARCHAR)")


def _numbers(samples: list[str]) -> list[float]:
    found = []
    for value in samples:
        try:
            found.append(float(value))
        except ValueError:
            continue
    return found


def _time(con: duckdb.DuckDBPyConnection, ref: str, column: RawColumn, samples: list[str]) -> Guess:
    kind = column.type.upper()
    if kind.startswith("TIMESTAMP"):
        return Guess(ref)
    if kind == "DATE":
        return Guess(f"CAST({ref} AS TIMESTAMP)")
    numbers = _numbers(samples)
    shown = _values(samples, 3)
    if samples and len(numbers) == len(samples):
        middle = sorted(numbers)[len(numbers) // 2]
        if 1e8 <= middle < 1e11:
            return Guess(f"unix_ts({ref})", notes=[f"unix seconds, e.g. {shown}"])
        if 1e11 <= middle < 1e14:
            return Guess(f"unix_ms_ts({ref})", notes=[f"unix milliseconds, e.g. {shown}"])
        return Guess(
            f"unix_ts({ref})",
            todos=[f"numbers that do not look like unix times: {shown}; check the unit"],
        )
    if samples:
        parsed = con.execute(
            "SELECT count(text_ts(v)) FROM (SELECT unnest(?) AS v)", [samples]
        ).fetchone()
        if parsed and parsed[0] >= 0.9 * len(samples):
            return Guess(f"text_ts({ref})", notes=[f"dates as text, e.g. {shown}"])
    return Guess(
        f"text_ts({ref})",
        todos=[f"text_ts could not read these dates: {shown}; use strptime with their format"],
    )


def _decimals(samples: list[str]) -> bool:
    return any("." in value or "," in value for value in samples)


def _amount(ref: str, column: RawColumn, samples: list[str]) -> Guess:
    name = column.name.lower()
    numbers = _numbers(samples)
    shown = _values(samples, 3)
    if _ranges(samples):
        return Guess(
            f"btc_sats(range_mid({ref}))",
            todos=[f"interval labels, e.g. {shown}: the midpoint, read as BTC; check the unit"],
        )
    if "sat" in name:
        return Guess(f"sats({ref})", notes=[f"satoshis by its name, e.g. {shown}"])
    for currency in ("eur", "usd"):
        if currency in name:
            return Guess(
                f"{currency}_sats({ref}, getvariable('btc_{currency}'))",
                todos=[f"{currency.upper()} amounts by the column name, e.g. {shown}"],
                params={
                    f"btc_{currency}": f"set btc_{currency}: the {currency.upper()} price "
                    "of one bitcoin when the market ran"
                },
            )
    kind = column.type.upper()
    integral = kind in ("BIGINT", "INTEGER", "HUGEINT", "UBIGINT") or not _decimals(samples)
    if numbers and integral and max(numbers) >= 10_000:
        return Guess(
            f"sats({ref})",
            todos=[f"whole numbers up to {max(numbers):.0f} look like satoshis, e.g. {shown}"],
        )
    if numbers and max(numbers) < 100_000:
        return Guess(
            f"btc_sats({ref})",
            todos=[f"decimals up to {max(numbers):g} look like BTC, e.g. {shown}"],
        )
    return Guess(f"btc_sats({ref})", todos=[f"unit unknown, e.g. {shown}; check BTC or fiat"])


def _ranges(samples: list[str]) -> bool:
    return bool(samples) and sum(bool(RANGE.match(v.strip())) for v in samples) >= 0.9 * len(
        samples
    )


def _price(ref: str, column: RawColumn, samples: list[str]) -> Guess:
    if _ranges(samples):
        return Guess(
            f"CAST(range_mid({ref}) AS DOUBLE)",
            todos=[f"interval labels, e.g. {_values(samples, 3)}: the midpoint is used"],
        )
    return Guess(f"TRY_CAST({ref} AS DOUBLE)", notes=[f"as listed, e.g. {_values(samples, 3)}"])


def _vocabulary(
    con: duckdb.DuckDBPyConnection, helper: str, ref: str, column: RawColumn, samples: list[str]
) -> Guess:
    values = sorted(set(samples))[:12]
    flags = column.type.upper() == "BOOLEAN" or {v.lower() for v in values} <= BOOL_WORDS
    if flags and helper == "role_of" and "vendor" in column.name.lower():
        return Guess(
            f"CASE WHEN bool_of({ref}) THEN 'vendor' ELSE 'buyer' END",
            todos=["a vendor flag: staff accounts need another column"],
        )
    rows = con.execute(
        f"SELECT v, {helper}(v) FROM (SELECT unnest(?) AS v) ORDER BY v", [values]
    ).fetchall()
    seen = ", ".join(f"{show_value(str(v))} -> {r or 'NULL'}" for v, r in rows)
    if rows and all(r is not None for _, r in rows):
        return Guess(f"{helper}({ref})", notes=[f"values seen: {seen}"])
    return Guess(
        f"{helper}({ref})",
        todos=[f"values seen: {seen}; write a CASE for the ones {helper} does not know"],
    )


def _pgp_key(ref: str, samples: list[str]) -> Guess:
    armored = sum(PGP_PUBLIC in value for value in samples)
    if armored:
        return Guess(ref, notes=[f"{armored} of {len(samples)} samples hold an armored public key"])
    return Guess(ref, todos=["no armored public key in the samples; check the column"])


def _values(samples: list[str], limit: int = 8) -> str:
    distinct = list(dict.fromkeys(samples))[:limit]
    return ", ".join(show_value(v) for v in distinct) or "(no values)"


def show_value(value: str, limit: int = 40) -> str:
    """A seized value made safe for a YAML comment: one line, ASCII-escaped, cut short."""
    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 4] + '..."'
