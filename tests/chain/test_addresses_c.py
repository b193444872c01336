"""The compiled addresses of standard output scripts (_blockscan.standard_addresses).

script_to_address (seized.chain.address) is the reference: for every script, on every network,
the compiled function must give exactly its (kind, address) where the kind is one of the five
standard forms it handles (P2SH, P2PKH, P2WPKH, P2WSH, P2TR), and None for anything else. Checked
on every output of every real mainnet block, on seeded random payloads in each form (with each
SHA-256 implementation), on near-misses of each form, and through block_to_record.
"""

from __future__ import annotations

import random

import pytest

from seized.chain import _blockscan
from seized.chain.address import Network, script_to_address
from seized.chain.block import Block, parse_block
from seized.chain.record import block_to_record

#: The networks in the order of their codes in standard_addresses.
NETWORKS: tuple[Network, ...] = ("mainnet", "testnet", "regtest")
STANDARD = {"p2sh", "p2pkh", "p2wpkh", "p2wsh", "p2tr"}


def assert_agrees(scripts: list[bytes], network: Network) -> list[str]:
    """standard_addresses agrees with script_to_address on ``scripts``: the kinds found."""
    found = _blockscan.standard_addresses(scripts, NETWORKS.index(network))
    assert len(found) == len(scripts)
    kinds = []
    for script, got in zip(scripts, found, strict=True):
        expected = script_to_address(script, network)
        if got is None:
            assert expected[0] not in STANDARD, (script.hex(), network, expected)
        else:
            assert got == expected, (script.hex(), network)
            assert type(got[1]) is str and got[1].isascii()
        kinds.append(expected[0])
    return kinds


# --- every real block ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_blocks(real_block_bytes: list[bytes]) -> list[Block]:
    return [parse_block(data) for data in real_block_bytes]


@pytest.mark.parametrize("network", NETWORKS)
def test_every_real_output_script(real_blocks: list[Block], network: Network) -> None:
    kinds: set[str] = set()
    n_scripts = 0
    for block in real_blocks:
        kinds.update(assert_agrees(block.out_script, network))
        n_scripts += len(block.out_script)
    assert n_scripts > 30_000
    # the real blocks predate taproot: P2TR is covered by the random payloads below
    assert {"p2sh", "p2pkh", "p2wpkh", "p2wsh", "nulldata", "p2pk", "multisig"} <= kinds


@pytest.mark.parametrize("network", NETWORKS)
def test_block_to_record_equals_the_reference(real_blocks: list[Block], network: Network) -> None:
    for block in real_blocks:
        record = block_to_record(block, network=network)
        expected = [script_to_address(s, network) for s in block.out_script]
        assert record.out_type == [e[0] for e in expected]
        assert record.out_address == [e[1] for e in expected]


# --- known addresses (BIP173, BIP350, the address tests) ----------------------------------------


