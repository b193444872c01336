"""Finding mappings: the builtin ones shipped in the package, a file named by the user, or the
copy in force in a case (``CASE/mappings/<market>.yaml``, checked against its recorded SHA-256).
"""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePath

from seized.errors import IntegrityError, UserError
from seized.mapping.model import Mapping, load_mapping, parse_mapping

_SUFFIX = ".yaml"
#: the directory of the mappings in force, inside the case directory
CASE_MAPPINGS = "mappings"


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


def case_mapping_path(market: str) -> str:
    """Where the mapping in force for ``market`` lives, relative to the case directory."""
    return f"{CASE_MAPPINGS}/{market}{_SUFFIX}"


def case_mapping(root: Path, recorded_path: str, recorded_sha256: str) -> Mapping:
    """The mapping in force in the case at ``root``, if its bytes are the ones recorded.

    ``recorded_path`` is relative to the case directory. Cases made before paths were stored
    that way hold an absolute path to their own mappings directory: only its file name is used,
    so a moved or copied case reads its own copy, never the original's.
    """
    stored = PurePath(recorded_path)
    relative = PurePath(CASE_MAPPINGS, stored.name) if stored.is_absolute() else stored
    if ".." in relative.parts:
        raise IntegrityError(f"the mapping path {recorded_path!r} leaves the case directory")
    path = root / relative
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IntegrityError(
            f"{path}: the mapping in force cannot be read ({exc.strerror}); set it again: "
            "seized mapping set"
        ) from exc
    sha = hashlib.sha256(data).hexdigest()
    if sha != recorded_sha256:
        raise IntegrityError(
            f"{path}: the mapping file changed after it was set (sha256 {sha}, recorded "
            f"{recorded_sha256}); the custody log names the recorded one. To use the new "
            "text, set it again: seized mapping set"
        )
    return parse_mapping(data, str(path))
