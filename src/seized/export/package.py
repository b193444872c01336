"""`seized package`: a signed folder (and .zip) for one country's agency.

Layout of a package folder::

    README.txt              what this is and what was withheld
    targets.csv             one row per target of the country, best first
    dossiers/NNNNN-*.html   one self-contained dossier per target
    evidence/excerpts.jsonl the seized rows the dossiers cite, with provenance
    entities.ftm.jsonl      FollowTheMoney entities (Aleph loads them)
    bundle.stix.json        STIX 2.1 bundle
    graph.gexf              the link graph
    signer-cert.asc         the signer's OpenPGP certificate
    manifest.json           SHA-256 of every file above, the case's custody head
    manifest.json.asc       detached OpenPGP signature of manifest.json

The folder and the .zip are written beside their final places as ``.NAME.partial-PID`` and
renamed when complete, so a package killed half-way never looks finished; the next run removes
what a killed run left (when its process is gone).
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seized import __version__
from seized.case import Case
from seized.custody import custody_head
from seized.errors import IntegrityError, UserError
from seized.export import ftm, gexf, sheet, stix
from seized.export.dossier import DossierBuilder
from seized.export.excerpts import Citations
from seized.export.manifest import (
    CERTIFICATE,
    MANIFEST,
    SIGNATURE,
    Signer,
    build_manifest,
    load_signer,
    sha256_file,
    sign,
)
from seized.export.select import Selection, check_country, select_country
from seized.stages import Progress
from seized.verify import verify

CASE_KEY = Path("keys") / "case-key.asc"


@dataclass
class PackageResult:
    folder: Path
    zip_path: Path
    country: str
    signer: str
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    unverified: dict[str, Any] | None = None  # why a case that did not verify was signed


def write_package(
    case: Case,
    country: str,
    out_dir: Path,
    sign_key: Path | None = None,
    *,
    passphrase: str | None = None,
    overwrite: bool = False,
    allow_unverified: str | None = None,
    progress: Progress | None = None,
) -> PackageResult:
    """Write the package for ``country`` to ``out_dir`` and ``out_dir``.zip, signed.

    The case must pass ``seized verify`` first: a signature vouches for the data. With
    ``allow_unverified`` (the reason) a case that does not is packaged all the same, and the
    reason and the problems are recorded in the manifest, the README and every dossier.
    ``progress`` is told ``("package: PART", done, total)``: verifying the case, selecting
    what concerns the country, each dossier written, the exchange formats, signing and zipping.
    """
    tell = progress or _silent
    country = check_country(country)
    out_dir = out_dir.resolve()
    zip_path = out_dir.with_name(out_dir.name + ".zip")
    if out_dir.exists() and any(out_dir.iterdir()) and not overwrite:
        raise UserError(f"{out_dir} exists and is not empty; choose a new folder (or --force)")
    key_file = sign_key or case.root / CASE_KEY
    if not key_file.is_file():
        raise UserError(f"{key_file}: no signing key; give one with --sign-key")
    signer = load_signer(key_file, passphrase)
    tell("package: verify the case", 0, 1)
    unverified = _unverified(case, allow_unverified)
    tell("package: verify the case", 1, 1)
    tell("package: select", 0, 1)
    with case.connect(read_only=True) as con:
        selection = select_country(con, country, case.name)
    tell("package: select", 1, 1)
    head = custody_head(case)  # the log the package was made from; its own entry comes after
    created = datetime.now(UTC).replace(microsecond=0)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    zip_partial = zip_path.with_name(f".{zip_path.name}.partial-{os.getpid()}")
    partial = out_dir.with_name(f".{out_dir.name}.partial-{os.getpid()}")
    stale = clear_stale(out_dir, zip_path)
    partial.mkdir()
    try:
        counts = _write_files(partial, selection, signer, created, unverified, head, tell)
        tell("package: sign and zip", 0, 1)
        header: dict[str, Any] = {
            "case": case.name,
            "country": country,
            "created_at": created.isoformat(),
            "seized_version": __version__,
            "signer": {"fingerprint": signer.fingerprint, "certificate": CERTIFICATE},
            "minimisation": "docs/packages.md (seized)",
            "case_verified": unverified is None,
            "custody_head": head,
        }
        if unverified is not None:
            header["unverified_case"] = unverified
        manifest = build_manifest(partial, header)
        (partial / MANIFEST).write_bytes(manifest)
        (partial / SIGNATURE).write_bytes(sign(signer, manifest))
        _zip(partial, zip_partial, out_dir.name)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        partial.rename(out_dir)
        zip_partial.replace(zip_path)
        tell("package: sign and zip", 1, 1)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
        zip_partial.unlink(missing_ok=True)
    files = {
        p.relative_to(out_dir).as_posix(): sha256_file(p)
        for p in sorted(out_dir.rglob("*"))
        if p.is_file()
    }
    result = PackageResult(
        out_dir, zip_path, country, signer.fingerprint, counts, files, unverified
    )
    case.log(
        "package",
        outputs={
            "folder": str(out_dir),
            "zip": {"path": str(zip_path), "sha256": sha256_file(zip_path)},
            "files": files,
            **counts,
        },
        details={
            "country": country,
            "signer": signer.fingerprint,
            "key_file": str(key_file),
            **({"removed_stale": stale} if stale else {}),
            **({"unverified_case": unverified} if unverified else {}),
        },
    )
    return result


def _silent(label: str, done: int, total: int) -> None:
    """No progress asked for."""


def _unverified(case: Case, reason: str | None) -> dict[str, Any] | None:
    """None when the case passes seized verify; the override's record when it does not."""
    report = verify(case)
    if report.ok:
        return None
    if reason is None:
        listing = "\n  ".join(report.problems)
        raise IntegrityError(
            f"{case.root}: the case does not pass seized verify, so seized will not sign a "
            f"package of it:\n  {listing}\n"
            "Find out what changed it; to package it all the same, give the reason with "
            '--allow-unverified "REASON" (recorded in the manifest and shown in every dossier)'
        )
    if not reason.strip():
        raise UserError("--allow-unverified needs a reason (it is recorded in the package)")
    return {"reason": reason.strip(), "problems": report.problems}


