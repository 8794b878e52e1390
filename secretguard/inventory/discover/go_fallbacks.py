"""Go defaults written as statements around a plain `os.Getenv` / `os.LookupEnv`:

    sslmode := os.Getenv("PG_SSLMODE")
    if sslmode == "" { sslmode = "disable" }            // "disable" is PG_SSLMODE's default
    if len(sslmode) == 0 { sslmode = "disable" }        // the same test written on the length

    port := "8080"
    if p := os.Getenv("PORT"); p != "" { port = p }     // the value the read overrides: "8080"

    apiport := "8081"
    if os.Getenv("API_PORT") != "" { apiport = os.Getenv("API_PORT") }  // "8081"; also `return`ed, else "x"

    if os.Getenv("OTEL_EXPORTER") == "" {               // set in the process's own environment when unset:
        os.Setenv("OTEL_EXPORTER", "none")               // "none"
    }

    cfg := &Config{Port: DefaultPort}                    // a field set before (a literal or a constant)
    if s, ok := os.LookupEnv("APP_PORT"); ok { cfg.Port = atoi(s) }

Only a literal (or a constant of the file holding one) counts; anything computed gives no default.
"""

from __future__ import annotations

from secretguard.inventory.discover.lexer import ID, NUM, OP, STR, Token, is_id, is_op, literal

_BACK = 400  # tokens searched before the `if` for the overridden value's first assignment


def literal_or_constant(tokens: list[Token], start: int, end: int, constants: dict[str, str]) -> str | None:
    """tokens[start:end] as one literal (a string, a number, true/false), or a constant of the file holding
    one."""
    if end - start != 1:
        return None
    tok = tokens[start]
    if tok.kind == STR and not tok.interpolated:
        return tok.text
    if tok.kind == NUM or (tok.kind == ID and tok.text in ("true", "false")):
        return tok.text
    if tok.kind == ID:
        return constants.get(tok.text)
    return None


def file_constants(tokens: list[Token]) -> dict[str, str]:
    """`Name = literal` anywhere in the file (const blocks, `const X = 3`): constants a default may name."""
    out: dict[str, str] = {}
    for i in range(1, len(tokens) - 2):
        if (
            tokens[i].kind == ID
            and is_op(tokens, i + 1, "=")
            and not is_op(tokens, i - 1, ".", ",")
            and tokens[i + 2].kind in (STR, NUM)
            and not tokens[i + 2].interpolated
            and (
                i + 3 >= len(tokens) or tokens[i + 3].line != tokens[i + 2].line or is_op(tokens, i + 3, ")")
            )
        ):
            out.setdefault(tokens[i].text, tokens[i + 2].text)
    return out


def read_fallback(
    tokens: list[Token], match: dict[int, int], i: int, constants: dict[str, str]
) -> str | None:
    """The default of the read whose `os` token is at i (`os.Getenv(` at i..i+3), when a statement next to
    it gives one; else None."""
    close = match.get(i + 3)
    if close is None:
        return None
    return (
        _empty_check(tokens, i, close, constants)
        or _set_if_empty(tokens, i, close, constants)
        or _override(tokens, match, i, close, constants)
        or _tested_override(tokens, match, i, close, constants)
    )


def _tested_override(
    tokens: list[Token], match: dict[int, int], i: int, close: int, constants: dict[str, str]
) -> str | None:
    """`if os.Getenv("X") != "" { port = os.Getenv("X") }` after `port := "8081"`: the value before the
    `if`; `if os.Getenv("X") != "" { return os.Getenv("X") } else { return "mosquitto" }` (or the `return`
    after the block): the literal returned when unset."""
    opener = close + 3
    if not (
        is_id(tokens, i - 1, "if")
        and is_op(tokens, close + 1, "!=")
        and close + 2 < len(tokens)
        and tokens[close + 2].kind == STR
        and tokens[close + 2].text == ""
        and is_op(tokens, opener, "{")
        and opener in match
    ):
        return None
    first = opener + 1
    if is_id(tokens, first, "return"):
        after = match[opener] + 1
        if is_id(tokens, after, "else") and is_op(tokens, after + 1, "{"):
            after += 2
        if is_id(tokens, after, "return") and _ends(tokens, after + 1):
            return literal_or_constant(tokens, after + 1, after + 2, constants)
        return None
    value = first + 2  # `port = os.Getenv("X")` itself: not a test of it (`on = os.Getenv("X") == "yes"`)
    if (
        is_id(tokens, first)
        and is_op(tokens, first + 1, "=")
        and is_id(tokens, value, "os")
        and is_op(tokens, value + 3, "(")
        and (call_end := match.get(value + 3)) is not None
        and _ends(tokens, call_end)
        and not _final_else(tokens, match, opener)
    ):
        return _before(tokens, match, i - 1, (tokens[first].text,), constants)
    return None


