"""The keys behind the synthetic chain's addresses, and the scripts that spend them.

Every address :meth:`Wallet.new_address` makes is remembered by its output script (with the key
number, not the key: keys are derived again when spent), so a spend carries a scriptSig or witness
whose public key really hashes to the address:

* P2PKH: scriptSig ``<sig> <pubkey>``.
* P2SH-P2WPKH: scriptSig pushes the redeem script ``0 <hash160(pubkey)>``; witness
  ``<sig> <pubkey>``.
* P2WPKH: empty scriptSig; witness ``<sig> <pubkey>``.
* P2TR key path: empty scriptSig; witness ``<64-byte schnorr signature>``.

Signatures are placeholders (see :mod:`seized.synth.bitcoin_keys`).
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Literal

from seized.chain.address import (
    Network,
    address_to_script,
    decode_address,
    hash160,
    p2pkh_address,
    p2sh_address,
    p2tr_address,
    p2wpkh_address,
)
from seized.errors import InputError
from seized.synth.bitcoin_keys import KeyRing
from seized.synth.bitcoin_script import push

AddressKind = Literal["p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr"]
KINDS: tuple[AddressKind, ...] = ("p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr")
#: The seeded mix of address types when none is asked for (roughly a 2020-2023 chain).
_MIX_WEIGHTS = (20, 20, 45, 15)


@lru_cache(maxsize=1 << 17)
def script_for(address: str, network: Network) -> bytes:
    """The output script of ``address``; ``ValueError`` when invalid or of another network."""
    try:
        found, _kind, _payload = decode_address(address)
        script = address_to_script(address)
    except (ValueError, InputError) as err:
        raise ValueError(f"not a valid Bitcoin address: {address!r}") from err
    same = found == network or (found == "testnet" and network == "regtest")
    if not same or (network == "regtest" and address.lower().startswith("tb1")):
        raise ValueError(f"address {address!r} is not a {network} address")
    return script


class Wallet:
    """Makes addresses from numbered keys and unlocks outputs paid to them."""

    def __init__(self, seed: int, network: Network) -> None:
        self._keys = KeyRing(seed)
        self._rng = random.Random(f"seized-synth-addresses:{seed}")
        self._network: Network = network
        self._owned: dict[bytes, int] = {}
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def new_address(self, kind: str | None = None) -> tuple[str, bytes]:
        """A fresh address of ``kind`` (seeded mix when ``None``) and its output script."""
        if kind is None:
            chosen = self._rng.choices(KINDS, _MIX_WEIGHTS)[0]
        elif kind in KINDS:
            chosen = kind
        else:
            raise ValueError(f"unknown address kind {kind!r}; expected one of {', '.join(KINDS)}")
        index = self._count
        self._count += 1
        net = self._network
        if chosen == "p2tr":
            xonly = self._keys.xonly(index)
            address, script = p2tr_address(xonly, net), b"\x51\x20" + xonly
        else:
            key_hash = hash160(self._keys.pubkey(index))
            if chosen == "p2pkh":
                address = p2pkh_address(key_hash, net)
                script = b"\x76\xa9\x14" + key_hash + b"\x88\xac"
            elif chosen == "p2wpkh":
                address, script = p2wpkh_address(key_hash, net), b"\x00\x14" + key_hash
            else:
                redeem_hash = hash160(b"\x00\x14" + key_hash)
                address = p2sh_address(redeem_hash, net)
                script = b"\xa9\x14" + redeem_hash + b"\x87"
        self._owned[script] = index
        return address, script

    def owns(self, script: bytes) -> bool:
        """True when this wallet made the address of ``script``."""
        return script in self._owned

    def unlock(self, script: bytes) -> tuple[bytes, tuple[bytes, ...]]:
        """(scriptSig, witness) spending an output with ``script``; ``KeyError`` if not ours."""
        index = self._owned[script]
        keys = self._keys
        if script[0] == 0x51:  # P2TR key path
            return b"", (keys.schnorr_signature(),)
        pubkey = keys.pubkey(index)
        signature = keys.ecdsa_signature()
        if script[0] == 0x76:  # P2PKH
            return push(signature) + push(pubkey), ()
        if script[0] == 0xA9:  # P2SH-P2WPKH
            return push(b"\x00\x14" + hash160(pubkey)), (signature, pubkey)
        return b"", (signature, pubkey)  # P2WPKH
