"""Names a shell script builds from the lines of a file: a loop over a dotenv file's keys (or a list of names,
one a line) whose body reads `${!var}` or `${!x}` with `x="PREFIX_$var"`:

    sed -n 's/^#\\?\\([A-Z_]*=.*\\)/\\1/p' .env.example | while IFS='=' read key value; do
        x="APP_$key"; echo "$key=${!x:-${!key:-$value}}"
    done
    while read -r line; do name=${line%%=*}; [ -n "${!name}" ] || echo "$name unset"; done < .env.example
    for key in $(grep -o '^[A-Z_]*' .env.example); do ...; done

The loop reads APP_<KEY> and <KEY> for each key of the file as the pipeline feeding the loop leaves it (its
text commands run on the file's lines: shell_text_filters.py) and as `read` then splits each line (with
`IFS='='` the first variable gets the text before the first `=`). A command not followed leaves the names
unknown, and so does a file the project does not have. Lines a script appends to the file before the loop
(`cat >> .env.example <<EOF`) count too. The file is the project's file its path names (relative to the
script or the project, else the one of that name: a path in the image, `/tmp/.env.example` copied there at
start). Only names (`[A-Za-z_][A-Za-z0-9_]*`) count.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, scope_of_read
from secretguard.inventory.discover.shell import do_done_pairs, indirect_reads, script_scope
from secretguard.inventory.discover.shell_envsubst import project_file
from secretguard.inventory.discover.shell_text_filters import run_pipeline

_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# `while IFS='=' read -r key value` (the assignments before `read` and the words after it, to `;`/`do`)
_WHILE_READ = re.compile(
    r"\bwhile[ \t]+((?:[A-Za-z_][A-Za-z0-9_]*=(?:'[^'\n]*'|\"[^\"\n]*\"|[^\s;]*)[ \t]+)*)read\b([^;\n]*)"
)
_FOR_SUBST = re.compile(r"\bfor[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+in[ \t]+(?:\"?\$\(|`)")
_DONE_REDIRECT = re.compile(r"\bdone[ \t]*<[ \t]*(<\(|\"[^\"]+\"|'[^']+'|[^\s;&|)]+)")
# `name=${line%%=*}`, `name="${line%=*}"`, `name=${line/=*/}`: the key of a `KEY=value` line
_KEY_EXPANSION = r"\$\{{{var}(?:%%?=\*|/=\*/?)\}}"
_KEY_COMMAND = (
    r"\$\((?:echo|printf[ \t]+['\"]?%s['\"]?)[ \t]+[\"']?\$\{{?{var}\}}?[\"']?[ \t]*\|[ \t]*"
    r"(?:cut[ \t]+-d[ \t]*[\"']?=[\"']?[ \t]+-f[ \t]*1|awk[ \t]+-F[ \t]*[\"']?=[\"']?[ \t]+"
    r"[\"']\{{[ \t]*print[ \t]+\$1[ \t]*\}}[\"'])[ \t]*\)"
)
_APPEND_HEREDOC = re.compile(
    r"\bcat[ \t]+(?:>>[ \t]*(\S+)[ \t]+<<-?[ \t]*['\"]?(\w+)['\"]?"
    r"|<<-?[ \t]*['\"]?(\w+)['\"]?[ \t]+>>[ \t]*(\S+))"
)
_APPEND_ECHO = re.compile(r"\becho[ \t]+(\"[^\"\n]*\"|'[^'\n]*'|[^\s>]+)[ \t]*>>[ \t]*(\S+)")
_MAX_LINES = 5_000
_MAX_NAMES = 256


@dataclass(frozen=True, slots=True)
class KeyLoop:
    var: str  # the variable each line (or word) goes to
    split: str  # "key": the text before the first `=`; "first": the first word; "line": the line; "words"
    start: int  # the loop's first and last line
    end: int
    commands: tuple[tuple[str, ...], ...]  # the pipeline feeding the loop
    path: str | None  # the file redirected into the loop (`done < FILE`), else None


def _words(command: str) -> list[list[str]] | None:
    """The commands of a pipeline, split into words (None when it is not one plain pipeline)."""
    lexer = shlex.shlex(command.replace("\\\n", " "), posix=True, punctuation_chars="|&;<>()")
    lexer.whitespace_split = True
    out: list[list[str]] = [[]]
    try:
        for word in lexer:
            if word == "|":
                out.append([])
            elif word in ("||", "&&", ";", "&", "(", ")"):
                out = [[]]  # only the last list's pipeline feeds the loop
            elif set(word) <= set("<>|&;()"):
                return None
            else:
                out[-1].append(word)
    except ValueError:
        return None
    return out if all(out) else None


def _split_mode(assignments: str, rest: str) -> tuple[str, str] | None:
    """(variable, split) for `read`'s words: IFS from its assignments, its options skipped."""
    try:
        words = shlex.split(rest.split(" do", 1)[0])
    except ValueError:
        return None
    names: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word[-1] in "dpuntNa" and word != "-r"
        elif _WORD.match(word):
            names.append(word)
        else:
            break
    if not names:
        return None
    ifs = ""
    for assignment in shlex.split(assignments) if assignments.strip() else []:
        if assignment.startswith("IFS="):
            ifs = assignment[4:]
    if len(names) == 1:
        return names[0], "line"
    return names[0], "key" if "=" in ifs else "first"


