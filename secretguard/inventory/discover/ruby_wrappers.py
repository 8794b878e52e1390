"""Ruby: the project's own methods that read the variable a parameter names, and their calls.

    module EnvCheck
      def self.set?(k)
        !FALSE.include?(ENV[k])
      end
    end
    KUBERNETES_ADD_PRESTOP = Samson::EnvCheck.set?('KUBERNETES_ADD_PRESTOP')

    def deprecated_url(var)
      url = ENV[var].presence
      ...
    end
    github_web_url = deprecated_url("GITHUB_WEB_URL") || 'https://github.com'

    def too_many_per_role(statuses, flag)
      percent = Float(ENV[flag] || "0")
    end
    too_many_per_role(statuses, "KUBERNETES_ALLOW_FAILED_PERCENT")

A method is a reader when a parameter reaches `ENV[p]`, `ENV.fetch(p ...)` or `ENV.key?(p)` in its body.
Each call with a string literal (or symbol) at that parameter's place reads that name: a call through the
defining module or class (`EnvCheck.set?`, `Samson::EnvCheck.set?`), a call without receiver in the defining
file, or anywhere when the method's name says it reads the environment (`env_bool("X")`). The default is the
literal the method falls back to (`ENV.fetch(name, default)` with the call's argument or the parameter's own
default), or a literal after the call (`reader("X") || "d"`). `ENV.fetch(p)` with no fallback raises: the
variable is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.lexer import (
    ID,
    RUBY,
    STR,
    Token,
    bracket_pairs,
    is_id,
    is_op,
    literal_default,
    split_arguments,
    tokenize,
)
from secretguard.inventory.discover.ruby import fallback_after

SOURCE = "ruby"
# `ENV[v]`, `ENV.fetch(v`, `ENV.key?(v`: the environment indexed by a variable, not a literal
_DYNAMIC_ENV = re.compile(r"\bENV(?:\[\s*[a-z_]\w*\s*\]|\.(?:fetch|key\?|has_key\?|include\?)\(\s*[a-z_]\w*)")
_DEF = re.compile(r"(?m)^([ \t]*)def[ \t]+(?:self\.)?([a-z_]\w*[?!]?)[ \t]*(\(|[ \t][a-z_])")
_OWNER = re.compile(r"(?m)^([ \t]*)(?:module|class)[ \t]+(?:\w+::)*([A-Z]\w*)")
_ENV_WORD = re.compile(r"(?:^|_)env(?:$|_)|getenv", re.IGNORECASE)
_MAX_BODY_LINES = 60
_MAX_CALL_FILES = 2_000


@dataclass(frozen=True, slots=True)
class _Reader:
    method: str
    owner: str | None  # the module or class defining it
    file: str
    param: int  # the parameter naming the variable
    fallback_param: int | None  # the parameter the read falls back to
    fallback_default: str | None  # that parameter's own default, or a literal the body falls back to
    has_fallback: bool
    required: bool  # `ENV.fetch(p)`: raises when unset


@dataclass(frozen=True, slots=True)
class _Param:
    name: str
    default: str | None  # a literal default (`default = nil` gives none)
    has_default: bool


@dataclass
class RubyWrappers:
    readers: list[_Reader] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # Ruby and ERB files, searched for calls at the end

    def add(self, text: str, file: str) -> None:
        if len(self.texts) < _MAX_CALL_FILES:
            self.texts[file] = text
        if _DYNAMIC_ENV.search(text):
            self.readers.extend(_readers(text, file))

    def finish(self) -> list[Read]:
        if not self.readers:
            return []
        by_method: dict[str, list[_Reader]] = {}
        for reader in self.readers:
            by_method.setdefault(reader.method, []).append(reader)
        reads: list[Read] = []
        for file, text in self.texts.items():
            if not any(method in text for method in by_method):
                continue
            reads.extend(_calls(text, file, by_method))
        return reads


def _params(tokens: list[Token], start: int, end: int) -> list[_Param]:
    out: list[_Param] = []
    for a, b in split_arguments(tokens, start - 1, end):
        if a >= b:
            continue
        k = a
        while k < b and tokens[k].kind != ID:
            k += 1  # `*args`, `&block`, `**opts`
        if k >= b:
            continue
        name = tokens[k].text
        has_default = is_op(tokens, k + 1, "=") or is_op(tokens, k + 1, ":")  # `default = x`, `default: x`
        default = literal_default(tokens, k + 2) if has_default and k + 3 >= b else None
        out.append(_Param(name, default, has_default and k + 2 < b))
    return out


def _owner(text: str, at: int, indent: str) -> str | None:
    """The nearest `module X` / `class X` opened before `at` at a smaller indentation."""
    found: str | None = None
    for match in _OWNER.finditer(text, 0, at):
        if len(match.group(1)) < len(indent):
            found = match.group(2)
    return found


def _body_end(lines: list[str], first: int, indent: str) -> int:
    """The index of the line closing the method opened on line `first` (an `end` at its indentation)."""
    for k in range(first + 1, min(len(lines), first + _MAX_BODY_LINES)):
        line = lines[k]
        stripped = line.strip()
        if stripped.startswith("end") and line[: len(line) - len(line.lstrip())] == indent:
            return k
    return first


def _readers(text: str, file: str) -> list[_Reader]:
    lines = text.splitlines()
    out: list[_Reader] = []
    for match in _DEF.finditer(text):
        indent, method = match.group(1), match.group(2)
        first = text.count("\n", 0, match.start())
        last = _body_end(lines, first, indent)
        if last == first:
            continue
        body = "\n".join(lines[first : last + 1])
        if not _DYNAMIC_ENV.search(body):
            continue
        tokens = tokenize(body, RUBY)
        pairs = bracket_pairs(tokens)
        k = next((j for j, t in enumerate(tokens) if t.kind == ID and t.text == method), -1)
        if k < 0:
            continue
        if is_op(tokens, k + 1, "("):
            close = pairs.get(k + 1)
            if close is None:
                continue
            params = _params(tokens, k + 2, close)
        else:  # `def set? k`
            line = tokens[k].line
            end = k + 1
            while end < len(tokens) and tokens[end].line == line:
                end += 1
            params = _params(tokens, k + 1, end)
        names = [p.name for p in params]
        reader = _reader_of(tokens, names, params, method, file, _owner(text, match.start(), indent))
        if reader is not None:
            out.append(reader)
    return out


def _reader_of(
    tokens: list[Token], names: list[str], params: list[_Param], method: str, file: str, owner: str | None
) -> _Reader | None:
    for i, tok in enumerate(tokens):
        if tok.kind != ID or tok.text != "ENV" or is_op(tokens, i - 1, ".", "::"):
            continue
        if is_op(tokens, i + 1, "[") and is_id(tokens, i + 2) and is_op(tokens, i + 3, "]"):
            param, after, fetch = tokens[i + 2].text, i + 4, False
        elif (
            is_op(tokens, i + 1, ".")
            and is_id(tokens, i + 2, "fetch", "key?", "has_key?", "include?")
            and is_op(tokens, i + 3, "(")
            and is_id(tokens, i + 4)
        ):
            param, after, fetch = tokens[i + 4].text, i + 5, tokens[i + 2].text == "fetch"
        else:
            continue
        if param not in names or is_op(tokens, after, "=", "||="):
            continue
        index = names.index(param)
        fallback: int | None = None
        default: str | None = None
        given = False
        if (fetch and is_op(tokens, after, ",")) or (
            not fetch and (is_op(tokens, after, "||") or is_id(tokens, after, "or"))
        ):
            given = True
            if is_id(tokens, after + 1) and tokens[after + 1].text in names:
                fallback = names.index(tokens[after + 1].text)
            else:
                default = literal_default(tokens, after + 1)
        if fallback is not None:
            default = params[fallback].default
        required = (
            fetch and not given and not is_op(tokens, after + 1, "{") and not is_id(tokens, after + 1, "do")
        )
        return _Reader(method, owner, file, index, fallback, default, given, required)
    return None


def _calls(text: str, file: str, by_method: dict[str, list[_Reader]]) -> list[Read]:
    tokens = tokenize(text, RUBY)
    pairs = bracket_pairs(tokens)
    out: list[Read] = []
    for i, tok in enumerate(tokens):
        if tok.kind != ID or tok.text not in by_method or is_id(tokens, i - 1, "def"):
            continue
        if is_op(tokens, i - 1, ".") and is_id(tokens, i - 2, "self") and is_id(tokens, i - 3, "def"):
            continue
        receiver = tokens[i - 2].text if is_op(tokens, i - 1, ".", "::") and is_id(tokens, i - 2) else None
        if is_op(tokens, i - 1, ".", "::") and receiver is None:
            continue
        reader = _matching(by_method[tok.text], receiver, file)
        if reader is None:
            continue
        if is_op(tokens, i + 1, "("):
            close = pairs.get(i + 1)
            if close is None:
                continue
            args = split_arguments(tokens, i + 1, close)
            after = close + 1
        else:  # `set? 'X'`, `reader "X", 3`
            if i + 1 >= len(tokens) or tokens[i + 1].line != tok.line or tokens[i + 1].kind != STR:
                continue
            end = i + 1
            while (
                end < len(tokens) and tokens[end].line == tok.line and not is_id(tokens, end, "if", "unless")
            ):
                end += 1
            args = split_arguments(tokens, i, end)
            after = end
        if reader.param >= len(args):
            continue
        a, b = args[reader.param]
        name = _name_arg(tokens, a, b)
        if name is None or not is_env_name(name):
            continue
        default = reader.fallback_default
        given = reader.has_fallback
        if reader.fallback_param is not None and reader.fallback_param < len(args):
            fa, fb = args[reader.fallback_param]
            default = literal_default(tokens, fa) if fb == fa + 1 else None
            given = True
        computed = False
        if not given:
            given, default, computed = fallback_after(tokens, i, after, name)
        optional = given or not reader.required
        out.append(Read(name, file, tok.line, optional, SOURCE, default=default, computed_default=computed))
    return out


def _matching(readers: list[_Reader], receiver: str | None, file: str) -> _Reader | None:
    for reader in readers:
        if receiver is not None and receiver == reader.owner:
            return reader
        if receiver is None and (reader.file == file or _ENV_WORD.search(reader.method)):
            return reader
    return None


def _name_arg(tokens: list[Token], a: int, b: int) -> str | None:
    if b == a + 1 and tokens[a].kind == STR and not tokens[a].interpolated:
        return tokens[a].text
    if b == a + 2 and is_op(tokens, a, ":") and is_id(tokens, a + 1):
        return tokens[a + 1].text  # a symbol, `:SMTP_HOST`
    return None
