"""The fast walks visit exactly the nodes `ast` does, in the same order: every Python pass depends on it."""

from __future__ import annotations

import ast

from secretguard.inventory.discover.python_walk import FastVisitor, ModuleWalk, child_nodes, walk

SOURCE = '''
import os
from typing import Any

class Settings:
    """Docs."""
    DEBUG: bool = os.getenv("DEBUG", "0") == "1"

    def url(self, *parts: str, **extra: Any) -> str:
        return "/".join([os.environ.get("BASE", "http://x"), *parts]) + f"{extra!r:>10}"

async def main():
    async with open_it() as f:
        values = {k: v for k, v in os.environ.items() if k.startswith("APP_")}
        match values:
            case {"APP_MODE": "dev"}:
                return [x async for x in f]
    lambda y=os.getenv("Y"): y
'''


class _Order(ast.NodeVisitor):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def visit_Call(self, node: ast.Call) -> None:
        self.seen.append(ast.dump(node.func))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        self.seen.append(node.id)


class _FastOrder(FastVisitor):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802 (ast.NodeVisitor names)
        self.seen.append(ast.dump(node.func))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:  # noqa: N802 (ast.NodeVisitor names)
        self.seen.append(node.id)


def test_walks_match_the_standard_library() -> None:
    tree = ast.parse(SOURCE)
    assert walk(tree) == list(ast.walk(tree))
    for node in ast.walk(tree):
        assert child_nodes(node) == list(ast.iter_child_nodes(node))
    parents = ModuleWalk(tree).parents()
    expected = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    assert parents == expected


def test_the_fast_visitor_calls_the_same_methods_in_the_same_order() -> None:
    tree = ast.parse(SOURCE)
    slow, fast = _Order(), _FastOrder()
    slow.visit(tree)
    fast.visit(tree)
    assert fast.seen == slow.seen
    assert fast.seen[:2] == ["DEBUG", "bool"]  # an annotated assignment's target, then its annotation
