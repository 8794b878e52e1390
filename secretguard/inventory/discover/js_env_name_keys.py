"""Names an object literal hands over under a key that says it holds an environment variable's name: an
app's own settings helper reads them.

    appSettings.section("log").flag("apiDetails").readBool({
      envVar: ["GRIST_LOG_API_DETAILS", "GRIST_HOSTED_VERSION"],
      defaultValue: false,
    });
    const providers = { oidc: { envVarClientId: "GRIST_OIDC_CLIENT_ID", envVarClientSecret: "..." } };

A key named `envVar`, `envVars`, `envVariable`, `environmentVariable`, `envKey`, `preferredEnvVar` (or one
of those followed by a qualifier: `envVarClientId`) whose value is an upper-case name, or a list of them,
reads each name. A sibling `defaultValue:` / `default:` literal is the default (of each name of a list: the
synonyms of one setting); `required: true` makes the variable required.
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    span_literal,
    split_arguments,
    tokenize,
)

SOURCE = "javascript"
_KEY = r"(?:env(?:Var|Variable|Key)s?|environmentVariables?|preferredEnvVar)(?:[A-Z]\w*)?"
_TRIGGER = re.compile(rf"\b{_KEY}\s*:")
_KEY_NAME = re.compile(rf"^{_KEY}$")
_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_DEFAULT_KEYS = ("defaultValue", "default")


def env_name_key_reads(text: str, file: str) -> list[Read]:
    if _TRIGGER.search(text) is None:
        return []
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    closing = {close: open_ for open_, close in match.items()}
    out: list[Read] = []
    for i, tok in enumerate(tokens):
        if tok.kind != ID or not _KEY_NAME.match(tok.text) or not is_op(tokens, i + 1, ":"):
            continue
        if not is_op(tokens, i - 1, "{", ","):
            continue  # a key of an object literal, not a type annotation (`envVar: string`)
        names = _names(tokens, match, i + 2)
        if not names:
            continue
        default, required = _siblings(tokens, match, closing, i)
        for name, line in names:
            # `envVar: [A, B]`: synonyms of one setting, the setting's default theirs
            out.append(Read(name, file, line, not required, SOURCE, default=default))
    return out


def _names(tokens: list[Token], match: dict[int, int], k: int) -> list[tuple[str, int]]:
    """The name (or list of names) the value at k holds."""
    if k < len(tokens) and tokens[k].kind == STR and not tokens[k].interpolated:
        return [(tokens[k].text, tokens[k].line)] if _plain(tokens[k].text) else []
    if is_op(tokens, k, "[") and k in match:
        found = []
        for a, b in split_arguments(tokens, k, match[k]):
            if b == a + 1 and tokens[a].kind == STR and _plain(tokens[a].text):
                found.append((tokens[a].text, tokens[a].line))
            elif b > a:
                return []  # a list with something else in it: not a list of names
        return found
    return []


def _plain(text: str) -> bool:
    return bool(_NAME.match(text)) and is_env_name(text)


def _siblings(
    tokens: list[Token], match: dict[int, int], closing: dict[int, int], key: int
) -> tuple[str | None, bool]:
    """The literal default and whether `required: true`, from the object literal holding the key at `key`."""
    k = key - 1
    depth = 0
    while k >= 0:  # back to the `{` opening the object
        if is_op(tokens, k, "}", "]", ")") and k in closing:
            k = closing[k] - 1
            continue
        if is_op(tokens, k, "{"):
            break
        k -= 1
        depth += 1
        if depth > 400:
            return None, False
    if k < 0 or k not in match:
        return None, False
    default: str | None = None
    required = False
    for a, b in split_arguments(tokens, k, match[k]):
        if b >= a + 3 and is_id(tokens, a) and is_op(tokens, a + 1, ":"):
            if tokens[a].text in _DEFAULT_KEYS and b == a + 3:
                default = span_literal(tokens, a + 2, b)
            elif tokens[a].text == "required" and is_id(tokens, a + 2, "true"):
                required = True
    return default, required
