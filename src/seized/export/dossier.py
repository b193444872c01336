"""One HTML dossier per target: who, why, and the seized rows behind each claim.

The page reads from the top: the summary and the reasons (sentences citing their excerpts, the
score's breakdown collapsed), then the accounts; long tables (listings, orders, messages,
wallets, excerpts) sit in collapsed sections that page through their rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from seized.export import reasons as why
from seized.export.excerpts import Citations, Excerpt
from seized.export.html import btc, render, when
from seized.export.select import Row, Selection

MAX_ORDERS = 200
MAX_MESSAGES = 100
MAX_LISTINGS = 100
MAX_TEXT = 600


@dataclass(frozen=True)
class Dossier:
    person_id: str
    file_name: str  # inside dossiers/
    html: str
    cites: list[Excerpt]
    reasons: list[str]  # the reasons as sentences with their citations ([E3, E7])


def file_name(target: Row) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", str(target["person_id"]))[:60].strip("_")
    rank = target.get("rank")
    prefix = f"{int(rank):05d}" if rank is not None else "unranked"
    return f"{prefix}-{slug or 'person'}.html"


def _short(text: object) -> str:
    value = "" if text is None else str(text)
    return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + " …"


class DossierBuilder:
    """Builds the dossiers of a selection; all share one citation numbering."""

    def __init__(
        self,
        selection: Selection,
        citations: Citations,
        unverified: dict[str, Any] | None = None,
    ) -> None:
        self.sel = selection
        self.cites = citations
        self.unverified = unverified  # the record of a case signed although it did not verify
        self.usernames = {
            a["account_id"]: a.get("username") or a["account_id"] for a in selection.accounts
        }

    def who(self, account: str | None) -> str:
        if account is None:
            return ""
        return str(self.usernames.get(account, account))

    def build(self, target: Row) -> Dossier:
        sel = self.sel
        person = target["person_id"]
        mine = {a["account_id"] for a in sel.accounts_of(person)}
        used: list[Excerpt] = []

        def cite(table: str, key: str, text: str, row: Row) -> str:
            excerpt = self.cites.cite(table, key, text, row)
            if excerpt not in used:
                used.append(excerpt)
            return excerpt.cite

        accounts = []
        for a in sel.accounts_of(person):
            text = (
                f"account {a['username']} ({a.get('role') or 'unknown role'}) on {a['market_id']}"
            )
            accounts.append({**a, "cite": cite("accounts", a["account_id"], text, a)})
        listings = []
        for row in [x for x in sel.listings if x["vendor_id"] in mine][:MAX_LISTINGS]:
            text = (
                f"listing {row.get('title') or ''} ({row.get('category') or ''}), "
                f"ships from {row.get('ships_from') or '?'}"
            )
            listings.append({**row, "cite": cite("listings", row["listing_id"], text, row)})
        orders = [o for o in sel.orders if o["buyer_id"] in mine or o["vendor_id"] in mine]
        orders.sort(key=lambda o: -(o.get("amount_sats") or 0))
        order_rows = []
        for o in orders[:MAX_ORDERS]:
            side = "vendor" if o["vendor_id"] in mine else "buyer"
            other = o["buyer_id"] if side == "vendor" else o["vendor_id"]
            text = (
                f"order {o['order_id']} {when(o.get('created_at'))} {o.get('status') or ''} "
                f"{btc(o.get('amount_sats'))}: {o.get('listing_title') or ''}; "
                f"{'buyer' if side == 'vendor' else 'vendor'}: {self.who(other)}"
            )
            if side == "buyer" and o.get("shipping_address"):
                text += f"; ships to: {o['shipping_address']}"
            order_rows.append(
                {
                    **o,
                    "side": side,
                    "other": self.who(other),
                    "cite": cite("orders", o["order_id"], text, o),
                }
            )
        message_rows = []
        messages = [m for m in sel.messages if m["sender_id"] in mine or m["recipient_id"] in mine]
        for m in messages[:MAX_MESSAGES]:
            text = (
                f"message {self.who(m['sender_id'])} → {self.who(m['recipient_id'])}: "
                f"{_short(m.get('text'))}"
            )
            message_rows.append(
                {
                    **m,
                    "from": self.who(m["sender_id"]),
                    "to": self.who(m["recipient_id"]),
                    "short": _short(m.get("text")),
                    "cite": cite("messages", m["message_id"], text, m),
                }
            )
        wallets = []
        for w in [x for x in sel.wallets if x["account_id"] in mine]:
            text = (
                f"{w.get('kind') or 'wallet'} address {w['address']} of {self.who(w['account_id'])}"
            )
            wallets.append(
                {
                    **w,
                    "cite": cite("wallet_addresses", f"{w['account_id']}/{w['address']}", text, w),
                }
            )
        payouts = []
        for p in [x for x in sel.payouts if x["account_id"] in mine]:
            text = (
                f"{p.get('kind') or 'payout'} {btc(p.get('amount_sats'))} "
                f"to {p.get('address') or '?'} (tx {p.get('txid') or '?'})"
            )
            payouts.append({**p, "cite": cite("payouts", str(p["payout_id"]), text, p)})
        cashouts = [c for c in sel.cashouts if c["person_id"] == person]
        cited: dict[str, dict[str | None, list[str]]] = {
            "accounts": _by_key(accounts, "account_id"),
            "listings": _by_key(listings, "listing_id"),
            "orders": _by_key(order_rows, "order_id"),
            "messages": _by_key(message_rows, "message_id"),
            "payouts": _by_key(payouts, "payout_id"),
        }
        for side in ("vendor", "buyer"):
            mine_side = [o for o in order_rows if o["side"] == side]
            finalized = [o for o in mine_side if o.get("status") == "finalized"] or mine_side
            cited["orders"][side] = [o["cite"] for o in finalized[:3]]
        reasons = []
        for reason in why.sentences(target.get("reasons"), self.usernames):
            cites: list[str] = []
            for ref in reason.refs:
                for c in cited.get(ref.table, {}).get(ref.side or ref.key, [])[:3]:
                    if c not in cites:
                        cites.append(c)
            reasons.append((reason, cites))
        html = render(
            "dossier.html.j2",
            case=sel.case_name,
            country=sel.country,
            target=target,
            names=", ".join(f"{a['username']} ({a['market_id']})" for a in accounts),
            reasons=[(r.text, _links(c)) for r, c in reasons],
            breakdown=why.breakdown(target.get("reasons")),
            role_weight=why.parse(target.get("reasons")).get("role_weight"),
            accounts=accounts,
            listings=listings,
            orders=order_rows,
            orders_total=len(orders),
            messages=message_rows,
            messages_total=len(messages),
            wallets=wallets,
            payouts=payouts,
            cashouts=cashouts,
            withheld=sel.withheld,
            excerpts=used,
            unverified=self.unverified,
        )
        lines = [why.with_cites(r.text, c) for r, c in reasons]
        return Dossier(person, file_name(target), html, used, lines)


def _by_key(rows: list[Row], key: str) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {str(r[key]): [str(r["cite"])] for r in rows}
    out[None] = [str(r["cite"]) for r in rows][:3]
    return out


def _links(cites: list[str]) -> Markup:
    """Citations as links to their excerpts further down the page."""
    if not cites:
        return Markup("")
    inner = ", ".join(f'<a href="#{escape(c)}">{escape(c)}</a>' for c in cites)
    return Markup(f'<span class="cite">[{inner}]</span>')
