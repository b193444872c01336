"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

case_argument = click.argument(
    "case", type=click.Path(file_okay=False, path_type=Path), metavar="CASE"
)


def actor_option(func: F) -> F:
    return click.option(
        "--actor",
        default=None,
        help="Who is acting, for the custody log (default: the login name).",
    )(func)


def progress_option(func: F) -> F:
    """``--progress``: how long work reports its progress on stderr (seized.progress)."""
    from seized.progress import MODES

    return click.option(
        "--progress",
        type=click.Choice(MODES),
        default="auto",
        show_default=True,
        help="auto: a bar on a terminal, plain lines for long work when piped; "
        "plain: a line twice a second; none.",
    )(func)