def _final_else(tokens: list[Token], match: dict[int, int], opener: int) -> bool:
    """Whether the `if` whose block opens at opener ends its chain in a bare `else { ... }`: the value set
    before is then not what an unset variable leaves (`else { host = publicIP }`)."""
    k = match[opener] + 1
    while is_id(tokens, k, "else"):
        if is_op(tokens, k + 1, "{"):
            return True
        block = next((j for j in range(k + 2, min(k + 60, len(tokens))) if is_op(tokens, j, "{")), None)
        if block is None or block not in match:
            return False
        k = match[block] + 1
    return False


def _set_if_empty(tokens: list[Token], i: int, close: int, constants: dict[str, str]) -> str | None:
    """`if os.Getenv("X") == "" { os.Setenv("X", "d") }` (or `if len(os.Getenv("X")) == 0 {`): the process's
    own environment gets X = "d"."""
    name = literal(tokens, i + 4)
    if is_id(tokens, i - 1, "if") and is_op(tokens, close + 1, "==") and literal(tokens, close + 2) == "":
        j = close + 1
    elif (
        is_id(tokens, i - 3, "if")
        and is_id(tokens, i - 2, "len")
        and is_op(tokens, i - 1, "(")
        and is_op(tokens, close + 1, ")")
        and _zero_length(tokens, close + 2)
    ):
        j = close + 2  # `if len(os.Getenv("X")) == 0 {`
    else:
        return None
    if (
        name is not None
        and is_op(tokens, j + 2, "{")
        and is_id(tokens, j + 3, "os")
        and is_op(tokens, j + 4, ".")
        and is_id(tokens, j + 5, "Setenv")
        and is_op(tokens, j + 6, "(")
        and literal(tokens, j + 7) == name
        and is_op(tokens, j + 8, ",")
        and is_op(tokens, j + 10, ")")
    ):
        return literal_or_constant(tokens, j + 9, j + 10, constants)
    return None


