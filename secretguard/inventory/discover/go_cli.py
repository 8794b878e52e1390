"""urfave/cli flags (v1, v2, v3 and their altsrc wrappers): the variables a flag is read from, its default.

    &cli.StringFlag{Name: "addr", EnvVar: "APP_ADDR,ADDR", Value: ":8000"}           // v1: comma-separated
    cli.StringFlag{Name: "mode", EnvVar: EnvVar("MODE") + "," + EnvVar("OLD_MODE")}  // v1, built names
    &cli.IntFlag{Name: "workers", EnvVars: []string{"APP_WORKERS"}, Value: 4}         // v2
    &cli.StringFlag{Name: "db", Sources: cli.EnvVars("APP_DB", "DATABASE_URL")}      // v3
    &cli.StringFlag{Name: "token", Required: true, Sources: cli.NewValueSourceChain(
        cli.File(path), cli.EnvVar("APP_TOKEN"))}                                    // v3, one name
    altsrc.NewStringFlag(&cli.StringFlag{...})                                       // the same literal

A v1 `EnvVar:` may join literals and calls of a project function that builds a name from its one literal
argument (`func EnvVar(f string) string { return "APP_" + strings.ToUpper(f) }`, see go_names): the
joined text is the list. Every name of the list is read (the first one set wins), aliases included.
The flag's `Value:` is the default when it is one literal, a literal-valued constant of the project
(`consts.DefaultPort`, `var Threshold = 9.0`) or a list of those (`[]string{"a", "b"}`, v1's
`&cli.StringSlice{"a"}`, `cli.NewStringSlice("a", "b")`, a package-level `var X = []string{...}`):
lists are joined with commas, as urfave/cli reads a list variable. A `Value:` that is an expression
(`5 * time.Second`, a call) gives no single default; a flag without one (its type's zero value) gives none,
like `os.Getenv("X")` without a fallback.
`Required: true` makes the variables required. A flag is found wherever it is written in the module's code
(a package-level `var flags = []cli.Flag{...}` combined later with `append`): its definition is enough.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from secretguard.inventory.discover.base import Read, boolean_default, is_env_name
from secretguard.inventory.discover.go_fallbacks import constant_ref
from secretguard.inventory.discover.go_names import plus_parts
from secretguard.inventory.discover.lexer import (
    STR,
    Token,
    is_id,
    is_op,
    span_literal,
    split_arguments,
)

SOURCE = "go-cli"
# Import paths of urfave/cli (its former name, minio's fork of v1): a file naming none defines no such flags.
IMPORTS = ("urfave/cli", "codegangsta/cli", "minio/cli")
_SOURCE_CALLS = ("EnvVars", "EnvVar")  # v3 value sources naming variables
# (folder of the file, package qualifier or None for the file's own package, name) -> the constant's value
# as text (a list's entries comma-joined), None when it is not literals.
ConstantLookup = Callable[[str, str | None, str], str | None]
_Part = str | tuple[str | None, str]  # a literal's text, or a constant to look up: (qualifier, name)
# (folder of the file, package qualifier or None, function, its literal argument) -> the name the project's
# builder function makes of it, None when the function is no builder.
BuilderLookup = Callable[[str, str | None, str, str], str | None]
# a literal, a builder's call (qualifier, name, arg), or a constant (qualifier, name): `envPrefix + "QUIET"`
_NamePart = str | tuple[str | None, str, str] | tuple[str | None, str]


@dataclass(frozen=True)
class CliFlag:
    """One flag's variables, waiting for the project's constants to settle its default."""

    names: tuple[str, ...]
    file: str
    line: int
    required: bool
    parts: tuple[_Part, ...] | None  # the default's pieces (joined with ","), None: no literal default
    expression: bool  # `Value:` is an expression (`3 * time.Second`, a call): no single default
    boolean: bool  # a BoolFlag: `Value: false` may stand for "not set"
    built: tuple[_NamePart, ...] = ()  # v1 `EnvVar:` joining builder calls, resolved once builders are known
    usage: str = ""  # the flag's help text: "htpasswd file ...", "key for google analytics (front end)"


def cli_flags(tokens: list[Token], match: dict[int, int], file: str) -> list[CliFlag]:
    """The urfave/cli flags a Go file defines, and v3 value sources written outside any flag literal."""
    out: list[CliFlag] = []
    inside: list[tuple[int, int]] = []
    for i in range(len(tokens) - 3):
        if not (
            is_id(tokens, i)
            and is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2)
            and tokens[i + 2].text.endswith("Flag")
            and is_op(tokens, i + 3, "{")
            and i + 3 in match
        ):
            continue
        found = _flag(tokens, match, i + 2, file)
        if found is not None:
            out.append(found)
            inside.append((i + 3, match[i + 3]))
    for i in range(len(tokens) - 3):
        if (
            is_op(tokens, i, ".")
            and is_id(tokens, i + 1, *_SOURCE_CALLS)
            and is_op(tokens, i + 2, "(")
            and i + 2 in match
            and not any(a < i < b for a, b in inside)
        ):
            names = _strings(tokens, split_arguments(tokens, i + 2, match[i + 2]))
            if names:
                line = tokens[i + 1].line
                out.append(CliFlag(tuple(names), file, line, False, None, False, False))
    return out


def cli_reads(flags: list[CliFlag], constant: ConstantLookup, build: BuilderLookup) -> list[Read]:
    """Each flag's variables, with the default its `Value:` gives once constants are looked up."""
    out: list[Read] = []
    for flag in flags:
        folder = posixpath.dirname(flag.file)
        names = list(flag.names)
        if flag.built:
            texts = [_part_text(p, folder, constant, build) for p in flag.built]
            if all(t is not None for t in texts):  # a call of no builder: the names are unknown
                joined = "".join(t for t in texts if t is not None)
                names.extend(n.strip() for n in joined.split(",") if n.strip())
        default: str | None = None
        computed = flag.expression
        if flag.parts is not None:
            texts = [p if isinstance(p, str) else constant(folder, *p) for p in flag.parts]
            if all(t is not None for t in texts):
                default = ",".join(t for t in texts if t is not None)
            else:
                computed = True  # a name that is no literal constant: `tmpl`, `time.Hour`
        for name in dict.fromkeys(names):
            if not is_env_name(name):
                continue
            value = default
            if flag.boolean and value in ("true", "false"):
                value = boolean_default(name, value == "true")
            out.append(
                Read(
                    name,
                    flag.file,
                    flag.line,
                    not flag.required,
                    SOURCE,
                    default=value or None,  # `Value: ""` is no default
                    computed_default=computed,
                    # what the help text says the value is: a file's path, or sent to every browser
                    holds_path=path_usage(flag.usage),
                    public_hint=_PUBLIC_USAGE.search(flag.usage) is not None,
                )
            )
    return out


