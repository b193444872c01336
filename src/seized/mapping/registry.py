"""Finding mappings: the builtin ones shipped in the package, or a file named by the user."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from seized.errors import UserError
from seized.mapping.model import Mapping, load_mapping, parse_mapping

_SUFFIX = ".yaml"


def _builtin_dir() -> Traversable:
    return resources.files("seized.mapping").joinpath("builtin")


def builtin_names() -> list[str]:
    """Names of the mappings shipped with seized (file names without .yaml), sorted."""
    return sorted(
        entry.name[: -len(_SUFFIX)]
        for entry in _builtin_dir().iterdir()
        if entry.is_file() and entry.name.endswith(_SUFFIX)
    )


def builtin_mapping(name: str) -> Mapping:
    """The shipped mapping called ``name``; UserError listing the builtins if there is none."""
    if name not in builtin_names():
        raise UserError(_unknown(name))
    entry = _builtin_dir().joinpath(name + _SUFFIX)
    return parse_mapping(entry.read_bytes(), str(entry))


def resolve_mapping(name_or_path: str) -> Mapping:
    """A mapping file if ``name_or_path`` is an existing path, else the builtin of that name."""
    path = Path(name_or_path)
    if path.is_file():
        return load_mapping(path)
    if name_or_path in builtin_names():
        return builtin_mapping(name_or_path)
    raise UserError(_unknown(name_or_path))


def _unknown(name: str) -> str:
    builtins = ", ".join(builtin_names()) or "(none)"
    return f"no mapping file '{name}' and no builtin mapping of that name; builtins: {builtins}"
