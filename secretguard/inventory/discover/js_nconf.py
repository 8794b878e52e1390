"""nconf's environment store: `nconf.argv().env({ separator: "__" })` lets the environment set any key the
app reads with `nconf.get("key")`, under the key's own spelling (`url`, `secret`), nested keys joined by the
separator (`nconf.get("mongo:password")` reads `mongo__password`; without a separator only top-level keys
can be set). A key the app sets itself (`nconf.set("version", ...)`) is the app's, not the operator's; with a
`whitelist` only the listed keys are read. Defaults: `nconf.defaults({...})` (nested objects flattened) or a
literal after the read (`nconf.get("port") || 4567`).

The project's files are read one by one (`add`); the names come once every file is seen (`finish`): the
store may be set up in the entry file and read everywhere else."""

from __future__ import annotations

from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name, scope_of_read
from secretguard.inventory.discover.js_imports import default_bindings
from secretguard.inventory.discover.lexer import (
    JAVASCRIPT,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    span_literal,
    split_arguments,
    tokenize,
)

SOURCE = "nconf"
_MAX_DEPTH = 4  # nested defaults objects followed


@dataclass
class _Get:
    key: str
    file: str
    line: int
    fallback: str | None


@dataclass
class NconfProject:
    """nconf env stores, gets, sets and defaults of every file, combined in `finish`."""

    separators: list[str | None] = field(default_factory=list)  # one per `.env(...)` store
    whitelist: set[str] = field(default_factory=set)
    whitelisted: bool = False
    gets: list[_Get] = field(default_factory=list)
    sets: set[str] = field(default_factory=set)
    defaults: dict[str, str | None] = field(default_factory=dict)
    # `nconf.defaults({...})`'s keys: settings even when read some other way (`castAsBool.forEach(...)`)
    default_places: dict[str, tuple[str, int]] = field(default_factory=dict)
    file: str = ""  # the file being read
    runtime: bool = True  # it is placed where the running app's code is (not a test's mock)
    shadows: set[str] = field(default_factory=set)  # keys holding another key's default, not settings

    def add(self, text: str, rel: str) -> None:
        if "nconf" not in text:
            return
        names = default_bindings(text, "nconf")
        if not names:
            return
        tokens = tokenize(text, JAVASCRIPT)
        match = bracket_pairs(tokens)
        self.file = rel
        self.runtime = scope_of_read(Read("", rel, 0, False, SOURCE)) == "runtime"
        for i, tok in enumerate(tokens):
            if tok.text not in names or is_op(tokens, i - 1, "."):
                continue
            k = i
            while is_op(tokens, k + 1, ".") and is_id(tokens, k + 2) and is_op(tokens, k + 3, "("):
                method, open_ = tokens[k + 2].text, k + 3
                close = match.get(open_)
                if close is None:
                    break
                args = split_arguments(tokens, open_, close)
                self._call(tokens, match, method, args, close, rel)
                k = close

    def _call(
        self,
        tokens: list[Token],
        match: dict[int, int],
        method: str,
        args: list[tuple[int, int]],
        close: int,
        rel: str,
    ) -> None:
        first = literal(tokens, args[0][0]) if args and args[0][1] - args[0][0] == 1 else None
        if method == "env":
            self._store(tokens, match, args)
        elif method == "get" and first is not None and len(args) == 1:
            fallback, shadows = _fallback(tokens, match, close, first)
            self.gets.append(_Get(first, rel, tokens[args[0][0]].line, fallback))
            self.shadows |= shadows
        elif method == "set" and first is not None and self.runtime:  # a test's `nconf.set` is its own
            # `nconf.set("upload_path", path.resolve(nconf.get("upload_path")))` normalises a setting;
            # `if (!nconf.get("sessionKey")) { nconf.set("sessionKey", "express.sid") }` gives its default
            rest = range(args[1][0], args[-1][1]) if len(args) > 1 else range(0)
            start = args[0][0]
            tested = any(
                tokens[k].kind == STR and tokens[k].text == first
                for k in range(max(0, start - 16), start - 2)
            )
            if tested and len(args) == 2 and (value := _value(tokens, *args[1])) is not None:
                self.defaults.setdefault(first, value)
            elif not tested and not any(tokens[k].kind == STR and tokens[k].text == first for k in rest):
                self.sets.add(first)
        elif method == "defaults" and args and is_op(tokens, args[0][0], "{"):
            self._flatten(tokens, match, args[0][0], "", 0)

    def _store(self, tokens: list[Token], match: dict[int, int], args: list[tuple[int, int]]) -> None:
        """`.env()`, `.env("__")`, `.env({ separator: "__", whitelist: [...] })`."""
        separator: str | None = None
        if args and args[0][1] - args[0][0] == 1:
            separator = literal(tokens, args[0][0])
        elif args and is_op(tokens, args[0][0], "{") and args[0][0] in match:
            for start, end in split_arguments(tokens, args[0][0], match[args[0][0]]):
                if not (is_id(tokens, start) or tokens[start].kind == STR) or not is_op(
                    tokens, start + 1, ":"
                ):
                    continue
                option = tokens[start].text
                if option == "separator" and end - start == 3:
                    separator = literal(tokens, start + 2)
                elif option == "whitelist" and is_op(tokens, start + 2, "[") and start + 2 in match:
                    self.whitelisted = True
                    for a, b in split_arguments(tokens, start + 2, match[start + 2]):
                        if b - a == 1 and (value := literal(tokens, a)) is not None:
                            self.whitelist.add(value)
        self.separators.append(separator or None)

    def _flatten(
        self, tokens: list[Token], match: dict[int, int], open_: int, prefix: str, depth: int
    ) -> None:
        """`nconf.defaults({ port: 4567, mongo: { host: "127.0.0.1" } })`: each leaf key's literal."""
        if open_ not in match or depth > _MAX_DEPTH:
            return
        for start, end in split_arguments(tokens, open_, match[open_]):
            if not (is_id(tokens, start) or tokens[start].kind == STR) or not is_op(tokens, start + 1, ":"):
                continue
            key = prefix + tokens[start].text
            if is_op(tokens, start + 2, "{"):
                self._flatten(tokens, match, start + 2, key + ":", depth + 1)
            else:
                self.defaults.setdefault(key, _value(tokens, start + 2, end))
                self.default_places.setdefault(key, (self.file, tokens[start].line))

    def finish(self) -> list[Read]:
        """Each key read through nconf, as the variable the env store takes it from."""
        if not self.separators:
            return []
        separators = {s for s in self.separators if s}
        separator = sorted(separators)[0] if len(separators) == 1 else None
        out: list[Read] = []
        # `nconf.get("mongo")` beside `nconf.get("mongo:host")`: an object of settings, not one value
        parents = {k.rsplit(":", 1)[0] for g in self.gets for k in [g.key] if ":" in k}
        parents |= {p for k in parents for p in _ancestors(k)}
        for get in self.gets:
            if get.key in self.sets or get.key in parents or get.key in self.shadows or len(get.key) < 2:
                continue  # set by the app; an object; a one-letter command-line switch (`-p`)
            if self.whitelisted and get.key not in self.whitelist:
                continue
            if ":" in get.key and separator is None:
                continue  # nested keys come from the environment only through a separator
            name = get.key.replace(":", separator) if separator else get.key
            if not is_env_name(name):
                continue
            default = self.defaults.get(get.key) or get.fallback
            out.append(Read(name, get.file, get.line, default is not None, SOURCE, default=default))
        read = {g.key for g in self.gets}
        for key, (file, line) in self.default_places.items():
            name = key.replace(":", separator) if separator else key
            if (
                key not in read
                and key not in self.sets
                and (separator or ":" not in key)
                and is_env_name(name)
            ):
                out.append(Read(name, file, line, True, SOURCE, default=self.defaults.get(key)))
        return out


