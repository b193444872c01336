"""keys import | decrypt."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from seized.case import Case
from seized.cli.options import actor_option, case_argument, progress_option
from seized.crypto.keys import ParsedKey
from seized.progress import count_progress
from seized.stages import run_stage


def _ask(key: ParsedKey, attempt: int) -> str | None:
    """Ask on the terminal; an empty answer leaves the key locked."""
    names = ", ".join(key.user_ids) or "no user id"
    note = "" if attempt == 1 else f" (wrong, try {attempt} of 3)"
    click.echo(f"key {key.fingerprint} ({names}) from {key.source} needs a passphrase", err=True)
    answer = getpass.getpass(f"passphrase{note}, empty to skip: ")
    return answer or None


@click.group(name="keys")
def keys_group() -> None:
    """Seized PGP keys: import key files (public and secret) into the case.

    \b
    Example:
      seized keys import case1 seized/keys/*.asc --passphrases seized/keys/passphrases.txt
      seized decrypt case1
    """


@keys_group.command(name="import")
@case_argument
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--passphrases",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A file of 'FINGERPRINT passphrase' lines for the secret keys.",
)
@click.option(
    "--no-ask", is_flag=True, help="Never prompt for passphrases; keys without one stay locked."
)
@progress_option
@actor_option
def import_cmd(
    case: Path,
    files: tuple[Path, ...],
    passphrases: Path | None,
    no_ask: bool,
    progress: str,
    actor: str | None,
) -> None:
    """Import PGP keys (armored or binary, public or secret, keyrings) as evidence.

    Each file is registered as evidence (hashed, logged) before it is read. Secret keys are
    unlocked with the passphrase file; a key without a passphrase is asked for on a terminal,
    otherwise recorded as held but locked. Armored public keys in the seized text (vendor
    profiles) are imported too.

    \b
    Example:
      seized keys import case1 keys/*.asc --passphrases keys/passphrases.txt
    """
    from seized.crypto.stage import KeyImportOptions

    ask = None if no_ask or not sys.stdin.isatty() else _ask
    opened = Case.open(case, actor=actor)
    with count_progress(progress, unit="keys") as callback:
        options = KeyImportOptions(
            files=list(files), passphrases=passphrases, ask=ask, progress=callback
        )
        result = run_stage(opened, "keys.import", options)
    if result.skipped:
        click.echo("keys import: these files were imported already, nothing to do")
        return
    counts = result.counts
    click.echo(
        f"{counts.get('keys', 0)} keys from {len(files)} files: {counts.get('secret', 0)} secret "
        f"({counts.get('unlocked', 0) + counts.get('unprotected', 0)} usable, "
        f"{counts.get('locked', 0)} locked, {counts.get('unusable', 0)} unusable), "
        f"{counts.get('public', 0)} public; {counts.get('from_text', 0)} keys found in seized text"
    )
    for message in result.messages:
        click.echo(f"warning: {message}", err=True)


@click.command(name="decrypt")
@case_argument
@click.option("--raw", is_flag=True, help="Also search every raw table, not only canonical ones.")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    help="Messages opened in parallel: threads for the fast path, else worker processes.",
)
@click.option("--by-column", is_flag=True, help="Report per table and column.")
@click.option("--force", is_flag=True, help="Run even when keys and tables did not change.")
@click.option(
    "--pysequoia-only",
    is_flag=True,
    help="Open every message with pysequoia, none with the fast path for RSA and ECDH / AES "
    "messages (slower, same result: to check it).",
)
@progress_option
@actor_option
def decrypt_cmd(
    case: Path,
    raw: bool,
    workers: int,
    by_column: bool,
    force: bool,
    pysequoia_only: bool,
    progress: str,
    actor: str | None,
) -> None:
    """Decrypt every PGP message the seized keys can open.

    Messages are found in every text column; each is tried only with the held keys it names as
    recipients. Plaintext is stored beside the original (pgp_blobs, orders.shipping_address,
    messages.body_plain); nothing seized is overwritten.

    \b
    Example:
      seized decrypt case1
      seized decrypt case1 --raw --by-column
    """
    from seized.crypto.stage import DecryptOptions

    with count_progress(progress, unit="values") as callback:
        result = run_stage(
            Case.open(case, actor=actor),
            "decrypt",
            DecryptOptions(
                workers=max(workers, 1),
                raw=raw,
                force=force,
                progress=callback,
                counts_by="column" if by_column else "table",
                fast=not pysequoia_only,
            ),
        )
    state = "nothing changed, kept the last result" if result.skipped else "done"
    click.echo(f"decrypt: {state}")
    width = max((len(name) for name in result.counts), default=5)
    click.echo(
        f"  {'table':<{width}}  {'found':>7}  {'decrypted':>9}  {'no key':>7}  {'locked':>7}  "
        f"{'corrupt':>7}"
    )
    for name, c in result.counts.items():
        click.echo(
            f"  {name:<{width}}  {c['found']:>7,}  {c['decrypted']:>9,}  {c['no_key']:>7,}  "
            f"{c['locked']:>7,}  {c['corrupt']:>7,}"
        )
    for message in result.messages:
        click.echo(f"warning: {message}", err=True)


COMMANDS = [keys_group, decrypt_cmd]
