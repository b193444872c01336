"""Ingest benchmark: seized vs. restoring the same dump into MariaDB and PostgreSQL.

    python bench/ingest/run.py [--mb 1000] [--small-mb 250] [--fast-restore] [--quick]

For each of two dump sizes it generates a mysqldump file and a pg_dump file holding the same
marketplace rows (gen.py), then times, each as a whole process:

- seized: ``seized init CASE && seized add CASE DUMP --market bench`` (not timed), then
  ``seized ingest CASE`` (timed, with its peak RSS);
- MariaDB: ``mariadb market < DUMP`` against a fresh throwaway server (servers.py);
- PostgreSQL: ``psql -q -v ON_ERROR_STOP=1 -f DUMP`` against a fresh throwaway server; the
  restore counts as done when psql returns.

Every run is checked: the row counts loaded must equal the generated ones. Servers run with their
default settings; ``--fast-restore`` adds restores with common fast-restore settings, labelled so.
Dumps, cases and data directories live in a temporary directory that is deleted afterwards; the
servers are always stopped. Prints a table: size, format, tool, seconds, MB/s, ratio, peak RSS.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType

if __package__ in (None, ""):  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.ingest import gen
from bench.ingest.measure import Timed, run_timed
from bench.ingest.rows import Counts
from bench.ingest.schema import TABLES
from bench.ingest.servers import (
    MariaDB,
    Postgres,
    ServerError,
    ensure_installed,
    mariadb_server,
    postgres_server,
)

MARKET = "bench"
DATABASE = gen.DATABASE
QUICK_SIZES = (2.0, 8.0)


@dataclass
class Result:
    size_mb: float  # the requested size
    fmt: str  # mysql or pg
    tool: str  # seized, mariadb, postgresql, "mariadb (fast)", ...
    dump_bytes: int
    seconds: float | None = None
    peak_rss: int | None = None
    status: str = "ok"  # ok, or what went wrong

    @property
    def mb_per_s(self) -> float | None:
        if self.seconds is None or self.status != "ok":
            return None
        return self.dump_bytes / 1e6 / self.seconds


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)


def seized_command() -> list[str] | None:
    """The seized command line: the one installed beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name("seized")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("seized")
    return [found] if found else None


