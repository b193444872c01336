"""Script helpers of the synthetic chain: pushes, numbers, and Bitcoin Core's asm text."""

from __future__ import annotations

import pytest

from seized.synth.bitcoin_script import (
    asm,
    compact_size,
    nonstandard_address,
    output_type,
    push,
    push_int,
    script_num,
)


@pytest.mark.parametrize(
    ("n", "encoded"),
    [
        (0, "00"),
        (1, "51"),
        (16, "60"),
        (17, "0111"),
        (127, "017f"),
        (128, "028000"),
        (255, "02ff00"),
        (256, "020001"),
        (227_931, "035b7a03"),  # the first BIP34 block
        (500_000, "0320a107"),
    ],
)
def test_push_int_is_core_cscript_height(n: int, encoded: str) -> None:
    assert push_int(n).hex() == encoded


def test_script_num_negative_and_sign_bit() -> None:
    assert script_num(-1).hex() == "81"
    assert script_num(-128).hex() == "8080"
    assert script_num(0x80).hex() == "8000"


@pytest.mark.parametrize(
    ("n", "encoded"),
    [(0, "00"), (252, "fc"), (253, "fdfd00"), (0xFFFF, "fdffff"), (0x10000, "fe00000100")],
)
def test_compact_size(n: int, encoded: str) -> None:
    assert compact_size(n).hex() == encoded


def test_push_lengths() -> None:
    assert push(b"\x01" * 75)[:1] == b"\x4b"
    assert push(b"\x01" * 76)[:2] == b"\x4c\x4c"
    assert push(b"\x01" * 300)[:3] == b"\x4d\x2c\x01"


def test_asm_of_standard_outputs() -> None:
    h = "89abcdefabbaabbaabbaabbaabbaabbaabbaabba"
    assert (
        asm(bytes.fromhex(f"76a914{h}88ac")) == f"OP_DUP OP_HASH160 {h} OP_EQUALVERIFY OP_CHECKSIG"
    )
    assert asm(bytes.fromhex(f"a914{h}87")) == f"OP_HASH160 {h} OP_EQUAL"
    assert asm(bytes.fromhex(f"0014{h}")) == f"0 {h}"
    assert asm(bytes.fromhex("5120" + "11" * 32)) == "1 " + "11" * 32
    assert asm(bytes.fromhex("6a0401020304")) == "OP_RETURN 67305985"  # 4 bytes print as a number


def test_asm_of_a_real_scriptsig_decodes_the_sighash() -> None:
    # Input 0 of mainnet tx f4184fc5...e9e16 (block 170, the first bitcoin payment).
    sig = (
        "304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd41"
        "0220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d0901"
    )
    script = bytes.fromhex("47" + sig)
    assert asm(script, decode_sighash=True) == sig[:-2] + "[ALL]"
    assert asm(script) == sig


def test_output_types_follow_core_names() -> None:
    h = bytes(20)
    assert output_type(b"\x76\xa9\x14" + h + b"\x88\xac") == "pubkeyhash"
    assert output_type(b"\xa9\x14" + h + b"\x87") == "scripthash"
    assert output_type(b"\x00\x14" + h) == "witness_v0_keyhash"
    assert output_type(b"\x00\x20" + bytes(32)) == "witness_v0_scripthash"
    assert output_type(b"\x51\x20" + bytes(32)) == "witness_v1_taproot"
    assert output_type(b"\x52\x02\x00\x00") == "witness_unknown"
    assert output_type(b"\x6a\x01\x00") == "nonstandard"


def test_nonstandard_address_is_blockchain_etl_form() -> None:
    assert nonstandard_address(b"") == "nonstandard" + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4"
