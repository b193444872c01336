"""What happens on a market, before any software writes it down in its own tables."""

from __future__ import annotations

from dataclasses import dataclass

from seized.synth.world import Account


@dataclass(slots=True)
class Listing:
    native_id: int | str
    vendor: Account
    title: str
    description: str
    category: str
    product: int
    unit_qty: int
    price_sats: int
    ships_from: str  # ISO2
    ships_to: str
    stock: int
    created: int


@dataclass(slots=True)
class Order:
    native_id: int | str
    listing: Listing
    buyer: Account
    quantity: int
    amount_sats: int
    status: str  # canonical status at the time of the seizure
    shipping: str  # as stored: a PGP message or plain text
    created: int
    updated: int


@dataclass(slots=True)
class Feedback:
    native_id: int | str
    order: Order
    rating: int  # 1..5
    comment: str
    created: int


@dataclass(slots=True)
class Message:
    native_id: int | str
    sender: Account
    recipient: Account
    subject: str
    body: str
    encrypted: bool
    created: int


@dataclass(slots=True)
class Login:
    account: Account
    ip: str
    user_agent: str
    at: int


@dataclass(slots=True)
class WalletAddress:
    native_id: int
    account: Account | None
    address: str
    kind: str  # deposit | withdrawal | hot
    created: int


@dataclass(slots=True)
class Payout:
    native_id: int
    account: Account
    order: Order
    address: str
    amount_sats: int
    txid: str
    kind: str  # payout | refund
    created: int
