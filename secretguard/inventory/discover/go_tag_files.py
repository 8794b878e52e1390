"""Go: `<NAME>_FILE` names a reflective loader builds from struct tags (the docker-secrets convention).

    name := field.Tag.Get("env")
    if field.Tag.Get("sensitive") == "true" {
        path := os.Getenv(name + "_FILE")          // every field tagged sensitive:"true": NAME_FILE
    }

or the same `name + "_FILE"` in a helper called only under `case "file":` of a switch over the options of
`field.Tag.Get("options")` (every field whose `options` tag lists `file`). `file_guards` gives the tag tests
that select the fields; go.py names each selected field's `NAME_FILE`. Without such a test the fields meant
are not known, and nothing is reported.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from secretguard.inventory.discover.go_prefill import function_bodies
from secretguard.inventory.discover.lexer import GO, Token, bracket_pairs, is_id, is_op, literal, tokenize


@dataclass(frozen=True)
class Guard:
    """Fields whose tag `key` is `value` (or, with `listed`, lists `value` among its comma-separated
    options)."""

    key: str
    value: str
    listed: bool

    def selects(self, tags: dict[str, str]) -> bool:
        tag = tags.get(self.key)
        if tag is None:
            return False
        if self.listed:
            return self.value in (part.strip() for part in tag.split(","))
        return tag == self.value


def _tag_get(tokens: list[Token], i: int) -> str | None:
    """The key of `Tag.Get("key")` with `Tag` at i."""
    if (
        is_id(tokens, i, "Tag")
        and is_op(tokens, i + 1, ".")
        and is_id(tokens, i + 2, "Get")
        and is_op(tokens, i + 3, "(")
        and is_op(tokens, i + 5, ")")
    ):
        return literal(tokens, i + 4)
    return None


def _opener(tokens: list[Token], close: int) -> int:
    """The `(` matching the `)` at close (scanning back)."""
    depth = 0
    for i in range(close, -1, -1):
        if is_op(tokens, i, ")"):
            depth += 1
        elif is_op(tokens, i, "("):
            depth -= 1
            if depth == 0:
                return i
    return 0


def _file_names(tokens: list[Token], start: int, end: int) -> list[int]:
    """Where `name + "_FILE"` is built in tokens[start:end], name being the `env` tag (or a variable made from
    it: `n := tag`, `n = tag[:i]`)."""
    names: set[str] = set()
    for i in range(start, end):
        if _tag_get(tokens, i) != "env":
            continue
        j = i - 1  # back over `field.` / `rt.Field(i).` to the `:=`
        while is_op(tokens, j, ".") and (is_id(tokens, j - 1) or is_op(tokens, j - 1, ")")):
            j = j - 2 if is_id(tokens, j - 1) else _opener(tokens, j - 1) - 2
        if is_op(tokens, j, ":=", "=") and is_id(tokens, j - 1):
            names.add(tokens[j - 1].text)
    if not names:
        return []
    for i in range(start, end - 2):  # one pass in order: `a := tag` then `b := a[:n]`
        if (
            is_id(tokens, i)
            and is_op(tokens, i + 1, ":=", "=")
            and is_id(tokens, i + 2)
            and tokens[i + 2].text in names
            and not is_op(tokens, i + 3, "+", ".")
        ):
            names.add(tokens[i].text)
    return [
        i
        for i in range(start, end - 2)
        if is_id(tokens, i)
        and tokens[i].text in names
        and is_op(tokens, i + 1, "+")
        and literal(tokens, i + 2) == "_FILE"
    ]


def _if_guard(tokens: list[Token], match: dict[int, int], start: int, k: int) -> Guard | None:
    """`if x.Tag.Get("key") == "value" {` whose block holds k."""
    for i in range(start, k):
        if not is_id(tokens, i, "if"):
            continue
        brace = next((j for j in range(i + 1, min(i + 40, k)) if is_op(tokens, j, "{")), None)
        if brace is None or not (brace < k < match.get(brace, -1)):
            continue
        for j in range(i + 1, brace - 2):
            key = _tag_get(tokens, j)
            if key is not None and key != "env" and is_op(tokens, j + 6, "=="):
                value = literal(tokens, j + 7)
                if value is not None:
                    return Guard(key, value, listed=False)
    return None


def _case_of(tokens: list[Token], call: int) -> str | None:
    """The string of the `case "v":` the call at `call` sits under (same block, no other case between)."""
    depth = 0
    for i in range(call - 1, -1, -1):
        if is_op(tokens, i, "}"):
            depth += 1
        elif is_op(tokens, i, "{"):
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0 and is_id(tokens, i, "case", "default"):
            value = literal(tokens, i + 1)
            return value if tokens[i].text == "case" and is_op(tokens, i + 2, ":") else None
    return None


def file_guards(texts: dict[str, str], folder: str) -> list[Guard]:
    """The tag tests selecting the fields whose `NAME_FILE` a loader of this package reads."""
    files = sorted(
        f
        for f in texts
        if posixpath.dirname(f) == folder and f.endswith(".go") and not f.endswith("_test.go")
    )
    scanned = {
        f: (tokens, bracket_pairs(tokens))
        for f in files
        if '"_FILE"' in texts[f] and 'Tag.Get("env")' in texts[f]
        for tokens in [tokenize(texts[f], GO)]
    }
    out: list[Guard] = []
    helpers: set[str] = set()
    for tokens, match in scanned.values():
        for name, open_, close in function_bodies(tokens, match):
            for k in _file_names(tokens, open_, close):
                guard = _if_guard(tokens, match, open_, k)
                if guard is not None:
                    out.append(guard)
                else:
                    helpers.add(name)
    if helpers:
        out.extend(_caller_guards(texts, files, helpers))
    return list(dict.fromkeys(out))


def _caller_guards(texts: dict[str, str], files: list[str], helpers: set[str]) -> list[Guard]:
    """`case "v":` around a call of a helper, in a function switching over `x.Tag.Get("key")`'s options."""
    out: list[Guard] = []
    for file in files:
        if not any(h + "(" in texts[file] for h in helpers):
            continue
        tokens = tokenize(texts[file], GO)
        match = bracket_pairs(tokens)
        for _, open_, close in function_bodies(tokens, match):
            keys = {_tag_get(tokens, i) for i in range(open_, close)} - {None, "env"}
            if len(keys) != 1:
                continue
            key = next(iter(keys))
            assert key is not None
            for i in range(open_, close):
                if is_id(tokens, i) and tokens[i].text in helpers and is_op(tokens, i + 1, "("):
                    value = _case_of(tokens, i)
                    if value is not None:
                        out.append(Guard(key, value, listed=True))
    return out
