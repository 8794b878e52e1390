"""Shell expansions: `$X`, `${X}`, `${X:-default}` and friends, in shell scripts and in the shell-like
strings of Dockerfiles, compose files and CI definitions.

A small scanner rather than a regex: single quotes, comments and quoted heredocs do not expand, so names there
are not reads. Only upper-case names count (lower-case ones are shell locals by convention), variables the
script assigns itself are left out after their first assignment, and the shell's own variables are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

import re2

from secretguard.inventory.discover.base import Read

# Set by the shell or the system, not by whoever deploys the application.
SYSTEM_NAMES = frozenset(
    """
    HOME PATH PWD OLDPWD USER LOGNAME SHELL IFS RANDOM LINENO BASH BASH_SOURCE BASH_VERSION BASH_REMATCH
    BASH_LINENO BASH_ARGV BASHPID HOSTNAME HOSTTYPE OSTYPE MACHTYPE UID EUID PPID SECONDS OPTARG OPTIND OPTERR
    REPLY TERM LANG LANGUAGE LC_ALL LC_CTYPE TMPDIR PS1 PS2 PS3 PS4 FUNCNAME PIPESTATUS SHLVL EPOCHSECONDS
    EPOCHREALTIME GROUPS COLUMNS LINES DIRSTACK HISTFILE HISTSIZE MAIL EDITOR PAGER DISPLAY CDPATH SHELLOPTS
    BASHOPTS COMP_WORDS COMP_CWORD COPROC PROMPT_COMMAND TZ
    """.split()
)
_ASSIGNMENT = re2.compile(
    r"(?:^|[;&|({]|\bthen|\bdo|\belse|\bexport|\blocal|\bdeclare|\breadonly|\btypeset)\s*(?:-[A-Za-z]+\s+)*"
    r"([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?="
)
_READ = re2.compile(r"\bread\s+(?:-[A-Za-z]+\s+(?:\"[^\"]*\"\s+|'[^']*'\s+)?)*([A-Za-z_][A-Za-z0-9_ ]*)")
_FOR = re2.compile(r"\b(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b")
_AFTER_NAME = ("", ":", "-", "=", "?", "+", "#", "%", "/", "^", ",", "[")
_HEREDOC = re2.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)(['\"]?)")


@dataclass(frozen=True, slots=True)
class Expansion:
    name: str
    line: int  # 1-based, relative to the scanned text
    optional: bool  # `${X:-d}`, `${X-d}`, `${X:=d}`, `${X:+alt}`: absence is handled
    default: str | None = None  # `d` of `${X:-d}` / `${X:=d}` when it is plain text (no expansion)


def _name_at(text: str, i: int) -> int:
    j = i
    while j < len(text) and (text[j].isalnum() or text[j] == "_") and text[j].isascii():
        j += 1
    return j


def _brace_matches(text: str) -> dict[int, int]:
    """For every `${` (by the index after it), the index of its closing `}` on the same line. One linear pass
    with a stack, so a line of a million unclosed `${` costs no more than reading it."""
    matches: dict[int, int] = {}
    stack: list[int] = []
    i = 0
    size = len(text)
    while i < size:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "$" and i + 1 < size and text[i + 1] == "{":
            stack.append(i + 2)
            i += 2
            continue
        if ch == "}" and stack:
            matches[stack.pop()] = i
        elif ch == "\n":
            stack.clear()
        i += 1
    return matches


def expansions(
    text: str, *, quotes: bool = True, comments: bool = True, dollar_escape: bool = False, _line: int = 1
) -> list[Expansion]:
    """Every `$NAME` / `${NAME...}` that the shell (quotes=True) or a template language (quotes=False:
    compose,     CI strings) would expand in text."""
    out: list[Expansion] = []
    size = len(text)
    i = 0
    line = _line
    braces: dict[int, int] | None = None
    in_double = False
    heredocs: list[tuple[str, bool]] = []
    while i < size:
        ch = text[i]
        if ch == "\n":
            line += 1
            i += 1
            for word, expands in heredocs:
                end = i
                while end < size:
                    nl = text.find("\n", end)
                    stop = size if nl < 0 else nl
                    if text[end:stop].strip() == word:
                        body = text[i:end]
                        if expands:
                            out.extend(expansions(body, quotes=False, comments=False, _line=line))
                        line += body.count("\n") + (1 if nl >= 0 else 0)
                        end = stop + 1
                        break
                    end = stop + 1
                else:
                    line += text.count("\n", i, size)
                i = min(end, size)
            heredocs.clear()
            continue
        if quotes and ch == "\\":
            if i + 1 < size and text[i + 1] == "\n":
                line += 1
            i += 2
            continue
        if quotes and not in_double and ch == "'":
            end = text.find("'", i + 1)
            end = size if end < 0 else end
            line += text.count("\n", i, end)
            i = end + 1
            continue
        if quotes and ch == '"':
            in_double = not in_double
            i += 1
            continue
        if comments and not in_double and ch == "#" and (i == 0 or text[i - 1] in " \t\n;|&("):
            end = text.find("\n", i)
            i = size if end < 0 else end
            continue
        if quotes and not in_double and text.startswith("<<", i) and not text.startswith("<<<", i):
            match = _HEREDOC.match(text[i : i + 200])
            if match:
                heredocs.append((match.group(2), not match.group(1)))
                i += len(match.group(0))
                continue
        if ch != "$":
            i += 1
            continue
        if dollar_escape and text.startswith("$$", i):
            i += 2
            continue
        nxt = text[i + 1] if i + 1 < size else ""
        if nxt == "{":
            if braces is None:
                braces = _brace_matches(text)
            end = braces.get(i + 2, -1)
            if end < 0:
                i += 2
                continue
            inner = text[i + 2 : end]
            name_end = _name_at(inner, 0)
            name, rest = inner[:name_end], inner[name_end:]
            if name and not name[0].isdigit() and rest[:1] in _AFTER_NAME:
                op = rest[:2] if rest.startswith(":") else rest[:1]
                default = _plain_default(rest[len(op) :]) if op in (":-", "-", ":=", "=") else None
                out.append(Expansion(name, line, op in (":-", "-", ":=", "=", ":+", "+"), default))
            # Go on inside the braces: a default may hold expansions of its own (`${A:-${B}}`).
            i += 2 + max(name_end, 1)
            continue
        if nxt and (nxt.isalpha() or nxt == "_") and nxt.isascii():
            end = _name_at(text, i + 1)
            out.append(Expansion(text[i + 1 : end], line, False))
            i = end
            continue
        i += 1
    return out


def _plain_default(word: str) -> str | None:
    """The default word of an expansion as the shell would hand it over, when it is plain text: no further
    expansion, command substitution or escape (`${X:-info}`, `${X:-"a b"}`); else None."""
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        word = word[1:-1]
    if any(c in word for c in "$`\\'\""):
        return None
    return word


def assignments(text: str) -> dict[str, int]:
    """Names a script assigns (NAME=..., export NAME=..., read NAME, for NAME in), with the first line."""
    first: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if "=" not in line and "read" not in line and "for" not in line and "select" not in line:
            continue
        found = [m.group(1) for m in _ASSIGNMENT.finditer(line)]
        found += [n for m in _READ.finditer(line) for n in m.group(1).split()]
        found += [m.group(1) for m in _FOR.finditer(line)]
        for name in found:
            first.setdefault(name, number)
    return first


def env_name(name: str) -> bool:
    """Environment variables are upper case by convention; the shell's own are left out."""
    return (
        bool(name)
        and any(c.isalpha() for c in name)
        and not any(c.islower() for c in name)
        and name not in SYSTEM_NAMES
    )


def discover_shell(text: str, file: str, source: str = "shell") -> list[Read]:
    assigned = assignments(text)
    reads = []
    for exp in expansions(text):
        if not env_name(exp.name):
            continue
        first = assigned.get(exp.name)
        if first is not None and exp.line > first:
            continue  # the script's own variable after it set it
        reads.append(Read(exp.name, file, exp.line, exp.optional, source, default=exp.default))
    return reads
