"""What a trace works on: traced coins, the ends of a transaction, the counts of a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from seized.chain.taint import MODELS, Model, Ranges
from seized.errors import UserError

Direction = Literal["forward", "backward"]
StartKind = Literal["person", "account", "address", "cluster", "txid"]
START_KINDS: tuple[StartKind, ...] = ("person", "account", "address", "cluster", "txid")
#: The larger output of a peel step is at least this many times the smaller.
PEEL_RATIO = 2


@dataclass(slots=True)
class Coin:
    """The traced part of one output."""

    person: str
    txid: str
    vout: int
    value: int
    address: str | None
    amount: int
    ranges: Ranges = field(default_factory=list)  # FIFO: traced offsets within the output
    hop: int = 0
    budget: int = 0  # hops counted against the limit (peel steps are free)
    peel: bool = False
    via_coinjoin: bool = False


#: A coin at the side of a transaction a hop moves to (an output forward, the output an input
#: spends backward): transaction, the coin's txid, vout and value, its address, the service it
#: reaches (label, category; None when none) and whether it is a stop address.
Ahead = tuple[str, str, int, int, str | None, str | None, str | None, bool]
#: A coin at the side a hop comes from: transaction, the coin's txid, vout and value.
Behind = tuple[str, str, int, int]


@dataclass
class TraceResult:
    model: Model
    direction: Direction
    seeds: int = 0
    seed_sats: int = 0
    cashouts: int = 0
    cashout_sats: int = 0
    flows: int = 0
    unspent_sats: int = 0  # traced coins not spent (forward) or coinbase (backward)
    fee_sats: int = 0  # traced satoshis paid as fees (haircut and FIFO)
    limit_sats: int = 0  # traced satoshis left at the hop limit
    stopped_sats: int = 0  # traced satoshis at a stop address

    def counts(self) -> dict[str, object]:
        return dict(self.__dict__)


def check_options(model: str, direction: str, max_hops: int) -> None:
    if model not in MODELS:
        raise UserError(f"unknown taint model {model!r}: choose from {', '.join(MODELS)}")
    if direction not in ("forward", "backward"):
        raise UserError(f"unknown direction {direction!r}: forward or backward")
    if max_hops < 0:
        raise UserError("the hop limit must not be negative")
