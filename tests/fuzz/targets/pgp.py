"""Fuzz targets of seized's OpenPGP readers: ASCII armor (seized.crypto.armor and the search
for messages in seized values, seized.crypto.blobs), packet headers (seized.crypto.packets, and
the reading of Curve25519 secret key packets in seized.crypto.fast) and key files
(seized.crypto.keys.read_key_file, over pysequoia).

Inputs are built from real keys and messages (made with pysequoia and with the message shapes
of tests/crypto/shapes.py), taken apart into packets and put together again with packets
dropped, repeated, reordered, damaged or framed with other header forms, and armored with every
liberty writers and web forms take (CRLF, ``<br>``, entities, missing blank line or checksum).
"""

from __future__ import annotations

import base64
import contextlib
import random
from functools import cache
from pathlib import Path

import pysequoia as pgp
from hypothesis import strategies as st

from seized.crypto import _pgpopen
from seized.crypto.armor import ArmorError, check, crc24, dearmor, dearmor_lines
from seized.crypto.blobs import find_blobs
from seized.crypto.fast import cv25519_keys
from seized.crypto.keys import read_key_file
from seized.crypto.packets import PacketError, envelope, looks_like_message
from seized.errors import InputError
from seized.synth.packets import header
from seized.synth.pgp_message import Recipient
from seized.synth.protect import protect
from tests.crypto.shapes import Shape, build
from tests.fuzz.harness import Files, Target, Undeclared
from tests.fuzz.mutate import mutated

KINDS = (
    "MESSAGE", "PUBLIC KEY BLOCK", "PRIVATE KEY BLOCK", "SIGNATURE", "MESSAGE, PART 1/2", "X",
)  # fmt: skip


@cache
def material() -> dict[str, list[bytes]]:
    """Binary keys and messages, made once per process: a Curve25519 key (secret plain and
    protected, public), two certificates in one keyring, and messages to the key."""
    tsk = pgp.Tsk.generate("fuzz <fuzz@market.onion>", profile=pgp.Profile.RFC4880)
    other = pgp.Tsk.generate("other <other@market.onion>", profile=pgp.Profile.RFC4880)
    secret = bytes(tsk)
    cert = tsk.extract_certificate()
    public = bytes(cert)
    recipient = Recipient.from_certificate(public)
    messages = [
        build(recipient, b"Jan Jansen\nKeizersgracht 12\n", Shape()),
        build(recipient, b"x" * 300, Shape(compression=2, partial_data=9, old_format=True)),
        bytes(pgp.encrypt(b"to the key", recipients=[cert], armor=False)),
    ]
    return {
        "keys": [secret, protect(secret, "pass", random.Random(1)), public],
        "keyrings": [public + bytes(other.extract_certificate())],
        "messages": messages,
    }


# --- packets ------------------------------------------------------------------------------------


def split(data: bytes) -> list[tuple[int, bytes]]:
    """(tag, body) of each packet of well-formed ``data`` (definite lengths)."""
    from seized.synth.packets import packets

    return packets(data)


@st.composite
def framed(draw: st.DrawFn, tag: int, body: bytes) -> bytes:
    """A packet in one of the header forms, its length right most of the time."""
    size = max(0, len(body) + draw(st.sampled_from((0, 0, 0, 0, 1, -1, 1 << 20))))
    form = draw(st.sampled_from(("new", "new", "old", "old-open", "partial")))
    if form == "old" and tag < 16:
        width = draw(st.sampled_from((0, 1, 2))) if size < 256 else 2
        length = size.to_bytes((1, 2, 4)[width], "big")
        return bytes((0x80 | tag << 2 | width,)) + length + body
    if form == "old-open" and tag < 16:
        return bytes((0x80 | tag << 2 | 3,)) + body
    if form == "partial" and len(body) > 1:
        power = draw(st.integers(0, 10))
        chunk = min(1 << power, len(body) - 1)
        first, rest = body[:chunk], body[chunk:]
        return bytes((0xC0 | tag, 224 + power)) + first + header(0, len(rest))[1:] + rest
    return header(tag, size) + body


