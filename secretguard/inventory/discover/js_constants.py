"""Named constants a fallback gives instead of a literal, from another module: `env.PORT ?? DEFAULT_PORT`
with `import { DEFAULT_PORT } from "./defaults"` and `export const DEFAULT_PORT = 3000` there. Exported
literal constants are indexed in every JS/TS file of the project (a cheap text test first); a read waits
for the walk to end, then takes the constant's literal as its default."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.lexer import (
    JAVASCRIPT,
    OP,
    Token,
    is_id,
    is_op,
    literal_default,
    tokenize,
)

_EXPORTED_CONST = re.compile(r"\bexport\s+const\s+[A-Za-z_$][\w$]*\s*=\s*[-\"'`\d]")
_STATEMENT_ENDS = frozenset({";", "}"})


def exported_constants(text: str) -> dict[str, str]:
    """`export const NAME = "literal";` (a string without interpolation or a number): NAME -> its text."""
    if _EXPORTED_CONST.search(text) is None:
        return {}
    tokens = tokenize(text, JAVASCRIPT)
    found: dict[str, str] = {}
    for k in range(len(tokens) - 4):
        if not (is_id(tokens, k, "export") and is_id(tokens, k + 1, "const") and is_op(tokens, k + 3, "=")):
            continue
        value = literal_default(tokens, k + 4)
        if value is not None and _alone(tokens, k + 5, tokens[k + 4]) and is_id(tokens, k + 2):
            found[tokens[k + 2].text] = value
    return found


def _alone(tokens: list[Token], j: int, value: Token) -> bool:
    """Nothing is applied to the literal: the statement ends after it."""
    if j >= len(tokens) or tokens[j].line > value.line:
        return j >= len(tokens) or tokens[j].kind != OP or tokens[j].text in _STATEMENT_ENDS
    return tokens[j].kind == OP and tokens[j].text in _STATEMENT_ENDS


@dataclass
class ProjectConstants:
    """Files that may export literal constants, read (tokenized) only when a fallback names one of theirs:
    few fallbacks do, and tokenizing every such file costs more than the rest of the JS pass."""

    pending: dict[str, str] = field(default_factory=dict)  # file -> its text, not read yet
    defined: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> constant -> literal

    def add_file(self, text: str, file: str) -> None:
        if _EXPORTED_CONST.search(text) is not None:
            self.pending[file] = text

    def value(self, target: str | None, name: str) -> str | None:
        """The literal of the constant `name` the module `target` exports (None when unknown)."""
        if target is None:
            return None
        if target in self.pending:
            self.defined[target] = exported_constants(self.pending.pop(target))
        return self.defined.get(target, {}).get(name)
