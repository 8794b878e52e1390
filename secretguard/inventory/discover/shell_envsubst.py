"""Templates a shell script renders with envsubst: `envsubst < in > out`, `cat in | envsubst > out`,
`envsubst '$A $B' < in`.

envsubst replaces each `$X` / `${X}` of its input with X from the environment of the script running it, so
every such name of the template is a read, with the script's scope; given a SHELL-FORMAT (`'$A $B'`) it
replaces only those. A name the script assigned itself before rendering (`export APP_PORT=...` just above)
is the script's value, not the environment's.

The input is the project's file the path names: relative to the script's folder or to the project, else
(a path inside an image, `/etc/nginx/nginx.template.conf`) the one project file of that name. A function
rendering its argument (`render() { envsubst < "$1" > "$2"; }`) renders what each call of it names, in any
of the project's scripts (a library's function called by the script sourcing it).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, scope_of_read
from secretguard.inventory.discover.shell import assignments, script_scope
from secretguard.inventory.discover.shell_host import functions
from secretguard.inventory.discover.sourced import literal_tail
from secretguard.inventory.discover.templates import envsubst_reads

_ENVSUBST = re.compile(r"(?:^|[\s;&|(`{])envsubst(?=$|[\s;&|)<>])")
_CAT = re.compile(r"\bcat[ \t]+(\"[^\"]+\"|'[^']+'|[^\s|;&<>]+)[ \t]*\|[ \t]*$")
_FORMAT_NAME = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_POSITIONAL = re.compile(r"^\$\{?([1-9])\}?$")
_NOT_RENDERING = frozenset({"-v", "--variables", "-h", "--help", "-V", "--version"})
_ENDS = frozenset({"|", "||", "&&", ";", "&", ")"})
_MAX_CALLS = 256  # calls of rendering functions followed per project


@dataclass(frozen=True, slots=True)
class _Render:
    """One envsubst run: its input as written, the names a SHELL-FORMAT limits it to (None: all)."""

    line: int
    path: str
    names: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class _Helper:
    """A function rendering its positional argument `position`."""

    script: str
    position: int
    names: frozenset[str] | None
    own: frozenset[str]  # what the defining script assigned before the envsubst line


def _command(line: str, start: int) -> list[str]:
    """The words of the command from start on, redirections split off (`<`, `>`), up to its end."""
    lexer = shlex.shlex(line[start:], posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    words: list[str] = []
    try:
        for word in lexer:
            if word in _ENDS:
                break
            words.append(word)
    except ValueError:
        return []
    return words


def renders(text: str) -> list[_Render]:
    """The envsubst runs of a script with the input they read (those reading their stdin from elsewhere, a
    heredoc or a pipe from another command, left out)."""
    found: list[_Render] = []
    for number, line in enumerate(text.splitlines(), 1):
        if "envsubst" not in line or line.lstrip().startswith("#"):
            continue
        for match in _ENVSUBST.finditer(line):
            words = _command(line, match.end())
            if any(w in _NOT_RENDERING for w in words):
                continue
            path: str | None = None
            names: frozenset[str] | None = None
            given = False
            for i, word in enumerate(words):
                previous = words[i - 1] if i else ""
                if previous == "<":
                    path = word
                elif word in ("<", ">", ">>") or previous in (">", ">>") or word.startswith("-"):
                    continue
                elif not given:  # SHELL-FORMAT: only the variables it names are replaced
                    given = True
                    names = None if "$(" in word or "`" in word else frozenset(_FORMAT_NAME.findall(word))
            if path is None and (cat := _CAT.search(line[: match.start() + 1])) is not None:
                path = cat.group(1).strip("'\"")
            if path is not None:
                found.append(_Render(number, path, names))
    return found


def _assigned_before(first: dict[str, int], line: int) -> frozenset[str]:
    return frozenset(name for name, at in first.items() if at < line)


def project_file(script: str, path: str, paths: set[str], by_name: dict[str, list[str]]) -> str | None:
    """The project file a script's path names: relative to the script's folder or to the project, else (a
    path inside an image, `/etc/nginx/nginx.template.conf`) the project file of that name, the nearest to
    the script when several are; None when none is."""
    tail = literal_tail(path)
    if tail is None:
        return None
    if "$" not in path and "`" not in path and not path.startswith("/"):
        folder = posixpath.dirname(script)
        for joined in (posixpath.join(folder, path), path):
            candidate = posixpath.normpath(joined)
            if candidate in paths:
                return candidate
    named = by_name.get(tail.rsplit("/", 1)[-1], [])
    ending = [rel for rel in named if rel == tail or rel.endswith("/" + tail)]
    pool = ending or named
    if len(pool) <= 1:
        return pool[0] if pool else None
    home = posixpath.dirname(script).split("/")

    def shared(rel: str) -> int:
        return len(posixpath.commonprefix([posixpath.dirname(rel).split("/"), home]))

    best = max(shared(rel) for rel in pool)
    nearest = [rel for rel in pool if shared(rel) == best]
    return nearest[0] if len(nearest) == 1 else None


@dataclass
class Envsubst:
    """The project's files by name, the scripts' envsubst runs, and the functions that render an argument."""

    by_name: dict[str, list[str]] = field(default_factory=dict)
    paths: set[str] = field(default_factory=set)
    runs: list[tuple[str, _Render, frozenset[str]]] = field(default_factory=list)  # (script, run, own names)
    helpers: dict[str, _Helper] = field(default_factory=dict)
    scripts: list[str] = field(default_factory=list)  # the project's shell scripts

    def note_file(self, rel: str) -> None:
        self.paths.add(rel)
        self.by_name.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)

    def note_script(self, text: str, rel: str) -> None:
        self.scripts.append(rel)
        if "envsubst" not in text:
            return
        found = renders(text)
        if not found:
            return
        first = assignments(text)
        spans = functions(text.splitlines())
        for run in found:
            own = _assigned_before(first, run.line)
            positional = _POSITIONAL.match(run.path)
            if positional is None:
                self.runs.append((rel, run, own))
                continue
            for name, start, end in spans:
                if start < run.line <= end:
                    self.helpers.setdefault(name, _Helper(rel, int(positional.group(1)), run.names, own))

    def _resolve(self, script: str, path: str) -> str | None:
        return project_file(script, path, self.paths, self.by_name)

    def _helper_runs(self, read_file: Callable[[str], str | None]) -> None:
        """Each call of a rendering function, in any script, is a run of its input there."""
        if not self.helpers:
            return
        call = re.compile(
            r"(?:^|[;&|(`{]|\bthen\b|\bdo\b|\belse\b)[ \t]*("
            + "|".join(map(re.escape, self.helpers))
            + r")[ \t]+"
        )
        calls = 0
        for script in self.scripts:
            text = read_file(script)
            if text is None or not any(name in text for name in self.helpers):
                continue
            first = assignments(text)
            for number, line in enumerate(text.splitlines(), 1):
                if line.lstrip().startswith("#"):
                    continue
                for match in call.finditer(line):
                    helper = self.helpers[match.group(1)]
                    args = _command(line, match.end())
                    if len(args) < helper.position or calls >= _MAX_CALLS:
                        continue
                    calls += 1
                    own = helper.own | _assigned_before(first, number)
                    run = _Render(number, args[helper.position - 1], helper.names)
                    self.runs.append((script, run, own))

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
        """The reads of every template a script renders, with that script's scope."""
        self._helper_runs(read_file)
        reads: list[Read] = []
        texts: dict[str, str | None] = {}
        scopes: dict[str, str] = {}
        for script, run, own in self.runs:
            template = self._resolve(script, run.path)
            if template is None or template == script:
                continue
            if script not in scopes:
                given = script_scope(script, read_file(script) or "")
                scopes[script] = scope_of_read(Read("_", script, 1, False, "shell", scope=given))
            scope = scopes[script]
            if template not in texts:
                texts[template] = read_file(template)
            text = texts[template]
            for read in envsubst_reads(text, template) if text is not None else []:
                if read.name not in own and (run.names is None or read.name in run.names):
                    reads.append(replace(read, scope=scope))
        return list(dict.fromkeys(reads))
