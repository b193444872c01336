"""How big each scale is."""

from __future__ import annotations

from dataclasses import dataclass

from seized.errors import UserError


@dataclass(frozen=True)
class Scale:
    name: str
    vendors: int  # vendor persons (each has accounts on 1-3 markets)
    buyers: int  # buyer persons
    staff_per_market: int
    listings_per_vendor: int  # mean per vendor account
    orders: int  # total over all markets
    messages: int
    logins_per_account: int  # mean
    days: int  # length of the market history, one block (epoch) per day
    rsa_keys: int  # vendors with an RSA key; the rest Curve25519
    arrested: int  # vendors whose secret keys were seized
    noise_per_day: int  # unrelated chain transactions per day
    long_texts: int  # very long texts planted


SCALES: dict[str, Scale] = {
    "small": Scale("small", 36, 380, 2, 3, 2400, 1500, 3, 40, 2, 3, 6, 3),
    "medium": Scale("medium", 1300, 15000, 4, 6, 200_000, 300_000, 5, 240, 8, 12, 40, 20),
    # AlphaBay size: ~400k accounts (25k vendor persons -> ~40k vendor accounts, 313k buyer
    # persons -> ~360k buyer accounts), ~350k listings, 2M orders, 5M messages, and noise enough
    # for ~10M chain transactions in all.
    "large": Scale(
        "large", 25000, 313_000, 8, 8, 2_000_000, 5_000_000, 6, 720, 12, 40, 10_800, 100
    ),
}


def scale_named(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise UserError(f"unknown scale {name!r}: choose one of {', '.join(SCALES)}") from None