def run_seized(dump: Path, workdir: Path, counts: Counts) -> tuple[Timed | None, str]:
    """Ingest ``dump`` into a new case; time ``seized ingest`` only. Returns (timing, status)."""
    seized = seized_command()
    if seized is None:
        return None, "pending: the seized command is not installed"
    case = workdir / "case"
    shutil.rmtree(case, ignore_errors=True)
    try:
        for step in (["init", str(case)], ["add", str(case), str(dump), "--market", MARKET]):
            done = subprocess.run([*seized, *step], capture_output=True, text=True)
            if done.returncode != 0:
                return None, f"failed: seized {step[0]}: {_last_line(done.stderr)}"
        timed = run_timed([*seized, "ingest", str(case), "--progress", "none"])
        if not timed.ok:
            return (
                timed,
                f"failed: seized ingest exited {timed.returncode}: {_last_line(timed.stderr)}",
            )
        query = "SELECT table_name, rows_stored FROM raw_tables ORDER BY table_name"
        out = subprocess.run(
            [*seized, "query", str(case), query, "--format", "csv"],
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            return timed, f"failed: seized query: {_last_line(out.stderr)}"
        loaded = {
            row["table_name"]: int(row["rows_stored"])
            for row in csv.DictReader(io.StringIO(out.stdout))
        }
        return timed, _compare_counts(loaded, counts)
    finally:
        shutil.rmtree(case, ignore_errors=True)


def restore_mariadb(server: MariaDB, dump: Path, counts: Counts) -> tuple[Timed, str]:
    server.execute(f"DROP DATABASE IF EXISTS `{DATABASE}`")
    server.execute(f"CREATE DATABASE `{DATABASE}`")
    timed = run_timed(server.client(DATABASE), stdin=dump)
    if not timed.ok:
        return timed, f"failed: mariadb exited {timed.returncode}: {_last_line(timed.stderr)}"
    loaded = {
        t.name: int(server.execute(f"SELECT COUNT(*) FROM `{DATABASE}`.`{t.name}`")) for t in TABLES
    }
    return timed, _compare_counts(loaded, counts)


def restore_postgres(server: Postgres, dump: Path, counts: Counts) -> tuple[Timed, str]:
    server.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    server.execute(f'CREATE DATABASE "{DATABASE}"')
    timed = run_timed(
        server.client("-q", "-v", "ON_ERROR_STOP=1", "-f", str(dump), database=DATABASE)
    )
    if not timed.ok:
        return timed, f"failed: psql exited {timed.returncode}: {_last_line(timed.stderr)}"
    loaded = {
        t.name: int(server.execute(f"SELECT COUNT(*) FROM public.{t.name}", database=DATABASE))
        for t in TABLES
    }
    return timed, _compare_counts(loaded, counts)


def _compare_counts(loaded: dict[str, int], counts: Counts) -> str:
    wrong = [
        f"{t.name} {loaded.get(t.name, 0)} of {counts.of(t)}"
        for t in TABLES
        if loaded.get(t.name, 0) != counts.of(t)
    ]
    return "ok" if not wrong else "wrong row counts: " + ", ".join(wrong)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "(no message)"


def _server_runs(fast_restore: bool) -> Iterator[tuple[str, bool]]:
    yield "", False
    if fast_restore:
        yield " (fast)", True


def bench_size(
    size_mb: float,
    workdir: Path,
    report: Report,
    *,
    seed: int,
    fast_restore: bool,
    skip_seized: bool,
) -> None:
    """Generate the dumps of one size, run every tool on them, delete them."""
    dumps_dir = workdir / f"dumps-{size_mb:g}"
    started = time.perf_counter()
    dumps = gen.generate(dumps_dir, size_mb, seed=seed)
    assert dumps.mysql is not None and dumps.pg is not None
    print(
        f"\n== {size_mb:g} MB: generated {dumps.mysql.stat().st_size / 1e6:.1f} MB mysqldump and "
        f"{dumps.pg.stat().st_size / 1e6:.1f} MB pg_dump in {time.perf_counter() - started:.0f} s "
        f"({dumps.counts})",
        flush=True,
    )
    try:
        for fmt, dump in (("mysql", dumps.mysql), ("pg", dumps.pg)):
            size = dump.stat().st_size
            if not skip_seized:
                timed, status = run_seized(dump, workdir, dumps.counts)
                _record(report, Result(size_mb, fmt, "seized", size, status=status), timed)
            for label, fast in _server_runs(fast_restore):
                if fmt == "mysql":
                    with mariadb_server(fast=fast) as mdb:
                        report.versions["MariaDB"] = mdb.version
                        timed, status = restore_mariadb(mdb, dump, dumps.counts)
                    tool = "mariadb" + label
                else:
                    with postgres_server(fast=fast) as pg:
                        report.versions["PostgreSQL"] = pg.version
                        timed, status = restore_postgres(pg, dump, dumps.counts)
                    tool = "postgresql" + label
                _record(report, Result(size_mb, fmt, tool, size, status=status), timed)
    finally:
        shutil.rmtree(dumps_dir, ignore_errors=True)


def _record(report: Report, result: Result, timed: Timed | None) -> None:
    if timed is not None:
        result.seconds = timed.seconds
        result.peak_rss = timed.peak_rss
    report.results.append(result)
    rate = f"{result.mb_per_s:.1f} MB/s" if result.mb_per_s is not None else "-"
    secs = f"{result.seconds:.1f} s" if result.seconds is not None else "-"
    print(f"   {result.fmt:5} {result.tool:18} {secs:>9} {rate:>12}  {result.status}", flush=True)


def table(report: Report) -> str:
    """The results as a Markdown table (readable as plain text too), with notes below it."""
    head = "| dump size | format | tool | seconds | MB/s | seized speed ÷ db | seized peak RSS |"
    lines = [head, "|---|---|---|---:|---:|---:|---:|"]
    notes: list[str] = []
    by_key = {(r.size_mb, r.fmt, r.tool): r for r in report.results}
    for r in report.results:
        ratio = ""
        if r.tool != "seized":
            mine = by_key.get((r.size_mb, r.fmt, "seized"))
            if mine is not None and mine.seconds and r.seconds and mine.status == r.status == "ok":
                ratio = f"{r.seconds / mine.seconds:.2f}×"
            elif mine is not None:
                ratio = "pending" if mine.status.startswith("pending") else "-"
        rss = f"{r.peak_rss / 2**20:.0f} MiB" if r.tool == "seized" and r.peak_rss else ""
        if r.status == "ok" and r.seconds is not None:
            secs = f"{r.seconds:.1f}"
        else:
            notes.append(r.status)
            secs = f"see note {len(notes)}"
            rss = ""
        rate = f"{r.mb_per_s:.1f}" if r.mb_per_s is not None else "-"
        size = f"{r.dump_bytes / 1e6:.1f} MB"
        lines.append(f"| {size} | {r.fmt} | {r.tool} | {secs} | {rate} | {ratio} | {rss} |")
    lines.append("")
    lines += [f"{i}. {note}" for i, note in enumerate(notes, 1)]
    lines += rss_summary(report)
    return "\n".join(lines).rstrip() + "\n"


def rss_summary(report: Report) -> list[str]:
    """seized's peak RSS at the smallest and the largest size, per format (it must stay flat)."""
    out: list[str] = []
    for fmt in ("mysql", "pg"):
        runs = sorted(
            (r for r in report.results if r.fmt == fmt and r.tool == "seized" and r.status == "ok"),
            key=lambda r: r.dump_bytes,
        )
        if len(runs) < 2:
            continue
        small, large = runs[0], runs[-1]
        if small.peak_rss and large.peak_rss:
            out.append(
                f"seized peak RSS ({fmt}): {small.peak_rss / 2**20:.0f} MiB at "
                f"{small.dump_bytes / 1e6:.0f} MB, {large.peak_rss / 2**20:.0f} MiB at "
                f"{large.dump_bytes / 1e6:.0f} MB (× {large.peak_rss / small.peak_rss:.2f} for "
                f"× {large.dump_bytes / small.dump_bytes:.1f} the data)"
            )
    return out


def versions() -> dict[str, str]:
    found = {"Python": platform.python_version(), "cores": str(os.cpu_count())}
    seized = seized_command()
    if seized is not None:
        done = subprocess.run([*seized, "--version"], capture_output=True, text=True)
        found["seized"] = done.stdout.strip().rsplit(" ", 1)[-1] or "?"
    try:
        import duckdb

        found["DuckDB"] = duckdb.__version__
    except ImportError:
        pass
    cpu = Path("/proc/cpuinfo")
    if cpu.exists():
        for line in cpu.read_text().splitlines():
            if line.startswith("model name"):
                found["CPU"] = line.split(":", 1)[1].strip()
                break
    return found


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so that servers are stopped and temp files deleted."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--mb", type=float, default=1000.0, help="large dump size in MB")
    parser.add_argument("--small-mb", type=float, default=None, help="small size (default: mb/4)")
    parser.add_argument("--quick", action="store_true", help=f"tiny smoke run: {QUICK_SIZES} MB")
    parser.add_argument("--sizes", type=float, nargs="+", help="exact dump sizes in MB")
    parser.add_argument(
        "--fast-restore", action="store_true", help="also time fast-restore settings"
    )
    parser.add_argument("--skip-seized", action="store_true", help="time the databases only")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--no-install", action="store_true", help="do not apt-get missing servers")
    args = parser.parse_args(argv)
    if args.sizes:
        sizes: tuple[float, ...] = tuple(args.sizes)
    elif args.quick:
        sizes = QUICK_SIZES
    else:
        sizes = (args.small_mb if args.small_mb is not None else args.mb / 4, args.mb)
    _stop_on_sigterm()
    try:
        if not args.no_install:
            ensure_installed()
    except (ServerError, subprocess.CalledProcessError) as exc:
        print(f"ingest benchmark: cannot install the database servers: {exc}", file=sys.stderr)
        return 2
    report = Report(versions=versions())
    workdir = Path(tempfile.mkdtemp(prefix="seized-bench-ingest-"))
    try:
        for size in sizes:
            bench_size(
                size,
                workdir,
                report,
                seed=args.seed,
                fast_restore=args.fast_restore,
                skip_seized=args.skip_seized,
            )
    except ServerError as exc:
        print(f"ingest benchmark: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\n## Ingest: seized vs. database restore\n")
    print(", ".join(f"{k} {v}" for k, v in report.versions.items()))
    print()
    print(table(report), end="")
    if args.json is not None:
        payload = {
            "versions": report.versions,
            "results": [asdict(r) | {"mb_per_s": r.mb_per_s} for r in report.results],
        }
        args.json.write_text(json.dumps(payload, indent=2))
    failed = [r for r in report.results if r.status != "ok" and not r.status.startswith("pending")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
