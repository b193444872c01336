"""Builtin mappings and resolving a name or a path."""

from __future__ import annotations

from pathlib import Path

import pytest

from seized.errors import UserError
from seized.mapping.registry import builtin_mapping, builtin_names, resolve_mapping


def test_builtins_load() -> None:
    names = builtin_names()
    assert "agora-csv" in names
    for name in names:
        mapping = builtin_mapping(name)
        assert mapping.software == name
        assert mapping.tables


def test_resolve_name_and_path(tmp_path: Path) -> None:
    assert resolve_mapping("agora-csv").software == "agora-csv"
    path = tmp_path / "mine.yaml"
    path.write_text(
        "mapping: 1\nsoftware: mine\ntables:\n  accounts:\n    source: u\n"
        "    select: SELECT id AS native_id FROM u\n",
        encoding="utf-8",
    )
    mapping = resolve_mapping(str(path))
    assert mapping.software == "mine"
    assert mapping.path == str(path)


def test_resolve_unknown_lists_builtins() -> None:
    with pytest.raises(UserError) as caught:
        resolve_mapping("no-such-market")
    assert "agora-csv" in str(caught.value)
    with pytest.raises(UserError):
        builtin_mapping("no-such-market")
