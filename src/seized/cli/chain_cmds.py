"""tags import | from-market."""

from __future__ import annotations

from pathlib import Path

import click

from seized.case import Case
from seized.cli.options import actor_option, case_argument


@click.group()
def tags() -> None:
    """Attribution tags: GraphSense TagPacks and the seized wallet tables."""


@tags.command(name="import")
@case_argument
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@actor_option
def import_cmd(case: Path, files: tuple[Path, ...], actor: str | None) -> None:
    """Import GraphSense TagPack YAML files (registered as evidence first).

    Header fields are inherited by the tags; defects (missing confidence, an address that is not
    valid for its currency, a tag without actor) are warnings naming the line.

    \b
    Example:
      seized tags import case1 packs/walletexplorer.yaml packs/hydra.yaml
    """
    from seized.chain.tagging import import_tagpacks

    result, warnings = import_tagpacks(Case.open(case, actor=actor), list(files))
    for title, count in result.counts.items():
        click.echo(f"{title}: {count} tags")
    for path, warning in warnings:
        where = f"{path.name}:{warning.line}" if warning.line else path.name
        click.echo(f"warning: {where}: {warning.message}", err=True)


@tags.command(name="from-market")
@case_argument
@actor_option
def from_market(case: Path, actor: str | None) -> None:
    """Tag every address in the seized wallet tables with its market, kind and account.

    \b
    Example:
      seized tags from-market case1
    """
    from seized.chain.tagging import tag_market_addresses

    result = tag_market_addresses(Case.open(case, actor=actor))
    click.echo(f"{result.counts['tags']} tags from the seized wallet tables")


COMMANDS = [tags]