@st.composite
def repacked(draw: st.DrawFn, data: bytes) -> bytes:
    """The packets of ``data`` again: some dropped, repeated or moved, bodies cut or damaged,
    each in a header form of its own."""
    parts = split(data)
    order = draw(st.lists(st.integers(0, len(parts) - 1), min_size=1, max_size=len(parts) + 2))
    if draw(st.booleans()):
        order = list(range(len(parts)))
    out = b""
    for i in order:
        tag, body = parts[i]
        if draw(st.integers(0, 3)) == 0:
            body = draw(mutated(st.just(body), max_edits=2))
        out += draw(framed(tag, body))
    return out


@st.composite
def session_packets(draw: st.DrawFn) -> bytes:
    """Session-key packets (v3 and v6, wildcards, other versions), markers and padding, then
    an encrypted data packet or not."""
    out = b""
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(("v3", "v6", "skesk", "marker", "padding", "other")))
        if kind == "v3":
            body = b"\x03" + draw(st.binary(min_size=8, max_size=8)) + b"\x12" + bytes(40)
            tag = 1
        elif kind == "v6":
            size = draw(st.sampled_from((0, 21, 33, 1, 200)))
            body = b"\x06" + bytes((size,)) + draw(st.binary(min_size=0, max_size=40))
            tag = 1
        elif kind == "skesk":
            tag, body = 3, b"\x04\x09\x03\x08" + bytes(9)
        elif kind == "marker":
            tag, body = 10, b"PGP"
        elif kind == "padding":
            tag, body = 21, bytes(draw(st.integers(0, 20)))
        else:
            tag, body = draw(st.integers(0, 63)), draw(st.binary(max_size=12))
        out += draw(framed(tag, body))
    if draw(st.booleans()):
        out += draw(framed(draw(st.sampled_from((9, 18, 20, 8, 11))), draw(st.binary(max_size=30))))
    return out


@st.composite
def s2k_variant(draw: st.DrawFn) -> bytes:
    """The protected key with the S2K specifier of its secret key packets changed: usage,
    cipher, S2K kind, hash and iteration count, each to a value of its range or past it."""
    from seized.synth.protect import _public_end

    out = b""
    for tag, body in split(material()["keys"][1]):
        if tag in (5, 7):
            at = _public_end(body)
            fields = [
                draw(st.sampled_from((254, 255, 0, 1, 9))),  # S2K usage
                draw(st.sampled_from((9, 7, 8, 3, 0))),  # cipher
                draw(st.sampled_from((3, 0, 1, 2, 101))),  # S2K kind
                draw(st.sampled_from((8, 2, 10, 1, 0))),  # hash
            ]
            rest = body[at + 4 :]
            if fields[2] == 3 and rest:  # the iteration count after the 8-byte salt
                count = draw(st.sampled_from((rest[8:9] or b"\0", b"\x00", b"\xff")))
                rest = rest[:8] + count + rest[9:]
            body = body[:at] + bytes(fields) + rest[: draw(st.integers(0, len(rest)))]
        out += header(tag, len(body)) + body
    return out


def _packets_run(directory: Path) -> None:
    data = (directory / "message.pgp").read_bytes()
    with contextlib.suppress(PacketError):
        envelope(data)
    looks_like_message(data)
    find_blobs(data)
    for passphrase in (None, "", "pass"):
        cv25519_keys(data, passphrase)


def _binary() -> list[bytes]:
    found = material()
    return found["keys"] + found["keyrings"] + found["messages"]


def _packets_seeds() -> list[Files]:
    return [{"message.pgp": data} for data in _binary()]


def _packets_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    binary = st.sampled_from(_binary())
    base = binary | binary.flatmap(repacked) | session_packets() | s2k_variant()
    damaged = mutated(base, (b"\xc1", b"\x84", b"\xff\xff\xff\xff\xff"))
    return (damaged | s2k_variant()).map(lambda b: {"message.pgp": b})


PACKETS = Target(
    "packets", _packets_run, _packets_seeds, _packets_inputs, declared=(), examples=250
)


# --- armor --------------------------------------------------------------------------------------


def _crc(data: bytes) -> str:
    return "=" + base64.b64encode(crc24(data).to_bytes(3, "big")).decode()


