"""Loading mapping files: valid ones load, broken ones name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from seized.errors import MappingError
from seized.mapping.model import load_mapping

GOOD = """\
mapping: 1
software: tiny
description: a made-up market
params:
  btc_eur: 350.0
tables:
  accounts:
    source: users
    select: |
      SELECT uid AS native_id,
             login AS username
      FROM users
  listings:
    source: [items, old_items]
    key: _pos
    optional: true
    select: "SELECT id AS native_id, _seized_pos AS _pos FROM source"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_valid_mapping(tmp_path: Path) -> None:
    mapping = load_mapping(write(tmp_path, GOOD))
    assert mapping.software == "tiny"
    assert mapping.params == {"btc_eur": 350.0}
    assert list(mapping.tables) == ["accounts", "listings"]
    accounts = mapping.tables["accounts"]
    assert accounts.sources == ("users",)
    assert accounts.line == 7
    assert accounts.select_line == 10  # the first SQL line below 'select: |'
    assert accounts.select.splitlines()[0] == "SELECT uid AS native_id,"
    listings = mapping.tables["listings"]
    assert listings.sources == ("items", "old_items")
    assert listings.key == "_pos"
    assert listings.optional is True
    assert listings.select_line == 17
    assert len(mapping.sha256) == 64


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("  accounts:\n", "  acounts:\n", 7, "unknown canonical table 'acounts'"),
        ("mapping: 1\n", "mapping: 2\n", 1, "unsupported mapping format version"),
        ("software: tiny\n", "", 1, "'software' is missing"),
        ("    key: _pos\n", "    kee: _pos\n", 15, "unknown key 'kee'"),
        ("    optional: true\n", "    optional: maybe\n", 16, "'optional' must be true or false"),
        ("  btc_eur: 350.0\n", "  btc-eur: 350.0\n", 5, "not a plain name"),
        ("    source: users\n", "", 7, "has no 'source'"),
        ("             login AS username\n", "             login AS AS username\n", 11, "syntax"),
        (
            "      SELECT uid AS native_id,\n",
            "      DELETE FROM users; SELECT uid AS native_id,\n",
            10,
            "exactly one SELECT",
        ),
        ("description: a made-up market\n", "description: [unclosed\n", 4, "YAML syntax error"),
        ("    source: [items, old_items]\n", "    source: []\n", 14, "empty list"),
    ],
)
def test_broken_mapping_names_line(
    tmp_path: Path, old: str, new: str, line: int, words: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert caught.value.line == line
    assert words in caught.value.reason
    assert caught.value.path == str(path)
    assert f"{path}:{line}" in str(caught.value)


def test_yaml_syntax_error_line(tmp_path: Path) -> None:
    text = "mapping: 1\nsoftware: x\ntables:\n  accounts:\n    source: a\n   select: b\n"
    path = write(tmp_path, text)
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert caught.value.line == 6
    assert "YAML syntax error" in caught.value.reason


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(b"mapping: 1\nsoftware: \xff\n")
    with pytest.raises(MappingError, match="not UTF-8"):
        load_mapping(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="cannot read"):
        load_mapping(tmp_path / "nope.yaml")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="must be a YAML mapping"):
        load_mapping(write(tmp_path, "- a\n- b\n"))
