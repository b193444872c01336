"""The vectorised undoing of COPY TO escapes agrees with the exact line reader."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from seized.ingest.postgres.copy_bulk import _unescape
from seized.ingest.postgres.copy_exact import RowError, parse_line

PIECES = {
    # only the escapes COPY TO writes: nothing is left for the exact path
    "clean": ["a", "é", "n", "x", "\\\\", "\\n", "\\t", "\\r", "\\b", "\\f", "\\v"],
    # octal, hex, a backslash before another byte or at the end: flagged for the exact path
    "mixed": ["a", "é", "n", "\\\\", "\\n", "\\t", "\\", "\\x41", "\\101", "\\N", "\\q"],
    # NUL bytes in the text take the slower way of removing backslashes
    "nul": ["a", "\\\\", "\\n", "\x00"],
}


def _values(kind: str, seed: int) -> list[str | None]:
    rng = random.Random(seed)
    pieces = PIECES[kind]
    values: list[str | None] = []
    for _ in range(5000):
        if rng.random() < 0.05:
            values.append(None)
        else:
            values.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))))
    return values


def _exact(text: str) -> str | None:
    try:
        value = parse_line(text.encode(), [False], "utf-8")[0]
    except RowError:
        return None
    assert value is None or isinstance(value, str)
    return value


@pytest.mark.parametrize("kind", sorted(PIECES))
@pytest.mark.parametrize("shape", ["string", "large_string", "sliced"])
def test_unescape_matches_exact_reader(kind: str, shape: str) -> None:
    values = _values(kind, seed=len(kind))
    if shape == "large_string":
        array = pa.array(values, pa.large_string())
    elif shape == "sliced":
        array = pa.array(values, pa.string()).slice(7, 3000)
        values = values[7:3007]
    else:
        array = pa.array(values, pa.string())
    out, flags = _unescape(array)
    flagged = 0
    for text, got, flag in zip(values, out.to_pylist(), flags.to_pylist(), strict=True):
        if text is None:
            assert got is None and not flag
        elif flag:
            flagged += 1
        else:
            assert got == _exact(text), text
    if kind == "mixed":
        assert flagged > 0
    else:
        assert flagged == 0


def test_escaped_backslash_before_a_letter() -> None:
    out, flags = _unescape(pa.array(["a\\\\nb", "\\\\\\n", "x\\\\", "\\\\\\\\t"]))
    assert out.to_pylist() == ["a\\nb", "\\\n", "x\\", "\\\\t"]
    assert not any(flags.to_pylist())


def test_lone_backslash_at_the_end_does_not_touch_the_next_value() -> None:
    out, flags = _unescape(pa.array(["abc\\", "nope", "ok\\n"]))
    assert flags.to_pylist() == [True, False, False]
    assert out.to_pylist()[1:] == ["nope", "ok\n"]
