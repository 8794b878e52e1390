"""PHP 8.1 backed enums used as the configuration schema: each case's value is a variable's name
(`case DB_HOST = 'DB_HOST';`) and a method of the enum reads the variable its own case names
(`return env($this->value) ?? $this->defaultValue();`), so every case is a variable the app reads. The
read may be `env()`, `getenv()`, `$_ENV[...]`, `$_SERVER[...]` or a project function whose parameter names
the variable (php_wrappers.py), given `$this->value` (or `$this->name`, the case's own name), maybe built
into a longer name: `sprintf('%s_FILE', $this->value)` / `$this->value . '_FILE'` is each case's
docker-secrets file variant. A fallback after the read (`?? $this->defaultValue()`, or env()'s default
argument) that is a method returning `match ($this) { self::A => 'x', self::B, self::C => 3, default =>
null }` gives each case its own default; a literal gives every case that default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import FILE_SOURCE, Read, boolean_default, is_env_name
from secretguard.inventory.discover.lexer import ID, Token, is_id, is_op, literal, split_arguments
from secretguard.inventory.discover.php import (
    EnvDefault,
    close_bracket,
    default_start,
    default_value,
    request_key,
)
from secretguard.inventory.discover.php_constants import Expression, expression

_DIRECT = ("env", "getenv")
_SUBSCRIPTS = ("$_ENV", "$_SERVER")
# A read's defaults: by case identifier, for the other cases, and the constants computed ones name.
_Defaults = tuple[dict[str, EnvDefault], EnvDefault, dict[str, Expression]]
_NOT_CALLS = frozenset(
    "if elseif while for foreach switch match return isset empty unset array list fn new".split()
)


@dataclass(frozen=True, slots=True)
class EnumCase:
    name: str  # the case's identifier
    value: str | None  # its backing string (None in a pure enum)
    line: int


@dataclass(frozen=True, slots=True)
class CaseRead:
    """One read a method of the enum makes of a name built from its case: prefix + case + suffix, through
    `reader` (env, getenv, $_ENV, $_SERVER, or a project function: then `arg` is the argument's index and
    `method` whether it is called as `$this->f(...)`)."""

    reader: str
    arg: int
    method: bool
    prefix: str
    suffix: str
    by_name: bool  # `$this->name` (the case's identifier), not `$this->value`
    defaults: dict[str, EnvDefault]  # per case identifier
    fallback: EnvDefault  # for cases not in `defaults`
    # Set when the read is a project function's: the case it gives the built name ("upper", "lower"), and
    # the text it puts around it.
    casing: str = ""
    outer: tuple[str, str] = ("", "")
    # Computed defaults written as a constant (`self::A => DEFAULT_LIMIT`, `Mode::STRICT->value`), by case
    # ("" for the fallback): looked up across the project (php_constants.py).
    constants: dict[str, Expression] = field(default_factory=dict)

    @property
    def direct(self) -> bool:
        return not self.method and self.reader in (*_DIRECT, *_SUBSCRIPTS)


@dataclass(frozen=True, slots=True)
class SchemaEnum:
    file: str
    cases: tuple[EnumCase, ...]
    reads: tuple[CaseRead, ...]

    def names(self, read: CaseRead) -> list[tuple[str, EnumCase]]:
        """The variable each case names through `read`."""
        out: list[tuple[str, EnumCase]] = []
        for case in self.cases:
            base = case.name if read.by_name else case.value
            if base is not None:
                inner = _cased(read.prefix + base + read.suffix, read.casing)
                out.append((read.outer[0] + inner + read.outer[1], case))
        return out


def _cased(text: str, casing: str) -> str:
    return text.upper() if casing == "upper" else text.lower() if casing == "lower" else text


def find_enums(tokens: list[Token], file: str) -> list[SchemaEnum]:
    """The file's enums whose methods read the variables their cases name."""
    found: list[SchemaEnum] = []
    for i, tok in enumerate(tokens):
        if tok.kind != ID or tok.text != "enum" or not is_id(tokens, i + 1):
            continue
        open_ = next((j for j in range(i + 2, min(i + 40, len(tokens))) if is_op(tokens, j, "{", ";")), -1)
        if open_ < 0 or not is_op(tokens, open_, "{"):
            continue
        close = close_bracket(tokens, open_)
        cases = _cases(tokens, open_, close)
        if not cases:
            continue
        methods = _methods(tokens, open_, close)
        reads = [read for body in methods.values() for read in _case_reads(tokens, body, methods)]
        if reads:
            found.append(SchemaEnum(file, tuple(cases), tuple(reads)))
    return found


