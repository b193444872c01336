"""init, add, status, query."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import decimal
import functools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import duckdb
from rich.console import Console
from rich.table import Table

from seized.case import Case
from seized.cli.options import actor_option, case_argument, progress_option
from seized.errors import UserError
from seized.evidence import TEXT_FORMATS
from seized.export import sheet
from seized.mapping.sandbox import check_query, close_file_access
from seized.register import add_evidence
from seized.stages import StageResult
from seized.status import case_status


@click.command()
@case_argument
@click.option("--name", default=None, help="A name for the case (default: the directory name).")
@click.option(
    "--signing-key",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Your or your agency's OpenPGP secret key, kept outside the case: every custody entry "
    "of the case is then signed with it (later commands: SEIZED_SIGNING_KEY).",
)
@click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="File whose first line is the signing key's passphrase.",
)
@actor_option
def init(
    case: Path,
    name: str | None,
    signing_key: Path | None,
    passphrase_file: Path | None,
    actor: str | None,
) -> None:
    """Open a new case in the directory CASE.

    Creates the case store, the custody log and the case's own OpenPGP key (used to sign
    packages). With --signing-key (or SEIZED_SIGNING_KEY) every custody entry is signed with
    that key, and later commands refuse to log without it (docs/security.md).

    \b
    Example:
      seized init ~/cases/op-bayonet
      seized init ~/cases/op-bayonet --signing-key ~/keys/investigator.key
    """
    key = None
    if signing_key is not None:
        from seized.signing import load_signing_key, read_passphrase

        passphrase = read_passphrase(passphrase_file) if passphrase_file else None
        key = load_signing_key(signing_key, passphrase, case_root=case)
    opened = Case.init(case, actor=actor, name=name, signing_key=key)
    click.echo(f"case {opened.name} created in {opened.root}")
    if opened.signs_custody:
        click.echo(f"custody entries are signed by {opened.meta['custody_signer']}")


@click.command()
@case_argument
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--market", default=None, help="Market name for a dump (default: from the file name)."
)
@click.option(
    "--mapping",
    default=None,
    help="Mapping for the market: a mapping file or a built-in mapping name.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mysql", "postgres", "sqlite", "csv", "jsonl"]),
    default=None,
    help="Dump format, when detection from the content is not enough.",
)
@click.option(
    "--encoding",
    default=None,
    help="Text encoding of a dump (utf-8, cp1252, mac_roman, utf-16, ...), recorded with it "
    "(default: detected from its content, with the confidence shown).",
)
@click.option(
    "--header/--no-header",
    default=None,
    help="CSV: whether the first row names the columns (default: detected).",
)
@click.option(
    "--columns",
    default=None,
    metavar="A,B,C",
    help="CSV: the column names, comma-separated; the first row is then data (unless --header).",
)
@actor_option
def add(
    case: Path,
    files: tuple[Path, ...],
    market: str | None,
    mapping: str | None,
    fmt: str | None,
    encoding: str | None,
    header: bool | None,
    columns: str | None,
    actor: str | None,
) -> None:
    """Register evidence FILES: hash each one (SHA-256) and log it before anything reads it.

    A text dump is recorded with its encoding, which the ingest then reads it in: the one given
    with --encoding, or else the one detected from its content (shown with its confidence).
    For CSV, whether the first row is a header is detected when it is read, unless --header,
    --no-header or --columns says so.

    \b
    Example:
      seized add case1 seized/db.sql.gz --market alphabay
      seized add case1 scrapes/ --market agora --mapping agora-csv
      seized add case1 export.csv --market silk --encoding mac_roman --no-header
    """
    opened = Case.open(case, actor=actor)
    names = [c.strip() for c in columns.split(",")] if columns is not None else None
    added = add_evidence(
        opened,
        list(files),
        market=market,
        mapping=mapping,
        fmt=fmt,
        encoding=encoding,
        header=header,
        columns=names,
    )
    for item in added:
        where = f" market {item.market}" if item.market else ""
        click.echo(
            f"#{item.evidence_id} {item.path.name}: {item.kind}/{item.format}{where}, "
            f"{item.bytes} bytes, sha256 {item.sha256}"
        )
        if item.kind == "dump" and item.format in TEXT_FORMATS:
            click.echo(f"  {item.reading.describe()}")
            guess = item.reading.guess
            if guess is not None and (guess.confidence < 0.8 or guess.others):
                click.echo(
                    f"  if that is not the file's encoding: seized evidence withdraw {case} "
                    f"{item.evidence_id} --reason 'wrong encoding', then add it again with "
                    "--encoding E"
                )


@click.command()
@case_argument
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(case: Path, as_json: bool) -> None:
    """Show evidence, markets, tables with row counts, and the stages done.

    \b
    Example:
      seized status case1
    """
    info = case_status(Case.open(case))
    if as_json:
        click.echo(json.dumps(info.__dict__, default=str, indent=2))
        return
    console = Console()
    console.print(f"[bold]case[/bold] {info.name}")
    ev = Table("#", "file", "kind", "format", "market", "bytes", "sha256", title="evidence")
    for e in info.evidence:
        ev.add_row(
            str(e["evidence_id"]),
            str(e["name"]),
            str(e["kind"]),
            str(e["format"]),
            str(e["market"] or ""),
            f"{e['bytes']:,}",
            str(e["sha256"])[:16] + "…",
        )
    console.print(ev)
    mk = Table("market", "software", "raw loaded", "mapped", "accounts", title="markets")
    for m in info.markets:
        mk.add_row(
            str(m["market"]),
            str(m["software"] or "(no mapping)"),
            "yes" if m["raw_loaded"] else "no",
            "yes" if m["mapped"] else "no",
            f"{m['accounts']:,}",
        )
    console.print(mk)
    if info.raw_tables:
        raw = Table("market", "raw table", "read", "stored", "rejected", title="raw tables")
        for r in info.raw_tables:
            raw.add_row(
                str(r["market"]),
                str(r["table"]),
                f"{r['read']:,}",
                f"{r['stored']:,}",
                f"{r['rejected']:,}",
            )
        console.print(raw)
    tb = Table("table", "rows", title="canonical tables")
    for name, count in info.tables.items():
        tb.add_row(name, f"{count:,}")
    console.print(tb)
    st = Table("stage", "scope", "finished", title="stages done")
    for stage, scope, finished in info.stages:
        st.add_row(stage, scope, str(finished)[:19])
    console.print(st)


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@click.command()
@case_argument
@click.argument("sql")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def query(case: Path, sql: str, fmt: str) -> None:
    """Run one read-only SELECT on the case store.

    The store is opened read-only, and no file but the store and its raw tables' Parquet files
    can be opened: COPY, ATTACH, read_csv('/elsewhere') and the like are refused.

    \b
    Example:
      seized query case1 "SELECT role, count(*) FROM accounts GROUP BY role"
      seized query case1 "SELECT * FROM orders LIMIT 5" --format json
    """
    check_query(sql)
    opened = Case.open(case)
    with opened.connect(read_only=True) as con:
        close_file_access(con)
        try:
            cursor = con.execute(sql)
        except duckdb.Error as exc:
            raise UserError(f"query failed: {exc}") from exc
        if cursor.description is None:
            return
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    if fmt == "csv":  # cells that a spreadsheet would run as a formula are guarded with '
        sheet.write(sys.stdout, names, ([_plain(v) for v in row] for row in rows))
    elif fmt == "json":
        click.echo(
            json.dumps(
                [dict(zip(names, [_plain(v) for v in row], strict=True)) for row in rows],
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        table = Table(*names)
        for row in rows:
            table.add_row(*["NULL" if v is None else str(_plain(v)) for v in row])
        # into a pipe or a file, cells are never cut to a terminal's width
        Console(width=None if sys.stdout.isatty() else 1_000_000).print(table)


COMMANDS = [init, add, status, query]


@click.command(name="run")
@click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path), metavar="CASE.toml")
@click.option(
    "--case",
    "case_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The case directory (default: [case] dir in the case file).",
)
@progress_option
@actor_option
def run(case_file: Path, case_dir: Path | None, progress: str, actor: str | None) -> None:
    """Run every stage from a case file; a second run redoes nothing already done.

    The case file lists evidence with markets and mappings, keys, chain sources and tag packs
    (format: see the seized.runfile module documentation).

    \b
    Example:
      seized run operation.toml
    """
    from seized.runfile import describe, run_case_file

    def report(result: StageResult, seconds: float | None) -> None:
        for line in describe(result, seconds):
            click.echo(line)

    run_case_file(
        case_file,
        case_dir=case_dir,
        actor=actor,
        echo=click.echo,
        report=report,
        around=functools.partial(_shown, progress),
    )


#: what each stage's progress counts, as its own command shows it (None: bytes)
_UNITS = {
    "ingest": None,
    "keys.import": "keys",
    "decrypt": "values",
    "extract": "rows",
    "trace": "hops",
}


@contextlib.contextmanager
def _shown(mode: str, stage: str, options: Any) -> Iterator[Any]:
    """``options`` with a progress callback drawn in ``mode``, when the stage takes one."""
    from seized.chain.stage import source_kind
    from seized.progress import byte_progress, count_progress

    if not any(f.name == "progress" for f in dataclasses.fields(options)):
        yield options
        return
    unit = _UNITS.get(stage, "steps")
    if stage == "chain.add" and any(source_kind(s) != "etl" for s in options.sources):
        unit = None  # block files: bytes read
    with byte_progress(mode) if unit is None else count_progress(mode, unit=unit) as callback:
        yield dataclasses.replace(options, progress=callback)


COMMANDS.append(run)
