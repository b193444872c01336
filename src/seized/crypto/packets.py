"""OpenPGP packet headers (RFC 9580 §4.2): enough to list a message's recipients without
trying any key.

A public-key encrypted message starts with one PKESK packet (tag 1) per recipient, optionally
SKESK packets (tag 3, passwords), then the encrypted data. A v3 PKESK names the recipient's
8-byte key id, a v6 PKESK the recipient's fingerprint (v4 keys: 20 bytes, v6 keys: 32 bytes);
an all-zero key id or an empty fingerprint is an anonymous ("wildcard") recipient.
"""

from __future__ import annotations

from typing import NamedTuple

PKESK = 1
SKESK = 3
#: Packets that may carry a message's content (signed, compressed, literal or encrypted data).
_DATA = {2, 4, 8, 9, 11, 18, 20}
_ENCRYPTED_DATA = {9, 18, 20}
#: Marker (10) and padding (21) packets are ignored wherever they appear.
_IGNORED = {10, 21}
WILDCARD = "*"


class PacketError(ValueError):
    """Bytes that are not a well-formed OpenPGP message header; ``offset`` is where it broke."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class Envelope(NamedTuple):
    """What the packet headers of a message say before anything is decrypted."""

    recipients: tuple[str, ...]  # upper-case hex key ids / fingerprints, or WILDCARD
    passwords: int  # SKESK packets: also openable with a password
    encrypted: bool  # an encrypted data packet follows the session-key packets


def packet_header(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, body start, body length) of the packet at ``pos``; length -1: to the end."""
    first = data[pos]
    if not first & 0x80:
        raise PacketError("not an OpenPGP packet header", pos)
    if first & 0x40:  # new format
        tag = first & 0x3F
        if pos + 1 >= len(data):
            raise PacketError("truncated packet header", pos)
        octet = data[pos + 1]
        if octet < 192:
            return tag, pos + 2, octet
        if octet < 224:
            if pos + 2 >= len(data):
                raise PacketError("truncated packet header", pos)
            return tag, pos + 3, ((octet - 192) << 8) + data[pos + 2] + 192
        if octet == 255:
            if pos + 6 > len(data):
                raise PacketError("truncated packet header", pos)
            return tag, pos + 6, int.from_bytes(data[pos + 2 : pos + 6], "big")
        return tag, pos + 2, -2  # partial body length: only data packets use it
    tag = (first >> 2) & 0x0F
    kind = first & 0x03
    if kind == 3:
        return tag, pos + 1, -1
    size = (1, 2, 4)[kind]
    if pos + 1 + size > len(data):
        raise PacketError("truncated packet header", pos)
    return tag, pos + 1 + size, int.from_bytes(data[pos + 1 : pos + 1 + size], "big")


def _recipient(body: bytes, offset: int) -> str:
    if not body:
        raise PacketError("empty public-key encrypted session key packet", offset)
    version = body[0]
    if version == 3:
        if len(body) < 10:
            raise PacketError("truncated v3 session key packet", offset)
        key_id = body[1:9]
        return WILDCARD if not any(key_id) else key_id.hex().upper()
    if version == 6:
        if len(body) < 2:
            raise PacketError("truncated v6 session key packet", offset)
        size = body[1]
        if size == 0:
            return WILDCARD
        if len(body) < 2 + size or size < 2:
            raise PacketError("truncated v6 session key packet", offset)
        return body[3 : 2 + size].hex().upper()  # skip the key version octet
    raise PacketError(f"session key packet version {version} is unknown", offset)


def envelope(data: bytes) -> Envelope:
    """The recipients of a binary OpenPGP message (headers only; nothing is decrypted).

    Raises :class:`PacketError` for bytes that do not start like an OpenPGP message.
    """
    recipients: list[str] = []
    passwords = 0
    pos = 0
    while pos < len(data):
        tag, start, length = packet_header(data, pos)
        if tag in _DATA:
            return Envelope(tuple(recipients), passwords, tag in _ENCRYPTED_DATA)
        if length < 0 or start + length > len(data):
            raise PacketError(f"packet (tag {tag}) runs past the end of the message", pos)
        if tag == PKESK:
            recipients.append(_recipient(data[start : start + length], pos))
        elif tag == SKESK:
            passwords += 1
        elif tag not in _IGNORED:
            raise PacketError(f"a packet with tag {tag} does not belong in a message", pos)
        pos = start + length
    if recipients or passwords:
        raise PacketError("the message ends before its encrypted data", len(data))
    raise PacketError("empty message", 0)


def looks_like_message(data: bytes) -> bool:
    """True when ``data`` starts with a session-key packet header (cheap first test)."""
    if len(data) < 12:
        return False
    first = data[0]
    if first & 0xC0 == 0xC0:
        return first & 0x3F in (PKESK, SKESK)
    if first & 0xC0 == 0x80:
        return (first >> 2) & 0x0F in (PKESK, SKESK)
    return False
