"""Names built with a template literal around a local constant of known values:
`` process.env[`BUCKET${suffix}`] `` or `` const v = `BUCKET${suffix}`; process.env[v] ``, where `suffix` is
a `const` bound to a literal or to a choice of two (`const suffix = isUS ? "_US" : ""`): each value gives a
name (`BUCKET_US`, `BUCKET`). A fallback choosing on the same condition (`|| (isUS ? "us-east-2" :
"eu-central-1")`) gives each name the default of its own branch.

A module constant holding part of a name (`const PREFIX = "CB_RUNTIME_REDIS"`, then
`` process.env[`${PREFIX}_${name}`] ``) is written into the file's templates first (`inline_constants`), so
every pass reading templates sees `` `CB_RUNTIME_REDIS_${name}` ``.

The lexer drops a template's `${...}` parts from the string token (it emits them before it), so where the
constant sits in the name is read from the source line itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from secretguard.inventory.discover.base import is_env_name
from secretguard.inventory.discover.lexer import STR, Token, is_id, is_op, literal

# `` `PREFIX${name}TAIL` ``: one interpolated identifier between the parts of a variable's name.
_TEMPLATE = re.compile(r"`([A-Za-z0-9_]*)\$\{\s*([A-Za-z_$][\w$]*)\s*\}([A-Za-z0-9_]*)`")
_DECLARERS = ("const", "let", "var")
# `const PREFIX = "APP_REDIS";` at a module's top (not indented), a name part in capitals.
_NAME_PART_CONSTANT = re.compile(
    r"""(?m)^(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*(["'])([A-Z][A-Z0-9_]*)\2\s*;?[ \t]*$"""
)


@dataclass(frozen=True, slots=True)
class _Choice:
    values: tuple[str, ...]  # one value, or the two branches of a choice
    condition: tuple[str, ...] | None  # the choice's condition, as token texts


class TemplateKeys:
    def __init__(self, text: str, tokens: list[Token], match: dict[int, int]) -> None:
        self.tokens = tokens
        self.match = match
        # (line, the template's text without its interpolation) -> (prefix, name of the constant, tail)
        self.templates: dict[tuple[int, str], tuple[str, str, str]] = {}
        for found in _TEMPLATE.finditer(text):
            line = text.count("\n", 0, found.start()) + 1
            prefix, local, tail = found.groups()
            self.templates[(line, prefix + tail)] = (prefix, local, tail)

    def names(self, open_: int, close: int) -> list[tuple[str, int | None]] | None:
        """The names the key between `[` at open_ and its `]` at close takes, each with its branch (0/1 of
        the constant's choice; None for a single value); None when the key is not such a template."""
        found = self._key_template(open_, close)
        if found is None:
            return None
        (prefix, local, tail), at = found
        choice = self.constant(local, at)
        if choice is None:
            return None
        names = [
            (f"{prefix}{v}{tail}", n if len(choice.values) == 2 else None)
            for n, v in enumerate(choice.values)
        ]
        return [(name, branch) for name, branch in names if is_env_name(name)] or None

    def _key_template(self, open_: int, close: int) -> tuple[tuple[str, str, str], int] | None:
        """The template the key between `[` at open_ and its `]` at close is: written there, or held by a
        `const` bound just before."""
        tokens = self.tokens
        start = open_ + 1
        if close == start + 1 and is_id(tokens, start):
            bound = self.template_bound(tokens[start].text, open_)
            if bound is None:
                return None
            start, close = bound, bound + 4
        return self.template_at(start, close)

    def template_at(self, start: int, end: int) -> tuple[tuple[str, str, str], int] | None:
        """The template `( x ) STR` spanning start..end (as the lexer emits it)."""
        tokens = self.tokens
        if not (end == start + 4 and is_op(tokens, start, "(") and is_id(tokens, start + 1)):
            return None
        if not (
            is_op(tokens, start + 2, ")") and tokens[start + 3].kind == STR and tokens[start + 3].interpolated
        ):
            return None
        found = self.templates.get((tokens[start + 3].line, tokens[start + 3].text))
        if found is None or found[1] != tokens[start + 1].text:
            return None
        return found, start

    def template_bound(self, name: str, before: int) -> int | None:
        """Where the template a `const name = `...`;` just before `before` holds starts."""
        tokens = self.tokens
        for k in range(before - 1, 1, -1):
            if is_id(tokens, k, name) and is_id(tokens, k - 1, *_DECLARERS) and is_op(tokens, k + 1, "="):
                start = k + 2
                ends = is_op(tokens, start + 4, ";") or (
                    start + 4 < len(tokens) and tokens[start + 4].line > tokens[start + 3].line
                )
                return start if ends and self.template_at(start, start + 4) is not None else None
        return None

    def constant(self, name: str, before: int) -> _Choice | None:
        """The values of the nearest `const name = "x"` / `= cond ? "a" : "b"` before the token `before`."""
        tokens = self.tokens
        for k in range(before - 1, 0, -1):
            if not (is_id(tokens, k, name) and is_id(tokens, k - 1, "const") and is_op(tokens, k + 1, "=")):
                continue
            start = k + 2
            end = start
            while end < len(tokens) and tokens[end].line == tokens[start].line:
                if is_op(tokens, end, ";", ",", ")", "]", "}"):
                    break
                opens = is_op(tokens, end, "(", "[", "{") and self.match.get(end, end) > end
                end = self.match[end] + 1 if opens else end + 1
            return self.choice(start, end)
        return None

    def choice(self, start: int, end: int) -> _Choice | None:
        """A literal, or `cond ? "a" : "b"` with literal branches (parenthesised or not), at start..end."""
        tokens = self.tokens
        if is_op(tokens, start, "(") and self.match.get(start) == end - 1:
            start, end = start + 1, end - 1
        if end == start + 1 and (value := literal(tokens, start)) is not None:
            return _Choice((value,), None)
        if end - start < 5 or not is_op(tokens, end - 2, ":") or not is_op(tokens, end - 4, "?"):
            return None
        first, second = literal(tokens, end - 3), literal(tokens, end - 1)
        if first is None or second is None:
            return None
        return _Choice((first, second), tuple(t.text for t in tokens[start : end - 4]))

    def branch_defaults(self, after: int, local_condition: tuple[str, ...] | None) -> tuple[str, str] | None:
        """`|| (cond ? "a" : "b")` after a read, on the same condition as the name's constant."""
        tokens = self.tokens
        if (
            local_condition is None
            or not is_op(tokens, after, "||", "??")
            or not is_op(tokens, after + 1, "(")
        ):
            return None
        close = self.match.get(after + 1)
        if close is None:
            return None
        found = self.choice(after + 1, close + 1)
        if found is None or found.condition != local_condition:
            return None
        return found.values[0], found.values[1]

    def condition_of(self, open_: int, close: int) -> tuple[str, ...] | None:
        """The condition of the constant the key between open_ and close uses (for branch_defaults)."""
        found = self._key_template(open_, close)
        if found is None:
            return None
        choice = self.constant(found[0][1], found[1])
        return None if choice is None else choice.condition


def inline_constants(text: str) -> str:
    """The file with each `${NAME}` of a module-level constant holding a name part (declared once) replaced by
    its value: the name the template builds is then literal around the rest."""
    if "${" not in text or "const" not in text:
        return text
    values: dict[str, str | None] = {}
    for found in _NAME_PART_CONSTANT.finditer(text):
        name, value = found.group(1), found.group(3)
        values[name] = value if name not in values else None  # declared twice: not one value
    usable = {name: value for name, value in values.items() if value is not None}
    if not usable:
        return text
    pattern = re.compile(r"\$\{\s*(" + "|".join(re.escape(n) for n in usable) + r")\s*\}")
    return pattern.sub(lambda m: usable[m.group(1)], text)