def _ancestors(key: str) -> list[str]:
    parts = key.split(":")
    return [":".join(parts[:n]) for n in range(1, len(parts))]


def _value(tokens: list[Token], start: int, end: int) -> str | None:
    """A literal as the environment would spell it: a string (not empty), a number, true/false."""
    return span_literal(tokens, start, end) or None


def _fallback(
    tokens: list[Token], match: dict[int, int], close: int, key: str
) -> tuple[str | None, set[str]]:
    """`nconf.get("port") || 4567`: the literal after `||` or `??`, alone up to the expression's end, past
    other reads on the way (`nconf.get("mongo:host") || nconf.get("defaults:mongo:host") || "127.0.0.1"`),
    and those of them that hold the key's own defaults (`defaults:mongo:host`: a key ending in the key)."""
    shadows: set[str] = set()
    for _ in range(_MAX_DEPTH):
        if not is_op(tokens, close + 1, "||", "??"):
            return None, shadows
        k = close + 2
        if is_id(tokens, k) and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2, "get") and k + 3 in match:
            other = literal(tokens, k + 4)
            if other is not None and other.endswith(":" + key):
                shadows.add(other)
            close = match[k + 3]
            continue
        break
    if not is_op(tokens, close + 1, "||", "??"):
        return None, shadows
    end = close + 3
    if end < len(tokens) and not is_op(tokens, end, ";", ",", ")", "]", "}"):
        return None, shadows
    return _value(tokens, close + 2, close + 3), shadows
