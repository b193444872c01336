"""Targets with planted faults, for the harness's own tests (tests/fuzz/test_harness.py): each
reads one file and misbehaves when it holds a marker byte that mutations of its seed insert."""

from __future__ import annotations

import os
import time
from pathlib import Path

from hypothesis import strategies as st

from seized.errors import InputError
from tests.fuzz.harness import Files, Target
from tests.fuzz.mutate import mutated


def _seeds() -> list[Files]:
    return [{"input.txt": b"plain text"}]


def _inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    return mutated(st.just(b"plain text"), (b"!",)).map(lambda b: {"input.txt": b})


def _planted(fault: str) -> Target:
    def run(directory: Path) -> None:
        path = directory / "input.txt"
        data = path.read_bytes()
        if b"!" not in data or fault == "none":
            if b"\xff" in data:
                raise InputError("a declared error", path, offset=data.index(b"\xff"))
            return
        if fault == "undeclared":
            raise KeyError("planted")
        if fault == "unpositioned":
            raise InputError("an error without a position", path)
        if fault == "memory":
            bytearray(512 << 20)  # within reach of the machine, past the bound of the test
        if fault == "crash":
            os.abort()
        if fault == "hang":
            time.sleep(3600)

    return Target(f"planted-{fault}", run, _seeds, _inputs, examples=200)


CLEAN = _planted("none")
UNDECLARED = _planted("undeclared")
UNPOSITIONED = _planted("unpositioned")
MEMORY = _planted("memory")
CRASH = _planted("crash")
HANG = _planted("hang")
