"""mapping suggest | set | list."""

from __future__ import annotations

from pathlib import Path

import click

from seized.case import Case
from seized.cli.options import actor_option, case_argument
from seized.errors import UserError
from seized.register import set_mapping


@click.group()
def mapping() -> None:
    """Mappings: how a market's own tables become the canonical tables.

    \b
    Example:
      seized mapping suggest case1 --market newmarket --out newmarket.yaml
      seized mapping set case1 --market newmarket newmarket.yaml
      seized ingest case1 --market newmarket
    """


@mapping.command()
@case_argument
@click.option("--market", required=True, help="The market whose raw tables to look at.")
@click.option("--software", default=None, help="Name for the market software (default: MARKET).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the draft here instead of printing it.",
)
def suggest(case: Path, market: str, software: str | None, out: Path | None) -> None:
    """Draft a mapping from the market's raw tables: their names, types and values.

    The draft is tried on the raw tables before it is written: it loads and runs. What it
    could not decide is marked `# TODO(seized)`. Check it, then attach it with
    `seized mapping set`.

    \b
    Example:
      seized mapping suggest case1 --market alphabay --out alphabay.yaml
    """
    from seized.mapping import parse_mapping, suggest_mapping

    opened = Case.open(case)
    with opened.connect(read_only=True) as con:
        row = con.execute("SELECT raw_schema FROM markets WHERE market_id = ?", [market]).fetchone()
        if row is None:
            raise UserError(f"no market {market!r} in this case")
        loaded = con.execute(
            "SELECT count(*) FROM raw_tables WHERE market_id = ?", [market]
        ).fetchone()
        if not loaded or not loaded[0]:
            raise UserError(f"market {market!r} has no raw tables yet; run: seized ingest {case}")
        text = suggest_mapping(con, str(row[0]), software=software or market)
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    tables = list(parse_mapping(text.encode("utf-8"), str(out)).tables)
    todos = sum("# TODO(seized):" in line for line in text.splitlines())
    click.echo(
        f"draft mapping written to {out}: {len(tables)} tables ({', '.join(tables)}), "
        f"tried on the raw tables of {market}; {todos} TODO(seized) lines to check"
    )


@mapping.command(name="set")
@case_argument
@click.option("--market", required=True)
@click.argument("mapping_file", metavar="FILE|NAME")
@actor_option
def set_cmd(case: Path, market: str, mapping_file: str, actor: str | None) -> None:
    """Attach a mapping (a file, or a built-in name) to a market; the next ingest maps it.

    \b
    Example:
      seized mapping set case1 --market alphabay alphabay.yaml
      seized mapping set case1 --market agora agora-csv
    """
    opened = Case.open(case, actor=actor)
    sha = set_mapping(opened, market, mapping_file)
    click.echo(f"mapping for {market} set (sha256 {sha}); run `seized ingest {case}` to apply it")


@mapping.command(name="list")
def list_cmd() -> None:
    """List the mappings that ship with seized.

    \b
    Example:
      seized mapping list
    """
    from seized.mapping import builtin_mapping, builtin_names

    for name in builtin_names():
        click.echo(f"{name}: {builtin_mapping(name).description}")


COMMANDS = [mapping]
