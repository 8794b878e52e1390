"""PHP functions that read the variable a parameter names: `function locales($key, $default) { return
env($key, $default); }` called as `locales('LOCALES', 'de, es')` reads LOCALES with that default, and
`function footer($key) { $k = strtoupper($key); return env('TITLE_FOOTER_' . $k); }` called as
`footer('Home')` reads TITLE_FOOTER_HOME. The calls' literal arguments are the variables; a call with a
computed argument, or a name built from something other than a parameter, names no variable: discovery says
so in a note instead of reporting the name's literal part (`TITLE_FOOTER_`) as one.

Wrappers are found in every PHP file first, then their calls (`PhpProject.finish`), so a helper defined in
one file and called in another (a Blade view) is followed. A function handing its own parameter to a wrapper
is one too (`public static function asString(string $key) { return trim((string) self::get($key)); }` over
`private static function get(string $key) { return getenv($key); }`), a few levels deep: `Env::asString(
'DB_HOST')` then reads DB_HOST.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Note, Read, is_env_name
from secretguard.inventory.discover.lexer import ID, STR, Token, is_id, is_op, literal, split_arguments
from secretguard.inventory.discover.php import (
    TRIGGERS,
    EnvDefault,
    close_bracket,
    default_after,
    default_value,
    listed_environment_reads,
    php_tokens,
    placed_reads,
)
from secretguard.inventory.discover.php_class_calls import CallSite, Hierarchy
from secretguard.inventory.discover.php_class_loops import TRIGGERS as LOOP_TRIGGERS
from secretguard.inventory.discover.php_class_loops import Reach, class_loop_reads
from secretguard.inventory.discover.php_constants import PhpConstants
from secretguard.inventory.discover.php_enums import SchemaEnum, enum_reads, find_enums
from secretguard.inventory.discover.php_env_constants import built_from_environment, env_class_reads
from secretguard.inventory.discover.php_fallbacks import (
    Declaration,
    Fallback,
    HeldRead,
    declarations,
    find_fallbacks,
    hold,
    parameters,
    resolve,
)
from secretguard.inventory.discover.php_key_loops import key_loop_reads
from secretguard.inventory.discover.php_library import LibraryCopies
from secretguard.inventory.discover.php_packages import PackageConfigs, config_file, reads_config
from secretguard.inventory.discover.php_phpunit import bootstrap_files, scope_bootstraps
from secretguard.inventory.discover.php_symfony import TRIGGERS as SYMFONY_TRIGGERS
from secretguard.inventory.discover.php_symfony import symfony_php_reads
from secretguard.inventory.discover.php_variable_defaults import VariableDefaults

_CASES = {"strtoupper": "upper", "mb_strtoupper": "upper", "strtolower": "lower", "mb_strtolower": "lower"}


@dataclass(frozen=True, slots=True)
class _WrapperRead:
    """One read a wrapper makes: the variable is prefix + (argument `param`, case-changed) + suffix."""

    param: int
    prefix: str
    suffix: str
    case: str  # "", "upper" or "lower"
    default_param: int | None  # the default is this parameter's argument
    default: EnvDefault  # ... else the one written in the wrapper
    compared: str | None = None  # a wrapper returning `bool` tests the value (`asBool`): compared with this


@dataclass(frozen=True, slots=True)
class PhpWrapper:
    name: str  # lower case: PHP function names are case-insensitive
    method: bool  # called as `$x->name(...)` / `X::name(...)`, not `name(...)`
    file: str
    line: int
    param_defaults: tuple[str | None, ...]  # each parameter's literal default in the signature
    reads: tuple[_WrapperRead, ...]
    param_names: tuple[str, ...] = ()  # `$key`...: a call may pass them by name (`default: 'en'`)
    # The classes declaring the method (lower case): only calls reaching one of them run it
    # (php_class_calls.py). None: a function, or a method outside any class (a trait's), matched by name.
    owners: frozenset[str] | None = None


def _part(tokens: list[Token], start: int, end: int) -> tuple[str, str, str] | None:
    """One operand of a concatenated name: ("lit", text, "") or ("var", `$v`, case), else None."""
    if end - start == 1:
        text = literal(tokens, start)
        if text is not None:
            return "lit", text, ""
        if is_id(tokens, start) and tokens[start].text.startswith("$"):
            return "var", tokens[start].text, ""
    if (
        end - start == 4
        and is_id(tokens, start)
        and tokens[start].text.lower() in _CASES
        and is_op(tokens, start + 1, "(")
        and is_id(tokens, start + 2)
        and tokens[start + 2].text.startswith("$")
        and is_op(tokens, start + 3, ")")
    ):
        return "var", tokens[start + 2].text, _CASES[tokens[start].text.lower()]
    return None


def _name_shape(tokens: list[Token], start: int, end: int) -> tuple[str, str, str, str] | None:
    """A name `'P_' . $v . '_S'` (one variable part, the rest literals): (prefix, `$v`, case, suffix)."""
    parts: list[tuple[str, str, str]] = []
    begin = start
    for j in range(start, end + 1):
        if j == end or is_op(tokens, j, "."):
            part = _part(tokens, begin, j)
            if part is None:
                return None
            parts.append(part)
            begin = j + 1
    variables = [k for k, p in enumerate(parts) if p[0] == "var"]
    if len(variables) != 1:
        return None
    k = variables[0]
    prefix = "".join(p[1] for p in parts[:k])
    suffix = "".join(p[1] for p in parts[k + 1 :])
    return prefix, parts[k][1], parts[k][2], suffix


def _local_source(tokens: list[Token], body: int, at: int, var: str) -> tuple[str, str] | None:
    """`$v = strtoupper($key);` (or `$v = $key;`), the one assignment of $v in the body before `at`:
    (`$key`, case)."""
    found: list[tuple[str, str] | None] = []
    for j in range(body, at):
        if tokens[j].kind == ID and tokens[j].text == var and is_op(tokens, j + 1, "=", ".=", "??="):
            end = next((e for e in range(j + 2, at) if is_op(tokens, e, ";")), at)
            part = _part(tokens, j + 2, end) if is_op(tokens, j + 1, "=") else None
            found.append((part[1], part[2]) if part is not None and part[0] == "var" else None)
    return found[0] if len(found) == 1 else None


def find_wrappers(tokens: list[Token], file: str) -> tuple[list[PhpWrapper], set[int]]:
    """The file's functions whose parameter names the variable an env()/getenv() reads, and the indexes of
    those reads (followed through the calls, not reported where they stand)."""
    wrappers: list[PhpWrapper] = []
    claimed: set[int] = set()
    site = CallSite(tokens)
    for decl in declarations(tokens):
        names, defaults = parameters(tokens, *decl.params)
        if not names:
            continue
        reads: list[_WrapperRead] = []
        body, end = decl.body
        for j in range(body, end):
            read = _wrapper_read(tokens, j, body, names)
            if read is not None:
                reads.append(read)
                claimed.add(j)
        if reads:
            reads = _guarded_rereads(reads)
            owner = site.enclosing(decl.params[0]) if decl.method else None
            wrappers.append(
                PhpWrapper(
                    decl.name,
                    decl.method,
                    file,
                    decl.line,
                    tuple(defaults),
                    tuple(reads),
                    tuple(names),
                    None if owner is None else frozenset({owner.name.lower()}),
                )
            )
    return wrappers, claimed


def _guarded_rereads(reads: list[_WrapperRead]) -> list[_WrapperRead]:
    """`if (getenv($k) !== false) { use(getenv($k)); } else { use($value); }`: the second read of the same
    name happens only once the first found it set, so the name's fallback is the first's."""
    fallbacks = {
        (r.param, r.prefix, r.suffix, r.case) for r in reads if r.default_param is not None or r.default.given
    }
    return [
        r
        for r in reads
        if r.default_param is not None
        or r.default.given
        or (r.param, r.prefix, r.suffix, r.case) not in fallbacks
    ]


def _computed_env(tokens: list[Token], j: int) -> bool:
    """`env('P_' . $x)`: a read whose name starts with a literal but is not one."""
    return (
        is_id(tokens, j, "env", "getenv")
        and is_op(tokens, j + 1, "(")
        and not is_op(tokens, j - 1, "->", "::")
        and j + 2 < len(tokens)
        and tokens[j + 2].kind == STR
        and is_op(tokens, j + 3, ".")
    )


def _wrapper_read(tokens: list[Token], j: int, body: int, params: list[str]) -> _WrapperRead | None:
    if not (
        is_id(tokens, j, "env", "getenv")
        and is_op(tokens, j + 1, "(")
        and not is_op(tokens, j - 1, "->", "::")
    ):
        return None
    close = close_bracket(tokens, j + 1)
    args = split_arguments(tokens, j + 1, close)
    if not args:
        return None
    shape = _name_shape(tokens, *args[0])
    if shape is None:
        return None
    prefix, var, case, suffix = shape
    if var in params:
        param = params.index(var)
    else:
        source = _local_source(tokens, body, j, var)
        if source is None or source[0] not in params or (case and source[1]):
            return None
        param, case = params.index(source[0]), case or source[1]
    default_param: int | None = None
    default = EnvDefault()
    if len(args) > 1 and tokens[j].text == "env":
        start, end = args[1]
        if end - start == 1 and is_id(tokens, start) and tokens[start].text in params:
            default_param = params.index(tokens[start].text)
        else:
            default = default_value(tokens, start, end, "")
    elif _fallback_param(tokens, close + 1, params) is not None:
        default_param = _fallback_param(tokens, close + 1, params)  # `getenv($key) ?: $default`
    elif _else_param(tokens, close + 1, params) is not None:
        default_param = _else_param(tokens, close + 1, params)  # `if (getenv(..) !== false) ... else $value`
    else:
        default = default_after(tokens, close + 1, "")
    return _WrapperRead(param, prefix, suffix, case, default_param, default)


def _fallback_param(tokens: list[Token], at: int, params: list[str]) -> int | None:
    """The parameter given as the fallback at `at` (`?: $default` / `?? $default`, ending the expression)."""
    start = (
        at + 1
        if is_op(tokens, at, "??")
        else at + 2
        if is_op(tokens, at, "?") and is_op(tokens, at + 1, ":")
        else -1
    )
    if start < 0 or not is_id(tokens, start) or tokens[start].text not in params:
        return None
    if not is_op(tokens, start + 1, ";", ")", ",", "]"):
        return None
    return params.index(tokens[start].text)


def _else_param(tokens: list[Token], at: int, params: list[str]) -> int | None:
    """`elseif (getenv('X_' . $name) !== false) { ...getenv... } else { define('X_' . $name, $value); }`: the
    parameter the unset branch hands on alone is the fallback (grocy's `Setting($name, $value)`)."""
    if not (is_op(tokens, at, "!==", "!=") and is_id(tokens, at + 1, "false") and is_op(tokens, at + 2, ")")):
        return None
    if not is_op(tokens, at + 3, "{"):
        return None
    block_end = close_bracket(tokens, at + 3)
    if not (is_id(tokens, block_end + 1, "else") and is_op(tokens, block_end + 2, "{")):
        return None
    else_end = close_bracket(tokens, block_end + 2)
    for k in range(block_end + 3, else_end):
        if (
            is_id(tokens, k)
            and tokens[k].text in params
            and is_op(tokens, k - 1, ",", "=", "(")
            and is_op(tokens, k + 1, ")", ";")
            and not is_op(tokens, k + 1, "(")
        ):
            return params.index(tokens[k].text)
    return None


def _cased(text: str, case: str) -> str:
    return text.upper() if case == "upper" else text.lower() if case == "lower" else text


def _call_reads(
    tokens: list[Token], file: str, wrapper: PhpWrapper, at: int, variables: VariableDefaults
) -> list[Read] | None:
    """The reads a call of the wrapper at `at` makes; None when an argument naming a variable is computed.
    A fallback argument that is a variable set earlier from a literal gives that literal."""
    close = close_bracket(tokens, at + 1)
    args = _by_parameter(tokens, split_arguments(tokens, at + 1, close), wrapper.param_names)
    reads: list[Read] = []
    for read in wrapper.reads:
        if read.param in args:
            start, end = args[read.param]
            text = literal(tokens, start) if end - start == 1 else None
        else:  # `new UrlParser()` of `__construct($variable = 'DATABASE_URL')`: the parameter's default
            text = wrapper.param_defaults[read.param] if read.param < len(wrapper.param_defaults) else None
        if text is None:
            return None
        name = read.prefix + _cased(text, read.case) + read.suffix
        if not is_env_name(name) or name != name.upper():
            return None  # `config('app.name')`-style keys: not environment variables
        default = read.default
        if read.default_param is not None:
            if read.default_param in args:
                default = default_value(tokens, *args[read.default_param], name)
                if default.computed:
                    held = variables.value(tokens, file, *args[read.default_param])
                    default = EnvDefault(True, held) if held is not None else default
            elif read.default_param < len(wrapper.param_defaults):
                value = wrapper.param_defaults[read.default_param]
                default = EnvDefault(value is not None, value)
        reads.append(
            Read(
                name,
                file,
                tokens[at].line,
                default.given,
                "php",
                default=default.value,
                computed_default=default.computed,
                compared_with=read.compared,
            )
        )
    return reads


def _by_parameter(
    tokens: list[Token], args: list[tuple[int, int]], names: tuple[str, ...]
) -> dict[int, tuple[int, int]]:
    """A call's arguments by the index of the parameter they fill: by position, or by name for PHP 8 named
    arguments (`setting('LANG', default: 'en')`); the name's tokens are left out of the span."""
    slots: dict[int, tuple[int, int]] = {}
    for k, (start, end) in enumerate(args):
        if is_id(tokens, start) and is_op(tokens, start + 1, ":") and end - start > 2:
            named = "$" + tokens[start].text
            if named in names:
                slots[names.index(named)] = (start + 2, end)
            continue
        slots[k] = (start, end)
    return slots


@dataclass
class PhpProject:
    """The project's PHP files, read as they come; their reads are given out by `finish`, once every file is
    seen: a wrapper's calls, a fallback function's (php_fallbacks.py) and a package's config (php_packages.py)
    are only known then."""

    files: list[tuple[str, str]] = field(default_factory=list)  # (rel, text) of files that may call one
    wrappers: dict[str, list[PhpWrapper]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)
    held: list[HeldRead] = field(default_factory=list)  # arguments of calls that may be fallback functions
    enums: list[SchemaEnum] = field(default_factory=list)  # enums listing the variables (php_enums.py)
    loops: list[str] = field(default_factory=list)  # files looping over a class's properties

    def add(self, text: str, rel: str) -> list[Read]:
        """Reads the file; its reads come out of `finish` (so this gives none)."""
        self.files.append((rel, text))
        tokens: list[Token] | None = None
        # an enum reading the variables its cases name, maybe only through a project function: no trigger
        if "enum" in text and ("$this->value" in text or "$this->name" in text):
            tokens = php_tokens(text, rel)
            self.enums.extend(find_enums(tokens, rel))
        if any(t in text for t in LOOP_TRIGGERS):
            self.loops.append(rel)  # read in `finish`, once the classes' files are known
        if any(t in text for t in SYMFONY_TRIGGERS):
            tokens = php_tokens(text, rel) if tokens is None else tokens
            self.reads.extend(symfony_php_reads(tokens, rel))
        if not any(t in text for t in TRIGGERS):
            return []
        if "getenv()" in text:
            self.reads.extend(listed_environment_reads(text, rel))
        tokens = php_tokens(text, rel) if tokens is None else tokens
        wrappers, claimed = find_wrappers(tokens, rel) if "function" in text else ([], set())
        for wrapper in wrappers:
            self.wrappers.setdefault(wrapper.name, []).append(wrapper)
        for j, tok in enumerate(tokens):
            if tok.kind == ID and j not in claimed and _computed_env(tokens, j):
                self.notes.append(Note(rel, tok.line, "env() of a name built at run time: no variable named"))
        for start, end, read in placed_reads(tokens, rel):
            held = None if read.optional else hold(tokens, read, start, end)
            if held is None:
                self.reads.append(read)
            else:
                self.held.append(held)
        return []

    def finish(self, read_file: Callable[[str], str | None] | None = None) -> list[Read]:
        """Every PHP read: the files' own (a fallback function's default given), the ones wrappers make at
        their calls, and those of uninstalled packages' config files as `example` (with `read_file`, which
        reads composer.json and composer.lock); patched copies of packages (php_library.py) read none; a
        PHPUnit bootstrap file's reads are `test` (php_phpunit.py)."""
        fallbacks = self._fallbacks({held.callee for held in self.held})
        self._lift_wrappers()
        usable = self._usable_wrappers()
        called = {read.reader for enum in self.enums for read in enum.reads if not read.direct}
        built = {name for _, text in self.files for name in built_from_environment(text)}
        reads = (
            self.reads
            + [resolve(held, fallbacks) for held in self.held]
            + self._wrapper_reads(usable, called)
            + [read for rel, text in self.files if built for read in env_class_reads(text, rel, built)]
        )
        named = any(read.constants for enum in self.enums for read in enum.reads)
        constants = PhpConstants(self.files) if named else None
        reads += [read for enum in self.enums for read in _enum_reads(enum, usable, constants)]
        if self.loops:
            reads += class_loop_reads(dict(self.files), self.loops, _reach(usable))
        reads += key_loop_reads(dict(self.files), usable)
        self.reads, self.held, self.enums, self.loops = [], [], [], []
        if read_file is None:
            return reads
        copies = LibraryCopies(read_file)  # `overrides/guzzlehttp/guzzle/src/`: the library's, as vendor/
        reads = [read for read in reads if not copies.library_copy(read.file)]
        packages = PackageConfigs(read_file)
        dead: dict[str, bool] = {}
        for k, read in enumerate(reads):
            if read.file not in dead:
                found = config_file(read.file)
                dead[read.file] = (
                    found is not None
                    and packages.uninstalled(read.file)
                    and not reads_config(self.files, found[1])
                )
            if dead[read.file] and read.scope is None:
                reads[k] = replace(read, scope="example")
        boots = bootstrap_files((rel for rel, _ in self.files), read_file)
        return scope_bootstraps(reads, self.files, boots) if boots else reads

    def _fallbacks(self, callees: set[str]) -> dict[str, Fallback]:
        """The fallback functions among the called names (one defined twice differently is left)."""
        found: dict[str, Fallback] = {}
        clashing: set[str] = set()
        for rel, text in self.files if callees else ():
            lower = text.lower()
            if not any(f"function {name}" in lower for name in callees):
                continue
            for fallback in find_fallbacks(php_tokens(text, rel)):
                if fallback.name not in callees:
                    continue
                if found.get(fallback.name, fallback) != fallback:
                    clashing.add(fallback.name)
                found[fallback.name] = fallback
        return {name: f for name, f in found.items() if name not in clashing}

    def _lift_wrappers(self) -> None:
        """Functions handing a parameter to a wrapper's name parameter become wrappers with its reads,
        level by level (a call of another class's method of the same name does not count)."""
        for _ in range(_LIFT_LEVELS):
            known = {
                name: defined[0]
                for name, defined in self.wrappers.items()
                if len({(w.method, w.param_defaults, w.reads) for w in defined}) == 1
            }
            hierarchy = Hierarchy(text for _, text in self.files) if _bound(known) else None
            added = False
            for rel, text in self.files:
                lower = text.lower()
                if "function" not in lower or not any(name + "($" in lower for name in known):
                    continue
                tokens = php_tokens(text, rel)
                site = CallSite(tokens)
                for decl in declarations(tokens):
                    if decl.name in self.wrappers:
                        continue
                    names, defaults = parameters(tokens, *decl.params)
                    reads = _handed_reads(tokens, decl.body, names, known, site, hierarchy) if names else []
                    if reads and _returns_bool(tokens, decl):
                        reads = [replace(r, compared="true") for r in reads]
                    if not reads:
                        continue
                    owner = site.enclosing(decl.params[0]) if decl.method else None
                    lifted = PhpWrapper(
                        decl.name,
                        decl.method,
                        rel,
                        decl.line,
                        tuple(defaults),
                        tuple(dict.fromkeys(reads)),
                        tuple(names),
                        None if owner is None else frozenset({owner.name.lower()}),
                    )
                    self.wrappers.setdefault(decl.name, []).append(lifted)
                    added = True
            if not added:
                return

    def _usable_wrappers(self) -> dict[str, PhpWrapper]:
        """The wrappers by name (a name defined twice differently, in two files or classes, is ambiguous:
        left, with a note; copies that read alike, as config files' `if (!function_exists('x')) { function
        x(...) }` guards repeat one helper, are that helper)."""
        usable: dict[str, PhpWrapper] = {}
        for name, defined in self.wrappers.items():
            if len({(w.method, w.param_defaults, w.reads) for w in defined}) == 1:
                owners = [w.owners for w in defined]
                alike = None if None in owners else frozenset().union(*(o for o in owners if o is not None))
                usable[name] = replace(defined[0], owners=alike)
            else:
                for twice in defined:
                    self.notes.append(Note(twice.file, twice.line, f"{name}() defined more than once"))
        return usable

    def _wrapper_reads(self, usable: dict[str, PhpWrapper], called: set[str]) -> list[Read]:
        """The reads wrappers make at their calls with literal arguments (`called`: the names already called,
        by enums' methods)."""
        if not usable:
            return []
        reads: list[Read] = []
        variables = VariableDefaults(dict(self.files), php_tokens)
        hierarchy = Hierarchy(text for _, text in self.files) if _bound(usable) else None
        built = usable.get("__construct")
        family = (
            hierarchy.family(built.owners)
            if hierarchy is not None and built is not None and built.owners is not None
            else set()
        )
        for rel, text in self.files:
            lower = text.lower()
            new = bool(family) and "new" in lower and any(name in lower for name in family)
            if not new and not any(name + "(" in lower or name + " (" in lower for name in usable):
                continue
            tokens = php_tokens(text, rel)
            site = CallSite(tokens)
            calls: list[tuple[PhpWrapper, int]] = []
            for i, tok in enumerate(tokens):
                wrapper = usable.get(tok.text.lower()) if tok.kind == ID else None
                if wrapper is None or not is_op(tokens, i + 1, "(") or is_id(tokens, i - 1, "function"):
                    continue
                if is_op(tokens, i - 1, "->", "::", "?->") != wrapper.method:
                    continue
                owners = wrapper.owners
                if owners is not None and hierarchy is not None and not site.reaches(i, owners, hierarchy):
                    continue  # `parent::__construct('ATTACH')` of another class
                calls.append((wrapper, i))
            if new and built is not None and built.owners is not None and hierarchy is not None:
                calls.extend((built, k) for k in site.constructions(hierarchy, built.owners))
            for wrapper, at in calls:
                found = _call_reads(tokens, rel, wrapper, at, variables)
                if found:
                    reads.extend(found)
                    called.add(wrapper.name)
        for name, wrapper in usable.items():
            if name not in called:
                self.notes.append(
                    Note(
                        wrapper.file,
                        wrapper.line,
                        f"{name}() reads a variable its caller names: no call found",
                    )
                )
        return reads


_LIFT_LEVELS = 3  # wrappers of wrappers followed: `asUrl` -> `asString` -> `get` -> getenv


def _returns_bool(tokens: list[Token], decl: Declaration) -> bool:
    """`function asBool(string $key): bool {`: the value only decides a yes or no."""
    return any(is_id(tokens, k, "bool") for k in range(decl.params[1] + 1, decl.body[0]))


def _handed_reads(
    tokens: list[Token],
    body: tuple[int, int],
    params: list[str],
    known: dict[str, PhpWrapper],
    site: CallSite,
    hierarchy: Hierarchy | None,
) -> list[_WrapperRead]:
    """The reads a function body makes by calling a wrapper with one of its own parameters as the name."""
    out: list[_WrapperRead] = []
    for i in range(body[0] + 1, body[1]):
        tok = tokens[i]
        wrapper = known.get(tok.text.lower()) if tok.kind == ID else None
        if wrapper is None or not is_op(tokens, i + 1, "(") or is_id(tokens, i - 1, "function"):
            continue
        if is_op(tokens, i - 1, "->", "::", "?->") != wrapper.method:
            continue
        if wrapper.owners is not None and (
            hierarchy is None or not site.reaches(i, wrapper.owners, hierarchy)
        ):
            continue  # `$request->get($key)`: another class's method of the wrapper's name
        args = _by_parameter(
            tokens, split_arguments(tokens, i + 1, close_bracket(tokens, i + 1)), wrapper.param_names
        )
        for read in wrapper.reads:
            span = args.get(read.param)
            if span is None or span[1] - span[0] != 1 or tokens[span[0]].text not in params:
                continue
            default_param: int | None = None
            default = read.default
            if read.default_param is not None and read.default_param in args:
                start, end = args[read.default_param]
                if end - start == 1 and tokens[start].text in params:
                    default_param = params.index(tokens[start].text)
                else:
                    default = default_value(tokens, start, end, "")
            out.append(
                _WrapperRead(
                    params.index(tokens[span[0]].text),
                    read.prefix,
                    read.suffix,
                    read.case,
                    default_param,
                    default,
                )
            )
    return out


def _bound(usable: dict[str, PhpWrapper]) -> bool:
    """Whether a wrapper is a method of known classes (its calls are then matched to them)."""
    return any(wrapper.owners is not None for wrapper in usable.values())


def _reach(usable: dict[str, PhpWrapper]) -> Reach:
    """The wrappers as php_class_loops.py follows them: the parameter naming the variable, and what the
    wrapper adds to it."""
    reach: Reach = {}
    for name, wrapper in usable.items():
        for read in wrapper.reads:
            reach.setdefault(name, {})[read.param] = (read.prefix, read.suffix, read.case)
    return reach


def _enum_reads(
    enum: SchemaEnum, usable: dict[str, PhpWrapper], constants: PhpConstants | None
) -> list[Read]:
    """The variables an enum's cases name, through env()/getenv()/$_ENV/$_SERVER or a project wrapper (whose
    own default applies when the enum's read gives none)."""
    lookup = constants.value if constants is not None else None
    reads: list[Read] = []
    for read in enum.reads:
        if read.direct:
            reads.extend(enum_reads(enum, read, lookup))
            continue
        wrapper = usable.get(read.reader)
        if wrapper is None or wrapper.method != read.method:
            continue
        for made in wrapper.reads:
            if made.param != read.arg:
                continue
            default = made.default
            if made.default_param is not None and made.default_param < len(wrapper.param_defaults):
                value = wrapper.param_defaults[made.default_param]
                default = EnvDefault(value is not None, value)
            own = read.fallback if read.defaults or read.fallback.given else default
            through = replace(read, fallback=own, casing=made.case, outer=(made.prefix, made.suffix))
            reads.extend(enum_reads(enum, through, lookup))
    return reads
