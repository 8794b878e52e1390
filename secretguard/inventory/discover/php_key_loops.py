"""Variables named after an array's keys: `foreach ($prefs as $key => $value)` whose body reads
`env(Str::of($key)->snake('_')->upper()->prepend('PREF__')->toString(), false)` (or getenv(), `$_ENV[...]`,
a project wrapper) reads one variable per key. The keys must be literal: a literal array, a variable
assigned one, `config('file.key')` (the array at that key of config/file.php's returned array), a function
parameter whose callers pass one of those, or `Arr::except()` / `Arr::only()` of one with a literal list.
A local renaming the key first (`$k = $key === 'a' ? 'b' : $key;`) is followed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from secretguard.inventory.discover.base import Read, is_env_name, scope_of_read
from secretguard.inventory.discover.lexer import ID, Token, is_id, is_op, literal, split_arguments
from secretguard.inventory.discover.php import EnvDefault, close_bracket, default_value, php_tokens
from secretguard.inventory.discover.php_fallbacks import declarations, parameters
from secretguard.inventory.discover.php_name_rules import name_rule

if TYPE_CHECKING:
    from secretguard.inventory.discover.php_wrappers import PhpWrapper

_DEPTH = 3  # variables, parameters and config entries followed this deep
Keys = list[str] | None


def key_loop_reads(files: dict[str, str], usable: dict[str, PhpWrapper]) -> list[Read]:
    """The reads of loops over literal keys in the project's PHP files."""
    readers = {"env", "getenv", *(name for name, w in usable.items() if not w.method)}
    cache: dict[str, list[Token]] = {}

    def tokens_of(rel: str) -> list[Token]:
        if rel not in cache:
            cache[rel] = php_tokens(files[rel], rel)
        return cache[rel]

    reads: list[Read] = []
    for rel, text in files.items():
        if "foreach" not in text or " as $" not in text:
            continue
        lower = text.lower()
        if "$_env[" not in lower and "$_server[" not in lower and not any(r + "(" in lower for r in readers):
            continue
        tokens = tokens_of(rel)
        for i, tok in enumerate(tokens):
            if tok.kind == ID and tok.text.lower() == "foreach" and is_op(tokens, i + 1, "("):
                reads += _loop_reads(tokens, i, rel, usable, _Resolver(files, tokens_of))
    return reads