def _bound(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """(variable, index of its first token) of `v := os.Getenv(...)` / `v, ok := os.LookupEnv(...)`."""
    k = i - 1
    if not is_op(tokens, k, ":=", "="):
        return None
    if is_id(tokens, k - 1) and is_op(tokens, k - 2, ","):
        k -= 2  # `v, ok :=`
    if not is_id(tokens, k - 1) or is_op(tokens, k - 2, ".", ","):
        return None
    return tokens[k - 1].text, k - 1


def _empty_check(tokens: list[Token], i: int, close: int, constants: dict[str, str]) -> str | None:
    """`v := os.Getenv("X")` then `if v == "" { v = "d" }` (or `if len(v) == 0 {`)."""
    bound = _bound(tokens, i)
    if bound is None:
        return None
    var = bound[0]
    j = close + 1
    if not is_id(tokens, j, "if"):
        return None
    opener = _unset_test(tokens, j + 1, var)
    if (
        opener is not None
        and is_id(tokens, opener + 1, var)
        and is_op(tokens, opener + 2, "=")
        and is_op(tokens, opener + 4, "}")
    ):
        return literal_or_constant(tokens, opener + 3, opener + 4, constants)
    return None


def _unset_test(tokens: list[Token], j: int, var: str) -> int | None:
    """The `{` opening the body when the condition at j holds whenever var is empty: `var == ""`,
    `len(var) == 0` (or `< 1`, `<= 0`), either of them followed by `|| ...` (the body still runs when
    unset: `a || b && c` is `a || (b && c)`); else None. `var == "" && ...` needs more than emptiness: no
    default. Go allows no composite literal unparenthesized in a condition, so the first `{` outside brackets
    opens the body."""
    if is_id(tokens, j, var) and is_op(tokens, j + 1, "==") and literal(tokens, j + 2) == "":
        k = j + 3
    elif (
        is_id(tokens, j, "len")
        and is_op(tokens, j + 1, "(")
        and is_id(tokens, j + 2, var)
        and is_op(tokens, j + 3, ")")
        and _zero_length(tokens, j + 4)
    ):
        k = j + 6
    else:
        return None
    if is_op(tokens, k, "{"):
        return k
    if not is_op(tokens, k, "||"):
        return None
    depth = 0
    for m in range(k + 1, min(k + 60, len(tokens))):
        tok = tokens[m]
        if tok.kind == OP and tok.text in ("(", "["):
            depth += 1
        elif tok.kind == OP and tok.text in (")", "]"):
            depth -= 1
        elif tok.kind == OP and tok.text in ("{", "}", ";") and depth == 0:
            return m if tok.text == "{" else None
    return None


def _zero_length(tokens: list[Token], k: int) -> bool:
    """`== 0`, `< 1` or `<= 0` at k."""
    if not (k + 1 < len(tokens) and tokens[k + 1].kind == NUM):
        return False
    number = tokens[k + 1].text
    return (is_op(tokens, k, "==", "<=") and number == "0") or (is_op(tokens, k, "<") and number == "1")


def _override(
    tokens: list[Token], match: dict[int, int], i: int, close: int, constants: dict[str, str]
) -> str | None:
    """`if p := os.Getenv("X"); p != "" { target = ... }` (or `; ok {`): target's value before the `if`."""
    bound = _bound(tokens, i)
    if bound is None or not is_id(tokens, bound[1] - 1, "if") or not is_op(tokens, close + 1, ";"):
        return None
    var, first = bound
    opener = next((k for k in range(close + 2, min(close + 12, len(tokens))) if is_op(tokens, k, "{")), None)
    if opener is None or opener not in match:
        return None
    condition = {t.text for t in tokens[close + 2 : opener] if t.kind == ID}
    if not condition & {var, "ok"} or is_op(tokens, close + 3, "=="):
        return None  # `p == ""` runs the body when unset: not an override
    target = _assigned(tokens, opener, match[opener], var)
    if target is None:
        return None
    return _before(tokens, match, first - 1, target, constants)


def _assigned(tokens: list[Token], opener: int, end: int, var: str) -> tuple[str, ...] | None:
    """The first `name = ...` or `obj.field = ...` in the body (not the read's own variable)."""
    for k in range(opener + 1, end):
        if not is_op(tokens, k, "="):
            continue
        if is_id(tokens, k - 1) and is_op(tokens, k - 2, ".") and is_id(tokens, k - 3):
            if not is_op(tokens, k - 4, "."):
                return (tokens[k - 3].text, tokens[k - 1].text)
        elif is_id(tokens, k - 1) and tokens[k - 1].text != var and not is_op(tokens, k - 2, ".", ","):
            return (tokens[k - 1].text,)
    return None


def _before(
    tokens: list[Token], match: dict[int, int], start: int, target: tuple[str, ...], constants: dict[str, str]
) -> str | None:
    """The literal the target gets last before start, in the same function."""
    for k in range(start - 1, max(start - _BACK, 0), -1):
        tok = tokens[k]
        if tok.kind == ID and tok.text == "func":
            return None
        if tok.kind != OP or tok.text not in ("=", ":="):
            continue
        end = k + 2
        if len(target) == 1 and is_id(tokens, k - 1, target[0]) and not is_op(tokens, k - 2, ".", ","):
            return literal_or_constant(tokens, k + 1, end, constants) if _ends(tokens, k + 1) else None
        if (
            len(target) == 2
            and is_id(tokens, k - 1, target[1])
            and is_op(tokens, k - 2, ".")
            and is_id(tokens, k - 3, target[0])
            and _ends(tokens, k + 1)
        ):
            return literal_or_constant(tokens, k + 1, end, constants)
        if len(target) == 2 and is_id(tokens, k - 1, target[0]) and not is_op(tokens, k - 2, ".", ","):
            return _field(tokens, match, k + 1, target[1], constants)
    return None


def _ends(tokens: list[Token], k: int) -> bool:
    """The expression at k is one token: the next starts another line or closes something."""
    return k + 1 >= len(tokens) or tokens[k + 1].line != tokens[k].line or is_op(tokens, k + 1, ";", ")", "}")


def _field(
    tokens: list[Token], match: dict[int, int], k: int, name: str, constants: dict[str, str]
) -> str | None:
    """`&Config{Port: DefaultPort, ...}` at k: the field's value."""
    j = k + 1 if is_op(tokens, k, "&") else k
    while is_id(tokens, j) or is_op(tokens, j, "."):
        j += 1
    if not is_op(tokens, j, "{") or j not in match:
        return None
    depth = 0
    for m in range(j + 1, match[j]):
        if tokens[m].kind == OP and tokens[m].text in ("{", "(", "["):
            depth += 1
        elif tokens[m].kind == OP and tokens[m].text in ("}", ")", "]"):
            depth -= 1
        elif depth == 0 and is_id(tokens, m, name) and is_op(tokens, m + 1, ":"):
            end = m + 3
            if is_op(tokens, end, ",", "}") or end == match[j]:
                return literal_or_constant(tokens, m + 2, end, constants)
            return None
    return None


def constant_ref(tokens: list[Token], start: int, end: int) -> tuple[str | None, str] | None:
    """`consts.Name` (a constant of another package) or `Name` (of this one) given as a value."""
    if end - start == 1 and is_id(tokens, start) and tokens[start].text not in ("true", "false", "nil"):
        return None, tokens[start].text
    if (
        end - start == 3
        and is_id(tokens, start)
        and is_op(tokens, start + 1, ".")
        and is_id(tokens, start + 2)
    ):
        return tokens[start].text, tokens[start + 2].text
    return None


def call_fallback(
    tokens: list[Token], match: dict[int, int], start: int, close: int, constants: dict[str, str]
) -> str | None:
    """The default the statement after a helper's call gives its result: `cfg.App = GetString("app")` then
    `if cfg.App == "" { cfg.App = "built-in" }`; `n, err := GetInt64("port")` (or `strconv.Atoi(Get("x"))`)
    then `if err != nil { n = 80 }`. start..close: the call, from its first token to its `)`."""
    end = close
    first = start
    if (  # `strconv.Atoi(GetString("batchSize"))`: the conversion's result and error
        is_op(tokens, first - 1, "(")
        and is_id(tokens, first - 2)
        and is_op(tokens, first - 3, ".")
        and is_id(tokens, first - 4, "strconv")
        and match.get(first - 1) == close + 1
    ):
        first, end = first - 4, close + 1
    if not is_op(tokens, first - 1, ":=", "="):
        return None
    names: list[list[str]] = [[]]
    k = first - 2
    while k >= 0 and tokens[k].line == tokens[first].line:
        if is_id(tokens, k) or is_op(tokens, k, "."):
            names[-1].insert(0, tokens[k].text)
        elif is_op(tokens, k, ","):
            names.append([])
        else:
            break
        k -= 1
    targets = [n for n in reversed(names) if n]
    if not targets or not is_id(tokens, end + 1, "if") or tokens[end + 1].line == tokens[end].line:
        return None
    value = targets[0]
    j = end + 2
    if len(targets) == 2 and targets[1] == ["err"]:
        test = ["err", "!=", "nil"]
    elif len(targets) == 1:
        test = [*value, "==", ""]
    else:
        return None
    if [t.text for t in tokens[j : j + len(test)]] != test or (
        len(targets) == 1 and literal(tokens, j + len(value) + 1) != ""
    ):
        return None
    opener = j + len(test)
    body = opener + 1
    if not (is_op(tokens, opener, "{") and [t.text for t in tokens[body : body + len(value)]] == value):
        return None
    at = body + len(value)
    if not (is_op(tokens, at, "=") and is_op(tokens, at + 2, "}")):
        return None
    return literal_or_constant(tokens, at + 1, at + 2, constants)
