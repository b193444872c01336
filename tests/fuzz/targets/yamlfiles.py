"""Fuzz targets of the YAML files seized reads: the bounded loader (seized.yamlload), GraphSense
tag packs (seized.chain.tagpack.load_tagpack) and mapping files (seized.mapping.model).

Documents come from a grammar of YAML's own constructs (anchors and aliases, merge keys, tags,
deep nesting, flow and block styles, several documents, odd characters), from tag packs and
mappings built as data and written by PyYAML, and from real tag packs and the shipped mappings,
then mutated as text.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import strategies as st

from seized import yamlload
from seized.chain.tagpack import load_tagpack
from seized.errors import InputError, MappingError
from seized.mapping.canonical import TABLES
from seized.mapping.model import load_mapping
from tests.fuzz.harness import Files, Target
from tests.fuzz.mutate import mutated

TAGPACKS = Path(__file__).resolve().parents[2] / "data" / "tagpacks"
BUILTIN = Path(__file__).resolve().parents[3] / "src" / "seized" / "mapping" / "builtin"
YAML_TOKENS = (
    b": ", b"- ", b"&a ", b"*a", b"<<: *a", b"!!binary ", b"!!set ", b"!!python/object ", b"? ",
    b"[", b"]", b"{", b"}", b"'", b'"', b"|\n", b">-\n", b"---\n", b"...\n", b"%YAML 1.1\n",
    b"\t", b"  ", b"#", b"\x00", b"\xc2\x85", b"\xef\xbb\xbf",
)  # fmt: skip


# --- the grammar of YAML ------------------------------------------------------------------------

SCALARS = (
    "text", "'quoted'", '"esc\\x41\\u00e9"', "123", "0x1F", "0o17", "1_000", "-.inf", ".nan",
    "1e400", "true", "no", "~", "null", "2021-01-01", "2021-13-45", "2021-02-03 04:05:06.7 +01:00",
    "!!binary aGVsbG8=", "!!binary ???", "!!int x", "!!float y", "!!timestamp 99999-01-01",
    "!!python/name:os.system ''", "!custom 5", "!!str 5", "!!null ''", "|\n  block\n  text",
    ">-\n  folded", "*a", "&a anchored", "'a: b'",
)  # fmt: skip


def _scalar() -> st.SearchStrategy[str]:
    return st.sampled_from(SCALARS) | st.text(max_size=8).map(lambda t: yaml.safe_dump(t)[:-1])


@st.composite
def node(draw: st.DrawFn, depth: int = 0) -> str:
    """One YAML value in flow style (safe to nest anywhere)."""
    kind = draw(st.sampled_from(("scalar", "scalar", "list", "map", "alias", "set")))
    if depth > 3 or kind == "scalar":
        text = draw(_scalar())
        return text if "\n" not in text else '"x"'
    if kind == "alias":
        return draw(st.sampled_from(("*a", "*b", "&a [1, 2]", "&b {k: *a}", "!!set {a, b}")))
    items = draw(st.lists(node(depth + 1), max_size=3))
    if kind == "list":
        return "[" + ", ".join(items) + "]"
    if kind == "set":
        return "!!omap [" + ", ".join(f"{{k{i}: {v}}}" for i, v in enumerate(items)) + "]"
    keys = draw(st.lists(st.sampled_from(("a", "b", "<<", "? [x]", "1", "null")), max_size=3))
    return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=False)) + "}"


@st.composite
def document(draw: st.DrawFn) -> bytes:
    """Block mappings of flow values, with laughs, deep nesting and directives at times."""
    lines = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(("%YAML 1.1\n---", "---", "%TAG ! tag:x,2000:\n---"))))
    for i in range(draw(st.integers(1, 5))):
        lines.append(f"k{i}: {draw(node())}")
    extra = draw(st.sampled_from(("", "laughs", "deep", "merge", "docs", "self")))
    if extra == "laughs":
        width, levels = draw(st.integers(2, 12)), draw(st.integers(2, 9))
        lines.append("l0: &l0 [" + ", ".join(["x"] * width) + "]")
        for i in range(1, levels):
            lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    elif extra == "deep":
        depth = draw(st.integers(95, 105))
        lines.append("deep: " + "[" * depth + "]" * depth)
    elif extra == "merge":
        lines += ["base: &base {a: 1, b: 2}", "item:", "  <<: [*base, *base]", "  c: 3"]
    elif extra == "docs":
        lines += ["---", "second: document"]
    elif extra == "self":
        lines.append("me: &me [1, *me]")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _yaml_run(directory: Path) -> None:
    path = directory / "doc.yaml"
    yamlload.load(path.read_bytes().decode("utf-8", "replace"), path)


def _yaml_seeds() -> list[Files]:
    return [{"doc.yaml": b"a: 1\nb: [x, y]\nc: {d: 2021-01-01}\n"}]


def _yaml_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.just(seeds[0]["doc.yaml"]) | document()
    return mutated(base, YAML_TOKENS).map(lambda b: {"doc.yaml": b})


YAML = Target("yaml", _yaml_run, _yaml_seeds, _yaml_inputs, declared=(InputError,), examples=300)


# --- tag packs ----------------------------------------------------------------------------------

ADDRESSES = (
    "1BCWMwpR4M1nYUuuYe2bmzrNuwGoF9ZAbA", "bc1qj6j6p0jdefl6pvdzx3kx8245yy5mz6q4luhzes",
    "3KvBX3jo69Qn8jHy44M33RYoeYcf8DdRBD", "1BCWMwpR4M1nYUuuYe2bmzrNuwGoF9ZAbB", "not an address",
    "bc1p" + "q" * 58, "", "0x52908400098527886E0F7030069857D2E4169EE7",
)  # fmt: skip


def _field() -> st.SearchStrategy[object]:
    return st.one_of(
        st.sampled_from(("BTC", "ETH", "btc", "exchange", "market", "web_crawl", "ofac")),
        st.text(max_size=8),
        st.integers(),
        st.floats(),
        st.booleans(),
        st.none(),
        st.dates(),
        st.lists(st.integers(), max_size=2),
    )


@st.composite
def tagpack(draw: st.DrawFn) -> bytes:
    keys = ("title", "creator", "label", "currency", "category", "confidence", "lastmod")
    header = {k: draw(_field()) for k in keys if draw(st.integers(0, 4)) < 4}
    tag_keys = (*keys, "address", "actor", "network", "is_public", "unknown")
    tags = [
        {k: (draw(st.sampled_from(ADDRESSES)) if k == "address" else draw(_field())) for k in ks}
        for ks in draw(st.lists(st.lists(st.sampled_from(tag_keys), unique=True), max_size=4))
    ]
    if draw(st.integers(0, 5)) < 5:
        header["tags"] = tags
    else:
        header["tags"] = draw(_field())
    return yaml.safe_dump(
        header, default_flow_style=draw(st.booleans()), allow_unicode=True
    ).encode()


def _tagpack_seeds() -> list[Files]:
    return [{"pack.yaml": (TAGPACKS / "hydra.yaml").read_bytes()}]


def _tagpack_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.just(seeds[0]["pack.yaml"]) | tagpack() | document()
    return mutated(base, (*YAML_TOKENS, b"tags:\n", b"- address: ")).map(lambda b: {"pack.yaml": b})


TAGPACK = Target(
    "tagpack",
    lambda d: load_tagpack(d / "pack.yaml"),
    _tagpack_seeds,
    _tagpack_inputs,
    declared=(InputError,),
    examples=200,
)


# --- mappings -----------------------------------------------------------------------------------

SELECTS = (
    "SELECT id AS native_id FROM source",
    "SELECT 1; DROP TABLE accounts",
    "SELECT * FROM read_csv('/etc/passwd')",
    "COPY accounts TO 'x.csv'",
    "SELECT",
    "SELECT 'unclosed",
    "WITH a AS (SELECT 1) SELECT * FROM a",
)


#: keys of every kind: plain, not one expression, and nested to DuckDB's bound and past it
KEYS = (
    "_seized_pos", "a, b", "x AS y", "1; SELECT 2", "$p", "*",
    " || ".join(["a"] * 300), "coalesce(" * 500 + "a" + ")" * 500, "(" * 2000 + "a" + ")" * 2000,
)  # fmt: skip


def _mostly(draw: st.DrawFn, good: object, bad: st.SearchStrategy[object]) -> object:
    """``good`` four times in five, else a value of ``bad``: each field of a mapping is wrong
    on its own, so that the checks after the first are reached too."""
    return good if draw(st.integers(0, 4)) < 4 else draw(bad)  # hypothesis favours 0


@st.composite
def mapping(draw: st.DrawFn) -> bytes:
    tables = {}
    names = st.sampled_from([*TABLES, "nonsense"])
    for name in draw(st.lists(names, min_size=1, max_size=3)):
        table: dict[str, object] = {
            "source": _mostly(draw, "users", st.sampled_from((["a", "b"], [], "", None, 5))),
            "select": _mostly(draw, SELECTS[0], st.sampled_from(SELECTS) | st.text(max_size=10)),
        }
        if draw(st.booleans()):
            table["key"] = draw(st.sampled_from(KEYS))
        if draw(st.booleans()):
            table["optional"] = _mostly(draw, True, _field())
        for field in draw(st.lists(st.sampled_from(("source", "select")), max_size=1)):
            del table[field]
        tables[name] = table
    doc: dict[str, object] = {
        "mapping": _mostly(draw, 1, st.sampled_from((2, "1", 1.0, None))),
        "software": _mostly(draw, "market", _field()),
        "params": _mostly(
            draw, {"rate": 1.5}, st.dictionaries(st.sampled_from(("rate", "bad name")), _field())
        ),
        "tables": _mostly(draw, tables, _field()),
    }
    return yaml.safe_dump(doc, allow_unicode=True).encode()


def _mapping_seeds() -> list[Files]:
    return [{"market.yaml": p.read_bytes()} for p in sorted(BUILTIN.glob("*.yaml"))]


def _mapping_inputs(seeds: list[Files]) -> st.SearchStrategy[Files]:
    base = st.sampled_from([s["market.yaml"] for s in seeds]) | mapping()
    return mutated(base, (*YAML_TOKENS, b";", b"SELECT ")).map(lambda b: {"market.yaml": b})


MAPPING = Target(
    "mapping",
    lambda d: load_mapping(d / "market.yaml"),
    _mapping_seeds,
    _mapping_inputs,
    declared=(MappingError,),
    examples=150,
)