@pytest.mark.parametrize(
    ("script_hex", "network", "expected"),
    [
        (
            "76a914300a97018576f7dbcd1cff8f99cb3817fd574aa188ac",
            0,
            ("p2pkh", "15P281GsBdjZLcgVaK4TEWzVEV4MZ2WKK4"),
        ),
        (
            "0014751e76e8199196d454941c45d1b3a323f1433bd6",
            0,
            ("p2wpkh", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        ),
        (
            "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
            0,
            ("p2wsh", "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"),
        ),
        (
            "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
            1,
            ("p2wsh", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"),
        ),
        (
            "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
            0,
            ("p2tr", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
        ),
    ],
)
def test_known_addresses(script_hex: str, network: int, expected: tuple[str, str]) -> None:
    assert _blockscan.standard_addresses([bytes.fromhex(script_hex)], network) == [expected]


# --- random payloads and near-misses ------------------------------------------------------------


def p2sh(h: bytes) -> bytes:
    return b"\xa9\x14" + h + b"\x87"


def p2pkh(h: bytes) -> bytes:
    return b"\x76\xa9\x14" + h + b"\x88\xac"


def witness(op: int, program: bytes) -> bytes:
    return bytes((op, len(program))) + program


def payloads(rng: random.Random, size: int) -> list[bytes]:
    """Random payloads, and the edges of base58's leading zeros and of the 5-bit groups."""
    edges = [bytes(size), b"\xff" * size, b"\0" * (size - 1) + b"\1", b"\1" + bytes(size - 1)]
    edges += [bytes(k) + rng.randbytes(size - k) for k in range(1, size)]
    return edges + [rng.randbytes(size) for _ in range(300)]


def standard_scripts(rng: random.Random) -> list[bytes]:
    scripts = []
    for h in payloads(rng, 20):
        scripts += [p2sh(h), p2pkh(h), witness(0x00, h)]
    for h in payloads(rng, 32):
        scripts += [witness(0x00, h), witness(0x51, h)]
    return scripts


def test_random_standard_scripts(sha_impls: list[str]) -> None:
    scripts = standard_scripts(random.Random(11))
    for impl in sha_impls:
        _blockscan.sha256_impl(impl)
        for network in NETWORKS:
            found = _blockscan.standard_addresses(scripts, NETWORKS.index(network))
            assert None not in found
            assert_agrees(scripts, network)


def near_misses(rng: random.Random) -> list[bytes]:
    h20, h32 = rng.randbytes(20), rng.randbytes(32)
    good = [p2sh(h20), p2pkh(h20), witness(0x00, h20), witness(0x00, h32), witness(0x51, h32)]
    scripts = []
    for script in good:
        # every value of every opcode and length byte (the payload bytes are free)
        structural = [i for i in range(len(script)) if i < 3 or i >= len(script) - 2]
        for i in structural:
            for value in range(256):
                scripts.append(script[:i] + bytes((value,)) + script[i + 1 :])
        # one byte short or long, at either end
        scripts += [script[:-1], script[1:], script + b"\0", script + b"\x87", b"\0" + script]
        scripts += [script[:k] for k in range(len(script))]
    # witness programs of every version and length around the standard ones
    for op in [0x00, *range(0x51, 0x61), 0x4F, 0x50, 0x61]:
        for size in (0, 1, 2, 19, 20, 21, 31, 32, 33, 40, 41):
            scripts.append(witness(op, rng.randbytes(size)))
    # the OP_0 program of 31 bytes, OP_16 ones, a length byte that does not fit the script
    scripts += [witness(0x00, rng.randbytes(31)), witness(0x60, h32), witness(0x60, h20)]
    scripts += [b"\x00\x20" + h20, b"\x00\x14" + h32, b"\x51\x14" + h20, b"\x51\x20" + h20]
    # P2PK, multisig, OP_RETURN and random bytes of every length up to 45
    scripts.append(b"\x21\x02" + rng.randbytes(32) + b"\xac")
    scripts.append(b"\x51\x21\x03" + rng.randbytes(32) + b"\x51\xae")
    scripts += [b"\x6a", b"\x6a\x04" + rng.randbytes(4), b"\x6a\x14" + h20]
    scripts += [rng.randbytes(n) for n in range(46) for _ in range(20)]
    return scripts


def test_near_misses() -> None:
    scripts = near_misses(random.Random(12))
    for network in NETWORKS:
        kinds = assert_agrees(scripts, network)
        assert {"witness_unknown", "nonstandard", "nulldata", "p2pk", "multisig"} <= set(kinds)


def test_arguments() -> None:
    script = p2pkh(bytes(20))
    assert _blockscan.standard_addresses([], 0) == []
    assert _blockscan.standard_addresses((script, b""), 2) == [
        script_to_address(script, "regtest"),
        None,
    ]
    for network in (-1, 3):
        with pytest.raises(ValueError, match="unknown network"):
            _blockscan.standard_addresses([script], network)
    with pytest.raises(TypeError, match="script 1 is not bytes"):
        _blockscan.standard_addresses([script, bytearray(script)], 0)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        _blockscan.standard_addresses(5, 0)  # type: ignore[arg-type]
