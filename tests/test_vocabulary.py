"""The words seized writes and reads back are written once, in seized.vocabulary: no SQL or
Python string elsewhere in the package types them again."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import duckdb

from seized.db import literal_list, quote_literal
from seized.vocabulary import PAYOUT_KINDS, PGP_ARMOR, PGP_MESSAGE, SEIZED_TAGPACK

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "seized"
#: The generator writes its own data and imports no analysis code; the vocabulary is the source.
SKIPPED = ("synth/", "vocabulary.py")

#: Retyped forms: the tag-pack name, a payout kind as an SQL literal, the armor's first words.
RETYPED = re.compile(
    r"seized database'|'seized database|^seized database$|'(?:payout|withdrawal|refund)'|BEGIN PGP"
)


def _strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant that is not a docstring."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _without_comment(line: str) -> str:
    """An SQL line without its ``--`` comment (dashes inside a string literal are kept)."""
    quoted = False
    for at, char in enumerate(line):
        if char == "'":
            quoted = not quoted
        elif not quoted and line.startswith("--", at):
            return line[:at]
    return line


def retyped(relative: str, text: str) -> list[str]:
    """Where a file types a vocabulary word itself (SQL comments and docstrings may name them)."""
    found = []
    if relative.endswith(".py"):
        for line, value in _strings(text):
            if RETYPED.search(value):
                found.append(f"{relative}:{line}: {value.strip()[:60]!r}")
    else:
        for number, line in enumerate(text.splitlines(), 1):
            code = _without_comment(line)
            if RETYPED.search(code):
                found.append(f"{relative}:{number}: {code.strip()[:60]!r}")
    return found


def test_no_module_or_sql_file_retypes_the_vocabulary() -> None:
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.suffix not in (".py", ".sql") or relative.startswith(SKIPPED):
            continue
        found += retyped(relative, path.read_text(encoding="utf-8"))
    assert not found, "\n".join(found)


def test_the_check_finds_retyped_words() -> None:
    source = (
        '"""Docstrings may say seized database and -----BEGIN PGP MESSAGE-----."""\n'
        "SQL = \"SELECT 1 FROM tags WHERE tagpack = 'seized database'\"\n"
        "KINDS = \"kind IN ('withdrawal', 'refund')\"\n"
        'ARMOR = "-----BEGIN PGP "\n'
        'NAME = "seized database"\n'
    )
    assert [hit.split(":")[1] for hit in retyped("x.py", source)] == ["2", "3", "4", "5"]
    sql = "-- tag pack title, or 'seized database'\nSELECT '-----BEGIN PGP MESSAGE-----';\n"
    assert [hit.split(":")[1] for hit in retyped("x.sql", sql)] == ["2"]


def test_literals_reach_sql_unchanged() -> None:
    con = duckdb.connect()
    row = con.execute(
        f"SELECT {quote_literal(SEIZED_TAGPACK)}, {quote_literal(PGP_MESSAGE)}, "
        f"'refund' IN {literal_list(PAYOUT_KINDS)}, 'deposit' IN {literal_list(PAYOUT_KINDS)}, "
        f"{quote_literal(chr(39) + 'x' + chr(39))}"
    ).fetchone()
    assert row == (SEIZED_TAGPACK, PGP_ARMOR + "MESSAGE-----", True, False, "'x'")
