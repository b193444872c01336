"""link: accounts on several markets resolved to persons."""

from __future__ import annotations

import dataclasses
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
from seized.progress import count_progress


@click.command()
@case_argument
@click.option(
    "--overrides",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Must-link / cannot-link file; replaces the stored overrides (kept for later runs).",
)
@click.option(
    "--match-probability",
    type=click.FloatRange(0.0, 1.0),
    default=0.5,
    show_default=True,
    help="Model links below this match probability are not used.",
)
@click.option(
    "--vendor-match-probability",
    type=click.FloatRange(0.0, 1.0),
    default=0.5,
    show_default=True,
    help="Model links between two vendor accounts need at least this match probability "
    "(vendors of one trade resemble each other; a wrong link merges two targets).",
)
@click.option(
    "--max-accounts",
    type=click.IntRange(2),
    default=6,
    show_default=True,
    help="An identifier on more accounts than this is shared by a crowd and links nobody.",
)
@click.option("--no-model", is_flag=True, help="Hard links only (no probabilistic model).")
@click.option(
    "--same-market-probability",
    type=click.FloatRange(0.0, 1.0),
    default=0.99,
    show_default=True,
    help="Model links that put two accounts of one market into one person (a second account) "
    "need at least this match probability.",
)
@click.option(
    "--model-same-market",
    is_flag=True,
    help="Let model links join two accounts of one market at the plain match probability.",
)
@click.option(
    "--evaluate",
    "truth",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A truth.json of `seized synth`, or a CSV file with the columns account_id and "
    "person_id: print pairwise precision, recall and F1 (overall and over the pairs with "
    "evidence), recall per kind of link and the links used per rule.",
)
@click.option("--force", is_flag=True, help="Link again even when nothing changed.")
@progress_option
@engine_options
@actor_option
def link(
    case: Path,
    overrides: Path | None,
    match_probability: float,
    vendor_match_probability: float,
    max_accounts: int,
    no_model: bool,
    same_market_probability: float,
    model_same_market: bool,
    truth: Path | None,
    force: bool,
    progress: str,
    actor: str | None,
    **engine: Any,
) -> None:
    """Resolve accounts on several markets to persons, with the evidence for every link.

    Hard links (same PGP key, payout or refund address, contact handle, e-mail or phone) are
    combined with a probabilistic record-linkage model (Splink) over usernames, listings,
    categories, ships-from, prices, writing habits, the hours of day an account is active and, for
    buyers, the vendors they buy from; what one trade explains (vendors' categories, ships-from,
    titles and prices) counts once, and active hours count only what they add to the message habits
    among sampled strangers. Common names, the market's own addresses and crowded or tutorial keys
    link nobody; a same-name or model link between accounts known to be in different countries is
    refused; persons whose accounts disagree on hard facts are flagged for review. The analyst's
    overrides apply on every run. With --engine spark the model scores the candidate pairs on Apache
    Spark (the same model and thresholds; everything else runs in the case store).

    \b
    Example:
      seized link case1
      seized link case1 --overrides analyst-links.txt --match-probability 0.8
      seized link case1 --evaluate synth/truth.json
      seized link case1 --evaluate analyst-persons.csv
      seized link case1 --engine spark --spark-master spark://10.0.0.5:7077
    """
    from seized.link.evaluate import evaluate, load_truth
    from seized.link.options import LinkOptions
    from seized.stages import run_stage

    options = LinkOptions(
        match_probability=match_probability,
        vendor_match_probability=vendor_match_probability,
        max_accounts_per_value=max_accounts,
        model=not no_model,
        same_market_probability=same_market_probability,
        model_same_market=model_same_market,
        overrides=overrides,
        force=force,
        **engine_fields(engine),
    )
    known = load_truth(truth) if truth is not None else None  # a bad file fails before linking
    opened = Case.open(case, actor=actor)
    with count_progress(progress, unit="steps") as callback:
        result = run_stage(opened, "link", dataclasses.replace(options, progress=callback))
    for message in result.messages:
        click.echo(message)
    if not result.skipped:
        c = result.counts
        click.echo(
            f"{c['accounts']} accounts -> {c['persons']} persons "
            f"({c['multi_account_persons']} with several accounts, {c['review']} for review); "
            f"{c['hard_links']} hard and {c['model_links']} model links used, "
            f"{c['refused_links']} refused"
        )
    if known is not None:
        with opened.connect(read_only=True) as con:
            rows = con.execute("SELECT account_id, person_id FROM persons").fetchall()
            edges = con.execute(
                "SELECT account_a, account_b, rule FROM link_edges WHERE accepted"
            ).fetchall()
        report = evaluate(
            {str(a): str(p) for a, p in rows},
            known,
            [(str(a), str(b), str(r)) for a, b, r in edges],
        )
        for line in report.lines():
            click.echo(line)


COMMANDS = [link]
