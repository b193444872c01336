"""ingest."""

from __future__ import annotations

from pathlib import Path

import click

from seized.case import Case
from seized.cli.options import actor_option, case_argument, progress_option
from seized.ingest.stage import IngestOptions
from seized.progress import byte_progress
from seized.stages import run_stage


@click.command(name="ingest")
@case_argument
@click.option("--market", "markets", multiple=True, help="Only this market (repeatable).")
@click.option(
    "--keep-going",
    is_flag=True,
    help="Set bad records aside in the rejects table (with file and line) instead of stopping.",
)
@click.option(
    "--encoding",
    default=None,
    help="Text encoding of dumps registered without one (default: utf-8); a dump is always "
    "read in the encoding recorded with it by `seized add`.",
)
@click.option("--force", is_flag=True, help="Redo steps that are already done.")
@progress_option
@actor_option
def ingest_cmd(
    case: Path,
    markets: tuple[str, ...],
    keep_going: bool,
    encoding: str | None,
    force: bool,
    progress: str,
    actor: str | None,
) -> None:
    """Parse every registered dump into raw tables, then map them into the canonical tables.

    Steps already done with the same inputs are skipped; an interrupted step is redone.

    \b
    Example:
      seized ingest case1
      seized ingest case1 --market alphabay --keep-going
    """
    opened = Case.open(case, actor=actor)
    with byte_progress(progress) as callback:
        ingested = run_stage(
            opened,
            "ingest",
            IngestOptions(
                markets=list(markets) or None,
                keep_going=keep_going,
                encoding=encoding,
                force=force,
                progress=callback,
            ),
        )
    for result in ingested.parts:
        state = "skipped" if result.skipped else "done"
        tables = {k: v for k, v in result.counts.items() if not k.startswith("_")}
        click.echo(f"{result.stage} {result.scope}: {state}, {len(tables)} tables")
        for name, count in tables.items():
            if isinstance(count, dict):
                rej = f", {count['rejected']:,} rejected" if count.get("rejected") else ""
                click.echo(f"  {name}: {count['stored']:,} rows{rej}")
            else:
                click.echo(f"  {name}: {count:,} rows")
        for message in result.messages:
            click.echo(f"  {message}")


COMMANDS = [ingest_cmd]
