"""Cloudflare Workers' environment bindings: the variables (and secrets) a Worker gets are the members of the
type its handlers receive as `env`, declared once:

    export interface Env {
      GITHUB_TOKEN: string;
      OTA_SYNC_TOKEN_HEADER: string;
      OTA_CODE_SIGNING_PRIVATE_KEY?: string;
      ASSETS: R2Bucket;                                   // a resource binding, no variable
    }
    const app = new Hono<{ Bindings: Env }>();            // or `fetch(request: Request, env: Env)`
    app.get("/", (c) => c.env.OTA_SYNC_TOKEN_HEADER);

A type is a Worker's environment when the project names it as Hono's `Bindings`, or as the type of an `env`
parameter (`env: Env`). Its members typed as text (`string`, a union of string literals) are the variables;
an optional member (`X?:`) may be unset. Members typed as a resource (`KVNamespace`, `D1Database`, ...) are
bindings to other services, not values an operator sets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import text_brace_close

SOURCE = "javascript"
_DECLARATION = re.compile(r"\b(?:interface\s+([A-Z][\w$]*)[^{=]*\{|type\s+([A-Z][\w$]*)\s*=\s*\{)")
_USES = re.compile(r"\bBindings\s*:\s*([A-Z][\w$]*)|[(,]\s*env\s*:\s*([A-Z][\w$]*)\b")
_MEMBER = re.compile(r"^\s*(?:readonly\s+)?([A-Z][A-Z0-9_]*)(\??)\s*:\s*([^;\n]+?)\s*;?\s*(?://.*)?$")
_TEXT_TYPE = re.compile(
    r"""^(?:string|`[^`]*`|"[^"]*"|'[^']*')(?:\s*\|\s*(?:string|undefined|"[^"]*"|'[^']*'))*$"""
)


@dataclass
class WorkerBindings:
    types: dict[str, list[tuple[str, bool, str, int]]] = field(
        default_factory=dict
    )  # name, optional, file, line
    used: set[str] = field(default_factory=set)

    def add(self, text: str, file: str) -> None:
        if not any(word in text for word in ("env", "Env", "Bindings")) or file.endswith(".d.ts"):
            return  # a declaration file types `import.meta.env` or `process.env`, no Worker's bindings
        for found in _USES.finditer(text):
            self.used.add(found.group(1) or found.group(2))
        for found in _DECLARATION.finditer(text):
            name = found.group(1) or found.group(2)
            close = text_brace_close(text, found.end() - 1)
            body = text[found.end() : close]
            first = text.count("\n", 0, found.end()) + 1
            members: list[tuple[str, bool, str, int]] = []
            for k, line in enumerate(body.split("\n")):
                member = _MEMBER.match(line)
                if member is not None and _TEXT_TYPE.match(member.group(3).strip()):
                    members.append((member.group(1), bool(member.group(2)), file, first + k))
            if members:
                self.types.setdefault(name, []).extend(members)

    def finish(self) -> list[Read]:
        out = [
            Read(name, file, line, optional, SOURCE)
            for type_name in self.used
            for name, optional, file, line in self.types.get(type_name, [])
            if is_env_name(name)
        ]
        self.types, self.used = {}, set()
        return out
