"""The bounded YAML loader, and the tag packs and mappings that read through it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from seized import yamlload
from seized.chain.tagpack import load_tagpack
from seized.errors import InputError, MappingError
from seized.mapping.model import parse_mapping


def laughs(levels: int = 9, indent: str = "") -> str:
    """Nine anchors, each a list of nine aliases of the one before: 9**levels values."""
    lines = [f'{indent}l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"{indent}l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


HEADER = (
    "title: exchanges\ncreator: analyst\nlabel: exchange\ncurrency: BTC\ncategory: exchange\n"
    "confidence: web_crawl\nlastmod: 2021-01-01\nsource: https://example.org\n"
)


def test_a_billion_laughs_is_refused_at_once_with_its_line() -> None:
    text = laughs()
    assert len(text) < 800
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        yamlload.load(text, "bomb.yaml")
    assert time.perf_counter() - started < 1
    assert caught.value.path == "bomb.yaml"
    assert caught.value.line == 6  # l5 is the first whose aliases pass the bound
    assert "aliases expand to more than" in caught.value.reason


def test_anchors_used_as_defaults_still_load() -> None:
    text = "base: &base {currency: BTC, category: exchange}\nitems:\n" + "".join(
        f"- <<: *base\n  address: a{i}\n" for i in range(2000)
    )
    value = yamlload.load(text, "ok.yaml")
    assert value["items"][1999] == {"currency": "BTC", "category": "exchange", "address": "a1999"}
    assert yamlload.load("a: &x [1, 2]\nb: *x\n", "ok.yaml") == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: &x [1, *x]\n", 2, "inside the node it names"),
        ("a:\n  " + "[" * 150 + "]" * 150 + "\n", 2, "nested more than 100"),
        ("a: 1\nb: !!python/object/apply:os.system ['echo hi']\n", 2, "!!python/object/apply"),
        ("a: 1\nb: !!python/name:os.system ''\n", 2, "not allowed"),
        ("a: 1\nb: !custom 5\n", 2, "the tag !custom is not allowed"),
        ("a: 1\n\nwhen: 2021-13-45\n", 3, "'2021-13-45' is not a valid timestamp"),
        ("a: 1\nb: [unclosed\n", 3, "YAML syntax error"),
        ("a: 1\nb: *nowhere\n", 2, "YAML syntax error"),
        ("a: 1\n? [1, 2]\n: 3\n", 2, "unhashable"),
        ("a: 1\nb: !!timestamp 99999-01-01\n", 2, "'99999-01-01' is not a valid timestamp"),
        ("a: !!bool maybe\n", 1, "'maybe' is not a valid bool"),
        ("a: 1\nb: !!int ''\n", 2, "'' is not a valid int"),
        ("a: 1\nb: x\x00y\n", 2, "character #x0000 is not allowed"),
        ("a: 1\n\nc: '\x07'\n", 3, "character #x0007 is not allowed"),
    ],
)
def test_what_is_refused_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        yamlload.load(text, "f.yaml")
    assert caught.value.line == line
    assert words in caught.value.reason


def _pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(text)
    return path


def test_a_tag_pack_of_laughs_is_refused(tmp_path: Path) -> None:
    in_tags = HEADER + laughs() + "tags:\n- address: *l8\n"
    in_header = HEADER.replace("label: exchange\n", "label:\n" + laughs(indent="  ")) + (
        "tags:\n- address: 1BoatSLRHtKNngkdXEeobR76b53LETtpyT\n"
    )
    for text in (in_tags, in_header):
        started = time.perf_counter()
        with pytest.raises(InputError, match="aliases expand to more than") as caught:
            load_tagpack(_pack(tmp_path, text))
        assert time.perf_counter() - started < 1
        assert caught.value.line is not None and caught.value.path == str(tmp_path / "pack.yaml")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (HEADER.replace("2021-01-01", "2021-13-45") + "tags:\n- address: a\n", 7, "timestamp"),
        (HEADER + "tags:\n- address: a\n  lastmod: 2021-02-30\n", 11, "day is out of range"),
        (HEADER + "tags:\n- address: !!python/object/apply:os.system ['x']\n", 10, "not allowed"),
        (
            HEADER.replace("label: exchange", "label: !!python/object/new:os.system ['x']")
            + "tags: []\n",
            3,
            "not allowed",
        ),
        (HEADER + "tags:\n- address: a\n- just a text\n", 11, "each tag must be a mapping"),
        (HEADER + "tags:\n- address: a\n-\n  - a list\n", 12, "each tag must be a mapping"),
        (HEADER + "tags: {address: a}\n", 9, "`tags` must be a list"),
        ("!!set {title: x, creator: y}\n", 1, "YAML mapping"),
    ],
)
def test_tag_pack_errors_name_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        load_tagpack(_pack(tmp_path, text))
    assert caught.value.line == line
    assert words in caught.value.reason


def test_a_tag_pack_with_merge_keys_loads(tmp_path: Path) -> None:
    text = HEADER + (
        "defaults: &defaults {actor: binance, context: hot wallet}\n"
        "tags:\n"
        "- address: 1BoatSLRHtKNngkdXEeobR76b53LETtpyT\n  <<: *defaults\n"
        "- address: 1BCWMwpR4M1nYUuuYe2bmzrNuwGoF9ZAbA\n  actor: kraken\n"
    )
    pack = load_tagpack(_pack(tmp_path, text))
    assert [t.fields["actor"] for t in pack.tags] == ["binance", "kraken"]
    assert [t.line for t in pack.tags] == [11, 13]
    assert pack.tags[0].fields["lastmod"] == "2021-01-01"


MAPPING = "mapping: 1\nsoftware: x\n{extra}tables:\n  accounts:\n    source: users\n" + (
    "    select: SELECT 1 AS account_id\n"
)


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        ("description: !!python/object/apply:os.system x\n", 3, "not allowed"),
        ("params:\n  when: !!timestamp 2021-13-45\n", 4, "not a valid timestamp"),
        ("params:\n" + laughs(indent="  "), 9, "aliases expand to more than"),
    ],
)
def test_mapping_files_read_through_the_bounded_loader(extra: str, line: int, words: str) -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping(MAPPING.format(extra=extra).encode(), "m.yaml")
    assert caught.value.line == line and caught.value.path == "m.yaml"
    assert words in caught.value.reason
