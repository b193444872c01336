"""Seized secret keys unlocked once: protection undone here gives what pysequoia reads, and a
run of keys import and decrypt unlocks each key once."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pysequoia as pgp
import pytest
from cryptography.hazmat.decrepit.ciphers.algorithms import CAST5, Blowfish, Camellia, TripleDES
from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from tests.crypto.conftest import TestKey, make_key
from tests.crypto.shapes import build
from tests.factories import new_case

from seized.crypto import secrets
from seized.crypto.blobs import find_blobs
from seized.crypto.decrypt import Keyring, Opening
from seized.crypto.held import HeldKey
from seized.crypto.keys import parse_key_bytes
from seized.crypto.secrets import (
    decryption_keys,
    fingerprint,
    is_protected,
    public_end,
    s2k_key,
    unlock,
)
from seized.crypto.stage import DecryptOptions, KeyImportOptions, decrypt_stage, keys_import_stage
from seized.synth.packets import header, packets
from seized.synth.pgp_message import Recipient

_CIPHERS = {2: (TripleDES, 24, 8), 3: (CAST5, 16, 8), 4: (Blowfish, 16, 8),
            7: (algorithms.AES, 16, 16), 9: (algorithms.AES, 32, 16), 11: (Camellia, 16, 16),
            13: (Camellia, 32, 16)}  # fmt: skip
_HASHES = {2: "sha1", 8: "sha256", 10: "sha512"}


def protect_with(
    tsk: bytes, passphrase: str, cipher: int, usage: int = 254, hash_id: int = 8, coded: int = 96
) -> bytes:
    """``tsk`` with every secret packet protected: ``cipher`` in CFB mode under an iterated
    and salted S2K, a SHA-1 hash (usage 254) or a checksum (255) of the secret."""
    factory, size, block = _CIPHERS[cipher]
    out = b""
    for tag, body in packets(tsk):
        if tag in (5, 7):
            at = public_end(body)
            secret = body[at + 1 : -2]
            salt, iv = os.urandom(8), os.urandom(block)
            key = s2k_key(passphrase.encode(), 3, _HASHES[hash_id], salt, coded, size)
            check = (hashlib.sha1(secret).digest() if usage == 254
                     else (sum(secret) & 0xFFFF).to_bytes(2, "big"))  # fmt: skip
            encryptor = Cipher(factory(key), CFB(iv)).encryptor()
            sealed = encryptor.update(secret + check) + encryptor.finalize()
            body = body[:at] + bytes((usage, cipher, 3, hash_id)) + salt + bytes((coded,)) + iv
            body += sealed
        out += header(tag, len(body)) + body
    return out


def recipient_id(key: TestKey) -> bytes:
    """The key id of the subkey messages to ``key`` are addressed to."""
    return Recipient.from_certificate(bytes(key.cert)).key_id


def naive_s2k(passphrase: bytes, salt: bytes, coded: int, hash_name: str, size: int) -> bytes:
    """RFC 9580 §3.7.1.3 as written: the whole input built, then hashed."""
    data = salt + passphrase
    count = max((16 + (coded & 15)) << ((coded >> 4) + 6), len(data))
    stream = (data * (count // len(data) + 1))[:count]
    out, preload = b"", 0
    while len(out) < size:
        out += hashlib.new(hash_name, b"\0" * preload + stream).digest()
        preload += 1
    return out[:size]


@pytest.mark.parametrize("coded", [0, 96, 0xA7, 0xF1])
@pytest.mark.parametrize("passphrase", [b"pw", b"a passphrase of 29 characters", b"x" * 70000])
def test_s2k_hashed_in_pieces_matches_the_whole_input(passphrase: bytes, coded: int) -> None:
    for hash_name, size in (("sha1", 32), ("sha256", 16), ("sha512", 32)):
        expected = naive_s2k(passphrase, b"saltsalt", coded, hash_name, size)
        assert s2k_key(passphrase, 3, hash_name, b"saltsalt", coded, size) == expected


@pytest.fixture(scope="module")
def plain_key() -> pgp.Tsk:
    return pgp.Tsk.generate("s2k <s@x>", profile=pgp.Profile.RFC4880,
                            cipher_suite=pgp.CipherSuite.Cv25519)  # fmt: skip


#: Blowfish (4) is left out: this pysequoia reads no Blowfish-protected key.
@pytest.mark.parametrize(
    ("cipher", "usage"), [(7, 254), (9, 255), (3, 254), (2, 255), (11, 254), (13, 254)]
)
def test_each_protection_is_undone_as_pysequoia_undoes_it(
    plain_key: pgp.Tsk, cipher: int, usage: int
) -> None:
    """A key protected with each cipher opens in pysequoia with the passphrase, and unlocking
    it here gives back the original decryption key packet; signing keys stay protected."""
    clear = bytes(plain_key)
    protected = protect_with(clear, "pass", cipher, usage)
    message = pgp.encrypt(b"hidden", recipients=[plain_key.extract_certificate()])
    assert pgp.decrypt(message, decryptor=pgp.Tsk.from_bytes(protected).decryptor("pass")).bytes
    unlocked = unlock(protected, "pass")
    assert (unlocked.opened, unlocked.protected, unlocked.wrong) == (1, 0, 0)
    before = [b for tag, b in packets(clear) if tag in (5, 7)]
    after = [b for tag, b in packets(unlocked.secret) if tag in (5, 7)]
    assert after[2] == before[2]  # the ECDH subkey, in the clear again
    assert is_protected(after[0]) and is_protected(after[1])  # EdDSA: not needed to decrypt
    decryptor = pgp.Tsk.from_bytes(unlocked.secret).decryptor(None)
    assert pgp.decrypt(message, decryptor=decryptor).bytes == b"hidden"


def test_a_wrong_or_missing_passphrase_leaves_the_key_protected(plain_key: pgp.Tsk) -> None:
    protected = protect_with(bytes(plain_key), "pass", 9)
    assert unlock(protected, "wrong")[1:] == (0, 1, 1)
    assert unlock(protected, None)[1:] == (0, 1, 0)
    assert unlock(protected, "wrong").secret == protected


def test_protection_this_module_cannot_undo_is_left_in_place(plain_key: pgp.Tsk) -> None:
    protected = protect_with(bytes(plain_key), "pass", 9)
    twofish = b"".join(
        header(tag, len(body)) + (body[: public_end(body) + 1] + b"\x0a"
                                  + body[public_end(body) + 2 :] if tag == 7 else body)
        for tag, body in packets(protected)
    )  # fmt: skip
    assert unlock(twofish, "pass")[1:] == (0, 1, 0)


def test_a_key_is_cut_into_its_decryption_keys(rsa_key: TestKey, plain_key: pgp.Tsk) -> None:
    """RSA keys: the certification primary, the signing and the encryption subkey can all
    encrypt by algorithm; their key flags leave the encryption subkey, the one cut that
    pysequoia accepts, and the only packet unlocked."""
    unlocked = unlock(rsa_key.secret, rsa_key.passphrase)
    assert unlocked[1:] == (1, 0, 0)
    everything = [b for tag, b in packets(unlocked.secret) if tag in (5, 7)]
    (clear,) = [b for b in everything if not is_protected(b)]
    assert len(everything) == 3 and fingerprint(clear)[-8:] == recipient_id(rsa_key)
    ((body, cut),) = decryption_keys(unlocked.secret)
    assert body == clear
    message = rsa_key.encrypt("to the encryption subkey")
    assert pgp.decrypt(message.encode(), decryptor=pgp.Tsk.from_bytes(cut).decryptor(None)).bytes
    assert len(decryption_keys(bytes(plain_key))) == 1  # EdDSA primary and subkey, one ECDH


def test_keys_import_and_decrypt_unlock_each_key_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In one process, keys import checks the passphrase by unlocking the key, and the decrypt
    stage finds it unlocked: one S2K per decryption key in all; worker processes are handed
    the keys without protection or passphrase."""
    keys = [make_key(f"v{i} <v{i}@m.onion>", f"pass {i}") for i in range(2)]
    rsa = make_key("r <r@m.onion>", "rsa pass", rsa=True)
    calls: list[int] = []
    original = secrets.s2k_key

    def counting(*args: object) -> bytes:
        calls.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(secrets, "s2k_key", counting)
    secrets.unlock.cache_clear()
    case = new_case(tmp_path)
    with case.connect() as con:
        for i, key in enumerate([*keys, rsa]):
            con.execute(
                "INSERT INTO orders (order_id, market_id, native_id, shipping_raw) "
                "VALUES (?, 'm', ?, ?)",
                [f"m:{i}", str(i), key.encrypt(f"Street {i}")],
            )
    files = []
    for i, key in enumerate([*keys, rsa]):
        files.append(tmp_path / f"key{i}.asc")
        files[-1].write_text(key.secret_armor)
    phrases = tmp_path / "pass.txt"
    phrases.write_text("".join(f"{k.fingerprint} {k.passphrase}\n" for k in [*keys, rsa]))
    keys_import_stage(case, KeyImportOptions(files, phrases))
    imported = len(calls)
    assert imported == 3  # the one decryption subkey of each key
    result = decrypt_stage(case, DecryptOptions(workers=1))
    assert result.counts["orders"]["decrypted"] == 3
    assert len(calls) == imported  # decrypt: no S2K at all
    held = [HeldKey(k.fingerprint, k.secret, k.passphrase, ()) for k in [*keys, rsa]]
    with Opening(held, 1) as opening:
        assert [h.passphrase for h in opening.held] == [None] * 3
        for handed in opening.held:
            assert handed.secret is not None
            assert not any(is_protected(body) for body, _ in decryption_keys(handed.secret))
    assert len(calls) == imported


