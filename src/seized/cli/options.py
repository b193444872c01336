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


def engine_options(func: F) -> F:
    """``--engine``, ``--spark-master``, ``--spark-conf`` and ``--spark-work``, passed to the
    command as the keyword argument ``engine`` (a dict of EngineOptions fields)."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(["duckdb", "spark"]),
            default="duckdb",
            show_default=True,
            help="Run the work in the case store (duckdb) or on Apache Spark (needs "
            "seized[spark] and Java 17). Both give the same tables.",
        ),
        click.option(
            "--spark-master",
            default="local[*]",
            show_default=True,
            help="Spark master URL: local[*], spark://HOST:7077, k8s://https://HOST:PORT.",
        ),
        click.option(
            "--spark-conf",
            multiple=True,
            metavar="KEY=VALUE",
            help="A Spark setting, passed through (repeatable), e.g. spark.executor.memory=8g.",
        ),
        click.option(
            "--spark-work",
            default=None,
            metavar="DIR|URL",
            help="Where Spark jobs exchange Parquet with the case store, reachable by every "
            "executor (default CASE/spark; s3a://bucket/prefix on object storage).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def engine_fields(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Take the engine options out of a command's keyword arguments."""
    return {
        "engine": kwargs.pop("engine"),
        "spark_master": kwargs.pop("spark_master"),
        "spark_conf": tuple(kwargs.pop("spark_conf")),
        "spark_work": kwargs.pop("spark_work"),
    }