class _Resolver:
    """Resolves an expression to the literal keys of the array it is."""

    def __init__(self, files: dict[str, str], tokens_of: Callable[[str], list[Token]]) -> None:
        self.files = files
        self.tokens_of = tokens_of

    def keys(self, rel: str, start: int, end: int, depth: int = 0) -> Keys:
        tokens = self.tokens_of(rel)
        if depth > _DEPTH or end <= start:
            return None
        if is_op(tokens, start, "[") and close_bracket(tokens, start) == end - 1:
            return _literal_keys(tokens, start, end - 1)
        if (
            is_id(tokens, start, "array")
            and is_op(tokens, start + 1, "(")
            and close_bracket(tokens, start + 1) == end - 1
        ):
            return _literal_keys(tokens, start + 1, end - 1)
        if end - start == 1 and tokens[start].kind == ID and tokens[start].text.startswith("$"):
            return self._variable(rel, tokens, start, depth)
        texts = [t.text.lower() for t in tokens[start : start + 4]]
        if texts[:3] == ["arr", "::", "except"] or texts[:3] == ["arr", "::", "only"]:
            open_ = start + 3
            if not is_op(tokens, open_, "(") or close_bracket(tokens, open_) != end - 1:
                return None
            args = split_arguments(tokens, open_, end - 1)
            if len(args) != 2:
                return None
            base = self.keys(rel, *args[0], depth + 1)
            listed = self.values(rel, *args[1], depth + 1)
            if base is None or listed is None:
                return None
            keep = texts[2] == "only"
            return [key for key in base if (key in listed) == keep]
        config = _config_key(tokens, start, end)
        if config is not None:
            return self._config(config, depth)
        return None

    def values(self, rel: str, start: int, end: int, depth: int) -> list[str] | None:
        """A literal list of strings (`['a', 'b']`, a variable assigned one, one string)."""
        tokens = self.tokens_of(rel)
        if end - start == 1 and literal(tokens, start) is not None:
            return [literal(tokens, start) or ""]
        if end - start == 1 and tokens[start].kind == ID and tokens[start].text.startswith("$"):
            span = _assigned(tokens, tokens[start].text, start)
            return None if span is None or depth > _DEPTH else self.values(rel, *span, depth + 1)
        if not (is_op(tokens, start, "[") and close_bracket(tokens, start) == end - 1):
            return None
        found: list[str] = []
        for a, b in split_arguments(tokens, start, end - 1):
            text = literal(tokens, a) if b - a == 1 else None
            if text is None:
                return None
            found.append(text)
        return found

    def _variable(self, rel: str, tokens: list[Token], at: int, depth: int) -> Keys:
        span = _assigned(tokens, tokens[at].text, at)
        if span is not None:
            return self.keys(rel, *span, depth + 1)
        decl = next((d for d in declarations(tokens) if d.body[0] < at < d.body[1]), None)
        if decl is None:
            return None
        names = parameters(tokens, *decl.params)[0]
        if tokens[at].text not in names:
            return None
        return self._callers(decl.name, decl.method, names.index(tokens[at].text), depth)

    def _callers(self, name: str, method: bool, index: int, depth: int) -> Keys:
        """The keys every caller passing a literal array gives the parameter (their union)."""
        found: list[str] | None = None
        for rel, text in self.files.items():
            if name + "(" not in text.lower() or scope_of_read(Read(name, rel, 0, True, "php")) != "runtime":
                continue  # a test passing its own array runs the loop over other keys
            tokens = self.tokens_of(rel)
            for i, tok in enumerate(tokens):
                if tok.kind != ID or tok.text.lower() != name or not is_op(tokens, i + 1, "("):
                    continue
                if is_id(tokens, i - 1, "function") or is_op(tokens, i - 1, "->", "::", "?->") != method:
                    continue
                args = split_arguments(tokens, i + 1, close_bracket(tokens, i + 1))
                keys = self.keys(rel, *args[index], depth + 1) if index < len(args) else None
                if keys is not None:
                    found = (found or []) + [key for key in keys if key not in (found or [])]
        return found

    def _config(self, path: str, depth: int) -> Keys:
        """`config('file.a.b')`: the keys of the array at a.b in config/file.php's returned array."""
        file, _, rest = path.partition(".")
        wanted = f"config/{file}.php"
        rels = [rel for rel in self.files if rel == wanted or rel.endswith("/" + wanted)]
        if len(rels) != 1 or not rest:
            return None
        tokens = self.tokens_of(rels[0])
        ret = next(
            (
                j
                for j, t in enumerate(tokens)
                if t.kind == ID and t.text == "return" and is_op(tokens, j + 1, "[")
            ),
            -1,
        )
        if ret < 0:
            return None
        start, end = ret + 1, close_bracket(tokens, ret + 1) + 1
        for part in rest.split("."):
            entry = _entry(tokens, start, end - 1, part)
            if entry is None:
                return None
            start, end = entry
        return self.keys(rels[0], start, end, depth + 1)


def _config_key(tokens: list[Token], start: int, end: int) -> str | None:
    """`config('a.b')` / `Config::get('a.b')` spanning tokens[start:end]: 'a.b'."""
    if is_id(tokens, start, "config") and is_op(tokens, start + 1, "("):
        open_ = start + 1
    elif (
        is_id(tokens, start, "Config") and is_op(tokens, start + 1, "::") and is_id(tokens, start + 2, "get")
    ):
        open_ = start + 3
    else:
        return None
    if not is_op(tokens, open_, "(") or close_bracket(tokens, open_) != end - 1 or end - open_ != 3:
        return None
    return literal(tokens, open_ + 1)


