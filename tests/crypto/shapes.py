"""PGP messages of many shapes to a Curve25519 key, written with ``cryptography``, for testing
seized's fast opener against pysequoia: session ciphers, compression, literal formats, packet
header forms, partial body lengths, several recipients, broken quick checks."""

from __future__ import annotations

import bz2
import hashlib
import os
import struct
import zlib
from dataclasses import dataclass

from cryptography.hazmat.decrepit.ciphers.algorithms import CAST5
from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

from seized.synth.packets import header
from seized.synth.pgp_message import Recipient, session_key_body

_KEY_BYTES = {3: 16, 7: 16, 8: 24, 9: 32}


@dataclass(frozen=True)
class Shape:
    cipher: int = 9  # session cipher: 7, 8, 9 AES-128/192/256; 3 CAST5
    compression: int | None = None  # None: no compressed packet; 0 none, 1 ZIP, 2 ZLIB, 3 BZip2
    layers: int = 1  # compressed packets inside each other
    literal_format: bytes = b"b"
    filename: bytes = b""
    partial_data: int = 0  # > 0: the encrypted data packet in chunks of 2**partial_data bytes
    partial_literal: int = 0  # > 0: the literal packet in chunks of 2**partial_literal bytes
    old_format: bool = False  # old-format packet headers with definite lengths
    literal_to_end: bool = False  # the literal packet: old format, indeterminate length
    strangers_first: int = 0  # session-key packets to unknown keys before ours
    wildcard: bool = False  # our session-key packet names no key id
    bad_quick_check: bool = False
    trailing: bytes = b""  # bytes after the literal packet, inside the encryption
    marker: bool = False  # a marker packet first


def _old_header(tag: int, size: int) -> bytes:
    if size < 256:
        return bytes((0x80 | tag << 2, size))
    if size < 65536:
        return bytes((0x81 | tag << 2,)) + struct.pack(">H", size)
    return bytes((0x82 | tag << 2,)) + struct.pack(">I", size)


def _length(size: int) -> bytes:
    return header(0, size)[1:]


def _packet(tag: int, body: bytes, shape: Shape, partial: int = 0) -> bytes:
    if partial:
        chunk = 1 << partial
        out = bytearray((0xC0 | tag,))
        at = 0
        while len(body) - at > chunk:
            out += bytes((224 + partial,)) + body[at : at + chunk]
            at += chunk
        return bytes(out + _length(len(body) - at) + body[at:])
    if shape.old_format and tag < 16:
        return _old_header(tag, len(body)) + body
    return header(tag, len(body)) + body


def _pkesk(recipient: Recipient, cipher: int, session: bytes, wildcard: bool) -> bytes:
    recipient.agreement = None  # a new ephemeral key for every message, as a real sender does
    return session_key_body(recipient, session, cipher, bytes(8) if wildcard else None)


def _stranger() -> bytes:
    return b"\x03" + os.urandom(8) + b"\x12\x01\x07\x40" + os.urandom(32) + b"\x18" + os.urandom(24)


def build(recipient: Recipient, data: bytes, shape: Shape = Shape()) -> bytes:
    """A binary OpenPGP message of ``data`` to ``recipient`` in the given shape."""
    literal = (
        shape.literal_format + bytes((len(shape.filename),)) + shape.filename
        + b"\x5f\x00\x00\x00" + data
    )  # fmt: skip
    if shape.literal_to_end:  # old format, no length: the packet runs to the end
        content = bytes((0x80 | 11 << 2 | 3,)) + literal
    else:
        content = _packet(11, literal, shape, shape.partial_literal)
    for _ in range(shape.layers if shape.compression is not None else 0):
        packed = {0: bytes, 1: _deflate, 2: zlib.compress, 3: bz2.compress}[shape.compression](
            content
        )
        content = _packet(8, bytes((shape.compression,)) + packed, shape)
    return seal(recipient, content + shape.trailing, shape)


def seal(recipient: Recipient, content: bytes, shape: Shape = Shape()) -> bytes:
    """Packets (``content``) encrypted to ``recipient`` as ``shape`` says (cipher, session-key
    packets, data packet header)."""
    session = os.urandom(_KEY_BYTES[shape.cipher])
    block = 8 if shape.cipher == 3 else 16
    prefix = os.urandom(block)
    repeat = prefix[-2:] if not shape.bad_quick_check else bytes(b ^ 0xFF for b in prefix[-2:])
    inner = prefix + repeat + content + b"\xd3\x14"
    inner += hashlib.sha1(inner).digest()
    algorithm = CAST5(session) if shape.cipher == 3 else algorithms.AES(session)
    encryptor = Cipher(algorithm, CFB(bytes(block))).encryptor()
    sealed = b"\x01" + encryptor.update(inner) + encryptor.finalize()
    parts = [b"\xa8\x03PGP"] if shape.marker else []  # old-format marker packet
    parts += [_packet(1, _stranger(), shape) for _ in range(shape.strangers_first)]
    parts.append(_packet(1, _pkesk(recipient, shape.cipher, session, shape.wildcard), shape))
    parts.append(_packet(18, sealed, shape, shape.partial_data))
    return b"".join(parts)


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def zero_bomb(recipient: Recipient, size: int, layers: int = 1) -> bytes:
    """A message to ``recipient`` whose literal packet holds ``size`` zero bytes (a multiple of
    1 MiB), ZIP-compressed ``layers`` times: 1 GiB is about a MB with one layer, a few KB with
    two. Made without ever holding the zeros: deflate blocks flushed in full are independent,
    so one compressed MiB of zeros is repeated."""
    literal_header = header(11, 6 + size) + b"b\x00\x5f\x00\x00\x00"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(literal_header) + compressor.flush(zlib.Z_FULL_FLUSH)
    chunk = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    packed = head + chunk * (size >> 20) + compressor.flush()
    content = header(8, 1 + len(packed)) + b"\x01" + packed
    for _ in range(layers - 1):
        packed = _deflate(content)
        content = header(8, 1 + len(packed)) + b"\x01" + packed
    return seal(recipient, content)
