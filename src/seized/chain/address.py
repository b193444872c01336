"""Bitcoin addresses: base58check, bech32/bech32m, and the script <-> address mapping.

Pure functions, no I/O. The classification of output scripts follows Bitcoin Core's ``Solver``
(the same order and the same rules), with the address conventions of the case store:

* P2PKH and P2SH addresses are base58check; P2WPKH and P2WSH are bech32 (BIP173); P2TR and other
  witness versions are bech32m (BIP350).
* P2PK, bare multisig, OP_RETURN (``nulldata``) and nonstandard scripts have no address (``None``);
  P2PK is deliberately *not* converted to a P2PKH address, because the chain never says so.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Literal

from seized.errors import InputError

Network = Literal["mainnet", "testnet", "regtest"]
ScriptType = Literal[
    "p2pk",
    "p2pkh",
    "p2sh",
    "p2wpkh",
    "p2wsh",
    "p2tr",
    "witness_unknown",
    "nulldata",
    "multisig",
    "nonstandard",
]

# Protocol constants (chainparams.cpp): these never vary, a change would make other addresses.
#: base58 version byte of P2PKH addresses, per network.
PUBKEY_PREFIX: dict[str, int] = {"mainnet": 0x00, "testnet": 0x6F, "regtest": 0x6F}
#: base58 version byte of P2SH addresses, per network.
SCRIPT_PREFIX: dict[str, int] = {"mainnet": 0x05, "testnet": 0xC4, "regtest": 0xC4}
#: human-readable part of segwit addresses, per network.
HRP: dict[str, str] = {"mainnet": "bc", "testnet": "tb", "regtest": "bcrt"}

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(B58_ALPHABET)}
BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(BECH32_CHARSET)}
BECH32_CONST = 1
BECH32M_CONST = 0x2BC830A3
_BECH32_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)

_OP_0 = 0x00
_OP_PUSHDATA4 = 0x4E
_OP_1 = 0x51
_OP_16 = 0x60
_OP_RETURN = 0x6A
_OP_DUP = 0x76
_OP_EQUAL = 0x87
_OP_EQUALVERIFY = 0x88
_OP_HASH160 = 0xA9
_OP_CHECKSIG = 0xAC
_OP_CHECKMULTISIG = 0xAE


# --- hashes -----------------------------------------------------------------------------------


def sha256(data: bytes) -> bytes:
    """SHA-256 of ``data``."""
    return hashlib.sha256(data).digest()


def sha256d(data: bytes) -> bytes:
    """Double SHA-256, the hash of block headers, transactions and base58 checksums."""
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def hash160(data: bytes) -> bytes:
    """RIPEMD-160 of SHA-256, the hash inside P2PKH, P2SH and P2WPKH scripts."""
    digest = hashlib.sha256(data).digest()
    try:
        return hashlib.new("ripemd160", digest).digest()
    except ValueError:  # OpenSSL builds without the legacy provider
        from seized.chain.ripemd160 import ripemd160

        return ripemd160(digest)


# --- base58check --------------------------------------------------------------------------------


def base58_encode(data: bytes) -> str:
    """Base58 encoding (Bitcoin alphabet); leading zero bytes become ``1``."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    chars: list[str] = []
    while number:
        number, rem = divmod(number, 58)
        chars.append(B58_ALPHABET[rem])
    return "1" * zeros + "".join(reversed(chars))


def base58_decode(text: str) -> bytes:
    """Decode base58 text; raises ``ValueError`` on a character outside the alphabet."""
    number = 0
    for char in text:
        digit = _B58_INDEX.get(char)
        if digit is None:
            raise ValueError(f"invalid base58 character {char!r}")
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def base58check_encode(payload: bytes) -> str:
    """Base58 of ``payload`` followed by its 4-byte sha256d checksum."""
    return base58_encode(payload + sha256d(payload)[:4])


def base58check_decode(text: str) -> bytes:
    """The payload of base58check text; raises ``ValueError`` on a bad checksum or character."""
    raw = base58_decode(text)
    if len(raw) < 5:
        raise ValueError("base58check text too short")
    payload, checksum = raw[:-4], raw[-4:]
    if sha256d(payload)[:4] != checksum:
        raise ValueError("base58check checksum mismatch")
    return payload