def _methods(tokens: list[Token], open_: int, close: int) -> dict[str, tuple[int, int]]:
    """The enum's methods with a body, by lower-case name: their body's braces (a return type may be long:
    `string|int|bool|null`)."""
    methods: dict[str, tuple[int, int]] = {}
    for j in range(open_ + 1, close):
        if is_id(tokens, j, "function") and is_id(tokens, j + 1) and is_op(tokens, j + 2, "("):
            k = close_bracket(tokens, j + 2) + 1
            while k < close and not is_op(tokens, k, "{", ";"):
                k += 1
            if is_op(tokens, k, "{"):
                methods[tokens[j + 1].text.lower()] = (k, close_bracket(tokens, k))
    return methods


def _cases(tokens: list[Token], open_: int, close: int) -> list[EnumCase]:
    """`case NAME = 'value';` / `case NAME;` at the top level of the enum's body."""
    cases: list[EnumCase] = []
    depth = 0
    for j in range(open_ + 1, close):
        if is_op(tokens, j, "{", "(", "["):
            depth += 1
        elif is_op(tokens, j, "}", ")", "]"):
            depth -= 1
        elif depth == 0 and is_id(tokens, j, "case") and is_id(tokens, j + 1):
            if is_op(tokens, j + 2, "=") and is_op(tokens, j + 4, ";"):
                cases.append(EnumCase(tokens[j + 1].text, literal(tokens, j + 3), tokens[j].line))
            elif is_op(tokens, j + 2, ";"):
                cases.append(EnumCase(tokens[j + 1].text, None, tokens[j].line))
    return cases


def _self_part(tokens: list[Token], j: int) -> str | None:
    """`$this->value` / `$this->name` at j: "value" / "name"."""
    if is_id(tokens, j, "$this") and is_op(tokens, j + 1, "->") and is_id(tokens, j + 2, "value", "name"):
        return tokens[j + 2].text
    return None


def _built_name(tokens: list[Token], start: int, end: int, body: int) -> tuple[str, str, str] | None:
    """The name tokens[start:end] builds from the case: (prefix, "value"/"name", suffix), for
    `$this->value`, `'P_' . $this->value . '_S'`, `sprintf('%s_FILE', $this->value)`, or a local assigned one
    of those earlier in the method (`$key = sprintf(...); env($key)`)."""
    if end - start == 1 and is_id(tokens, start) and tokens[start].text.startswith("$"):
        assigned = [
            k
            for k in range(body, start)
            if is_id(tokens, k, tokens[start].text)
            and is_op(tokens, k + 1, "=")
            and not is_op(tokens, k - 1, "->")
        ]
        if len(assigned) != 1:
            return None
        k = assigned[0] + 2
        stop = next((e for e in range(k, start) if is_op(tokens, e, ";")), start)
        return _built_name(tokens, k, stop, body) if stop < start else None
    if (
        is_id(tokens, start, "sprintf")
        and is_op(tokens, start + 1, "(")
        and close_bracket(tokens, start + 1) == end - 1
    ):
        args = split_arguments(tokens, start + 1, end - 1)
        form = literal(tokens, args[0][0]) if len(args) == 2 and args[0][1] - args[0][0] == 1 else None
        part = _self_part(tokens, args[1][0]) if form is not None and args[1][1] - args[1][0] == 3 else None
        if form is None or part is None or form.count("%") != 1 or "%s" not in form:
            return None
        prefix, suffix = form.split("%s")
        return prefix, part, suffix
    pieces: list[tuple[int, int]] = []
    begin = start
    for j in range(start, end + 1):
        if j == end or is_op(tokens, j, "."):
            pieces.append((begin, j))
            begin = j + 1
    texts: list[str | None] = []
    part = None
    for a, b in pieces:
        own = _self_part(tokens, a) if b - a == 3 else None
        if own is not None and part is None:
            part = own
            texts.append(None)
        elif b - a == 1 and literal(tokens, a) is not None:
            texts.append(literal(tokens, a))
        else:
            return None
    if part is None:
        return None
    k = texts.index(None)
    return "".join(t or "" for t in texts[:k]), part, "".join(t or "" for t in texts[k + 1 :])


