"""Docs stay true: the schema page matches the schema files; every command is documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from seized.cli import cli

REPO = Path(__file__).resolve().parents[1]


def test_schema_doc_is_generated_from_the_schema_files(tmp_path: Path) -> None:
    out = tmp_path / "schema.md"
    subprocess.run([sys.executable, str(REPO / "docs" / "gen_schema.py"), str(out)], check=True)
    assert out.read_text() == (REPO / "docs" / "schema.md").read_text(), (
        "docs/schema.md is stale: run `python docs/gen_schema.py`"
    )


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        if command.hidden:
            continue
        full = f"{prefix} {name}".strip()
        found.append((full, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, full))
    return found


def test_every_command_has_help_with_an_example() -> None:
    for name, command in _commands(cli):
        if isinstance(command, click.Group):
            continue
        text = command.help or ""
        assert "Example" in text, f"`seized {name} --help` has no example"
        assert f"seized {name}" in text, f"`seized {name}` example does not show the command"


def test_every_command_is_in_the_cli_reference() -> None:
    reference = (REPO / "docs" / "cli.md").read_text()
    for name, _ in _commands(cli):
        assert f"seized {name}" in reference, f"`seized {name}` is missing from docs/cli.md"


def test_cli_reference_is_generated_from_the_help_texts(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    subprocess.run([sys.executable, str(REPO / "docs" / "gen_cli.py"), str(out)], check=True)
    assert out.read_text() == (REPO / "docs" / "cli.md").read_text(), (
        "docs/cli.md is stale: run `python docs/gen_cli.py`"
    )
