"""PHP constants whose value is a literal, looked up across the project for a default written as one:
a namespace's `const DEFAULT_LENGTH = 5;` (or `define('DEFAULT_LENGTH', 5)`), a class's `const X = 'y';`
read as `Cls::X`, and a backed enum's case read as `Mode::STRICT->value`, also through a constant that holds
the case (`const DEFAULT_MODE = Mode::STRICT;` ... `DEFAULT_MODE->value`). Names are matched without their
namespace; one defined twice differently is left (no default rather than a wrong one)."""

from __future__ import annotations

from collections.abc import Iterable

from secretguard.inventory.discover.lexer import ID, Token, is_id, is_op, literal, span_literal
from secretguard.inventory.discover.php import close_bracket, php_tokens

Expression = tuple[str, ...]  # the tokens' texts: ("LIMIT",), ("Mode", "::", "STRICT", "->", "value")
_TYPES = ("class", "enum", "interface", "trait")
_WORDS = frozenset({"true", "false", "null", "self", "static", "parent"})
_DEPTH = 4  # constants referring to constants, followed this far


def expression(tokens: list[Token], start: int, end: int) -> Expression | None:
    """tokens[start:end] as a constant's name, a class constant or an enum case's `->value`, else None."""
    texts = tuple(t.text for t in tokens[start:end])
    if not texts or tokens[start].kind != ID or texts[0].startswith("$") or texts[0].lower() in _WORDS:
        return None
    if len(texts) == 1 or (len(texts) == 3 and texts[1] == "->" and texts[2] == "value"):
        return texts
    if len(texts) in (3, 5) and texts[1] == "::" and is_id(tokens, start + 2):
        return texts if len(texts) == 3 or texts[3:] == ("->", "value") else None
    return None


def _short(name: str) -> str:
    return name.rsplit("\\", 1)[-1]


class PhpConstants:
    """The constants of the project's files, read from the files that mention a name looked up (and those
    that mention a name its definition refers to)."""

    def __init__(self, files: Iterable[tuple[str, str]]) -> None:
        self.files = [
            (rel, text) for rel, text in files if "const" in text or "case" in text or "define" in text
        ]
        self.searched: set[str] = set()
        self.read: set[str] = set()
        self.globals: dict[str, set[Expression]] = {}
        self.members: dict[tuple[str, str], set[Expression]] = {}

    def _search(self, name: str) -> None:
        """Reads the files that mention name (once)."""
        if name in self.searched:
            return
        self.searched.add(name)
        for rel, text in self.files:
            if rel not in self.read and name in text:
                self.read.add(rel)
                self._index(php_tokens(text, rel))

    def _index(self, tokens: list[Token]) -> None:
        bodies: list[tuple[int, str, bool]] = []  # (closing brace, type's name, is an enum)
        for i, tok in enumerate(tokens):
            while bodies and i > bodies[-1][0]:
                bodies.pop()
            if tok.kind != ID:
                continue
            if tok.text in _TYPES and not is_op(tokens, i - 1, "::", "->"):
                # `new class(...) {`: an anonymous class's constants are no one's to look up by name
                name = tokens[i + 1].text if is_id(tokens, i + 1) else ""
                open_ = next(
                    (j for j in range(i + 1, min(i + 40, len(tokens))) if is_op(tokens, j, "{", ";")), -1
                )
                if open_ > 0 and is_op(tokens, open_, "{") and (name or is_id(tokens, i - 1, "new")):
                    bodies.append((close_bracket(tokens, open_), name, tok.text == "enum"))
            elif tok.text == "const" and is_id(tokens, i + 1) and is_op(tokens, i + 2, "="):
                end = next(
                    (j for j in range(i + 3, min(i + 12, len(tokens))) if is_op(tokens, j, ";", ",")), -1
                )
                value = self._value(tokens, i + 3, end) if end > 0 else None
                if value is not None:
                    self._add(bodies, tokens[i + 1].text, value)
            elif (
                tok.text == "case"
                and bodies
                and bodies[-1][2]
                and is_id(tokens, i + 1)
                and is_op(tokens, i + 2, "=")
            ):
                backing = span_literal(tokens, i + 3, i + 4) if is_op(tokens, i + 4, ";") else None
                if backing is not None:  # a case's value, only through `->value`
                    self.members.setdefault((bodies[-1][1], tokens[i + 1].text), set()).add(("case", backing))
            elif tok.text == "define" and is_op(tokens, i + 1, "(") and not bodies:
                defined = literal(tokens, i + 2)
                given = span_literal(tokens, i + 4, i + 5) if is_op(tokens, i + 5, ")") else None
                if defined is not None and is_op(tokens, i + 3, ",") and given is not None:
                    self.globals.setdefault(_short(defined), set()).add(("lit", given))

    def _value(self, tokens: list[Token], start: int, end: int) -> Expression | None:
        value = span_literal(tokens, start, end)
        if value is not None:
            return ("lit", value)
        found = expression(tokens, start, end)
        return None if found is None else ("ref", *found)

    def _add(self, bodies: list[tuple[int, str, bool]], name: str, value: Expression) -> None:
        if bodies:
            self.members.setdefault((bodies[-1][1], name), set()).add(value)
        else:
            self.globals.setdefault(name, set()).add(value)

    def value(self, expr: Expression, depth: int = 0) -> str | None:
        """The literal the expression stands for, else None (unknown, ambiguous, or an enum case itself)."""
        held = self._held(_named(expr), depth)
        if held is None:
            return None
        via_value = expr[-2:] == ("->", "value")
        if held[0] == "case":
            return held[1] if via_value else None
        return None if via_value else held[1]

    def _held(self, name: Expression, depth: int) -> Expression | None:
        """What a constant or case holds: ("lit", text) or ("case", value), references followed."""
        if depth > _DEPTH:
            return None
        self._search(name[-1])  # `Cls::X`: the file defining X mentions X
        found = (
            self.members.get((_short(name[0]), name[2]))
            if len(name) == 3
            else self.globals.get(_short(name[0]))
        )
        if not found or len(found) != 1:
            return None
        held = next(iter(found))
        if held[0] != "ref":
            return held
        return None if held[-2:] == ("->", "value") else self._held(_named(held[1:]), depth + 1)


def _named(expr: Expression) -> Expression:
    """The constant an expression names: `Cls::X` or `NAME` (without `->value`)."""
    return expr[:3] if len(expr) >= 3 and expr[1] == "::" else expr[:1]