def clear_stale(out_dir: Path, zip_path: Path) -> list[str]:
    """Remove the ``.NAME.partial-PID`` folders and zip files that killed runs left beside
    ``out_dir``: those whose process is gone (a live one may still be writing)."""
    removed: list[str] = []
    prefixes = (f".{out_dir.name}.partial-", f".{zip_path.name}.partial-")
    if not out_dir.parent.is_dir():
        return removed
    for entry in sorted(out_dir.parent.iterdir()):
        for prefix in prefixes:
            pid = entry.name[len(prefix) :]
            if not entry.name.startswith(prefix) or not pid.isdigit() or _alive(int(pid)):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry.name)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process's own leftover: it is about to write afresh
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # a process of another user
    except (OSError, OverflowError):
        return False
    return True


def _write_files(
    folder: Path,
    selection: Selection,
    signer: Signer,
    created: datetime,
    unverified: dict[str, Any] | None,
    head: dict[str, Any],
    tell: Progress,
) -> dict[str, int]:
    citations = Citations(selection.evidence)
    builder = DossierBuilder(selection, citations, unverified)
    (folder / "dossiers").mkdir()
    (folder / "evidence").mkdir()
    dossier_of: dict[str, str] = {}
    reasons: dict[str, list[str]] = {}  # the dossiers' reasons, citations and all, for STIX
    tell("package: dossiers", 0, len(selection.targets))
    for done, target in enumerate(selection.targets, 1):
        dossier = builder.build(target)
        (folder / "dossiers" / dossier.file_name).write_text(dossier.html, encoding="utf-8")
        dossier_of[target["person_id"]] = f"dossiers/{dossier.file_name}"
        reasons[target["person_id"]] = dossier.reasons
        tell("package: dossiers", done, len(selection.targets))
    tell("package: targets.csv, FtM, STIX, GEXF", 0, 1)
    (folder / "targets.csv").write_text(
        _targets_csv(selection, dossier_of), encoding="utf-8", newline=""
    )
    (folder / "evidence" / "excerpts.jsonl").write_bytes(citations.jsonl())
    entities = ftm.entity_lines(selection)
    (folder / "entities.ftm.jsonl").write_bytes(entities)
    (folder / "bundle.stix.json").write_bytes(stix.bundle_json(selection, created, reasons))
    (folder / "graph.gexf").write_bytes(gexf.gexf(selection, created))
    (folder / CERTIFICATE).write_text(signer.certificate, encoding="utf-8")
    tell("package: targets.csv, FtM, STIX, GEXF", 1, 1)
    counts = {
        "targets": len(selection.targets),
        "accounts": len(selection.accounts),
        "orders": len(selection.orders),
        "messages": len(selection.messages),
        "excerpts": len(citations.all()),
        "entities": entities.count(b"\n"),
    }
    readme = _readme(selection, counts, created, unverified, head)
    (folder / "README.txt").write_text(readme, encoding="utf-8")
    return counts


