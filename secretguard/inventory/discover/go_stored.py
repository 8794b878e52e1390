"""Go reads stored in a package-level variable, and values used as file paths.

    var Listen = "[::]:1025"                         // package config
    if len(os.Getenv("APP_LISTEN")) > 0 {            // the store is skipped when unset:
        config.Listen = os.Getenv("APP_LISTEN")      // APP_LISTEN's default is config.Listen's initial value
    }
    if v := os.Getenv("APP_LEVEL"); v != "" { Level, _ = strconv.Atoi(v) }   // the same, parsed

    config.TLSKey = os.Getenv("APP_TLS_KEY")         // stored as it is, and elsewhere
    TLSKey = filepath.Clean(TLSKey)                  // (package config) opened as a file: a path, not a key
    os.ReadFile(os.Getenv("APP_CA"))                 // the same for a read (or a local holding it) used there

The variable is found through its package: `pkg.Name` in another package (the package so named), `Name` in
its own when the function declares no such local. Its initial value counts only when it is one literal (or a
constant holding one) and the function assigns it nothing before the `if`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from typing import Protocol

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.go_environ import GoFunction, functions
from secretguard.inventory.discover.go_unset import declared, statements
from secretguard.inventory.discover.lexer import NUM, STR, Token, is_id, is_op, literal

# Calls whose arguments at these positions are file paths.
_PATH_CALLS: dict[tuple[str, str], tuple[int, ...]] = {
    ("filepath", "Clean"): (0,),
    ("filepath", "Abs"): (0,),
    ("os", "ReadFile"): (0,),
    ("os", "Open"): (0,),
    ("os", "OpenFile"): (0,),
    ("os", "Stat"): (0,),
    ("ioutil", "ReadFile"): (0,),
    ("tls", "LoadX509KeyPair"): (0, 1),
}
PATH_CALLS = _PATH_CALLS  # also go_field_paths.py's
_NEEDLES = tuple(f"{a}.{b}(" for a, b in _PATH_CALLS)
_READERS = ("Getenv", "LookupEnv")

Key = tuple[str, int, str]  # a read's file, line and name


class Packages(Protocol):
    """What the project's Go files give (go_wrappers.GoWrappers)."""

    texts: dict[str, str]

    def literal_constant(self, folder: str, qualifier: str | None, name: str) -> str | None: ...

    def package_folders(self, package: str) -> list[str]: ...

    def qualifiers(self, folder: str) -> set[str]: ...

    def file_tokens(self, file: str) -> tuple[list[Token], dict[int, int]]: ...


@dataclass(frozen=True, slots=True)
class _Target:
    folder: str  # the folder of the file storing it
    qualifier: str | None  # `config` of `config.Listen`; None: the storing file's own package
    name: str
    guarded: bool  # stored only when set: the variable's initial value is the default
    whole: bool  # the value itself is stored (not parsed): a path use of the variable is the read's
    function: tuple[str, int]  # the file and line of the body of the function storing it


