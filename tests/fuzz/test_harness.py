"""The fuzz harness finds what it must and reports it with a saved, replayed reproducer: an
undeclared error, an error without a position, an allocation past the memory bound, a crash
and a hang, each planted in a target of tests/fuzz/planted.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.harness import read_files
from tests.fuzz.runner import run_target

PLANTED = "tests.fuzz.planted"


def _run(fault: str, tmp_path: Path, **env: str) -> tuple[bool, str, Path | None]:
    settings = {"SEIZED_FUZZ_REGRESSIONS": str(tmp_path / "regressions"), **env}
    work = tmp_path / f"work{len(list(tmp_path.glob('work*')))}"
    outcome = run_target(f"{PLANTED}:{fault}", work, env=settings, timeout=120)
    return outcome.ok, outcome.report, outcome.saved


@pytest.mark.fuzz
def test_a_target_that_only_raises_declared_errors_passes(tmp_path: Path) -> None:
    ok, report, _ = _run("CLEAN", tmp_path)
    assert ok, report


@pytest.mark.fuzz
def test_an_undeclared_error_is_shrunk_saved_and_replayed(tmp_path: Path) -> None:
    ok, report, saved = _run("UNDECLARED", tmp_path)
    assert not ok
    assert "undeclared builtins.KeyError: 'planted'" in report
    assert saved is not None and saved.parent == tmp_path / "regressions" / "planted-undeclared"
    (data,) = read_files(saved).values()
    assert b"!" in data and len(data) <= len(b"plain text") + 2  # shrunk to an edit or two
    again, report, second = _run("UNDECLARED", tmp_path, SEIZED_FUZZ_EXAMPLES="1")
    assert not again and second is None
    assert f"on the saved reproducer {saved}" in report


@pytest.mark.fuzz
def test_an_input_error_must_name_a_position(tmp_path: Path) -> None:
    ok, report, _ = _run("UNPOSITIONED", tmp_path)
    assert not ok
    assert "InputError names no line or byte offset" in report


@pytest.mark.fuzz
def test_an_allocation_past_the_bound_fails(tmp_path: Path) -> None:
    ok, report, _ = _run("MEMORY", tmp_path, SEIZED_FUZZ_MEMORY_MB="256")
    assert not ok
    assert "undeclared builtins.MemoryError" in report


@pytest.mark.fuzz
def test_a_crash_is_reported_with_its_input(tmp_path: Path) -> None:
    ok, report, saved = _run("CRASH", tmp_path)
    assert not ok
    assert "killed by SIGABRT" in report
    assert saved is not None and b"!" in read_files(saved)["input.txt"]


@pytest.mark.fuzz
def test_a_hang_is_stopped_and_reported(tmp_path: Path) -> None:
    ok, report, saved = _run("HANG", tmp_path, SEIZED_FUZZ_DEADLINE_MS="100")
    assert not ok
    assert "still running after 400 ms" in report
    assert saved is not None and b"!" in read_files(saved)["input.txt"]


@pytest.mark.fuzz
def test_shrinking_stops_after_its_time(tmp_path: Path) -> None:
    """With no time to shrink, the first failing input is the reproducer: fewer examples run
    than when hypothesis shrinks it (the same seed gives the same first failure)."""
    runs = {}
    for seconds in ("0", "30"):
        outcome = run_target(
            f"{PLANTED}:UNDECLARED",
            tmp_path / f"work{seconds}",
            env={
                "SEIZED_FUZZ_REGRESSIONS": str(tmp_path / f"regressions{seconds}"),
                "SEIZED_FUZZ_SEED": "12345",
                "SEIZED_FUZZ_SHRINK_SECONDS": seconds,
            },
            timeout=120,
        )
        assert not outcome.ok and outcome.saved is not None
        runs[seconds] = outcome
    assert runs["0"].result["examples"] < runs["30"].result["examples"]  # type: ignore[operator]
