"""Progress on stderr: a bar on a terminal, paced plain lines when piped, nothing when asked."""

from __future__ import annotations

import subprocess
import sys

import pytest

from seized import progress


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    made = Clock()
    monkeypatch.setattr(progress.time, "monotonic", made)
    return made


def lines(captured: str) -> list[str]:
    return [line for line in captured.splitlines() if line]


def test_auto_prints_paced_lines_for_long_work_when_piped(
    clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    with progress.count_progress("auto", unit="rows") as callback:
        assert callback is not None
        for second, done in ((1, 10), (4, 40), (6, 60), (9, 90), (17, 170), (18, 180)):
            clock.now = 100.0 + second
            callback("load", done, 200)
        clock.now = 119.0
        callback("load", 200, 200)
    printed = lines(capsys.readouterr().err)
    # the first line after PIPED_AFTER seconds, the next PIPED_EVERY seconds later, the end
    assert printed == [
        "load: 60 of 200 rows (30%), 10/s",
        "load: 170 of 200 rows (85%), 10/s",
        "load: 200 of 200 rows (100%), 11/s",
    ]


def test_auto_leaves_short_work_quiet_when_piped(
    clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    with progress.byte_progress("auto") as callback:
        assert callback is not None
        for second, done in ((1, 1_000_000), (3, 2_000_000)):
            clock.now = 100.0 + second
            callback("read dump.sql", done, 2_000_000)
        # the next label begins where the last ended and runs long: it is shown
        for second, done in ((4, 1_000_000), (10, 3_000_000)):
            clock.now = 100.0 + second
            callback("read second.sql", done, 4_000_000)
    assert lines(capsys.readouterr().err) == ["read second.sql: 3.0 of 4.0 MB (75%), 0.4 MB/s"]


def test_plain_prints_twice_a_second_and_at_the_end(
    clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    with progress.count_progress("plain", unit="values") as callback:
        assert callback is not None
        for tenth, done in ((1, 1), (3, 3), (7, 7), (8, 8), (9, 10)):
            clock.now = 100.0 + tenth / 10
            callback("decrypt", done, 10)
    assert [line.split(",")[0] for line in lines(capsys.readouterr().err)] == [
        "decrypt: 1 of 10 values (10%)",
        "decrypt: 7 of 10 values (70%)",
        "decrypt: 10 of 10 values (100%)",
    ]


def test_quiet_and_none_print_nothing(clock: Clock) -> None:
    with progress.count_progress("none") as callback:
        assert callback is None
    progress.set_quiet(True)
    try:
        with progress.byte_progress("auto") as callback:
            assert callback is None
    finally:
        progress.set_quiet(False)


def test_a_piped_long_command_reports_on_stderr_only() -> None:
    """In a real child process with stderr piped, ``auto`` picks the paced lines."""
    code = (
        "from seized import progress\n"
        "progress.time.monotonic = iter([0.0, 6.0, 7.0]).__next__\n"
        "with progress.count_progress('auto') as cb:\n"
        "    cb('scan', 1, 2)\n"
        "    cb('scan', 2, 2)\n"
        "print('result')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout == "result\n"
    assert lines(done.stderr) == ["scan: 1 of 2 rows (50%), 0/s", "scan: 2 of 2 rows (100%), 0/s"]
