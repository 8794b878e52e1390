"""yargs options the environment sets: `.env("MYAPP")` makes yargs read every option from `MYAPP_<OPTION>`
(the option's name upper-cased, `-` as `_`; `.env()` without a prefix: the bare name).

    const argv = yargs(hideBin(process.argv))
      .env("MYAPP")
      .option("port", { type: "number", default: 3000 })        // MYAPP_PORT, default 3000
      .options({ "log-level": { default: "info" }, token: { demandOption: true } })
      .argv;

Options come from the file's `.option(name, {...})` calls and `.options({...})` objects; an option's
`default:` literal is its default, `demandOption: true` makes it required. Only a file that calls yargs'
`.env(` is read.
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
    literal,
    span_literal,
    split_arguments,
    tokenize,
)

SOURCE = "yargs"
_ENV_CALL = re.compile(r"""\.env\(\s*(?:(["'])(\w*)\1\s*)?\)""")


def yargs_reads(text: str, file: str) -> list[Read]:
    if "yargs" not in text or ".env(" not in text:
        return []
    prefixes = {m.group(2) or "" for m in _ENV_CALL.finditer(text)}
    if not prefixes:
        return []
    tokens = tokenize(text, JAVASCRIPT)
    match = bracket_pairs(tokens)
    out: list[Read] = []
    for name, line, optional, default in _options(tokens, match):
        for prefix in sorted(prefixes):
            var = (f"{prefix}_" if prefix else "") + re.sub(r"[^0-9A-Za-z]+", "_", name).upper()
            if is_env_name(var):
                out.append(Read(var, file, line, optional, SOURCE, default=default))
    return out


def _options(tokens: list[Token], match: dict[int, int]) -> list[tuple[str, int, bool, str | None]]:
    """(option, line, optional, default) of each `.option("x", {...})` and `.options({x: {...}})` entry."""
    out: list[tuple[str, int, bool, str | None]] = []
    for k, tok in enumerate(tokens):
        if not (
            is_op(tokens, k - 1, ".") and is_id(tokens, k, "option", "options") and is_op(tokens, k + 1, "(")
        ):
            continue
        close = match.get(k + 1)
        if close is None:
            continue
        args = split_arguments(tokens, k + 1, close)
        if tok.text == "option" and len(args) >= 1:
            name = literal(tokens, args[0][0]) if args[0][1] == args[0][0] + 1 else None
            spec = args[1] if len(args) > 1 else None
            if name is not None:
                out.append((name, tokens[args[0][0]].line, *_spec(tokens, match, spec)))
        elif tok.text == "options" and len(args) == 1 and is_op(tokens, args[0][0], "{"):
            opener = args[0][0]
            for start, end in split_arguments(tokens, opener, match.get(opener, opener)):
                key = tokens[start]
                if key.kind in (ID, STR) and is_op(tokens, start + 1, ":"):
                    name = key.text if key.kind == ID else literal(tokens, start)
                    if name is not None:
                        out.append((name, key.line, *_spec(tokens, match, (start + 2, end))))
    return out


def _spec(
    tokens: list[Token], match: dict[int, int], span: tuple[int, int] | None
) -> tuple[bool, str | None]:
    """(optional, default) from an option's object literal."""
    if span is None or not is_op(tokens, span[0], "{") or span[0] not in match:
        return True, None
    optional, default = True, None
    opener = span[0]
    for start, end in split_arguments(tokens, opener, match[opener]):
        if not (is_id(tokens, start) and is_op(tokens, start + 1, ":")):
            continue
        key = tokens[start].text
        if key == "default":
            default = span_literal(tokens, start + 2, end)
        elif key in ("demandOption", "demand", "required") and is_id(tokens, start + 2, "true"):
            optional = False
    return optional, default
