"""Variables named after a class's properties: a loop over `get_class_vars(Config::class)`,
`get_object_vars(new Config)` or `(new ReflectionClass(Config::class))->getProperties()` that builds each
name from the property's (`'APP_' . strtoupper($p)`, `'APP_'.Str::of($p)->snake()->upper()`) and reads it
through env()/getenv()/`$_ENV`/`$_SERVER` or a function whose parameter reaches one. Each property of the
class (php_properties.py) is then a variable, its initial value the default; a constant table consulted
first (`self::MAP[$p] ?? 'APP_' . ...`) names the properties it lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import ID, OP, STR, Token, is_id, is_op, split_arguments
from secretguard.inventory.discover.php import close_bracket, php_tokens
from secretguard.inventory.discover.php_fallbacks import declarations, parameters
from secretguard.inventory.discover.php_name_rules import Rule, name_rule, wrapped
from secretguard.inventory.discover.php_properties import PhpClass, Property, find_classes

TRIGGERS = ("get_class_vars", "get_object_vars", "getProperties")
_SELF = "\0self"  # the class the loop is written in
_READERS = ("env", "getenv")
_SUPERGLOBALS = ("$_ENV", "$_SERVER")
_DEPTH = 4  # functions passing the name on to a reader, followed this deep


@dataclass(frozen=True, slots=True)
class _Loop:
    target: str  # the class's name, or _SELF
    kind: str  # "class_vars", "object_vars" or "reflection"
    public_only: bool  # reflection filtered with ReflectionProperty::IS_PUBLIC
    var: tuple[str, ...]  # the tokens standing for the property's name (`$p`, `$prop->name`)
    body: tuple[int, int]


# A reader reached through a function: (prefix, suffix, case) its own wrapping adds to the name.
Reach = dict[str, dict[int, tuple[str, str, str]]]


def class_loop_reads(
    files: dict[str, str], candidates: Iterable[str], wrappers: Reach | None = None
) -> list[Read]:
    """The reads of the loops in the candidate files (their classes looked up among `files`)."""
    reads: list[Read] = []
    known: dict[str, PhpClass | None] = {}

    def lookup(name: str) -> PhpClass | None:
        if name.lower() not in known:
            known[name.lower()] = _lookup(files, name)
        return known[name.lower()]

    for rel in candidates:
        tokens = php_tokens(files[rel], rel)
        loops = [loop for loop in _loops(tokens) if loop is not None]
        if not loops:
            continue
        reach = _reaching(tokens, {name: dict(how) for name, how in (wrappers or {}).items()})
        own = find_classes(tokens)
        for loop in loops:
            scope = next((c for c in own if c.body[0] < loop.body[0] < c.body[1]), None)
            target = scope if loop.target == _SELF else lookup(loop.target)
            if target is None:
                continue
            same = scope is not None and scope.name.lower() == target.name.lower()
            props = _visible(target, loop, same, lookup)
            for rule, line in _rules(tokens, loop, reach, own, scope):
                reads.extend(_read(rule, prop, rel, line) for prop in props)
    return [read for read in reads if is_env_name(read.name) and read.name == read.name.upper()]


def _read(rule: Rule, prop: Property, rel: str, line: int) -> Read:
    name = rule.name(prop.name)
    default = prop.default(name)
    return Read(
        name,
        rel,
        line,
        default.given,
        "php",
        default=default.value,
        computed_default=default.computed,
        boolean_use=prop.boolean,
    )


def _lookup(files: dict[str, str], name: str) -> PhpClass | None:
    """The project's one class of that name (None when absent or declared differently in two files)."""
    pattern = re.compile(rf"\bclass\s+{re.escape(name)}\b", re.IGNORECASE)
    found: list[PhpClass] = []
    for rel, text in files.items():
        if name not in text or pattern.search(text) is None:  # the plain test first: it is much faster
            continue
        found += [c for c in find_classes(php_tokens(text, rel)) if c.name.lower() == name.lower()]
    if len({(c.parent, c.properties) for c in found}) != 1:
        return None
    return found[0]


