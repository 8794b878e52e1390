"""Files a shell script sources (`source lib/vars.inc`, `. "${ROOT}/defaults.conf"`): whatever their
extension, the shell runs them in the script's own process, so they are read as shell. Only the project's
files that no other discoverer reads are looked at, matched by the sourced path's literal tail.

A library runs only inside the scripts that source it: when every script sourcing it is developer tooling
(a task runner `dev`, a test helper `test`, a `bake.sh` running `docker buildx bake`: `build`), so are its
reads (`settle`); a sourcing script without reads of its own counts with the scope its place and commands
give. One sourced by a runtime script stays as its place says.

What a sourced shell library assigns, at its top level (`BACKUP_DIR='/backups'`) or in its functions
(`export OFILE=...` in `checksum() { ... }`), is the sourcing script's own once it sourced the library: its
later `$OFILE` reads no environment, nor do the libraries it sources after that one. The library is the
project's script the path names (`source lib/utils.sh`), or, for a path inside an image (`source /utils.sh`,
where a Dockerfile copied it), the one project script of that name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, scope_of_read
from secretguard.inventory.discover.shell import assigned_names, discover_shell, script_scope
from secretguard.inventory.discover.shell_host import LOCAL_DECLARATION

_SOURCE = re.compile(
    r"(?:^|[;&|({`]|\$\(|\bthen\b|\bdo\b|\belse\b)[ \t]*(?:source|\.)[ \t]+[\"']?([^\s;&|)\"'`<>]+)",
    re.MULTILINE,
)
_SOURCE_AT = re.compile(
    r"(?:^|[;&|({`]|\$\(|\bthen\b|\bdo\b|\belse\b)[ \t]*(?:source|\.)[ \t]+", re.MULTILINE
)
_GLOB = frozenset("*?[")
_SETTLE_ORDER = ("runtime", "dev", "test", "build", "example")  # the most important scope first
_MAX_PASSES = 4  # libraries sourcing libraries
_EXPANSION = re.compile(r"\$\{[^}]*\}|\$\(+[^)]*\)+|\$\w+")


def shell_word(text: str, i: int) -> str:
    """The shell word starting at i, quotes removed, `$(...)` kept whole: `"$(dirname "$0")/lib.sh"`."""
    out: list[str] = []
    quote = ""
    depth = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote and depth == 0:
                quote = ""
            else:
                out.append(ch)
        elif depth == 0 and (ch in " \t\n;&|<>)`"):
            break
        elif ch in "\"'" and depth == 0:
            quote = ch
        else:
            out.append(ch)
        if text.startswith("$(", i):
            depth += 1
            out.append("(")
            i += 1
        elif ch == ")" and depth:
            depth -= 1
        i += 1
    return "".join(out)


def literal_tail(target: str) -> str | None:
    """The literal end of a sourced path: the segments after the last one holding an expansion, without
    `.` / `..` (`"${ROOT}/lib/vars.inc"` -> `lib/vars.inc`); None when the file's name itself is computed."""
    parts = _EXPANSION.sub("$", target).split("/")
    if "$" in parts[-1] or _GLOB.intersection(parts[-1]) or not parts[-1]:
        return None
    start = max((i + 1 for i, p in enumerate(parts) if "$" in p or "`" in p), default=0)
    kept = [p for p in parts[start:] if p not in ("", ".", "..")]
    return "/".join(kept) if kept else None


