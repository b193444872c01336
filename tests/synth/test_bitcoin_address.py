"""The synthetic chain's fast address encoders give the same text as the general ones."""

from __future__ import annotations

import random

import pytest

from seized.chain import address as general
from seized.synth.bitcoin_address import base58check, segwit_address


def _programs(size: int) -> list[bytes]:
    rng = random.Random(size)
    return [bytes(size), b"\xff" * size, *(rng.randbytes(size) for _ in range(400))]


@pytest.mark.parametrize("hrp", ["bc", "tb", "bcrt"])
def test_segwit_address_matches_bip173_and_bip350(hrp: str) -> None:
    for size in (20, 32):
        for program in _programs(size):
            assert segwit_address(hrp, 0, program) == general.segwit_encode(hrp, 0, program)
            assert segwit_address(hrp, 1, program) == general.segwit_encode(hrp, 1, program)


def test_segwit_address_known_vector() -> None:
    # BIP173: the P2WPKH address of the generator point's key hash.
    program = bytes.fromhex("751e76e8199196d454941c45d1b3a323f1433bd6")
    assert segwit_address("bc", 0, program) == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"


@pytest.mark.parametrize("prefix", [0x00, 0x05, 0x6F, 0xC4])
def test_base58check_matches_general(prefix: int) -> None:
    for program in _programs(20):
        payload = bytes((prefix,)) + program
        assert base58check(payload) == general.base58check_encode(payload)
    assert base58check(bytes(21)) == general.base58check_encode(bytes(21))  # leading zeros