def _mpi(value: bytes) -> bytes:
    value = value.lstrip(b"\0")
    bits = (len(value) - 1) * 8 + value[0].bit_length() if value else 0
    return bits.to_bytes(2, "big") + value


def with_second_encryption_subkey(first: pgp.Tsk, second: pgp.Tsk) -> bytes:
    """``first`` with the ECDH subkey of ``second`` added, bound by ``first``'s EdDSA primary
    key (a v4 subkey binding signature, RFC 9580 §5.2.4): a key rotated to a new subkey."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    own = packets(bytes(first))
    primary = own[0][1]
    at = public_end(primary)
    size = int.from_bytes(primary[at + 1 : at + 3], "big")
    seed = primary[at + 3 : at + 3 + (size + 7) // 8].rjust(32, b"\0")
    signer = Ed25519PrivateKey.from_private_bytes(seed)
    subkey = next(b for tag, b in packets(bytes(second)) if tag == 7 and b[5] == 18)
    public_primary, public_subkey = primary[:at], subkey[: public_end(subkey)]
    issuer = fingerprint(primary)
    hashed = (b"\x05\x02" + int(time.time()).to_bytes(4, "big")  # creation time
              + b"\x02\x1b\x0c"  # key flags: encrypt communications and storage
              + b"\x16\x21\x04" + issuer)  # issuer fingerprint  # fmt: skip
    head = b"\x04\x18\x16\x08" + len(hashed).to_bytes(2, "big") + hashed
    digest = hashlib.sha256(
        b"\x99" + len(public_primary).to_bytes(2, "big") + public_primary
        + b"\x99" + len(public_subkey).to_bytes(2, "big") + public_subkey
        + head + b"\x04\xff" + len(head).to_bytes(4, "big")
    ).digest()  # fmt: skip
    signature = signer.sign(digest)
    unhashed = b"\x09\x10" + issuer[-8:]  # issuer key id
    body = (head + len(unhashed).to_bytes(2, "big") + unhashed + digest[:2]
            + _mpi(signature[:32]) + _mpi(signature[32:]))  # fmt: skip
    added = header(7, len(subkey)) + subkey + header(2, len(body)) + body
    return bytes(first) + added


def test_a_rotated_key_opens_messages_to_each_encryption_subkey() -> None:
    """pysequoia's decryptor holds one component key (given the whole key, it opens the
    messages to one subkey only); the keyring gives each encryption subkey its own, so
    messages to the old and the new subkey open, on both paths alike."""
    first, second = (
        pgp.Tsk.generate(f"k{i} <k{i}@m.onion>", cipher_suite=pgp.CipherSuite.Cv25519,
                         profile=pgp.Profile.RFC4880) for i in range(2)
    )  # fmt: skip
    rotated = with_second_encryption_subkey(first, second)
    (parsed,) = parse_key_bytes(rotated, "rotated.gpg")
    assert parsed.algorithm == "EdDSA/EdDSA/ECDH/ECDH"
    old = Recipient.from_certificate(bytes(first.extract_certificate()))
    subkeys = [b for tag, b in packets(rotated) if tag == 7 and b[5] == 18]
    new = [Recipient.from_certificate(bytes(second.extract_certificate()))]
    assert {fingerprint(b)[-8:] for b in subkeys} == {old.key_id, new[0].key_id}
    messages = [pgp.armor(build(r, f"to {i}".encode()), pgp.ArmorKind.Message)
                for i, r in enumerate([old, *new])]  # fmt: skip
    held = [HeldKey(parsed.fingerprint, parsed.secret, None, tuple(parsed.key_ids))]
    for use_fast in (False, True):
        keyring = Keyring(held, use_fast)
        for i, message in enumerate(messages):
            (blob,) = find_blobs(message)
            status, key, _, plain, _ = keyring.open(blob)
            assert (status, key, plain) == ("decrypted", parsed.fingerprint, f"to {i}".encode())
    assert str(pgp.Cert.from_bytes(rotated).fingerprint).upper() == parsed.fingerprint
