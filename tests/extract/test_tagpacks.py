"""Every real Bitcoin address of the shared tag packs is found, in many surroundings."""

from __future__ import annotations

from pathlib import Path

import yaml

from seized.extract import extract

TEMPLATES = (
    "{a}",
    "send the payment to {a} today",
    "BTC: {a}\nthanks",
    '<a href="bitcoin:{a}?amount=0.5">pay</a>',
    "addr={a}, fee=2 sat/vB",
    "({a})",
)


def _btc_addresses(path: Path) -> list[str]:
    pack = yaml.safe_load(path.read_text(encoding="utf-8"))
    default = pack.get("currency")
    return [t["address"] for t in pack["tags"] if t.get("currency", default) == "BTC"]


def test_all_valid_tagpack_addresses_are_found(shared_data: Path) -> None:
    # Counts as stated by the data's README: every Hydra and WalletExplorer address and 384 of
    # the 385 OFAC BTC entries pass the checksum; the other one is a Tron address.
    expected = {
        "hydra.yaml": (117, 117),
        "walletexplorer.yaml": (386, 386),
        "ofac.yaml": (385, 384),
    }
    for name, (entries, valid) in expected.items():
        addresses = _btc_addresses(shared_data / "tagpacks" / name)
        assert len(addresses) == entries
        found = 0
        for i, address in enumerate(addresses):
            text = TEMPLATES[i % len(TEMPLATES)].format(a=address)
            got = [(f.kind, f.value) for f in extract(text)]
            if got:
                norm = address.lower() if address.lower().startswith("bc1") else address
                assert got == [("btc_address", norm)], text
                found += 1
            else:
                assert address == "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", text
        assert found == valid, name


def test_all_addresses_in_one_long_text(shared_data: Path) -> None:
    addresses = _btc_addresses(shared_data / "tagpacks" / "walletexplorer.yaml")
    text = "\n".join(f"{i}. vendor payout {a} (confirmed)" for i, a in enumerate(addresses))
    assert [f.value for f in extract(text)] == addresses
