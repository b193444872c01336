"""OpenPGP keys: parsing key files (armored or binary, public or secret, keyrings), passphrase
files, unlocking secret keys, and the ``pgp_keys`` / ``pgp_secrets`` rows.

Every failure of the OpenPGP library on bad input becomes an :class:`~seized.errors.InputError`
naming the file and the line (armored) or byte offset (binary) of the key block.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pysequoia

from seized.crypto.armor import clean
from seized.crypto.secrets import KeyMaterialError
from seized.crypto.secrets import unlock as unlock_secret
from seized.errors import InputError
from seized.vocabulary import PGP_ARMOR

#: An armored key block (public or secret) anywhere in a text.
KEY_BLOCK = re.compile(
    re.escape(PGP_ARMOR) + r"(?P<kind>PUBLIC|PRIVATE) KEY BLOCK-----"
    r".*?-----END PGP (?P=kind) KEY BLOCK-----",
    re.DOTALL,
)
KEY_BLOCK_LIKE = f"%{PGP_ARMOR}%KEY BLOCK-----%"
_HEX_ID = re.compile(r"^(?:0x)?([0-9A-Fa-f]{16}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})$")
_KEY_TAGS = ("PublicKey", "PublicSubkey", "SecretKey", "SecretSubkey")

#: Asked for a passphrase: (key, attempt number from 1) -> the passphrase, or None to skip.
Asker = Callable[["ParsedKey", int], str | None]


def first_line(exc: BaseException) -> str:
    """The OpenPGP library's message without the backtrace it may append."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@dataclass
class ParsedKey:
    """One certificate from a key file or a seized text."""

    fingerprint: str  # upper-case hex of the primary key
    key_id: str
    user_ids: list[str]
    algorithm: str  # primary key algorithm, then the subkeys': 'EdDSA/EdDSA/ECDH'
    created_at: datetime | None
    public_armor: str
    key_ids: list[str]  # key ids and fingerprints of the primary key and every subkey
    secret: bytes | None = None  # binary secret key as found (possibly protected)
    source: str = ""  # file name, or table.column:row key
    line: int | None = None  # where the block starts (armored input)
    offset: int | None = None  # where the block starts (binary input)
    status: str | None = None  # for secrets: unprotected | unlocked | locked | unusable
    passphrase: str | None = None
    error: str | None = None
    seen_in: list[str] = field(default_factory=list)

    @property
    def protected(self) -> bool:
        return self.status in ("unlocked", "locked")


def _describe(cert: pysequoia.Cert) -> tuple[str, datetime | None, list[str]]:
    algorithms: list[str] = []
    created: datetime | None = None
    ids: list[str] = []
    for packet in pysequoia.packet.PacketPile.from_bytes(bytes(cert)):
        if str(packet.tag).split(".")[-1] not in _KEY_TAGS:
            continue
        algorithm = packet.key_algorithm
        algorithms.append(str(algorithm).split(".")[-1] if algorithm is not None else "unknown")
        if created is None:
            created = packet.key_created
        ids += [str(packet.key_id).upper(), str(packet.fingerprint).upper()]
    return "/".join(algorithms), created, ids


def _parse_cert(cert: pysequoia.Cert, source: str) -> ParsedKey:
    algorithm, created, ids = _describe(cert)
    with warnings.catch_warnings():  # Cert.secrets is the one way to a keyring's secrets
        warnings.simplefilter("ignore", DeprecationWarning)
        secrets = cert.secrets if cert.has_secret_keys else None
    secret = bytes(secrets) if secrets is not None else None
    fingerprint = str(cert.fingerprint).upper()
    public = pysequoia.Cert.from_bytes(bytes(cert)) if secret is None else cert
    return ParsedKey(
        fingerprint=fingerprint,
        key_id=fingerprint[-16:],
        user_ids=[str(u) for u in cert.user_ids],
        algorithm=algorithm,
        created_at=created,
        public_armor=str(public),
        key_ids=ids,
        secret=secret,
        source=source,
    )


def _split(data: bytes) -> list[pysequoia.Cert]:
    certs: list[pysequoia.Cert] = pysequoia.Cert.split_bytes(data)
    return certs


def parse_key_bytes(data: bytes, path: Path | str, *, source: str | None = None) -> list[ParsedKey]:
    """Every certificate in a key file's bytes (armored blocks or a binary keyring)."""
    name = source or Path(path).name
    if PGP_ARMOR.encode() in data[: 1 << 20]:
        text = data.decode("utf-8", "replace")
        return parse_key_text(text, path, source=name, strict=True)
    try:
        certs = _split(data)
        # a certificate that splits may still fail when read (no binding signature)
        parsed = [_parse_cert(c, name) for c in certs]
    except Exception as exc:  # sequoia raises RuntimeError/ValueError on any malformed packet
        raise InputError(
            f"not a readable OpenPGP key: {first_line(exc)}",
            path,
            offset=0,
            hint="export the key again (gpg --export / --export-secret-keys) or check the file",
        ) from None
    if not certs:
        raise InputError("no OpenPGP key in the file", path, offset=0)
    return parsed


