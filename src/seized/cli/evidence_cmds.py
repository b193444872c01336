"""evidence withdraw: take a piece of evidence out of the case, on the record."""

from __future__ import annotations

from pathlib import Path

import click

from seized.case import Case
from seized.cli.options import actor_option, case_argument
from seized.ingest.withdraw import withdraw_evidence


@click.group()
def evidence() -> None:
    """Manage registered evidence."""


@evidence.command()
@case_argument
@click.argument("number", type=int, metavar="N")
@click.option("--reason", required=True, help="Why the evidence is withdrawn (kept on record).")
@actor_option
def withdraw(case: Path, number: int, reason: str, actor: str | None) -> None:
    """Withdraw evidence #N (as `seized status` numbers it): a wrong file, a duplicate.

    The custody log keeps every entry about it and records the withdrawal; the evidence keeps
    its row with when and why. Its raw tables and its rows in the canonical tables are removed,
    and the stages built on it are marked not done, so the next run rebuilds them from the
    evidence that remains. `seized verify` still checks its file against the registered hash
    while the file is there, and reports it as withdrawn, not missing, when it is gone.

    \b
    Example:
      seized evidence withdraw case1 3 --reason "wrong export: the test shop, not the market"
    """
    done = withdraw_evidence(Case.open(case, actor=actor), number, reason)
    rows = sum(done.rows.values())
    click.echo(
        f"#{done.evidence_id} {done.name}: withdrawn; {_count(rows, 'row')} and "
        f"{_count(len(done.raw_files), 'raw-table file')} removed"
    )
    for table, count in done.rows.items():
        click.echo(f"  {table}: {_count(count, 'row')}")
    if done.stages:
        click.echo(f"  to run again: {', '.join(done.stages)}")


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


COMMANDS = [evidence]
