"""JavaScript/TypeScript: a configuration object's members read without a fallback, each given one where it is
used, in other modules:

    // app/config/server.ts
    export const getServerSideConfig = () => ({
      chatglmUrl: process.env.CHATGLM_URL,
    });
    // app/api/glm.ts
    import { CHATGLM_BASE_URL } from "../constant";           // export const CHATGLM_BASE_URL = "https://..."
    let baseUrl = serverConfig.chatglmUrl || CHATGLM_BASE_URL;   // CHATGLM_URL's default

A member is `key: process.env.NAME` with nothing after the read; a use is `<holder>.key || X` (or `??`) where
the holder's name says it holds configuration (`serverConfig`, `config`, `settings`, `env`) and X is a literal
or a constant the module binds or imports (js_module_values.py follows it). Only a key that one variable
fills across the project counts, and only when every use falls back to the same literal.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.js_module_values import Lit, Modules

SOURCE = "javascript"
_ENDS = frozenset({";", ",", ")", "}", "]"})
_MEMBER = re.compile(r"\b([A-Za-z_$][\w$]*)\s*:\s*process\.env\.([A-Z_][A-Z0-9_]*)\s*(?=[,}\n])")
_USE = re.compile(
    r"\b([A-Za-z_$][\w$]*?(?:[cC]onfig|[cC]onf|[sS]ettings|[eE]nv))\s*(?:\(\s*\))?\s*\.\s*([A-Za-z_$][\w$]*)"
    r"\s*(?:\|\||\?\?)\s*(?=[\w\"'`-])"
)


@dataclass
class MemberFallbacks:
    members: dict[str, set[str]] = field(default_factory=dict)  # key -> the variables filling it
    uses: list[tuple[str, str, int]] = field(default_factory=list)  # key, file, line

    def add(self, text: str, file: str) -> None:
        if "process.env." in text:
            for found in _MEMBER.finditer(text):
                self.members.setdefault(found.group(1), set()).add(found.group(2))
        if "||" in text or "??" in text:
            for found in _USE.finditer(text):
                line = text.count("\n", 0, found.start()) + 1
                self.uses.append((found.group(2), file, line))

    def finish(
        self, read_file: Callable[[str], str | None], target: Callable[[str, str], str | None]
    ) -> list[Read]:
        keys = {key: next(iter(names)) for key, names in self.members.items() if len(names) == 1}
        uses = [use for use in self.uses if use[0] in keys]
        self.members, self.uses = {}, []
        if not uses:
            return []
        modules = Modules(read_file, target)
        found: dict[str, list[tuple[str | None, str, int]]] = {}
        for key, file, line in uses:
            found.setdefault(key, []).append((_fallback(modules, file, line), file, line))
        out: list[Read] = []
        for key, values in found.items():
            literals = {value for value, _, _ in values}
            if len(literals) != 1 or None in literals:
                continue  # uses disagree, or one falls back to something unknown
            value, file, line = values[0]
            out.append(Read(keys[key], file, line, True, SOURCE, default=value))
        return out


def _fallback(modules: Modules, file: str, line: int) -> str | None:
    """The literal the expression after the first `||`/`??` of the use's line evaluates to, in the module's
    own bindings (or what it imports)."""
    module = modules.get(file)
    if module is None:
        return None
    tokens = module.tokens
    first = bisect.bisect_left(tokens, line, key=lambda t: t.line)  # tokens come in line order
    on_line = range(first, bisect.bisect_right(tokens, line, lo=first, key=lambda t: t.line))
    operator = next((k for k in on_line if tokens[k].text in ("||", "??")), None)
    if operator is None:
        return None
    end = operator + 1
    while end < on_line.stop and tokens[end].text not in _ENDS:
        end += 1
    value = modules.value(module, operator + 1, end, {})
    return value.text if isinstance(value, Lit) and value.text else None