@dataclass
class StoredReads:
    """Fed each literal read go.py finds (`scan`); `resolve` then sets defaults and path uses."""

    _targets: dict[Key, _Target] = field(default_factory=dict)
    _paths: set[Key] = field(default_factory=set)
    _funcs: dict[str, dict[str, GoFunction]] = field(default_factory=dict)

    def scan(self, tokens: list[Token], match: dict[int, int], i: int, file: str, name: str) -> None:
        """The read `os.Getenv("NAME")` at token i."""
        close = match.get(i + 3)
        if close is None:
            return
        func = self._function(tokens, match, file, i)
        if func is None:
            return
        local = declared(tokens, *func.body, func.params)
        key = (file, tokens[i].line, name)
        target = _guarded(tokens, match, i, close, name, local, func) or _stored(tokens, i, close, local)
        if target is not None:
            qualifier, var, guarded, whole = target
            function = (file, tokens[func.body[0]].line)
            self._targets[key] = _Target(posixpath.dirname(file), qualifier, var, guarded, whole, function)
        if _opened(tokens, match, i, close, func):
            self._paths.add(key)

    def _function(self, tokens: list[Token], match: dict[int, int], file: str, i: int) -> GoFunction | None:
        if file not in self._funcs:
            self._funcs[file] = functions(tokens, match, file)
        inside = [f for f in self._funcs[file].values() if f.body[0] < i < f.body[1]]
        return max(inside, key=lambda f: f.body[0], default=None)

    def resolve(self, reads: list[Read], packages: Packages) -> list[Read]:
        """The reads with the defaults and path uses found."""
        try:
            if not self._targets and not self._paths:
                return reads
            opened = _path_variables(
                packages, {(t.folder, t.qualifier, t.name) for t in self._targets.values()}
            )
            return [self._resolved(read, packages, opened) for read in reads]
        finally:
            self._targets.clear()
            self._paths.clear()
            self._funcs.clear()

    def _resolved(self, read: Read, packages: Packages, opened: set[tuple[str, str | None, str]]) -> Read:
        key = (read.file, read.line, read.name)
        target = self._targets.get(key)
        if target is not None and target.guarded and read.default is None and not read.computed_default:
            value = packages.literal_constant(target.folder, target.qualifier, target.name)
            if value is not None and not _set_at_init(packages, target):
                read = replace(read, default=value, optional=True)
        spot = (target.folder, target.qualifier, target.name) if target is not None and target.whole else None
        if key in self._paths or spot in opened:
            read = replace(read, holds_path=True)
        return read


def _set_at_init(packages: Packages, target: _Target) -> bool:
    """Whether an `init()` of the variable's package assigns it: it no longer holds its initial value when
    the program reads the environment."""
    folders = [target.folder] if target.qualifier is None else packages.package_folders(target.qualifier)
    for file, text in packages.texts.items():
        if posixpath.dirname(file) not in folders or "func init(" not in text or target.name not in text:
            continue
        tokens, match = packages.file_tokens(file)
        for k in range(len(tokens) - 3):
            if not (is_id(tokens, k, "func") and is_id(tokens, k + 1, "init") and is_op(tokens, k + 2, "(")):
                continue
            body = next((b for b in range(k + 3, min(k + 8, len(tokens))) if is_op(tokens, b, "{")), None)
            end = match.get(body, -1) if body is not None else -1
            if body is None or (file, tokens[body].line) == target.function:
                continue  # the store's own `init`
            if any(
                is_id(tokens, m, target.name) and is_op(tokens, m + 1, "=") and not is_op(tokens, m - 1, ".")
                for m in range(body, end)
            ):
                return True
    return False


def _read_of(tokens: list[Token], k: int, name: str) -> bool:
    """`os.Getenv("NAME")` (or LookupEnv) at k."""
    return (
        is_id(tokens, k, "os", "syscall")
        and not is_op(tokens, k - 1, ".")
        and is_op(tokens, k + 1, ".")
        and is_id(tokens, k + 2, *_READERS)
        and is_op(tokens, k + 3, "(")
        and literal(tokens, k + 4) == name
        and is_op(tokens, k + 5, ")")
    )