def _entry(tokens: list[Token], open_: int, close: int, key: str) -> tuple[int, int] | None:
    for a, b in split_arguments(tokens, open_, close):
        if literal(tokens, a) == key and is_op(tokens, a + 1, "=>"):
            return a + 2, b
    return None


def _literal_keys(tokens: list[Token], open_: int, close: int) -> Keys:
    keys: list[str] = []
    for a, b in split_arguments(tokens, open_, close):
        key = literal(tokens, a)
        if key is None or not is_op(tokens, a + 1, "=>") or b - a < 3:
            return None  # a computed key or a list entry: not every key is known
        keys.append(key)
    return keys


def _assigned(tokens: list[Token], var: str, before: int) -> tuple[int, int] | None:
    """The value of the last `$var = ...;` before the index, not past the enclosing function's start."""
    depth = 0
    for j in range(before - 1, -1, -1):
        if is_op(tokens, j, "}"):
            depth += 1
        elif is_op(tokens, j, "{"):
            depth -= 1
        if tokens[j].kind == ID and tokens[j].text == "function" and depth < 0:
            return None
        if tokens[j].kind == ID and tokens[j].text == var and is_op(tokens, j + 1, "=") and depth <= 0:
            end = next((k for k in range(j + 2, len(tokens)) if is_op(tokens, k, ";")), len(tokens))
            return j + 2, end
    return None


def _loop_reads(
    tokens: list[Token], i: int, rel: str, usable: dict[str, PhpWrapper], resolver: _Resolver
) -> list[Read]:
    close = close_bracket(tokens, i + 1)
    as_ = next((j for j in range(i + 2, close) if is_id(tokens, j, "as")), -1)
    after = [t.text for t in tokens[as_ + 1 : close] if t.text != "&"] if as_ > 0 else []
    if len(after) != 3 or after[1] != "=>" or not is_op(tokens, close + 1, "{"):
        return []
    body = (close + 1, close_bracket(tokens, close + 1))
    calls = list(_calls(tokens, body, usable))
    if not calls:
        return []
    var = after[0]
    reads: list[Read] = []
    keys: Keys = None
    for argument, given, at in calls:
        name_span = _through_local(tokens, argument, body[0])
        used, renames = _renamed(tokens, name_span, body[0], var)
        rule = name_rule(tokens, name_span, (used,), [], None)
        if rule is None:
            continue
        if keys is None:
            keys = resolver.keys(rel, i + 2, as_)
            if keys is None:
                return []
        tested = _truth_tested(tokens, at, body[1])
        for key in keys:
            name = rule.name(renames.get(key, key))
            if is_env_name(name) and name == name.upper():
                default = given if isinstance(given, EnvDefault) else default_value(tokens, *given, name)
                if tested and not isinstance(given, EnvDefault) and given[1] - given[0] == 1:
                    flag = tokens[given[0]].text.lower()  # a tested flag's `false` is its value, not "unset"
                    default = EnvDefault(True, flag) if flag in ("true", "false") else default
                reads.append(
                    Read(
                        name,
                        rel,
                        tokens[at].line,
                        default.given,
                        "php",
                        default=default.value,
                        computed_default=default.computed,
                        boolean_use=tested,
                    )
                )
    return reads


