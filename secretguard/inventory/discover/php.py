"""PHP: `getenv('X')`, `$_ENV['X']`, Laravel's `env('X', default)`; `?:`/`??` after a read is a default.
Blade templates are read through blade.py; functions that pass a parameter to env() through
php_wrappers.py. A name built at run time (`env('TITLE_FOOTER_' . $key)`) is not the variable its literal
part names: only a whole literal name is read here."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from secretguard.inventory.discover.base import Read, boolean_default, is_env_name
from secretguard.inventory.discover.blade import as_php, is_blade
from secretguard.inventory.discover.lexer import (
    ID,
    NUM,
    PHP,
    STR,
    Token,
    is_id,
    is_op,
    literal,
    literal_default,
    tokenize,
)
from secretguard.inventory.discover.php_ternaries import Presence, passes_on, presence_ternary
from secretguard.inventory.discover.php_transforms import Around, around

TRIGGERS = ("getenv", "$_ENV", "$_SERVER", "env(", "Env::")
_CONSTANTS = frozenset({"true", "false"})
_NO_VALUE = frozenset({"null"})
# `$_SERVER` also holds the web request (CGI meta-variables and the request's headers as HTTP_*): set per
# request by the web server, never configuration.
_REQUEST_KEYS = frozenset(
    """
    HTTPS REQUEST_URI REQUEST_METHOD REQUEST_TIME REQUEST_TIME_FLOAT REQUEST_SCHEME QUERY_STRING SERVER_NAME
    SERVER_PORT SERVER_ADDR SERVER_PROTOCOL SERVER_SOFTWARE SERVER_SIGNATURE SERVER_ADMIN REMOTE_ADDR
    REMOTE_HOST REMOTE_PORT REMOTE_USER REDIRECT_REMOTE_USER REDIRECT_URL REDIRECT_STATUS SCRIPT_NAME
    SCRIPT_FILENAME SCRIPT_URI SCRIPT_URL PHP_SELF PHP_AUTH_USER PHP_AUTH_PW PHP_AUTH_DIGEST AUTH_TYPE
    DOCUMENT_ROOT DOCUMENT_URI CONTENT_TYPE CONTENT_LENGTH PATH_INFO PATH_TRANSLATED ORIG_PATH_INFO
    GATEWAY_INTERFACE argv argc UNIQUE_ID CONTEXT_PREFIX CONTEXT_DOCUMENT_ROOT FCGI_ROLE SSL_PROTOCOL
    SSL_CIPHER SSL_SESSION_ID SSL_TLS_SNI
    """.split()
)
# Families of request keys: the request's headers (HTTP_*), what a rewrite or FastCGI handler saw before it
# changed the script (ORIG_SCRIPT_NAME, ORIG_PATH_INFO...), Apache's copies after an internal redirect
# (REDIRECT_*), mod_ssl's per-connection certificate fields, and a proxy's forwarding headers passed on
# without the HTTP_ prefix (`fastcgi_param X_FORWARDED_PROTO $scheme`).
_REQUEST_PREFIXES = ("HTTP_", "ORIG_", "REDIRECT_", "SSL_CLIENT_", "SSL_SERVER_", "X_FORWARDED_")
_COMPARISONS = ("==", "===", "!=", "!==", "<>")
# Functions whose first argument is a file's path: a read handed straight to one holds a path, not the
# secret itself (`file_get_contents(env('APP_SECRETS'))` reads a credentials file).
_PATH_FUNCTIONS = frozenset(
    "file_get_contents fopen file readfile parse_ini_file is_file file_exists is_readable".split()
)


@dataclass(frozen=True, slots=True)
class EnvDefault:
    given: bool = False  # a default follows the read
    value: str | None = None  # ... as one literal
    computed: bool = False  # ... as an expression (another env(), a function call, a concatenation)


def close_bracket(tokens: list[Token], open_: int) -> int:
    """The index of the `)` matching the `(` at open_ (the last token when unbalanced)."""
    depth = 0
    for j in range(open_, len(tokens)):
        if is_op(tokens, j, "(", "[") or (tokens[j].kind == "op" and tokens[j].text == "{"):
            depth += 1
        elif is_op(tokens, j, ")", "]", "}"):
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def default_value(tokens: list[Token], start: int, end: int, name: str) -> EnvDefault:
    """The default written in tokens[start:end]: a string, a number (also negative), true/false; `null`
    gives none; anything else is an expression."""
    part = tokens[start:end]
    if len(part) == 2 and part[0].kind == "op" and part[0].text == "-" and part[1].kind == NUM:
        return EnvDefault(True, "-" + part[1].text)
    if len(part) != 1:
        return EnvDefault(True, computed=True)
    tok = part[0]
    if tok.kind == STR and not tok.interpolated:
        return EnvDefault(True, tok.text)
    if tok.kind == NUM:
        return EnvDefault(True, tok.text)
    if tok.kind == ID and tok.text.lower() in _CONSTANTS:
        return EnvDefault(True, boolean_default(name, tok.text.lower() == "true"))
    if tok.kind == ID and tok.text.lower() in _NO_VALUE:
        return EnvDefault()  # `env('X', null)` is `env('X')`: null when unset, no fallback
    return EnvDefault(True, computed=True)


def default_after(tokens: list[Token], i: int, name: str) -> EnvDefault:
    """`?? 'x'` / `?: 'x'` after a read at i-1."""
    if is_op(tokens, i, "??"):
        start = i + 1
    elif is_op(tokens, i, "?") and is_op(tokens, i + 1, ":"):
        start = i + 2
    else:
        return EnvDefault()
    value = literal_default(tokens, start)
    word = tokens[start].text.lower() if is_id(tokens, start) else ""
    if value is None and word in _CONSTANTS:
        return EnvDefault(True, boolean_default(name, word == "true"))
    if value is None and word in _NO_VALUE and not is_op(tokens, start + 1, "??", "?"):
        return EnvDefault()  # `getenv('X') ?: null`: null when unset, as without it
    return EnvDefault(True, value, computed=value is None)


def default_start(tokens: list[Token], start: int) -> int:
    """Where the default argument starting at start begins: after its name when passed by name
    (`env('X', default: false)`, PHP 8 named arguments)."""
    if is_id(tokens, start, "default") and is_op(tokens, start + 1, ":"):
        return start + 2
    return start


def _env_call(tokens: list[Token], i: int, name: str) -> EnvDefault:
    """Laravel's `env('X', default)` at i (`env`), with a default in the call or after it."""
    close = close_bracket(tokens, i + 1)
    if is_op(tokens, i + 3, ","):
        return default_value(tokens, default_start(tokens, i + 4), close, name)
    return default_after(tokens, close + 1, name)


