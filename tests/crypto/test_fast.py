"""The fast opener (C, OpenSSL) against pysequoia, the opener of record.

Whatever shape a message has, the fast path either gives exactly pysequoia's plaintext or
declines; it never opens what pysequoia refuses. The shapes it is meant to open must open.
"""

from __future__ import annotations

import hashlib
import random
import re
from concurrent.futures import ThreadPoolExecutor

import pysequoia as pgp
import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from tests.crypto.conftest import TestKey, make_key
from tests.crypto.shapes import Shape, build, zero_bomb

from seized.crypto import _pgpopen
from seized.crypto.blobs import find_blobs
from seized.crypto.fast import (
    CV25519,
    ECDH,
    FastKey,
    FastOpener,
    KeyMaterialError,
    fast_keys,
    read_key,
)
from seized.crypto.packets import packet_header
from seized.crypto.secrets import is_protected, public_end, unlock
from seized.synth.packets import packets
from seized.synth.pgp_message import Recipient
from seized.synth.protect import protect

TEXT = "Jan Jansen\nKeizersgracht 12\n1015 CX Amsterdam\nNetherlands\n" * 40  # > 2 KB

#: Shapes the fast path opens.
OPENED = [
    Shape(),
    Shape(cipher=7),
    Shape(cipher=8),
    Shape(compression=0),
    Shape(compression=1),
    Shape(compression=2),
    Shape(literal_format=b"t", filename=b"address.txt"),
    Shape(literal_format=b"u", filename=b"x" * 255),
    Shape(old_format=True),
    Shape(old_format=True, compression=2),
    Shape(literal_to_end=True),
    Shape(literal_to_end=True, compression=1),
    Shape(partial_data=9),
    Shape(partial_data=10),
    Shape(partial_literal=9),
    Shape(partial_literal=9, compression=2),
    Shape(partial_data=9, partial_literal=9, compression=1),
    Shape(strangers_first=2),
    Shape(marker=True),
]
#: Shapes it leaves to pysequoia.
DECLINED = [
    Shape(cipher=3),  # CAST5
    Shape(compression=3),  # BZip2
    Shape(wildcard=True),
    Shape(bad_quick_check=True),
    Shape(trailing=b"\xcb\x06b\x00\x00\x00\x00\x00"),  # a second literal packet
    Shape(partial_data=8),  # partial chunks under 512 bytes: pysequoia refuses them
    Shape(partial_literal=5, compression=2),
]


@pytest.fixture(scope="module")
def dave() -> TestKey:
    return make_key("dave <dave@market.onion>", "dave's passphrase")


@pytest.fixture(scope="module")
def opener(dave: TestKey, bob: TestKey) -> FastOpener:
    keys = [(dave.fingerprint, k) for k in fast_keys(dave.secret, dave.passphrase)]
    keys += [(bob.fingerprint, k) for k in fast_keys(bob.secret, None)]
    return FastOpener(keys)


def recipient(key: TestKey) -> Recipient:
    return Recipient.from_certificate(bytes(key.cert))


def reference(key: TestKey, message: bytes) -> bytes | None:
    try:
        return pgp.decrypt(message, decryptor=key.tsk.decryptor(None)).bytes
    except Exception:
        return None
    except BaseException as exc:  # pysequoia panics on some damaged messages
        if type(exc).__name__ != "PanicException":
            raise
        return None


@pytest.mark.parametrize("shape", OPENED, ids=repr)
def test_shapes_that_open_give_pysequoias_plaintext(
    shape: Shape, dave: TestKey, opener: FastOpener
) -> None:
    message = build(recipient(dave), TEXT.encode(), shape)
    expected = reference(dave, message)
    assert expected == TEXT.encode()
    assert opener.open(message) == (dave.fingerprint, expected)


@pytest.mark.parametrize("shape", DECLINED, ids=repr)
def test_other_shapes_are_left_to_pysequoia(
    shape: Shape, dave: TestKey, opener: FastOpener
) -> None:
    message = build(recipient(dave), TEXT.encode(), shape)
    assert opener.open(message) is None


def test_messages_pysequoia_writes_are_left_to_it(dave: TestKey, opener: FastOpener) -> None:
    """pysequoia writes v6 session-key packets and AEAD data (SEIPD v2): not this path's."""
    message = pgp.encrypt(TEXT.encode(), recipients=[dave.cert], armor=False)
    assert reference(dave, message) == TEXT.encode()
    assert opener.open(message) is None


def test_a_message_to_a_key_not_held_is_declined(carol: TestKey, opener: FastOpener) -> None:
    assert opener.open(build(recipient(carol), b"for carol")) is None