def _case_reads(
    tokens: list[Token], body: tuple[int, int], methods: dict[str, tuple[int, int]]
) -> list[CaseRead]:
    reads: list[CaseRead] = []
    for j in range(body[0] + 1, body[1]):
        tok = tokens[j]
        if tok.kind != ID:
            continue
        if tok.text in _SUBSCRIPTS and is_op(tokens, j + 1, "["):
            close = close_bracket(tokens, j + 1)
            if is_op(tokens, close + 1, "="):
                continue  # `$_ENV[$this->value] = ...`: set, not read
            args = [(j + 2, close)]
            reader, method = tok.text, False
        elif (
            is_op(tokens, j + 1, "(") and tok.text.lower() not in _NOT_CALLS and not tok.text.startswith("$")
        ):
            if is_id(tokens, j - 1, "function", "new") or is_op(tokens, j - 1, "::"):
                continue
            method = is_op(tokens, j - 1, "->")
            if method and not is_id(tokens, j - 2, "$this"):
                continue
            close = close_bracket(tokens, j + 1)
            args = split_arguments(tokens, j + 1, close)
            reader = tok.text.lower()
        else:
            continue
        for k, (start, end) in enumerate(args):
            shape = _built_name(tokens, start, end, body[0])
            if shape is None or (reader in _DIRECT and not method and k > 0):
                continue
            defaults, fallback, constants = _defaults(tokens, j, close, reader, method, methods)
            prefix, part, suffix = shape
            reads.append(
                CaseRead(
                    reader, k, method, prefix, suffix, part == "name", defaults, fallback, constants=constants
                )
            )
            break
    return reads


def _defaults(
    tokens: list[Token],
    at: int,
    close: int,
    reader: str,
    method: bool,
    methods: dict[str, tuple[int, int]],
) -> _Defaults:
    """The read's fallback: env()'s default argument, else the first `?? x` / `?: x` after it that is not
    another read of the enum's (`?? $this->loadFromFileEnv() ?? $this->defaultValue()`)."""
    if reader == "env" and not method:
        args = split_arguments(tokens, at + 1, close)
        if len(args) > 1:
            start = default_start(tokens, args[1][0])
            return _fallback(tokens, start, args[1][1], methods)
    k = close + 1
    while True:
        if is_op(tokens, k, "??"):
            start = k + 1
        elif is_op(tokens, k, "?") and is_op(tokens, k + 1, ":"):
            start = k + 2
        else:
            return {}, EnvDefault(), {}
        end = _operand_end(tokens, start)
        called = _this_call(tokens, start, end)
        if called is None or not _reads_case(tokens, methods.get(called)):
            return _fallback(tokens, start, end, methods)
        k = end  # another of the enum's reads (a file variant's): the fallback comes after it


def _reads_case(tokens: list[Token], body: tuple[int, int] | None) -> bool:
    """A method that uses its case's name or value (another read of the enum's, not a fallback)."""
    if body is None or _match_arms(tokens, body) is not None:
        return False
    return any(_self_part(tokens, j) is not None for j in range(body[0] + 1, body[1]))


def _operand_end(tokens: list[Token], start: int) -> int:
    """The end of the operand of `??` starting at start (up to the next `??`, `;`, `,` or closing bracket)."""
    k = start
    while k < len(tokens):
        if is_op(tokens, k, "(", "[", "{"):
            k = close_bracket(tokens, k) + 1
            continue
        if is_op(tokens, k, "??", ";", ",", ")", "]", "}", "?", ":"):
            return k
        k += 1
    return k


