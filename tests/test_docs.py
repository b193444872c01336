"""Docs stay true: the schema page matches the schema files; every command is documented."""

from __future__ import annotations

import re
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


# Sources cite the project's own docs, never section numbers of a document users do not have.
_OUTSIDE_CITATION = re.compile(r"\bspec\s*§\s*\d", re.IGNORECASE)
_TEXT_SUFFIXES = {".py", ".sql", ".md", ".c", ".h", ".yaml", ".toml", ".txt", ".csv"}


def test_nothing_cites_an_outside_specification() -> None:
    files = [REPO / "README.md", REPO / "CONTRIBUTING.md"]
    for folder in ("src", "tests", "bench", "docs"):
        files.extend(p for p in (REPO / folder).rglob("*") if p.suffix in _TEXT_SUFFIXES)
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if _OUTSIDE_CITATION.search(line)
    ]
    assert not found, f"cite docs/ instead of an outside specification: {found}"


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(markdown: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown text."""
    anchors = set()
    for line in markdown.splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return anchors


def test_links_between_the_docs_resolve() -> None:
    pages = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in _LINK.findall(page.read_text()):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked.read_text()):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert not broken, f"broken links: {broken}"
