"""`seized demo` / `make demo`: a small synthetic case through every stage that exists."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from seized.case import Case
from seized.errors import UserError
from seized.runfile import describe, run_case_file
from seized.stages import StageResult

MARKER = ".seized-demo"
Echo = Callable[[str], None]


def run_demo(out: Path, *, seed: int = 1, echo: Echo = print) -> Case:
    from seized.synth import generate

    out = out.resolve()
    if out.exists():
        if not (out / MARKER).exists():
            if any(out.iterdir()):
                raise UserError(f"{out} exists and is not a demo directory; choose another")
        else:
            shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by `seized demo`; deleted by the next demo run\n")
    started = time.monotonic()
    echo(f"1. synthesising a small seized server (seed {seed}) in {out / 'server'}")
    generate(out / "server", scale="small", seed=seed)
    echo("2. running the case file: register evidence, ingest, map")

    def report(result: StageResult, seconds: float | None) -> None:
        for line in describe(result, seconds):
            echo(f"   {line}")

    run_case_file(out / "server" / "case.toml", case_dir=out / "case", echo=echo, report=report)
    case = Case.open(out / "case")
    _summary(case, echo)
    _outputs(case, out, echo)
    echo(f"done in {time.monotonic() - started:.1f} s")
    echo(f"case: {case.root}  (try: seized status {case.root})")
    _workbench(case, echo)
    return case


def _workbench(case: Case, echo: Echo) -> None:
    """A lead user for the workbench, and the command that serves it."""
    import secrets

    from seized.web.store import Store
    from seized.web.users import add_user

    password = secrets.token_urlsafe(12)
    add_user(Store(case.root), "demo", agency="demo", countries="", role="lead", password=password)
    echo(f"workbench: seized serve {case.root}")
    echo(f"  then open http://127.0.0.1:8080/ and log in as demo, password {password}")


def _outputs(case: Case, out: Path, echo: Echo) -> None:
    from seized.export.package import write_package
    from seized.export.report import write_report

    report = write_report(case, out / "report.html")
    echo(f"report: {report}")
    with case.connect(read_only=True) as con:
        row = con.execute(
            "SELECT country FROM targets WHERE country IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchone()
    if row is None:
        echo("package: no target has a country yet, so no package was written")
        return
    country = str(row[0])
    package = write_package(case, country, out / f"package-{country.lower()}")
    echo(
        f"package for {country}: {package.folder} (and {package.zip_path.name}); "
        f"check it with: seized package verify {package.zip_path} "
        f"--cert {case.root / 'keys' / 'case-cert.asc'}"
    )


def _summary(case: Case, echo: Echo) -> None:
    with case.connect(read_only=True) as con:
        echo("summary:")
        for market, accounts, vendors, buyers, staff in con.execute(
            "SELECT market_id, count(*), count(*) FILTER (role = 'vendor'), "
            "count(*) FILTER (role = 'buyer'), count(*) FILTER (role = 'staff') "
            "FROM accounts GROUP BY market_id ORDER BY market_id"
        ).fetchall():
            echo(
                f"  market {market}: {accounts} accounts "
                f"({vendors} vendors, {buyers} buyers, {staff} staff)"
            )
        for table in ("listings", "orders", "messages", "payouts", "wallet_addresses"):
            row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            echo(f"  {table}: {row[0] if row else 0}")
        for table, found, opened, no_key in con.execute(
            "SELECT source_table, count(*), count(*) FILTER (status = 'decrypted'), "
            "count(*) FILTER (status = 'no_key') FROM pgp_blobs GROUP BY 1 ORDER BY 1"
        ).fetchall():
            echo(
                f"  PGP messages in {table}: {found} found, {opened} decrypted, "
                f"{no_key} for keys not seized"
            )
        keys = con.execute("SELECT count(*), count(*) FILTER (has_secret) FROM pgp_keys").fetchone()
        if keys:
            echo(f"  PGP keys: {keys[0]} seen, {keys[1]} with the secret key seized")
        kinds = con.execute(
            "SELECT kind, count(*) FROM identifiers GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        if kinds:
            shown = ", ".join(f"{count} {kind}" for kind, count in kinds)
            echo(f"  identifiers found: {shown}")
        spans = con.execute(
            "SELECT count(DISTINCT person_id), "
            "count(DISTINCT person_id) FILTER (markets > 1) FROM "
            "(SELECT p.person_id, count(DISTINCT a.market_id) AS markets FROM persons p "
            "JOIN accounts a USING (account_id) GROUP BY 1)"
        ).fetchone()
        if spans and spans[0]:
            echo(f"  persons: {spans[0]}, of whom {spans[1]} span several markets")
        chain = con.execute(
            "SELECT (SELECT count(*) FROM btc_blocks), (SELECT count(*) FROM btc_transactions), "
            "(SELECT count(*) FROM coinjoins), (SELECT count(DISTINCT cluster_id) FROM "
            "address_clusters)"
        ).fetchone()
        if chain and chain[1]:
            echo(
                f"  chain: {chain[0]} blocks, {chain[1]} transactions, {chain[2]} CoinJoins "
                f"detected, {chain[3]} address clusters"
            )
        for label, sats, persons in con.execute(
            "SELECT label, sum(amount_sats), count(DISTINCT person_id) FROM cashouts "
            "WHERE NOT starts_with(person_id, 'market:') GROUP BY 1 ORDER BY 2 DESC LIMIT 5"
        ).fetchall():
            echo(f"  cashed out at {label}: {sats / 1e8:.4f} BTC by {persons} persons")
        echo("  top targets:")
        for rank, role, country, summary in con.execute(
            "SELECT rank, role, country, summary FROM targets ORDER BY rank LIMIT 5"
        ).fetchall():
            echo(f"   {rank}. [{role}, {country or '??'}] {summary}")
