"""Write docs/cli.md from the commands' own --help texts: python docs/gen_cli.py [OUT]."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from seized.cli import cli


def _walk(group: click.Group, path: list[str]) -> list[tuple[list[str], click.Command]]:
    out: list[tuple[list[str], click.Command]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        out.append(([*path, name], command))
        if isinstance(command, click.Group):
            out.extend(_walk(command, [*path, name]))
    return out


def render() -> str:
    lines = [
        "# Command reference",
        "",
        "Generated from each command's `--help` (`python docs/gen_cli.py`); "
        "a test keeps it in step.",
        "",
    ]
    for path, command in _walk(cli, []):
        name = " ".join(["seized", *path])
        parent = click.Context(cli, info_name="seized", terminal_width=80, max_content_width=80)
        ctx = parent
        for part in path:
            ctx = click.Context(
                command if part == path[-1] else cli,
                info_name=part,
                parent=ctx,
                terminal_width=80,
                max_content_width=80,
            )
        lines += [f"## {name}", "", "```text", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("cli.md")
    target.write_text(render(), encoding="utf-8")
