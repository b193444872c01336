"""Keys and messages made with pysequoia for the crypto tests."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pysequoia as pgp
import pytest

from seized.synth.protect import protect


@dataclass
class TestKey:
    __test__ = False  # not a test class, though its name starts with Test
    tsk: pgp.Tsk
    cert: pgp.Cert
    fingerprint: str
    passphrase: str | None
    secret: bytes  # binary, protected when passphrase is set

    @property
    def secret_armor(self) -> str:
        return pgp.armor(self.secret, pgp.ArmorKind.SecretKey)

    def encrypt(self, text: str, *others: TestKey) -> str:
        certs = [self.cert, *(o.cert for o in others)]
        return pgp.encrypt(text.encode("utf-8"), recipients=certs).decode("ascii")


def make_key(
    user_id: str,
    passphrase: str | None,
    *,
    rsa: bool = False,
    suite: pgp.CipherSuite | None = None,
) -> TestKey:
    suite = suite or (pgp.CipherSuite.RSA2k if rsa else pgp.CipherSuite.Cv25519)
    tsk = pgp.Tsk.generate(user_id, profile=pgp.Profile.RFC4880, cipher_suite=suite)
    secret = bytes(tsk)
    if passphrase is not None:
        secret = protect(secret, passphrase, random.Random(user_id))
    cert = tsk.extract_certificate()
    return TestKey(tsk, cert, str(cert.fingerprint).upper(), passphrase, secret)


@pytest.fixture(scope="module")
def alice() -> TestKey:
    return make_key("alice <alice@market.onion>", "correct horse")


@pytest.fixture(scope="module")
def bob() -> TestKey:
    return make_key("bob <bob@market.onion>", None)


@pytest.fixture(scope="module")
def carol() -> TestKey:
    """A key nobody seized."""
    return make_key("carol <carol@elsewhere.onion>", None)


@pytest.fixture(scope="module")
def rsa_key() -> TestKey:
    return make_key("rsa vendor <rsa@market.onion>", "rsa pass", rsa=True)


@pytest.fixture(scope="module")
def x448_key() -> TestKey:
    """A key of a kind the fast path leaves to pysequoia (X448)."""
    return make_key("x448 vendor <x448@market.onion>", None, suite=pgp.CipherSuite.Cv448)
