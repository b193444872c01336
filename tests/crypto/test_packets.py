from __future__ import annotations

import base64

import pysequoia as pgp
import pytest

from seized.crypto.armor import ArmorError, check, crc24, dearmor
from seized.crypto.packets import WILDCARD, PacketError, envelope, looks_like_message


def _key_ids(key: pgp.Cert) -> set[str]:
    ids = set()
    for packet in pgp.packet.PacketPile.from_bytes(bytes(key)):
        if packet.key_id:
            ids |= {packet.key_id.upper(), packet.fingerprint.upper()}
    return ids


def test_recipients_of_a_message_to_two_keys(alice, bob) -> None:
    data, _ = dearmor(alice.encrypt("hello", bob))
    env = envelope(data)
    assert env.encrypted and env.passwords == 0
    assert len(env.recipients) == 2
    assert env.recipients[0] in _key_ids(alice.cert)
    assert env.recipients[1] in _key_ids(bob.cert)
    assert env.recipients[0] not in _key_ids(bob.cert)


def test_v3_session_key_packet_and_wildcard() -> None:
    body = bytes([3]) + bytes.fromhex("0123456789ABCDEF") + bytes([18]) + b"\x00" * 10
    seip = bytes([0xD2, 3, 1, 0, 0])
    env = envelope(bytes([0xC1, len(body)]) + body + seip)
    assert env.recipients == ("0123456789ABCDEF",)
    anonymous = bytes([3]) + b"\x00" * 8 + bytes([1]) + b"\x00" * 10
    old_format = bytes([0x84, len(anonymous)]) + anonymous  # old-format header, tag 1
    assert envelope(old_format + seip).recipients == (WILDCARD,)
    assert looks_like_message(old_format + seip)


def test_truncated_and_foreign_bytes_raise_packet_error(alice) -> None:
    data, _ = dearmor(alice.encrypt("hello"))
    with pytest.raises(PacketError):
        envelope(data[:20])  # the session key packet is cut off
    with pytest.raises(PacketError):
        envelope(b"\x00\x01\x02 not pgp")
    with pytest.raises(PacketError):
        envelope(bytes(alice.cert))  # a key is not a message


def test_armor_checksum_is_checked_on_request(alice) -> None:
    armored = alice.encrypt("hello")
    data, crc = dearmor(armored)
    assert crc is None or crc == crc24(data)
    line = "=" + base64.b64encode((crc24(data) ^ 1).to_bytes(3, "big")).decode()
    broken = armored.replace("-----END PGP MESSAGE-----", line + "\n-----END PGP MESSAGE-----")
    data2, crc2 = dearmor(broken)
    assert data2 == data
    with pytest.raises(ArmorError, match="checksum"):
        check(data2, crc2)


def test_crc24_known_value() -> None:
    # RFC 4880 §6.1 reference implementation: CRC-24 of "123456789" is 0x21CF02
    assert crc24(b"123456789") == 0x21CF02


def test_armor_from_html_is_cleaned(alice) -> None:
    armored = alice.encrypt("hello")
    html = armored.replace("\n", "<br />\r\n").replace("+", "&#43;")
    assert dearmor(html)[0] == dearmor(armored)[0]