# `-` before it: another flag's name (`takes precedence over token-file`), not this value's kind.
_PATH_USAGE = re.compile(r"(?<![-\w])(?:file|path|filename|filepath|directory)\b", re.IGNORECASE)
_CONTENTS_USAGE = re.compile(r"\bcontents?\b", re.IGNORECASE)  # "Contents of the credentials JSON file"


def path_usage(usage: str) -> bool:
    """The help text says the value is a file's path (not the file's contents)."""
    return _PATH_USAGE.search(usage) is not None and _CONTENTS_USAGE.search(usage) is None


_PUBLIC_USAGE = re.compile(r"\b(?:front[- ]?end|public|client[- ]side)\b", re.IGNORECASE)


def _flag(tokens: list[Token], match: dict[int, int], type_at: int, file: str) -> CliFlag | None:
    """The flag literal whose type name is at type_at (`StringFlag` of `&cli.StringFlag{...}`)."""
    brace = type_at + 1
    fields: dict[str, tuple[int, int]] = {}
    for start, end in split_arguments(tokens, brace, match[brace]):
        if is_id(tokens, start) and is_op(tokens, start + 1, ":") and end > start + 2:
            fields[tokens[start].text] = (start + 2, end)
    names: list[str] = []
    built: tuple[_NamePart, ...] = ()
    if "EnvVar" in fields:  # v1: "A,B"
        text = span_literal(tokens, *fields["EnvVar"])
        if text is None:  # EnvVar("A") + "," + EnvVar("B")
            built = _built(tokens, match, *fields["EnvVar"]) or ()
        names.extend(n.strip() for n in (text or "").split(",") if n.strip())
    if "EnvVars" in fields:  # v2: []string{"A", "B"}
        names.extend(_list(tokens, match, *fields["EnvVars"]) or [])
    if "Sources" in fields:  # v3: cli.EnvVars("A", "B"), cli.EnvVar("A") inside a chain
        start, end = fields["Sources"]
        for k in range(start, end - 2):
            if is_op(tokens, k, ".") and is_id(tokens, k + 1, *_SOURCE_CALLS) and is_op(tokens, k + 2, "("):
                names.extend(_strings(tokens, split_arguments(tokens, k + 2, match.get(k + 2, end))))
    if not names and not built:
        return None
    required = "Required" in fields and span_literal(tokens, *fields["Required"]) == "true"
    parts = _value(tokens, match, *fields["Value"]) if "Value" in fields else None
    boolean = tokens[type_at].text == "BoolFlag"
    expression = "Value" in fields and parts is None
    line = tokens[type_at].line
    usage = span_literal(tokens, *fields["Usage"]) if "Usage" in fields else None
    return CliFlag(
        tuple(dict.fromkeys(names)), file, line, required, parts, expression, boolean, built, usage or ""
    )