_TARGET_COLUMNS = [
    "rank",
    "person_id",
    "role",
    "score",
    "country",
    "country_confidence",
    "usernames",
    "markets",
    "revenue_sats",
    "spend_sats",
    "summary",
    "dossier",
]


def _targets_csv(selection: Selection, dossier_of: dict[str, str]) -> str:
    rows = []
    for t in selection.targets:
        accounts = selection.accounts_of(t["person_id"])
        rows.append(
            [
                t.get("rank"),
                t["person_id"],
                t.get("role"),
                t.get("score"),
                t.get("country"),
                t.get("country_confidence"),
                "; ".join(str(a.get("username") or "") for a in accounts),
                "; ".join(sorted({str(a["market_id"]) for a in accounts})),
                t.get("revenue_sats"),
                t.get("spend_sats"),
                t.get("summary"),
                dossier_of[t["person_id"]],
            ]
        )
    out = io.StringIO(newline="")
    sheet.write(out, _TARGET_COLUMNS, rows)
    return out.getvalue()


def _readme(
    selection: Selection,
    counts: dict[str, int],
    created: datetime,
    unverified: dict[str, Any] | None,
    head: dict[str, Any],
) -> str:
    withheld = "\n".join(f"  {n} {what}" for what, n in selection.withheld.items())
    held = "\n".join(f"  {what}: {n}" for what, n in counts.items())
    warning = ""
    if unverified is not None:
        problems = "\n".join(f"  - {p}" for p in unverified["problems"])
        warning = (
            "WARNING: the case did NOT pass seized verify when this package was made; it was\n"
            f"signed anyway. Reason given: {unverified['reason']}\n"
            f"Problems found:\n{problems}\n\n"
        )
    return (
        f"Target package for {selection.country} from case {selection.case_name}\n"
        f"made by seized {__version__} on {created.isoformat()}\n\n{warning}"
        "It holds only what concerns persons assigned to this country. Counterparties in other\n"
        "jurisdictions appear only as 'account of another jurisdiction #n'; their names,\n"
        "accounts, addresses and messages are not in this package.\n\n"
        f"Contents:\n{held}\n\nWithheld:\n{withheld}\n\n"
        f"Made from the case's custody log as it stood at {head['entries']} entries, the last\n"
        f"with hash {head['last_hash']} (custody_head in manifest.json).\n\n"
        "Check it: seized package verify <this folder or its .zip> [--cert AGENCY-CERT.asc]\n"
    )


def _zip(folder: Path, zip_path: Path, top: str) -> None:
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = f"{top}/{path.relative_to(folder).as_posix()}"
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
