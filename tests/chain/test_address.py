"""Address encodings against the BIP173/BIP350 vectors, real mainnet scripts and real tag packs."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from seized.chain import address as addr
from seized.chain.ripemd160 import ripemd160
from seized.errors import InputError

BECH32_VALID = [
    "A12UEL5L",
    "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11" + "q" * 82 + "c8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
]
BECH32M_VALID = [
    "A1LQFN3A",
    "a1lqfn3a",
    "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
    "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
    "11" + "l" * 83 + "udsr8",
    "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
    "?1v759aa",
]
BECH32_INVALID = [
    "\x201nwldj5",  # HRP character out of range
    "\x7f1axkwrx",
    "\x801eym55h",
    "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
    "pzry9x0s0muk",  # no separator
    "1pzry9x0s0muk",  # empty HRP
    "x1b4n0q5v",  # invalid data character
    "li1dgmt3",  # too short checksum
    "de1lg7wt\xff",  # invalid character in checksum
    "A1G7SGD8",  # checksum calculated with uppercase HRP
    "10a06t8",  # empty HRP
    "1qzzfhee",  # empty HRP
]
SEGWIT_VALID = [
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"),
    (
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
        "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
    ),
    (
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6",
    ),
    ("BC1SW50QGDZ25J", "6002751e"),
    ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"),
    (
        "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
        "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    ),
    (
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
        "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    ),
    (
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    ),
]
SEGWIT_INVALID = [
    "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",  # unknown HRP
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",  # bech32 for v1
    "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",  # bech32 for v2
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",  # bech32 for v16
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",  # bech32m for v0
    "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",  # bech32m for v0
    "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",  # invalid character
    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",  # version 17
    "bc1pw5dgrnzv",  # program of 1 byte
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",  # 41 bytes
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",  # v0 program of 16 bytes
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",  # mixed case
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",  # padding > 4 bits
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",  # non-zero padding
    "bc1gmk9yu",  # empty data
]


@pytest.mark.parametrize("text", BECH32_VALID + BECH32M_VALID)
def test_bech32_valid_checksums(text: str) -> None:
    hrp, data, is_m = addr.bech32_decode(text)
    assert is_m == (text in BECH32M_VALID)
    assert addr.bech32_encode(hrp, data, bech32m=is_m) == text.lower()


@pytest.mark.parametrize("text", BECH32_INVALID)
def test_bech32_invalid_checksums(text: str) -> None:
    with pytest.raises(ValueError):
        addr.bech32_decode(text)


@pytest.mark.parametrize(("address", "script_hex"), SEGWIT_VALID)
def test_segwit_valid_addresses(address: str, script_hex: str) -> None:
    assert addr.is_valid_address(address)
    assert addr.address_to_script(address).hex() == script_hex
    network = "mainnet" if address.lower().startswith("bc1") else "testnet"
    kind, again = addr.script_to_address(bytes.fromhex(script_hex), network)
    assert again == address.lower()
    assert kind in ("p2wpkh", "p2wsh", "p2tr", "witness_unknown")


@pytest.mark.parametrize("address", SEGWIT_INVALID)
def test_segwit_invalid_addresses(address: str) -> None:
    assert not addr.is_valid_address(address)
    with pytest.raises(InputError, match="not a valid Bitcoin address"):
        addr.address_to_script(address)


def test_hashes_known_values() -> None:
    assert addr.sha256d(b"").hex() == (
        "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456"
    )
    assert addr.hash160(b"").hex() == "b472a266d0bd89c13706a4132ccfb16f7c3b9fcb"
    assert ripemd160(b"").hex() == "9c1185a5c5e9fc54612808977ee8f548b2258d31"
    assert ripemd160(b"abc").hex() == "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"
    long = b"12345678901234567890123456789012345678901234567890123456789012345678901234567890"
    assert ripemd160(long).hex() == "9b752e45573d4b39f4dbd3323cab82bf63326bfb"
    assert ripemd160(bytes(range(200))) == hashlib.new("ripemd160", bytes(range(200))).digest()


def test_base58check_roundtrip_and_errors() -> None:
    # The genesis coinbase address, hash160 of Satoshi's uncompressed key.
    h160 = bytes.fromhex("62e907b15cbf27d5425399ebf6f0fb50ebb88f18")
    assert addr.p2pkh_address(h160) == "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
    assert addr.base58check_decode("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa") == b"\0" + h160
    assert addr.base58_encode(b"\0\0\x01") == "112"
    assert addr.base58_decode("112") == b"\0\0\x01"
    with pytest.raises(ValueError, match="checksum"):
        addr.base58check_decode("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")
    with pytest.raises(ValueError, match="character"):
        addr.base58_decode("10OIl")
    assert not addr.is_valid_address("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")
    assert not addr.is_valid_address("")


def test_builders_per_network() -> None:
    h160 = bytes(range(20))
    assert addr.p2pkh_address(h160).startswith("1")
    assert addr.p2sh_address(h160).startswith("3")
    assert addr.p2wpkh_address(h160).startswith("bc1q")
    assert addr.p2wsh_address(bytes(32)).startswith("bc1q")
    assert addr.p2tr_address(bytes(32)).startswith("bc1p")
    assert addr.p2pkh_address(h160, "regtest")[0] in "mn"
    assert addr.p2sh_address(h160, "regtest").startswith("2")
    assert addr.p2wpkh_address(h160, "regtest").startswith("bcrt1q")
    assert addr.p2tr_address(bytes(32), "regtest").startswith("bcrt1p")
    assert addr.p2wpkh_address(h160, "testnet").startswith("tb1q")
    for address in (addr.p2wpkh_address(h160, "regtest"), addr.p2pkh_address(h160, "regtest")):
        assert addr.is_valid_address(address, "regtest")
        assert not addr.is_valid_address(address, "mainnet")
    assert not addr.is_valid_address(addr.p2wpkh_address(h160, "testnet"), "regtest")
    for build, kind in (
        (addr.p2pkh_address, "p2pkh"),
        (addr.p2sh_address, "p2sh"),
        (addr.p2wpkh_address, "p2wpkh"),
    ):
        for network in ("mainnet", "regtest"):
            text = build(h160, network)  # type: ignore[arg-type]
            assert addr.script_to_address(addr.address_to_script(text), network) == (kind, text)


@pytest.mark.parametrize(
    ("script_hex", "kind"),
    [
        (
            "4104ffd03de44a6e11b9917f3a29f9443283d9871c9d743ef30d5eddcd37094b64d1b3d8090496b53256786bf"
            "5c82932ec23c3b74d9f05a6f95a8b5529352656664bac",
            "p2pk",
        ),
        ("2102" + "11" * 32 + "ac", "p2pk"),
        ("2105" + "11" * 32 + "ac", "nonstandard"),  # not a public key prefix
        ("5121" + "02" + "11" * 32 + "21" + "03" + "22" * 32 + "52ae", "multisig"),
        ("5221" + "02" + "11" * 32 + "51ae", "nonstandard"),  # m > n
        ("6a24aa21a9ed" + "00" * 32, "nulldata"),
        ("6a", "nulldata"),
        ("6aac", "nonstandard"),  # OP_RETURN followed by a non-push opcode
        ("202cb6caa0ed8614b8e05a6906924400ff0c6e3c5ad8ebb44db4b8ef3bdcbd2a4b", "nonstandard"),
        ("0010" + "00" * 16, "nonstandard"),  # version 0 with a 16-byte program
        ("5102" + "4e73", "witness_unknown"),
        ("", "nonstandard"),
    ],
)
def test_script_classification(script_hex: str, kind: str) -> None:
    found, address = addr.script_to_address(bytes.fromhex(script_hex))
    assert found == kind
    assert (address is None) == (kind != "witness_unknown")


def _tagpack_btc_addresses(path: Path) -> list[str]:
    """(address) of every BTC tag, with the pack's header currency inherited."""
    yaml = pytest.importorskip("yaml")
    pack = yaml.safe_load(path.read_text(encoding="utf-8"))
    default = pack.get("currency")
    return [
        str(tag["address"])
        for tag in pack["tags"]
        if tag.get("currency", default) == "BTC" and tag.get("address")
    ]


@pytest.mark.parametrize(
    ("name", "total", "valid"),
    [("hydra.yaml", 117, 117), ("walletexplorer.yaml", 386, 386), ("ofac.yaml", 385, 384)],
)
def test_tagpack_addresses_validate(shared_data: Path, name: str, total: int, valid: int) -> None:
    addresses = _tagpack_btc_addresses(shared_data / "tagpacks" / name)
    assert len(addresses) == total
    good = [a for a in addresses if addr.is_valid_address(a, "mainnet")]
    assert len(good) == valid
    bad = sorted(set(addresses) - set(good))
    if name == "ofac.yaml":
        assert bad == ["TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq"]  # the known Tron address
    for address in good:
        script = addr.address_to_script(address)
        assert addr.script_to_address(script)[1] == (
            address.lower() if re.match("(?i)bc1", address) else address
        )