def _guarded(
    tokens: list[Token],
    match: dict[int, int],
    i: int,
    close: int,
    name: str,
    local: set[str],
    func: GoFunction,
) -> tuple[str | None, str, bool, bool] | None:
    """`if len(os.Getenv("X")) > 0 {` / `if os.Getenv("X") != "" {` / `if v := os.Getenv("X"); v != "" {`
    / `if v, ok := os.LookupEnv("X"); ok {`, whose body stores the value (or a parse of it) in a variable
    the function does not declare: the first such statement of the body."""
    bound: str | None = None
    if is_id(tokens, i - 3, "if") and is_id(tokens, i - 2, "len") and is_op(tokens, i - 1, "("):
        opener = close + 4 if is_op(tokens, close + 1, ")") and _non_empty_length(tokens, close + 2) else None
    elif is_id(tokens, i - 1, "if") and is_op(tokens, close + 1, "!=") and literal(tokens, close + 2) == "":
        opener = close + 3
    elif is_op(tokens, i - 1, ":=") and is_op(tokens, close + 1, ";"):
        k = i - 2
        ok = is_id(tokens, k) and is_op(tokens, k - 1, ",") and tokens[i + 2].text == "LookupEnv"
        bound = tokens[k - 2].text if ok else tokens[k].text
        if not is_id(tokens, k - 2 if ok else k) or not is_id(tokens, (k - 3) if ok else (k - 1), "if"):
            return None
        opener = _set_test(tokens, close + 2, bound, tokens[k].text if ok else None)
    else:
        return None
    if opener is None or not is_op(tokens, opener, "{") or opener not in match:
        return None
    for start, end in statements(tokens, match, opener, match[opener]):
        target = _store(tokens, start, end, local)
        if target is None:
            continue
        op = target[2]
        if not any(_read_of(tokens, k, name) or is_id(tokens, k, bound or "") for k in range(op + 1, end)):
            continue  # stores something else
        if _assigned_before(tokens, func.body[0], i, target[0], target[1]):
            return None
        whole = (end - op == 2 and bound is not None) or (end - op == 7 and _read_of(tokens, op + 1, name))
        return target[0], target[1], True, whole
    return None


def _non_empty_length(tokens: list[Token], k: int) -> bool:
    """`> 0`, `!= 0` or `>= 1` at k."""
    if not (k + 1 < len(tokens) and tokens[k + 1].kind == NUM):
        return False
    number = tokens[k + 1].text
    return (is_op(tokens, k, ">", "!=") and number == "0") or (is_op(tokens, k, ">=") and number == "1")


def _set_test(tokens: list[Token], k: int, var: str, ok: str | None) -> int | None:
    """The `{` after `v != ""`, `len(v) > 0` or (for LookupEnv) `ok` at k."""
    if ok is not None and is_id(tokens, k, ok):
        return k + 1
    if is_id(tokens, k, var) and is_op(tokens, k + 1, "!=") and literal(tokens, k + 2) == "":
        return k + 3
    if (
        is_id(tokens, k, "len")
        and is_op(tokens, k + 1, "(")
        and is_id(tokens, k + 2, var)
        and is_op(tokens, k + 3, ")")
        and _non_empty_length(tokens, k + 4)
    ):
        return k + 6
    return None


def _store(tokens: list[Token], start: int, end: int, local: set[str]) -> tuple[str | None, str, int] | None:
    """`pkg.Name = ...`, `Name = ...` or `Name, _ = ...` at start, Name not a local (nor pkg): (pkg, Name,
    index of `=`)."""
    if is_id(tokens, start) and is_op(tokens, start + 1, ".") and is_id(tokens, start + 2):
        qualifier: str | None = tokens[start].text
        var, k = tokens[start + 2].text, start + 3
    elif is_id(tokens, start):
        qualifier, var, k = None, tokens[start].text, start + 1
    else:
        return None
    if is_op(tokens, k, ",") and is_id(tokens, k + 1):
        k += 2  # `config.Level, _ = strconv.Atoi(...)`
    if not is_op(tokens, k, "=") or k + 1 >= end or (qualifier or var) in local:
        return None
    return qualifier, var, k


def _stored(
    tokens: list[Token], i: int, close: int, local: set[str]
) -> tuple[str | None, str, bool, bool] | None:
    """`config.Key = os.Getenv("X")` (or `Key = ...`) as a whole statement."""
    if not is_op(tokens, i - 1, "="):
        return None
    start = i - 2 if not is_op(tokens, i - 3, ".") else i - 4
    if start < 0 or tokens[start].line != tokens[i].line or is_op(tokens, start - 1, "."):
        return None
    after = close + 1
    if (
        after < len(tokens)
        and tokens[after].line == tokens[close].line
        and not is_op(tokens, after, ";", "}")
    ):
        return None
    target = _store(tokens, start, close + 1, local)
    if target is None or target[2] != i - 1:
        return None
    return target[0], target[1], False, True


