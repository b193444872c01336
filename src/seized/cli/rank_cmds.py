"""rank: score and explain targets, assign each person a country."""

from __future__ import annotations

from pathlib import Path

import click

from seized.case import Case
from seized.cli.options import actor_option, case_argument


@click.command()
@case_argument
@click.option("--top", default=20, show_default=True, help="How many targets to print.")
@click.option("--force", is_flag=True, help="Rank again even when no input changed.")
@actor_option
def rank(case: Path, top: int, force: bool, actor: str | None) -> None:
    """Score and explain targets and assign each person a country.

    Fills economics (revenue, spend, categories, activity per person), listing_products,
    country_evidence and targets. Without linking results each account is its own person;
    without orders, revenue is estimated from feedback (docs/ranking.md).

    \b
    Example:
      seized rank case1 --top 10
    """
    from seized.rank.stage import RankOptions
    from seized.stages import run_stage

    opened = Case.open(case, actor=actor)
    result = run_stage(opened, "rank", RankOptions(force=force))
    for message in result.messages:
        click.echo(message, err=True)
    if result.skipped:
        click.echo("targets are up to date")
    with opened.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT rank, role, score, country, summary FROM targets ORDER BY rank LIMIT ?",
            [top],
        ).fetchall()
    for position, role, score, country, summary in rows:
        click.echo(f"{position:>4}  {score:6.1f}  {role:<8} {country or '--':<2}  {summary}")


COMMANDS = [rank]
