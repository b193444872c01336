"""The `seized` command line. Each command group lives in its own module; they parse options,
call the same stage functions that `seized run` and the Python API use, and print."""

from __future__ import annotations

import sys

import click

from seized import __version__
from seized.cli import (
    case_cmds,
    chain_cmds,
    crypto_cmds,
    export_cmds,
    extract_cmds,
    ingest_cmds,
    link_cmds,
    mapping_cmds,
    rank_cmds,
    synth_cmds,
)
from seized.errors import SeizedError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SeizedError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seized")
def cli() -> None:
    """seized — turn a seized darknet-market server into evidence-backed target packages.

    \b
    Example:
      seized init case1
      seized add case1 dump.sql --market alphabay
      seized ingest case1
      seized status case1
    """


for module in (
    case_cmds,
    ingest_cmds,
    mapping_cmds,
    crypto_cmds,
    extract_cmds,
    link_cmds,
    chain_cmds,
    rank_cmds,
    export_cmds,
    synth_cmds,
):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    cli()