def test_the_first_held_recipient_opens_it(dave: TestKey, bob: TestKey, opener: FastOpener) -> None:
    message = build(recipient(bob), b"to both", Shape(strangers_first=1))
    assert opener.open(message) == (bob.fingerprint, b"to both")


def test_empty_and_large_plaintexts(dave: TestKey, opener: FastOpener) -> None:
    for data in (b"", bytes(range(256)) * 4000):
        for shape in (Shape(), Shape(compression=1), Shape(partial_data=13)):
            message = build(recipient(dave), data, shape)
            assert reference(dave, message) == data
            assert opener.open(message) == (dave.fingerprint, data)


def test_damaged_messages_never_disagree_with_pysequoia(dave: TestKey, opener: FastOpener) -> None:
    """Seeded damage to every part of several message shapes: the fast path opens a damaged
    message only when pysequoia opens it to the same plaintext, and declines otherwise."""
    rng = random.Random(11)
    opened = declined = 0
    for shape in (Shape(), Shape(compression=1), Shape(partial_data=9, compression=2)):
        message = build(recipient(dave), TEXT.encode(), shape)
        for _ in range(150):
            damaged = bytearray(message)
            how = rng.randrange(4)
            at = rng.randrange(len(damaged))
            if how == 0:
                damaged[at] ^= 1 << rng.randrange(8)
            elif how == 1:
                damaged[at] = rng.randrange(256)
            elif how == 2:
                del damaged[at:]
            else:
                damaged[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4)))
            fast = opener.open(bytes(damaged))
            expected = reference(dave, bytes(damaged))
            if fast is None:
                declined += 1
            else:
                opened += 1
                assert expected is not None, f"opened what pysequoia refuses ({how=}, {at=})"
                assert fast[1] == expected
    assert declined > 300  # most damage is caught by the MDC, the key unwrap or the headers


def test_keys_protected_or_not(dave: TestKey, bob: TestKey) -> None:
    for key, passphrase in ((dave, dave.passphrase), (bob, None)):
        (found,) = fast_keys(key.secret, passphrase)
        assert found.oid == CV25519 and found.algorithm == ECDH
        public = X25519PrivateKey.from_private_bytes(found.secret[0]).public_key()
        assert public.public_bytes_raw() == recipient(key).point
        assert found.fingerprint == recipient(key).fingerprint
        assert found.key_id == recipient(key).key_id


def test_wrong_passphrase_and_signing_keys_give_no_fast_key(
    dave: TestKey, rsa_key: TestKey, x448_key: TestKey
) -> None:
    assert fast_keys(dave.secret, "wrong") == []
    assert fast_keys(dave.secret, None) == []
    assert fast_keys(rsa_key.secret, "wrong") == []
    assert fast_keys(x448_key.secret, None) == []  # X448: pysequoia's
    primary = next(body for tag, body in packets(dave.secret) if tag == 5)  # EdDSA
    with pytest.raises(KeyMaterialError, match="not an RSA or ECDH key"):
        read_key(primary)
    protected = next(body for tag, body in packets(rsa_key.secret) if tag == 7)
    with pytest.raises(KeyMaterialError, match="protected"):
        read_key(protected)


def test_a_secret_that_does_not_match_its_public_point_is_refused(bob: TestKey) -> None:
    from seized.synth.protect import _public_end

    subkey = next(b for tag, b in packets(bob.secret) if tag == 7 and b[5] == 18)  # ECDH
    end = _public_end(subkey)
    assert subkey[end] == 0  # bob's key is not protected
    other = bytes(range(1, 33))
    mpi = (256).to_bytes(2, "big") + other
    forged = subkey[: end + 1] + mpi + (sum(mpi) & 0xFFFF).to_bytes(2, "big")
    with pytest.raises(KeyMaterialError, match="public point"):
        read_key(forged)


@pytest.mark.parametrize(("hash_name", "size"), [("sha1", 32), ("sha256", 16), ("sha512", 24)])
def test_s2k_matches_pysequoia(hash_name: str, size: int) -> None:
    """A key protected here with each S2K hash and AES size opens in pysequoia, and the
    fast path reads the same secret back (SHA-1 with AES-256 needs the second, preloaded
    hash of RFC 9580 §3.7.1.1)."""
    tsk = pgp.Tsk.generate("s2k <s@x>", profile=pgp.Profile.RFC4880,
                           cipher_suite=pgp.CipherSuite.Cv25519)  # fmt: skip
    protected = protect(
        bytes(tsk), "pass", random.Random(hash_name), hash_name=hash_name, key_size=size
    )
    message = pgp.encrypt(b"s2k", recipients=[tsk.extract_certificate()])
    assert pgp.decrypt(message, decryptor=pgp.Tsk.from_bytes(protected).decryptor("pass")).bytes
    (plain_key,) = fast_keys(bytes(tsk), None)
    (read_back,) = fast_keys(protected, "pass")
    assert read_back == plain_key