def _read_at(tokens: list[Token], i: int) -> tuple[str, EnvDefault] | None:
    tok = tokens[i]
    if (
        is_id(tokens, i, "getenv", "env")
        and is_op(tokens, i + 1, "(")
        and not is_op(tokens, i - 1, "->", "::")
    ):
        name = literal(tokens, i + 2)
        if name is None or not is_op(tokens, i + 3, ")", ","):
            return None  # `env('TITLE_FOOTER_' . $key)`: a computed name (php_wrappers.py may resolve it)
        if tok.text == "env":
            return name, _env_call(tokens, i, name)
        return name, default_after(tokens, i + 4, name) if is_op(tokens, i + 3, ")") else EnvDefault()
    if (
        is_id(tokens, i, "get", "getOrFail")
        and is_op(tokens, i - 1, "::")
        and is_id(tokens, i - 2, "Env")
        and is_op(tokens, i + 1, "(")
    ):  # Laravel's `Illuminate\Support\Env::get('X', 'a')`, what `env()` calls
        name = literal(tokens, i + 2)
        if name is None or not is_op(tokens, i + 3, ")", ","):
            return None
        return name, _env_call(tokens, i, name) if tok.text == "get" else EnvDefault()
    if is_id(tokens, i, "$_ENV", "$_SERVER") and is_op(tokens, i + 1, "["):
        name = literal(tokens, i + 2)
        if name is None or not is_op(tokens, i + 3, "]") or is_op(tokens, i + 4, "="):
            return None
        if tok.text == "$_SERVER" and (not name.isupper() or request_key(name)):
            return None
        return name, default_after(tokens, i + 4, name)
    return None


# `collect(getenv())->only(['HOME', 'LARAVEL_SAIL'])`, `Arr::only(getenv(), [...])`: the whole environment,
# narrowed to the names listed.
_ONLY = re.compile(
    r"""(?:collect\(\s*getenv\(\s*\)\s*\)\s*->\s*only|Arr::only\(\s*getenv\(\s*\)\s*,)\s*\(?\s*\[([^\]]*)\]"""
)


def listed_environment_reads(text: str, file: str) -> list[Read]:
    """The names a whole-environment read is narrowed to (each optional: the list only keeps what is set)."""
    out: list[Read] = []
    for found in _ONLY.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        for name in re.findall(r"""["']([A-Za-z_][A-Za-z0-9_]*)["']""", found.group(1)):
            if is_env_name(name):
                out.append(Read(name, file, line, True, "php"))
    return out


