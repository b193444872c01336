"""Reading YAML (tag packs, mappings) with bounds: every YAML file seized reads comes here.

PyYAML's safe loader builds no Python objects beyond plain values, but it still expands what a
file asks for: nine anchors that each list the previous one nine times are 744 bytes and 9**9
values once anything walks them (printing, copying, inheriting header fields into every tag),
and a tree nested a few hundred levels deep exhausts Python's recursion. This loader composes
the document once, keeping for every node how many nodes it stands for with its aliases
expanded, and refuses:

* aliases that together stand for more than :data:`MAX_ALIAS_NODES` nodes;
* an alias inside the node it names (a structure that contains itself);
* nesting deeper than :data:`MAX_DEPTH`;
* a control character (other than tab and line breaks) in the text;
* any tag beyond plain YAML (``!!python/object/apply:...`` and the like);
* a value its type cannot hold (a timestamp such as ``2021-13-45``, ``!!bool maybe``).

Each of these, and every syntax error, is an :class:`~seized.errors.InputError` (or the
subclass the caller names) with the file and the line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from seized.errors import InputError

#: Nodes that aliases may add to a document when expanded: ample for anchors reused as
#: defaults, far below what exhausts memory.
MAX_ALIAS_NODES = 100_000
#: Collections inside collections: real files nest a handful deep.
MAX_DEPTH = 100

_PLAIN = "plain YAML values (text, numbers, booleans, dates), lists and mappings"


class _Loader(yaml.SafeLoader):
    """The safe loader, counting what aliases expand to and naming the file in its errors."""

    def __init__(self, text: str, path: str, error: type[InputError]) -> None:
        super().__init__(text)
        self.path = path
        self.error = error
        self.weights: dict[int, int] = {}  # id(node) -> nodes it stands for, aliases expanded
        self.added = 0  # nodes the aliases so far added
        self.depth = 0

    def fail(self, message: str, mark: Any) -> InputError:
        """The error to raise, at a yaml Mark (or None)."""
        return self.error(message, self.path, line=mark.line + 1 if mark else None)

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        peek: Callable[[], yaml.Event] = self.peek_event
        event = peek()
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            weight = self.weights.get(id(node))
            if weight is None:
                raise self.fail(
                    f"the alias *{event.anchor} is inside the node it names (a structure that "
                    "contains itself)",
                    event.start_mark,
                )
            self.added += weight
            if self.added > MAX_ALIAS_NODES:
                raise self.fail(
                    f"aliases expand to more than {MAX_ALIAS_NODES} nodes (at *{event.anchor}):"
                    " refused, the file may be built to exhaust memory",
                    event.start_mark,
                )
            return node
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        node = super().compose_node(parent, index)
        self.depth -= 1
        weight = 1
        if isinstance(node, yaml.SequenceNode):
            weight += sum(self.weights[id(item)] for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            weight += sum(self.weights[id(k)] + self.weights[id(v)] for k, v in node.value)
        self.weights[id(node)] = weight
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        # datetime(2021, 13, 45) and the like; PyYAML's constructors of explicitly tagged
        # scalars fail with lookup and attribute errors on values not of their form
        # (!!bool maybe, !!int '', !!timestamp 99999-01-01)
        except (ValueError, OverflowError, LookupError, AttributeError) as exc:
            raise self.fail(
                f"{node.value!r} is not a valid {node.tag.rsplit(':', 1)[-1]}: {exc}",
                node.start_mark,
            ) from exc

    def construct_undefined(self, node: yaml.Node) -> Any:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise self.fail(f"the tag {tag} is not allowed: only {_PLAIN}", node.start_mark)


_Loader.add_constructor(None, _Loader.construct_undefined)


def compose(
    text: str, path: str | Path, *, error: type[InputError] = InputError, hint: str | None = None
) -> yaml.Node | None:
    """The node tree of a one-document YAML text (None when it is empty), checked against the
    bounds; ``hint`` goes with syntax errors."""
    try:
        loader = _Loader(text, str(path), error)  # refuses characters YAML does not allow
    except yaml.reader.ReaderError as exc:
        raise error(
            f"YAML error: the character #x{exc.character:04x} is not allowed in YAML text",
            str(path),
            line=text.count("\n", 0, exc.position) + 1,
            hint="control characters other than tab and line breaks must be escaped",
        ) from exc
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(
            f"YAML syntax error: {exc.problem or exc.context}",
            str(path),
            line=mark.line + 1 if mark else None,
            hint=hint,
        ) from exc
    except yaml.YAMLError as exc:
        raise error(f"YAML error: {exc}", str(path), hint=hint) from exc
    finally:
        loader.dispose()


def construct(node: yaml.Node, path: str | Path, *, error: type[InputError] = InputError) -> Any:
    """The Python value of a node of :func:`compose`: plain values, lists and dicts."""
    loader = _Loader("", str(path), error)
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:  # an unhashable key and the like
        mark = exc.problem_mark or exc.context_mark
        raise error(
            f"not valid YAML: {exc.problem or exc.context}",
            str(path),
            line=mark.line + 1 if mark else None,
        ) from exc
    finally:
        loader.dispose()


def load(text: str, path: str | Path, *, error: type[InputError] = InputError) -> Any:
    """The Python value of a one-document YAML text (None when it is empty)."""
    node = compose(text, path, error=error)
    return None if node is None else construct(node, path, error=error)


def line(node: yaml.Node) -> int:
    """The 1-based line where a node starts."""
    return int(node.start_mark.line) + 1
