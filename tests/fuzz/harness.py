"""The fuzz harness: each target is one parser, fuzzed by hypothesis in a child process.

A target (:class:`Target`) is a parser entry point, the errors it may raise, the valid seeds it
starts from and the strategy of its inputs (mutated seeds and a grammar of the format). An input
is a set of files (:data:`Files`): the harness writes them to a fresh directory and the target
reads them from there, as the parser reads evidence.

``python -m tests.fuzz.harness TARGET WORKDIR`` (what ``tests/fuzz/test_fuzz.py`` runs) fuzzes
one target in a process of its own:

1. it runs the seeds (they warm up imports, caches and thread pools) under a loose memory limit;
2. it limits the process's address space (``RLIMIT_AS``) to its size after the warm-up plus
   :data:`MEMORY_MB`, so that any allocation beyond it, in Python, NumPy, Arrow, DuckDB, zlib,
   zstd or seized's C extensions, fails at once with ``MemoryError`` (or DuckDB's out of memory
   error) and is reported with the input that caused it;
3. it replays every saved reproducer in ``tests/fuzz/regressions/TARGET/``;
4. it runs hypothesis for :data:`EXAMPLES` examples (the target's own number in CI), then lets
   it shrink a failure for at most :data:`SHRINK_SECONDS`.

The memory bound is an address-space limit rather than tracemalloc's peaks: tracemalloc sees
only Python's allocator, not Arrow's, DuckDB's, zlib's or the C extensions', and it tells after
the fact, when a bomb has already taken the machine's memory; the limit stops the allocation
itself, and costs nothing per example. It holds in a child process only, so that the test run
itself is not limited; the child also keeps a crash of a compiled module from ending the run.

Every example must finish within :data:`DEADLINE_MS` (checked twice before it is reported, so a
busy machine does not make it fail; a timer stops it at four times that) and either return or
raise one of the target's declared errors; an :class:`~seized.errors.InputError` must name the
input file and a line or byte offset. Before each example the input is written to
``WORKDIR/current`` and a failing one is kept in ``WORKDIR/failing`` (the last one is the shrunk
reproducer), so that the parent can save the input of a crash, a hang or a failure as a
regression. The outcome goes to ``WORKDIR/result.json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st

from seized.errors import InputError, SeizedError

T = TypeVar("T")
#: An input: file name -> content, written to a fresh directory before the target reads it.
Files = dict[str, bytes]

HERE = Path(__file__).resolve().parent
#: The saved reproducers, one folder per target (another folder only for the harness's tests).
REGRESSIONS = Path(os.environ.get("SEIZED_FUZZ_REGRESSIONS") or HERE / "regressions")
#: Examples per target: the target's own number unless set.
EXAMPLES = int(os.environ.get("SEIZED_FUZZ_EXAMPLES", "0")) or None
#: The longest one example may take. Inputs are at most a few hundred KB: a parser that takes
#: seconds on one has a quadratic or worse path.
DEADLINE_MS = int(os.environ.get("SEIZED_FUZZ_DEADLINE_MS", "5000"))
#: Memory a target may allocate beyond what it held after its seeds ran.
MEMORY_MB = int(os.environ.get("SEIZED_FUZZ_MEMORY_MB", "768"))
#: Seconds hypothesis may spend shrinking a failure to a smaller input.
SHRINK_SECONDS = float(os.environ.get("SEIZED_FUZZ_SHRINK_SECONDS", "30"))
#: A fixed hypothesis seed (to repeat a run); random otherwise.
SEED = os.environ.get("SEIZED_FUZZ_SEED")


class Undeclared(Exception):
    """The target raised an error it does not declare, or broke one of its checks."""


class Overtime(BaseException):
    """Raised in the target by the timer when one example runs four times its deadline (a
    BaseException, so that no ``except Exception`` in the target catches it)."""


def _overtime(signum: int, frame: object) -> None:
    raise Overtime


@dataclass(frozen=True)
class Target:
    """One parser under fuzzing.

    ``run`` reads the input's files from the directory it is given. ``seeds`` are valid inputs
    (made once, in the child), ``inputs`` the strategy of fuzzed inputs (built once, from the
    seeds). ``declared`` are the errors ``run`` may raise; every other exception is a failure.
    """

    name: str
    run: Callable[[Path], None]
    seeds: Callable[[], list[Files]]
    inputs: Callable[[list[Files]], st.SearchStrategy[Files]]
    declared: tuple[type[BaseException], ...] = (SeizedError,)
    examples: int = 100
    #: how the reasons start of errors that name no line or byte (about a whole file)
    no_offset: tuple[str, ...] = ()


#: The target being fuzzed in this process (its rules for errors apply).
_active: list[Target] = []


# --- one example --------------------------------------------------------------------------------


def write_files(directory: Path, files: Files) -> None:
    """Write an input to an empty ``directory`` (made or emptied first)."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for name, data in files.items():
        (directory / name).write_bytes(data)