@dataclass
class Sourced:
    unread: dict[str, list[str]] = field(default_factory=dict)  # file name -> project files no one reads
    tails: set[str] = field(default_factory=set)
    sourcers: dict[str, set[str]] = field(default_factory=dict)  # sourced tail -> scripts sourcing it
    scripts: dict[str, list[str]] = field(default_factory=dict)  # file name -> the project's shell scripts
    sources: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # script -> (line, tail) sourced
    # a sourcing script's own scope, for one without reads (`bake.sh` running `docker buildx bake`: build)
    own_scopes: dict[str, str] = field(default_factory=dict)
    _read: Callable[[str], str | None] | None = None  # the project's files, once `finish` is given them

    def note_unread(self, rel: str) -> None:
        self.unread.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)

    def note_script(self, text: str, rel: str = "") -> None:
        if rel:
            self.scripts.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)
        if "source" not in text and ". " not in text:
            return
        for match in _SOURCE.finditer(text):
            tail = literal_tail(match.group(1))
            if tail is not None:
                self.tails.add(tail)
        if rel:
            for match in _SOURCE_AT.finditer(text):
                tail = literal_tail(shell_word(text, match.end()))
                if tail is not None:
                    self.sourcers.setdefault(tail, set()).add(rel)
                    if rel not in self.own_scopes:
                        place = scope_of_read(Read("", rel, 0, False, "shell"))
                        self.own_scopes[rel] = script_scope(rel, text) or place
                    line = text.count("\n", 0, match.end()) + 1
                    self.sources.setdefault(rel, []).append((line, tail))

    def _library(self, script: str, tail: str) -> str | None:
        """The project script a sourced path names: the one whose path ends with it (the nearest to the
        sourcing script when several do), else the one of its file name (`/utils.sh` copied into an image)."""
        named = self.scripts.get(tail.rsplit("/", 1)[-1], [])
        ending = [rel for rel in named if rel == tail or rel.endswith("/" + tail)]
        if len(ending) > 1:
            folder = script.rsplit("/", 1)[0] if "/" in script else ""
            ending = [rel for rel in ending if (rel.rsplit("/", 1)[0] if "/" in rel else "") == folder]
        if len(ending) == 1:
            return ending[0]
        return named[0] if not ending and len(named) == 1 else None

    def _own_names(self, reads: list[Read]) -> list[Read]:
        """Drop a script's reads of names a library it sourced before assigns (at its top level or in its
        functions)."""
        read = self._read
        if read is None or not self.sources:
            return reads
        owned: dict[str, list[tuple[int, frozenset[str]]]] = {}
        names_of: dict[str, frozenset[str]] = {}
        for script, sourced in self.sources.items():
            for line, tail in sourced:
                library = self._library(script, tail)
                if library is None or library == script:
                    continue
                if library not in names_of:
                    text = read(library)
                    names_of[library] = _library_assigned(text) if text is not None else frozenset()
                if names_of[library]:
                    owned.setdefault(script, []).append((line, names_of[library]))
        # `. common.sh` then `. 10-usergroup.sh` in one script: the second library runs in a shell that
        # already holds what the first assigned, so its reads of those names read no environment either
        for script, sourced in self.sources.items():
            earlier: set[str] = set()
            for _, tail in sorted(sourced):
                library = self._library(script, tail)
                if library is None or library == script:
                    continue
                if earlier:
                    owned.setdefault(library, []).append((0, frozenset(earlier)))
                earlier |= names_of.get(library, frozenset())
        if not owned:
            return reads
        return [
            r
            for r in reads
            if r.file not in owned
            or r.source != "shell"
            or not any(line < r.line and r.name in names for line, names in owned[r.file])
        ]

    def settle(self, reads: list[Read]) -> list[Read]:
        """Reads of a library every sourcing script of which is tooling take the scripts' scope; a script's
        reads of what a library it sourced assigns are dropped (once `finish` gave the project's files)."""
        if not self.sourcers:
            return reads
        reads = self._own_names(reads)
        scopes: dict[str, set[str]] = {}
        for read in reads:
            scopes.setdefault(read.file, set()).add(scope_of_read(read))
        libraries: dict[str, set[str]] = {}
        for tail, scripts in self.sourcers.items():
            for rel in scopes:
                # `lib/x.sh` from the repository, `/app/lib/x.sh` where the image copied it
                if rel == tail or rel.endswith("/" + tail) or tail.endswith("/" + rel):
                    libraries.setdefault(rel, set()).update(s for s in scripts if s != rel)
            for script in scripts:  # `/app/x.sh`, where a Dockerfile copied the project's `docker/x.sh`
                library = self._library(script, tail)
                if library is not None and library != script and library in scopes:
                    libraries.setdefault(library, set()).add(script)
        moved: dict[str, str] = {}
        for _ in range(_MAX_PASSES):
            changed = False
            for rel, scripts in libraries.items():
                if rel in moved or not scripts or "runtime" not in scopes[rel]:
                    continue
                theirs = [
                    {moved[s]} if s in moved else scopes.get(s, {self.own_scopes.get(s, "runtime")})
                    for s in scripts
                ]
                found = set().union(*theirs)
                if "runtime" not in found:
                    moved[rel] = next(scope for scope in _SETTLE_ORDER if scope in found)
                    changed = True
            if not changed:
                break
        if not moved:
            return reads
        return [
            replace(r, scope=moved[r.file]) if r.file in moved and scope_of_read(r) == "runtime" else r
            for r in reads
        ]

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
        """The reads of the sourced files no other discoverer reads."""
        self._read = read_file
        reads: list[Read] = []
        done: set[str] = set()
        for tail in sorted(self.tails):
            for rel in self.unread.get(tail.rsplit("/", 1)[-1], ()):
                if rel in done or not (rel == tail or rel.endswith("/" + tail)):
                    continue
                done.add(rel)
                text = read_file(rel)
                if text is not None:
                    reads.extend(discover_shell(text, rel))
        return reads


def _library_assigned(text: str) -> frozenset[str]:
    """The names a shell library assigns (not as a `local`): at its top level (`BACKUP_DIR='/backups'`,
    set as the script sources it) and in its functions (set once the script calls them)."""
    lines = text.splitlines()
    found: set[str] = set()
    for line in lines:
        if "=" in line and not line.lstrip().startswith("#") and not LOCAL_DECLARATION.search(line):
            found.update(name for name, _ in assigned_names(line))
    return frozenset(found)
