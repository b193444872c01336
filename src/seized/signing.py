"""Signing custody entries with the investigator's (or the agency's) OpenPGP key, and checking
those signatures against certificates the user trusts.

The secret key stays outside the case directory: anyone who can write the case can read a key
kept inside it (the case's own key, ``keys/case-key.asc``, signs packages and proves nothing
about the custody log). Which key signs is said per command, by the environment:

``SEIZED_SIGNING_KEY``
    the secret key file (armored or binary);
``SEIZED_SIGNING_PASSPHRASE_FILE``
    a file whose first line is its passphrase; without it a protected key's passphrase is
    asked for on the terminal.

``seized verify --cert FILE`` (or ``SEIZED_TRUSTED_CERTS``, files separated by ``:``) names the
certificates whose signatures count.
"""

from __future__ import annotations

import base64
import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pysequoia

from seized.errors import UserError

KEY_ENV = "SEIZED_SIGNING_KEY"
PASSPHRASE_ENV = "SEIZED_SIGNING_PASSPHRASE_FILE"
CERTS_ENV = "SEIZED_TRUSTED_CERTS"


@dataclass(frozen=True)
class SigningKey:
    """A secret key ready to sign: the signer, its certificate and the certificate's
    fingerprint (the primary key's, as a custody entry records it)."""

    signer: Any  # pysequoia.PySigner
    fingerprint: str
    certificate: str  # armored
    path: Path

    def sign(self, data: bytes) -> str:
        """A detached signature over ``data``, base64 of the binary packet."""
        raw: bytes = pysequoia.sign(
            self.signer, data, mode=pysequoia.SignatureMode.DETACHED, armor=False
        )
        return base64.b64encode(raw).decode("ascii")

    def clearsign(self, text: str) -> str:
        signed: bytes = pysequoia.sign(
            self.signer, text.encode("utf-8"), mode=pysequoia.SignatureMode.CLEAR
        )
        return signed.decode("utf-8")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def read_passphrase(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the passphrase file: {exc.strerror}") from exc
    return lines[0] if lines else ""


def load_signing_key(
    path: Path,
    passphrase: str | None = None,
    *,
    case_root: Path | None = None,
    prompt: bool = True,
) -> SigningKey:
    """The signing key in a secret key file. A key inside the case directory is refused; a
    protected key needs ``passphrase`` (or, with ``prompt`` on a terminal, asks for it)."""
    path = Path(path)
    if case_root is not None and _inside(path, case_root):
        raise UserError(
            f"{path}: the signing key is inside the case directory, where anyone who can write "
            "the case can use it; keep it elsewhere (an agency key file or a token's export)"
        )
    if not path.is_file():
        raise UserError(f"{path}: no such signing key file")
    try:
        tsk = pysequoia.Tsk.from_file(str(path))
    except Exception as exc:  # pysequoia raises plain errors for unreadable keys
        raise UserError(f"{path}: not an OpenPGP secret key: {first_line(exc)}") from exc
    signer = None
    if passphrase is None:
        try:
            signer = tsk.signer()
        except Exception as exc:
            if not (prompt and sys.stdin.isatty()):
                raise UserError(
                    f"{path}: the signing key is protected; give its passphrase in a file "
                    f"(--passphrase-file, or {PASSPHRASE_ENV}): {first_line(exc)}"
                ) from exc
            passphrase = getpass.getpass(f"passphrase of the signing key {path.name}: ")
    if signer is None:
        try:
            signer = tsk.signer(passphrase)
        except Exception as exc:
            raise UserError(
                f"{path}: cannot sign with this key (wrong passphrase?): {first_line(exc)}"
            ) from exc
    cert = tsk.extract_certificate()
    return SigningKey(signer, str(cert.fingerprint), str(cert), path)


def key_from_environment(case_root: Path | None = None) -> SigningKey | None:
    """The key :data:`KEY_ENV` names (None when it names none)."""
    name = os.environ.get(KEY_ENV, "").strip()
    if not name:
        return None
    passphrase_file = os.environ.get(PASSPHRASE_ENV, "").strip()
    passphrase = read_passphrase(Path(passphrase_file)) if passphrase_file else None
    return load_signing_key(Path(name), passphrase, case_root=case_root)


# -- checking ---------------------------------------------------------------------------------


@dataclass
class TrustedCerts:
    """Certificates whose signatures count, by primary-key fingerprint."""

    certs: dict[str, Any]  # fingerprint -> pysequoia.Cert
    sources: dict[str, str]  # fingerprint -> file it came from

    def __bool__(self) -> bool:
        return bool(self.certs)

    def verify(self, data: bytes, signature: str, claimed: str | None = None) -> str:
        """The fingerprint of the trusted certificate whose key made ``signature`` over
        ``data``; raises :class:`SignatureProblem` otherwise (``claimed``: the fingerprint the
        signed data names as its signer, for the message)."""
        try:
            sig = pysequoia.Sig.from_bytes(base64.b64decode(signature, validate=True))
        except Exception as exc:
            raise SignatureProblem(f"the signature cannot be read ({first_line(exc)})") from exc
        certs = list(self.certs.values())
        try:
            checked = pysequoia.verify(bytes=data, store=lambda _ids: certs, signature=sig)
        except Exception as exc:
            raise SignatureProblem(self._why(claimed)) from exc
        valid = list(checked.valid_sigs)
        if not valid:
            raise SignatureProblem(self._why(claimed))
        return str(valid[0].certificate)

    def _why(self, claimed: str | None) -> str:
        if claimed and claimed in self.certs:
            return (
                "its signature does not match it (it was changed after it was signed, or the "
                "signature was copied from another entry)"
            )
        return f"signed by a key that no trusted certificate holds ({claimed or 'unnamed'})"

    def open_clearsigned(self, text: str) -> tuple[str, str]:
        """(signed text, fingerprint of the trusted signer) of a clearsigned message."""
        try:
            checked = pysequoia.verify(
                bytes=text.encode("utf-8"), store=lambda _ids: list(self.certs.values())
            )
        except Exception as exc:
            raise SignatureProblem(
                f"no valid signature by a trusted certificate on it ({first_line(exc)})"
            ) from exc
        valid = list(checked.valid_sigs)
        if not valid or checked.bytes is None:
            raise SignatureProblem("no valid signature by a trusted certificate on it")
        return checked.bytes.decode("utf-8"), str(valid[0].certificate)


class SignatureProblem(Exception):
    """A signature that does not check out against the trusted certificates."""


def load_trusted(files: list[Path], *, case_root: Path | None = None) -> TrustedCerts:
    """The certificates in ``files`` (each may hold several: a keyring). A certificate file
    inside the case directory is refused: whoever can write the case could replace it."""
    trusted = TrustedCerts({}, {})
    for path in files:
        if case_root is not None and _inside(path, case_root):
            raise UserError(
                f"{path}: this certificate is inside the case directory, so it cannot vouch "
                "for the case (anyone who can write the case can replace it); give a copy "
                "kept elsewhere"
            )
        try:
            certs = pysequoia.Cert.split_file(str(path))
        except Exception as exc:
            raise UserError(f"{path}: not an OpenPGP certificate: {first_line(exc)}") from exc
        if not certs:
            raise UserError(f"{path}: holds no OpenPGP certificate")
        for cert in certs:
            fingerprint = str(cert.fingerprint)
            trusted.certs[fingerprint] = cert
            trusted.sources[fingerprint] = str(path)
    return trusted


def trusted_from_environment() -> list[Path]:
    value = os.environ.get(CERTS_ENV, "").strip()
    return [Path(p) for p in value.split(os.pathsep) if p.strip()] if value else []


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