def _visible(
    target: PhpClass, loop: _Loop, same: bool, lookup: Callable[[str], PhpClass | None]
) -> list[Property]:
    """The properties the loop sees: outside the class only public ones; get_object_vars() no static ones;
    a parent's (`extends`) too, the child's declaration first."""
    seen: dict[str, Property] = {}
    chain: PhpClass | None = target
    for level in range(_DEPTH):
        if chain is None:
            break
        for prop in chain.properties:
            if prop.name in seen or (loop.kind == "object_vars" and prop.static):
                continue
            if prop.public or (same and not loop.public_only and level == 0):
                seen[prop.name] = prop
        chain = lookup(chain.parent) if chain.parent else None
    return list(seen.values())


def _loops(tokens: list[Token]) -> Iterable[_Loop | None]:
    for i, tok in enumerate(tokens):
        if tok.kind == ID and tok.text.lower() == "foreach" and is_op(tokens, i + 1, "("):
            yield _loop(tokens, i)


def _loop(tokens: list[Token], i: int) -> _Loop | None:
    close = close_bracket(tokens, i + 1)
    as_ = next((j for j in range(i + 2, close) if is_id(tokens, j, "as")), -1)
    if as_ < 0:
        return None
    after = [t.text for t in tokens[as_ + 1 : close] if t.text != "&"]
    source = _source(tokens, i + 2, as_, i, 0)
    if source is None:
        return None
    target, kind, keys, public_only = source
    if is_op(tokens, close + 1, "{"):
        body = (close + 1, close_bracket(tokens, close + 1))
    else:
        body = (close, next((j for j in range(close, len(tokens)) if is_op(tokens, j, ";")), len(tokens) - 1))
    if kind == "reflection":
        if keys or len(after) != 1:
            return None
        return _Loop(target, kind, public_only, (after[0], "->", "name"), body)
    # `array_keys(...) as $p` or `... as $p => $value`: the property's name is $p
    if (keys and len(after) == 1) or (not keys and len(after) == 3 and after[1] == "=>"):
        return _Loop(target, kind, False, (after[0],), body)
    return None


def _source(
    tokens: list[Token], start: int, end: int, at: int, depth: int
) -> tuple[str, str, bool, bool] | None:
    """What the loop runs over: (class, kind, names as values (`array_keys(...)`), public only)."""
    if end - start == 1 and is_id(tokens, start) and tokens[start].text.startswith("$") and depth < 2:
        span = _assigned(tokens, tokens[start].text, at)
        return None if span is None else _source(tokens, span[0], span[1], span[0], depth + 1)
    if (
        is_id(tokens, start, "array_keys")
        and is_op(tokens, start + 1, "(")
        and close_bracket(tokens, start + 1) == end - 1
    ):
        inner = _source(tokens, start + 2, end - 1, at, depth)
        return None if inner is None else (inner[0], inner[1], True, inner[3])
    if is_id(tokens, start, "get_class_vars", "get_object_vars") and is_op(tokens, start + 1, "("):
        close = close_bracket(tokens, start + 1)
        if close != end - 1:
            return None
        target = _class_of(tokens, start + 2, close, at)
        kind = "class_vars" if tokens[start].text == "get_class_vars" else "object_vars"
        return None if target is None else (target, kind, False, False)
    if end - start >= 4 and is_id(tokens, end - 3, "getProperties") and is_op(tokens, end - 4, "->"):
        open_ = end - 2
        if not is_op(tokens, open_, "(") or close_bracket(tokens, open_) != end - 1:
            return None
        public_only = any(t.text == "IS_PUBLIC" for t in tokens[open_:end])
        target = _reflected(tokens, start, end - 4, at)
        return None if target is None else (target, "reflection", False, public_only)
    return None


