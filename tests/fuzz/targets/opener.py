"""Fuzz target of the compiled PGP opener (seized.crypto._pgpopen through seized.crypto.fast):
binary messages (``open``) and armored values (``open_armored_many``, which also reads the armor
in C) to a held Curve25519 key.

The messages are made once, in every shape of tests/crypto/shapes.py that matters (ciphers,
compression and layers of it, packet header forms, partial lengths, strangers first, broken
quick checks, trailing packets) and as compression bombs; then they are damaged. The opener
must decline or open, never crash; what it opens must be what pysequoia opens, and no plaintext
may pass its bound.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pysequoia as pgp
from hypothesis import strategies as st

from seized.crypto.armor import dearmor
from seized.crypto.fast import FastOpener, cv25519_keys
from seized.synth.pgp_message import Recipient
from tests.crypto.shapes import Shape, build, zero_bomb
from tests.fuzz.harness import Files, Target, Undeclared
from tests.fuzz.mutate import mutated

#: The opener's bound on one plaintext in this target (the real one is 16 MiB).
MAX_PLAIN = 1 << 16
SHAPES = (
    Shape(),
    Shape(cipher=7, compression=1),
    Shape(cipher=8, compression=2, layers=3),
    Shape(compression=0, old_format=True),
    Shape(compression=3),
    Shape(literal_format=b"u", filename=b"x" * 255),
    Shape(literal_to_end=True, compression=1),
    Shape(partial_data=9, partial_literal=9, compression=2),
    Shape(partial_data=8),
    Shape(strangers_first=2, marker=True),
    Shape(wildcard=True),
    Shape(bad_quick_check=True),
    Shape(trailing=b"\xcb\x06b\x00\x00\x00\x00\x00"),
    Shape(cipher=3),
)


@cache
def held() -> tuple[pgp.Tsk, Recipient, FastOpener]:
    tsk = pgp.Tsk.generate("held <held@market.onion>", profile=pgp.Profile.RFC4880)
    cert = tsk.extract_certificate()
    keys = [(str(cert.fingerprint).upper(), k) for k in cv25519_keys(bytes(tsk), None)]
    recipient = Recipient.from_certificate(bytes(cert))
    return tsk, recipient, FastOpener(keys, MAX_PLAIN)


def _pysequoia(message: bytes) -> bytes | None:
    tsk = held()[0]
    try:
        return bytes(pgp.decrypt(message, decryptor=tsk.decryptor(None)).bytes)
    except Exception:
        return None
    except BaseException as exc:  # pysequoia panics on some damaged messages
        if type(exc).__name__ != "PanicException":
            raise
        return None


def _check_plain(message: bytes, plain: bytes | None) -> None:
    if plain is None:
        return
    if len(plain) > MAX_PLAIN:
        raise Undeclared(f"a plaintext of {len(plain)} bytes passed the bound of {MAX_PLAIN}")
    if plain != _pysequoia(message):
        raise Undeclared("the compiled opener opened what pysequoia opens otherwise or not")


def _run(directory: Path) -> None:
    opener = held()[2]
    (path,) = directory.iterdir()
    data = path.read_bytes()
    if path.suffix == ".pgp":
        opened = opener.open(data)
        if opened is not None:
            _check_plain(data, opened[1])
        values: list[object] = [str(pgp.armor(data, pgp.ArmorKind.Message))]
    else:
        text = data.decode("utf-8", "replace")
        values = [text, text + text, data, None, 5]
    results = opener.open_armored_many(values)
    if len(results) != len(values):
        raise Undeclared(f"{len(results)} results for {len(values)} values")
    for value, result in zip(values, results, strict=True):
        if result is None:
            continue
        start, end, _recipients, _owner, plain = result
        if not isinstance(value, str) or not 0 <= start < end <= len(value):
            raise Undeclared(f"a message at {start}:{end} of a value of {len(str(value))}")
        if plain is not None:
            _check_plain(dearmor(value[start:end])[0], plain)


@cache
def messages() -> list[bytes]:
    recipient = held()[1]
    text = b"Jan Jansen\nKeizersgracht 12\n1015 CX Amsterdam\n"
    made = [build(recipient, text * (1 + i % 3), shape) for i, shape in enumerate(SHAPES)]
    made.append(build(recipient, bytes(MAX_PLAIN + 1), Shape(compression=1)))
    made.append(zero_bomb(recipient, 16 << 20))
    made.append(zero_bomb(recipient, 64 << 20, layers=2))
    return made


def _seeds() -> list[Files]:
    return [{"message.pgp": m} for m in messages()[:3]]


def _inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    binary = mutated(st.sampled_from(messages()), (b"\xd3\x14", b"\xc1", b"\xcb", b"\xff" * 5))
    armored = st.sampled_from(messages()).map(
        lambda m: str(pgp.armor(m, pgp.ArmorKind.Message)).encode()
    )
    text = mutated(armored, (b"\r\n", b"=", b"<br>", b"-----END PGP MESSAGE-----", b" "))
    return binary.map(lambda b: {"message.pgp": b}) | text.map(lambda b: {"message.asc": b})


OPENER = Target("opener", _run, _seeds, _inputs, declared=(), examples=200)
