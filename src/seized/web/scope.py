"""What one agency may see of a case: the security core of the workbench.

An analyst's agency is assigned countries. The analyst sees the persons whose target country
(``targets.country``, from ``seized rank``) is one of them, and what those persons touched:

* their accounts, and the PGP keys of those accounts;
* the addresses their accounts own (wallet addresses, payout addresses, addresses found in
  their texts, tags naming their accounts), and the addresses and transactions of their money
  flows and cash-outs, but for addresses owned by another person's account only;
* the clusters holding a visible address, the exchanges they cashed out at;
* listings they offered, orders where they are buyer or vendor, messages among themselves
  (as in a package: messages with anyone else are withheld).

Anyone else appears only as the packages' opaque reference (:data:`OPAQUE`, numbered here by a
keyed hash, so the same account has the same number on every page of one scope and numbers
say nothing across scopes), and free text passes :class:`Withholder`, which withholds their
names as the packages do. A ``lead`` sees everything. :meth:`Scope.sees` is the one function
deciding visibility; every route asks it, and an id it refuses is answered like an id that does
not exist.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from seized.export.redact import COMMON, MIN_LENGTH, WITHHELD, index_by_head, starting_at
from seized.export.select import OPAQUE

KINDS = ("person", "account", "address", "transaction", "cluster", "exchange", "key")
PLACEHOLDER = {
    "person": "person of another jurisdiction #{n}",
    "account": OPAQUE,
    "address": "address of another jurisdiction #{n}",
    "transaction": "transaction of another jurisdiction #{n}",
    "cluster": "cluster of another jurisdiction #{n}",
    "exchange": "exchange of another jurisdiction #{n}",
    "key": "key of another jurisdiction #{n}",
}
#: longest text a page shows of one value (seized text can be megabytes)
MAX_TEXT = 20_000


class Withholder:
    """Replaces the values of other jurisdictions in free text with :data:`WITHHELD`, as the
    packages do (case-insensitive; values shorter than :data:`MIN_LENGTH` or common words
    are not searched for), but only as whole values: a value bounded by letters or digits is
    part of another one (``nightowl:4`` in ``nightowl:41``) and stays."""

    def __init__(self, foreign: Iterable[str | None], own: Iterable[str | None] = ()) -> None:
        keep = {v.strip().lower() for v in own if v}
        needles = (
            needle
            for needle in ((value or "").strip().lower() for value in foreign)
            if len(needle) >= MIN_LENGTH and needle not in keep and needle not in COMMON
        )
        self._heads = index_by_head(needles)

    def __len__(self) -> int:
        return sum(len(values) for groups in self._heads.values() for _, values in groups)

    def redact(self, text: str) -> str:
        if not self._heads or len(text) < MIN_LENGTH:
            return text
        low = text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer: compare as it is
            low = text
        out: list[str] = []
        start = i = 0
        end = len(low) - MIN_LENGTH + 1
        heads = self._heads
        while i < end:
            hit = None
            if low[i : i + MIN_LENGTH] in heads and (i == 0 or not low[i - 1].isalnum()):
                for needle in starting_at(heads, low, i):
                    after = i + len(needle)
                    if after == len(low) or not low[after].isalnum():
                        hit = needle
                        break
            if hit is None:
                i += 1
                continue
            out.append(text[start:i])
            out.append(WITHHELD)
            i += len(hit)
            start = i
        if not out:
            return text
        out.append(text[start:])
        return "".join(out)


@dataclass
class Scope:
    key: str
    lead: bool
    countries: tuple[str, ...]
    secret: bytes
    seen: dict[str, frozenset[str]] = field(default_factory=dict)
    redactor: Withholder = field(default_factory=lambda: Withholder(()))

    def sees(self, kind: str, value: object) -> bool:
        """May this scope see the person, account, address, transaction, cluster, exchange or
        key ``value``? (For a lead: yes; whether it exists is the caller's question.)"""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        if value is None:
            return False
        return self.lead or str(value) in self.seen.get(kind, frozenset())

    def placeholder(self, kind: str, value: object) -> str:
        mac = hmac.new(self.secret, f"{self.key}\0{kind}\0{value}".encode(), hashlib.sha256)
        return PLACEHOLDER[kind].format(n=mac.hexdigest()[:8])

    def show(self, kind: str, value: object) -> str | None:
        """The value when visible, else its placeholder."""
        if value is None:
            return None
        return str(value) if self.sees(kind, value) else self.placeholder(kind, value)

    def text(self, value: object) -> str | None:
        """Free text as this scope may read it: cut to :data:`MAX_TEXT`, foreign values
        withheld."""
        if value is None:
            return None
        text = str(value)
        size = len(text)
        if not self.lead:  # a little beyond the cut, so that no foreign value is cut in two
            text = self.redactor.redact(text[: MAX_TEXT + 512])
        if size > MAX_TEXT:
            text = text[:MAX_TEXT] + f" [… {size - MAX_TEXT} more characters]"
        return text

    def value(self, value: Any) -> Any:
        """Every string inside a JSON-like value through :meth:`text`."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(str(k)): self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        return value

    def message_visible(self, sender: object, recipient: object) -> bool:
        return self.sees("account", sender) and (
            recipient is None or self.sees("account", recipient)
        )


def _column(con: duckdb.DuckDBPyConnection, sql: str) -> frozenset[str]:
    return frozenset(str(r[0]) for r in con.execute(sql).fetchall() if r[0] is not None)


_ACCOUNTS = """
SELECT account_id FROM persons JOIN scope_persons USING (person_id)
UNION SELECT unnest(accounts) FROM targets JOIN scope_persons USING (person_id)
UNION SELECT account_id FROM accounts JOIN scope_persons ON person_id = account_id
"""
_OWNED = """
SELECT address, account_id FROM wallet_addresses WHERE account_id IS NOT NULL
UNION SELECT address, account_id FROM payouts WHERE account_id IS NOT NULL
UNION SELECT value, account_id FROM identifiers
  WHERE kind IN ('btc_address', 'xmr_address') AND account_id IS NOT NULL
UNION SELECT address, account_id FROM tags WHERE account_id IS NOT NULL
"""
_FLOWS = """
SELECT from_address FROM money_flows JOIN scope_persons USING (person_id)
UNION SELECT to_address FROM money_flows JOIN scope_persons USING (person_id)
UNION SELECT address FROM cashouts JOIN scope_persons USING (person_id)
"""
_TXIDS = """
SELECT txid FROM payouts JOIN scope_accounts USING (account_id)
UNION SELECT txid FROM money_flows JOIN scope_persons USING (person_id)
UNION SELECT txid FROM cashouts JOIN scope_persons USING (person_id)
UNION SELECT txid FROM btc_outputs JOIN scope_addresses USING (address)
UNION SELECT txid FROM btc_inputs JOIN scope_addresses USING (address)
"""


def _strings(values: frozenset[str] | set[str]) -> pa.Table:
    return pa.table({"v": pa.array(sorted(values), pa.string())})


def build_scope(
    con: duckdb.DuckDBPyConnection, countries: tuple[str, ...], *, lead: bool, secret: bytes
) -> Scope:
    """The scope of an agency over the case store ``con`` is connected to."""
    key = "lead" if lead else ",".join(sorted(countries))
    scope = Scope(key, lead, tuple(sorted(countries)), secret)
    if lead:
        return scope
    con.register("scope_countries", pa.table({"country": pa.array(scope.countries, pa.string())}))
    try:
        persons = _column(
            con, "SELECT DISTINCT person_id FROM targets JOIN scope_countries USING (country)"
        )
    finally:
        con.unregister("scope_countries")
    con.register("scope_persons", _strings(persons).rename_columns(["person_id"]))
    try:
        accounts = _column(con, _ACCOUNTS)
        con.register("scope_accounts", _strings(accounts).rename_columns(["account_id"]))
        try:
            scope.seen = _touched(con, persons, accounts)
            scope.redactor = _redactor(con, persons, scope.seen["address"])
        finally:
            con.unregister("scope_accounts")
    finally:
        con.unregister("scope_persons")
    return scope


def _touched(
    con: duckdb.DuckDBPyConnection, persons: frozenset[str], accounts: frozenset[str]
) -> dict[str, frozenset[str]]:
    own: set[str] = set()
    foreign: set[str] = set()
    for address, account in con.execute(_OWNED).fetchall():
        (own if account in accounts else foreign).add(str(address))
    flows = _column(con, _FLOWS)
    addresses = frozenset(own | (flows - (foreign - own)))
    con.register("scope_addresses", _strings(addresses).rename_columns(["address"]))
    try:
        clusters = _column(
            con,
            "SELECT DISTINCT cluster_id FROM address_clusters JOIN scope_addresses USING (address)",
        )
        txids = _column(con, _TXIDS)
    finally:
        con.unregister("scope_addresses")
    exchanges = _column(
        con, "SELECT DISTINCT label FROM cashouts JOIN scope_persons USING (person_id)"
    )
    keys = _column(
        con,
        "SELECT pgp_fingerprint FROM accounts JOIN scope_accounts USING (account_id) "
        "UNION SELECT value FROM identifiers JOIN scope_accounts USING (account_id) "
        "WHERE kind = 'pgp_fingerprint'",
    )
    return {
        "person": persons,
        "account": accounts,
        "address": addresses,
        "transaction": txids,
        "cluster": clusters,
        "exchange": exchanges,
        "key": frozenset(k.upper() for k in keys),
    }


_FOREIGN_ACCOUNTS = """
SELECT a.account_id, a.username, a.email, a.contact, a.pgp_fingerprint
FROM accounts AS a ANTI JOIN scope_accounts USING (account_id)
"""
_OWN_ACCOUNTS = """
SELECT a.account_id, a.username, a.email, a.contact, a.pgp_fingerprint
FROM accounts AS a JOIN scope_accounts USING (account_id)
"""
_FOREIGN_PERSONS = """
SELECT DISTINCT person_id FROM persons ANTI JOIN scope_persons USING (person_id)
UNION SELECT person_id FROM targets ANTI JOIN scope_persons USING (person_id)
"""
# shipping addresses of foreign buyers that an in-scope vendor saw (the only ones in-scope
# text could quote)
_FOREIGN_SHIPPING = """
SELECT o.shipping_address FROM orders AS o JOIN scope_accounts AS v ON v.account_id = o.vendor_id
WHERE o.buyer_id NOT IN (SELECT account_id FROM scope_accounts)
"""


def _redactor(
    con: duckdb.DuckDBPyConnection, persons: frozenset[str], addresses: frozenset[str]
) -> Withholder:
    foreign: list[str | None] = []
    for row in con.execute(_FOREIGN_ACCOUNTS).fetchall():
        foreign += list(row)
    foreign += [str(r[0]) for r in con.execute(_FOREIGN_PERSONS).fetchall()]
    foreign += [str(r[0]) for r in con.execute(_FOREIGN_SHIPPING).fetchall() if r[0]]
    for (address,) in con.execute(
        "SELECT address FROM wallet_addresses UNION SELECT address FROM payouts"
    ).fetchall():
        if address and address not in addresses:
            foreign.append(str(address))
    own: list[str | None] = [*persons, *addresses]
    for row in con.execute(_OWN_ACCOUNTS).fetchall():
        own += list(row)
    return Withholder(foreign, own)


__all__ = ["MAX_TEXT", "PLACEHOLDER", "WITHHELD", "Scope", "build_scope"]