def request_key(name: str) -> bool:
    """A `$_SERVER` key the web server sets per request (`HTTP_HOST`, `REQUEST_URI`), not configuration."""
    return name in _REQUEST_KEYS or name.startswith(_REQUEST_PREFIXES)


def compared_literal(tokens: list[Token], before: int, after: int) -> str | None:
    """The string literal (or boolean) a read spanning tokens (before, after) is compared with (`env('X') ==
    'on'`, `'on' === env('X')`, `env('X') === true`), else None."""
    if is_op(tokens, after, *_COMPARISONS):
        return literal(tokens, after + 1) or _boolean(tokens, after + 1)
    if is_op(tokens, before, *_COMPARISONS):
        return literal(tokens, before - 1) or _boolean(tokens, before - 1)
    return None


def _boolean(tokens: list[Token], k: int) -> str | None:
    """`env('APP_DEBUG') === true`: a test against a boolean, as against a string."""
    return tokens[k].text.lower() if is_id(tokens, k, "true", "false", "TRUE", "FALSE") else None


# Operators whose operands PHP only tests for truth (`||`, `&&`, `!` and their word forms give a bool).
_LOGICAL = ("||", "&&", "!")
_LOGICAL_WORDS = ("and", "or", "xor")
_CONDITIONS = ("if", "elseif", "while")


def truth_tested(tokens: list[Token], before: int, after: int) -> bool:
    """Whether a read spanning tokens (before, after) is only tested for truth: an operand of `||` / `&&` /
    `!`, the condition of a ternary (`env('X') ? a : b`), the argument of `isset()` / `empty()` or the whole
    condition of an `if`. Its value is never used, so its lack of a fallback says nothing against another
    place's default."""
    if is_op(tokens, before, *_LOGICAL) or is_id(tokens, before, *_LOGICAL_WORDS):
        return True
    if is_op(tokens, after, "||", "&&") or is_id(tokens, after, *_LOGICAL_WORDS):
        return True
    if is_op(tokens, after, "?") and not is_op(tokens, after + 1, ":"):
        return True
    if (
        is_op(tokens, before, "(")
        and is_id(tokens, before - 1, "isset", "empty")
        and is_op(tokens, after, ")")
    ):
        return True  # `isset($_ENV['X'])`, `empty(getenv('X'))`: whether it is set
    return (
        is_op(tokens, before, "(") and is_id(tokens, before - 1, *_CONDITIONS) and is_op(tokens, after, ")")
    )


# Defaults that stand for "unset" when the read is compared with the very same literal
# (`env('X', false) === false`): `false` and `null` (and `''`, see _sentinel_token).
_SENTINELS = frozenset({"false", "null"})
_ABSENCE = ("==", "===", "!=", "!==", "<>")
# Operators binding tighter than a comparison: `env('X', '') === '' . $suffix` compares with the whole.
_BINDS = (".", "+", "-", "*", "/", "%", "**", "<<", ">>")


def _sentinel_token(tok: Token) -> str | None:
    """The sentinel a token writes (`false`, `null`, `''`), else None."""
    if tok.kind == ID and tok.text.lower() in _SENTINELS:
        return tok.text.lower()
    if tok.kind == STR and not tok.interpolated and tok.text == "":
        return "''"
    return None


def absence_test(tokens: list[Token], i: int, end: int) -> bool:
    """Whether the read from i to end only tests whether its variable is set: compared with the sentinel
    given as its default (`env('X', false) === false`, `'' !== env('X', '')`), or, given none, with `null`
    (`env('X') === null`) or, for getenv() (false when unset), with `false`. The sentinel is then no
    fallback the app uses."""
    if is_op(tokens, end, *_ABSENCE) and end + 1 < len(tokens) and not is_op(tokens, end + 2, *_BINDS):
        other = _sentinel_token(tokens[end + 1])
    elif i >= 2 and is_op(tokens, i - 1, *_ABSENCE) and not is_op(tokens, i - 3, *_BINDS):
        other = _sentinel_token(tokens[i - 2])
    else:
        return False
    if other is None:
        return False
    if is_id(tokens, i, "env") and is_op(tokens, i + 3, ","):
        start = default_start(tokens, i + 4)
        given = _sentinel_token(tokens[start]) if end - 1 == start + 1 else None
        return given == other
    if is_op(tokens, i + 1, "(") and is_op(tokens, i + 3, ")"):  # `env('X')` / `getenv('X')`, no default
        return other == "null" or (other == "false" and tokens[i].text == "getenv")
    return other == "null" and is_op(tokens, i + 3, "]") and end == i + 4  # `$_ENV['X'] === null`