def test_the_opener_checks_its_keys() -> None:
    good = FastKey(bytes(8), bytes(20), ECDH, CV25519, 8, 7, (bytes(range(32)),))
    _pgpopen.Opener([good])
    for bad in (
        (bytes(7), *good[1:]),
        (*good[:6], (bytes(31),)),
        (*good[:4], 2, 7, good[6]),  # SHA-1 is no KDF hash here
        (*good[:5], 3, good[6]),  # CAST5 is no key-wrap cipher
        (*good[:2], ECDH, bytes.fromhex("2b81040022"), 8, 7, good[6]),  # P-384 needs a point
        (*good[:2], 1, b"", 0, 0, good[6]),  # RSA needs eight numbers
        (*good[:2], 17, b"", 0, 0, good[6]),  # DSA signs
    ):
        with pytest.raises(ValueError):
            _pgpopen.Opener([bad])
    with pytest.raises(TypeError):
        _pgpopen.Opener([good[:3]])
    with pytest.raises(TypeError):
        _pgpopen.Opener([(*good[:6], ("not bytes",))])
    assert _pgpopen.x25519_public(bytes(range(32))) == (
        X25519PrivateKey.from_private_bytes(bytes(range(32))).public_key().public_bytes_raw()
    )


def test_armor_checksum_in_c_matches_the_reference() -> None:
    from seized.crypto.armor import crc24

    rng = random.Random(5)
    assert _pgpopen.crc24(b"") == crc24(b"") == 0xB704CE
    for size in (1, 2, 3, 57, 500, 4096):
        data = rng.randbytes(size)
        assert _pgpopen.crc24(data) == crc24(data)


def test_whole_values_in_one_call(dave: TestKey, carol: TestKey, opener: FastOpener) -> None:
    """Values of every kind in one call: the text holding one message this path opens gives
    its plaintext, one addressed to no key of this path gives its recipients (when its armor
    checksum matches), with the offsets and recipients find_blobs gives; the rest give None."""
    armored = pgp.armor(build(recipient(dave), b"one parcel"), pgp.ArmorKind.Message)
    text = f"ship to:\n{armored}thanks"
    for_carol = pgp.armor(build(recipient(carol), b"not held"), pgp.ArmorKind.Message)
    crc = re.search(r"\n=([A-Za-z0-9+/]{4})\n", for_carol)
    assert crc is not None
    other = "AAAA" if crc.group(1) != "AAAA" else "BBBB"
    values: list[object] = [
        text,
        for_carol,
        re.sub(r"\n=[A-Za-z0-9+/]{4}\n", "\n", for_carol),  # without a checksum
        for_carol.replace(f"={crc.group(1)}", f"={other}"),  # a checksum that does not match
        f"Straße\n{armored}",  # not ASCII: the Python reader's
        armored.encode(),  # bytes
        None,
        7,
        "no message at all",
        armored + armored,  # two messages
        "",
    ]
    results = opener.open_armored_many(values)
    (blob,) = find_blobs(text)
    assert results[0] == (blob.start, blob.end, blob.recipients, dave.fingerprint, b"one parcel")
    for value, result in zip(values[1:3], results[1:3], strict=True):
        (carols,) = find_blobs(value)  # type: ignore[arg-type]
        assert result == (carols.start, carols.end, carols.recipients, None, None)
    assert results[3:] == [None] * (len(values) - 3)
    assert opener.open_armored_many([]) == []
    with pytest.raises(TypeError):
        opener.open_armored_many(5)  # type: ignore[arg-type]


def test_threads_sharing_an_opener_agree(dave: TestKey, bob: TestKey, opener: FastOpener) -> None:
    """Two threads in one opener at once (the second makes OpenSSL contexts of its own), and
    openers made for other threads, give what one thread gives."""
    values = [
        pgp.armor(
            build(recipient((dave, bob)[i % 2]), f"parcel {i}".encode()), pgp.ArmorKind.Message
        )
        for i in range(40)
    ]
    expected = opener.open_armored_many(values)
    assert all(r is not None and r[4] == f"parcel {i}".encode() for i, r in enumerate(expected))
    with ThreadPoolExecutor(2) as pool:
        shared = list(pool.map(opener.open_armored_many, [values] * 16))
        own = list(pool.map(lambda _: opener.another().open_armored_many(values), range(4)))
    assert shared == [expected] * 16 and own == [expected] * 4


