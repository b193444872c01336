"""Ground truth of a synthetic seized server, gathered while it is generated (truth.json).

Later stages measure themselves against it: who is behind which accounts and how discoverable each
cross-market link is, revenue and spend, the market's wallets, CoinJoins, cash-outs, how many PGP
blobs the seized keys open, the identifiers planted in free text, and row counts — raw (as written,
duplicates included) and canonical (what a correct mapping yields).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from seized.synth.keys import Key
from seized.synth.records import Order, Payout
from seized.synth.world import ALL_MARKETS, EXCHANGES, MARKETS, Account, Person, World

# How hard a cross-market link is to find, per kind (the easiest kind of a link wins).
DISCOVERABILITY = {
    "shared_pgp": "hard_link",
    "shared_address": "hard_link",
    "shared_handle": "hard_link",
    "same_username": "username",
    "name_variant": "username",
    "co_spend": "hard_link",
    "behaviour_only": "behaviour_only",
}
_RANK = ("hard_link", "username", "behaviour_only")


def _ref(a: Account) -> str:
    return f"{ALL_MARKETS[a.market]}:{a.native_id}"


class Truth:
    def __init__(self, world: World, seized: set[str], meta: dict[str, Any]) -> None:
        self.world = world
        self.seized = seized  # fingerprints of the seized secret keys
        self.meta = meta
        self.raw: list[Counter[str]] = [Counter() for _ in MARKETS]
        self.canonical: list[Counter[str]] = [Counter() for _ in MARKETS]
        self.blobs: dict[str, list[int]] = defaultdict(
            lambda: [0, 0, 0]
        )  # total, decryptable, plain
        self.identifiers: list[dict[str, str]] = []
        self.wallets: list[dict[str, list[str]]] = [defaultdict(list) for _ in MARKETS]
        self.cashouts: dict[str, list[dict[str, object]]] = defaultdict(list)
        self.coinjoins: list[str] = []
        self.payout_sums: list[Counter[str]] = [Counter() for _ in MARKETS]
        self.statuses: list[Counter[str]] = [Counter() for _ in MARKETS]
        self.co_spends: set[frozenset[str]] = set()  # payout addresses spent together

    # --- recording ---------------------------------------------------------------------------

    def raw_row(self, market: int, table: str) -> None:
        self.raw[market][table] += 1

    def count(self, market: int, table: str) -> None:
        self.canonical[market][table] += 1

    def account(self, a: Account) -> None:
        self.count(a.market, "accounts")

    def market_wallet(self, market: int, address: str, kind: str) -> None:
        self.wallets[market][kind].append(address)
        self.count(market, "wallet_addresses")

    def order(self, market: int, order: Order) -> None:
        self.count(market, "orders")
        self.statuses[market][order.status] += 1
        if order.status == "finalized":
            vendor = order.listing.vendor
            vendor.revenue += order.amount_sats
            vendor.orders += 1
            order.buyer.spend += order.amount_sats

    def login(self, market: int, account: Account, ip: str, at: int) -> None:
        self.count(market, "logins")

    def payout(self, market: int, payout: Payout) -> None:
        self.count(market, "payouts")
        self.payout_sums[market][payout.kind] += payout.amount_sats

    def blob(self, market: int, table: str, column: str, recipients: list[Key] | None) -> None:
        entry = self.blobs[f"{MARKETS[market]}.{table}.{column}"]
        if recipients is None:
            entry[2] += 1
            return
        entry[0] += 1
        if any(k.fingerprint in self.seized for k in recipients):
            entry[1] += 1

    def planted(self, kind: str, value: str, account: Account, where: str) -> None:
        self.identifiers.append(
            {
                "kind": kind,
                "value": value,
                "market": ALL_MARKETS[account.market],
                "native_id": str(account.native_id),
                "where": where,
            }
        )

    def cashout(self, person: Person, entry: dict[str, object]) -> None:
        self.cashouts[person.person_id].append(entry)

    def coinjoin(self, txid: str) -> None:
        self.coinjoins.append(txid)

    def co_spent(self, first: str, second: str) -> None:
        self.co_spends.add(frozenset((first, second)))

    def _kinds(self, a: Account, b: Account, kinds: tuple[str, ...]) -> list[str]:
        """The kinds of a link as they came to be: ``co_spend`` only when the two payout
        addresses were spent together."""
        found = list(kinds)
        spent = frozenset((a.withdrawal_address or "", b.withdrawal_address or ""))
        if "co_spend" in found and spent not in self.co_spends:
            found.remove("co_spend")
            if not found:
                found.append("behaviour_only")
        return found

    # --- output ------------------------------------------------------------------------------

    def _person(self, p: Person) -> dict[str, Any]:
        links = []
        link_kinds: set[str] = set()
        for a, b, planned in p.links:
            kinds = self._kinds(a, b, planned)
            link_kinds.update(kinds)
            best = min((DISCOVERABILITY[k] for k in kinds), key=_RANK.index)
            links.append({"a": _ref(a), "b": _ref(b), "kinds": kinds, "discoverability": best})
        cashouts = self.cashouts.get(p.person_id, [])
        per_exchange: Counter[str] = Counter()
        for c in cashouts:
            per_exchange[str(c["exchange"])] += int(str(c["amount_sats"]))
        return {
            "person_id": p.person_id,
            "role": p.role,
            "country": p.country,
            "name": p.name,
            "postal_address": p.address.text,
            "other_addresses": [d.text for d in p.drops],
            "phone": p.phone[0],
            "email": p.email,
            "jabber": p.jabber,
            "telegram": p.telegram,
            "exchange": EXCHANGES[p.exchange],
            "exchange_deposit_address": p.exchange_address,
            "bulk_buyer": p.bulk,
            "arrested": p.arrested,
            "accounts": [
                {
                    "market": ALL_MARKETS[a.market],
                    "native_id": str(a.native_id),
                    "username": a.username,
                    "role": a.role,
                    "pgp_fingerprint": a.key.fingerprint if a.key else None,
                    "contact": a.contact,
                    "withdrawal_address": a.withdrawal_address,
                    "deposit_address": a.deposit_address,
                    "revenue_sats": a.revenue,
                    "spend_sats": a.spend,
                    "finalized_sales": a.orders,
                }
                for a in p.accounts
            ],
            "link_kinds": sorted(link_kinds),
            "links": links,
            "revenue_sats": sum(a.revenue for a in p.accounts),
            "spend_sats": sum(a.spend for a in p.accounts),
            "cashouts": cashouts,
            "cashout_totals": [
                {
                    "exchange": ex,
                    "amount_sats": amount,
                    "hops_max": max(int(str(c["hops"])) for c in cashouts if c["exchange"] == ex),
                }
                for ex, amount in sorted(per_exchange.items())
            ],
        }

    def _markets(self) -> list[dict[str, Any]]:
        return [
            {
                "market": name,
                "raw_rows": dict(sorted(self.raw[m].items())),
                "canonical_rows": dict(sorted(self.canonical[m].items())),
                "order_statuses": dict(sorted(self.statuses[m].items())),
                "payout_sats": dict(sorted(self.payout_sums[m].items())),
                "wallet_addresses": {k: v for k, v in sorted(self.wallets[m].items())},
                "hot_wallet_addresses": list(self.world.market_hot[m]),
                "server_key_fingerprint": self.world.server_keys[m].fingerprint,
            }
            for m, name in enumerate(MARKETS)
        ]

    def _top(self, role: str, field: str) -> list[dict[str, Any]]:
        """The ten persons of ``role`` with the most revenue (vendors) or spend (buyers)."""
        totals = [
            (-sum(getattr(a, field) for a in p.accounts), p.person_id)
            for p in self.world.persons
            if p.role == role
        ]
        totals.sort()
        key = f"{field}_sats"
        return [{"person_id": person, key: -total} for total, person in totals[:10]]

    def write(self, path: Path, chain: dict[str, Any], keys: list[dict[str, Any]]) -> None:
        """Writes truth.json, one person and one identifier per line, streamed.

        The persons are encoded one at a time (never the whole document in memory) with the C
        JSON encoder (compact separators; an ``indent`` would switch to the pure-Python one).
        """
        head = {"truth": 1, **self.meta, "markets": self._markets()}
        tail: dict[str, Any] = {
            "top_vendors": self._top("vendor", "revenue"),
            "top_buyers": self._top("buyer", "spend"),
            "exchanges": [
                {"name": name, "hot_addresses": list(self.world.exchange_hot[i])}
                for i, name in enumerate(EXCHANGES)
            ],
            "coinjoin_txids": self.coinjoins,
            "blobs": {
                k: {"encrypted": v[0], "decryptable": v[1], "plain": v[2]}
                for k, v in sorted(self.blobs.items())
            },
        }
        end: dict[str, Any] = {"seized_keys": keys, "chain": chain}
        with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
            out.write(_dumps(head)[:-1] + ',\n"persons":[')
            _write_items(out, (self._person(p) for p in self.world.persons))
            out.write("],\n" + _dumps(tail)[1:-1] + ',\n"identifiers":[')
            _write_items(out, iter(self.identifiers))
            out.write("],\n" + _dumps(end)[1:] + "\n")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_items(out: TextIO, items: Iterator[Any]) -> None:
    """The items of a JSON array, one a line."""
    first = True
    for item in items:
        out.write(("\n" if first else ",\n") + _dumps(item))
        first = False