def _pipeline_before(text: str, at: int) -> str | None:
    """The pipeline ending in `|` just before offset at (a line ending in `|` or `\\` goes on), else None."""
    before = text[:at].rstrip(" \t")
    if before.endswith("\\\n"):
        before = before[:-2]
    elif before.endswith("\n"):
        before = before[:-1]
    before = before.rstrip(" \t")
    if not before.endswith("|") or before.endswith("||"):
        return None
    start = before.rfind("\n")
    while start > 0 and before[:start].rstrip(" \t").endswith(("\\", "|")):
        start = before.rfind("\n", 0, start)
    return before[start + 1 : -1]


def _substitution(text: str, at: int) -> str | None:
    """The command of `$(...)` / `` `...` `` whose body starts at offset at (quotes and nesting kept)."""
    depth = 1
    quote = ""
    closer = ")" if text[at - 1] == "(" else "`"
    i = at
    while i < len(text) and text[i] != "\n":
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif closer == "`" and ch == "`":
            return text[at:i]
        elif closer == ")" and ch == "(":
            depth += 1
        elif closer == ")" and ch == ")":
            depth -= 1
            if depth == 0:
                return text[at:i]
        i += 1
    return None


def key_loops(text: str) -> list[KeyLoop]:
    """The loops of a script over the lines of a file or a command's output."""
    if "read" not in text and "for" not in text:
        return []
    lines = text.splitlines()
    pairs = do_done_pairs(lines)
    found: list[KeyLoop] = []
    for match in _WHILE_READ.finditer(text):
        mode = _split_mode(match.group(1), match.group(2))
        if mode is None:
            continue
        start = text.count("\n", 0, match.start()) + 1
        end = next((done for do, done in pairs if do >= start), len(lines))
        feed = _pipeline_before(text, match.start())
        path: str | None = None
        commands: list[list[str]] | None = []
        if feed is not None:
            commands = _words(feed)
        elif end <= len(lines) and (redirect := _DONE_REDIRECT.search(lines[end - 1])) is not None:
            if redirect.group(1) == "<(":
                offset = sum(len(line) + 1 for line in lines[: end - 1]) + redirect.end()
                body = _substitution(text, offset)
                commands = _words(body) if body is not None else None
            else:
                path = redirect.group(1).strip("'\"")
        else:
            continue
        if commands is not None:
            found.append(KeyLoop(mode[0], mode[1], start, end, tuple(map(tuple, commands)), path))
    for match in _FOR_SUBST.finditer(text):
        body = _substitution(text, match.end())
        commands = _words(body) if body is not None else None
        if commands is None:
            continue
        start = text.count("\n", 0, match.start()) + 1
        end = next((done for do, done in pairs if do >= start), len(lines))
        found.append(KeyLoop(match.group(1), "words", start, end, tuple(map(tuple, commands)), None))
    return found