def _reflected(tokens: list[Token], start: int, end: int, at: int) -> str | None:
    """`(new ReflectionClass(X::class))` or a variable assigned one: X."""
    if is_op(tokens, start, "(") and close_bracket(tokens, start) == end - 1:
        start, end = start + 1, end - 1
    if end - start == 1 and is_id(tokens, start) and tokens[start].text.startswith("$"):
        span = _assigned(tokens, tokens[start].text, at)
        if span is None:
            return None
        start, end = span
    names = [t.text for t in tokens[start:end] if t.kind == ID]
    if (
        len(names) < 2
        or names[0].lower() != "new"
        or names[1 if names[1] != "\\" else 2] != "ReflectionClass"
    ):
        return None
    open_ = next((j for j in range(start, end) if is_op(tokens, j, "(")), -1)
    if open_ < 0:
        return None
    return _class_of(tokens, open_ + 1, close_bracket(tokens, open_), at)


def _class_of(tokens: list[Token], start: int, end: int, at: int) -> str | None:
    """The class an argument names: `X::class`, `'App\\X'`, `new X`, `$this`, `self::class`, a variable
    assigned `new X`."""
    part = tokens[start:end]
    texts = [t.text for t in part]
    if len(part) == 1 and part[0].kind == STR and not part[0].interpolated:
        return part[0].text.rsplit("\\", 1)[-1] or None
    if texts in (["$this"], ["self", "::", "class"], ["static", "::", "class"], ["__CLASS__"]):
        return _SELF
    if texts[-2:] == ["::", "class"] and len(texts) >= 3 and part[-3].kind == ID:
        if texts[-3].startswith("$"):
            return _class_of(tokens, end - 3, end - 2, at)
        return texts[-3]
    if texts[:1] == ["new"]:
        stop = next((k for k, t in enumerate(part) if t.kind == OP and t.text == "("), len(part))
        names = [t.text for t in part[1:stop] if t.kind == ID]
        return names[-1] if names else None
    if texts[:2] == ["get_class", "("] and texts[-1] == ")":
        return _class_of(tokens, start + 2, end - 1, at)
    if len(part) == 1 and part[0].kind == ID and texts[0].startswith("$"):
        span = _assigned(tokens, texts[0], at)
        if span is not None and is_id(tokens, span[0], "new"):
            return _class_of(tokens, span[0], span[1], span[0])
    return None


def _assigned(tokens: list[Token], var: str, before: int) -> tuple[int, int] | None:
    """The value of the last `$var = ...;` before the index."""
    for j in range(before - 1, -1, -1):
        if tokens[j].kind == ID and tokens[j].text == var and is_op(tokens, j + 1, "="):
            end = next((k for k in range(j + 2, len(tokens)) if is_op(tokens, k, ";")), len(tokens))
            return j + 2, end
        if tokens[j].kind == ID and tokens[j].text == "function":
            return None  # not past the function's start
    return None


def _reaching(tokens: list[Token], found: Reach) -> Reach:
    """The file's functions (with the project's wrappers given) whose parameter reaches a reader, by name
    (lower case) and parameter index."""
    decls = [(d, parameters(tokens, *d.params)[0]) for d in declarations(tokens)]
    for _ in range(_DEPTH):
        grew = False
        for decl, params in decls:
            own = found.setdefault(decl.name, {})
            for index, param in enumerate(params):
                if index in own:
                    continue
                how = _passes(tokens, decl.body, param, found)
                if how is not None:
                    own[index] = how
                    grew = True
        if not grew:
            break
    return {name: how for name, how in found.items() if how}


def _passes(
    tokens: list[Token], body: tuple[int, int], param: str, found: Reach
) -> tuple[str, str, str] | None:
    """How a function's body hands the parameter, unchanged, to a reader: None when it does not."""
    for j in range(body[0], body[1]):
        if tokens[j].kind != ID or tokens[j].text != param:
            continue
        if is_op(tokens, j - 1, "[") and is_id(tokens, j - 2, *_SUPERGLOBALS) and is_op(tokens, j + 1, "]"):
            return "", "", ""
        if (
            is_op(tokens, j - 1, "(")
            and is_id(tokens, j - 2, *_READERS)
            and is_op(tokens, j + 1, ")", ",")
            and not is_op(tokens, j - 3, "->", "::")
        ):
            return "", "", ""
        for callee, index in _argument_of(tokens, j, found):
            how = found.get(callee, {}).get(index)
            if how is not None:
                return how
    return None


