"""kingpin applications whose every flag is also an environment variable: `app.DefaultEnvars()`.

    app := kingpin.New("external-dns", "...")
    app.DefaultEnvars()
    app.Flag("provider", "...").Required().EnumVar(&cfg.Provider, names...)   // EXTERNAL_DNS_PROVIDER
    bindFlags(flags.NewKingpinBinder(app), cfg)

    func bindFlags(b flags.FlagBinder, cfg *Config) {
        b.StringVar("aws-zone-type", "...", "", &cfg.AWSZoneType)              // EXTERNAL_DNS_AWS_ZONE_TYPE
    }

    func (b *KingpinBinder) StringVar(name, help, def string, target *string) {
        b.App.Flag(name, help).Default(def).StringVar(target)
    }

`DefaultEnvars()` names each flag's variable after the application and the flag: `<APP>_<FLAG>` upper-cased,
with `-` and `.` as `_`. The flags counted are those the file calling it declares: `.Flag("name", ...)`
directly, or through one of the project's methods handing its first parameter to `.Flag(` (a binder); such a
method's parameter given to `.Default(...)` (maybe converted: `strconv.Itoa(def)`) makes the call's literal at
that place the flag's default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    GO,
    ID,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal,
    span_literal,
    split_arguments,
    tokenize,
)

SOURCE = "go-kingpin"
TRIGGER = ".DefaultEnvars()"
_METHOD = re.compile(r"(?m)^func\s*\(\s*\w+\s+\*?\w+\s*\)\s*(\w+)\s*\(")
_FORWARD = ".Flag("
_MAX_METHOD_TOKENS = 400


@dataclass(frozen=True, slots=True)
class _Binder:
    default_param: int | None  # the parameter the method gives `.Default(...)`


@dataclass
class KingpinEnvars:
    binders: dict[str, _Binder] = field(default_factory=dict)  # method name -> what it forwards
    apps: list[tuple[str, str]] = field(default_factory=list)  # (file, text) of files calling DefaultEnvars

    def add(self, text: str, file: str) -> None:
        if _FORWARD in text and _METHOD.search(text):
            self.binders.update(_binders(text))
        if TRIGGER in text and "kingpin.New(" in text:
            self.apps.append((file, text))

    def finish(self) -> list[Read]:
        out: list[Read] = []
        for file, text in self.apps:
            out.extend(_app_reads(text, file, self.binders))
        return out


def _binders(text: str) -> dict[str, _Binder]:
    tokens = tokenize(text, GO)
    match = bracket_pairs(tokens)
    found: dict[str, _Binder] = {}
    for i, tok in enumerate(tokens):
        # func (b *T) Name(params) { body }
        if not (tok.kind == ID and tok.text == "func" and is_op(tokens, i + 1, "(")):
            continue
        receiver_close = match.get(i + 1)
        if receiver_close is None or not is_id(tokens, receiver_close + 1):
            continue
        name_at = receiver_close + 1
        if not is_op(tokens, name_at + 1, "("):
            continue
        params_close = match.get(name_at + 1)
        if params_close is None:
            continue
        params = _param_names(tokens, name_at + 1, params_close)
        body = next((k for k in range(params_close + 1, params_close + 12) if is_op(tokens, k, "{")), None)
        if not params or body is None or body not in match or match[body] - body > _MAX_METHOD_TOKENS:
            continue
        forwards = False
        default_param: int | None = None
        for k in range(body + 1, match[body]):
            if is_id(tokens, k, "Flag") and is_op(tokens, k - 1, ".") and is_op(tokens, k + 1, "("):
                forwards = forwards or is_id(tokens, k + 2, params[0])
            if is_id(tokens, k, "Default") and is_op(tokens, k - 1, ".") and k + 1 in match:
                inside = {t.text for t in tokens[k + 2 : match[k + 1]] if t.kind == ID}
                default_param = next((n for n, p in enumerate(params) if p in inside), default_param)
            # `if def { ...Default("true") } else { ...Default("false") }`: a switch's default chosen by it
            if is_id(tokens, k, "if") and is_id(tokens, k + 1) and is_op(tokens, k + 2, "{"):
                tested = tokens[k + 1].text
                if tested in params[1:] and default_param is None:
                    default_param = params.index(tested)
        if forwards:
            found[tokens[name_at].text] = _Binder(default_param)
    return found


def _param_names(tokens: list[Token], open_: int, close: int) -> list[str]:
    """`(name, help, def string, target *string)` -> ["name", "help", "def", "target"]."""
    out: list[str] = []
    for a, b in split_arguments(tokens, open_, close):
        if a < b and is_id(tokens, a):
            out.append(tokens[a].text)
    return out


def _app_reads(text: str, file: str, binders: dict[str, _Binder]) -> list[Read]:
    tokens = tokenize(text, GO)
    match = bracket_pairs(tokens)
    prefix: str | None = None
    for i, tok in enumerate(tokens):
        if tok.text == "New" and is_id(tokens, i - 2, "kingpin") and is_op(tokens, i + 1, "("):
            name = literal(tokens, i + 2)
            if name:
                prefix = re.sub(r"[-.]", "_", name).upper()
                break
    if prefix is None:
        return []
    fields = _literal_fields(tokens, match)
    out: list[Read] = []
    for i, tok in enumerate(tokens):
        if tok.kind != ID or not is_op(tokens, i - 1, ".") or not is_op(tokens, i + 1, "("):
            continue
        flag = literal(tokens, i + 2)
        if not flag or not is_op(tokens, i + 3, ",", ")"):
            continue
        default: str | None = None
        if tok.text == "Flag":
            default = _chain_default(tokens, match, i + 1)
        elif tok.text in binders:
            close = match.get(i + 1)
            place = binders[tok.text].default_param
            if close is not None and place is not None:
                args = split_arguments(tokens, i + 1, close)
                if place < len(args):
                    default = _argument(tokens, *args[place], fields)
        else:
            continue
        name = f"{prefix}_{re.sub(r'[-.]', '_', flag).upper()}"
        if is_env_name(name):
            out.append(Read(name, file, tok.line, True, SOURCE, default=default))
    return out


def _argument(tokens: list[Token], a: int, b: int, fields: dict[str, str]) -> str | None:
    """A call's argument as a literal: written as one, or a field of the file's composite literal
    (`defaultConfig.AWSAPIRetries` with `var defaultConfig = &Config{AWSAPIRetries: 3}`)."""
    if b == a + 1:
        return span_literal(tokens, a, b) or None
    if b == a + 3 and is_id(tokens, a) and is_op(tokens, a + 1, ".") and is_id(tokens, a + 2):
        return fields.get(f"{tokens[a].text}.{tokens[a + 2].text}")
    return None


def _literal_fields(tokens: list[Token], match: dict[int, int]) -> dict[str, str]:
    """`var defaults = &Config{Port: 8080, Host: "x"}` in the file: `defaults.Port` -> "8080"."""
    out: dict[str, str] = {}
    for i, tok in enumerate(tokens):
        if not (tok.kind == ID and tok.text == "var" and is_id(tokens, i + 1) and is_op(tokens, i + 2, "=")):
            continue
        k = i + 3 + is_op(tokens, i + 3, "&")
        if not (is_id(tokens, k) and is_op(tokens, k + 1, "{") and k + 1 in match):
            continue
        for a, b in split_arguments(tokens, k + 1, match[k + 1]):
            if b == a + 3 and is_id(tokens, a) and is_op(tokens, a + 1, ":"):
                value = span_literal(tokens, a + 2, b) or None
                if value is not None:
                    out[f"{tokens[i + 1].text}.{tokens[a].text}"] = value
    return out


def _chain_default(tokens: list[Token], match: dict[int, int], open_: int) -> str | None:
    """The literal of `.Default("v")` in the method chain after `Flag(...)`."""
    k = match.get(open_)
    while k is not None and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2) and is_op(tokens, k + 3, "("):
        if tokens[k + 2].text == "Default" and match.get(k + 3) == k + 5:
            return span_literal(tokens, k + 4, k + 5) or None
        k = match.get(k + 3)
    return None
