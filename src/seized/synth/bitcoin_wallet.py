"""The keys behind the synthetic chain's addresses, and the scripts that spend them.

Every address :meth:`Wallet.new_address` makes is remembered with its key, so a spend carries a
scriptSig or witness whose public key really hashes to the address:

* P2PKH: scriptSig ``<sig> <pubkey>``.
* P2SH-P2WPKH: scriptSig pushes the redeem script ``0 <hash160(pubkey)>``; witness
  ``<sig> <pubkey>``.
* P2WPKH: empty scriptSig; witness ``<sig> <pubkey>``.
* P2TR key path: empty scriptSig; witness ``<64-byte schnorr signature>``.

Signatures are placeholders (see :mod:`seized.synth.bitcoin_keys`).
"""

from __future__ import annotations

import itertools
import random
from functools import lru_cache
from typing import Literal

from seized.chain.address import (
    HRP,
    PUBKEY_PREFIX,
    SCRIPT_PREFIX,
    Network,
    address_to_script,
    decode_address,
    hash160,
)
from seized.errors import InputError
from seized.synth.bitcoin_address import base58check, segwit_address
from seized.synth.bitcoin_keys import KeyRing
from seized.synth.bitcoin_script import push

AddressKind = Literal["p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr"]
KINDS: tuple[AddressKind, ...] = ("p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr")
#: The seeded mix of address types when none is asked for (roughly a 2020-2023 chain).
_MIX_WEIGHTS = (20, 20, 45, 15)
_MIX_CUM = tuple(itertools.accumulate(_MIX_WEIGHTS))
_P2PKH, _P2SH_P2WPKH, _P2WPKH, _P2TR = range(4)
_KIND_CODE: dict[str, bytes] = {kind: bytes((code,)) for code, kind in enumerate(KINDS)}
_ONCE = 0x80  # flag on the kind byte: forget the address when it is spent
_KIND_MASK = 0x7F


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
    """Makes addresses from the key ring and unlocks outputs paid to them.

    Remembers each address it made with its kind, key and the hash in its script
    (``{address: kind byte + key + hash160}``; P2TR has no hash), so an output script is never
    decoded from an address of its own and no hash is computed twice.
    """

    def __init__(self, seed: int, network: Network) -> None:
        self._keys = KeyRing(seed)
        self._rng = random.Random(f"seized-synth-addresses:{seed}")
        self._network: Network = network
        self._hrp = HRP[network]
        self._pubkey_prefix = bytes((PUBKEY_PREFIX[network],))
        self._script_prefix = bytes((SCRIPT_PREFIX[network],))
        self._owned: dict[str, bytes] = {}

    def __len__(self) -> int:
        return len(self._owned)

    def new_address(self, kind: str | None = None, *, once: bool = False) -> str:
        """A fresh address of ``kind`` (seeded mix when ``None``).

        ``once``: the address receives one output and is forgotten when that output is spent
        (its key is no longer needed), so one-time addresses do not fill memory on a long chain.
        """
        if kind is None:
            chosen = self._rng.choices(KINDS, cum_weights=_MIX_CUM)[0]
        elif kind in KINDS:
            chosen = kind
        else:
            raise ValueError(f"unknown address kind {kind!r}; expected one of {', '.join(KINDS)}")
        code = _KIND_CODE[chosen] if not once else bytes((_KIND_CODE[chosen][0] | _ONCE,))
        if chosen == "p2tr":
            key = self._keys.next_xonly()
            address = segwit_address(self._hrp, 1, key)
            self._owned[address] = code + key
            return address
        key = self._keys.next_pubkey()
        if chosen == "p2pkh":
            digest = hash160(key)
            address = base58check(self._pubkey_prefix + digest)
        elif chosen == "p2wpkh":
            digest = hash160(key)
            address = segwit_address(self._hrp, 0, digest)
        else:
            digest = hash160(b"\x00\x14" + hash160(key))
            address = base58check(self._script_prefix + digest)
        self._owned[address] = code + key + digest
        return address

    def script(self, address: str) -> bytes:
        """The output script of ``address`` (``ValueError`` when invalid or of another network)."""
        entry = self._owned.get(address)
        if entry is None:
            return script_for(address, self._network)
        code = entry[0] & _KIND_MASK
        if code == _P2TR:
            return b"\x51\x20" + entry[1:]
        if code == _P2WPKH:
            return b"\x00\x14" + entry[34:]
        if code == _P2PKH:
            return b"\x76\xa9\x14" + entry[34:] + b"\x88\xac"
        return b"\xa9\x14" + entry[34:] + b"\x87"

    def owns(self, address: str) -> bool:
        """True when this wallet made ``address``."""
        return address in self._owned

    def spent(self, address: str) -> None:
        """An output paid to ``address`` was spent: forget a one-time address."""
        entry = self._owned.get(address)
        if entry is not None and entry[0] & _ONCE:
            del self._owned[address]

    def unlock(self, address: str) -> tuple[bytes, tuple[bytes, ...]]:
        """(scriptSig, witness) spending an output paid to ``address``; ``KeyError`` if not ours."""
        entry = self._owned[address]
        code = entry[0] & _KIND_MASK
        keys = self._keys
        if code == _P2TR:  # key path
            return b"", (keys.schnorr_signature(),)
        key = entry[1:34]
        signature = keys.ecdsa_signature()
        if code == _P2PKH:
            return push(signature) + push(key), ()
        if code == _P2SH_P2WPKH:
            return push(b"\x00\x14" + hash160(key)), (signature, key)
        return b"", (signature, key)