# -- RSA and NIST curve keys ------------------------------------------------------------------

#: Key types besides Curve25519 that the fast path opens (RSA-3072/4096 only differ in size:
#: bench/decrypt.py covers them; making them here would take most of the test time).
KEY_TYPES = {
    "rsa2048": pgp.CipherSuite.RSA2k,
    "p256": pgp.CipherSuite.P256,
    "p384": pgp.CipherSuite.P384,
    "p521": pgp.CipherSuite.P521,
}
TYPED_OPENED = [
    Shape(),
    Shape(cipher=7),
    Shape(compression=1),
    Shape(compression=2, partial_data=9),
    Shape(strangers_first=1),
    Shape(old_format=True),
    Shape(marker=True, partial_literal=9),
]
TYPED_DECLINED = [Shape(cipher=3), Shape(wildcard=True), Shape(bad_quick_check=True)]


@pytest.fixture(scope="module", params=sorted(KEY_TYPES))
def typed(request: pytest.FixtureRequest) -> tuple[TestKey, FastOpener]:
    """A passphrase-protected key of one type and a fast opener of its keys."""
    name = request.param
    key = make_key(f"{name} vendor <{name}@market.onion>", f"{name} pass", suite=KEY_TYPES[name])
    keys = fast_keys(key.secret, key.passphrase)
    assert keys, f"no fast key read from the {name} key"
    return key, FastOpener([(key.fingerprint, k) for k in keys])


def test_each_key_type_opens_what_pysequoia_opens(typed: tuple[TestKey, FastOpener]) -> None:
    key, opener = typed
    for shape in TYPED_OPENED:
        message = build(recipient(key), TEXT.encode(), shape)
        assert reference(key, message) == TEXT.encode()
        assert opener.open(message) == (key.fingerprint, TEXT.encode()), shape
    for shape in TYPED_DECLINED:
        assert opener.open(build(recipient(key), TEXT.encode(), shape)) is None, shape


def test_each_key_type_in_whole_values_and_threads(typed: tuple[TestKey, FastOpener]) -> None:
    key, opener = typed
    values = [
        pgp.armor(build(recipient(key), f"parcel {i}".encode()), pgp.ArmorKind.Message)
        for i in range(8)
    ]
    expected = opener.open_armored_many(values)
    assert [r[3:] if r else None for r in expected] == [
        (key.fingerprint, f"parcel {i}".encode()) for i in range(8)
    ]
    with ThreadPoolExecutor(2) as pool:
        shared = list(pool.map(opener.open_armored_many, [values] * 4))
        own = list(pool.map(lambda _: opener.another().open_armored_many(values), range(2)))
    assert shared == [expected] * 4 and own == [expected] * 2


def test_damaged_messages_of_each_key_type_never_disagree_with_pysequoia(
    typed: tuple[TestKey, FastOpener],
) -> None:
    """Seeded damage anywhere, and as much again inside the session-key packet (the RSA or
    ECDH part): the fast path opens only to pysequoia's plaintext, and declines otherwise."""
    key, opener = typed
    rng = random.Random(23)
    declined = 0
    for shape in (Shape(), Shape(compression=1)):
        message = build(recipient(key), TEXT.encode(), shape)
        _, start, length = packet_header(message, 0)  # the session-key packet
        session_end = start + length
        for i in range(60):
            damaged = bytearray(message)
            at = rng.randrange(session_end if i % 2 else len(damaged))
            how = rng.randrange(3)
            if how == 0:
                damaged[at] ^= 1 << rng.randrange(8)
            elif how == 1:
                damaged[at] = rng.randrange(256)
            else:
                del damaged[at:]
            fast = opener.open(bytes(damaged))
            expected = reference(key, bytes(damaged))
            if fast is None:
                declined += 1
            else:
                assert expected is not None, f"opened what pysequoia refuses ({how=}, {at=})"
                assert fast[1] == expected
    assert declined > 90


def _secret_mpis(body: bytes) -> tuple[bytes, list[int]]:
    """(public part, the secret numbers) of an unprotected v4 key packet body."""
    at = public_end(body)
    numbers, pos = [], at + 1
    while pos < len(body) - 2:
        size = (int.from_bytes(body[pos : pos + 2], "big") + 7) // 8
        numbers.append(int.from_bytes(body[pos + 2 : pos + 2 + size], "big"))
        pos += 2 + size
    return body[:at], numbers


def _with_secret(public: bytes, numbers: list[int]) -> bytes:
    mpis = b"".join(n.bit_length().to_bytes(2, "big") + n.to_bytes((n.bit_length() + 7) // 8,
                    "big") for n in numbers)  # fmt: skip
    return public + b"\0" + mpis + (sum(mpis) & 0xFFFF).to_bytes(2, "big")


