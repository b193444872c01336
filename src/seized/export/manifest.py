"""The manifest of a package: SHA-256 of every file, signed (detached OpenPGP signature).

``manifest.json`` lists every file of the package but itself and its signature
``manifest.json.asc``, names the signer's fingerprint and holds the case's custody head when
the package was made (``custody_head``, as ``seized custody export-head`` writes it); the
signer's certificate ships as ``signer-cert.asc`` (and is listed). :func:`verify_package`
checks a package folder or its .zip: every hash; no missing, extra, duplicate or stray file or
zip member; that the shipped certificate, the signer the manifest names and the key that made
the signature are one; and that the signer is one the user trusts (a certificate or keyring
the user gives). A package signed by anyone else is never "OK", however intact.
"""

from __future__ import annotations

import hashlib
import json
import stat
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
    signer: str | None = None  # fingerprint of the certificate that made a valid signature
    declared: str | None = None  # the signer the manifest names
    trusted: str | None = None  # which trusted certificate made the signature, if one did
    unverified: dict[str, Any] | None = None  # the manifest's record of an unverified case
    custody_head: dict[str, Any] | None = None  # the case's custody head at packaging time
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def ok(self) -> bool:
        """Intact and signed by a signer the user trusts."""
        return not self.problems and self.trusted is not None


