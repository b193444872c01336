"""Mapping files: the YAML format, loaded and validated into :class:`Mapping`.

Every problem is a :class:`~seized.errors.MappingError` naming the file and the line (taken from
the YAML node marks), so a person can fix the file.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from seized import yamlload
from seized.errors import MappingError
from seized.mapping.canonical import TABLES
from seized.mapping.sqlcheck import check_key, check_select

FORMAT_VERSION = 1
ParamValue = str | int | float | bool

_TOP_KEYS = ("mapping", "software", "description", "params", "tables")
_TABLE_KEYS = ("source", "select", "key", "optional")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PATTERN_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class TableMapping:
    """How one canonical table is filled: a select over one or more raw source tables."""

    table: str  # canonical table name
    sources: tuple[str, ...]  # raw table names or patterns (see source_tables)
    select: str  # DuckDB SELECT outputting canonical column names
    key: str | None  # SQL expression over the select's output giving raw_key (default native_id)
    optional: bool  # True: the table is skipped when none of its sources exist
    line: int  # 1-based line of the table's entry in the YAML file
    source_line: int
    select_line: int  # 1-based line of the select's first SQL line
    key_line: int | None


@dataclass(frozen=True)
class Mapping:
    """A loaded, validated mapping file."""

    software: str
    description: str
    params: dict[str, ParamValue]
    tables: dict[str, TableMapping]  # in file order
    path: str  # where it was read from (for messages)
    sha256: str  # of the file's bytes

    def table(self, name: str) -> TableMapping | None:
        return self.tables.get(name)


def load_mapping(path: Path) -> Mapping:
    """Read and validate a mapping file; MappingError names the line of any problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MappingError(f"cannot read the mapping file: {exc.strerror}", path) from exc
    return parse_mapping(data, str(path))