# --- bech32 / bech32m ---------------------------------------------------------------------------


def _gen_table() -> tuple[int, ...]:
    table = []
    for top in range(32):
        acc = 0
        for i in range(5):
            if (top >> i) & 1:
                acc ^= _BECH32_GEN[i]
        table.append(acc)
    return tuple(table)


#: The generator XOR for each value of the five bits shifted out (BIP173's inner loop, tabled).
BECH32_GEN_TABLE = _gen_table()


def polymod(values: list[int]) -> int:
    chk = 1
    table = BECH32_GEN_TABLE
    for value in values:
        chk = ((chk & 0x1FFFFFF) << 5 ^ value) ^ table[chk >> 25]
    return chk


def hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def bech32_encode(hrp: str, data: list[int], *, bech32m: bool = False) -> str:
    """Encode 5-bit ``data`` under ``hrp`` with a bech32 (or bech32m) checksum."""
    const = BECH32M_CONST if bech32m else BECH32_CONST
    values = hrp_expand(hrp) + data
    mod = polymod([*values, 0, 0, 0, 0, 0, 0]) ^ const
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32_CHARSET[d] for d in data + checksum)


def bech32_decode(text: str) -> tuple[str, list[int], bool]:
    """Split bech32/bech32m text into (hrp, 5-bit data, is_bech32m); checks the checksum.

    Raises ``ValueError`` when the text breaks any BIP173 rule (length, mixed case, characters,
    separator position) or its checksum matches neither constant.
    """
    if len(text) > 90:
        raise ValueError("bech32 text longer than 90 characters")
    if any(ord(c) < 33 or ord(c) > 126 for c in text):
        raise ValueError("bech32 text has a character outside US-ASCII 33-126")
    if text.lower() != text and text.upper() != text:
        raise ValueError("bech32 text mixes upper and lower case")
    text = text.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text):
        raise ValueError("bech32 separator missing or misplaced")
    hrp = text[:pos]
    data: list[int] = []
    for char in text[pos + 1 :]:
        digit = _BECH32_INDEX.get(char)
        if digit is None:
            raise ValueError(f"invalid bech32 character {char!r}")
        data.append(digit)
    check = polymod(hrp_expand(hrp) + data)
    if check == BECH32_CONST:
        return hrp, data[:-6], False
    if check == BECH32M_CONST:
        return hrp, data[:-6], True
    raise ValueError("bech32 checksum mismatch")


