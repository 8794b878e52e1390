"""Placeholders an application's own code fills from the environment in its config files.

(Python's `re.sub(pattern, lambda m: os.environ[m.group(1)], text)` alike: python_config_placeholders.py.)

A Node app may load a YAML/JSON/TOML/ini config and replace a placeholder syntax of its own with environment
values: `value.replace(/\\$\\(([A-Z0-9_]+)\\)/g, (m, name) => process.env[name])` (lodash's `_.replace(value,
re, fn)` alike), with `${X}`, `%{X}`, `{{ env.X }}` or any other delimiters. The syntax is the regex literal
itself: the capture group whose value indexes `process.env` is the name, and a group the callback falls back
to (`process.env[name] || fallback`) is the default. The names are the matches of that regex in the config
files the app ships. The app may also match each config value with an anchored regex and index `process.env`
with a group of the match (`const m = value.match(/^[$][{]([^:]*)(:(.*))?[}]$/); process.env[m[1]]`, the
group a local named as a default holds is the default: `const defaultValue = m[3]`); such a syntax is
matched against each quoted value of the file.

- files a Dockerfile COPYies into the image (`COPY dev/build/config.yml ./config.yml`). When the Dockerfile
  is shipped (its own place is `runtime`, or a file outside dev/test/example places names its path: the CI
  pipeline that builds the image), what it copies is the running app's config, `runtime` whatever folder it
  is kept in; a dev or test stage's (or a dev Dockerfile's) copy takes that scope;
- files at the config places (`config.yml`, `config.sample.yml`, `config/*.json`), scoped by their place;
  a sample's or an example's (`config.sample.yml`) only declares: `example`.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import SCOPES, Read, scope_of_read
from secretguard.inventory.discover.dockerfile import parse_instructions, stage_scope
from secretguard.inventory.discover.lexer import (
    JAVASCRIPT,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    split_arguments,
    tokenize,
)
from secretguard.inventory.discover.python_config_placeholders import python_syntaxes

SOURCE = "template"
_CONFIG_EXTS = (".yml", ".yaml", ".json", ".toml", ".ini")
_CONFIG_NAME = re.compile(r"^(?:config(?:[._-][\w.-]+)?\.(?:ya?ml|json|toml|ini)|settings\.ya?ml)$")
_EXAMPLE_WORDS = frozenset({"sample", "example", "dist", "template"})
# A regex literal in a line of code: after `(`, `,`, `=`, `:` or a blank (never a division's `/`).
_REGEX_LITERAL = re.compile(r"(?:(?<=[(,=:\s])|^)/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+)/([a-z]*)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r'"((?:\\.|[^"\\])*)"' + r"|'((?:\\.|[^'\\])*)'")
_NO_VALUE = frozenset({"null", "undefined", "~"})
_MAX_CONFIG = 512 * 1024
_PLACE_SCOPES = frozenset({"dev", "test", "example"})
# Files that may name a Dockerfile's path: CI pipelines, scripts, Makefiles, package scripts.
_NAMING_KINDS = frozenset({"yaml", "shell", "makefile", "package-json"})


@dataclass(frozen=True)
class Syntax:
    """A placeholder syntax: the regex the app matches, its name group and its default group."""

    pattern: re.Pattern[str]
    name_group: int
    default_group: int | None
    file: str  # the code defining it
    whole_value: bool = False  # matched against each quoted value (`.match(/^...$/)`), not the line


def _python_pattern(source: str, flags: str) -> re.Pattern[str] | None:
    """A JS regex literal's source as a Python pattern (their syntax agrees on what placeholders use)."""
    body = source.replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!")
    options = 0
    if "i" in flags:
        options |= re.IGNORECASE
    if "m" in flags:
        options |= re.MULTILINE
    if "s" in flags:
        options |= re.DOTALL
    try:
        pattern = re.compile(body, options)
    except re.error:
        return None
    return pattern if pattern.groups else None


def _params(tokens: list[Token], start: int, end: int) -> list[str] | None:
    """The parameter names of a callback `(a, b) => ...`, `a => ...`, `function (a, b) {...}` or TypeScript's
    `(a: string, b: string) => ...` starting at start (None when this is no inline callback)."""
    i = start
    if is_id(tokens, i, "function"):
        i += 1
        if is_id(tokens, i) and not is_op(tokens, i, "("):
            i += 1  # a named function expression
    if is_id(tokens, i) and is_op(tokens, i + 1, "=>"):
        return [tokens[i].text]
    if not is_op(tokens, i, "("):
        return None
    names: list[str] = []
    typed = False  # inside a parameter's `: type`
    j = i + 1
    while j < end and not is_op(tokens, j, ")"):
        if is_op(tokens, j, ","):
            typed = False
        elif is_op(tokens, j, ":"):
            typed = True
        elif is_id(tokens, j) and not typed:
            names.append(tokens[j].text)
        elif not typed:
            return None  # destructuring or defaults: not a plain list of the match's groups
        j += 1
    return names


