"""Tagged configuration fields whose value the program uses as a file's path.

    type config struct { TLS struct { Key string `env:"APP_TLS_KEY"` } }
    func Etc(p ...string) string { return Path(append([]string{"etc"}, p...)...) }   // package env
    func Path(p ...string) string { elems := append([]string{root}, p...); return path.Join(elems...) }
    keyFile = env.Etc(env.Config.TLS.Key)            // APP_TLS_KEY names a file: not the key itself

A field is found by its path from the struct the package loads (`.TLS.Key`, the fields of a type no other
struct of the package nests); a use of it counts when it is a whole argument of a path call (go_stored.py's
file calls, and `filepath.Join` / `path.Join`, whose parts are parts of a path) or of a project function
that passes that parameter on to one: directly, through a local built from it, or through another such
function of the project (followed to a fixed point). Test files do not count.
"""

from __future__ import annotations

import posixpath
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import replace

from secretguard.inventory.discover.base import Read, secret_by_name
from secretguard.inventory.discover.go_environ import GoFunction, functions
from secretguard.inventory.discover.go_stored import PATH_CALLS, Packages
from secretguard.inventory.discover.go_structs import Field, Struct
from secretguard.inventory.discover.lexer import ID, OP, Token, is_id, is_op, split_arguments
from secretguard.scan.context import name_words

Chain = tuple[str, ...]
ChildOf = Callable[[Field], Struct | None]
_ALL = -1  # every argument (a variadic join)
_JOINS: dict[tuple[str, str], tuple[int, ...]] = {("filepath", "Join"): (_ALL,), ("path", "Join"): (_ALL,)}
_CALLS = {**PATH_CALLS, **_JOINS}
# A connection string (`DB_URI`, `DB_DATA_SOURCE`) names a file for one driver (sqlite, joined into the
# data folder) and carries a password for another: a path use in one branch does not clear it.
_CONNECTION_WORDS = frozenset({"url", "uri", "urls", "uris", "dsn", "source", "connection", "conn", "string"})
_ROUNDS = 4  # project functions passing a parameter on: followed this many levels deep
# A callee: (package folder or None for a standard package, function name); positions of path arguments.
Callee = tuple[str | None, str]


def field_chains(structs: dict[str, Struct], child_of: ChildOf) -> dict[tuple[str, int], Chain]:
    """(file, line) of each field of the package's root structs -> its path of field names."""
    nested = {f.type_name for s in structs.values() for f in s.fields if f.type_name in structs}
    out: dict[tuple[str, int], Chain] = {}
    for name, struct in structs.items():
        if name not in nested:
            _walk(struct, (), child_of, out, set())
    return out


def _walk(
    struct: Struct, path: Chain, child_of: ChildOf, out: dict[tuple[str, int], Chain], seen: set[int]
) -> None:
    if id(struct) in seen or len(path) > 12:
        return
    seen = seen | {id(struct)}
    for f in struct.fields:
        inner = path if f.name is None else (*path, f.name)
        child = child_of(f)
        if child is not None:
            _walk(child, inner, child_of, out, seen)
        elif f.name is not None:
            out.setdefault((f.file, f.line), inner)


def mark_path_fields(
    reads: list[Read], chains: dict[tuple[str, int], Chain], packages: Packages
) -> list[Read]:
    """The reads, a tagged field used as a path marked `holds_path` (looked for only where it can change a
    label: a variable whose name says secret)."""
    wanted = {
        chains[(r.file, r.line)]
        for r in reads
        if (r.file, r.line) in chains
        and not r.holds_path
        and secret_by_name(r.name)
        and not _CONNECTION_WORDS.intersection(name_words(r.name)[-1:])
    }
    wanted.discard(())
    if not wanted:
        return reads
    last = {chain[-1] for chain in wanted}
    files = [
        f for f, text in packages.texts.items() if not f.endswith("_test.go") and any(n in text for n in last)
    ]
    if not files:
        return reads
    path_functions = _path_functions(packages)
    used: set[Chain] = set()
    for file in files:
        used |= _used_chains(file, packages, wanted, last, path_functions)
    if not used:
        return reads
    return [
        replace(r, holds_path=True) if chains.get((r.file, r.line)) in used and not r.holds_path else r
        for r in reads
    ]


def _used_chains(
    file: str,
    packages: Packages,
    wanted: set[Chain],
    last: set[str],
    path_functions: dict[Callee, set[int]],
) -> set[Chain]:
    tokens, match = packages.file_tokens(file)
    folder = posixpath.dirname(file)
    arguments = _call_arguments(tokens, match)
    found: set[Chain] = set()
    for k, tok in enumerate(tokens):
        if (
            tok.kind != ID
            or tok.text not in last
            or not is_op(tokens, k - 1, ".")
            or is_op(tokens, k + 1, ".")
        ):
            continue
        start = k
        while is_op(tokens, start - 1, ".") and is_id(tokens, start - 2):
            start -= 2
        names = tuple(tokens[m].text for m in range(start, k + 1, 2))
        chain = next((names[-n:] for n in range(len(names) - 1, 0, -1) if names[-n:] in wanted), None)
        if chain is None or chain in found:
            continue
        call = arguments.get((start, k + 1))
        if call is not None and _is_path_argument(call, folder, packages, path_functions):
            found.add(chain)
    return found


