"""Throwaway MariaDB and PostgreSQL servers for the ingest benchmark.

Each server lives in a fresh temporary directory, listens on localhost on a non-default port and
on a unix socket in that directory, and is stopped and deleted when its context manager exits,
whatever happened inside. The servers run Debian's packages (``mariadb-server``, ``postgresql``);
:func:`ensure_installed` installs them with apt-get when they are missing and we are root.

Settings are the servers' defaults (no option files are read: ``--no-defaults`` for MariaDB, the
``initdb`` defaults for PostgreSQL) unless ``fast=True`` asks for the common "fast restore"
settings listed in :data:`MARIADB_FAST` and :data:`POSTGRES_FAST`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

# Common "fast restore" settings (used only when asked for, and labelled so in the results).
MARIADB_FAST: tuple[str, ...] = (
    "--innodb-buffer-pool-size=4G",
    "--innodb-log-file-size=1G",
    "--innodb-flush-log-at-trx-commit=0",
    "--innodb-doublewrite=0",
    "--skip-log-bin",
)
POSTGRES_FAST: tuple[str, ...] = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "wal_level=minimal",
    "max_wal_senders=0",
    "max_wal_size=16GB",
    "maintenance_work_mem=1GB",
    "shared_buffers=1GB",
)

PG_SYSTEM_USER = "postgres"
PG_INITDB = ("-E", "UTF8", "--locale=C.UTF-8")
START_TIMEOUT = 120.0


class RunAs(TypedDict, total=False):
    """Keyword arguments for subprocess that run a program as another system user."""

    cwd: Path
    user: int
    group: int
    extra_groups: list[int]


class ServerError(RuntimeError):
    """A database server could not be installed, started or used."""


@dataclass(frozen=True)
class MariaDB:
    socket: Path
    port: int
    version: str

    def client(self, *args: str) -> list[str]:
        """The ``mariadb`` client command line, connected over the unix socket as root."""
        return ["mariadb", "--no-defaults", f"--socket={self.socket}", "--user=root", *args]

    def execute(self, sql: str) -> str:
        return _check_output(self.client("--batch", "--skip-column-names", "-e", sql))


@dataclass(frozen=True)
class Postgres:
    socket_dir: Path
    port: int
    version: str

    def client(self, *args: str, database: str = "postgres") -> list[str]:
        """The ``psql`` command line, connected over the unix socket as the superuser."""
        return [
            "psql",
            "-X",
            "-h",
            str(self.socket_dir),
            "-p",
            str(self.port),
            "-U",
            PG_SYSTEM_USER,
            "-d",
            database,
            *args,
        ]

    def execute(self, sql: str, database: str = "postgres") -> str:
        return _check_output(
            self.client("-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, database=database)
        )


def free_port() -> int:
    """A TCP port on localhost that nothing listens on right now (never the default 3306/5432)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing_programs() -> list[str]:
    """The server programs that are not installed (empty when both servers can run)."""
    missing = [p for p in ("mariadbd", "mariadb", "mariadb-install-db") if not _which(p)]
    if _pg_bin("initdb") is None:
        missing.append("initdb")
    if not shutil.which("psql"):
        missing.append("psql")
    return missing


def ensure_installed() -> None:
    """Install Debian's mariadb-server and postgresql packages when a program is missing."""
    need = missing_programs()
    if not need:
        return
    if os.geteuid() != 0:
        raise ServerError(f"missing {', '.join(need)}; install mariadb-server and postgresql")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    packages = ["mariadb-server", "mariadb-client", "postgresql"]
    print(f"installing {' '.join(packages)} (missing: {', '.join(need)})", flush=True)
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", *packages],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    still = missing_programs()
    if still:
        raise ServerError(f"still missing after apt-get install: {', '.join(still)}")


