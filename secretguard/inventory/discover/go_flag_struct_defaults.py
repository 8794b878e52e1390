"""Flag defaults taken from a default configuration a function builds, in any file of the project:

    conf := config.DefaultConfig()                          // pkg/cmd/serve.go
    f.Bool("http-enabled", conf.Server.HTTP.Enabled, "...") // the flag's default: a field of that config
    func DefaultConfig() *Config {                          // internal/config/config.go
        return &Config{Server: Server{HTTP: HTTP{Enabled: true}}}
    }
    viper.BindPFlag("server.http.enabled", flags.Lookup("http-enabled"))  // another package binds the flag

`project_flag_defaults` gives each flag defined on a pflag set anywhere in the project its default: a literal,
or the literal at a field path of a variable that is either a composite literal of its file
(go_literal_paths.py) or the result of a call of a function returning one (`return &Config{...}`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from secretguard.inventory.discover.go_flags import flag_default_spans
from secretguard.inventory.discover.go_literal_paths import (
    ConstantValue,
    descend,
    literal_brace,
    path_ref,
    path_value,
)
from secretguard.inventory.discover.lexer import Token, is_id, is_op, span_literal

FileTokens = Callable[[str], tuple[list[Token], dict[int, int]]]
# A file defining flags on a set: `.Bool(`, `.StringP(`, `.IntVar(`...
_DEFINES = re.compile(
    r"\.(?:Bool|String|Int|Int32|Int64|Uint|Uint32|Uint64|Float64|Duration|StringSlice)\w*\("
)
_MAX_CALL_TOKENS = 6  # `conf := pkg.DefaultConfig()`


def project_flag_defaults(
    texts: dict[str, str], file_tokens: FileTokens, constant: Callable[[str], ConstantValue]
) -> dict[str, str]:
    """Flag name -> its literal default, over every (non-test) file of the project."""
    found: dict[str, str] = {}
    builders: dict[str, tuple[str, int] | None] = {}
    for file, text in texts.items():
        if file.endswith("_test.go") or not _DEFINES.search(text):
            continue
        tokens, match = file_tokens(file)
        folder_constant = constant(file)
        for name, (start, end) in flag_default_spans(tokens, match).items():
            value = span_literal(tokens, start, end)
            ref = path_ref(tokens, start, end) if value is None else None
            if ref is not None:
                value = path_value(tokens, match, *ref, folder_constant)
                if value is None:
                    value = _built_value(texts, file_tokens, tokens, ref, builders, constant)
            if value not in (None, ""):
                found.setdefault(name, str(value))
    return found


def _built_value(
    texts: dict[str, str],
    file_tokens: FileTokens,
    tokens: list[Token],
    ref: tuple[str, list[str]],
    builders: dict[str, tuple[str, int] | None],
    constant: Callable[[str], ConstantValue],
) -> str | None:
    """The literal at `var.fields`, `var := [pkg.]Builder()` and `Builder` returning a composite literal."""
    variable, fields = ref
    function = _builder_call(tokens, variable)
    if function is None:
        return None
    if function not in builders:
        builders[function] = _returned_literal(texts, file_tokens, function)
    place = builders[function]
    if place is None:
        return None
    file, brace = place
    other, match = file_tokens(file)
    return descend(other, match, brace, fields, constant(file))


def _builder_call(tokens: list[Token], variable: str) -> str | None:
    """`variable := pkg.Func()` / `variable := Func()` in the file: Func."""
    for i, tok in enumerate(tokens):
        if tok.text != variable or not is_op(tokens, i + 1, ":=", "=") or is_op(tokens, i - 1, "."):
            continue
        k = i + 2
        if is_id(tokens, k) and is_op(tokens, k + 1, "."):
            k += 2
        if is_id(tokens, k) and is_op(tokens, k + 1, "(") and is_op(tokens, k + 2, ")"):
            return tokens[k].text
    return None


def _returned_literal(
    texts: dict[str, str], file_tokens: FileTokens, function: str
) -> tuple[str, int] | None:
    """(file, the `{` of the composite literal) that `func function() ... { return &T{...} }` returns."""
    head = re.compile(rf"(?m)^func\s+{re.escape(function)}\s*\(\s*\)")
    for file, text in texts.items():
        if file.endswith("_test.go") or not head.search(text):
            continue
        tokens, _ = file_tokens(file)
        for i in range(len(tokens) - 2):
            if not (
                is_id(tokens, i, "func") and is_id(tokens, i + 1, function) and is_op(tokens, i + 2, "(")
            ):
                continue
            for k in range(i + 3, min(i + 3 + 40, len(tokens))):
                if is_id(tokens, k, "return"):
                    brace = literal_brace(tokens, k + 1)
                    if brace is not None and k + 1 + _MAX_CALL_TOKENS > brace:
                        return file, brace
                    break
    return None