@st.composite
def armored(draw: st.DrawFn, data: bytes) -> str:
    """``data`` armored with the liberties writers and web forms take."""
    kind = draw(st.sampled_from(KINDS))
    lines = [f"-----BEGIN PGP {kind}-----"]
    lines += draw(
        st.lists(st.sampled_from(("Version: x", "Comment: a: b", "Hash: SHA256", ":")), max_size=2)
    )
    if draw(st.integers(0, 4)) < 4:
        lines.append("")
    text = base64.b64encode(data).decode()
    width = draw(st.sampled_from((64, 76, 1, 7, 1000)))
    lines += [text[i : i + width] for i in range(0, len(text), width)]
    checksum = draw(st.sampled_from(("right", "right", "none", "wrong", "broken")))
    if checksum == "right":
        lines.append(_crc(data))
    elif checksum == "wrong":
        lines.append(_crc(data + b"x"))
    elif checksum == "broken":
        lines.append("=A?*b")
    end_kind = kind if draw(st.integers(0, 4)) < 4 else draw(st.sampled_from(KINDS))
    if draw(st.integers(0, 6)) < 6:
        lines.append(f"-----END PGP {end_kind}-----")
    newline = draw(st.sampled_from(("\n", "\n", "\r\n", "<br>\n", "<br />", "<br/>\r\n")))
    block = newline.join(lines)
    if draw(st.integers(0, 5)) == 5:
        block = block.replace("+", "&#43;").replace("/", "&#x2F;")
    before = draw(st.sampled_from(("", "", "Hi, my key:\n", "<p>", " ")))
    return before + block + draw(st.sampled_from(("", "\n", " thanks", "\n" + block)))


def _armor_run(directory: Path) -> None:
    text = (directory / "armor.txt").read_bytes().decode("utf-8", "replace")
    try:
        data, expected = dearmor(text)
    except ArmorError:
        data = None
    if data is not None:
        try:
            lines = dearmor_lines(text)
        except ArmorError as exc:
            raise Undeclared(f"dearmor read the block, dearmor_lines refused it: {exc}") from None
        if lines != (data, expected):
            raise Undeclared("dearmor and dearmor_lines read the block differently")
        if _pgpopen.crc24(data) != crc24(data):
            raise Undeclared("the compiled CRC-24 differs from the reference")
        with contextlib.suppress(ArmorError):
            check(data, expected)
    for blob in find_blobs(text):
        if not 0 <= blob.start < blob.end <= len(text):
            raise Undeclared(f"blob {blob.blob_index} at {blob.start}:{blob.end} of {len(text)}")


def _armor_seeds() -> list[Files]:
    found = material()
    kinds = (pgp.ArmorKind.SecretKey, pgp.ArmorKind.SecretKey, pgp.ArmorKind.PublicKey)
    out = [pgp.armor(k, kind) for k, kind in zip(found["keys"], kinds, strict=True)]
    out += [pgp.armor(m, pgp.ArmorKind.Message) for m in found["messages"]]
    return [{"armor.txt": text.encode()} for text in out]


def _armor_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    texts = st.sampled_from([s["armor.txt"] for s in seeds])
    made = st.sampled_from(_binary()).flatmap(armored) | st.binary(max_size=60).flatmap(armored)
    base = texts | made.map(str.encode)
    tokens = (b"-----BEGIN PGP MESSAGE-----", b"-----END PGP MESSAGE-----", b"=", b"<br>", b"&")
    return mutated(base, tokens).map(lambda b: {"armor.txt": b})


ARMOR = Target("armor", _armor_run, _armor_seeds, _armor_inputs, declared=(), examples=300)


# --- key files ----------------------------------------------------------------------------------


@st.composite
def key_file(draw: st.DrawFn) -> bytes:
    """A key or keyring, binary or armored, its packets put together again at times."""
    data = draw(st.sampled_from(material()["keys"] + material()["keyrings"]))
    if draw(st.booleans()):
        data = draw(repacked(data))
    if draw(st.booleans()):
        return data
    return draw(armored(data)).encode()


def _keys_seeds() -> list[Files]:
    found = material()
    out = [{"key.gpg": data} for data in found["keys"] + found["keyrings"]]
    out.append({"key.gpg": pgp.armor(found["keys"][1], pgp.ArmorKind.SecretKey).encode()})
    return out


def _keys_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.sampled_from([s["key.gpg"] for s in seeds]) | key_file()
    return mutated(base, (b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n", b"\x99")).map(
        lambda b: {"key.gpg": b}
    )


KEYS = Target(
    "keys",
    lambda d: read_key_file(d / "key.gpg"),
    _keys_seeds,
    _keys_inputs,
    declared=(InputError,),
    examples=150,
)
