"""serve | users add, users list | audit | index: the analysts' workbench."""

from __future__ import annotations

import json
from pathlib import Path

import click

from seized.case import Case
from seized.cli.options import case_argument, progress_option


@click.command()
@case_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--tls-cert",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TLS certificate (PEM); needed to serve beyond 127.0.0.1.",
)
@click.option(
    "--tls-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The certificate's private key (PEM).",
)
def serve(case: Path, host: str, port: int, tls_cert: Path | None, tls_key: Path | None) -> None:
    """Serve the analysts' workbench for a case: search, pages, graph, flows, actions.

    The search index is brought up to date first (the index stage). Users log in with the
    accounts of `seized users add`; an analyst sees only what concerns the agency's
    countries. The case store is read-only while it serves: stop it to run other stages.

    \b
    Example:
      seized users add case1 anna --agency BKA --countries DE,AT --password-file pw.txt
      seized serve case1 --port 8080
      seized serve case1 --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem
    """
    from seized.web.server import serve as run

    run(case, host=host, port=port, tls_cert=tls_cert, tls_key=tls_key, echo=click.echo)


@click.group()
def users() -> None:
    """Workbench users: each belongs to an agency with countries, as analyst or lead.

    \b
    Example:
      seized users add case1 anna --agency BKA --countries DE,AT --password-file pw.txt
      seized users list case1
    """


@users.command(name="add")
@case_argument
@click.argument("name")
@click.option("--agency", required=True, help="The user's agency.")
@click.option("--countries", default="", help="The agency's countries, ISO codes, comma-separated.")
@click.option(
    "--role",
    type=click.Choice(["analyst", "lead"]),
    default="analyst",
    show_default=True,
    help="A lead (the coordinating agency) sees the whole case.",
)
@click.option(
    "--password-file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="File whose first line is the password (at least 12 characters).",
)
def users_add(
    case: Path, name: str, agency: str, countries: str, role: str, password_file: Path
) -> None:
    """Add a workbench user (the password is stored as an Argon2id hash).

    The custody log records it, so the case store must not be in use (stop `seized serve`).

    \b
    Example:
      seized users add case1 anna --agency BKA --countries DE,AT --password-file pw.txt
      seized users add case1 lena --agency Europol --role lead --password-file pw2.txt
    """
    from seized.web.store import Store
    from seized.web.users import add_user, read_password

    opened = Case.open(case)
    user = add_user(
        Store(opened.root),
        name,
        agency=agency,
        countries=countries,
        role=role,
        password=read_password(password_file),
    )
    opened.log(
        "workbench.user",
        details={"user": user.name, "agency": user.agency, "countries": list(user.countries),
                 "role": user.role},
    )  # fmt: skip
    scope = "every country" if user.lead else ", ".join(user.countries)
    click.echo(f"user {user.name} ({user.role}, {user.agency}) added: sees {scope}")


@users.command(name="list")
@case_argument
def users_list(case: Path) -> None:
    """List the workbench users of a case.

    \b
    Example:
      seized users list case1
    """
    from seized.web.store import Store
    from seized.web.users import list_users

    for user in list_users(Store(Case.open(case).root)):
        scope = "all" if user.lead else ",".join(user.countries)
        click.echo(f"{user.name}\t{user.agency}\t{user.role}\t{scope}")


@click.command()
@case_argument
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def audit(case: Path, fmt: str) -> None:
    """Print the workbench's audit log: who read or changed what, when (hash-chained).

    \b
    Example:
      seized audit case1
      seized audit case1 --format json > audit.json
    """
    from seized.case import CASE_FILE
    from seized.errors import UserError
    from seized.web.audit import entries

    # read without opening the case store: it works while `seized serve` holds it
    root = case.resolve()
    if not (root / CASE_FILE).is_file():
        raise UserError(f"{root} is not a seized case (no {CASE_FILE})")
    found = entries(root)
    if fmt == "json":
        click.echo(json.dumps(found, indent=1, ensure_ascii=False))
        return
    for entry in found:
        details = entry.get("details", {})
        outputs = entry.get("outputs", {})
        click.echo(
            f"{entry['seq']}\t{entry['time'][:19]}\t{entry['actor']}@{details.get('agency')}\t"
            f"{details.get('method')} {entry['action']}\t{details.get('status')}\t"
            f"{json.dumps(details.get('params', {}), ensure_ascii=False)}\t"
            f"{outputs.get('count', 0)} ids"
        )


@click.command()
@case_argument
@click.option("--force", is_flag=True, help="Build it again even when nothing changed.")
@progress_option
def index(case: Path, force: bool, progress: str) -> None:
    """Build the workbench's full-text search index (CASE/index/).

    It covers persons, accounts, listings, orders, messages (decrypted text included),
    addresses, transactions, clusters and exchanges, and is built again when the stages it
    reads changed their tables. `seized serve` runs it first.

    \b
    Example:
      seized index case1
    """
    from seized.progress import count_progress
    from seized.stages import run_stage
    from seized.web.stage import IndexOptions

    with count_progress(progress, unit="steps") as callback:
        result = run_stage(Case.open(case), "index", IndexOptions(force=force, progress=callback))
    if result.skipped:
        click.echo("index: inputs unchanged since it last ran, nothing to do")
    else:
        counts = ", ".join(f"{v} {k}" for k, v in result.counts.items() if k != "documents")
        click.echo(f"index: {result.counts.get('documents')} documents ({counts})")


COMMANDS = [serve, users, audit, index]
