"""The import rules hold: every module imports only what its row of the table
"Packages and what they may import" in docs/architecture.md allows.

The table is the one source: this test parses it. A module belongs to the row of the longest
package name containing it; inside its row it may import anything; the root package (its
``__version__``) is open to all. ``import`` and ``from ... import`` anywhere in a module count
(inside functions too), and so does a string that is exactly a module path, optionally with
``:name`` (what a registry hands to ``importlib.import_module``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
DOC = REPO / "docs" / "architecture.md"
HEADING = "## Packages and what they may import"
ROOT = "seized"

_NAME = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*$")
_MODULE_STRING = re.compile(r"^seized(?:\.[A-Za-z_]\w*)+(?::\w+)?$")
_REMARK = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Row:
    packages: tuple[str, ...]  # full names: seized.link
    allowed: tuple[str, ...]  # full names: seized.chain.cluster


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_table(text: str) -> list[Row]:
    """The rows of the import table in the architecture document's text."""
    if HEADING not in text:
        raise ValueError(f"no '{HEADING}' section")
    lines = text.split(HEADING, 1)[1].splitlines()
    table = _table_lines(lines)
    if len(table) < 3 or _cells(table[0]) != ["package", "holds", "may import"]:
        raise ValueError("the import table must start with | package | holds | may import |")
    rows: list[Row] = []
    for line in table[2:]:
        cells = _cells(line)
        if len(cells) != 3:
            raise ValueError(f"a row of the import table has {len(cells)} cells: {line}")
        packages = tuple(re.findall(r"`(seized(?:\.\w+)*)`", cells[0]))
        if not packages:
            raise ValueError(f"a row of the import table names no `seized...` package: {line}")
        rows.append(Row(packages, _allowed(cells[2], rows, line)))
    return rows


def _table_lines(lines: list[str]) -> list[str]:
    found: list[str] = []
    for line in lines:
        if line.startswith("|"):
            found.append(line)
        elif found or line.startswith("#"):
            break
    return found


def _allowed(cell: str, above: list[Row], line: str) -> tuple[str, ...]:
    text = _REMARK.sub("", cell.replace("`", "")).strip()
    if text == "nothing of seized":
        return ()
    if text == "everything above":
        return tuple(p for row in above for p in row.packages)
    names = [item.strip() for item in text.split(",")]
    for name in names:
        if not _NAME.match(name):
            raise ValueError(f"{name!r} in the import table is not a package name: {line}")
    return tuple(f"{ROOT}.{name}" for name in names)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _exists(name: str) -> bool:
    base = SRC.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(module: str, source: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module) for every seized module ``source`` imports, wherever the import is."""
    found: list[tuple[int, str]] = []
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1])
                origin = f"{base}.{node.module}" if node.module else base
            else:
                origin = node.module or ""
            for alias in node.names:
                sub = f"{origin}.{alias.name}"
                found.append((node.lineno, sub if _exists(sub) else origin))
        elif isinstance(node, ast.Constant) and _MODULE_STRING.match(str(node.value)):
            found.append((node.lineno, str(node.value).split(":")[0]))
    return sorted({(line, name) for line, name in found if _within(name, ROOT)})


def row_of(module: str, rows: list[Row]) -> Row | None:
    """The row of the longest package containing ``module``; the root package's row holds the
    root module only (so a module missing from the table is never allowed by it)."""
    best: tuple[int, Row] | None = None
    for row in rows:
        for package in row.packages:
            if package == ROOT and module != ROOT:
                continue
            if _within(module, package) and (best is None or len(package) > best[0]):
                best = (len(package), row)
    return best[1] if best else None


def violations(module: str, imports: list[tuple[int, str]], rows: list[Row]) -> list[str]:
    """What ``module`` imports that its row does not allow."""
    row = row_of(module, rows)
    if row is None:
        return [f"{module} is in no row of the import table"]
    out = []
    for line, target in imports:
        if target == ROOT or any(_within(target, p) for p in row.packages + row.allowed):
            continue
        allowed = ", ".join(a.removeprefix(ROOT + ".") for a in row.allowed) or "nothing"
        out.append(f"{module}:{line} imports {target}; its row allows {allowed}")
    return out


def _modules() -> list[tuple[str, Path]]:
    return sorted((module_name(p), p) for p in (SRC / ROOT).rglob("*.py"))


def test_every_module_imports_only_what_the_table_allows() -> None:
    rows = parse_table(DOC.read_text(encoding="utf-8"))
    problems: list[str] = []
    for module, path in _modules():
        source = path.read_text(encoding="utf-8")
        found = imports_of(module, source, path.name == "__init__.py")
        problems += violations(module, found, rows)
    assert not problems, "\n".join(problems)


def test_every_name_in_the_table_is_a_module_or_a_row() -> None:
    rows = parse_table(DOC.read_text(encoding="utf-8"))
    listed = {p for row in rows for p in row.packages}
    unknown = [a for row in rows for a in row.allowed if a not in listed and not _exists(a)]
    assert not unknown, f"the import table names modules that do not exist: {unknown}"


_TABLE = """# Title

## Packages and what they may import

| package | holds | may import |
|---|---|---|
| `seized.errors` | errors | nothing of seized |
| `seized.chain` | Bitcoin | errors |
| `seized.synth` | generator | `chain.address` (addresses), errors |
| `seized.cli` | commands | everything above |

Text after the table.
"""


def test_the_table_is_parsed_with_remarks_and_everything_above() -> None:
    rows = parse_table(_TABLE)
    assert [r.packages for r in rows] == [
        ("seized.errors",),
        ("seized.chain",),
        ("seized.synth",),
        ("seized.cli",),
    ]
    assert rows[2].allowed == ("seized.chain.address", "seized.errors")
    assert rows[3].allowed == ("seized.errors", "seized.chain", "seized.synth")


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("import seized.chain.block\n", "seized.chain.block"),
        ("from seized.chain import cluster\n", "seized.chain.cluster"),
        ("def f():\n    from seized.crypto.fast import s2k_key\n", "seized.crypto.fast"),
        ("STAGES = {'link': 'seized.link.stage:link_stage'}\n", "seized.link.stage"),
        ("from ..crypto import fast\n", "seized.crypto.fast"),
    ],
)
def test_a_forbidden_import_is_found_wherever_it_is(source: str, target: str) -> None:
    rows = parse_table(_TABLE)
    found = imports_of("seized.synth.keys", source)
    assert [name for _, name in found] == [target]
    problems = violations("seized.synth.keys", found, rows)
    assert len(problems) == 1 and f"imports {target}" in problems[0]


def test_allowed_imports_pass() -> None:
    rows = parse_table(_TABLE)
    source = (
        "from seized import __version__\n"
        "from seized.errors import InputError\n"
        "from seized.chain.address import decode_address\n"
        "from seized.synth.packets import header\n"
        "from . import packets\n"
    )
    found = imports_of("seized.synth.keys", source)
    assert len(found) == 5
    assert violations("seized.synth.keys", found, rows) == []
    assert violations("seized.geo.countries", [], rows) == [
        "seized.geo.countries is in no row of the import table"
    ]