def test_a_secret_that_does_not_fit_its_public_key_is_refused(
    typed: tuple[TestKey, FastOpener],
) -> None:
    key, _ = typed
    clear = unlock(key.secret, key.passphrase).secret
    subkey = next(b for tag, b in packets(clear) if tag == 7 and not is_protected(b))
    read_key(subkey)  # as it is: read
    public, numbers = _secret_mpis(subkey)
    if subkey[5] == 1:  # RSA: d, p, q, u
        forged = [
            [numbers[0] + 2, *numbers[1:]],  # another private exponent
            [numbers[0], numbers[1] + 2, *numbers[2:]],  # primes that do not give n
        ]
    else:
        forged = [[numbers[0] ^ 1], [0]]
    for secret in forged:
        with pytest.raises(KeyMaterialError, match=r"does not|no scalar"):
            read_key(_with_secret(public, secret))


def test_a_message_to_a_signing_key_is_not_opened_by_either_path(rsa_key: TestKey) -> None:
    """pysequoia decrypts only with a key meant for encryption; the keyring gives the fast
    path only those, so a message to the RSA signing subkey is corrupt on both paths."""
    from seized.crypto.decrypt import Keyring
    from seized.crypto.held import HeldKey
    from seized.synth.pgp_message import _recipient

    bodies = [b for tag, b in packets(rsa_key.secret) if tag == 7]
    signing = next(b for b in bodies if _recipient(b[: public_end(b)]).key_id
                   != recipient(rsa_key).key_id)  # fmt: skip
    to_signing = build(_recipient(signing[: public_end(signing)]), b"to the signing key")
    to_encryption = build(recipient(rsa_key), b"to the encryption key")
    assert reference(rsa_key, to_signing) is None
    ids = tuple(k.hex().upper() for k in (_recipient(b[: public_end(b)]).key_id for b in bodies))
    held = [HeldKey(rsa_key.fingerprint, rsa_key.secret, rsa_key.passphrase, ids)]
    for use_fast in (True, False):
        keyring = Keyring(held, use_fast)
        assert (keyring.fast is not None) == use_fast
        armored = [pgp.armor(m, pgp.ArmorKind.Message) for m in (to_signing, to_encryption)]
        (blob_signing,), (blob_encryption,) = (find_blobs(a) for a in armored)
        assert keyring.open(blob_signing)[0] == "corrupt"
        assert keyring.open(blob_encryption)[3] == b"to the encryption key"
        wholes = keyring.open_values(armored)
        assert wholes[0] is None and (wholes[1] is not None) == use_fast


def test_points_off_the_curve_between_good_messages(typed: tuple[TestKey, FastOpener]) -> None:
    """The opener keeps the last ephemeral key of each NIST curve and gives it the next point:
    a point off the curve is declined, and the messages after it still open."""
    key, opener = typed
    good = [build(recipient(key), f"parcel {i}".encode()) for i in range(4)]
    _, start, _ = packet_header(good[0], 0)
    for i, message in enumerate(good):
        damaged = bytearray(message)
        damaged[start + 12 + 20] ^= 0x01  # in the point (ECDH) or the RSA number
        assert opener.open(bytes(damaged)) is None
        assert reference(key, bytes(damaged)) is None
        assert opener.open(message) == (key.fingerprint, f"parcel {i}".encode())


def test_each_key_type_keeps_the_plaintext_bound(typed: tuple[TestKey, FastOpener]) -> None:
    """A compression bomb to any key type opens (its MDC matches) to no plaintext: over the
    bound, and not inflated much past it."""
    key, opener = typed
    small = FastOpener(opener.keys, max_plain=1 << 20)
    bomb = zero_bomb(recipient(key), 64 << 20)
    assert small.open(bomb) == (key.fingerprint, None)
    assert small.open(build(recipient(key), b"x" * 1000, Shape(compression=1))) == (
        key.fingerprint,
        b"x" * 1000,
    )


def test_an_empty_passphrase_derives_the_hash_of_nothing() -> None:
    """The simple S2K of an empty passphrase hashes no bytes (RFC 9580 §3.7.1.1), as does an
    iterated one whose salt a damaged key lost: no endless loop over the empty input."""
    from seized.crypto.secrets import s2k_key

    assert s2k_key(b"", 0, "sha256", b"", 0, 32) == hashlib.sha256().digest()
    assert s2k_key(b"", 3, "sha1", b"", 0xFF, 20) == hashlib.sha1().digest()