def parse_mapping(data: bytes, path: str) -> Mapping:
    """Validate mapping text (bytes of a YAML file) read from ``path``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MappingError(
            "the mapping file is not UTF-8 text", path, offset=exc.start, hint="save it as UTF-8"
        ) from exc
    root = _compose(text, path)
    fields = _fields(root, path, _TOP_KEYS, "the mapping")
    version = _scalar(fields.get("mapping"), path, "mapping", root)
    if version != FORMAT_VERSION:
        raise MappingError(
            f"unsupported mapping format version {version!r}",
            path,
            line=_line(fields.get("mapping", root)),
            hint=f"start the file with 'mapping: {FORMAT_VERSION}'",
        )
    software = _text(fields.get("software"), path, "software", root)
    description_node = fields.get("description")
    description = _text(description_node, path, "description", root) if description_node else ""
    params = _params(fields.get("params"), path)
    tables_node = fields.get("tables")
    if not isinstance(tables_node, yaml.MappingNode) or not tables_node.value:
        raise MappingError(
            "'tables' must map canonical table names to their selects",
            path,
            line=_line(tables_node or root),
            hint="canonical tables: " + ", ".join(TABLES),
        )
    tables: dict[str, TableMapping] = {}
    for key_node, value_node in tables_node.value:
        name = str(key_node.value)
        if name not in TABLES:
            raise MappingError(
                f"unknown canonical table '{name}'",
                path,
                line=_line(key_node),
                hint="canonical tables: " + ", ".join(TABLES),
            )
        if name in tables:
            raise MappingError(f"table '{name}' is mapped twice", path, line=_line(key_node))
        tables[name] = _table(name, key_node, value_node, path)
    return Mapping(
        software=software,
        description=description,
        params=params,
        tables=tables,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _compose(text: str, path: str) -> yaml.Node:
    node = yamlload.compose(
        text, path, error=MappingError, hint="check indentation and quoting around this line"
    )
    if not isinstance(node, yaml.MappingNode):
        raise MappingError(
            "a mapping file must be a YAML mapping (key: value lines)",
            path,
            line=_line(node) if node is not None else 1,
        )
    return node


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _fields(
    node: yaml.Node, path: str, allowed: tuple[str, ...], what: str
) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise MappingError(f"{what} must be a YAML mapping", path, line=_line(node))
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in allowed:
            raise MappingError(
                f"unknown key '{key}' in {what}",
                path,
                line=_line(key_node),
                hint="allowed keys: " + ", ".join(allowed),
            )
        if key in fields:
            raise MappingError(f"key '{key}' appears twice in {what}", path, line=_line(key_node))
        fields[key] = value_node
    return fields


def _scalar(node: yaml.Node | None, path: str, name: str, parent: yaml.Node) -> ParamValue:
    if node is None:
        raise MappingError(f"'{name}' is missing", path, line=_line(parent))
    if not isinstance(node, yaml.ScalarNode):
        raise MappingError(f"'{name}' must be a single value", path, line=_line(node))
    value = yamlload.construct(node, path, error=MappingError)
    if value is None or not isinstance(value, str | int | float | bool):
        raise MappingError(f"'{name}' must be a text, number or boolean", path, line=_line(node))
    return value


def _text(node: yaml.Node | None, path: str, name: str, parent: yaml.Node) -> str:
    value = _scalar(node, path, name, parent)
    if not isinstance(value, str) or not value.strip():
        line = _line(node) if node is not None else _line(parent)
        raise MappingError(f"'{name}' must be non-empty text", path, line=line)
    return value


def _params(node: yaml.Node | None, path: str) -> dict[str, ParamValue]:
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise MappingError("'params' must map names to values", path, line=_line(node))
    params: dict[str, ParamValue] = {}
    for key_node, value_node in node.value:
        name = str(key_node.value)
        if not _PARAM_NAME.match(name):
            raise MappingError(
                f"parameter name '{name}' is not a plain name",
                path,
                line=_line(key_node),
                hint="use letters, digits and _ (used in SQL as getvariable('name'))",
            )
        params[name] = _scalar(value_node, path, name, key_node)
    return params


def _table(name: str, key_node: yaml.Node, node: yaml.Node, path: str) -> TableMapping:
    fields = _fields(node, path, _TABLE_KEYS, f"table '{name}'")
    source_node = fields.get("source")
    if source_node is None:
        raise MappingError(
            f"table '{name}' has no 'source' (the raw table it reads)", path, line=_line(key_node)
        )
    sources = _sources(source_node, path, name)
    select_node = fields.get("select")
    if select_node is None:
        raise MappingError(f"table '{name}' has no 'select'", path, line=_line(key_node))
    select = _text(select_node, path, "select", key_node)
    block = isinstance(select_node, yaml.ScalarNode) and select_node.style in ("|", ">")
    select_line = _line(select_node) + (1 if block else 0)
    select = check_select(select.rstrip().rstrip(";"), path, name, select_line)
    key: str | None = None
    key_line: int | None = None
    if "key" in fields:
        key_line = _line(fields["key"])
        key = check_key(_text(fields["key"], path, "key", key_node), path, name, key_line)
    optional = False
    if "optional" in fields:
        flag = _scalar(fields["optional"], path, "optional", key_node)
        if not isinstance(flag, bool):
            raise MappingError(
                "'optional' must be true or false", path, line=_line(fields["optional"])
            )
        optional = flag
    return TableMapping(
        table=name,
        sources=sources,
        select=select,
        key=key,
        optional=optional,
        line=_line(key_node),
        source_line=_line(source_node),
        select_line=select_line,
        key_line=key_line,
    )


def _sources(node: yaml.Node, path: str, table: str) -> tuple[str, ...]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    sources: list[str] = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            raise MappingError(
                f"table '{table}': 'source' must be a raw table name or a list of them",
                path,
                line=_line(item),
            )
        sources.append(str(item.value).strip())
    if not sources:
        raise MappingError(f"table '{table}': 'source' is an empty list", path, line=_line(node))
    return tuple(sources)


def is_pattern(source: str) -> bool:
    """Whether a ``source`` entry is a pattern (``*``, ``?``, ``[...]``) rather than one name."""
    return bool(_PATTERN_CHARS & set(source))


def source_tables(sources: tuple[str, ...], raw_tables: list[str]) -> list[str]:
    """The raw tables a table mapping reads, in the order of ``sources``.

    An entry is a raw table's name (compared without regard to case) or a shell-style pattern
    matched against the names: ``*`` any text, ``?`` one character, ``[abc]`` one of them. An
    entry that names a raw table exactly is that table, even when it holds pattern characters.
    A pattern's tables come in name order; entries that match nothing are skipped, and a table
    matched twice is read once. Nothing but the names of the market's raw tables is looked at.
    """
    by_name = {name.lower(): name for name in raw_tables}
    found: list[str] = []
    for source in sources:
        key = source.lower()
        if key in by_name:
            matches = [by_name[key]]
        elif is_pattern(source):
            matches = sorted(
                (name for low, name in by_name.items() if fnmatch.fnmatchcase(low, key)),
                key=str.lower,
            )
        else:
            matches = []
        found.extend(name for name in matches if name not in found)
    return found
