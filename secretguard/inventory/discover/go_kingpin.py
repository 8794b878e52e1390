"""kingpin flags (alecthomas/kingpin, v2 and its forks) read from the environment.

    listen = kingpin.Flag("web.listen-address", "...").Default(":9100").Envar("EXPORTER_LISTEN").String()
    token  = app.Flag("token", "...").Envar("APP_TOKEN").Required().String()

`.Envar("X")` in a flag's method chain names the variable that sets the flag (also through the app's
helper around the literal: `.Envar(svc.EnvName("X"))`); the chain's `.Default("v")` (one literal or a
constant of the file; several values are a list, joined with commas) is its default, `.Required()` makes
it required. The chain is the flag's expression: from `Flag(` to the end of its statement.
"""

from __future__ import annotations

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.go_fallbacks import file_constants, literal_or_constant
from secretguard.inventory.discover.lexer import Token, is_id, is_op, literal, split_arguments

SOURCE = "go-kingpin"
TRIGGER = ".Envar("


def kingpin_reads(tokens: list[Token], match: dict[int, int], file: str) -> list[Read]:
    out: list[Read] = []
    closing = {close: opened for opened, close in match.items()}
    constants: dict[str, str] | None = None  # the file's, read once a `.Default(NAME)` asks
    for i, tok in enumerate(tokens):
        if not (tok.text == "Envar" and is_op(tokens, i - 1, ".") and is_op(tokens, i + 1, "(")):
            continue
        name = literal(tokens, i + 2)
        close = i + 3
        if name is None:
            # `.Envar(svc.EnvName("KOPIA_PASSWORD"))`: the app's helper around the name (a test's prefix)
            k = i + 2
            while is_id(tokens, k) and is_op(tokens, k + 1, "."):
                k += 2
            if is_id(tokens, k) and is_op(tokens, k + 1, "(") and is_op(tokens, k + 3, ")"):
                name, close = literal(tokens, k + 2), k + 4
        if name is None or not is_env_name(name) or not is_op(tokens, close, ")"):
            continue
        start, end = _chain(tokens, match, closing, i)
        default: str | None = None
        required = False
        for k in range(start, end):
            if is_op(tokens, k - 1, ".") and is_id(tokens, k, "Default") and is_op(tokens, k + 1, "("):
                shut = match.get(k + 1)
                if shut is None:
                    continue
                args = split_arguments(tokens, k + 1, shut)
                if constants is None:
                    constants = file_constants(tokens)
                values = [literal_or_constant(tokens, a, b, constants) for a, b in args]
                if values and all(v is not None for v in values):
                    default = ",".join(v for v in values if v is not None)
            elif is_op(tokens, k - 1, ".") and is_id(tokens, k, "Required") and is_op(tokens, k + 1, "("):
                required = True
        out.append(Read(name, file, tok.line, not required, SOURCE, default=default or None))
    return out


def _chain(tokens: list[Token], match: dict[int, int], closing: dict[int, int], at: int) -> tuple[int, int]:
    """The token span of the method chain around `at`: back to the `Flag(`/`Arg(` call that starts it,
    forward to the end of its last call."""
    start = at
    k = at - 1  # the `.` before the method at `at`
    while is_op(tokens, k, ".") and is_op(tokens, k - 1, ")") and (opened := closing.get(k - 1)) is not None:
        callee = opened - 1
        if not is_id(tokens, callee):
            break
        start = callee
        if tokens[callee].text in ("Flag", "Arg"):
            break
        k = callee - 1
    end = at + 1
    while end in match:
        close = match[end]
        if not (is_op(tokens, close + 1, ".") and is_id(tokens, close + 2) and is_op(tokens, close + 3, "(")):
            return start, close + 1
        end = close + 3
    return start, end