def _truth_tested(tokens: list[Token], at: int, end: int) -> bool:
    """`$locked = read(...);` whose every later use in the loop only tests its truth (`if ($locked)`,
    `!$locked`, `$locked && ...`): the value is a switch."""
    if not (is_op(tokens, at - 1, "=") and tokens[at - 2].kind == ID and tokens[at - 2].text.startswith("$")):
        return False
    var = tokens[at - 2].text
    close = close_bracket(tokens, at + 1)
    if not is_op(tokens, close + 1, ";"):
        return False
    uses = [j for j in range(close + 1, end) if tokens[j].kind == ID and tokens[j].text == var]
    return bool(uses) and all(
        is_op(tokens, j - 1, "(", "!", "&&", "||")
        and is_op(tokens, j + 1, ")", "&&", "||", "?")
        and (not is_id(tokens, j - 2) or is_id(tokens, j - 2, "if", "elseif", "while"))  # not `f($locked)`
        for j in uses
    )


def _through_local(tokens: list[Token], span: tuple[int, int], body: int) -> tuple[int, int]:
    """A lone `$name` assigned in the loop's body before the read: its value's span."""
    start, end = span
    if end - start == 1 and tokens[start].kind == ID and tokens[start].text.startswith("$"):
        found = _assigned(tokens, tokens[start].text, start)
        if found is not None and found[0] > body:
            return found
    return span


def _renamed(tokens: list[Token], span: tuple[int, int], body: int, var: str) -> tuple[str, dict[str, str]]:
    """The variable the name is built from: the loop's key, or a local set from it in the body
    (`$k = $key === 'a' ? 'b' : $key;`), with the keys it renames."""
    for j in range(span[0], span[1]):
        tok = tokens[j]
        if tok.kind != ID or not tok.text.startswith("$") or tok.text == var:
            continue
        value = _assigned(tokens, tok.text, j)
        if value is None or value[0] < body:
            continue
        texts = [t.text for t in tokens[value[0] : value[1]]]
        if texts == [var]:
            return tok.text, {}
        # `$key === 'a' ? 'b' : $key` (either side of the comparison)
        if len(texts) == 7 and texts[1] == "===" and texts[3] == "?" and texts[5] == ":" and texts[6] == var:
            lit = next((literal(tokens, value[0] + k) for k in (0, 2) if texts[2 - k] == var), None)
            new = literal(tokens, value[0] + 4)
            if lit is not None and new is not None:
                return tok.text, {lit: new}
    return var, {}


# The read's default: as written, or the span of the argument giving it (read per name: `false`
# stands for "not set" with some names).
_Default = EnvDefault | tuple[int, int]


def _calls(
    tokens: list[Token], body: tuple[int, int], usable: dict[str, PhpWrapper]
) -> list[tuple[tuple[int, int], _Default, int]]:
    """The reads in the body: (the span naming the variable, the read's default, the call's index)."""
    found: list[tuple[tuple[int, int], _Default, int]] = []
    for j in range(body[0], body[1]):
        tok = tokens[j]
        if tok.kind != ID:
            continue
        if tok.text in ("$_ENV", "$_SERVER") and is_op(tokens, j + 1, "["):
            found.append(((j + 2, close_bracket(tokens, j + 1)), EnvDefault(), j))
            continue
        name = tok.text.lower()
        if (
            not is_op(tokens, j + 1, "(")
            or is_op(tokens, j - 1, "->", "::", "?->")
            or is_id(tokens, j - 1, "function")
        ):
            continue
        args = split_arguments(tokens, j + 1, close_bracket(tokens, j + 1))
        if name in ("env", "getenv") and args:
            found.append((args[0], args[1] if name == "env" and len(args) > 1 else EnvDefault(), j))
            continue
        wrapper = usable.get(name)
        if wrapper is None or wrapper.method:
            continue
        for read in wrapper.reads:
            if read.param >= len(args) or read.prefix or read.suffix or read.case:
                continue
            default: _Default = read.default
            if read.default_param is not None:
                if read.default_param < len(args):
                    default = args[read.default_param]
                elif read.default_param < len(wrapper.param_defaults):
                    value = wrapper.param_defaults[read.default_param]
                    default = EnvDefault(value is not None, value)
            found.append((args[read.param], default, j))
    return found
