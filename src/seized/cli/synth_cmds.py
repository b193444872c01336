"""synth, demo."""

from __future__ import annotations

from pathlib import Path

import click

from seized.cli.options import progress_option
from seized.errors import UserError
from seized.progress import count_progress


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--scale",
    type=click.Choice(["small", "medium", "large"]),
    default="small",
    show_default=True,
)
@click.option("--seed", type=int, default=1, show_default=True)
@progress_option
def synth(out: Path, scale: str, seed: int, progress: str) -> None:
    """Write a synthetic seized marketplace server with its ground truth (truth.json).

    \b
    Example:
      seized synth /tmp/server --scale small --seed 7
    """
    from seized.synth import generate

    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} exists and is not empty; choose a new directory")
    with count_progress(progress, unit="steps") as callback:
        summary = generate(out, scale=scale, seed=seed, progress=callback)
    click.echo(f"synthetic server written to {out} in {summary.seconds:.1f} s")
    for market, path in summary.markets.items():
        click.echo(f"  market {market}: {path} (mapping {summary.mappings.get(market)})")
    click.echo(
        f"  {summary.accounts:,} accounts of {summary.persons:,} persons, "
        f"{summary.orders:,} orders, {summary.messages:,} messages; "
        f"{summary.blocks:,} blocks with {summary.transactions:,} transactions"
    )
    click.echo(f"  run it: seized run {out / 'case.toml'}   (the truth: {out / 'truth.json'})")


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-case"))
@click.option("--seed", type=int, default=1, show_default=True)
def demo(out: Path, seed: int) -> None:
    """Build a small synthetic case in OUT and run every stage on it.

    \b
    Example:
      seized demo demo-case
    """
    from seized.demo import run_demo

    run_demo(out, seed=seed, echo=click.echo)


COMMANDS = [synth, demo]
