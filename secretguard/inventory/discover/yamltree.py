"""YAML documents as trees that remember line numbers, parsed with PyYAML's safe loader.

`yaml.safe_load_all` forgets where things were; discovery must say `file:line`, so the safe composer's nodes
are turned into small `Node`s instead (mapping -> dict, sequence -> list, scalars constructed safely).
Merge keys (`<<: *defaults`, common in compose files) are honoured. Alias expansion is bounded, so a
"billion laughs" document cannot blow up memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

_MAX_NODES = 200_000
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlTooLargeError(Exception):
    """The document expands to too many nodes (alias bombs)."""


@dataclass(slots=True)
class Node:
    value: Any  # dict[str, Node] | list[Node] | str | int | float | bool | None
    line: int  # 1-based line where the node starts
    end_line: int
    key_line: int = 0  # for a mapping value: the line of its key
    style: str | None = None  # scalar style: None (plain), "'", '"', "|", ">"
    children: int = field(default=0, repr=False)

    def get(self, key: str) -> Node | None:
        if isinstance(self.value, dict):
            found = self.value.get(key)
            return found if isinstance(found, Node) else None
        return None

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def text(self) -> str | None:
        """The scalar as a string (numbers and booleans in YAML 1.1 terms), None for null and collections."""
        if isinstance(self.value, str):
            return self.value
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        if isinstance(self.value, int | float):
            return str(self.value)
        return None

    def items(self) -> Iterator[tuple[str, Node]]:
        if isinstance(self.value, dict):
            yield from self.value.items()

    def elements(self) -> Iterator[Node]:
        if isinstance(self.value, list):
            yield from self.value


class _Builder:
    def __init__(self) -> None:
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, key_line: int = 0) -> Node:
        self.count += 1
        if self.count > _MAX_NODES:
            raise YamlTooLargeError
        line, end = node.start_mark.line + 1, node.end_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Node] = {}
            merged: list[Node] = []
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                    merged.extend(self.build(s) for s in sources if isinstance(s, yaml.MappingNode))
                    continue
                key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if key is None:
                    continue
                out[str(key)] = self.build(value_node, key_node.start_mark.line + 1)
            for source in merged:
                for k, v in source.items():
                    out.setdefault(k, v)
            return Node(out, line, end, key_line)
        if isinstance(node, yaml.SequenceNode):
            return Node([self.build(item) for item in node.value], line, end, key_line)
        assert isinstance(node, yaml.ScalarNode)
        return Node(self.scalar(node), line, end, key_line, node.style)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            return node.value


def load_documents(text: str) -> list[Node]:
    """Every document of a YAML stream; raises yaml.YAMLError or YamlTooLargeError."""
    builder = _Builder()
    return [builder.build(doc) for doc in yaml.compose_all(text, Loader=_Loader) if doc is not None]


def walk(node: Node) -> Iterator[Node]:
    """Every node, depth first (shared alias nodes visited each time they are referenced)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current.value, dict):
            stack.extend(reversed(list(current.value.values())))
        elif isinstance(current.value, list):
            stack.extend(reversed(current.value))


def scalar_lines(source_lines: list[str], node: Node, needle: str) -> int:
    """The line of `needle` inside a (possibly multi-line) scalar: searched in the source between the node's
    first and last line, so block scalars and folded strings report the real line."""
    for number in range(node.line, min(node.end_line, len(source_lines)) + 1):
        if needle in source_lines[number - 1]:
            return number
    return node.line


def locate(source_lines: list[str], node: Node, relative_line: int, needle: str) -> int:
    """Source line of something found on `relative_line` (1-based) of a scalar's value."""
    if node.style == "|":
        guess = node.line + relative_line
        if 0 < guess <= len(source_lines) and needle in source_lines[guess - 1]:
            return guess
    if node.line == node.end_line or (node.style is None and relative_line == 1):
        first = source_lines[node.line - 1] if 0 < node.line <= len(source_lines) else ""
        if needle in first:
            return node.line
    return scalar_lines(source_lines, node, needle)
