"""extract."""

from __future__ import annotations

from pathlib import Path

import click

from seized.case import Case
from seized.cli.options import actor_option, case_argument, progress_option
from seized.progress import count_progress


@click.command(name="extract")
@case_argument
@click.option("--workers", type=int, default=2, show_default=True, help="Processes to use.")
@click.option("--force", is_flag=True, help="Search again even when no text changed.")
@progress_option
@actor_option
def extract_cmd(case: Path, workers: int, force: bool, progress: str, actor: str | None) -> None:
    """Find identifiers in every text: Bitcoin and Monero addresses, PGP keys and fingerprints,
    e-mail, phones, messenger handles, onion addresses, postal addresses.

    Fills the identifiers table (kind, normalized value, account, source table, column and row).
    Run it after `seized decrypt`, so that decrypted texts are searched too.

    \b
    Example:
      seized extract case1
      seized query case1 "SELECT kind, count(*) FROM identifiers GROUP BY kind"
    """
    from seized.extract.stage import ExtractOptions
    from seized.stages import run_stage

    with count_progress(progress, unit="rows") as callback:
        options = ExtractOptions(workers=workers, force=force, progress=callback)
        result = run_stage(Case.open(case, actor=actor), "extract", options)
    for message in result.messages:
        click.echo(message)
    for kind, count in sorted(result.counts.items()):
        click.echo(f"{kind}: {count:,}")


COMMANDS = [extract_cmd]
