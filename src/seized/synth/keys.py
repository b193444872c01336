"""PGP keys of the synthetic world: every vendor's key, the market server keys, encryption.

Keys are made with pysequoia (RFC 4880 profile, v4 keys): a handful of RSA-2048 keys (slow to
make, so few) and Curve25519 for the rest; messages to them are written by
:mod:`seized.synth.pgp_message`. Key material is random, so it is the one part of the
output that differs between two runs with the same seed; everything else is derived from the seed.
Every vendor account gets its own key (about 5 ms each for Curve25519: a few minutes at the large
scale); there is no key pool.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pysequoia as pgp

from seized.synth.pgp_message import Recipient, encrypt
from seized.synth.protect import protect


@dataclass
class Key:
    index: int
    user_id: str
    rsa: bool
    tsk: pgp.Tsk
    cert: pgp.Cert = field(init=False)
    fingerprint: str = field(init=False)
    public_armor: str = field(init=False)
    recipient: Recipient = field(init=False)

    def __post_init__(self) -> None:
        self.cert = self.tsk.extract_certificate()
        self.fingerprint = self.cert.fingerprint.upper()
        self.public_armor = str(self.cert)
        self.recipient = Recipient.from_certificate(bytes(self.cert))


class KeyRing:
    """Makes keys and encrypts to them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.keys: list[Key] = []

    def new(self, user_id: str, *, rsa: bool = False) -> Key:
        suite = pgp.CipherSuite.RSA2k if rsa else pgp.CipherSuite.Cv25519
        tsk = pgp.Tsk.generate(user_id, profile=pgp.Profile.RFC4880, cipher_suite=suite)
        key = Key(len(self.keys), user_id, rsa, tsk)
        self.keys.append(key)
        return key

    @staticmethod
    def encrypt(text: str, recipients: list[Key]) -> str:
        """An armored OpenPGP message of ``text`` (see :mod:`seized.synth.pgp_message`)."""
        return encrypt(text.encode("utf-8"), [k.recipient for k in recipients])

    def export_secret(self, key: Key, path: Path, passphrase: str | None) -> None:
        """Writes the secret key armored, protected by ``passphrase`` when one is given."""
        binary = bytes(key.tsk)
        if passphrase is not None:
            binary = protect(binary, passphrase, self.rng)
        armored = pgp.armor(binary, pgp.ArmorKind.SecretKey)
        path.write_text(armored, encoding="ascii")
