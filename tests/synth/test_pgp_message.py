"""The synthetic blobs are OpenPGP messages that pysequoia opens with the recipients' keys."""

from __future__ import annotations

import base64

import pysequoia as pgp
import pytest

from seized.synth.pgp_message import Recipient, encrypt


def _key(suite: pgp.CipherSuite) -> pgp.Tsk:
    return pgp.Tsk.generate("t <t@example.org>", profile=pgp.Profile.RFC4880, cipher_suite=suite)


def _packet_tags(armored: str) -> list[int]:
    lines = armored.strip().splitlines()
    assert lines[0] == "-----BEGIN PGP MESSAGE-----" and lines[-1] == "-----END PGP MESSAGE-----"
    data = base64.b64decode("".join(lines[2:-1]))
    tags, at = [], 0
    while at < len(data):
        tags.append(data[at] & 0x3F)
        first = data[at + 1]
        size, head = (first, 2) if first < 192 else (((first - 192) << 8) + data[at + 2] + 192, 3)
        at += head + size
    return tags


@pytest.mark.parametrize("suite", [pgp.CipherSuite.Cv25519, pgp.CipherSuite.RSA2k])
def test_each_recipient_decrypts(suite: pgp.CipherSuite) -> None:
    first, second = _key(suite), _key(pgp.CipherSuite.Cv25519)
    recipients = [
        Recipient.from_certificate(bytes(k.extract_certificate())) for k in (first, second)
    ]
    text = "Hans Müster\nStraße 5\n10115 Berlin 🔥".encode()
    message = encrypt(text, recipients)
    assert _packet_tags(message) == [1, 1, 18]  # two session key packets, then SEIPD
    for key in (first, second):
        assert pgp.decrypt(message.encode(), key.decryptor()).bytes == text
    with pytest.raises(Exception):  # noqa: B017 - pysequoia raises RuntimeError
        pgp.decrypt(message.encode(), _key(pgp.CipherSuite.Cv25519).decryptor())


def test_messages_differ_and_long_texts_open() -> None:
    key = _key(pgp.CipherSuite.Cv25519)
    recipient = Recipient.from_certificate(bytes(key.extract_certificate()))
    long_text = ("x" * 9000).encode()
    one, two = encrypt(long_text, [recipient]), encrypt(long_text, [recipient])
    assert one != two  # fresh session key and prefix per message
    assert pgp.decrypt(two.encode(), key.decryptor()).bytes == long_text


def test_key_id_and_fingerprint_are_the_encryption_subkeys() -> None:
    key = _key(pgp.CipherSuite.Cv25519)
    cert = key.extract_certificate()
    recipient = Recipient.from_certificate(bytes(cert))
    assert recipient.fingerprint.hex().upper() != cert.fingerprint.upper()  # a subkey
    assert recipient.key_id == recipient.fingerprint[-8:]
    assert len(recipient.point) == 32


def test_rejects_non_certificates() -> None:
    with pytest.raises(ValueError):
        Recipient.from_certificate(b"\x00not a packet")
    with pytest.raises(ValueError):
        encrypt(b"x", [])