def _convert_bits(data: bytes | list[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    acc = 0
    bits = 0
    out: list[int] = []
    maxv = (1 << to_bits) - 1
    for value in data:
        if value < 0 or value >> from_bits:
            raise ValueError("value out of range")
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & maxv)
    if pad:
        if bits:
            out.append((acc << (to_bits - bits)) & maxv)
    elif bits >= from_bits or ((acc << (to_bits - bits)) & maxv):
        raise ValueError("invalid padding")
    return out


def segwit_encode(hrp: str, version: int, program: bytes) -> str:
    """A segwit address: bech32 for version 0, bech32m for versions 1-16 (BIP350)."""
    if not 0 <= version <= 16 or not 2 <= len(program) <= 40:
        raise ValueError("invalid witness version or program length")
    if version == 0 and len(program) not in (20, 32):
        raise ValueError("version 0 witness program must be 20 or 32 bytes")
    data = [version, *_convert_bits(program, 8, 5, True)]
    return bech32_encode(hrp, data, bech32m=version != 0)


def segwit_decode(hrp: str, address: str) -> tuple[int, bytes]:
    """(witness version, program) of a segwit address under ``hrp``; ``ValueError`` if invalid."""
    got_hrp, data, is_m = bech32_decode(address)
    if got_hrp != hrp:
        raise ValueError(f"human-readable part {got_hrp!r} is not {hrp!r}")
    if not data:
        raise ValueError("empty segwit data")
    version = data[0]
    if version > 16:
        raise ValueError("witness version above 16")
    program = bytes(_convert_bits(data[1:], 5, 8, False))
    if not 2 <= len(program) <= 40:
        raise ValueError("witness program length outside 2-40 bytes")
    if version == 0 and len(program) not in (20, 32):
        raise ValueError("version 0 witness program must be 20 or 32 bytes")
    if is_m != (version != 0):
        raise ValueError("wrong checksum variant for the witness version (BIP350)")
    return version, program


# --- address builders ---------------------------------------------------------------------------


def p2pkh_address(h160: bytes, network: Network = "mainnet") -> str:
    """The P2PKH address (``1...`` on mainnet, ``m``/``n`` on test networks) of a hash160."""
    return base58check_encode(bytes((PUBKEY_PREFIX[network],)) + h160)


def p2sh_address(h160: bytes, network: Network = "mainnet") -> str:
    """The P2SH address (``3...`` on mainnet, ``2...`` on test networks) of a script hash160."""
    return base58check_encode(bytes((SCRIPT_PREFIX[network],)) + h160)


def p2wpkh_address(h160: bytes, network: Network = "mainnet") -> str:
    """The P2WPKH bech32 address of a 20-byte key hash."""
    return segwit_encode(HRP[network], 0, h160)


def p2wsh_address(script_sha256: bytes, network: Network = "mainnet") -> str:
    """The P2WSH bech32 address of a 32-byte script SHA-256."""
    return segwit_encode(HRP[network], 0, script_sha256)


def p2tr_address(xonly32: bytes, network: Network = "mainnet") -> str:
    """The P2TR bech32m address of a 32-byte x-only output key."""
    return segwit_encode(HRP[network], 1, xonly32)


# --- script -> address --------------------------------------------------------------------------


def _is_pubkey(data: bytes) -> bool:
    if len(data) == 33:
        return data[0] in (2, 3)
    if len(data) == 65:
        return data[0] in (4, 6, 7)
    return False


def _is_push_only(script: bytes, start: int) -> bool:
    i = start
    end = len(script)
    while i < end:
        op = script[i]
        i += 1
        if op > _OP_16:
            return False
        if 0 < op < 0x4C:
            i += op
        elif op == 0x4C:
            if i + 1 > end:
                return False
            i += 1 + script[i]
        elif op == 0x4D:
            if i + 2 > end:
                return False
            i += 2 + int.from_bytes(script[i : i + 2], "little")
        elif op == _OP_PUSHDATA4:
            if i + 4 > end:
                return False
            i += 4 + int.from_bytes(script[i : i + 4], "little")
        if i > end:
            return False
    return True


def _is_multisig(script: bytes) -> bool:
    size = len(script)
    if size < 3 or script[-1] != _OP_CHECKMULTISIG:
        return False
    m_op, n_op = script[0], script[-2]
    if not (_OP_1 <= m_op <= _OP_16 and _OP_1 <= n_op <= _OP_16):
        return False
    required, total = m_op - 0x50, n_op - 0x50
    i, keys = 1, 0
    while i < size - 2:
        length = script[i]
        if length not in (33, 65) or i + 1 + length > size - 2:
            return False
        if not _is_pubkey(script[i + 1 : i + 1 + length]):
            return False
        i += 1 + length
        keys += 1
    return i == size - 2 and keys == total and 1 <= required <= total


def witness_program(script: bytes) -> tuple[int, bytes] | None:
    """(version, program) when ``script`` is a witness program (BIP141), else ``None``."""
    size = len(script)
    if size < 4 or size > 42:
        return None
    op = script[0]
    if op != _OP_0 and not _OP_1 <= op <= _OP_16:
        return None
    if script[1] + 2 != size:
        return None
    return (0 if op == _OP_0 else op - 0x50), script[2:]


@lru_cache(maxsize=1 << 16)
def script_to_address(script: bytes, network: Network = "mainnet") -> tuple[ScriptType, str | None]:
    """Classify an output script and give its address (``None`` where it has none).

    >>> script_to_address(bytes.fromhex("76a914300a97018576f7dbcd1cff8f99cb3817fd574aa188ac"))
    ('p2pkh', '15P281GsBdjZLcgVaK4TEWzVEV4MZ2WKK4')
    >>> script_to_address(bytes.fromhex("6a0401020304"))
    ('nulldata', None)
    """
    size = len(script)
    # P2SH is tested first, exactly as Bitcoin Core's Solver does.
    if size == 23 and script[0] == _OP_HASH160 and script[1] == 20 and script[22] == _OP_EQUAL:
        return "p2sh", p2sh_address(script[2:22], network)
    if (
        size == 25
        and script[0] == _OP_DUP
        and script[1] == _OP_HASH160
        and script[2] == 20
        and script[23] == _OP_EQUALVERIFY
        and script[24] == _OP_CHECKSIG
    ):
        return "p2pkh", p2pkh_address(script[3:23], network)
    program = witness_program(script)
    if program is not None:
        version, data = program
        if version == 0:
            if len(data) == 20:
                return "p2wpkh", p2wpkh_address(data, network)
            if len(data) == 32:
                return "p2wsh", p2wsh_address(data, network)
            return "nonstandard", None
        if version == 1 and len(data) == 32:
            return "p2tr", p2tr_address(data, network)
        return "witness_unknown", segwit_encode(HRP[network], version, data)
    if size >= 1 and script[0] == _OP_RETURN and _is_push_only(script, 1):
        return "nulldata", None
    if (
        size in (35, 67)
        and script[0] == size - 2
        and script[-1] == _OP_CHECKSIG
        and _is_pubkey(script[1:-1])
    ):
        return "p2pk", None
    if _is_multisig(script):
        return "multisig", None
    return "nonstandard", None


# --- address -> script --------------------------------------------------------------------------


def decode_address(address: str) -> tuple[Network, ScriptType, bytes]:
    """(network, script type, payload) of an address; ``ValueError`` when it is not valid.

    The payload is the hash160, script hash, witness program or output key. Testnet and regtest
    share base58 prefixes; such addresses are reported as ``testnet``.
    """
    lowered = address.lower()
    for network in ("regtest", "mainnet", "testnet"):  # "bcrt" before "bc"
        hrp = HRP[network]
        if lowered.startswith(hrp + "1"):
            version, program = segwit_decode(hrp, address)
            if version == 0:
                kind: ScriptType = "p2wpkh" if len(program) == 20 else "p2wsh"
            elif version == 1 and len(program) == 32:
                kind = "p2tr"
            else:
                kind = "witness_unknown"
            return network, kind, bytes((version,)) + program
    payload = base58check_decode(address)
    if len(payload) != 21:
        raise ValueError("base58 address payload is not 21 bytes")
    prefix = payload[0]
    base58_networks: tuple[Network, ...] = ("mainnet", "testnet")
    for network in base58_networks:
        if prefix == PUBKEY_PREFIX[network]:
            return network, "p2pkh", payload[1:]
        if prefix == SCRIPT_PREFIX[network]:
            return network, "p2sh", payload[1:]
    raise ValueError(f"unknown base58 address version byte {prefix}")


def address_to_script(address: str) -> bytes:
    """The output script an address stands for; raises :class:`InputError` when invalid."""
    try:
        _network, kind, payload = decode_address(address)
    except ValueError as err:
        raise InputError(f"not a valid Bitcoin address: {address!r} ({err})") from None
    if kind == "p2pkh":
        return bytes((_OP_DUP, _OP_HASH160, 20)) + payload + bytes((_OP_EQUALVERIFY, _OP_CHECKSIG))
    if kind == "p2sh":
        return bytes((_OP_HASH160, 20)) + payload + bytes((_OP_EQUAL,))
    version, program = payload[0], payload[1:]
    op = _OP_0 if version == 0 else 0x50 + version
    return bytes((op, len(program))) + program


def is_valid_address(address: str, network: Network | None = None) -> bool:
    """True when ``address`` is a valid Bitcoin address (of ``network``, when given).

    Regtest bech32 (``bcrt1``) counts as regtest; base58 test addresses match testnet and regtest.
    """
    try:
        found, _kind, _payload = decode_address(address)
    except ValueError:
        return False
    if network is None or found == network:
        return True
    return found == "testnet" and network == "regtest" and not address.lower().startswith("tb1")
