"""The ingest benchmark: its dump generator writes what mariadb-dump and pg_dump write, and its
harness runs end to end (seized and both database servers) at a tiny size."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the benchmarks are a namespace package beside src/
    sys.path.insert(0, str(REPO))

from bench.ingest import gen, run  # noqa: E402
from bench.ingest.formats import NET_BUFFER_LENGTH  # noqa: E402
from bench.ingest.schema import TABLES  # noqa: E402
from bench.ingest.servers import (  # noqa: E402
    MariaDB,
    Postgres,
    mariadb_server,
    missing_programs,
    postgres_server,
)

MISSING = missing_programs()
PG_DUMP = ("pg_dump", "-U", "postgres")
needs_servers = pytest.mark.skipif(
    bool(MISSING),
    reason=f"MariaDB/PostgreSQL servers not installed (missing {', '.join(MISSING)}); "
    "install Debian's mariadb-server and postgresql",
)


def _copy_blocks(text: str) -> dict[str, list[str]]:
    blocks = re.findall(r"^COPY public\.(\w+) \(.*?\) FROM stdin;\n(.*?)^\\\.$", text, re.M | re.S)
    return {name: body.splitlines() for name, body in blocks}


def test_generator_is_deterministic_sized_and_well_formed(tmp_path: Path) -> None:
    one = gen.generate(tmp_path / "a", 1.5, seed=3)
    two = gen.generate(tmp_path / "b", 1.5, seed=3)
    other = gen.generate(tmp_path / "c", 1.5, seed=4, formats=("mysql",))
    assert one.mysql and one.pg and two.mysql and two.pg and other.mysql
    assert one.mysql.read_bytes() == two.mysql.read_bytes()
    assert one.pg.read_bytes() == two.pg.read_bytes()
    assert one.mysql.read_bytes() != other.mysql.read_bytes()
    assert 1.2e6 < one.mysql.stat().st_size < 1.8e6
    assert 1.1e6 < one.pg.stat().st_size < 1.8e6

    mysql = one.mysql.read_text(encoding="utf-8")
    inserts = [line for line in mysql.splitlines() if line.startswith("INSERT INTO")]
    assert {line.split("`")[1] for line in inserts} == {t.name for t in TABLES}
    assert all(line.endswith(");") for line in inserts)
    assert max(len(line.encode()) for line in inserts) < NET_BUFFER_LENGTH
    assert sum(1 for line in inserts if line.startswith("INSERT INTO `messages`")) >= 1
    assert "LOCK TABLES `users` WRITE;" in mysql and "/*!40101 SET NAMES utf8mb4 */;" in mysql
    for needle in ("\\n", "\\'", '\\"', "\\\\", "\\r", "\t", "спасибо", "BEGIN PGP MESSAGE"):
        assert needle in mysql, needle

    blocks = _copy_blocks(one.pg.read_text(encoding="utf-8"))
    assert set(blocks) == {t.name for t in TABLES}
    for table in TABLES:
        lines = blocks[table.name]
        assert len(lines) == one.counts.of(table)
        assert {line.count("\t") for line in lines} == {len(table.columns) - 1}
        assert [int(line.split("\t", 1)[0]) for line in lines] == list(range(1, len(lines) + 1))
    assert any("\\N" in line.split("\t") for line in blocks["users"])


@pytest.fixture(scope="module")
def mariadb() -> Iterator[MariaDB]:
    with mariadb_server() as server:
        yield server


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    with postgres_server() as server:
        yield server


def _mariadb_dump(server: MariaDB, out: Path) -> str:
    dump = ["mariadb-dump", "--no-defaults", f"--socket={server.socket}", "-uroot", gen.DATABASE]
    with out.open("wb") as handle:
        subprocess.run(dump, stdout=handle, check=True)
    text = out.read_text(encoding="utf-8")
    return re.sub(r"^-- Dump completed on .*$", "-- Dump completed", text, flags=re.M)


@needs_servers
def test_mysql_dump_matches_mariadb_dump(tmp_path: Path, mariadb: MariaDB) -> None:
    """Restore the generated dump, dump it again with the real tool: the same bytes. 2.5 MB makes
    the messages table span two INSERT statements, so statement splitting is compared too."""
    counts = gen.plan(2.5, 11)
    assert counts.messages > 0
    written = {}
    for per_line in (True, False):
        path = tmp_path / f"gen-{per_line}.sql"
        gen.write_mysql(path, counts, 11, one_row_per_line=per_line, completed="x")
        written[per_line] = path
        mariadb.execute(f"DROP DATABASE IF EXISTS {gen.DATABASE}")
        mariadb.execute(f"CREATE DATABASE {gen.DATABASE}")
        with path.open("rb") as handle:
            subprocess.run(mariadb.client(gen.DATABASE), stdin=handle, check=True)
        real = _mariadb_dump(mariadb, tmp_path / f"real-{per_line}.sql")
        mine = written[True].read_text(encoding="utf-8")
        mine = re.sub(r"^-- Dump completed on .*$", "-- Dump completed", mine, flags=re.M)
        if "Server version\t" + mariadb.version not in real:
            pytest.fail(f"MariaDB {mariadb.version}: the generator writes the 10.11 format")
        assert real == mine
    classic = written[False].read_text(encoding="utf-8")
    statements = re.findall(r"^INSERT INTO `messages` VALUES \(.*\);$", classic, re.M)
    assert len(statements) >= 2


@needs_servers
def test_pg_dump_matches_pg_dump(tmp_path: Path, postgres: Postgres) -> None:
    counts = gen.plan(1.0, 12)
    path = gen.write_pg(tmp_path / "gen.sql", counts, 12)
    postgres.execute(f"DROP DATABASE IF EXISTS {gen.DATABASE}")
    postgres.execute(f"CREATE DATABASE {gen.DATABASE}")
    cmd = postgres.client("-q", "-v", "ON_ERROR_STOP=1", "-f", str(path), database=gen.DATABASE)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    real_path = tmp_path / "real.sql"
    with real_path.open("wb") as handle:
        subprocess.run(
            [*PG_DUMP, "-h", str(postgres.socket_dir), "-p", str(postgres.port), gen.DATABASE],
            stdout=handle,
            check=True,
        )

    def normal(text: str) -> str:
        # the \restrict key is random per run; rows come back in heap order, not insert order
        text = re.sub(r"^\\(un)?restrict \w+$", r"\\\1restrict KEY", text, flags=re.M)
        return re.sub(
            r"(FROM stdin;\n)(.*?)(^\\\.$)",
            lambda m: m[1] + "".join(sorted(m[2].splitlines(keepends=True))) + m[3],
            text,
            flags=re.M | re.S,
        )

    real = real_path.read_text(encoding="utf-8")
    if f"Dumped from database version {postgres.version}" not in real:
        pytest.fail(f"PostgreSQL {postgres.version}: the generator writes the 15.18 format")
    assert normal(real) == normal(path.read_text(encoding="utf-8"))


@needs_servers
@pytest.mark.slow
def test_harness_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    code = run.main(["--sizes", "0.5", "--no-install", "--json", str(out)])
    results = json.loads(out.read_text())["results"]
    by_tool = {(r["fmt"], r["tool"]): r for r in results}
    assert set(by_tool) == {
        ("mysql", "seized"),
        ("mysql", "mariadb"),
        ("pg", "seized"),
        ("pg", "postgresql"),
    }
    for result in results:
        assert result["status"] == "ok", result
        assert result["seconds"] > 0 and result["mb_per_s"] > 0
        assert result["dump_bytes"] > 300_000
    assert by_tool[("mysql", "seized")]["peak_rss"] > 10 * 2**20
    assert code == 0
