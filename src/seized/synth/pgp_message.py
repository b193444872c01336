"""OpenPGP encryption for the synthetic markets' blobs, written with ``cryptography``.

pysequoia's ``encrypt`` checks each recipient certificate's self-signatures on every call (about
0.2 ms a message); a large synthetic market encrypts millions of shipping addresses and messages.
:class:`Recipient` reads a certificate once (its encryption subkey, key id and fingerprint), and
:func:`encrypt` then writes what GnuPG writes for such a key (RFC 4880, RFC 6637):

* one v3 public-key encrypted session key packet per recipient: X25519 ECDH, the KDF and AES
  key wrap of RFC 6637 (Curve25519 keys; NIST P-256/P-384/P-521 keys likewise with ECDH on
  their curve), or PKCS#1 v1.5 (RSA);
* one symmetrically encrypted and integrity protected data packet (version 1: AES-256 in
  OpenPGP's CFB mode with the random prefix, a literal data packet, the SHA-1 MDC packet);
* ASCII armor without the optional CRC line (as current OpenPGP implementations write it).

Every message has its own session key and random prefix. The X25519 agreement (two scalar
multiplications, most of the cost) is made once per recipient: its ephemeral key and key
encryption key are kept on the :class:`Recipient` and wrap each new session key, so the messages
to one recipient share the ephemeral public key in their session key packets (a real sender makes
a new one each time; nothing in seized looks at it). Session keys, prefixes and ephemeral keys
come from the operating system's randomness, so, like the keys themselves, blobs differ between
two runs with the same seed. Any OpenPGP implementation (pysequoia, GnuPG, PGPy) decrypts them
with the recipient's secret key.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from dataclasses import dataclass

from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.keywrap import aes_key_wrap
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from seized.synth.packets import header, mpi, mpi_end, packets

_TAG_SIGNATURE = 2
_TAG_PUBLIC_KEY = 6
_TAG_PUBLIC_SUBKEY = 14
_ALGO_RSA = 1
_ALGO_ECDH = 18
_SUBPACKET_KEY_FLAGS = 27
_FLAGS_ENCRYPT = 0x04 | 0x08
_AES256 = 9
#: The OID of Curve25519 for ECDH in v4 keys (1.3.6.1.4.1.3029.1.5.1).
CV25519 = bytes.fromhex("2b060104019755010501")
#: The OIDs of the NIST curves for ECDH, and the curve each names.
NIST_CURVES: dict[bytes, type[ec.EllipticCurve]] = {
    bytes.fromhex("2a8648ce3d030107"): ec.SECP256R1,
    bytes.fromhex("2b81040022"): ec.SECP384R1,
    bytes.fromhex("2b81040023"): ec.SECP521R1,
}

_KDF_HASHES = {8: hashlib.sha256, 9: hashlib.sha384, 10: hashlib.sha512}
_KEK_SIZES = {7: 16, 8: 24, 9: 32}
_ANONYMOUS_SENDER = b"Anonymous Sender    "
_MDC_HEADER = b"\xd3\x14"


@dataclass(slots=True)
class Recipient:
    """The encryption subkey of a certificate, read once."""

    key_id: bytes  # 8 bytes
    fingerprint: bytes  # 20 bytes, v4
    algorithm: int  # 1 RSA, 18 ECDH
    point: bytes  # X25519 u-coordinate, or a NIST curve's uncompressed point (ECDH)
    kdf_hash: int  # ECDH KDF hash id
    kek_algorithm: int  # ECDH key-wrap cipher id
    rsa_key: rsa.RSAPublicKey | None
    agreement: tuple[bytes, bytes] | None = None  # ECDH: (key encryption key, ephemeral point)
    oid: bytes = CV25519  # ECDH: the curve

    def key_encryption(self) -> tuple[bytes, bytes]:
        """(KEK, ephemeral point with its 0x40 prefix) of this recipient, made on first use."""
        if self.agreement is None and self.oid != CV25519:
            self.agreement = self._nist_encryption()
        if self.agreement is None:
            ephemeral = X25519PrivateKey.generate()
            shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(self.point))
            param = (
                bytes((len(CV25519),))
                + CV25519
                + bytes((_ALGO_ECDH, 3, 1, self.kdf_hash, self.kek_algorithm))
                + _ANONYMOUS_SENDER
                + self.fingerprint
            )
            digest = _KDF_HASHES[self.kdf_hash](b"\0\0\0\1" + shared + param).digest()
            point = b"\x40" + ephemeral.public_key().public_bytes_raw()
            self.agreement = (digest[: _KEK_SIZES[self.kek_algorithm]], point)
        return self.agreement

    def _nist_encryption(self) -> tuple[bytes, bytes]:
        curve = NIST_CURVES[self.oid]()
        ephemeral = ec.generate_private_key(curve)
        peer = ec.EllipticCurvePublicKey.from_encoded_point(curve, self.point)
        shared = ephemeral.exchange(ec.ECDH(), peer)
        param = (
            bytes((len(self.oid),))
            + self.oid
            + bytes((_ALGO_ECDH, 3, 1, self.kdf_hash, self.kek_algorithm))
            + _ANONYMOUS_SENDER
            + self.fingerprint
        )
        digest = _KDF_HASHES[self.kdf_hash](b"\0\0\0\1" + shared + param).digest()
        point = ephemeral.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return digest[: _KEK_SIZES[self.kek_algorithm]], point

    @staticmethod
    def from_certificate(binary: bytes) -> Recipient:
        """The first encryption-capable subkey (by its binding signature's key flags)."""
        candidates: list[tuple[bytes, int]] = []
        flags: dict[int, int] = {}
        for tag, body in packets(binary):
            if tag in (_TAG_PUBLIC_KEY, _TAG_PUBLIC_SUBKEY):
                candidates.append((body, tag))
            elif tag == _TAG_SIGNATURE and candidates:
                found = _key_flags(body)
                if found is not None:
                    flags[len(candidates) - 1] = flags.get(len(candidates) - 1, 0) | found
        for index, (body, _tag) in enumerate(candidates):
            if flags.get(index, 0) & _FLAGS_ENCRYPT and body[5] in (_ALGO_RSA, _ALGO_ECDH):
                return _recipient(body)
        raise ValueError("the certificate has no encryption key")


def _recipient(body: bytes) -> Recipient:
    if body[0] != 4:
        raise ValueError(f"key version {body[0]} is not supported (v4 only)")
    digest = hashlib.sha1(b"\x99" + struct.pack(">H", len(body)) + body).digest()
    algorithm = body[5]
    if algorithm == _ALGO_RSA:
        n, at = mpi(body, 6)
        e, _ = mpi(body, at)
        public = rsa.RSAPublicNumbers(e, n).public_key()
        return Recipient(digest[-8:], digest, algorithm, b"", 0, 0, public)
    size = body[6]
    oid = body[7 : 7 + size]
    at = 7 + size
    end = mpi_end(body, at)
    point, kdf = body[at + 2 : end], body[end:]
    if oid in NIST_CURVES:
        if point[:1] != b"\x04" or kdf[0] != 3 or kdf[1] != 1:
            raise ValueError("malformed NIST curve ECDH key")
        return Recipient(digest[-8:], digest, algorithm, point, kdf[2], kdf[3], None, oid=oid)
    if oid != CV25519:
        raise ValueError("only Curve25519 and NIST curve ECDH keys are supported")
    if point[0] != 0x40 or len(point) != 33 or kdf[0] != 3 or kdf[1] != 1:
        raise ValueError("malformed Curve25519 ECDH key")
    return Recipient(digest[-8:], digest, algorithm, point[1:], kdf[2], kdf[3], None)


def _key_flags(signature: bytes) -> int | None:
    """The key-flags subpacket of a v4 signature's hashed area, if any."""
    if signature[0] != 4:
        return None
    size = struct.unpack_from(">H", signature, 4)[0]
    area = signature[6 : 6 + size]
    at = 0
    while at < len(area):
        first = area[at]
        if first < 192:
            length, at = first, at + 1
        elif first < 255:
            length, at = ((first - 192) << 8) + area[at + 1] + 192, at + 2
        else:
            length, at = struct.unpack_from(">I", area, at + 1)[0], at + 5
        if length and area[at] & 0x7F == _SUBPACKET_KEY_FLAGS and length > 1:
            return area[at + 1]
        at += length
    return None


def session_key_body(
    recipient: Recipient, session: bytes, cipher: int = _AES256, key_id: bytes | None = None
) -> bytes:
    """The body of a v3 public-key encrypted session key packet: ``session`` (a key for the
    ``cipher`` algorithm id) for ``recipient``, named by ``key_id`` (its own by default)."""
    checksum = struct.pack(">H", sum(session) & 0xFFFF)
    plain = bytes((cipher,)) + session + checksum
    named = recipient.key_id if key_id is None else key_id
    if recipient.algorithm == _ALGO_RSA:
        assert recipient.rsa_key is not None
        encrypted = recipient.rsa_key.encrypt(plain, padding.PKCS1v15()).lstrip(b"\0")
        field = struct.pack(">H", (len(encrypted) - 1) * 8 + encrypted[0].bit_length())
        return b"\x03" + named + bytes((_ALGO_RSA,)) + field + encrypted
    kek, point = recipient.key_encryption()
    pad = 8 - len(plain) % 8
    wrapped = aes_key_wrap(kek, plain + bytes((pad,)) * pad)
    # Curve25519: 263 bits (the 0x40 prefix and 32 bytes); NIST: the 0x04 prefix has 3 bits
    bits = (len(point) - 1) * 8 + point[0].bit_length()
    return (
        b"\x03"
        + named
        + bytes((_ALGO_ECDH,))
        + struct.pack(">H", bits)
        + point
        + bytes((len(wrapped),))
        + wrapped
    )


def _session_key_packet(recipient: Recipient, session: bytes) -> bytes:
    body = session_key_body(recipient, session)
    return header(1, len(body)) + body


def encrypt(data: bytes, recipients: list[Recipient]) -> str:
    """An armored OpenPGP message of ``data`` that each recipient can decrypt."""
    if not recipients:
        raise ValueError("encryption needs at least one recipient")
    session = os.urandom(32)
    parts = [_session_key_packet(r, session) for r in recipients]
    literal_body = b"b\x00\x00\x00\x00\x00" + data
    prefix = os.urandom(16)
    inner = prefix + prefix[14:] + header(11, len(literal_body)) + literal_body + _MDC_HEADER
    inner += hashlib.sha1(inner).digest()
    encryptor = Cipher(algorithms.AES(session), CFB(bytes(16))).encryptor()
    sealed = b"\x01" + encryptor.update(inner) + encryptor.finalize()
    parts.append(header(18, len(sealed)) + sealed)
    text = base64.b64encode(b"".join(parts)).decode("ascii")
    lines = "\n".join(text[i : i + 64] for i in range(0, len(text), 64))
    return f"-----BEGIN PGP MESSAGE-----\n\n{lines}\n-----END PGP MESSAGE-----\n"
