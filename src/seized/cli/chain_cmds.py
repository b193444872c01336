"""tags import | from-market; chain add | cluster; trace."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import click

from seized.case import Case
from seized.cli.options import (
    actor_option,
    case_argument,
    engine_fields,
    engine_options,
    progress_option,
)
from seized.progress import byte_progress, count_progress
from seized.stages import run_stage


@click.group()
def tags() -> None:
    """Attribution tags: GraphSense TagPacks and the seized wallet tables.

    \b
    Example:
      seized tags import case1 packs/walletexplorer.yaml
      seized tags from-market case1
      seized query case1 "SELECT label, count(*) FROM tags GROUP BY 1 ORDER BY 2 DESC"
    """


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
    from seized.chain.stage import TagsOptions

    options = TagsOptions(files=list(files), from_market=False)
    result = run_stage(Case.open(case, actor=actor), "tags.import", options)
    for title, count in result.counts.items():
        click.echo(f"{title}: {count} tags")
    for message in result.messages:
        click.echo(f"warning: {message}", err=True)


@tags.command(name="from-market")
@case_argument
@actor_option
def from_market(case: Path, actor: str | None) -> None:
    """Tag every address in the seized wallet tables with its market, kind and account.

    \b
    Example:
      seized tags from-market case1
    """
    from seized.chain.stage import TagsOptions

    result = run_stage(Case.open(case, actor=actor), "tags.import", TagsOptions(from_market=True))
    tagged = result.parts[-1]
    if tagged.skipped:
        click.echo("the seized wallet tables are unchanged since they were tagged")
    else:
        click.echo(f"{tagged.counts['tags']} tags from the seized wallet tables")


COMMANDS: list[click.Command] = [tags]


@click.group()
def chain() -> None:
    """The Bitcoin chain: load blocks and transactions, cluster addresses.

    \b
    Example:
      seized chain add case1 ~/.bitcoin/blocks
      seized chain cluster case1
      seized trace case1
    """


@chain.command(name="add")
@case_argument
@click.argument("source", required=False)
@click.option("--rpc", "rpc_url", default=None, help="Bitcoin Core JSON-RPC URL to read from.")
@click.option(
    "--network",
    type=click.Choice(["mainnet", "testnet", "regtest"]),
    default="mainnet",
    show_default=True,
)
@click.option("--force", is_flag=True, help="Read the source again even when it is unchanged.")
@progress_option
@engine_options
@actor_option
def chain_add_cmd(
    case: Path,
    source: str | None,
    rpc_url: str | None,
    network: str,
    force: bool,
    progress: str,
    actor: str | None,
    **engine: Any,
) -> None:
    """Load chain data: a directory of block files (blk*.dat, recognised by their content), a
    raw block, a blockchain-etl export (JSON lines, CSV or Parquet) or a Bitcoin Core node over
    JSON-RPC (getblock verbosity 3 or 2).

    Input values are resolved from the outputs they spend; fees are computed. With --engine
    spark a blockchain-etl export (JSON lines or Parquet) or a directory of blk files is read
    and normalised on Spark.

    \b
    Example:
      seized chain add case1 ~/.bitcoin/blocks
      seized chain add case1 export/   # blockchain-etl blocks.jsonl + transactions.jsonl
      seized chain add case1 --rpc http://user:pass@127.0.0.1:8332
      seized chain add case1 bq-export/ --engine spark --spark-master spark://10.0.0.5:7077
    """
    from seized.chain.stage import ChainAddOptions, source_kind
    from seized.errors import UserError

    if (source is None) == (rpc_url is None):
        raise UserError("give either a PATH or --rpc URL")
    options = ChainAddOptions(
        sources=[source or str(rpc_url)], network=network, force=force, **engine_fields(engine)
    )
    opened = Case.open(case, actor=actor)
    etl = source is not None and source_kind(source) == "etl"  # its phases, else bytes read
    if options.engine == "spark":
        shown = count_progress(progress, unit="tasks")
    else:
        shown = count_progress(progress, unit="steps") if etl else byte_progress(progress)
    with shown as callback:
        result = run_stage(opened, "chain.add", dataclasses.replace(options, progress=callback))
    for part in result.parts:
        for message in part.messages:
            click.echo(message)
    for name, count in result.counts.items():
        click.echo(f"{name}: {count:,}" if isinstance(count, int) else f"{name}: {count}")


@chain.command(name="cluster")
@case_argument
@click.option(
    "--change",
    multiple=True,
    help="A change heuristic to apply (repeatable): one_time_change, address_type, "
    "round_amount, optimal_change. Off by default.",
)
@click.option("--force", is_flag=True, help="Cluster again even when nothing changed.")
@progress_option
@engine_options
@actor_option
def chain_cluster_cmd(
    case: Path,
    change: tuple[str, ...],
    force: bool,
    progress: str,
    actor: str | None,
    **engine: Any,
) -> None:
    """Cluster addresses with the multi-input heuristic, CoinJoins excluded; label clusters.

    \b
    Example:
      seized chain cluster case1
      seized chain cluster case1 --change one_time_change
      seized chain cluster case1 --engine spark --spark-master spark://10.0.0.5:7077
    """
    from seized.chain.stage import ClusterOptions

    options = ClusterOptions(change=change, force=force, **engine_fields(engine))
    opened = Case.open(case, actor=actor)
    unit = "tasks" if options.engine == "spark" else "steps"
    with count_progress(progress, unit=unit) as callback:
        result = run_stage(opened, "chain.cluster", dataclasses.replace(options, progress=callback))
    for name, count in result.counts.items():
        click.echo(f"{name}: {count}")
    for message in result.messages:
        click.echo(message)


@click.command(name="trace")
@case_argument
@click.option(
    "--from",
    "start",
    default=None,
    help="Where to start: person:ID, account:ID, address:ADDR, cluster:ID or txid:TXID. "
    "Without it: every vendor payout and the market's wallets.",
)
@click.option("--backward", is_flag=True, help="Trace where the coins came from.")
@click.option("--hops", type=int, default=5, show_default=True, help="Hop limit.")
@click.option(
    "--model",
    type=click.Choice(["haircut", "poison", "fifo"]),
    default="haircut",
    show_default=True,
)
@click.option("--force", is_flag=True, help="Trace again even when nothing changed.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the counts and the cash-outs per vendor on stdout.",
)
@progress_option
@engine_options
@actor_option
def trace_cmd(
    case: Path,
    start: str | None,
    backward: bool,
    hops: int,
    model: str,
    force: bool,
    fmt: str,
    progress: str,
    actor: str | None,
    **engine: Any,
) -> None:
    """Follow the money to the services where it was cashed out (fills cashouts).

    Stops at addresses labelled by tag packs, follows peel chains, and prints a cash-out
    report per vendor.

    \b
    Example:
      seized trace case1
      seized trace case1 --from address:bc1q... --hops 8 --model fifo
      seized trace case1 --format json > cashouts.json
      seized trace case1 --engine spark --spark-conf spark.executor.memory=8g

    The Spark engine traces every payout (no --from).
    """
    from seized.chain.stage import TraceOptions
    from seized.chain.trace import cashout_report

    opened = Case.open(case, actor=actor)
    unit = "tasks" if engine["engine"] == "spark" else "hops"
    with count_progress(progress, unit=unit) as callback:
        options = TraceOptions(
            start=start,
            direction="backward" if backward else "forward",
            max_hops=hops,
            model=model,
            force=force,
            progress=callback,
            **engine_fields(engine),
        )
        result = run_stage(opened, "trace", options)
    lines = []
    if start is None:
        with opened.connect(read_only=True) as con:
            lines = cashout_report(con, model=model)  # type: ignore[arg-type]
    if fmt == "json":
        cashouts = [dataclasses.asdict(line) for line in lines]
        click.echo(json.dumps({"counts": result.counts, "cashouts": cashouts}, default=str))
        return
    for message in result.messages:
        click.echo(message)
    for name, count in result.counts.items():
        click.echo(f"{name}: {count}")
    if start is None:
        click.echo("cash-outs per vendor:")
        for line in lines[:50]:
            click.echo(
                f"  {line.usernames or line.person_id}: {line.amount_sats / 1e8:.8f} BTC to "
                f"{line.label} in {line.cashouts} payments, {line.min_hops}-{line.max_hops} hops"
            )


COMMANDS.extend([chain, trace_cmd])
