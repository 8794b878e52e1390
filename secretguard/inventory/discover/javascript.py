"""JavaScript and TypeScript: `process.env.X`, `process.env["X"]`, destructuring from `process.env`, and
Vite's `import.meta.env.X`. A `||` or `??` after the read is a default."""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    ID,
    JAVASCRIPT,
    OP,
    Token,
    is_id,
    is_op,
    literal,
    literal_default,
    tokenize,
)

# Values Vite puts on import.meta.env itself: not variables anyone sets.
_VITE_BUILTINS = frozenset({"MODE", "DEV", "PROD", "SSR", "BASE_URL"})
TRIGGERS = ("process", "import.meta")


def _env_object_end(tokens: list[Token], i: int) -> tuple[int, str] | None:
    """If tokens[i:] start `process.env` or `import.meta.env`, (index after it, source); else None."""
    if is_id(tokens, i, "process") and is_op(tokens, i + 1, ".", "?.") and is_id(tokens, i + 2, "env"):
        return i + 3, "javascript"
    if (
        is_id(tokens, i, "import")
        and is_op(tokens, i + 1, ".")
        and is_id(tokens, i + 2, "meta")
        and is_op(tokens, i + 3, ".", "?.")
        and is_id(tokens, i + 4, "env")
    ):
        return i + 5, "import.meta.env"
    return None


def _defaulted(tokens: list[Token], i: int) -> tuple[bool, str | None]:
    """(a default follows, its literal value when it is one)."""
    j = i
    while is_op(tokens, j, "!"):  # TypeScript non-null assertion
        j += 1
    if not is_op(tokens, j, "||", "??"):
        return False, None
    return True, literal_default(tokens, j + 1)


def _destructured(tokens: list[Token], obj: int, file: str, source: str) -> list[Read]:
    """`const { A, B = 'x', C: c, ...rest } = process.env` with obj the index of `process`/`import`."""
    if not (is_op(tokens, obj - 1, "=") and is_op(tokens, obj - 2, "}")):
        return []
    depth = 0
    j = obj - 2
    while j >= 0:
        if is_op(tokens, j, "}", ")", "]"):
            depth += 1
        elif is_op(tokens, j, "{", "(", "["):
            depth -= 1
            if depth == 0:
                break
        j -= 1
    if j < 0 or not is_op(tokens, j, "{"):
        return []
    reads: list[Read] = []
    k = j + 1
    end = obj - 2
    expect_key = True
    nesting = 0
    while k < end:
        tok = tokens[k]
        if tok.kind == OP and tok.text in ("{", "(", "["):
            nesting += 1
        elif tok.kind == OP and tok.text in ("}", ")", "]"):
            nesting -= 1
        elif nesting == 0 and tok.kind == OP and tok.text == ",":
            expect_key = True
        elif nesting == 0 and expect_key and is_op(tokens, k, "..."):
            expect_key = False
            k += 1  # the rest element is not a variable
        elif nesting == 0 and expect_key and (tok.kind == ID or literal(tokens, k) is not None):
            expect_key = False
            name = tok.text
            # find a default: `NAME = x` or `NAME: alias = x` before the next top-level comma
            m = k + 1
            inner = 0
            has_default = False
            default: str | None = None
            while m < end:
                if is_op(tokens, m, "{", "(", "["):
                    inner += 1
                elif is_op(tokens, m, "}", ")", "]"):
                    inner -= 1
                elif inner == 0 and is_op(tokens, m, ","):
                    break
                elif inner == 0 and is_op(tokens, m, "="):
                    has_default = True
                    default = literal_default(tokens, m + 1)
                m += 1
            if is_env_name(name) and not (source == "import.meta.env" and name in _VITE_BUILTINS):
                reads.append(Read(name, file, tok.line, has_default, source, default=default))
        k += 1
    return reads


def discover_javascript(text: str, file: str) -> list[Read]:
    if not any(t in text for t in TRIGGERS):
        return []
    tokens = tokenize(text, JAVASCRIPT)
    reads: list[Read] = []
    for i, tok in enumerate(tokens):
        if tok.kind != ID or tok.text not in ("process", "import"):
            continue
        found = _env_object_end(tokens, i)
        if found is None:
            continue
        j, source = found
        if is_id(tokens, i - 1, "delete") or is_op(tokens, i - 1, "."):
            continue
        name: str | None = None
        after = j
        if is_op(tokens, j, ".", "?.") and is_id(tokens, j + 1):
            name, after = tokens[j + 1].text, j + 2
        elif is_op(tokens, j, "[") or (is_op(tokens, j, "?.") and is_op(tokens, j + 1, "[")):
            k = j + 1 if is_op(tokens, j, "[") else j + 2
            name = literal(tokens, k)
            if name is None or not is_op(tokens, k + 1, "]"):
                continue
            after = k + 2
        else:
            reads.extend(_destructured(tokens, i, file, source))
            continue
        if name is None or not is_env_name(name):
            continue
        if source == "import.meta.env" and name in _VITE_BUILTINS:
            continue
        if is_op(tokens, after, "=", "??=", "||="):  # an assignment, not a read
            continue
        has_default, default = _defaulted(tokens, after)
        reads.append(Read(name, file, tok.line, has_default, source, default=default))
    return reads