def _built(tokens: list[Token], match: dict[int, int], start: int, end: int) -> tuple[_NamePart, ...] | None:
    """`EnvVar("A") + "," + pkg.EnvVar("B")` over tokens[start:end]: its literals and one-literal calls."""
    spans = plus_parts(tokens, match, start, end)
    if spans is None:
        return None
    out: list[_NamePart] = []
    for first, e in spans:
        text = span_literal(tokens, first, e)
        if text is not None:
            out.append(text)
            continue
        qualifier: str | None = None
        s = first
        if is_id(tokens, s) and is_op(tokens, s + 1, "."):
            qualifier, s = tokens[s].text, s + 2
        if e - s == 1 and is_id(tokens, s):
            out.append((qualifier, tokens[s].text))  # a constant, looked up once every package is read
            continue
        if not (is_id(tokens, s) and is_op(tokens, s + 1, "(") and match.get(s + 1) == e - 1):
            return None
        args = _strings(tokens, split_arguments(tokens, s + 1, e - 1))
        if len(args) != 1 or e - s != 4:
            return None
        out.append((qualifier, tokens[s].text, args[0]))
    return tuple(out) if any(not isinstance(p, str) for p in out) else None


def _part_text(part: _NamePart, folder: str, constant: ConstantLookup, build: BuilderLookup) -> str | None:
    if isinstance(part, str):
        return part
    if len(part) == 2:
        return constant(folder, part[0], part[1])
    return build(folder, part[0], part[1], part[2])


def _strings(tokens: list[Token], args: list[tuple[int, int]]) -> list[str]:
    out: list[str] = []
    for start, end in args:
        if end - start == 1 and tokens[start].kind == STR and not tokens[start].interpolated:
            out.append(tokens[start].text)
    return out


def _list(tokens: list[Token], match: dict[int, int], start: int, end: int) -> list[str] | None:
    """The strings of `[]string{"A", "B"}` spanning tokens[start:end]."""
    if not (is_op(tokens, start, "[") and is_op(tokens, start + 1, "]") and is_id(tokens, start + 2)):
        return None
    brace = start + 3
    if not (is_op(tokens, brace, "{") and match.get(brace) == end - 1):
        return None
    return _strings(tokens, split_arguments(tokens, brace, end - 1))


def _value(tokens: list[Token], match: dict[int, int], start: int, end: int) -> tuple[_Part, ...] | None:
    """A `Value:`'s pieces: one literal or constant, or a list's (`[]string{...}`, `cli.NewStringSlice(...)`)
    entries; None for an expression."""
    single = _part(tokens, start, end)
    if single is not None:
        return (single,)
    items: list[tuple[int, int]] | None = None
    if (  # v1: `&cli.StringSlice{"a"}`, its list types being plain slices
        is_op(tokens, start, "&")
        and is_id(tokens, start + 1)
        and is_op(tokens, start + 2, ".")
        and is_id(tokens, start + 3)
        and tokens[start + 3].text.endswith("Slice")
        and is_op(tokens, start + 4, "{")
        and match.get(start + 4) == end - 1
    ):
        items = split_arguments(tokens, start + 4, end - 1)
    elif is_op(tokens, start, "[") and is_op(tokens, start + 1, "]"):
        brace = next((k for k in range(start + 2, end) if is_op(tokens, k, "{")), None)
        if brace is not None and match.get(brace) == end - 1:
            items = split_arguments(tokens, brace, end - 1)
    elif (  # cli.NewStringSlice("a", "b"), cli.NewIntSlice(1, 2) (v2)
        end - start >= 5
        and is_id(tokens, start)
        and is_op(tokens, start + 1, ".")
        and is_id(tokens, start + 2)
        and tokens[start + 2].text.startswith("New")
        and tokens[start + 2].text.endswith("Slice")
        and is_op(tokens, start + 3, "(")
        and match.get(start + 3) == end - 1
    ):
        items = split_arguments(tokens, start + 3, end - 1)
    elif (default := _generic_default(tokens, match, start, end)) is not None:
        return default
    if items is None:
        return None
    parts = [_part(tokens, a, b) for a, b in items]
    if any(p is None for p in parts):
        return None
    return tuple(p for p in parts if p is not None)


def _generic_default(
    tokens: list[Token], match: dict[int, int], start: int, end: int
) -> tuple[_Part, ...] | None:
    """A GenericFlag's value of the app's own type with a `Default:` field (`&EnumValue{Enum: [...],
    Default: "blank"}`): what its `String()` gives until the variable sets it."""
    k = start + 1 if is_op(tokens, start, "&") else start
    if not (is_id(tokens, k) and is_op(tokens, k + 1, "{") and match.get(k + 1) == end - 1):
        return None
    for a, b in split_arguments(tokens, k + 1, end - 1):
        if b - a >= 3 and is_id(tokens, a, "Default") and is_op(tokens, a + 1, ":"):
            part = _part(tokens, a + 2, b)
            return (part,) if part is not None else None
    return None


def _part(tokens: list[Token], start: int, end: int) -> _Part | None:
    """A literal's text, or a constant named by `Name` / `pkg.Name`."""
    text = span_literal(tokens, start, end)
    if text is not None:
        return text
    return constant_ref(tokens, start, end)
