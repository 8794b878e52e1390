"""A project's own helper that hands its arguments straight to viper's `BindEnv`:

    func MustBindEnv(input ...string) {              // cmd/util
        if err := viper.BindEnv(input...); err != nil { panic(err) }
    }
    util.MustBindEnv("grpc.addr", "OPENFGA_GRPC_ADDR")  // viper.BindEnv("grpc.addr", "OPENFGA_GRPC_ADDR")

Each call of such a helper (`pkg.Helper(...)` anywhere, `Helper(...)` in its own package) is the BindEnv call
it makes: the key and the variable names given after it, when all are literals. go.py feeds them to the
global viper, so its prefix and key replacer apply as usual.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from secretguard.inventory.discover.lexer import (
    Token,
    is_id,
    is_op,
    span_literal,
    split_arguments,
)

# `func Name(p ...string) {` whose body (up to the next top-level `}`) passes `p...` to viper.BindEnv.
_FORWARDER = re.compile(r"(?m)^func\s+(\w+)\s*\(\s*(\w+)\s+\.\.\.string\s*\)[^{\n]*\{\n(.*?)^\}", re.DOTALL)
_PACKAGE = re.compile(r"(?m)^package\s+(\w+)")

FileTokens = Callable[[str], tuple[list[Token], dict[int, int]]]
Bind = tuple[str, list[str], str, int]  # (viper key, variable names given, file, line)
FlagBind = tuple[str, str, str, int]  # (viper key, flag name, file, line)
# `func MustBindPFlag(key string, flag *pflag.Flag) { ... viper.BindPFlag(key, flag) ... }`
_FLAG_FORWARDER = re.compile(
    r"(?m)^func\s+(\w+)\s*\(\s*(\w+)\s+string\s*,\s*(\w+)\s+\*\w+\.Flag\s*\)[^{\n]*\{\n(.*?)^\}", re.DOTALL
)


def forwarded_binds(texts: dict[str, str], file_tokens: FileTokens) -> tuple[list[Bind], list[FlagBind]]:
    """The BindEnv and BindPFlag calls the project's forwarding helpers make, one per call of a helper
    (`file_tokens`: each file's tokens and bracket pairs, parsed once for the whole Go pass)."""
    helpers: dict[str, str] = {}  # BindEnv helper name -> its package's folder
    flag_helpers: dict[str, str] = {}  # BindPFlag helper name -> its package's folder
    for file, text in texts.items():
        if ("BindEnv(" not in text and "BindPFlag(" not in text) or file.endswith("_test.go"):
            continue
        for found in _FORWARDER.finditer(text):
            name, param, body = found.groups()
            if re.search(rf"\bviper\.BindEnv\(\s*{re.escape(param)}\s*\.\.\.\s*\)", body):
                helpers[name] = posixpath.dirname(file)
        for found in _FLAG_FORWARDER.finditer(text):
            name, key, flag, body = found.groups()
            if re.search(rf"\bviper\.BindPFlag\(\s*{re.escape(key)}\s*,\s*{re.escape(flag)}\s*\)", body):
                flag_helpers[name] = posixpath.dirname(file)
    if not helpers and not flag_helpers:
        return [], []
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, {**helpers, **flag_helpers})) + r")\s*\(")
    binds: list[Bind] = []
    flag_binds: list[FlagBind] = []
    for file, text in texts.items():
        if file.endswith("_test.go") or not pattern.search(text):
            continue
        for name, strings, line in _calls(*file_tokens(file), file, {**helpers, **flag_helpers}):
            if name in helpers and len(strings) >= 2 and all(isinstance(s, str) for s in strings):
                binds.append((str(strings[0]), [str(s) for s in strings[1:]], file, line))
            elif name in flag_helpers and len(strings) == 2 and isinstance(strings[0], str) and strings[1]:
                flag_binds.append((strings[0], str(strings[1]), file, line))
    return binds, flag_binds


def _calls(
    tokens: list[Token], match: dict[int, int], file: str, helpers: dict[str, str]
) -> list[tuple[str, list[str | None], int]]:
    """Each call of a helper: its name, each argument's literal (a `x.Lookup("name")` as "name"), its line."""
    out: list[tuple[str, list[str | None], int]] = []
    for i, tok in enumerate(tokens):
        if not (is_id(tokens, i, *helpers) and is_op(tokens, i + 1, "(") and (i + 1) in match):
            continue
        qualified = is_op(tokens, i - 1, ".")
        if qualified == (posixpath.dirname(file) == helpers[tok.text]) or is_id(tokens, i - 1, "func"):
            continue  # the package's own calls are bare, another package's qualified
        args = split_arguments(tokens, i + 1, match[i + 1])
        out.append((tok.text, [_argument(tokens, a, b) for a, b in args], tok.line))
    return out


def _argument(tokens: list[Token], start: int, end: int) -> str | None:
    """A literal argument, or the flag name of `flags.Lookup("name")`."""
    if end - start >= 4 and is_id(tokens, end - 4, "Lookup") and is_op(tokens, end - 3, "("):
        return span_literal(tokens, end - 2, end - 1)
    return span_literal(tokens, start, end)