@contextmanager
def mariadb_server(port: int | None = None, *, fast: bool = False) -> Iterator[MariaDB]:
    """Start a throwaway MariaDB server (on a free port unless ``port`` is given); stop it and
    delete its data when the block ends."""
    port = port or free_port()
    mariadbd = _which("mariadbd")
    install_db = _which("mariadb-install-db")
    if mariadbd is None or install_db is None:
        raise ServerError("MariaDB is not installed (Debian package mariadb-server)")
    root = Path(tempfile.mkdtemp(prefix="seized-bench-mariadb-"))
    datadir, sock = root / "data", root / "mysqld.sock"
    user = ["--user=root"] if os.geteuid() == 0 else []
    proc: subprocess.Popen[bytes] | None = None
    try:
        _run_logged(
            [
                install_db,
                "--no-defaults",
                f"--datadir={datadir}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                *user,
            ],
            root / "install.log",
        )
        args = [
            mariadbd,
            "--no-defaults",
            f"--datadir={datadir}",
            f"--socket={sock}",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            f"--pid-file={root / 'mysqld.pid'}",
            f"--log-error={root / 'error.log'}",
            *user,
            *(MARIADB_FAST if fast else ()),
        ]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server = MariaDB(sock, port, "")
        _wait_until(
            lambda: _ok(server.client("-e", "SELECT 1")),
            proc,
            root / "error.log",
            "mariadbd",
        )
        yield MariaDB(sock, port, server.execute("SELECT VERSION()"))
    finally:
        if proc is not None:
            with suppress(OSError, subprocess.SubprocessError):
                subprocess.run(
                    ["mariadb-admin", "--no-defaults", f"--socket={sock}", "-uroot", "shutdown"],
                    timeout=120,
                    capture_output=True,
                )
            _stop(proc)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def postgres_server(port: int | None = None, *, fast: bool = False) -> Iterator[Postgres]:
    """Start a throwaway PostgreSQL server as the ``postgres`` system user (on a free port
    unless ``port`` is given); always stop it."""
    port = port or free_port()
    initdb, postgres = _pg_bin("initdb"), _pg_bin("postgres")
    if initdb is None or postgres is None:
        raise ServerError("PostgreSQL is not installed (Debian package postgresql)")
    root = Path(tempfile.mkdtemp(prefix="seized-bench-postgres-"))
    datadir = root / "data"
    as_pg = _postgres_user(root)
    proc: subprocess.Popen[bytes] | None = None
    try:
        _run_logged(
            [initdb, "-D", str(datadir), "-A", "trust", "-U", PG_SYSTEM_USER, *PG_INITDB],
            root / "initdb.log",
            as_pg,
        )
        settings = [f"port={port}", f"unix_socket_directories={root}", "listen_addresses=localhost"]
        if fast:
            settings += POSTGRES_FAST
        args = [postgres, "-D", str(datadir)]
        for setting in settings:
            args += ["-c", setting]
        log = (root / "server.log").open("wb")
        try:
            proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, **as_pg)
        finally:
            log.close()
        server = Postgres(root, port, _pg_version(postgres))
        _wait_until(
            lambda: _ok(server.client("-c", "SELECT 1")), proc, root / "server.log", "postgres"
        )
        yield server
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(root, ignore_errors=True)


def _postgres_user(root: Path) -> RunAs:
    """How to run a program as the ``postgres`` system user (when we are root; PostgreSQL refuses
    to run as root). The user is switched in the child itself, as ``runuser -u postgres`` would,
    so that the server is our direct child and can be stopped reliably."""
    if os.geteuid() != 0:
        return {"cwd": root}
    try:
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError as exc:
        raise ServerError(
            "no 'postgres' system user (Debian's postgresql package makes it)"
        ) from exc
    os.chown(root, entry.pw_uid, entry.pw_gid)
    return {"cwd": root, "user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _pg_bin(name: str) -> str | None:
    """A PostgreSQL server program: Debian keeps them in /usr/lib/postgresql/<major>/bin."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1]
    return shutil.which(name)


def _which(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def _pg_version(postgres: str) -> str:
    return _check_output([postgres, "--version"]).replace("postgres (PostgreSQL) ", "")


def _check_output(cmd: list[str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise ServerError(f"{' '.join(cmd[:1])} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _run_logged(cmd: list[str], log: Path, run_as: RunAs | None = None) -> None:
    with log.open("wb") as out:
        code = subprocess.run(
            cmd, stdout=out, stderr=subprocess.STDOUT, **(run_as or {})
        ).returncode
    if code != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise ServerError(f"{Path(cmd[0]).name} exited {code}:\n{tail}")


def _ok(cmd: list[str]) -> bool:
    return subprocess.run(cmd, capture_output=True).returncode == 0


def _wait_until(
    ready: Callable[[], bool],
    proc: subprocess.Popen[bytes],
    log: Path,
    name: str,
    timeout: float = START_TIMEOUT,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ServerError(f"{name} exited {proc.returncode} while starting:\n{tail}")
        if ready():
            return
        time.sleep(0.2)
    raise ServerError(f"{name} did not accept connections within {timeout:.0f} s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server process: SIGTERM (a clean, fast shutdown for both), then SIGKILL."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            proc.terminate()
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            proc.kill()
        proc.wait()