def loop_values(loop: KeyLoop, lines: list[str]) -> list[str]:
    """What each line gives the loop's variable, as it is (a name or not)."""
    out: list[str] = []
    for line in lines[:_MAX_LINES]:
        if loop.split == "key":
            out.append(line.split("=", 1)[0] if "=" in line else line.strip())
        elif loop.split == "first":
            out.extend(line.split()[:1])
        elif loop.split == "line":
            out.append(line.strip())
        else:
            out.extend(line.split())
    return out


def names_of(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if _WORD.match(v)))[:_MAX_NAMES]


def loop_names(loop: KeyLoop, lines: list[str]) -> list[str]:
    """The names each line gives the loop's variable."""
    return names_of(loop_values(loop, lines))


def derived(text_lines: list[str], loop: KeyLoop) -> list[str]:
    """Variables the loop's body sets to the key of its variable's `KEY=value` line (`name=${line%%=*}`)."""
    expansion = re.compile(
        r"\b([A-Za-z_][A-Za-z0-9_]*)=[\"']?(?:"
        + _KEY_EXPANSION.format(var=re.escape(loop.var))
        + "|"
        + _KEY_COMMAND.format(var=re.escape(loop.var))
        + ")"
    )
    found: list[str] = []
    for line in text_lines[loop.start - 1 : loop.end]:
        found.extend(m.group(1) for m in expansion.finditer(line))
    return found


def appended(text: str, path: str, before: int) -> list[str]:
    """Lines the script appends to path before line `before` (`cat >> path <<EOF`, `echo X >> path`)."""
    lines = text.splitlines()
    out: list[str] = []
    number = 0
    while number < min(before - 1, len(lines)):
        line = lines[number]
        number += 1
        heredoc = _APPEND_HEREDOC.search(line)
        if heredoc is not None and (heredoc.group(1) or heredoc.group(4)) == path:
            word = heredoc.group(2) or heredoc.group(3)
            while number < len(lines) and lines[number].strip() != word:
                out.append(lines[number])
                number += 1
            continue
        for echo in _APPEND_ECHO.finditer(line):
            if echo.group(2).strip("'\"") == path:
                out.append(echo.group(1).strip("'\""))
    return out


@dataclass
class KeyLoops:
    """The project's files, and the scripts with loops over a file's lines; `finish` reads the names."""

    paths: set[str] = field(default_factory=set)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    scripts: list[str] = field(default_factory=list)

    def note_file(self, rel: str) -> None:
        self.paths.add(rel)
        self.by_name.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)

    def note_script(self, text: str, rel: str) -> None:
        if "${!" in text and ("read" in text or "for" in text) and key_loops(text):
            self.scripts.append(rel)

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
        reads: list[Read] = []
        for script in self.scripts:
            text = read_file(script)
            if text is not None:
                reads.extend(self._script_reads(script, text, read_file))
        return reads

    def _script_reads(self, script: str, text: str, read_file: Callable[[str], str | None]) -> list[Read]:
        lines = text.splitlines()
        spans: dict[str, list[tuple[int, int, list[str]]]] = {}
        for loop in key_loops(text):

            def load(path: str, loop: KeyLoop = loop) -> list[str] | None:
                rel = project_file(script, path, self.paths, self.by_name)
                content = read_file(rel) if rel is not None and rel != script else None
                if content is None:
                    return None
                return content.splitlines()[:_MAX_LINES] + appended(text, path, loop.start)

            given = load(loop.path) if loop.path is not None else None
            if loop.path is not None and given is None:
                continue
            output = run_pipeline(loop.commands, given, load)
            values = loop_values(loop, output) if output else []
            names = names_of(values)
            if names:
                spans.setdefault(loop.var, []).append((loop.start, loop.end, names))
            keys = names_of([v.split("=", 1)[0] for v in values])  # of `KEY=value` lines
            for var in derived(lines, loop) if keys else []:
                spans.setdefault(var, []).append((loop.start, loop.end, keys))
        if not spans:
            return []
        plain = set(indirect_reads(text, script, "shell", {}))
        found = [r for r in indirect_reads(text, script, "shell", spans) if r not in plain]
        scope = script_scope(script, text)
        if scope is None:
            return found
        return [replace(r, scope=scope) if scope_of_read(r) == "runtime" else r for r in found]
