"""package (and package verify) | report."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from seized.case import Case
from seized.cli.options import actor_option, case_argument, progress_option
from seized.errors import UserError


class _PackageGroup(click.Group):
    """`seized package CASE ...` writes a package; `seized package verify DIR` checks one."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["create", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_PackageGroup)
def package() -> None:
    """Per-country target packages: write one, or verify one.

    \b
    Forms:
      seized package CASE --country XX --out DIR [--sign-key FILE]
      seized package verify DIR|DIR.zip --cert AGENCY-CERT.asc | --keyring FILE

    \b
    Example:
      seized package case1 --country DE --out out/de
      seized package verify out/de --cert case1/keys/case-cert.asc
    """


def _read_passphrase(path: Path | None) -> str | None:
    if path is None:
        return None
    text = path.read_text(encoding="utf-8").splitlines()
    return text[0] if text else ""


@package.command(name="create")
@case_argument
@click.option("--country", required=True, help="ISO 3166-1 alpha-2 code of the receiving country.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The package folder to write (DIR.zip is written beside it).",
)
@click.option(
    "--sign-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The issuing agency's OpenPGP secret key (default: the case's own key).",
)
@click.option(
    "--passphrase-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="File whose first line is the signing key's passphrase.",
)
@click.option("--force", is_flag=True, help="Replace an existing package folder.")
@click.option(
    "--allow-unverified",
    metavar="REASON",
    help="Sign even though the case does not pass seized verify; the reason and the problems "
    "are recorded in the manifest and shown in the README and every dossier.",
)
@progress_option
@actor_option
def create(
    case: Path,
    country: str,
    out: Path,
    sign_key: Path | None,
    passphrase_file: Path | None,
    force: bool,
    allow_unverified: str | None,
    progress: str,
    actor: str | None,
) -> None:
    """Write the package for one country: only what concerns it, signed.

    Holds targets.csv, one HTML dossier per target citing the seized rows, FollowTheMoney
    entities, a STIX 2.1 bundle, a GEXF link graph and a signed SHA-256 manifest, as a folder
    and as DIR.zip. Counterparties of other countries appear only as opaque references.
    A case that does not pass seized verify is refused (exit 4) unless --allow-unverified
    gives the reason to sign it all the same.

    \b
    Example:
      seized package case1 --country DE --out out/de --sign-key agency-key.asc
      seized package create case1 --country DE --out out/de   # the same, spelled out
    """
    from seized.export.package import write_package

    passphrase = _read_passphrase(passphrase_file)
    if sign_key is not None and passphrase is None and _protected(sign_key):
        passphrase = click.prompt("passphrase of the signing key", hide_input=True)
    from seized.progress import count_progress

    with count_progress(progress, unit="items") as callback:
        result = write_package(
            Case.open(case, actor=actor),
            country,
            out,
            sign_key,
            passphrase=passphrase,
            overwrite=force,
            allow_unverified=allow_unverified,
            progress=callback,
        )
    click.echo(
        f"package for {result.country}: {result.folder} and {result.zip_path.name} "
        f"({result.counts.get('targets', 0)} targets, signed by {result.signer})"
    )
    if result.unverified:
        click.echo(
            "warning: the case does not pass seized verify; the package says so in its "
            "manifest, README and every dossier"
        )


def _protected(key_file: Path) -> bool:
    import pysequoia

    try:
        pysequoia.Tsk.from_file(str(key_file)).signer()
    except Exception:  # pysequoia says "locked" with a plain exception
        return True
    return False


@package.command(name="verify")
@click.argument("location", type=click.Path(exists=True, path_type=Path), metavar="DIR")
@click.option(
    "--cert",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The issuing agency's certificate, which you trust: the signature must be by it.",
)
@click.option(
    "--keyring",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of certificates you trust (e.g. exported from your keyring): the signature "
    "must be by one of them.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the whole result (ok, files, signer, trusted, custody_head, problems) on stdout.",
)
def verify(location: Path, cert: Path | None, keyring: Path | None, fmt: str) -> None:
    """Check a package folder or .zip: every file hash, no extra, missing, duplicate or stray
    file or zip member, the signer the manifest names, and a signature by a signer you trust.

    Says OK (exit 0) only when the package is intact and signed by a certificate given with
    --cert or --keyring; otherwise lists what is wrong and exits with 4. The certificate
    shipped inside the package proves nothing about who issued it. Also prints the case's
    custody head when the package was made (entry count and last hash), to compare with
    `seized custody export-head`.

    \b
    Example:
      seized package verify out/de.zip --cert agency-cert.asc
      seized package verify out/de.zip --cert agency-cert.asc --format json
    """
    from seized.export.manifest import require_intact, verify_package

    checked = verify_package(location, cert, keyring)
    if fmt == "json":
        click.echo(json.dumps({"ok": checked.ok, **asdict(checked)}, indent=1))
    result = require_intact(checked)
    if fmt == "json":
        return
    click.echo(f"{location}: OK, {result.files} files intact, signed by {result.trusted}")
    head = result.custody_head
    if head is not None:
        click.echo(
            f"made from case {head.get('case')} at custody entry {head.get('entries')}, "
            f"hash {head.get('last_hash')} (compare: seized custody export-head)"
        )
    if result.unverified:
        click.echo(
            "warning: the case did not pass seized verify when this package was made; "
            f"signed anyway because: {result.unverified.get('reason')}"
        )


@click.command()
@case_argument
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write.",
)
@actor_option
def report(case: Path, out: Path, actor: str | None) -> None:
    """Write the case report: one self-contained HTML file (opens with no network).

    \b
    Example:
      seized report case1 --out report.html
    """
    from seized.export.report import write_report

    if out.suffix.lower() not in (".html", ".htm"):
        raise UserError(f"{out}: the report is HTML; name the file *.html")
    path = write_report(Case.open(case, actor=actor), out)
    click.echo(f"report: {path}")


COMMANDS = [package, report]
