"""PHP classes' declared properties, as `get_class_vars()`, `get_object_vars()` and reflection list them:
each property's name, visibility, whether it is static, its literal initial value and whether it is typed
`bool`; and Laravel's `Str::snake`, the usual way such a name becomes an environment variable's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from secretguard.inventory.discover.lexer import ID, OP, Token, is_id, is_op
from secretguard.inventory.discover.php import EnvDefault, close_bracket, default_value

_MODIFIERS = frozenset({"public", "protected", "private", "var", "static", "readonly"})
_BOOL_TYPE = frozenset({"bool", "null", "?", "|"})


@dataclass(frozen=True, slots=True)
class Property:
    name: str  # without the `$`
    public: bool
    static: bool
    value: tuple[Token, ...]  # the initial value's tokens (none: declared without one)
    boolean: bool  # typed `bool` (`public bool $x = true;`): a switch

    def default(self, variable: str) -> EnvDefault:
        """The initial value as the variable's default (`null` or none: no default)."""
        if not self.value:
            return EnvDefault()
        return default_value(list(self.value), 0, len(self.value), variable)


@dataclass(frozen=True, slots=True)
class PhpClass:
    name: str  # as written (PHP class names are case-insensitive: compare lower-cased)
    parent: str | None  # `extends X`: X's last name part
    body: tuple[int, int]  # the `{` and `}` indexes
    properties: tuple[Property, ...]


def find_classes(tokens: list[Token]) -> list[PhpClass]:
    classes: list[PhpClass] = []
    for i, tok in enumerate(tokens):
        if tok.kind != ID or tok.text.lower() != "class" or not is_id(tokens, i + 1):
            continue
        if is_op(tokens, i - 1, "::"):
            continue  # `X::class`
        open_ = next((j for j in range(i + 2, min(i + 64, len(tokens))) if is_op(tokens, j, "{", ";")), -1)
        if open_ < 0 or not is_op(tokens, open_, "{"):
            continue
        parent = None
        for j in range(i + 2, open_):
            if is_id(tokens, j, "extends"):
                names = [t.text for t in tokens[j + 1 : open_] if t.kind == ID]
                own = names[: names.index("implements")] if "implements" in names else names
                parent = own[-1] if own else None  # `extends \\App\\Base`: its last name part
        close = close_bracket(tokens, open_)
        props = _properties(tokens, open_, close)
        classes.append(PhpClass(tokens[i + 1].text, parent, (open_, close), props))
    return classes


def _properties(tokens: list[Token], open_: int, close: int) -> tuple[Property, ...]:
    """The properties declared at the class body's top level (`public int $x = 1, $y;`)."""
    found: list[Property] = []
    depth = 0
    statement = open_ + 1
    j = open_ + 1
    while j < close:
        tok = tokens[j]
        if tok.kind == OP and tok.text in ("(", "[", "{"):
            depth += 1
        elif tok.kind == OP and tok.text in (")", "]", "}"):
            depth -= 1
            if depth == 0 and tok.text == "}":
                statement = j + 1
        elif depth == 0 and tok.kind == OP and tok.text == ";":
            statement = j + 1
        elif depth == 0 and tok.kind == ID and tok.text.startswith("$") and len(tok.text) > 1:
            head = [t.text.lower() for t in tokens[statement:j] if t.kind == ID or t.text in ("?", "|")]
            mods = [w for w in head if w in _MODIFIERS]
            if mods and "function" not in head and "const" not in head:
                end = _value_end(tokens, j + 1, close)
                value = tuple(tokens[j + 2 : end]) if is_op(tokens, j + 1, "=") else ()
                types = [w for w in head if w not in _MODIFIERS and w != ","]
                found.append(
                    Property(
                        tok.text[1:],
                        not {"protected", "private"}.intersection(mods),
                        "static" in mods,
                        value,
                        "bool" in types and set(types) <= _BOOL_TYPE,
                    )
                )
                j = end  # at the `,` (another property follows) or the `;`
                continue
        j += 1
    return tuple(found)


def _value_end(tokens: list[Token], start: int, close: int) -> int:
    """The `,` or `;` ending a property's declaration (brackets in its value skipped)."""
    depth = 0
    for j in range(start, close):
        if is_op(tokens, j, "(", "[", "{"):
            depth += 1
        elif is_op(tokens, j, ")", "]", "}"):
            depth -= 1
        elif depth == 0 and is_op(tokens, j, ",", ";"):
            return j
    return close


_LOWER_WORD = re.compile(r"[a-z]+")
_SPACES = re.compile(r"\s+")
_BEFORE_UPPER = re.compile(r"(.)(?=[A-Z])")
_WORD_START = re.compile(r"(^|[ \t\r\n\f\v])(\S)")


def snake(value: str) -> str:
    """Laravel's `Str::snake`: unless all lower-case letters, upper-case each word's first letter, drop
    white space, put `_` before every upper-case letter (not the first character) and lower-case it all:
    `printLogoURL` is `print_logo_u_r_l`, `smtpAuth` `smtp_auth`."""
    if _LOWER_WORD.fullmatch(value):
        return value
    words = _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), value)
    return _BEFORE_UPPER.sub(r"\1_", _SPACES.sub("", words)).lower()
