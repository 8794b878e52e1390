"""Dependencies point one way (ARCHITECTURE.md): the packages that must not reach sideways, checked on the
source's imports, those inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "secretguard"

# (modules under this folder, must not import a module starting with any of these, why)
RULES = [
    ("plan", ("secretguard.rotate",), "plan reads what rotate did through journal_format.py"),
    ("rotate", ("secretguard.plan",), "rotate reads a plan's JSON output, not the plan step's code"),
    (
        "scan/sources/bundle",
        ("secretguard.inventory.stores", "secretguard.inventory.model"),
        "inventory values reach a bundle scan through the SecretValues the CLI passes in",
    ),
]


def _imports(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize(("folder", "forbidden", "why"), RULES, ids=[r[0] for r in RULES])
def test_no_sideways_imports(folder: str, forbidden: tuple[str, ...], why: str) -> None:
    files = sorted((PACKAGE / folder).rglob("*.py"))
    assert files, f"secretguard/{folder} has no modules"
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for path in files
        for line, module in _imports(path)
        if module.startswith(forbidden)
    ]
    assert wrong == [], why
