"""The manifest of a package: SHA-256 of every file, signed (detached OpenPGP signature).

``manifest.json`` lists every file of the package but itself and its signature
``manifest.json.asc``; the signer's certificate ships as ``signer-cert.asc`` (and is listed).
:func:`verify_package` checks a package folder or its .zip: every hash, no missing or extra
file, and the signature — against the shipped certificate, and against the agency's known
certificate when one is given.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pysequoia

from seized.errors import IntegrityError, UserError

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.asc"
CERTIFICATE = "signer-cert.asc"
FORMAT = "seized-package/1"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Signer:
    signer: Any  # pysequoia.PySigner
    certificate: str  # armored
    fingerprint: str


def load_signer(key_file: Path, passphrase: str | None = None) -> Signer:
    """The signing key of a secret key file (armored or binary)."""
    try:
        tsk = pysequoia.Tsk.from_file(str(key_file))
    except Exception as exc:  # pysequoia raises plain errors for unreadable keys
        raise UserError(f"{key_file}: not an OpenPGP secret key: {_first_line(exc)}") from exc
    try:
        signer = tsk.signer(passphrase) if passphrase is not None else tsk.signer()
    except Exception as exc:
        hint = (
            "give its passphrase (--passphrase-file)" if passphrase is None else "wrong passphrase?"
        )
        raise UserError(
            f"{key_file}: cannot sign with this key ({hint}): {_first_line(exc)}"
        ) from exc
    cert = tsk.extract_certificate()
    return Signer(signer, str(cert), str(cert.fingerprint))


def sign(signer: Signer, data: bytes) -> bytes:
    signature: bytes = pysequoia.sign(signer.signer, data, mode=pysequoia.SignatureMode.DETACHED)
    return signature


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def build_manifest(folder: Path, header: dict[str, Any]) -> bytes:
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name in (MANIFEST, SIGNATURE):
            continue
        files.append({"path": name, "sha256": sha256_file(path), "bytes": path.stat().st_size})
    body = {"format": FORMAT, **header, "files": files}
    return (json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


# -- verification ---------------------------------------------------------------------------


@dataclass
class Verification:
    location: str
    files: int = 0
    signer: str | None = None  # fingerprint of the certificate that made the signature
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Source:
    """The files of a package: a folder, or a .zip with the package folder inside."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.zip: zipfile.ZipFile | None = None
        self.prefix = ""
        if location.is_file():
            try:
                self.zip = zipfile.ZipFile(location)
            except (zipfile.BadZipFile, OSError) as exc:
                raise UserError(f"{location}: not a package folder or .zip ({exc})") from exc
            names = [n for n in self.zip.namelist() if PurePosixPath(n).name == MANIFEST]
            if names:
                self.prefix = min(names, key=len)[: -len(MANIFEST)]
        elif not location.is_dir():
            raise UserError(f"{location}: no such package folder or .zip")

    def names(self) -> set[str]:
        if self.zip is not None:
            return {
                n[len(self.prefix) :]
                for n in self.zip.namelist()
                if n.startswith(self.prefix) and not n.endswith("/")
            }
        return {
            p.relative_to(self.location).as_posix() for p in self.location.rglob("*") if p.is_file()
        }

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def chunks(self, name: str) -> Iterator[bytes]:
        if self.zip is not None:
            with self.zip.open(self.prefix + name) as handle:
                while chunk := handle.read(_CHUNK):
                    yield chunk
            return
        with (self.location / name).open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def verify_package(location: Path, cert_file: Path | None = None) -> Verification:
    """Check a package; the result lists every problem (empty: the package is intact)."""
    source = _Source(location)
    result = Verification(str(location))
    present = source.names()
    for required in (MANIFEST, SIGNATURE):
        if required not in present:
            result.problems.append(f"{required} is missing")
    if result.problems:
        return result
    manifest_bytes = source.read(MANIFEST)
    try:
        manifest = json.loads(manifest_bytes)
        listed = {str(f["path"]): f for f in manifest["files"]}
    except (ValueError, KeyError, TypeError) as exc:
        result.problems.append(f"{MANIFEST} is not a seized manifest ({exc})")
        return result
    if manifest.get("format") != FORMAT:
        result.problems.append(f"{MANIFEST}: unknown format {manifest.get('format')!r}")
    for name, entry in sorted(listed.items()):
        if not _safe(name):
            result.problems.append(f"{MANIFEST} lists an unsafe path: {name!r}")
        elif name not in present:
            result.problems.append(f"missing file: {name}")
        else:
            digest = hashlib.sha256()
            for chunk in source.chunks(name):
                digest.update(chunk)
            result.files += 1
            if digest.hexdigest() != entry.get("sha256"):
                result.problems.append(
                    f"changed file: {name} (SHA-256 does not match the manifest)"
                )
    for name in sorted(present - set(listed) - {MANIFEST, SIGNATURE}):
        result.problems.append(f"extra file not in the manifest: {name}")
    _check_signature(source, manifest_bytes, present, cert_file, result)
    return result


def _check_signature(
    source: _Source,
    manifest_bytes: bytes,
    present: set[str],
    cert_file: Path | None,
    result: Verification,
) -> None:
    certs = []
    if CERTIFICATE in present:
        try:
            certs.append(
                (
                    "the certificate shipped in the package",
                    pysequoia.Cert.from_bytes(source.read(CERTIFICATE)),
                )
            )
        except Exception as exc:
            result.problems.append(
                f"{CERTIFICATE} is not an OpenPGP certificate: {_first_line(exc)}"
            )
    if cert_file is not None:
        try:
            known = pysequoia.Cert.from_file(str(cert_file))
        except Exception as exc:
            raise UserError(f"{cert_file}: not an OpenPGP certificate: {_first_line(exc)}") from exc
        certs = [(f"the certificate {cert_file.name}", known)]
    if not certs:
        result.problems.append("no certificate to check the signature against")
        return
    try:
        signature = pysequoia.Sig.from_bytes(source.read(SIGNATURE))
    except Exception as exc:
        result.problems.append(f"{SIGNATURE} is not an OpenPGP signature: {_first_line(exc)}")
        return
    for label, cert in certs:
        try:
            checked = pysequoia.verify(
                bytes=manifest_bytes, store=lambda _ids, c=cert: [c], signature=signature
            )
        except Exception as exc:
            result.problems.append(f"bad signature on {MANIFEST} by {label}: {_first_line(exc)}")
            continue
        valid = list(checked.valid_sigs)
        if not valid:
            result.problems.append(f"no valid signature on {MANIFEST} by {label}")
        else:
            result.signer = str(valid[0].certificate)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def require_intact(result: Verification) -> Verification:
    if result.problems:
        listing = "\n  ".join(result.problems)
        raise IntegrityError(f"{result.location}: the package does not verify:\n  {listing}")
    return result