def _env_groups(
    tokens: list[Token], start: int, end: int, params: list[str]
) -> tuple[int, int | None] | None:
    """The groups the callback's `process.env[param]` (and its `|| other` / `?? other` fallback) use."""
    for k in range(start, end - 4):
        if not (is_id(tokens, k, "process") and is_op(tokens, k + 1, ".") and is_id(tokens, k + 2, "env")):
            continue
        if not (is_op(tokens, k + 3, "[") and is_id(tokens, k + 4) and is_op(tokens, k + 5, "]")):
            continue
        name = tokens[k + 4].text
        if name not in params[1:]:
            continue  # the whole match (params[0]) or a name computed otherwise
        default = None
        fallback = is_op(tokens, k + 6, "||", "??") and is_id(tokens, k + 7) and not is_op(tokens, k + 8, ".")
        if fallback and tokens[k + 7].text in params[1:]:
            default = params.index(tokens[k + 7].text)
        return params.index(name), default
    return None


def _regex_sources(text: str, line: int) -> list[tuple[str, str]]:
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return []
    return [(m.group(1), m.group(2)) for m in _REGEX_LITERAL.finditer(lines[line - 1])]


def _is_regex(tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    return tok.kind == STR and not tok.text and tok.interpolated  # the lexer's token for a regex literal


def _regex_at(text: str, tokens: list[Token], i: int) -> tuple[str, str] | None:
    """The source and flags of the regex literal token at i, read from its line (the lexer keeps no text)."""
    line = tokens[i].line
    ordinal = 0
    k = i - 1
    while k >= 0 and tokens[k].line == line:
        ordinal += _is_regex(tokens, k)
        k -= 1
    sources = _regex_sources(text, line)
    return sources[ordinal] if ordinal < len(sources) else None


def _named_regexes(tokens: list[Token]) -> dict[str, int]:
    """`const PLACEHOLDER = /.../g`: each name's regex token."""
    return {
        tokens[i - 2].text: i
        for i in range(2, len(tokens))
        if _is_regex(tokens, i) and is_op(tokens, i - 1, "=") and is_id(tokens, i - 2)
    }


def js_syntaxes(text: str, rel: str) -> list[Syntax]:
    """The placeholder syntaxes a JS/TS file fills from `process.env` with `.replace(regex, callback)` (the
    regex written there or held in a name: `const RE = /.../g`), or with a group of `.match(regex)`."""
    if "env[" not in text or (".replace" not in text and ".match" not in text and ".exec" not in text):
        return []  # no `.replace(...)` / `.match(...)` with a `process.env[name]` in the file
    tokens = tokenize(text, JAVASCRIPT)
    pairs = bracket_pairs(tokens)
    named: dict[str, int] | None = None
    out: list[Syntax] = []
    for i, tok in enumerate(tokens):
        if tok.text in ("match", "exec") and is_op(tokens, i - 1, "."):
            named = _named_regexes(tokens) if named is None else named
            syntax = _match_syntax(text, tokens, pairs, i, named, rel)
            if syntax is not None:
                out.append(syntax)
            continue
        if tok.text not in ("replace", "replaceAll") or not is_op(tokens, i - 1, "."):
            continue
        close = pairs.get(i + 1) if is_op(tokens, i + 1, "(") else None
        args = split_arguments(tokens, i + 1, close) if close is not None else []
        if len(args) < 2 or args[-2][1] - args[-2][0] != 1:
            continue  # `s.replace(regex, callback)`, lodash's `_.replace(s, regex, callback)`
        r = args[-2][0]
        params = _params(tokens, args[-1][0], args[-1][1])
        groups = _env_groups(tokens, args[-1][0], args[-1][1], params) if params and len(params) > 1 else None
        if groups is None:
            continue
        if is_id(tokens, r):
            named = _named_regexes(tokens) if named is None else named
            r = named.get(tokens[r].text, -1)
        source = _regex_at(text, tokens, r) if r >= 0 and _is_regex(tokens, r) else None
        pattern = _python_pattern(*source) if source is not None else None
        if pattern is not None and groups[0] <= pattern.groups:
            default = groups[1] if groups[1] is not None and groups[1] <= pattern.groups else None
            out.append(Syntax(pattern, groups[0], default, rel))
    return out


_MATCH_REACH = 400  # tokens after a match in which its groups index `process.env`
_DEFAULT_LOCAL = re.compile(r"default|fallback", re.IGNORECASE)


def _match_syntax(
    text: str, tokens: list[Token], pairs: dict[int, int], i: int, named: dict[str, int], rel: str
) -> Syntax | None:
    """`const m = value.match(/re/)` (or `re.exec(value)`) at i whose group indexes `process.env` below:
    `process.env[m[1]]`, or through a local, `const name = m[1]; process.env[name]`."""
    close = pairs.get(i + 1) if is_op(tokens, i + 1, "(") else None
    if close is None:
        return None
    r = i + 2 if tokens[i].text == "match" and close == i + 3 else i - 2
    if is_id(tokens, r) and not _is_regex(tokens, r):
        r = named.get(tokens[r].text, -1)
    if r < 0 or not _is_regex(tokens, r):
        return None
    k = i - 2
    while k > 0 and tokens[k].line == tokens[i].line and not is_op(tokens, k, "="):
        k -= 1
    if not (is_op(tokens, k, "=") and is_id(tokens, k - 1)):
        return None
    result = tokens[k - 1].text
    groups: dict[str, int] = {}  # locals bound to a group: `const envVarName = match[1]`
    name_group: int | None = None
    default_group: int | None = None
    for j in range(close + 1, min(close + _MATCH_REACH, len(tokens) - 3)):
        group = _group_at(tokens, j, result)
        if group is not None and is_op(tokens, j - 1, "=") and is_id(tokens, j - 2):
            groups[tokens[j - 2].text] = group
            if _DEFAULT_LOCAL.search(tokens[j - 2].text) and default_group is None:
                default_group = group
        if is_id(tokens, j, "process") and is_op(tokens, j + 1, ".") and is_id(tokens, j + 2, "env"):
            if not is_op(tokens, j + 3, "["):
                continue
            indexed = _group_at(tokens, j + 4, result)
            if indexed is None and is_id(tokens, j + 4) and is_op(tokens, j + 5, "]"):
                indexed = groups.get(tokens[j + 4].text)
            if indexed is not None and name_group is None:
                name_group = indexed
    if name_group is None:
        return None
    source = _regex_at(text, tokens, r)
    pattern = _python_pattern(*source) if source is not None else None
    if pattern is None or name_group > pattern.groups:
        return None
    default = default_group if default_group is not None and default_group <= pattern.groups else None
    return Syntax(pattern, name_group, default, rel, whole_value=True)


def _group_at(tokens: list[Token], j: int, result: str) -> int | None:
    """`m[3]` at j for the match held in `result`: the group's number."""
    if not (is_id(tokens, j, result) and is_op(tokens, j + 1, "[") and is_op(tokens, j + 3, "]")):
        return None
    tok = tokens[j + 2]
    return int(tok.text) if tok.kind == "num" and tok.text.isdigit() else None


def _quoted(match: re.Match[str]) -> str:
    """A quoted value as the app loads it: a double-quoted one with its JSON escapes decoded (`\\n`)."""
    if match.group(1) is None:
        return match.group(2)
    try:
        value = json.loads(match.group(0))
    except ValueError:
        return match.group(1)
    return value if isinstance(value, str) else match.group(1)


def _config_file(source: str) -> bool:
    """A config file by its name: `config.yml`, also one kept under a variant's suffix that the image copies
    to the loaded name (`settings.json.docker` -> `settings.json`)."""
    name = posixpath.basename(source.lower())
    return name.endswith(_CONFIG_EXTS) or any(f"{ext}." in name for ext in _CONFIG_EXTS)


def _substituted(args: str, values: dict[str, str]) -> str:
    """COPY's arguments with the stage's ARG defaults put in (`COPY ${SETTINGS} ./settings.json`)."""
    return _ARG_REFERENCE.sub(lambda m: values.get(m.group(1) or m.group(2), m.group(0)), args)


_ARG_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def _copy_sources(args: str) -> list[str]:
    """COPY/ADD's sources from the build context (none for a `--from` stage or image copy)."""
    if args.startswith("["):
        try:
            argv = json.loads(args)
        except ValueError:
            return []
        if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
            return []
        words = [str(a) for a in argv]
    else:
        words = args.split()
    if any(w.startswith("--from") for w in words):
        return []
    paths = [w.strip("'\"") for w in words if not w.startswith("--")]
    return [
        posixpath.normpath(p.removeprefix("./")) for p in paths[:-1] if not p.startswith(("/", "..", "$"))
    ]


def _context_path(source: str, dockerfile: str, read_file: Callable[[str], str | None]) -> str:
    """A COPY source's project path: from the root (the usual build context), else from the Dockerfile's
    folder (an image built with its own folder as the context)."""
    if read_file(source) is not None:
        return source
    return posixpath.normpath(posixpath.join(posixpath.dirname(dockerfile), source))


def _place_scope(rel: str) -> str:
    return scope_of_read(Read("_", rel, 1, False, SOURCE))


def _config_place(rel: str) -> bool:
    parts = rel.lower().split("/")
    return bool(_CONFIG_NAME.match(parts[-1])) or (
        len(parts) > 1 and parts[-2] == "config" and parts[-1].endswith(_CONFIG_EXTS)
    )


def _example(rel: str) -> bool:
    words = re.split(r"[-_.]+", posixpath.basename(rel).lower())
    return not _EXAMPLE_WORDS.isdisjoint(words[:-1])


@dataclass
class ConfigPlaceholders:
    """Syntaxes from the JS code, config files from the walk and the Dockerfiles; reads once all are seen."""

    syntaxes: list[Syntax] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # config files at the config places
    # a config file a Dockerfile copies -> (the Dockerfile, the copying stage's scope)
    copied: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    # texts of files outside dev/test/example places that name a Dockerfile
    naming: list[str] = field(default_factory=list)

    def note_file(self, rel: str) -> None:
        if _config_place(rel):
            self.places.append(rel)

    def add(self, kind: str, text: str, rel: str) -> None:
        """A file of the walk: JS code's syntaxes, a Dockerfile's copies, another file's Dockerfile paths."""
        if kind == "javascript":
            self.syntaxes.extend(js_syntaxes(text, rel))
        elif kind == "python":
            self.syntaxes.extend(Syntax(p, name, default, rel) for p, name, default in python_syntaxes(text))
        elif kind == "dockerfile":
            self.add_dockerfile(text, rel)
        elif kind in _NAMING_KINDS:
            self.note_text(text, rel)

    def add_dockerfile(self, text: str, rel: str) -> None:
        stage: str | None = None
        values: dict[str, str] = {}  # ARG defaults: `ARG SETTINGS=./settings.json.docker`
        for _, _, word, args in parse_instructions(text):
            if word == "FROM":
                stage = stage_scope(args)
            elif word == "ARG" and "=" in args:
                key, _, value = args.partition("=")
                values[key.strip()] = value.strip().strip("'\"")
            elif word in ("COPY", "ADD"):
                for source in _copy_sources(_substituted(args, values) if "$" in args else args):
                    if _config_file(source):
                        self.copied.setdefault(source, []).append((rel, stage))

    def note_text(self, text: str, rel: str) -> None:
        """A file that may name a Dockerfile's path (a CI pipeline building the image, a Makefile)."""
        if "ockerfile" in text and _place_scope(rel) not in _PLACE_SCOPES:
            self.naming.append(text)

    def _shipped(self, dockerfile: str) -> bool:
        return _place_scope(dockerfile) == "runtime" or any(dockerfile in text for text in self.naming)

    def _copied_scope(self, copies: list[tuple[str, str | None]]) -> str:
        scopes = []
        for dockerfile, stage in copies:
            if stage is not None:
                scopes.append(stage)
            elif self._shipped(dockerfile):
                return "runtime"
            else:
                scopes.append(_place_scope(dockerfile))
        return min(scopes, key=lambda s: SCOPES.index(s.split(":")[0]), default="dev")

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
        if not self.syntaxes:
            return []
        files: dict[str, str | None] = {}  # config file -> its scope (None: by its place)
        for rel in self.places:
            files[rel] = "example" if _example(rel) else None
        for source, copies in self.copied.items():
            files[_context_path(source, copies[0][0], read_file)] = self._copied_scope(copies)
        reads: list[Read] = []
        for rel, scope in sorted(files.items()):
            text = read_file(rel)
            if text is None or len(text) > _MAX_CONFIG:
                continue
            reads.extend(_placeholder_reads(text, rel, scope, self.syntaxes))
        return reads


def _placeholder_reads(text: str, rel: str, scope: str | None, syntaxes: list[Syntax]) -> list[Read]:
    """The names the syntaxes match in a config file's lines (comment lines left out). A syntax only a
    test's (a dev tool's) code fills gives its own scope to what it reads."""
    owned = [(syntax, _place_scope(syntax.file)) for syntax in syntaxes]
    reads: list[Read] = []
    seen: set[tuple[str, int]] = set()
    in_block = False  # inside a `/* ... */` comment (JSON with comments)
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if in_block or stripped.startswith("/*"):
            in_block = "*/" not in line
            continue
        if stripped.startswith(("#", ";", "//")):
            continue  # a comment: the loaded config never holds it
        for syntax, own in owned:
            parts = [_quoted(m) for m in _QUOTED.finditer(line)] if syntax.whole_value else [line]
            for match in (m for part in parts for m in syntax.pattern.finditer(part)):
                name = match.group(syntax.name_group)
                if not name or not _NAME.fullmatch(name) or (name, number) in seen:
                    continue
                seen.add((name, number))
                default = match.group(syntax.default_group) if syntax.default_group is not None else None
                if default in _NO_VALUE:
                    default = None  # `${X:null}`, `${X:undefined}`: no value when unset
                given = scope if own == "runtime" else own
                reads.append(
                    Read(name, rel, number, default is not None, SOURCE, default=default, scope=given)
                )
    return reads
