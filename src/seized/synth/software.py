"""The interface every synthetic market software implements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from seized.synth.records import Feedback, Listing, Login, Message, Order, Payout, WalletAddress
from seized.synth.schema import Row, Table
from seized.synth.world import Account

TableRow = tuple[str, Row]


class Software(Protocol):
    name: str  # the mapping's software name, e.g. synth-bazaar
    dump: str  # mysql | postgres | sqlite
    tables: list[Table]

    def native_id(self, kind: str, seq: int) -> int | str: ...

    def account(self, a: Account) -> Iterator[TableRow]: ...

    def listing(self, x: Listing) -> Iterator[TableRow]: ...

    def order(self, x: Order) -> Iterator[TableRow]: ...

    def feedback(self, x: Feedback) -> Iterator[TableRow]: ...

    def message(self, x: Message) -> Iterator[TableRow]: ...

    def login(self, x: Login) -> Iterator[TableRow]: ...

    def wallet(self, x: WalletAddress) -> Iterator[TableRow]: ...

    def payout(self, x: Payout) -> Iterator[TableRow]: ...
