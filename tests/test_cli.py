"""The command line as a whole: exit codes, closed pipes, outputs that cannot be written, -q."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import new_case, write_csv_market

SEIZED = [sys.executable, "-m", "seized.cli"]


def run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SEIZED, *map(str, args)], capture_output=True, text=True, check=False, **kwargs
    )  # type: ignore[call-overload,no-any-return]


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cli")
    case = new_case(base)
    market = write_csv_market(base / "market", rows=500)
    assert run("add", case.root, market, "--market", "m").returncode == 0
    return case.root


def test_a_closed_pipe_ends_quietly(case_dir: Path) -> None:
    """`seized query ... | head -1`: no traceback when the reader goes away."""
    shell = (
        f"{sys.executable} -m seized.cli query {case_dir} "
        '"SELECT * FROM range(200000)" --format csv | head -1'
    )
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=False)
    assert done.stdout.strip() in {"range", '"range"'}
    assert "Traceback" not in done.stderr, done.stderr
    assert "BrokenPipe" not in done.stderr


def test_an_existing_output_is_a_clear_error(case_dir: Path, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep.txt").write_text("mine")
    done = run("synth", taken)
    assert done.returncode == 2 and "exists" in done.stderr and "Traceback" not in done.stderr
    done = run("init", taken)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (taken / "keep.txt").read_text() == "mine"


def test_a_full_disk_is_a_clear_error(case_dir: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*SEIZED, "query", str(case_dir), "SELECT * FROM range(100000)", "--format", "csv"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 5, done.stderr
    assert "no space left" in done.stderr and "Traceback" not in done.stderr


def test_exit_codes_are_documented() -> None:
    done = run("--help")
    assert "Exit codes: 0 done, 2 wrong usage, 3 bad input" in " ".join(done.stdout.split())


@pytest.mark.parametrize("group", ["chain", "keys", "mapping", "tags", "package"])
def test_every_group_shows_an_example(group: str) -> None:
    done = run(group, "--help")
    assert done.returncode == 0 and "Example" in done.stdout, done.stdout


def test_verbose_shows_the_traceback_of_an_error(case_dir: Path) -> None:
    plain = run("query", case_dir, "SELEC nonsense")
    assert plain.returncode != 0 and "error:" in plain.stderr
    assert "Traceback" not in plain.stderr
    verbose = run("-v", "query", case_dir, "SELEC nonsense")
    assert verbose.returncode == plain.returncode and "Traceback" in verbose.stderr


def test_quiet_silences_progress(case_dir: Path) -> None:
    from seized import progress

    progress.set_quiet(True)
    try:
        with progress.count_progress("auto") as callback:
            assert callback is None
    finally:
        progress.set_quiet(False)
    assert run("-q", "status", case_dir, env={**os.environ}).returncode == 0


def test_ingest_of_an_sqlite_file_shows_progress_when_asked(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    db = tmp_path / "market.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    con.executemany("INSERT INTO users VALUES (?, ?)", [(i, f"user{i}") for i in range(500)])
    con.commit()
    con.close()
    assert run("add", case.root, db, "--market", "m").returncode == 0
    quiet = run("-q", "ingest", case.root)  # piped and -q: results only
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    done = run("ingest", case.root, "--force", "--progress", "plain")
    assert done.returncode == 0, done.stderr
    size = db.stat().st_size / 1e6
    assert f"market.sqlite: {size:.1f} of {size:.1f} MB (100%)" in done.stderr, done.stderr


def test_link_shows_its_phases_when_asked(tmp_path: Path) -> None:
    from tests.link.conftest import LinkCase

    linking = LinkCase(new_case(tmp_path))
    linking.account("m1:1", "NorthStar", email="north@protonmail.com")
    linking.account("m2:9", "PolarisShop", email="north@protonmail.com")
    linking.write()
    done = run("link", linking.case.root, "--no-model", "--progress", "plain")
    assert done.returncode == 0, done.stderr
    ends = [line.split(":")[1].strip() for line in done.stderr.splitlines() if "(100%)" in line]
    assert ends == ["blocking", "scoring", "resolving"], done.stderr
    assert "2 accounts -> 1 persons" in done.stdout
    again = run("-q", "link", linking.case.root, "--no-model", "--force")
    assert again.returncode == 0 and again.stderr == "", again.stderr


def _ends(stderr: str, stage: str) -> list[str]:
    """The phases of ``stage`` whose last line (100%) a ``--progress plain`` run printed."""
    prefix = f"{stage}: "
    return [
        line[len(prefix) :].split(":")[0]
        for line in stderr.splitlines()
        if line.startswith(prefix) and "(100%)" in line
    ]


def test_chain_add_and_cluster_show_progress_when_asked(tmp_path: Path, shared_data: Path) -> None:
    blocks = tmp_path / "blocks"
    blocks.mkdir()
    shutil.copy(shared_data / "mainnet-blocks" / "blk-1-255.dat", blocks / "blk00000.dat")
    size = (blocks / "blk00000.dat").stat().st_size / 1e6
    roots = {mode: new_case(tmp_path / mode).root for mode in ("plain", "none")}
    added = {
        mode: run("chain", "add", root, blocks, "--progress", mode) for mode, root in roots.items()
    }
    assert added["plain"].returncode == 0, added["plain"].stderr
    line = f"chain add: block files: {size:.1f} of {size:.1f} MB (100%)"
    assert line in added["plain"].stderr, added["plain"].stderr
    assert added["none"].stderr == "" and added["plain"].stdout == added["none"].stdout
    root = roots["plain"]
    done = run("chain", "cluster", root, "--progress", "plain")
    assert done.returncode == 0, done.stderr
    phases = ["coinjoins", "change", "input groups", "components", "labels"]
    assert _ends(done.stderr, "cluster") == phases, done.stderr
    again = run("chain", "cluster", root, "--force", "--progress", "none")
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert done.stdout == again.stdout and "clusters: " in done.stdout


def test_rank_shows_its_phases_when_asked(tmp_path: Path) -> None:
    from tests.rank.conftest import Market

    case = new_case(tmp_path)
    with case.connect() as con:
        market = Market(con)
        vendor, buyer = market.account("big", "vendor"), market.account("user", "buyer")
        listing = market.listing(vendor, "10g Cocaine", 5_000_000, "NL")
        market.order(listing, buyer, vendor, 50_000_000, quantity=10)
    case_dir = case.root
    done = run("rank", case_dir, "--brief", "--progress", "plain")
    assert done.returncode == 0, done.stderr
    phases = ["products", "economics", "countries", "scores", "targets"]
    assert _ends(done.stderr, "rank") == phases, done.stderr
    again = run("rank", case_dir, "--brief", "--force", "--progress", "none")
    assert again.returncode == 0 and "rank: " not in again.stderr, again.stderr
    assert done.stdout == again.stdout and done.stdout.strip()