def _argument_of(tokens: list[Token], j: int, found: Reach) -> list[tuple[str, int]]:
    """The (function, parameter index) a lone `$x` at j is the argument of, when it is one."""
    if not is_op(tokens, j + 1, ",", ")"):
        return []
    depth = 0
    for k in range(j - 1, max(j - 64, -1), -1):
        if is_op(tokens, k, ")", "]", "}"):
            depth += 1
        elif is_op(tokens, k, "[", "{"):
            if depth == 0:
                return []
            depth -= 1
        elif is_op(tokens, k, "("):
            if depth > 0:
                depth -= 1
                continue
            if not is_id(tokens, k - 1) or tokens[k - 1].text.lower() not in found:
                return []
            args = split_arguments(tokens, k, close_bracket(tokens, k))
            for index, (start, end) in enumerate(args):
                if start <= j < end:
                    return [(tokens[k - 1].text.lower(), index)] if end - start == 1 else []
            return []
    return []


def _rules(
    tokens: list[Token], loop: _Loop, reach: Reach, own: list[PhpClass], scope: PhpClass | None
) -> list[tuple[Rule, int]]:
    """The names the loop's body reads: (how each property's is built, the line)."""
    rules: list[tuple[Rule, int]] = []
    start, end = loop.body
    for j in range(start, end):
        for argument, how in _name_arguments(tokens, j, reach):
            span = _through_local(tokens, argument, start)
            rule = name_rule(tokens, span, loop.var, own, scope)
            if rule is not None:
                rules.append((wrapped(rule, *how), tokens[span[0]].line))
    return rules


def _name_arguments(
    tokens: list[Token], j: int, reach: Reach
) -> list[tuple[tuple[int, int], tuple[str, str, str]]]:
    """The token spans at j that name the variable a reader reads: a reader's first argument or
    subscript, or the argument of a function passing that parameter on to one (also by name)."""
    tok = tokens[j]
    if tok.kind != ID or not is_op(tokens, j + 1, "(", "["):
        return []
    if tok.text in _SUPERGLOBALS and is_op(tokens, j + 1, "["):
        return [((j + 2, close_bracket(tokens, j + 1)), ("", "", ""))]
    if is_op(tokens, j + 1, "[") or is_id(tokens, j - 1, "function"):
        return []
    args = split_arguments(tokens, j + 1, close_bracket(tokens, j + 1))
    if tok.text in _READERS and not is_op(tokens, j - 1, "->", "::"):
        return [(args[0], ("", "", ""))] if args else []
    how = reach.get(tok.text.lower())
    if how is None:
        return []
    params = _parameter_names(tokens, tok.text.lower())
    spans: list[tuple[tuple[int, int], tuple[str, str, str]]] = []
    for position, (first, end) in enumerate(args):
        index, start = position, first
        if is_id(tokens, first) and is_op(tokens, first + 1, ":") and "$" + tokens[first].text in params:
            index, start = params.index("$" + tokens[first].text), first + 2  # a named argument
        if index in how:
            spans.append(((start, end), how[index]))
    return spans


def _parameter_names(tokens: list[Token], name: str) -> list[str]:
    for decl in declarations(tokens):
        if decl.name == name:
            return parameters(tokens, *decl.params)[0]
    return []


def _through_local(tokens: list[Token], span: tuple[int, int], body: int) -> tuple[int, int]:
    """A lone `$name` assigned in the loop's body before: its value's span."""
    start, end = span
    if end - start == 1 and is_id(tokens, start) and tokens[start].text.startswith("$"):
        found = _assigned(tokens, tokens[start].text, start)
        if found is not None and found[0] > body:
            return found
    return span
