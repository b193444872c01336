"""Run every benchmark in bench/ (the ``make bench`` entry point).

A benchmark is either ``bench/<name>.py`` or ``bench/<name>/run.py``; each is run as its own
process with this Python, in name order, and prints its own results. A benchmark should accept
``--quick`` for a tiny smoke run; this runner passes it on to those whose source mentions it
(the others run at their normal size).

    python bench/run.py                 # all benchmarks, full size
    python bench/run.py --quick         # all benchmarks, tiny sizes
    python bench/run.py ingest --quick  # only the named ones
    python bench/run.py --list
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def discover(root: Path = BENCH) -> dict[str, Path]:
    """Benchmark name -> script, in name order."""
    found: dict[str, Path] = {}
    for path in sorted(root.iterdir()):
        if path.name.startswith(("_", ".")):
            continue
        if path.is_file() and path.suffix == ".py" and path.name != "run.py":
            found[path.stem] = path
        elif path.is_dir() and (path / "run.py").is_file():
            found[path.name] = path / "run.py"
    return dict(sorted(found.items()))


def supports_quick(script: Path) -> bool:
    return "--quick" in script.read_text(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks in bench/.")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="tiny smoke runs")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    benchmarks = discover()
    if args.list:
        for name, script in benchmarks.items():
            print(f"{name}\t{script.relative_to(BENCH.parent)}")
        return 0
    unknown = [n for n in args.names if n not in benchmarks]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(benchmarks)}")
    chosen = {n: benchmarks[n] for n in args.names} if args.names else benchmarks
    failed: list[str] = []
    for name, script in chosen.items():
        quick = args.quick and supports_quick(script)
        command = [sys.executable, str(script), *(["--quick"] if quick else [])]
        print(f"\n#### benchmark {name}: {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        code = subprocess.run(command, cwd=BENCH.parent).returncode
        took = time.perf_counter() - started
        print(f"#### benchmark {name}: exit {code} after {took:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
