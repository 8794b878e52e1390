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

from secretguard.inventory.discover.lexer import (
    GO,
    bracket_pairs,
    is_id,
    is_op,
    span_literal,
    split_arguments,
    tokenize,
)

# `func Name(p ...string) {` whose body (up to the next top-level `}`) passes `p...` to viper.BindEnv.
_FORWARDER = re.compile(r"(?m)^func\s+(\w+)\s*\(\s*(\w+)\s+\.\.\.string\s*\)[^{\n]*\{\n(.*?)^\}", re.DOTALL)
_PACKAGE = re.compile(r"(?m)^package\s+(\w+)")

Bind = tuple[str, list[str], str, int]  # (viper key, variable names given, file, line)


def forwarded_binds(texts: dict[str, str]) -> list[Bind]:
    """The BindEnv calls the project's forwarding helpers make, one per call of a helper."""
    helpers: dict[str, str] = {}  # helper name -> its package's folder
    for file, text in texts.items():
        if "BindEnv(" not in text or file.endswith("_test.go"):
            continue
        for found in _FORWARDER.finditer(text):
            name, param, body = found.groups()
            if re.search(rf"\bviper\.BindEnv\(\s*{re.escape(param)}\s*\.\.\.\s*\)", body):
                helpers[name] = posixpath.dirname(file)
    if not helpers:
        return []
    pattern = re.compile(r"\b(?:\w+\s*\.\s*)?(" + "|".join(map(re.escape, helpers)) + r")\s*\(")
    out: list[Bind] = []
    for file, text in texts.items():
        if file.endswith("_test.go") or not pattern.search(text):
            continue
        package = _PACKAGE.search(text)
        out.extend(_calls(text, file, helpers, package[1] if package else ""))
    return out


def _calls(text: str, file: str, helpers: dict[str, str], package: str) -> list[Bind]:
    tokens = tokenize(text, GO)
    match = bracket_pairs(tokens)
    out: list[Bind] = []
    for i, tok in enumerate(tokens):
        if not (is_id(tokens, i, *helpers) and is_op(tokens, i + 1, "(") and (i + 1) in match):
            continue
        qualified = is_op(tokens, i - 1, ".")
        if qualified == (posixpath.dirname(file) == helpers[tok.text]) or is_id(tokens, i - 1, "func"):
            continue  # the package's own calls are bare, another package's qualified
        args = split_arguments(tokens, i + 1, match[i + 1])
        strings = [span_literal(tokens, a, b) for a, b in args]
        if len(strings) >= 2 and all(s is not None for s in strings):
            out.append((str(strings[0]), [str(s) for s in strings[1:]], file, tok.line))
    return out
