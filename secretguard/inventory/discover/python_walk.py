"""Fast tree walks for the Python passes (issue #16: huge modules made discovery slow).

`ast.walk`, `ast.iter_child_nodes` and `ast.NodeVisitor.generic_visit` go through `ast.iter_fields`, a
generator per node; on a module of 100,000 nodes that is most of the time spent. These do the same work
with plain loops over `_fields`, in exactly the same order, so every pass sees the nodes as before.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """`list(ast.iter_child_nodes(node))`."""
    children: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            children.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            children.append(value)
    return children


def walk(tree: ast.AST) -> list[ast.AST]:
    """`list(ast.walk(tree))`: every node, breadth first, children in field order."""
    nodes: list[ast.AST] = [tree]
    append, extend = nodes.append, nodes.extend
    index = 0
    while index < len(nodes):
        node = nodes[index]
        index += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                extend(item for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                append(value)
    return nodes


class ModuleWalk:
    """One walk of a module shared by the passes over it: its nodes in `ast.walk`'s order, and each node's
    parent worked out when a pass first asks."""

    def __init__(self, tree: ast.AST) -> None:
        self.nodes = walk(tree)
        self._parents: dict[int, ast.AST] | None = None

    def parents(self) -> dict[int, ast.AST]:
        """Each node's parent by id, as `{id(child): node for node in ast.walk(tree) for child in
        ast.iter_child_nodes(node)}` gives it (a node under two parents, as the shared `Load()`, keeps the
        last)."""
        if self._parents is None:
            self._parents = {id(child): node for node in self.nodes for child in child_nodes(node)}
        return self._parents


class FastVisitor(ast.NodeVisitor):
    """`ast.NodeVisitor` with the method looked up once per node type and the children read straight from
    `_fields`: the same calls in the same order."""

    _visit_methods: dict[type, Callable[[Any], Any]]

    def visit(self, node: ast.AST) -> Any:
        try:
            methods = self._visit_methods
        except AttributeError:
            methods = self._visit_methods = {}
        kind = type(node)
        method = methods.get(kind)
        if method is None:
            method = methods[kind] = getattr(self, "visit_" + kind.__name__, self.generic_visit)
        return method(node)

    def generic_visit(self, node: ast.AST) -> None:
        visit = self.visit
        for name in node._fields:
            try:
                value = getattr(node, name)
            except AttributeError:
                continue
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        visit(item)
            elif isinstance(value, ast.AST):
                visit(value)
