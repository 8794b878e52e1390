"""ES module imports: `import x, { a as b } from "spec"` names each local binding and what it imports."""

from __future__ import annotations

import re
from collections.abc import Iterator

from secretguard.inventory.discover.lexer import Token, is_id, is_op, literal, split_arguments


def import_clause(
    tokens: list[Token], match: dict[int, int], i: int
) -> tuple[list[tuple[str, str]], str] | None:
    """With tokens[i] an `import` keyword: ((local, imported name) pairs, spec), `default` for a default
    import. None for a type-only import (it holds no values), a namespace import and a bare `import "x"`."""
    k = i + 1
    if is_id(tokens, k, "type"):
        return None
    names: list[tuple[str, str]] = []
    if is_id(tokens, k) and not is_id(tokens, k, "from"):
        names.append((tokens[k].text, "default"))
        k += 1
        if is_op(tokens, k, ","):
            k += 1
    if is_op(tokens, k, "*"):
        return None  # a namespace import: `ns.env.X` is not followed
    if is_op(tokens, k, "{") and k in match:
        for start, end in split_arguments(tokens, k, match[k]):
            s = start + 1 if is_id(tokens, start, "type") and end - start > 1 else start
            if not is_id(tokens, s) and literal(tokens, s) is None:
                continue
            imported = tokens[s].text
            local = tokens[s + 2].text if is_id(tokens, s + 1, "as") and is_id(tokens, s + 2) else imported
            names.append((local, imported))
        k = match[k] + 1
    if not is_id(tokens, k, "from"):
        return None
    spec = literal(tokens, k + 1)
    return None if spec is None else (names, spec)


def imported_names(tokens: list[Token], match: dict[int, int]) -> dict[str, tuple[str, str]]:
    """Every binding the file's import statements create: local -> (spec, imported name)."""
    out: dict[str, tuple[str, str]] = {}
    for i, tok in enumerate(tokens):
        if (
            tok.text != "import"
            or not is_id(tokens, i)
            or is_op(tokens, i + 1, ".", "(")
            or is_op(tokens, i - 1, ".")
        ):
            continue
        clause = import_clause(tokens, match, i)
        if clause is not None:
            for local, imported in clause[0]:
                out[local] = (clause[1], imported)
    return out


# `import { a, b as c } from "spec"` read by text (for the modules that do not tokenize a file).
_NAMED_IMPORT = re.compile(r"import\s*\{([^}]*)\}\s*from\s*['\"]([^'\"]+)['\"]")


def text_named_imports(text: str) -> Iterator[tuple[str, str, str]]:
    """(imported name, local name, spec) of each `import { ... } from "spec"` entry in raw text."""
    for found in _NAMED_IMPORT.finditer(text):
        for part in found.group(1).split(","):
            imported, _, local = part.strip().partition(" as ")
            if imported.strip():
                yield imported.strip(), (local or imported).strip(), found.group(2)


def default_bindings(text: str, module: str) -> set[str]:
    """The names a module's default export is bound to: `const x = require("m")`, `import x from "m"`,
    `import * as x from "m"`."""
    spec = re.escape(module)
    pattern = (
        rf"""\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*["']{spec}["']\s*\)"""
        rf"""|\bimport\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s+["']{spec}["']"""
    )
    return {a or b for a, b in re.findall(pattern, text)}
