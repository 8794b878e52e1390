"""JavaScript/TypeScript: a zod schema exported by one module and parsed from the environment in another.

    // config/schema.ts
    export const configSchema = z.object({
      PORT: z.coerce.number().default(3000),
      STORAGE_REGION: z.string().default("us-east-1"),
      SMTP_URL: z.string().url().optional(),
    });
    // config/config.module.ts
    import { configSchema } from "./schema";
    ConfigModule.forRoot({ validate: (config) => configSchema.parse(config) })   // NestJS hands it the env
    // health.controller.ts
    configSchema.parse(process.env)

js_schema.py reads a schema written in the file that parses it; this follows the import to the module that
exports it. Each key of the object is a variable; `.default(lit)` gives its default, `.optional()` (or a
default) makes it optional.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.js_imports import text_named_imports
from secretguard.inventory.discover.lexer import text_brace_close

SOURCE = "javascript"
# `configSchema.parse(process.env)`; NestJS's `validate: (config) => configSchema.parse(config)`.
_PARSED = re.compile(
    r"\b(\w+)\.(?:parse|safeParse|parseAsync)\(\s*process\.env\s*\)"
    r"|\bvalidate\s*:\s*\(?\s*(\w+)\s*(?::\s*[\w<>,\s\[\]]+)?\)?\s*=>\s*(\w+)\.(?:parse|safeParse)\(\s*\2\s*\)"
)
_EXTENSIONS = (".ts", ".tsx", ".js", ".mjs", ".cjs", ".mts")
_KEY = re.compile(r"(?m)^([ \t]*)([A-Za-z_][A-Za-z0-9_]*)\s*:\s*z\b")
_DEFAULT = re.compile(r"\.default\(\s*(?:\"([^\"\n]*)\"|'([^'\n]*)'|(-?\d+(?:\.\d+)?|true|false))\s*\)")


@dataclass
class ImportedSchemas:
    wanted: list[tuple[str, str, str]] = field(default_factory=list)  # (importing file, spec, schema name)

    def add(self, text: str, file: str) -> None:
        if ".parse" not in text or "import" not in text:
            return
        names = {m.group(1) or m.group(3) for m in _PARSED.finditer(text)}
        if not names:
            return
        for original, local, spec in text_named_imports(text):
            if local in names and spec.startswith("."):
                self.wanted.append((file, spec, original))

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
        out: list[Read] = []
        seen: set[tuple[str, str]] = set()
        for file, spec, name in self.wanted:
            base = posixpath.normpath(posixpath.join(posixpath.dirname(file), spec))
            for candidate in (
                base,
                *(base + e for e in _EXTENSIONS),
                *(f"{base}/index{e}" for e in _EXTENSIONS),
            ):
                text = read_file(candidate)
                if text is None or (candidate, name) in seen:
                    continue
                seen.add((candidate, name))
                out.extend(_schema_reads(text, candidate, name))
                break
        return out


def _schema_reads(text: str, file: str, name: str) -> list[Read]:
    """The keys of `export const <name> = z.object({...})` in the module."""
    start = re.search(rf"\b{re.escape(name)}\s*=\s*z\s*\.\s*object\(\s*\{{", text)
    if start is None:
        return []
    end = text_brace_close(text, start.end() - 1)
    body = text[start.end() : end]
    keys = list(_KEY.finditer(body))
    if not keys:
        return []
    indent = min(len(k.group(1)) for k in keys)
    keys = [k for k in keys if len(k.group(1)) == indent]  # the object's own keys, not nested objects'
    out: list[Read] = []
    for n, key in enumerate(keys):
        chain = body[key.end() : keys[n + 1].start() if n + 1 < len(keys) else len(body)]
        found = _DEFAULT.search(chain)
        default = next((g for g in found.groups() if g is not None), None) if found else None
        optional = found is not None or ".optional()" in chain or ".nullish()" in chain
        if is_env_name(key.group(2)):
            line = text.count("\n", 0, start.end() + key.start(2)) + 1
            out.append(Read(key.group(2), file, line, optional, SOURCE, default=default or None))
    return out
