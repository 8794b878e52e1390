"""Which calls reach a class's method. A method is named alike in many classes (every class has its
`__construct`), so a call `parent::__construct('ATTACH')` in a class extending another one says nothing of
`UrlParser::__construct`. A call reaches class C's method when PHP would run C's: `new C(...)` for its
constructor, `C::m()` (or a subclass's `Sub::m()`), `self::` / `static::` / `$this->` inside C or a subclass,
`parent::` inside a subclass, and `$v->m()` where the file assigns `$v = new C(...)`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from secretguard.inventory.discover.lexer import ID, Token, is_id, is_op
from secretguard.inventory.discover.php_properties import PhpClass, find_classes

_DECLARED = re.compile(r"\bclass\s+(\w+)(?:\s+extends\s+\\?([\w\\]+))?", re.IGNORECASE)
_HERE = frozenset({"self", "static"})


class Hierarchy:
    """Each class's parents by name (lower case; a name declared twice may have two), from the project's
    files' text."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.parents: dict[str, set[str]] = {}
        for text in texts:
            if "class" not in text:
                continue
            for match in _DECLARED.finditer(text):
                parent = match.group(2)
                self.parents.setdefault(match.group(1).lower(), set())
                if parent:
                    self.parents[match.group(1).lower()].add(parent.rsplit("\\", 1)[-1].lower())

    def family(self, owners: frozenset[str]) -> set[str]:
        """The owners and every class extending one of them."""
        return {name for name in self.parents if self.is_a(name, owners)} | owners

    def is_a(self, name: str, owners: frozenset[str]) -> bool:
        """Whether class `name` is one of the owners or extends one of them."""
        seen: set[str] = set()
        todo = [name.lower()]
        while todo:
            current = todo.pop()
            if current in owners:
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(self.parents.get(current, ()))
        return False


class CallSite:
    """One file's tokens, with its classes found when a call needs them."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self._classes: list[PhpClass] | None = None

    def enclosing(self, i: int) -> PhpClass | None:
        """The innermost class whose body holds token i."""
        if self._classes is None:
            self._classes = find_classes(self.tokens)
        inside = [c for c in self._classes if c.body[0] < i < c.body[1]]
        return max(inside, key=lambda c: c.body[0]) if inside else None

    def reaches(self, i: int, owners: frozenset[str], hierarchy: Hierarchy) -> bool:
        """Whether the method call whose name is at i (after `->` / `::`) runs one of the owners' methods."""
        tokens = self.tokens
        receiver = tokens[i - 2].text.lower() if is_id(tokens, i - 2) else ""
        if is_op(tokens, i - 1, "::"):
            if receiver in _HERE:
                here = self.enclosing(i)
                return here is not None and hierarchy.is_a(here.name, owners)
            if receiver == "parent":
                here = self.enclosing(i)
                return here is not None and here.parent is not None and hierarchy.is_a(here.parent, owners)
            return bool(receiver) and hierarchy.is_a(receiver, owners)
        if receiver == "$this":
            here = self.enclosing(i)
            return here is not None and hierarchy.is_a(here.name, owners)
        if receiver.startswith("$"):
            return any(hierarchy.is_a(name, owners) for name in _constructed(tokens, tokens[i - 2].text, i))
        return False

    def constructions(self, hierarchy: Hierarchy, owners: frozenset[str]) -> Iterator[int]:
        """The indexes of the class names in `new C(...)` (the `(` follows) that build one of the owners."""
        tokens = self.tokens
        for j, tok in enumerate(tokens):
            if tok.kind != ID or tok.text.lower() != "new":
                continue
            k = j + 1
            while is_op(tokens, k, "\\") or (is_id(tokens, k) and is_op(tokens, k + 1, "\\")):
                k += 1  # `new \PicoDb\UrlParser(`: up to the last name part
            if not is_id(tokens, k) or not is_op(tokens, k + 1, "("):
                continue
            name = tokens[k].text.lower()
            if name in _HERE:
                here = self.enclosing(k)
                name = here.name if here is not None else ""
            if name and hierarchy.is_a(name, owners):
                yield k


def _constructed(tokens: list[Token], var: str, before: int) -> list[str]:
    """The classes `var` is assigned a new instance of before token `before` (`$v = new \\A\\C(...)`)."""
    names: list[str] = []
    for j in range(before):
        if tokens[j].text != var or not is_op(tokens, j + 1, "=") or not is_id(tokens, j + 2, "new"):
            continue
        k = j + 3
        while is_op(tokens, k, "\\") or (is_id(tokens, k) and is_op(tokens, k + 1, "\\")):
            k += 1
        if is_id(tokens, k):
            names.append(tokens[k].text)
    return names
