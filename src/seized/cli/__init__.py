"""The `seized` command line. Each command group lives in its own module; they parse options,
call the same stage functions that `seized run` and the Python API use, and print."""

from __future__ import annotations

import errno
import os
import sys
import traceback

import click

from seized import __version__
from seized.cli import (
    case_cmds,
    chain_cmds,
    crypto_cmds,
    custody_cmds,
    evidence_cmds,
    export_cmds,
    extract_cmds,
    ingest_cmds,
    link_cmds,
    mapping_cmds,
    rank_cmds,
    synth_cmds,
    web_cmds,
)
from seized.errors import OutputError, SeizedError
from seized.progress import set_quiet


class _Group(click.Group):
    """Turns errors into a message and an exit code (see ``seized.errors.EXIT_CODES``): declared
    errors and failed writes without a traceback, a closed pipe quietly."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SeizedError as exc:
            _fail(ctx, str(exc), exc.exit_code)
        except BrokenPipeError:
            # the reader went away (`seized query ... | head -1`): nothing more to say to it
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(141)
        except KeyboardInterrupt:
            _fail(ctx, "interrupted; a stage that was running left nothing half-done", 130)
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRNOS:
                raise
            where = f" {exc.filename}" if exc.filename else ""
            _fail(ctx, f"cannot write{where}: {_OUTPUT_ERRNOS[exc.errno]}", OutputError.exit_code)
        return None


_OUTPUT_ERRNOS = {
    errno.EEXIST: "it exists already; choose another path or remove it",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EACCES: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EISDIR: "it is a directory",
}


def _fail(ctx: click.Context, message: str, code: int) -> None:
    if (ctx.obj or {}).get("verbose"):
        traceback.print_exc()
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seized")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars; only results and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Tracebacks with errors, for bug reports.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """seized — turn a seized darknet-market server into evidence-backed target packages.

    Exit codes: 0 done, 2 wrong usage, 3 bad input (the file and position are named), 4
    integrity (verification failed), 5 an output could not be written, 6 intact but not
    authenticated (seized verify without trusted signatures), 130 interrupted.

    \b
    Example:
      seized init case1
      seized add case1 dump.sql --market alphabay
      seized ingest case1
      seized status case1
      seized -q run operation.toml
    """
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    ctx.obj["quiet"] = quiet
    set_quiet(quiet)


for module in (
    case_cmds,
    custody_cmds,
    evidence_cmds,
    ingest_cmds,
    mapping_cmds,
    crypto_cmds,
    extract_cmds,
    link_cmds,
    chain_cmds,
    rank_cmds,
    export_cmds,
    synth_cmds,
    web_cmds,
):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    cli()