def parse_key_text(text: str, path: Path | str, *, source: str, strict: bool) -> list[ParsedKey]:
    """Certificates in the armored key blocks of a text. ``strict``: a bad block is an error
    (key files); otherwise bad blocks are skipped (hostile seized text)."""
    keys: list[ParsedKey] = []
    matched = False
    for match in KEY_BLOCK.finditer(text):
        matched = True
        line = text.count("\n", 0, match.start()) + 1
        try:
            certs = _split(clean(match.group(0)).encode("utf-8"))
            if not certs:
                raise ValueError("the block holds no certificate")
            parsed = [_parse_cert(c, source) for c in certs]
        except Exception as exc:  # sequoia raises RuntimeError/ValueError on bad packets
            if strict:
                raise InputError(
                    f"unreadable PGP {match.group('kind').lower()} key block: {first_line(exc)}",
                    path,
                    line=line,
                    hint="the armor or the key inside it is damaged or of an unsupported kind",
                ) from None
            continue
        for key in parsed:
            key.line = line
        keys += parsed
    if strict and not matched:
        raise InputError(
            "an armored block starts here but no complete PGP key block was found",
            path,
            line=text.count("\n", 0, max(text.find(PGP_ARMOR), 0)) + 1,
            hint="is the file truncated, or is it a message rather than a key?",
        )
    return keys


def read_key_file(path: Path) -> list[ParsedKey]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the key file: {exc.strerror}", path) from None
    return parse_key_bytes(data, path)


@dataclass(frozen=True)
class Passphrase:
    value: str
    path: Path
    line: int


def read_passphrases(path: Path) -> dict[str, Passphrase]:
    """A passphrase file: ``FINGERPRINT passphrase`` per line (key id accepted too; blank lines
    and lines starting with # are skipped). Keys are upper-case hex."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the passphrase file: {exc.strerror}", path) from None
    except UnicodeDecodeError as exc:
        raise InputError("the passphrase file is not UTF-8", path, offset=exc.start) from None
    found: dict[str, Passphrase] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.strip().split(None, 1)
        match = _HEX_ID.match(parts[0])
        if match is None or len(parts) < 2:
            raise InputError(
                "expected a fingerprint (or key id) and a passphrase separated by a space",
                path,
                line=number,
                hint="write one key per line: FINGERPRINT passphrase",
            )
        found[match.group(1).upper()] = Passphrase(
            line.lstrip()[len(parts[0]) :].lstrip(), path, number
        )
    return found


def _try(tsk: pysequoia.Tsk, passphrase: str | None) -> str | None:
    """None when the secret opens with the passphrase, else the library's reason."""
    try:
        tsk.decryptor(passphrase)
    except Exception as exc:  # sequoia raises RuntimeError for a wrong or missing passphrase
        return first_line(exc)
    return None


def _opens(secret: bytes, tsk: pysequoia.Tsk, passphrase: str) -> bool:
    """Whether the passphrase opens the key for pysequoia. The protection is undone once
    (:func:`seized.crypto.secrets.unlock`, which the decrypt stage then finds done) and
    pysequoia takes the unlocked key; protection that module cannot undo is pysequoia's."""
    try:
        unlocked = unlock_secret(secret, passphrase)
    except KeyMaterialError:
        unlocked = None
    if unlocked is not None and unlocked.opened and not unlocked.protected:
        return _try(pysequoia.Tsk.from_bytes(unlocked.secret), None) is None
    return _try(tsk, passphrase) is None


def passphrase_for(key: ParsedKey, passphrases: dict[str, Passphrase]) -> Passphrase | None:
    for ident in [key.fingerprint, key.key_id, *key.key_ids]:
        if ident in passphrases:
            return passphrases[ident]
    return None


def unlock(
    key: ParsedKey,
    passphrases: dict[str, Passphrase],
    path: Path | str,
    ask: Asker | None = None,
) -> None:
    """Set the key's status: unprotected, unlocked (passphrase checked), locked (no passphrase)
    or unusable (no decryption subkey, unsupported algorithm). A wrong passphrase from the file
    is an InputError naming the key, the key file and the line of the passphrase file."""
    if key.secret is None:
        return
    try:
        tsk = pysequoia.Tsk.from_bytes(key.secret)
    except Exception as exc:  # sequoia: malformed or unsupported secret key material
        key.status, key.error = "unusable", first_line(exc)
        return
    reason = _try(tsk, None)
    if reason is None:
        key.status = "unprotected"
        return
    if "encrypted" not in reason:  # not a passphrase matter: e.g. no encryption-capable subkey
        key.status, key.error = "unusable", reason
        return
    given = passphrase_for(key, passphrases)
    if given is not None:
        if not _opens(key.secret, tsk, given.value):
            names = ", ".join(key.user_ids) or "no user id"
            raise InputError(
                f"wrong passphrase for key {key.fingerprint} ({names}) from {key.source}",
                given.path,
                line=given.line,
                hint=f"correct line {given.line}, or remove it to import the key as locked "
                f"(key file: {path})",
            )
        key.status, key.passphrase = "unlocked", given.value
        return
    attempt = 1
    while ask is not None and attempt <= 3:
        answer = ask(key, attempt)
        if answer is None:
            break
        if _opens(key.secret, tsk, answer):
            key.status, key.passphrase = "unlocked", answer
            return
        attempt += 1
    key.status = "locked"
