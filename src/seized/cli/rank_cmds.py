"""rank: score and explain targets, assign each person a country."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from seized.case import Case
from seized.cli.options import actor_option, case_argument, progress_option
from seized.progress import count_progress


@click.command()
@case_argument
@click.option("--top", default=20, show_default=True, help="How many targets to print.")
@click.option("--brief", is_flag=True, help="One line per target, without the reasons.")
@click.option("--force", is_flag=True, help="Rank again even when no input changed.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the targets with their accounts and reasons as sentences, for other programs.",
)
@progress_option
@actor_option
def rank(
    case: Path, top: int, brief: bool, force: bool, fmt: str, progress: str, actor: str | None
) -> None:
    """Score and explain targets and assign each person a country.

    Fills economics (revenue, spend, categories, activity per person), listing_products,
    country_evidence and targets. Without linking results each account is its own person;
    without orders, revenue is estimated from the listings' sales counters or from feedback, and
    said so (docs/ranking.md).

    Prints the best targets: rank, score, role, country, the person id and their usernames with
    the markets, then the reasons as sentences (--brief leaves them out).

    \b
    Example:
      seized rank case1 --top 10
      seized rank case1 --top 100 --format json > targets.json
    """
    from seized.export import reasons as why
    from seized.rank.stage import RankOptions
    from seized.stages import run_stage

    opened = Case.open(case, actor=actor)
    with count_progress(progress, unit="steps") as callback:
        result = run_stage(opened, "rank", RankOptions(force=force, progress=callback))
    for message in result.messages:
        click.echo(message, err=True)
    with opened.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT t.rank, t.role, t.score, t.country, t.person_id, t.reasons, "
            "list(a.account_id ORDER BY a.market_id, a.username), "
            "list(a.username ORDER BY a.market_id, a.username), "
            "list(a.market_id ORDER BY a.market_id, a.username) "
            "FROM (SELECT * FROM targets ORDER BY rank LIMIT ?) AS t "
            "LEFT JOIN (SELECT unnest(accounts) AS account_id, person_id FROM targets) AS ta "
            "USING (person_id) LEFT JOIN accounts AS a ON a.account_id = ta.account_id "
            "GROUP BY ALL ORDER BY t.rank",
            [top],
        ).fetchall()
    if fmt == "json":
        click.echo(json.dumps([_as_json(row) for row in rows], ensure_ascii=False, indent=1))
        return
    for position, role, score, country, person, reasons, ids, names, markets in rows:
        who = ", ".join(
            f"{name or account} ({market})"
            for account, name, market in zip(ids, names, markets, strict=True)
            if account is not None
        )
        click.echo(f"{position:>4}  {score:6.1f}  {role:<8} {country or '--':<2}  {person}  {who}")
        if not brief:
            usernames = {str(a): str(n) for a, n in zip(ids, names, strict=True) if a and n}
            for line in why.lines(reasons, usernames):
                click.echo(f"{'':>8}- {line}")


def _as_json(row: tuple[Any, ...]) -> dict[str, Any]:
    from seized.export import reasons as why

    position, role, score, country, person, reasons, ids, names, markets = row
    accounts = [
        {"account_id": a, "username": n, "market": m}
        for a, n, m in zip(ids, names, markets, strict=True)
        if a is not None
    ]
    usernames = {str(a["account_id"]): str(a["username"]) for a in accounts if a["username"]}
    return {
        "rank": position,
        "person_id": person,
        "role": role,
        "score": score,
        "country": country,
        "accounts": accounts,
        "reasons": why.lines(reasons, usernames),
    }


COMMANDS = [rank]
