"""Class fields initialised from the environment.

Fields declared public by a decorator: `@Public` on an env-class field marks the value as
one the app sends to the browser (`@Public public DROPBOX_APP_KEY = env.DROPBOX_APP_KEY`), so the variable
the field is initialised from is not a secret whatever its name says.

    @Public
    @IsOptional()
    public SENTRY_DSN = this.toOptionalString(environment.SENTRY_DSN);

An env class's fields that each hold one variable of their own name make its instance an environment
object for those names (`env_fields`).
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.lexer import ID, OP, STR, Token, is_id, is_op

# `@Public`, `@IsPublic()`, `@PublicField`, `@PublicEnv`: the field's value is meant to be seen.
_PUBLIC_DECORATOR = re.compile(r"^(?:Is)?Public(?:Field|Env|Var|Variable|Config|Setting|Value)?$")
_MODIFIERS = frozenset("public private protected readonly static declare override accessor abstract".split())
_MAX_DECLARATION = 64  # tokens between a decorator and its field's `=`


def public_field_spans(tokens: list[Token], match: dict[int, int]) -> list[tuple[int, int]]:
    """(start, end) of the initialiser of each class field carrying a public decorator."""
    spans: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        if not (tok.kind == OP and tok.text == "@" and is_id(tokens, i + 1)):
            continue
        if not _PUBLIC_DECORATOR.match(tokens[i + 1].text) or is_op(tokens, i + 2, "."):
            continue
        eq = _field_equals(tokens, match, i)
        if eq is not None:
            spans.append((eq + 1, _initialiser_end(tokens, match, eq + 1)))
    return spans


def _field_equals(tokens: list[Token], match: dict[int, int], at: int) -> int | None:
    """The `=` of the field the decorator at `at` applies to (past other decorators and modifiers)."""
    k = at
    steps = 0
    while k < len(tokens) and steps < _MAX_DECLARATION:
        steps += 1
        if is_op(tokens, k, "@"):  # a decorator: `@Name`, `@a.b`, with its arguments
            k += 1
            while is_id(tokens, k) and is_op(tokens, k + 1, "."):
                k += 2
            k += 1
            if is_op(tokens, k, "(") and k in match:
                k = match[k] + 1
            continue
        if is_id(tokens, k, *_MODIFIERS) and is_id(tokens, k + 1):
            k += 1
            continue
        if not is_id(tokens, k):
            return None
        k += 1
        if is_op(tokens, k, "?", "!"):
            k += 1
        if is_op(tokens, k, ":"):  # a type: up to the `=` at this level
            while k < len(tokens) and steps < _MAX_DECLARATION and not is_op(tokens, k, "=", ";", "(", "{"):
                steps += 1
                k += 1
        return k if is_op(tokens, k, "=") else None
    return None


def _initialiser_end(tokens: list[Token], match: dict[int, int], start: int) -> int:
    """Where the initialiser starting at start ends: `;`, the class's `}`, or (without semicolons) a new line
    starting a new member."""
    k = start
    while k < len(tokens):
        tok = tokens[k]
        if k > start and tok.line > tokens[k - 1].line and tokens[k - 1].kind != OP and tok.kind != OP:
            return k
        if tok.kind == OP:
            if tok.text in ("(", "[", "{") and k in match:
                k = match[k] + 1
                continue
            if tok.text in (";", "}", "@"):
                return k
        k += 1
    return k


def env_fields(
    tokens: list[Token], match: dict[int, int], class_name: str, aliases: frozenset[str]
) -> dict[str, tuple[bool, str | None]]:
    """The fields of `class class_name` that hold exactly one variable of their own name, with no fallback
    (`public DATABASE_POOL_MAX = this.toOptionalNumber(env.DATABASE_POOL_MAX);`): an instance of the class
    is an environment object for those names, so a fallback where the property is used
    (`config.DATABASE_POOL_MAX ?? 5`) is the variable's default. Each as (optional, default):
    (False, None)."""
    body = _class_body(tokens, match, class_name)
    if body is None:
        return {}
    found: dict[str, tuple[bool, str | None]] = {}
    k = body + 1
    while k < match[body]:
        tok = tokens[k]
        if tok.kind == OP and tok.text in ("(", "[", "{") and k in match:
            k = match[k] + 1  # a method's parameters and body, a decorator's arguments
            continue
        if is_id(tokens, k) and is_op(tokens, k + 1, "=") and not is_op(tokens, k - 1, ".", "@"):
            end = _initialiser_end(tokens, match, k + 2)
            if _reads_only(tokens, k + 2, end, tok.text, aliases):
                found[tok.text] = (False, None)
            k = end
            continue
        k += 1
    return found


def _class_body(tokens: list[Token], match: dict[int, int], name: str) -> int | None:
    for i in range(len(tokens) - 1):
        if is_id(tokens, i, "class") and is_id(tokens, i + 1, name):
            for k in range(i + 2, min(len(tokens), i + _MAX_DECLARATION)):
                if is_op(tokens, k, "{"):
                    return k if k in match else None
            return None
    return None


def _reads_only(tokens: list[Token], start: int, end: int, name: str, aliases: frozenset[str]) -> bool:
    """tokens[start:end] read the variable `name` once (through process.env or an alias) and nothing else
    of the environment, with no fallback or choice around it."""
    names: list[str] = []
    for k in range(start, end):
        tok = tokens[k]
        if tok.kind == OP and tok.text in ("??", "||", "?", "??="):
            return False
        if is_op(tokens, k - 1, "."):
            continue
        j = k
        if is_id(tokens, k, "process") and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2, "env"):
            j = k + 2
        elif not (tok.kind == ID and tok.text in aliases):
            continue
        member = is_op(tokens, j + 1, ".", "?.") and is_id(tokens, j + 2)
        if not (member or (is_op(tokens, j + 1, "[") and j + 3 < end and tokens[j + 2].kind == STR)):
            return False  # the whole environment handed on
        names.append(tokens[j + 2].text)
    return names == [name]
