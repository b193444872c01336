"""Script bytes for the synthetic chain: pushes, CompactSize, BIP34 heights, and the text forms.

The text forms are the ones the blockchain-etl export carries: ``script_asm`` as Bitcoin Core's
``ScriptToAsmStr`` writes it (pushes of up to 4 bytes as numbers, signatures in a scriptSig with
their sighash type decoded as ``[ALL]``), and the ``type`` names of Core's ``getrawtransaction``,
with outputs that have no address reported as blockchain-etl does (type ``nonstandard`` and a
``nonstandard<sha256 prefix>`` pseudo-address).
"""

from __future__ import annotations

import hashlib
import struct

_OP_PUSHDATA1 = 0x4C
_OP_PUSHDATA2 = 0x4D
_OP_PUSHDATA4 = 0x4E
_OP_1NEGATE = 0x4F
_OP_1 = 0x51
_OP_16 = 0x60

#: Names of the opcodes a synthetic script can contain (Core's GetOpName); others print generic.
_OP_NAMES: dict[int, str] = {
    0x61: "OP_NOP",
    0x69: "OP_VERIFY",
    0x6A: "OP_RETURN",
    0x75: "OP_DROP",
    0x76: "OP_DUP",
    0x87: "OP_EQUAL",
    0x88: "OP_EQUALVERIFY",
    0xA9: "OP_HASH160",
    0xAA: "OP_HASH256",
    0xAC: "OP_CHECKSIG",
    0xAD: "OP_CHECKSIGVERIFY",
    0xAE: "OP_CHECKMULTISIG",
    0xB1: "OP_CHECKLOCKTIMEVERIFY",
    0xB2: "OP_CHECKSEQUENCEVERIFY",
}

_SIGHASH_NAMES = {1: "ALL", 2: "NONE", 3: "SINGLE", 0x81: "ALL|ANYONECANPAY"}

#: blockchain-etl (Bitcoin Core) output type names, by template.
TYPE_P2PKH = "pubkeyhash"
TYPE_P2SH = "scripthash"
TYPE_P2WPKH = "witness_v0_keyhash"
TYPE_P2WSH = "witness_v0_scripthash"
TYPE_P2TR = "witness_v1_taproot"
TYPE_WITNESS_UNKNOWN = "witness_unknown"
TYPE_NONSTANDARD = "nonstandard"


def compact_size(n: int) -> bytes:
    """Bitcoin's CompactSize (var_int) encoding of a count or length."""
    if n < 0xFD:
        return bytes((n,))
    if n <= 0xFFFF:
        return b"\xfd" + struct.pack("<H", n)
    if n <= 0xFFFFFFFF:
        return b"\xfe" + struct.pack("<I", n)
    return b"\xff" + struct.pack("<Q", n)


def push(data: bytes) -> bytes:
    """The shortest script push of ``data`` (direct, OP_PUSHDATA1 or OP_PUSHDATA2)."""
    size = len(data)
    if size < _OP_PUSHDATA1:
        return bytes((size,)) + data
    if size <= 0xFF:
        return bytes((_OP_PUSHDATA1, size)) + data
    return bytes((_OP_PUSHDATA2,)) + struct.pack("<H", size) + data


def push_int(n: int) -> bytes:
    """``CScript() << n`` as Bitcoin Core writes it: OP_0, OP_1..OP_16, or a minimal CScriptNum.

    This is the form BIP34 requires for the block height at the start of a coinbase scriptSig.
    """
    if n == 0:
        return b"\x00"
    if n == -1:
        return bytes((_OP_1NEGATE,))
    if 1 <= n <= 16:
        return bytes((_OP_1 + n - 1,))
    return push(script_num(n))


def script_num(n: int) -> bytes:
    """Minimal little-endian sign-magnitude encoding of ``n`` (CScriptNum::serialize)."""
    if n == 0:
        return b""
    negative = n < 0
    magnitude = -n if negative else n
    out = bytearray()
    while magnitude:
        out.append(magnitude & 0xFF)
        magnitude >>= 8
    if out[-1] & 0x80:
        out.append(0x80 if negative else 0)
    elif negative:
        out[-1] |= 0x80
    return bytes(out)