def _assigned_before(tokens: list[Token], a: int, i: int, qualifier: str | None, var: str) -> bool:
    """Whether the function assigns the variable before token i."""
    for k in range(a, i):
        if not is_op(tokens, k, "="):
            continue
        if qualifier is None and is_id(tokens, k - 1, var) and not is_op(tokens, k - 2, "."):
            return True
        if qualifier is not None and is_id(tokens, k - 1, var) and is_id(tokens, k - 3, qualifier):
            return True
    return False


def _opened(tokens: list[Token], match: dict[int, int], i: int, close: int, func: GoFunction) -> bool:
    """The read is a path call's argument, or is held by a local (`p := os.Getenv("X")`) that is one."""
    if _path_argument(tokens, match, i, close + 1):
        return True
    if not (is_op(tokens, i - 1, ":=", "=") and is_id(tokens, i - 2) and not is_op(tokens, i - 3, ".", ",")):
        return False
    var = tokens[i - 2].text
    return any(
        is_id(tokens, k, var) and _path_argument(tokens, match, k, k + 1) for k in range(close, func.body[1])
    )


def _path_argument(tokens: list[Token], match: dict[int, int], start: int, end: int) -> bool:
    """Whether tokens[start:end] is a whole path argument of a path call."""
    k = start - 1
    position = 0
    while k >= 0 and is_op(tokens, k, ","):
        # `tls.LoadX509KeyPair(cert, key)`: count the arguments before (each one token or `pkg.Name`).
        k -= 1
        k -= 2 if is_op(tokens, k - 1, ".") else 0
        k -= 1
        position += 1
    if not is_op(tokens, k, "(") or match.get(k, -1) < end:
        return False
    if not (is_id(tokens, k - 3) and is_op(tokens, k - 2, ".") and is_id(tokens, k - 1)):
        return False
    if not (is_op(tokens, end, ")") or is_op(tokens, end, ",")):
        return False
    return position in _PATH_CALLS.get((tokens[k - 3].text, tokens[k - 1].text), ())


def _path_variables(
    packages: Packages, targets: set[tuple[str, str | None, str]]
) -> set[tuple[str, str | None, str]]:
    """Of the targets, those some file passes to a path call: `Name` in its package (not a local there),
    `pkg.Name` elsewhere."""
    found: set[tuple[str, str | None, str]] = set()
    where: dict[tuple[str, str], list[tuple[str, str | None, str]]] = {}  # (folder, name) -> targets
    for target in targets:
        folder, qualifier, name = target
        folders = [folder] if qualifier is None else packages.package_folders(qualifier)
        for d in folders:
            where.setdefault((d, name), []).append(target)
    if not where:
        return found
    names = {name for _, name in where}
    for file, text in packages.texts.items():
        if file.endswith("_test.go") or not any(n in text for n in _NEEDLES):
            continue
        if not any(n in text for n in names):
            continue
        tokens, match = packages.file_tokens(file)
        folder = posixpath.dirname(file)
        funcs: list[GoFunction] | None = None
        for k, tok in enumerate(tokens):
            if tok.kind == STR or tok.text not in names:
                continue
            if is_op(tokens, k - 1, "."):
                owners = [
                    d
                    for (d, n) in where
                    if n == tok.text and is_id(tokens, k - 2) and tokens[k - 2].text in packages.qualifiers(d)
                ]
                at = k - 2
            else:
                owners = [folder] if (folder, tok.text) in where else []
                at = k
            if not owners or not _path_argument(tokens, match, at, k + 1):
                continue
            if at == k:
                if funcs is None:
                    funcs = list(functions(tokens, match, file).values())
                inside = [f for f in funcs if f.body[0] < k < f.body[1]]
                if any(tok.text in declared(tokens, *f.body, f.params) for f in inside):
                    continue
            for d in owners:
                found.update(where[(d, tok.text)])
    return found
