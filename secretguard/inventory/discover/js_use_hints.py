"""What the place a JavaScript read is given to says about its value: a TLS private key's text, or a file's
path. Used by javascript.py on each `process.env.X` read."""

from __future__ import annotations

import re

from secretguard.inventory.discover.lexer import ID, OP, STR, Token, is_id, is_op

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")

# Node's TLS options (`tls.connect`, ioredis' and pg's `tls:` / `ssl:`) take the private key's text in
# `key` and its password in `passphrase`; `cert` and `ca` are public.
_TLS_OBJECTS = frozenset({"tls", "ssl"})
_TLS_SECRET_OPTIONS = frozenset({"key", "passphrase"})
# A variable whose name ends so holds a path (`const keyFilename = process.env.GCS_CREDENTIAL`).
_PATH_NAME_ENDS = ("filename", "filepath", "file", "path", "dir")
_MAX_BACK = 400  # tokens walked back to the object's `{`


def tls_secret(tokens: list[Token], match: dict[int, int], i: int) -> bool:
    """The read starting at i is the value of `key:` / `passphrase:` in a `tls: {...}` or `ssl: {...}`
    object (`tls: { key: process.env.REDIS_KEY ? Buffer.from(...) : undefined }`)."""
    if not (is_op(tokens, i - 1, ":") and i >= 3 and tokens[i - 2].kind in (ID, STR)):
        return False
    if tokens[i - 2].text.strip("'\"") not in _TLS_SECRET_OPTIONS or not is_op(tokens, i - 3, "{", ","):
        return False
    opener = _back_to(tokens, match, i - 3, ("{",))  # the `{` opening this object
    if opener is None:
        return False
    # the property it is the value of, maybe through a condition (`tls: useTls ? { key: ... } : undefined`)
    start = _back_to(tokens, match, opener - 1, ("{", ",", "("))
    if start is None or not is_op(tokens, start, "{", ","):
        return False
    return (
        is_op(tokens, start + 2, ":")
        and tokens[start + 1].kind in (ID, STR)
        and tokens[start + 1].text.strip("'\"").lower() in _TLS_OBJECTS
    )


def _back_to(tokens: list[Token], match: dict[int, int], k: int, stops: tuple[str, ...]) -> int | None:
    """The nearest token before or at k, at k's bracket depth or an enclosing one, that is one of stops
    (brackets closed on the way are skipped whole); None past an opening bracket not in stops."""
    steps = 0
    while k >= 0 and steps < _MAX_BACK:
        steps += 1
        tok = tokens[k]
        if tok.kind == OP and tok.text in (")", "]", "}") and k in match and match[k] < k:
            k = match[k] - 1
            continue
        if tok.kind == OP and tok.text in stops:
            return k
        if tok.kind == OP and tok.text in ("(", "[", "{"):
            return None
        k -= 1
    return None


def path_target(tokens: list[Token], i: int) -> bool:
    """The read starting at i is assigned whole to a variable named as a path (`keyFilename`, `certPath`)."""
    return (
        is_op(tokens, i - 1, "=")
        and is_id(tokens, i - 2)
        and tokens[i - 2].text.lower().endswith(_PATH_NAME_ENDS)
    )


def assigned_name(tokens: list[Token], match: dict[int, int], i: int) -> str | None:
    """The name the read starting at i is assigned to, as a variable's would be spelled: `SECURITY_KEYS` for
    `config.securityKeys[k] = process.env[...]`, `API_KEY` for `const apiKey = ...`."""
    if not is_op(tokens, i - 1, "="):
        return None
    k = i - 2
    if is_op(tokens, k, "]") and k in match:
        k = match[k] - 1
    if not is_id(tokens, k):
        return None
    words = _CAMEL.sub("_", tokens[k].text).strip("_")
    return words.upper() if "_" in words else None  # `securityKeys`; a bare `key` or `value` says little