# A whole argument's span -> (qualifier or None, callee name, position).
Call = tuple[str | None, str, int]
Arguments = dict[tuple[int, int], Call]


def _call_arguments(tokens: list[Token], match: dict[int, int]) -> Arguments:
    out: Arguments = {}
    for o, close in match.items():
        if not is_op(tokens, o, "(") or not is_id(tokens, o - 1):
            continue
        qualifier = tokens[o - 3].text if is_op(tokens, o - 2, ".") and is_id(tokens, o - 3) else None
        if qualifier is None and is_op(tokens, o - 2, "."):
            continue  # a method of an expression
        for position, (a, b) in enumerate(split_arguments(tokens, o, close)):
            end = b - 1 if is_op(tokens, b - 1, "...") else b
            out[(a, end)] = (qualifier, tokens[o - 1].text, position)
    return out


def _is_path_argument(
    call: Call, folder: str, packages: Packages, path_functions: dict[Callee, set[int]]
) -> bool:
    qualifier, name, position = call
    if qualifier is not None and _takes_path(_CALLS.get((qualifier, name), ()), position):
        return True
    folders = [folder] if qualifier is None else packages.package_folders(qualifier)
    return any(_takes_path(tuple(path_functions.get((d, name), ())), position) for d in folders)


def _takes_path(positions: Iterable[int], position: int) -> bool:
    return any(p in (position, _ALL) for p in positions)


def _path_functions(packages: Packages) -> dict[Callee, set[int]]:
    """Project functions (by folder and name) -> the positions of their parameters that reach a path call
    (`_ALL`: a variadic last parameter, every position from its own)."""
    found: dict[Callee, set[int]] = {}
    needles = {f"{a}.{b}(" for a, b in _CALLS}
    candidates = [
        f
        for f, text in packages.texts.items()
        if not f.endswith("_test.go") and any(n in text for n in needles)
    ]
    parsed: dict[str, tuple[dict[str, GoFunction], list[tuple[tuple[int, int], Call]]]] = {}
    for _ in range(_ROUNDS):
        added = False
        for file in candidates:
            tokens, match = packages.file_tokens(file)
            folder = posixpath.dirname(file)
            if file not in parsed:
                arguments = _call_arguments(tokens, match)
                parsed[file] = (functions(tokens, match, file), sorted(arguments.items()))
            funcs, ordered = parsed[file]
            for name, func in funcs.items():
                a, b = func.body
                inside = ordered[bisect_left(ordered, ((a, -1),)) : bisect_left(ordered, ((b, -1),))]
                positions = _reaching(tokens, func, inside, folder, packages, found)
                if positions - found.get((folder, name), set()):
                    found.setdefault((folder, name), set()).update(positions)
                    added = True
        if not added:
            break
        names = {name for _, name in found}
        candidates = [
            f
            for f, text in packages.texts.items()
            if not f.endswith("_test.go") and (f in candidates or any(f"{n}(" in text for n in names))
        ]
    return found


def _reaching(
    tokens: list[Token],
    func: GoFunction,
    arguments: list[tuple[tuple[int, int], Call]],
    folder: str,
    packages: Packages,
    found: dict[Callee, set[int]],
) -> set[int]:
    """Positions of the function's parameters whose value reaches a path argument in its body: the
    parameter itself, or a local assigned an expression naming it."""
    a, b = func.body
    params = set(func.params)
    if not params:
        return set()
    # the path calls first: most functions make none, and need no look at their assignments
    paths = [(span, call) for span, call in arguments if _is_path_argument(call, folder, packages, found)]
    if not paths:
        return set()
    holders = {p: {p} for p in params}
    for k in range(a, b):
        if is_op(tokens, k, ":=", "=") and is_id(tokens, k - 1) and not is_op(tokens, k - 2, ".", ","):
            end = k + 1
            while end < b and tokens[end].line == tokens[k].line:
                end += 1
            for p in params:
                if any(_names(tokens, m, p) for m in range(k + 1, end)):
                    holders[p].add(tokens[k - 1].text)
    out: set[int] = set()
    for (start, end), _call in paths:
        for p, held in holders.items():
            if any(_names(tokens, m, *held) for m in range(start, end)):
                index = func.params.index(p)
                out.add(_ALL if _variadic(tokens, func, p) else index)
    return out


def _names(tokens: list[Token], m: int, *names: str) -> bool:
    """A use of one of the names at m as a value (not a field, a callee or an indexed map)."""
    return (
        is_id(tokens, m, *names)
        and not is_op(tokens, m - 1, ".")
        and not is_op(tokens, m + 1, "(", "[", ".")
        and not (tokens[m - 1].kind == OP and tokens[m - 1].text == "[")
    )


def _variadic(tokens: list[Token], func: GoFunction, param: str) -> bool:
    """Whether the parameter is the function's variadic last one (`p ...string`)."""
    if func.params[-1:] != (param,):
        return False
    k = func.body[0]
    while k > 0 and not is_op(tokens, k, ")"):
        k -= 1
    while k > 0 and not is_op(tokens, k, "("):
        if is_op(tokens, k, "...") and is_id(tokens, k - 1, param):
            return True
        k -= 1
    return False