def _this_call(tokens: list[Token], start: int, end: int) -> str | None:
    """`$this->name()` spanning start..end: the method's name (lower case)."""
    if (
        end - start == 5
        and is_id(tokens, start, "$this")
        and is_op(tokens, start + 1, "->")
        and is_op(tokens, start + 3, "(")
    ):
        return tokens[start + 2].text.lower()
    return None


def _fallback(tokens: list[Token], start: int, end: int, methods: dict[str, tuple[int, int]]) -> _Defaults:
    called = _this_call(tokens, start, end)
    arms = _match_arms(tokens, methods.get(called)) if called is not None else None
    if arms is not None:
        return arms
    value, constant = _arm_value(tokens, start, end)
    return {}, value, {} if constant is None else {"": constant}


def _arm_value(tokens: list[Token], start: int, end: int) -> tuple[EnvDefault, Expression | None]:
    """The default tokens[start:end] write, and the constant it names when computed."""
    value = default_value(tokens, start, end, "")
    return value, expression(tokens, start, end) if value.computed else None


def _match_arms(tokens: list[Token], body: tuple[int, int] | None) -> _Defaults | None:
    """A method whose body is `return match ($this) { self::A, self::B => v, ..., default => w };`: each
    case's value, and the `default` arm's (none without one: PHP throws, the read has no fallback)."""
    if body is None:
        return None
    k = body[0] + 1
    if not (
        is_id(tokens, k, "return")
        and is_id(tokens, k + 1, "match")
        and is_op(tokens, k + 2, "(")
        and is_id(tokens, k + 3, "$this")
        and is_op(tokens, k + 4, ")")
        and is_op(tokens, k + 5, "{")
    ):
        return None
    arms: dict[str, EnvDefault] = {}
    fallback = EnvDefault()
    constants: dict[str, Expression] = {}
    pending: list[str] = []
    for start, end in split_arguments(tokens, k + 5, close_bracket(tokens, k + 5)):
        arrow = next((j for j in range(start, end) if is_op(tokens, j, "=>")), None)
        conditions = (start, end if arrow is None else arrow)
        if conditions[1] - conditions[0] == 3 and is_id(tokens, conditions[0], "self", "static"):
            pending.append(tokens[conditions[0] + 2].text)
        elif conditions[1] - conditions[0] == 1 and is_id(tokens, conditions[0], "default"):
            pending.append("")
        elif conditions[1] > conditions[0]:
            return None  # a condition that is not a case of this enum
        if arrow is None:
            continue
        value, constant = _arm_value(tokens, arrow + 1, end)
        for case in pending:
            if case:
                arms[case] = value
            else:
                fallback = value
            if constant is not None:
                constants[case] = constant
        pending = []
    return arms, fallback, constants


def enum_reads(
    enum: SchemaEnum, read: CaseRead, constant: Callable[[Expression], str | None] | None = None
) -> list[Read]:
    """The reads `read` makes, one per case, placed at the case (a `_FILE` suffix: each case's file
    variant, optional, as the file is another way to give the case's variable); `constant` gives the
    literal a constant holds."""
    reads: list[Read] = []
    suffix = read.suffix + read.outer[1]
    variant = suffix.isupper() and suffix.endswith("_FILE")
    for name, case in enum.names(read):
        if not is_env_name(name) or name != name.upper():
            continue  # a lower-case value is a key of something else (a driver name, a config key)
        if read.reader == "$_SERVER" and request_key(name):
            continue
        default = read.defaults.get(case.name, read.fallback)
        named = read.constants.get(case.name if case.name in read.defaults else "")
        held = constant(named) if constant is not None and named is not None else None
        if held is not None:
            default = EnvDefault(True, held)
        if default.value is not None and not default.computed and default.value in ("true", "false"):
            default = EnvDefault(True, boolean_default(name, default.value == "true"))
        reads.append(
            Read(
                name,
                enum.file,
                case.line,
                default.given or variant,
                FILE_SOURCE if variant else "php",
                default=default.value,
                computed_default=default.computed,
            )
        )
    return reads
