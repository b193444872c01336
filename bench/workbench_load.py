"""Load on the workbench: 20 analysts browsing one case at once, on the loopback.

Builds a synthetic case (or takes --case), adds one analyst per simulated user (agencies over
the case's busiest countries), starts the real server (`seized serve`, a separate process) and
lets every analyst log in and alternate person pages of its scope with searches for words of
the case's messages and listing titles. Prints p50/p95/max per kind of request and the errors;
the same searches as a plain DuckDB scan (ILIKE over messages and listings, what one would run
without the index) give the comparison. Exits non-zero on any error or a p95 over its target.

    python bench/workbench_load.py --quick                 # small case, a few requests each
    python bench/workbench_load.py --scale small           # small case, the full run
    python bench/workbench_load.py --case CASE --requests 100
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

TARGETS = {"person": 0.300, "search": 0.100}  # p95, seconds
PASSWORD = "load test password 1"
ROOT = Path(__file__).resolve().parent.parent


def _seized(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "seized.cli", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def build_case(work: Path, scale: str) -> Path:
    _seized("synth", str(work / "server"), "--scale", scale)
    _seized("run", str(work / "server" / "case.toml"), "--case", str(work / "case"))
    return work / "case"


def countries(case: Path) -> list[str]:
    import duckdb

    with duckdb.connect(str(case / "case.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT country FROM targets WHERE country IS NOT NULL GROUP BY 1 "
            "ORDER BY count(*) DESC, 1 LIMIT 5"
        ).fetchall()
    return [str(r[0]) for r in rows]


def add_users(case: Path, count: int, codes: list[str], work: Path) -> list[tuple[str, str]]:
    from seized.web.store import Store
    from seized.web.users import add_user, list_users

    secret = work / "pw.txt"
    secret.write_text(PASSWORD + "\n")
    store = Store(case)
    known = {u.name for u in list_users(store)}
    made = []
    for n in range(count):
        code = codes[n % len(codes)]
        name = f"load{n:02d}"
        if name not in known:
            add_user(
                store,
                name,
                agency=f"agency-{code}",
                countries=code,
                role="analyst",
                password=PASSWORD,
            )
        made.append((name, code))
    return made


def words(case: Path, n: int, seed: int) -> list[str]:
    import duckdb

    with duckdb.connect(str(case / "case.duckdb"), read_only=True) as con:
        texts = [
            str(r[0])
            for r in con.execute(
                "SELECT coalesce(body_plain, body) FROM messages USING SAMPLE 2000 ROWS "
                "UNION ALL SELECT title FROM listings USING SAMPLE 2000 ROWS"
            ).fetchall()
            if r[0]
        ]
    pool = sorted({w.lower() for t in texts for w in re.findall(r"[A-Za-z]{5,12}", t)})
    return random.Random(seed).sample(pool, min(n, len(pool)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


class Analyst(threading.Thread):
    def __init__(
        self, port: int, name: str, queries: list[str], requests: int, seed: int, think: float
    ):
        super().__init__(daemon=True)
        self.port, self.name_, self.queries, self.requests = port, name, queries, requests
        self.think = think
        self.rng = random.Random(seed)
        self.times: dict[str, list[float]] = {"person": [], "search": []}
        self.errors: list[str] = []
        self.timeout = 60.0

    def _get(self, con: http.client.HTTPConnection, url: str, cookie: str) -> tuple[int, bytes]:
        con.request("GET", url, headers={"Cookie": cookie})
        response = con.getresponse()
        return response.status, response.read()

    def run(self) -> None:
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        body = urlencode({"username": self.name_, "password": PASSWORD})
        con.request(
            "POST",
            "/login",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = con.getresponse()
        response.read()
        cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
        if response.status != 303 or not cookie:
            self.errors.append(f"login {self.name_}: {response.status}")
            return
        status, home = self._get(con, "/", cookie)
        persons = sorted(set(re.findall(r'href="/persons/([^"]+)"', home.decode())))
        if status != 200 or not persons:
            self.errors.append(f"home {self.name_}: {status}, {len(persons)} persons")
            return
        for n in range(self.requests):
            if self.think:  # an analyst reads before the next click: 0.5 to 1.5 times --think
                time.sleep(self.think * self.rng.uniform(0.5, 1.5))
            kind = "person" if n % 2 == 0 else "search"
            if kind == "person":
                url = "/persons/" + self.rng.choice(persons)
            else:
                url = "/api/search?q=" + quote(self.rng.choice(self.queries))
            started = time.perf_counter()
            status, _ = self._get(con, url, cookie)
            self.times[kind].append(time.perf_counter() - started)
            if status != 200:
                self.errors.append(f"{url}: {status}")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def duckdb_scan(case: Path, queries: list[str]) -> list[float]:
    """The same searches as a plain scan of the case store, for comparison."""
    import duckdb

    times = []
    with duckdb.connect(str(case / "case.duckdb"), read_only=True) as con:
        for q in queries:
            started = time.perf_counter()
            con.execute(
                "SELECT message_id FROM messages WHERE coalesce(body_plain, body) ILIKE ? "
                "UNION ALL SELECT listing_id FROM listings WHERE title ILIKE ? "
                "OR description ILIKE ?",
                [f"%{q}%"] * 3,
            ).fetchall()
            times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", type=Path, help="an existing case (default: build one)")
    parser.add_argument("--scale", default="small", help="synthetic scale to build")
    parser.add_argument("--analysts", type=int, default=20)
    parser.add_argument("--requests", type=int, default=60, help="requests per analyst")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds an analyst reads between clicks"
    )
    parser.add_argument("--quick", action="store_true", help="small case, 6 requests each")
    args = parser.parse_args()
    if args.quick:
        args.scale, args.requests = "small", 6
    work = Path(tempfile.mkdtemp(prefix="seized-load-"))
    try:
        if args.case:
            case = args.case.resolve()
        else:
            started = time.perf_counter()
            case = build_case(work, args.scale)
            print(f"case built ({args.scale}) in {time.perf_counter() - started:.0f} s")
        codes = countries(case)
        users = add_users(case, args.analysts, codes, work)
        queries = words(case, 200, seed=1)
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        server = subprocess.Popen(
            [sys.executable, "-m", "seized.cli", "serve", str(case), "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert server.stdout is not None
            for line in server.stdout:
                if line.startswith("serving "):
                    break
            if not _listening(port):
                print("the server did not start", file=sys.stderr)
                return 1
            analysts = [
                Analyst(port, name, queries, args.requests, seed=n, think=args.think)
                for n, (name, _) in enumerate(users)
            ]
            # every agency's scope is built once, by the server as it starts or on the
            # agency's first request (seconds to minutes on a large case): wait for them
            warmed = time.perf_counter()
            for warm in {code: a for a, (_, code) in zip(analysts, users, strict=True)}.values():
                first = Analyst(port, warm.name_, queries, 2, seed=99, think=0)
                first.timeout = 1800.0
                first.run()
                if first.errors:
                    print(f"warming up: {first.errors}", file=sys.stderr)
                    return 1
            ready = time.perf_counter() - warmed
            print(f"the agencies' scopes were ready {ready:.1f} s after the server started")
            load = os.getloadavg()[0]
            cpu = cpu_seconds(server.pid)
            started = time.perf_counter()
            for analyst in analysts:
                analyst.start()
            for analyst in analysts:
                analyst.join()
            wall = time.perf_counter() - started
            cpu = cpu_seconds(server.pid) - cpu
            load = max(load, os.getloadavg()[0])
        finally:
            server.terminate()
            server.wait(timeout=30)
        times = {k: [t for a in analysts for t in a.times[k]] for k in TARGETS}
        errors = [e for a in analysts for e in a.errors]
        scan = duckdb_scan(case, queries[:50])
        total = sum(len(v) for v in times.values())
        print(
            f"server CPU {cpu * 1000 / max(total, 1):.1f} ms per request; machine load "
            f"average up to {load:.1f} on {os.cpu_count()} cores"
        )
        print(
            f"{len(analysts)} analysts (think time {args.think} s), {total} requests in "
            f"{wall:.1f} s ({total / wall:.0f}/s), {len(errors)} errors"
        )
        print("| request | count | p50 ms | p95 ms | max ms | p95 target ms |")
        print("|---|---|---|---|---|---|")
        ok = not errors
        for kind, values in times.items():
            p95 = p(values, 0.95)
            ok = ok and p95 <= TARGETS[kind]
            print(
                f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
                f"{p95 * 1000:.0f} | {max(values) * 1000:.0f} | {TARGETS[kind] * 1000:.0f} |"
            )
        print(
            f"| plain DuckDB ILIKE scan, one client | {len(scan)} | "
            f"{statistics.median(scan) * 1000:.0f} | {p(scan, 0.95) * 1000:.0f} | "
            f"{max(scan) * 1000:.0f} | |"
        )
        for error in errors[:10]:
            print("error:", error, file=sys.stderr)
        print(json.dumps({"ok": ok}))
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