def read_files(directory: Path) -> Files:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def _memory_exhausted(exc: BaseException) -> bool:
    """True when ``exc`` or an error it was raised from is a failed allocation (Python's
    MemoryError, DuckDB's OutOfMemoryException)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError) or type(seen).__name__ == "OutOfMemoryException":
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def check_declared(exc: BaseException, directory: Path) -> None:
    """Raise :class:`Undeclared` when a declared error breaks the rules for errors."""
    if _memory_exhausted(exc):
        raise Undeclared(f"memory bound exceeded ({MEMORY_MB} MiB): {exc}")
    if isinstance(exc, InputError):
        if exc.path is None or directory.name not in Path(exc.path).parts:
            raise Undeclared(f"InputError does not name the input file: {exc}")
        no_offset = _active[-1].no_offset if _active else ()
        if exc.line is None and exc.offset is None and not exc.reason.startswith(no_offset):
            raise Undeclared(f"InputError names no line or byte offset: {exc}")


def settle(call: Callable[[], T], directory: Path) -> T | SeizedError:
    """What ``call`` returns, or the declared error it raised once checked (for targets that
    read an input more than one way)."""
    try:
        return call()
    except SeizedError as exc:
        check_declared(exc, directory)
        return exc


class Runner:
    """Runs a target's examples in ``work``: the input goes to ``work/current``."""

    def __init__(self, target: Target, work: Path) -> None:
        self.target = target
        _active.append(target)
        self.current = work / "current"
        self.failing = work / "failing"
        self.count = 0
        self.first_failure: float | None = None
        self.last_failure: tuple[Files, BaseException] | None = None

    def attempt(self, files: Files) -> None:
        if self.last_failure is not None and self._shrunk_enough():
            # shrinking has had its time: hypothesis ends it when nothing else fails, and its
            # replay of the smallest failure so far fails as before
            if files == self.last_failure[0]:
                raise self.last_failure[1]
            return
        write_files(self.current, files)
        self.count += 1
        try:
            self._timed()
        except BaseException as exc:
            write_files(self.failing, files)
            self.first_failure = self.first_failure or time.perf_counter()
            self.last_failure = (files, exc)
            raise

    def _shrunk_enough(self) -> bool:
        started = self.first_failure
        return started is not None and time.perf_counter() - started > SHRINK_SECONDS

    def _timed(self) -> None:
        took = self._once()
        if took > DEADLINE_MS / 1000:
            # once more: a busy machine makes a slow example, a slow parser makes two
            again = self._once()
            if again > DEADLINE_MS / 1000:
                raise Undeclared(f"took {took:.1f} s and {again:.1f} s (deadline {DEADLINE_MS} ms)")

    def _once(self) -> float:
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, 4 * DEADLINE_MS / 1000)
        try:
            self.target.run(self.current)
        except Overtime:
            raise Undeclared(f"still running after {4 * DEADLINE_MS} ms: stopped") from None
        except self.target.declared as exc:
            check_declared(exc, self.current)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # panics of Rust libraries derive from BaseException
            name = f"{type(exc).__module__}.{type(exc).__qualname__}"
            raise Undeclared(f"undeclared {name}: {exc}") from exc
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return time.perf_counter() - started


# --- the child process --------------------------------------------------------------------------


def load_target(name: str) -> Target:
    """A target by its name, or by ``module:attribute`` (the harness's own tests)."""
    from tests.fuzz.targets import TARGETS

    module, attribute = TARGETS.get(name, name).split(":")
    target: Target = getattr(import_module(module), attribute)
    return target


def regressions(name: str) -> list[Path]:
    """The saved reproducers of a target: one directory of files each."""
    folder = REGRESSIONS / name
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def _vm_size() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize in /proc/self/status")


def limit_memory(headroom_mb: int) -> int | None:
    """Limit the address space to its current size plus ``headroom_mb``; the limit, or None
    where the system does not tell the size (the bound is then not enforced)."""
    try:
        limit = _vm_size() + (headroom_mb << 20)
    except OSError:
        return None
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return limit


def fuzz(target: Target, work: Path, examples: int | None = None) -> dict[str, object]:
    """Seeds, memory limit, regressions, then hypothesis; the outcome as a dict."""
    runner = Runner(target, work)
    outcome: dict[str, object] = {"target": target.name, "failure": None, "regression": None}
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _overtime)
    try:
        seeds = target.seeds()
        limit_memory(4 * MEMORY_MB)  # the seeds are small valid inputs: a loose bound
        for files in seeds:
            runner.attempt(files)
        outcome["memory_limit"] = limit_memory(MEMORY_MB)
        for saved in regressions(target.name):
            outcome["regression"] = str(saved)
            runner.attempt(read_files(saved))
        outcome["regression"] = None
        count = examples or EXAMPLES or target.examples
        run_hypothesis(runner, target.inputs(seeds), count)
    except Exception as exc:
        outcome["failure"] = "".join(traceback.format_exception(exc))
    outcome["examples"] = runner.count
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    outcome["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    outcome["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10
    return outcome


def run_hypothesis(runner: Runner, inputs: st.SearchStrategy[Files], count: int) -> None:
    @settings(
        max_examples=count,
        deadline=None,  # Runner checks the time itself, twice, on the target's call only
        database=None,  # reproducers are saved as files under regressions/
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        verbosity=Verbosity.normal,
        print_blob=False,
    )
    @given(inputs)
    def example(files: Files) -> None:
        runner.attempt(files)

    test = seed(int(SEED))(example) if SEED else example
    test()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m tests.fuzz.harness TARGET WORKDIR", file=sys.stderr)
        return 2
    target, work = load_target(argv[1]), Path(argv[2])
    work.mkdir(parents=True, exist_ok=True)
    outcome = fuzz(target, work)
    (work / "result.json").write_text(json.dumps(outcome, indent=1), encoding="utf-8")
    with contextlib.suppress(OSError):
        shutil.rmtree(work / "current")
    return 1 if outcome["failure"] else 0


if __name__ == "__main__":
    # the targets import this module as tests.fuzz.harness: run that one, not a second copy
    from tests.fuzz import harness

    sys.exit(harness.main(sys.argv))