def _num_text(data: bytes) -> str:
    if not data:
        return "0"
    value = int.from_bytes(data, "little")
    if data[-1] & 0x80:
        value = -(value & ~(0x80 << (8 * (len(data) - 1))))
    return str(value)


def _sig_text(data: bytes) -> str | None:
    """``hex[ALL]`` when ``data`` looks like a DER signature with a known sighash byte."""
    if len(data) < 9 or data[0] != 0x30 or data[1] != len(data) - 3:
        return None
    name = _SIGHASH_NAMES.get(data[-1])
    if name is None:
        return None
    return f"{data[:-1].hex()}[{name}]"


def asm(script: bytes, *, decode_sighash: bool = False) -> str:
    """Bitcoin Core's ``ScriptToAsmStr`` of ``script``.

    ``decode_sighash`` is what Core does for scriptSigs: a pushed DER signature is shown without
    its last byte followed by the sighash type in brackets.
    """
    fast = _template_asm(script)
    if fast is not None:
        return fast
    parts: list[str] = []
    i = 0
    end = len(script)
    while i < end:
        op = script[i]
        i += 1
        if op <= _OP_PUSHDATA4:
            if op < _OP_PUSHDATA1:
                size = op
            elif op == _OP_PUSHDATA1:
                size = script[i] if i < end else end
                i += 1
            elif op == _OP_PUSHDATA2:
                size = int.from_bytes(script[i : i + 2], "little")
                i += 2
            else:
                size = int.from_bytes(script[i : i + 4], "little")
                i += 4
            if i + size > end:
                parts.append("[error]")
                break
            data = script[i : i + size]
            i += size
            if size <= 4:
                parts.append(_num_text(data))
            else:
                text = _sig_text(data) if decode_sighash else None
                parts.append(text if text is not None else data.hex())
        elif op == _OP_1NEGATE:
            parts.append("-1")
        elif _OP_1 <= op <= _OP_16:
            parts.append(str(op - _OP_1 + 1))
        else:
            parts.append(_OP_NAMES.get(op, f"OP_UNKNOWN{op:#x}"))
    return " ".join(parts)


def _template_asm(script: bytes) -> str | None:
    """The asm of the standard output templates, without the general loop (hot path)."""
    size = len(script)
    if size == 22 and script[:2] == b"\x00\x14":
        return "0 " + script[2:].hex()
    if size == 34 and script[:2] == b"\x51\x20":
        return "1 " + script[2:].hex()
    if size == 25 and script[:3] == b"\x76\xa9\x14" and script[23:] == b"\x88\xac":
        return f"OP_DUP OP_HASH160 {script[3:23].hex()} OP_EQUALVERIFY OP_CHECKSIG"
    if size == 23 and script[:2] == b"\xa9\x14" and script[22] == 0x87:
        return f"OP_HASH160 {script[2:22].hex()} OP_EQUAL"
    if size == 0:
        return ""
    return None


def output_type(script: bytes) -> str:
    """The blockchain-etl ``type`` of an output script (``nonstandard`` when it has no address)."""
    size = len(script)
    if size == 25 and script[:3] == b"\x76\xa9\x14" and script[23:] == b"\x88\xac":
        return TYPE_P2PKH
    if size == 23 and script[:2] == b"\xa9\x14" and script[22] == 0x87:
        return TYPE_P2SH
    if 4 <= size <= 42 and script[1] + 2 == size:
        version = script[0]
        if version == 0 and size == 22:
            return TYPE_P2WPKH
        if version == 0 and size == 34:
            return TYPE_P2WSH
        if version == _OP_1 and size == 34:
            return TYPE_P2TR
        if _OP_1 <= version <= _OP_16:
            return TYPE_WITNESS_UNKNOWN
    return TYPE_NONSTANDARD


def nonstandard_address(script: bytes) -> str:
    """blockchain-etl's pseudo-address for an output without an address."""
    return "nonstandard" + hashlib.sha256(script).hexdigest()[:40]