class _Source:
    """The files of a package: a folder, or a .zip whose members all lie in the package folder."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.problems: list[str] = []
        self.files: set[str] = set()
        if location.is_file():
            try:
                self.zip = zipfile.ZipFile(location)
            except (zipfile.BadZipFile, OSError) as exc:
                raise UserError(f"{location}: not a package folder or .zip ({exc})") from exc
            self._index_zip(self.zip)
        elif location.is_dir():
            for path in sorted(location.rglob("*")):
                name = path.relative_to(location).as_posix()
                if path.is_symlink():
                    self.problems.append(f"symbolic link in the package folder: {name}")
                elif path.is_file():
                    self.files.add(name)
        else:
            raise UserError(f"{location}: no such package folder or .zip")

    def _index_zip(self, archive: zipfile.ZipFile) -> None:
        infos = archive.infolist()
        folders = sorted(
            {i.filename[: -len(MANIFEST)] for i in infos if _depth_one(i.filename, MANIFEST)}
        )
        if len(folders) > 1:
            self.problems.append(
                f"the zip holds more than one package folder: {', '.join(folders)}"
            )
        prefix = folders[0] if folders else ""
        seen: dict[str, str] = {}
        for info in infos:
            name = info.filename
            where = f"zip member {name!r}"
            if not _safe(name.rstrip("/")):
                self.problems.append(f"{where} has an unsafe name")
                continue
            if not name.startswith(prefix) or name == prefix:
                if name != prefix:
                    self.problems.append(f"{where} lies outside the package folder {prefix}")
                continue
            folded = name.casefold().rstrip("/")
            if folded in seen:
                same = "appears twice" if seen[folded] == name else f"clashes with {seen[folded]!r}"
                self.problems.append(f"{where} {same} (an unzip would keep only one)")
                continue
            seen[folded] = name
            if name.endswith("/"):
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                self.problems.append(f"{where} is a symbolic link")
                continue
            self.members[name[len(prefix) :]] = info
        self.files = set(self.members)

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def chunks(self, name: str) -> Iterator[bytes]:
        if self.zip is not None:
            with self.zip.open(self.members[name]) as handle:
                while chunk := handle.read(_CHUNK):
                    yield chunk
            return
        with (self.location / name).open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk

    def digest(self, name: str) -> str | None:
        """SHA-256 of a file, or None when the zip member cannot be read."""
        digest = hashlib.sha256()
        try:
            for chunk in self.chunks(name):
                digest.update(chunk)
        except Exception as exc:  # BadZipFile, zlib.error, an encrypted member, ...
            self.problems.append(f"cannot read {name}: {_first_line(exc)}")
            return None
        return digest.hexdigest()


def _depth_one(name: str, leaf: str) -> bool:
    parts = name.split("/")
    return len(parts) == 2 and parts[1] == leaf and bool(parts[0])


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    parts = name.split("/")
    return (
        bool(name)
        and not path.is_absolute()
        and "\\" not in name
        and all(part not in ("", ".", "..") for part in parts)
        and ":" not in parts[0]
    )


def _certificates(path: Path) -> list[Any]:
    try:
        certs = list(pysequoia.Cert.split_file(str(path)))
    except Exception as exc:  # pysequoia raises plain errors for unreadable keys
        raise UserError(f"{path}: not an OpenPGP certificate: {_first_line(exc)}") from exc
    if not certs:
        raise UserError(f"{path}: holds no OpenPGP certificate")
    return certs


def verify_package(
    location: Path, cert_file: Path | None = None, keyring: Path | None = None
) -> Verification:
    """Check a package. ``cert_file`` and ``keyring`` hold the certificates the user trusts;
    the result lists every problem, and says which trusted certificate signed (if one did)."""
    trusted = [*(_certificates(cert_file) if cert_file else [])]
    trusted += _certificates(keyring) if keyring else []
    source = _Source(location)
    result = Verification(str(location))
    for required in (MANIFEST, SIGNATURE):
        if required not in source.files:
            result.problems.append(f"{required} is missing")
    if result.problems:
        result.problems[:0] = source.problems
        return result
    manifest_bytes = source.read(MANIFEST)
    try:
        manifest = json.loads(manifest_bytes)
        listed = {str(f["path"]): f for f in manifest["files"]}
    except (ValueError, KeyError, TypeError) as exc:
        result.problems += [*source.problems, f"{MANIFEST} is not a seized manifest ({exc})"]
        return result
    if manifest.get("format") != FORMAT:
        result.problems.append(f"{MANIFEST}: unknown format {manifest.get('format')!r}")
    for name, entry in sorted(listed.items()):
        if not _safe(name):
            result.problems.append(f"{MANIFEST} lists an unsafe path: {name!r}")
        elif name not in source.files:
            result.problems.append(f"missing file: {name}")
        else:
            digest = source.digest(name)
            result.files += 1
            if digest is not None and digest != entry.get("sha256"):
                result.problems.append(
                    f"changed file: {name} (SHA-256 does not match the manifest)"
                )
    for name in sorted(source.files - set(listed) - {MANIFEST, SIGNATURE}):
        result.problems.append(f"extra file not in the manifest: {name}")
    result.problems[:0] = source.problems
    signer = manifest.get("signer")
    declared = signer.get("fingerprint") if isinstance(signer, dict) else None
    result.declared = str(declared).lower() if declared else None
    if result.declared is None:
        result.problems.append(f"{MANIFEST} names no signer")
    unverified = manifest.get("unverified_case")
    result.unverified = unverified if isinstance(unverified, dict) else None
    head = manifest.get("custody_head")
    result.custody_head = head if isinstance(head, dict) else None
    _check_signature(source, manifest_bytes, trusted, result)
    return result


def _check_signature(
    source: _Source, manifest_bytes: bytes, trusted: list[Any], result: Verification
) -> None:
    shipped = None
    if CERTIFICATE in source.files:
        try:
            shipped = pysequoia.Cert.from_bytes(source.read(CERTIFICATE))
        except Exception as exc:
            result.problems.append(
                f"{CERTIFICATE} is not an OpenPGP certificate: {_first_line(exc)}"
            )
    if shipped is not None and result.declared and _fpr(shipped) != result.declared:
        result.problems.append(
            f"{CERTIFICATE} is the certificate of {_fpr(shipped)}, but {MANIFEST} names "
            f"{result.declared} as the signer"
        )
    try:
        signature = pysequoia.Sig.from_bytes(source.read(SIGNATURE))
    except Exception as exc:
        result.problems.append(f"{SIGNATURE} is not an OpenPGP signature: {_first_line(exc)}")
        return
    issuer = signature.issuer_fingerprint or signature.issuer_key_id or "an unknown key"
    if trusted:
        label, certs = "any certificate you trust", trusted
    elif shipped is not None:
        label, certs = f"the certificate shipped in the package ({CERTIFICATE})", [shipped]
    else:
        result.problems.append("no certificate to check the signature against")
        return
    try:
        checked = pysequoia.verify(
            bytes=manifest_bytes, store=lambda _ids: certs, signature=signature
        )
        valid = list(checked.valid_sigs)
    except Exception as exc:
        result.problems.append(
            f"bad signature on {MANIFEST} by {label} (made by key {issuer}): {_first_line(exc)}"
        )
        return
    if not valid:
        result.problems.append(f"bad signature on {MANIFEST} by {label} (made by key {issuer})")
        return
    result.signer = str(valid[0].certificate).lower()
    if trusted:
        result.trusted = result.signer
    if result.declared and result.signer != result.declared:
        result.problems.append(
            f"{MANIFEST} names {result.declared} as the signer, but the signature was made by "
            f"{result.signer}"
        )


def _fpr(cert: Any) -> str:
    return str(cert.fingerprint).lower()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def require_intact(result: Verification) -> Verification:
    """The result if the package is intact and signed by a trusted signer; else IntegrityError."""
    if result.problems:
        listing = "\n  ".join(result.problems)
        raise IntegrityError(f"{result.location}: the package does not verify:\n  {listing}")
    if result.trusted is None:
        raise IntegrityError(
            f"{result.location}: the package is intact and signed by {result.signer}, but that "
            "is not a signer you trust: give the issuing agency's certificate with --cert FILE "
            "(or a keyring of trusted certificates with --keyring FILE)"
        )
    return result
