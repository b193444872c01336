"""verify, custody export-head."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from seized.case import Case
from seized.cli.options import case_argument, progress_option
from seized.custody import custody_head, head_text
from seized.errors import IntegrityError, NotAuthenticated, SeizedError
from seized.progress import count_progress
from seized.signing import (
    CERTS_ENV,
    KEY_ENV,
    SigningKey,
    load_signing_key,
    load_trusted,
    read_passphrase,
)
from seized.signing import trusted_from_environment as trusted_files
from seized.verify import VerifyReport, verify


@click.command(name="verify")
@case_argument
@click.option(
    "--cert",
    "certs",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A certificate (or keyring) whose signatures on custody entries count; repeatable. "
    f"Default: the files in {CERTS_ENV} (separated by ':').",
)
@click.option(
    "--anchor",
    "anchors",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A custody head exported earlier (seized custody export-head): the log must still "
    "begin with the entries it names; repeatable.",
)
@click.option(
    "--unsigned-ok",
    is_flag=True,
    help="Accept a check that cannot prove who wrote the log: exit 0 without trusted "
    "certificates, and only warn about unsigned entries.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the whole result (ok, problems, warnings, what was checked, the custody head) "
    "on stdout; the exit code is the same.",
)
@progress_option
def verify_cmd(
    case: Path,
    certs: tuple[Path, ...],
    anchors: tuple[Path, ...],
    unsigned_ok: bool,
    fmt: str,
    progress: str,
) -> None:
    """Check evidence, custody log and its signatures, every table, the stages done, the
    raw-table files and the store's objects.

    Exit 0: intact, and every custody entry is signed by a trusted certificate (or
    --unsigned-ok was given); 4: something was changed outside seized; 6: consistent, but
    nothing proves who wrote it (no trusted certificate, or unsigned entries).

    \b
    Example:
      seized verify case1 --cert ~/agency/investigator-cert.asc
      seized verify case1 --cert team.asc --anchor head-2024-05-02.asc
      seized verify case1 --unsigned-ok
      seized verify case1 --cert team.asc --format json > verify.json
    """
    opened = Case.open(case)
    trusted = load_trusted(list(certs) or trusted_files(), case_root=opened.root)
    with count_progress(progress, unit="steps") as callback:
        report = verify(
            opened,
            trusted=trusted,
            anchors=list(anchors),
            unsigned_ok=unsigned_ok,
            progress=callback,
        )
    if fmt == "json":
        click.echo(json.dumps(_result(opened, report, unsigned_ok), indent=1, default=str))
        _fail_if_not_ok(report, unsigned_ok)
        return
    click.echo(_summary(report))
    for note in report.withdrawn:
        click.echo(note)
    for warning in report.warnings:
        click.echo(f"WARNING: {warning}", err=True)
    if not report.ok:
        for problem in report.problems:
            click.echo(f"PROBLEM: {problem}", err=True)
    elif report.authenticated:
        signers = ", ".join(f"{fp} ({n})" for fp, n in sorted(report.signed_by.items()))
        click.echo(f"OK: intact, and every custody entry is signed by a trusted key: {signers}")
    else:
        verdict = "OK, NOT AUTHENTICATED" if unsigned_ok else "CONSISTENT, NOT AUTHENTICATED"
        click.echo(f"{verdict}: nothing was found changed, but no trusted signature vouches "
                   "for every custody entry")  # fmt: skip
    _fail_if_not_ok(report, unsigned_ok)


def _fail_if_not_ok(report: VerifyReport, unsigned_ok: bool) -> None:
    """Exit 4 for a problem, 6 for a consistent case nothing authenticates (unless accepted)."""
    if not report.ok:
        raise IntegrityError(f"{len(report.problems)} problem(s) found")
    if not report.authenticated and not unsigned_ok:
        raise NotAuthenticated(
            "give the certificates of the keys that sign this case (--cert), or accept a "
            "consistency check only (--unsigned-ok)"
        )


def _result(case: Case, report: VerifyReport, unsigned_ok: bool) -> dict[str, Any]:
    """The JSON form: ``ok`` is true exactly when the command exits 0."""
    try:
        head: dict[str, Any] | None = custody_head(case)
    except SeizedError:
        head = None  # a log line that is not JSON: among the problems
    fields = asdict(report)
    checked = {
        name.removesuffix("_checked"): fields.pop(name)
        for name in list(fields)
        if name.endswith("_checked")
    }
    checked["custody_entries"] = fields.pop("log_entries")
    return {
        "ok": report.ok and (report.authenticated or unsigned_ok),
        "consistent": report.ok,
        "authenticated": report.authenticated,
        **fields,
        "checked": checked,
        "custody_head": head,
    }


def _summary(report: VerifyReport) -> str:
    text = (
        f"checked {report.evidence_checked} evidence files, {report.log_entries} custody "
        f"entries, {report.tables_checked} tables, {report.stages_checked} stages done, "
        f"{report.raw_files_checked} raw-table files, {report.objects_checked} store objects"
    )
    if report.anchors_checked:
        text += f", {report.anchors_checked} anchors"
    return text


@click.group(name="custody")
def custody_group() -> None:
    """The custody log: export its head to keep outside the machine."""


@custody_group.command(name="export-head")
@case_argument
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the head to this file (default: print it).",
)
@click.option(
    "--signing-key",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help=f"Secret key that signs the head (default: {KEY_ENV}); kept outside the case.",
)
@click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="File whose first line is the signing key's passphrase.",
)
def export_head(
    case: Path, out: Path | None, signing_key: Path | None, passphrase_file: Path | None
) -> None:
    """Write the custody log's head (entry count, last hash and time, case name), clearsigned,
    for keeping outside the machine: mail it to the prosecutor, attach it to the case ticket.
    Later `seized verify --anchor FILE` checks that the log still begins with those entries.

    \b
    Example:
      seized custody export-head case1 --out head-2024-05-02.asc
    """
    opened = Case.open(case)
    key = _key(signing_key, passphrase_file, opened) if signing_key else opened.signing_key()
    text = head_text(custody_head(opened), key)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"custody head written to {out}")
    if key is None:
        click.echo(
            f"WARNING: the head is not signed (no --signing-key or {KEY_ENV}): keep it where "
            "it cannot be changed afterwards",
            err=True,
        )


def _key(path: Path, passphrase_file: Path | None, case: Case) -> SigningKey:
    passphrase = read_passphrase(passphrase_file) if passphrase_file else None
    return load_signing_key(path, passphrase, case_root=case.root)


COMMANDS = [verify_cmd, custody_group]