def _end_of_read(tokens: list[Token], i: int) -> int:
    """The index after the read at i (a call's `)`, a subscript's `]`)."""
    return close_bracket(tokens, i + 1) + 1


def php_tokens(text: str, file: str) -> list[Token]:
    """The file's code tokens (a Blade template's echoes and directives included)."""
    return tokenize(as_php(text) if is_blade(file) else text, PHP)


def reads_in(tokens: list[Token], file: str) -> list[Read]:
    return [read for _, _, read in placed_reads(tokens, file)]


def placed_reads(tokens: list[Token], file: str) -> list[tuple[int, int, Read]]:
    """Each read with the token span it covers (`env('X')`: from `env` to after its `)`)."""
    reads: list[tuple[int, int, Read]] = []
    ternaries: list[tuple[int, Presence]] = []  # reads testing whether their variable is set, by index
    for i, tok in enumerate(tokens):
        if tok.kind != ID:
            continue
        found = _read_at(tokens, i)
        if found is None or not is_env_name(found[0]):
            continue
        name, default = found
        end = _end_of_read(tokens, i)
        absence = absence_test(tokens, i, end)
        if absence:
            default = EnvDefault()  # the sentinel only meant "unset"
        outer = around(tokens, i, end)
        if (outer.changed or outer.after > end) and not default.given and not absence:
            # `intval(getenv('X')) ?: 389`, `(getenv('X')) ?: 'Default'`
            default = _after_copy(tokens, outer, name)
        compared = None
        if not default.given and not absence:
            compared = compared_literal(tokens, i - 1, end) or compared_literal(
                tokens, outer.before, outer.after
            )
        tested = absence or (
            not default.given
            and compared is None
            and (
                outer.truth
                or truth_tested(tokens, i - 1, end)
                or truth_tested(tokens, outer.before, outer.after)
            )
        )
        opened = (
            is_op(tokens, i - 1, "(")
            and is_id(tokens, i - 2, *_PATH_FUNCTIONS)
            and is_op(tokens, end, ")", ",")
        )
        unset = "" if outer.changed else "false" if tok.text == "getenv" else "null"
        if not default.given and (presence := presence_ternary(tokens, outer.before, outer.after, unset)):
            ternaries.append((len(reads), presence))
        reads.append(
            (
                i,
                end,
                Read(
                    name,
                    file,
                    tok.line,
                    default.given or tested,
                    "php",
                    default=default.value,
                    computed_default=default.computed,
                    compared_with=compared,
                    holds_path=opened and not is_op(tokens, i - 3, "->", "::"),
                    boolean_use=outer.boolean,
                ),
            )
        )
    for k, presence in ternaries:
        _fall_back(tokens, reads, k, presence)
    return reads


def _span(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    outer = around(tokens, start, end)
    return outer.before, outer.after


def _after_copy(tokens: list[Token], outer: Around, name: str) -> EnvDefault:
    """The default after a changed copy of the read: `?:` applies; `??` only when the copy may be null
    (`intval()` never is: `intval(getenv('X')) ?? 5` never gives 5)."""
    if is_op(tokens, outer.after, "??") and not outer.nullable:
        return EnvDefault()
    return default_after(tokens, outer.after, name)


def _fall_back(tokens: list[Token], reads: list[tuple[int, int, Read]], k: int, presence: Presence) -> None:
    """`getenv('X') ? getenv('X') : 'a'`: the branch taken when X is unset is its default, when the other
    branch passes the value on (php_ternaries.passes_on; `getenv('X') ? 1 : 0` maps presence to a value, no
    fallback of X's). The reads there are guarded by the test, so they fall back alike."""
    name = reads[k][2].name
    start, end = presence.kept
    guarded = [m for m, (i, _, read) in enumerate(reads) if read.name == name and start <= i < end]
    if not any(passes_on(tokens, presence, *_span(tokens, *reads[m][:2])) for m in guarded):
        return
    given = default_value(tokens, *presence.fallback, name)
    compared = next((reads[m][2].compared_with for m in guarded if reads[m][2].compared_with), None)
    for m in [k, *guarded]:
        i, stop, read = reads[m]
        reads[m] = (
            i,
            stop,
            replace(
                read,
                optional=True,
                default=given.value,
                computed_default=given.computed,
                compared_with=read.compared_with or compared,
            ),
        )


def discover_php(text: str, file: str) -> list[Read]:
    if not any(t in text for t in TRIGGERS):
        return []
    return reads_in(php_tokens(text, file), file)
