"""Effect's `Config` module: `Config.string("PORT")`, `Config.number`, `Config.integer`, `Config.boolean`,
`Config.url`, `Config.redacted("API_KEY")` / `Config.secret` (a secret by the way it is read),
`Config.schema(SomeSchema, "X")`, `Config.array(Config.string(), "X")`. The default provider reads them from
the environment, a `Config.nested(config, "DB")` (or `.pipe(Config.nested("DB"))`) prefixing the names
inside with `DB_`. `Config.option(...)` / `.pipe(Config.option)` make a name optional and
`Config.withDefault(v)` (piped or data-first) gives it a default. Only in a module that imports `Config`
from "effect" (or the namespace from "effect/Config"): another library's `Config.string` is not Effect's.
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    JAVASCRIPT,
    Token,
    bracket_arguments,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    span_literal,
    tokenize,
)

SOURCE = "effect-config"
# `import { Config } from "effect"`, `import { Config as C, Effect } from "effect"`
_NAMED = re.compile(r"""import\s*(?:type\s+)?\{([^}]*)\}\s*from\s*["']effect["']""")
# `import * as Config from "effect/Config"`, `import * as C from "effect/Config"`
_NAMESPACE = re.compile(r"""import\s+\*\s+as\s+([A-Za-z_$][\w$]*)\s+from\s*["']effect/Config["']""")
# Constructors whose first argument is the variable's name.
_NAMED_FIRST = frozenset(
    """string nonEmptyString number integer boolean url redacted secret date duration logLevel port bigint
    literal""".split()
)
# Constructors taking another config (or a schema) and then the name.
_NAMED_LAST = frozenset({"schema", "array", "chunk", "hashSet", "hashMap"})
_SECRET = frozenset({"redacted", "secret"})
_ABSENT = frozenset({"undefined", "null"})


def _config_names(text: str) -> set[str]:
    names: set[str] = set()
    for found in _NAMED.finditer(text):
        for part in found.group(1).split(","):
            words = part.split()
            if words and words[0] == "Config":
                names.add(words[2] if len(words) == 3 and words[1] == "as" else "Config")
    names.update(_NAMESPACE.findall(text))
    return names


class _Calls:
    def __init__(self, tokens: list[Token], names: set[str]) -> None:
        self.tokens = tokens
        self.match = bracket_pairs(tokens)
        self.opens = {close: open_ for open_, close in self.match.items()}
        self.names = names

    def call(self, i: int, method: str | None = None) -> int | None:
        """The `(` of `Config.<method>(` at i (any method when None), else None."""
        tokens = self.tokens
        if not (is_id(tokens, i) and tokens[i].text in self.names and is_op(tokens, i + 1, ".")):
            return None
        if is_op(tokens, i - 1, ".") or not is_id(tokens, i + 2) or not is_op(tokens, i + 3, "("):
            return None
        return i + 3 if method is None or tokens[i + 2].text == method else None

    def receiver_start(self, dot: int) -> int:
        """The first token of the expression ending just before the `.` at dot (`Config.x("A")`)."""
        tokens = self.tokens
        k = dot - 1
        while k >= 0:
            if is_op(tokens, k, ")", "]") and k in self.opens:
                k = self.opens[k] - 1
                continue
            if is_id(tokens, k) and is_op(tokens, k - 1, "."):
                k -= 2
                continue
            return k
        return 0

    def wrappers(self, start: int, end: int) -> tuple[bool, str | None]:
        """(optional, default) a `.pipe(...)` after the call start..end, or a data-first `Config.option(` /
        `Config.withDefault(` around it, gives."""
        tokens = self.tokens
        optional, default = False, None
        k = end
        while is_op(tokens, k, ".") and is_id(tokens, k + 1, "pipe") and is_op(tokens, k + 2, "("):
            for a, b in bracket_arguments(tokens, self.match, k + 2):
                got = self.modifier(a, b)
                optional, default = optional or got[0], default if got[1] is None else got[1]
            k = self.match.get(k + 2, len(tokens)) + 1
        # data-first: `Config.withDefault(Config.string("X"), "d")`, `Config.option(Config.number("X"))`
        if start >= 4 and self.call(start - 4) == start - 1:
            method = tokens[start - 2].text
            args = bracket_arguments(tokens, self.match, start - 1)
            if method == "option":
                optional = True
            elif method == "withDefault" and len(args) == 2 and args[0][0] == start:
                optional, default = True, self.value(*args[1])
        return optional, default

    def modifier(self, a: int, b: int) -> tuple[bool, str | None]:
        """What one `pipe` argument does: `Config.option`, `Config.withDefault(v)`."""
        tokens = self.tokens
        if (
            b - a == 3
            and is_id(tokens, a)
            and tokens[a].text in self.names
            and is_id(tokens, a + 2, "option")
        ):
            return True, None
        opener = self.call(a, "withDefault")
        if opener is not None:
            args = bracket_arguments(tokens, self.match, opener)
            return True, self.value(*args[0]) if len(args) == 1 else None
        return False, None

    def value(self, a: int, b: int) -> str | None:
        found = span_literal(self.tokens, a, b)
        return None if found in _ABSENT else found

    def prefixes(self) -> list[tuple[int, int, str]]:
        """(start, end, prefix) of each part of the module a `Config.nested` puts under a prefix."""
        tokens = self.tokens
        spans: list[tuple[int, int, str]] = []
        for i in range(len(tokens)):
            opener = self.call(i, "nested")
            if opener is None:
                continue
            args = bracket_arguments(tokens, self.match, opener)
            if len(args) == 2 and (name := literal(tokens, args[1][0])) is not None:
                spans.append((args[0][0], args[0][1], name))  # data-first
            elif len(args) == 1 and (name := literal(tokens, args[0][0])) is not None:
                pipe = self.enclosing_pipe(i)
                if pipe is not None:
                    spans.append((self.receiver_start(pipe), pipe, name))
        return spans

    def enclosing_pipe(self, i: int) -> int | None:
        """The `.` of the innermost `.pipe(` whose arguments hold the token at i."""
        tokens = self.tokens
        found = [
            opener
            for opener, close in self.match.items()
            if opener < i < close and is_id(tokens, opener - 1, "pipe") and is_op(tokens, opener - 2, ".")
        ]
        return max(found) - 2 if found else None


def effect_config_reads(text: str, file: str) -> list[Read]:
    if "Config" not in text or "effect" not in text:
        return []
    names = _config_names(text)
    if not names:
        return []
    tokens = tokenize(text, JAVASCRIPT)
    calls = _Calls(tokens, names)
    spans = calls.prefixes() if "nested" in text else []
    reads: list[Read] = []
    for i in range(len(tokens)):
        opener = calls.call(i)
        if opener is None:
            continue
        method = tokens[i + 2].text
        args = bracket_arguments(tokens, calls.match, opener)
        if method in _NAMED_FIRST and args:
            name = literal(tokens, args[0][0]) if args[0][1] - args[0][0] == 1 else None
        elif method in _NAMED_LAST and len(args) == 2:
            name = literal(tokens, args[1][0]) if args[1][1] - args[1][0] == 1 else None
        else:
            continue
        if name is None:
            continue
        # innermost prefix last: `nested(nested(x, "B"), "A")` reads A_B_X
        for start, end, prefix in sorted(spans, key=lambda s: s[1] - s[0]):
            if start <= i < end:
                name = f"{prefix}_{name}"
        if not is_env_name(name):
            continue
        optional, default = calls.wrappers(i, calls.match.get(opener, opener) + 1)
        reads.append(
            Read(name, file, tokens[i].line, optional, SOURCE, secret_hint=method in _SECRET, default=default)
        )
    return reads
