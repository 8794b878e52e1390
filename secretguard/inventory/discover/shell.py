"""Shell expansions: `$X`, `${X}`, `${X:-default}` and friends, in shell scripts and in the shell-like
strings of Dockerfiles, compose files and CI definitions.

A small scanner rather than a regex: single quotes, comments and quoted heredocs do not expand, so names there
are not reads. Only upper-case names count (lower-case ones are shell locals by convention), variables the
script assigns itself are left out after their first assignment, and the shell's own variables are ignored.

Indirect expansion is followed where the name is known: `${!var}` with `var` from a `for var in A B` list
(or a loop over an array of literal names, `for s in "${names[@]}"`), and docker-entrypoint helpers such
as `file_env 'DB_PASSWORD'`, whose `${!var}` / `${!fileVar}` (`$1` and `${var}_FILE`) read DB_PASSWORD and
its docker-secret file variant DB_PASSWORD_FILE; in POSIX sh the helper reads them with `printenv "$var"`
or `eval "val=\\${$var-}"`, followed the same way.
"""

from __future__ import annotations

import bisect
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, replace

import re2

from secretguard.inventory.discover.base import FILE_SOURCE, Read, scope_of_read
from secretguard.inventory.discover.shell_fill import fills, variable_default
from secretguard.inventory.discover.shell_host import (
    function_globals,
    host_installer,
    operator_script,
    release_names,
    task_runner,
)

# Set by the shell or the system, not by whoever deploys the application.
SYSTEM_NAMES = frozenset(
    """
    HOME PATH PWD OLDPWD USER LOGNAME SHELL IFS RANDOM LINENO BASH BASH_SOURCE BASH_VERSION BASH_REMATCH
    BASH_LINENO BASH_ARGV BASHPID HOSTNAME HOSTTYPE OSTYPE MACHTYPE UID EUID PPID SECONDS OPTARG OPTIND OPTERR
    REPLY TERM LANG LANGUAGE LC_ALL LC_CTYPE TMPDIR PS1 PS2 PS3 PS4 FUNCNAME PIPESTATUS SHLVL EPOCHSECONDS
    EPOCHREALTIME GROUPS COLUMNS LINES DIRSTACK HISTFILE HISTSIZE MAIL EDITOR PAGER DISPLAY CDPATH SHELLOPTS
    BASHOPTS COMP_WORDS COMP_CWORD COPROC PROMPT_COMMAND TZ
    RENEWED_LINEAGE RENEWED_DOMAINS CERTBOT_DOMAIN CERTBOT_VALIDATION CERTBOT_TOKEN CERTBOT_AUTH_OUTPUT
    """.split()
)  # the last row: what certbot sets for the hooks it runs (a renewal hook copying the new certificate)
# System names a server also takes as a setting (Next.js's standalone server binds to HOSTNAME): read as one
# when the script gives a fallback.
_SETTABLE_SYSTEM_NAMES = frozenset({"HOSTNAME"})
_ASSIGNMENT = re2.compile(
    # `)`: a case arm's pattern (`/*) LOG_PATH="${LOG_FILE}" ;;`); `!`: a negated command (`if ! LINE=$(..)`);
    # `eval "X=...`: the assignment eval runs
    r"(?:^|[;&|({)!]|\bthen|\bdo|\belse|\bexport|\blocal|\bdeclare|\breadonly|\btypeset|\blet|\beval\s+[\"'])\s*"
    r"(?:-[A-Za-z]+\s+)*([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?="
)
# After one assignment word, the next words of the same command that are assignments too: `CLR='' GREEN=''`
# sets both (a value is quoted or plain text, `$(...)` included).
_NEXT_ASSIGNMENT = re.compile(
    r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|\$\([^()]*\)|\\.|[^\s;&|'"()<>\\])*[ \t]+"""
    r"([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?="
)
_READ = re2.compile(r"\bread\s+(?:-[A-Za-z]+\s+(?:\"[^\"]*\"\s+|'[^']*'\s+)?)*([A-Za-z_][A-Za-z0-9_ ]*)")
_FOR = re2.compile(r"\b(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b")
# `getopts "ab:" OPTION`: getopts sets OPTION to each option letter (and OPTARG, OPTIND: shell names)
_GETOPTS = re2.compile(r"\bgetopts\s+(?:\"[^\"]*\"|'[^']*'|[^\s;&|]+)\s+([A-Za-z_][A-Za-z0-9_]*)")
# `readarray -d' ' -t ARR < <(...)`, `mapfile -t ARR`: bash fills the array ARR (options d n O s u C c take a
# value, joined or apart)
_MAPFILE = re2.compile(
    r"\b(?:readarray|mapfile)\s+"
    r"(?:-[A-Za-z]*[dnOsuCc][ \t]*(?:\"[^\"]*\"|'[^']*'|[^\s\"']+)\s+|-[A-Za-z]+\s+)*"
    r"([A-Za-z_][A-Za-z0-9_]*)"
)
_AFTER_NAME = ("", ":", "-", "=", "?", "+", "#", "%", "/", "^", ",", "[")
_HEREDOC = re2.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)(['\"]?)")


@dataclass(frozen=True, slots=True)
class Expansion:
    name: str
    line: int  # 1-based, relative to the scanned text
    optional: bool  # `${X:-d}`, `${X-d}`, `${X:=d}`, `${X:+alt}`: absence is handled
    default: str | None = None  # `d` of `${X:-d}` / `${X:=d}` when it is plain text (no expansion)
    offset: int = 0  # where its `$` is in the scanned text


def _name_at(text: str, i: int) -> int:
    j = i
    while j < len(text) and (text[j].isalnum() or text[j] == "_") and text[j].isascii():
        j += 1
    return j


def _brace_matches(text: str) -> dict[int, int]:
    """For every `${` (by the index after it), the index of its closing `}` on the same line, plain braces
    inside it balanced as the shell and compose do (`${X:-{}}` defaults to `{}`). One linear pass with a
    stack, so a line of a million unclosed `${` costs no more than reading it."""
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
        if ch == "{" and stack:
            stack.append(-1)  # a plain brace inside a default (`${X:-{}}`): it closes first
        elif ch == "}" and stack:
            opened = stack.pop()
            if opened >= 0:
                matches[opened] = i
        elif ch == "\n":
            stack.clear()
        i += 1
    return matches


def expansions(
    text: str, *, quotes: bool = True, comments: bool = True, dollar_escape: bool = False, _line: int = 1
) -> list[Expansion]:
    """Every `$NAME` / `${NAME...}` that the shell (quotes=True) or a template language (quotes=False:
    compose, CI strings) would expand in text."""
    scanner = _Scanner(text, quotes=quotes, comments=comments, dollar_escape=dollar_escape, line=_line)
    return scanner.run()


class _Scanner:
    """One pass over the text; each character that may start a construct has its handler (see `run`), which
    returns where scanning goes on, or -1 when the character is plain text here after all."""

    def __init__(self, text: str, *, quotes: bool, comments: bool, dollar_escape: bool, line: int) -> None:
        self.text = text
        self.size = len(text)
        self.quotes = quotes
        self.comments = comments
        self.dollar_escape = dollar_escape
        self.line = line
        self.out: list[Expansion] = []
        self.braces: dict[int, int] | None = None
        self.in_double = False
        self.heredocs: list[tuple[str, bool]] = []
        # open `$(` (with the double-quote state around it, restored at its `)`) and plain `(` inside them
        self.substitutions: list[bool | None] = []
        self.handlers: dict[str, Callable[[int], int]] = {"\n": self.newline, "$": self.dollar}
        if quotes:
            self.handlers.update({"\\": self.escape, "'": self.single, '"': self.double, "<": self.heredoc})
            self.handlers.update({"(": self.open_paren, ")": self.close_paren})
        if comments:
            self.handlers["#"] = self.comment

    def run(self) -> list[Expansion]:
        i = 0
        handlers = self.handlers
        while i < self.size:
            handler = handlers.get(self.text[i])
            after = handler(i) if handler is not None else -1
            i = i + 1 if after < 0 else after
        return self.out

    def newline(self, i: int) -> int:
        self.line += 1
        i += 1
        for word, expands in self.heredocs:
            i = self.heredoc_body(i, word, expands)
        self.heredocs.clear()
        return i

    def heredoc_body(self, i: int, word: str, expands: bool) -> int:
        """Skip a heredoc's body (its expansions read when its word is unquoted); where it ends."""
        text, size = self.text, self.size
        end = i
        while end < size:
            nl = text.find("\n", end)
            stop = size if nl < 0 else nl
            if text[end:stop].strip() == word:
                body = text[i:end]
                if expands:
                    self.out.extend(expansions(body, quotes=False, comments=False, _line=self.line))
                self.line += body.count("\n") + (1 if nl >= 0 else 0)
                return min(stop + 1, size)
            end = stop + 1
        self.line += text.count("\n", i, size)
        return size

    def escape(self, i: int) -> int:
        if i + 1 < self.size and self.text[i + 1] == "\n":
            self.line += 1
        return i + 2

    def single(self, i: int) -> int:
        if self.in_double:
            return -1
        end = self.text.find("'", i + 1)
        end = self.size if end < 0 else end
        self.line += self.text.count("\n", i, end)
        return end + 1

    def double(self, i: int) -> int:
        self.in_double = not self.in_double
        return i + 1

    def open_paren(self, i: int) -> int:
        if self.substitutions and not self.in_double:
            self.substitutions.append(None)
        return -1

    def close_paren(self, i: int) -> int:
        if self.substitutions and not self.in_double:
            outer = self.substitutions.pop()
            if outer is not None:
                self.in_double = outer  # back in the quotes around `"$(...)"`
        return -1

    def comment(self, i: int) -> int:
        if self.in_double or not (i == 0 or self.text[i - 1] in " \t\n;|&("):
            return -1
        end = self.text.find("\n", i)
        return self.size if end < 0 else end

    def heredoc(self, i: int) -> int:
        text = self.text
        if self.in_double or not text.startswith("<<", i) or text.startswith("<<<", i):
            return -1
        match = _HEREDOC.match(text[i : i + 200])
        if not match:
            return -1
        self.heredocs.append((match.group(2), not match.group(1)))
        return i + len(match.group(0))

    def dollar(self, i: int) -> int:
        text = self.text
        if self.dollar_escape and text.startswith("$$", i):
            return i + 2
        nxt = text[i + 1] if i + 1 < self.size else ""
        if nxt == "{":
            return self.braced(i)
        if nxt == "(" and self.quotes and not text.startswith("$((", i):
            # a command substitution quotes afresh: `"$(awk '{ print $NF }')"` has a single-quoted program
            self.substitutions.append(self.in_double)
            self.in_double = False
            return i + 2
        if nxt and (nxt.isalpha() or nxt == "_") and nxt.isascii():
            end = _name_at(text, i + 1)
            self.out.append(Expansion(text[i + 1 : end], self.line, False, offset=i))
            return end
        return -1

    def braced(self, i: int) -> int:
        """`${NAME}`, `${NAME:-default}` and the other operators."""
        if self.braces is None:
            self.braces = _brace_matches(self.text)
        end = self.braces.get(i + 2, -1)
        if end < 0:
            return i + 2
        inner = self.text[i + 2 : end]
        name_end = _name_at(inner, 0)
        name, rest = inner[:name_end], inner[name_end:]
        if name and not name[0].isdigit() and rest[:1] in _AFTER_NAME:
            op = rest[:2] if rest.startswith(":") else rest[:1]
            word = rest[len(op) :]
            default = _plain_default(word, self.in_double) if op in (":-", "-", ":=", "=") else None
            optional = op in (":-", "-", ":=", "=", ":+", "+")
            self.out.append(Expansion(name, self.line, optional, default, offset=i))
        # Go on inside the braces: a default may hold expansions of its own (`${A:-${B}}`).
        return i + 2 + max(name_end, 1)


def _plain_default(word: str, in_double: bool = False) -> str | None:
    """The default word of an expansion as the shell would hand it over, when it is plain text: no further
    expansion, command substitution or escape (`${X:-info}`, `${X:-"a b"}`); else None. Inside double
    quotes single quotes are literal: `"${X:-'info'}"` hands over `'info'`, quotes and all."""
    if in_double and len(word) >= 2 and word[0] == word[-1] == "'":
        inner = word[1:-1]
        return None if any(c in inner for c in "$`\\'\"") else word
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        word = word[1:-1]
    if any(c in word for c in "$`\\'\""):
        return None
    return word


def assigned_names(line: str) -> list[tuple[str, int]]:
    """The names one line assigns, each with the offset after its `=`: every assignment word that starts a
    command, and the words after it that are assignments too (`A=1 B=2`)."""
    out: list[tuple[str, int]] = []
    for match in _ASSIGNMENT.finditer(line):
        out.append((match.group(1), match.end()))
        at = match.end()
        while (following := _NEXT_ASSIGNMENT.match(line, at)) is not None:
            out.append((following.group(1), following.end()))
            at = following.end()
    return out


def assignments(text: str) -> dict[str, int]:
    """Names a script assigns (NAME=..., export NAME=..., read NAME, for NAME in, getopts spec NAME), with
    the first line."""
    first: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not (
            "=" in line
            or "read" in line
            or "for" in line
            or "select" in line
            or "getopts" in line
            or "mapfile" in line
        ):
            continue
        found = [name for name, _ in assigned_names(line)] if "=" in line else []
        found += [n for m in _READ.finditer(line) for n in m.group(1).split()]
        found += [m.group(1) for m in _FOR.finditer(line)]
        found += [m.group(1) for m in _GETOPTS.finditer(line)] if "getopts" in line else []
        found += [m.group(1) for m in _MAPFILE.finditer(line)] if "array" in line or "mapfile" in line else []
        for name in found:
            first.setdefault(name, number)
    return first


def _command_end(text: str, i: int) -> int:
    """Where the simple command holding offset i ends: the next `;`, `&&`, `||`, `|` or newline outside quotes
    and `${...}` / `$(...)`."""
    quote = ""
    depth = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"':
                i += 1
        elif ch in "\"'":
            quote = ch
        elif ch in "{(":
            depth += 1
        elif ch in "})":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ";|&\n":
            return i
        i += 1
    return i


def script_locals(text: str) -> dict[str, int]:
    """Names a script assigns itself, with the offset from which they are its own: the end of the first
    command assigning them (its value may still read the environment: `X="${X:-d}"`). Finer than
    `assignments`' lines, for one-line scripts such as a Dockerfile's `sh -c "A=x; echo $A"`."""
    out: dict[str, int] = {}
    start = 0
    for line in text.splitlines(keepends=True):  # `^` of the pattern is a line's start
        if "=" in line:
            for name, end in assigned_names(line):
                if name not in out:
                    out[name] = _command_end(text, start + end)
        if "declare" in line or "typeset" in line or "local" in line:  # `declare -A PROPS`: an array, a local
            for found in _DECLARED_ARRAY.finditer(line):
                out.setdefault(found.group(1), start + found.end())
        start += len(line)
    return out


# `declare -A NAME` / `local -a NAME` without a value: the shell's own array (no array comes from the
# environment), whatever is read from it later.
_DECLARED_ARRAY = re2.compile(
    r"(?:^|[;&|]|\bthen|\bdo)\s*(?:declare|typeset|local)\s+-[a-zA-Z]*[aA][a-zA-Z]*\s+([A-Za-z_][A-Za-z0-9_]*)"
)


# An inline script handed to a shell in single quotes: `bash -c 'H="${HOSTS:-x}"; wget ${H%%,*}'` (a
# Dockerfile's HEALTHCHECK or RUN). In double quotes the outer shell expands the names before the inner one
# runs, so they stay reads.
_INLINE_SCRIPT = re2.compile(r"\b(?:ba|da|z|k|a)?sh[ \t]+(?:-[A-Za-z]+[ \t]+)*-[A-Za-z]*c[ \t]+'([^']*)'")


def inline_locals(text: str) -> list[tuple[str, int, int]]:
    """(name, from, to): names an inline `sh -c '...'` script assigns itself, its own from the end of the
    assigning command to the end of the quoted script (a shell local of that command, as `script_locals`
    finds a script's)."""
    out: list[tuple[str, int, int]] = []
    if "-c" not in text:
        return out
    for match in _INLINE_SCRIPT.finditer(text):
        start, inner = match.start(1), match.group(1)
        out.extend((name, start + at, match.end(1)) for name, at in script_locals(inner).items())
    return out


def inline_local(name: str, offset: int, spans: list[tuple[str, int, int]]) -> bool:
    return any(own == name and start <= offset < end for own, start, end in spans)


def shell_reads(text: str) -> list[Expansion]:
    """The expansions of a script that read the environment: a name the script assigned before is its own
    (a shell local), not a read."""
    own = script_locals(text)
    return [e for e in expansions(text) if e.offset < own.get(e.name, len(text) + 1)]


def env_name(name: str) -> bool:
    """Environment variables are upper case by convention; the shell's own are left out."""
    return (
        bool(name)
        and any(c.isalpha() for c in name)
        and not any(c.islower() for c in name)
        and name not in SYSTEM_NAMES
    )


# A script that reads Go's target platform (`$GOOS`, `$GOARCH`) or runs `go build` builds or packages binaries
# (a cross-compile wrapper, a release helper): what it reads is the build's, not the running program's.
_GO_BUILD = re2.compile(r"\$\{?(?:GOOS|GOARCH)\b|\bgo\s+build\b")


# A script whose name says it is an example or a sample (`post-consumption-example.sh`, `example-hook.sh`,
# `backup.sample.sh`) is documentation to copy, not something the application runs.
_EXAMPLE_WORDS = frozenset({"example", "examples", "sample", "samples"})
_NAME_WORDS = re2.compile(r"[-_.]+")
# Commands run on a developer's or operator's host, never inside the application's own container: a script in
# the top-level `scripts/` that runs them (`docker run ... ${IMAGE_NAME}`, `docker push`, `aws s3 sync`,
# `gsutil cp`, `kubectl apply`) is developer tooling, `build` when all it runs is an image build (`docker
# buildx build`). An entrypoint is never moved.
_HOST_COMMAND = re2.compile(
    r"(?:^|[;&|(`{]|\$\(|\bthen|\bdo|\belse|\bsudo|\bexec)[ \t]*"
    r"(docker(?:-compose)?|podman|kubectl|helm|gsutil|gcloud|aws[ \t]+s3|az[ \t]+storage)(?:[ \t]+(\w+))?"
    r"(?:[ \t]+(\w+))?(?:[ \t]|$)"
)
# A client of an HTTP API that writes through it (`curl --request POST`, `curl -d ...`, `wget --post-data`):
# in the top-level `scripts/` such a script is a user's helper (create a user, upload data), run from a
# shell against the running app; a container's own healthcheck only reads.
_API_WRITE = re2.compile(
    r"\b(?:curl\b[^\n]*?[ \t](?:-X[ \t]*|--request[ \t]+)(?:POST|PUT|PATCH|DELETE)\b"
    r"|curl\b[^\n]*?[ \t](?:-d|--data(?:-\w+)?|-F|--form)[ \t=]|wget\b[^\n]*?--post-(?:data|file)\b)"
)
_IMAGE_BUILDS = frozenset({"build", "buildx"})
_IMAGE_PUBLISH = frozenset({"tag", "push", "manifest"})  # what an image's build script does with it then
_DEV_FOLDERS = ("scripts/", "script/")
# Release and dependency upkeep: pinning requirements (`pip-compile`, `python -m piptools compile`,
# `poetry lock`), bumping and publishing versions (`npm version`, `twine upload`, `git tag`), GitHub
# releases (`gh release create`, the REST API's `/releases`). A maintainer runs such a script on their
# machine; the running application never does.
_MAINTENANCE = re2.compile(
    r"\bpip-compile\b|\bpip-sync\b|\bpiptools[ \t]+(?:compile|sync)\b|\bpoetry[ \t]+(?:lock|update)\b"
    r"|\buv[ \t]+(?:lock|pip[ \t]+compile)\b|\b(?:npm|yarn|pnpm)[ \t]+(?:version|publish)\b"
    r"|\btwine[ \t]+upload\b|\bgit[ \t]+tag\b|\bgh[ \t]+release\b|\bbump2?version\b"
    r"|api\.github\.com/repos/|\brepos/[^\s\"']*/releases\b"
)
# Folders of a repository's own tools and scripts (`bin/` also holds entrypoints: only upkeep moves there).
_TOOL_FOLDERS = ("scripts/", "script/", "bin/", "tools/")


def maintenance_script(file: str, text: str) -> bool:
    """A script in the repository's tool folders (not an entrypoint) that does release or dependency
    upkeep: developer tooling, `dev` scope."""
    path = file.replace("\\", "/")
    name = path.rsplit("/", 1)[-1].lower()
    return path.startswith(_TOOL_FOLDERS) and "entrypoint" not in name and bool(_MAINTENANCE.search(text))


def script_scope(file: str, text: str) -> str | None:
    """`example` for an example script, `dev` (or `build`) for a host-side developer script (see above);
    None when the script's place decides (`runtime` unless its folder says otherwise)."""
    path = file.replace("\\", "/")
    name = path.rsplit("/", 1)[-1].lower()
    if any(word in _EXAMPLE_WORDS for word in _NAME_WORDS.split(name)):
        return "example"
    if maintenance_script(path, text):
        return "dev"
    if operator_script(path, text) or host_installer(path, text) or task_runner(path, text):
        return "dev"  # run on the operator's or developer's machine (shell_host.py)
    if "build" in _NAME_WORDS.split(name) and "entrypoint" not in name:
        return "build"  # `build.sh`, `docker-build.sh`: run by a Dockerfile's RUN or on the host to build
    # a script beside the Dockerfile (`docker/build.sh`) may be the image's entrypoint: only one that
    # builds the image itself runs on the host
    beside_image = "docker" in path.split("/")[:-1]
    if not (path.startswith(_DEV_FOLDERS) or beside_image) or "entrypoint" in name:
        return None
    found: set[str] = set()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            for match in _HOST_COMMAND.finditer(stripped):
                tool, sub, third = match.group(1), match.group(2) or "", match.group(3) or ""
                image = tool in ("docker", "podman") and (sub in _IMAGE_BUILDS or third == "build")
                publish = tool in ("docker", "podman") and sub in _IMAGE_PUBLISH
                found.add("build" if image else "publish" if publish else "dev")
    if path.startswith(_DEV_FOLDERS):
        if ("curl" in text or "wget" in text) and _API_WRITE.search(text.replace("\\\n", " ")):
            found.add("dev")  # writes through the app's API from the user's shell
        return None if not found else "build" if found == {"build"} else "dev"
    if "build" not in found:
        return None
    return "build" if found <= {"build", "publish"} else "dev"  # it builds the image, tags and pushes it


def discover_shell(text: str, file: str, source: str = "shell") -> list[Read]:
    reads = _shell_reads(text, file, source)
    scope = script_scope(file, text) if reads else None
    if scope is None:
        return reads
    return [replace(r, scope=scope) if scope_of_read(r) == "runtime" else r for r in reads]


def discover_package_scripts(text: str, file: str, runtime: Callable[[str], bool]) -> list[Read]:
    """package.json's scripts that start the app (`"start:x11": "DISPLAY=\"${DISPLAY:=:0}\" electron ."`,
    `runtime` says which): their commands are shell lines npm runs, whose expansions read the environment."""
    if "$" not in text:
        return []  # no expansion anywhere: nothing to parse for
    try:
        data = json.loads(text)
    except ValueError:
        return []
    scripts = data.get("scripts") if isinstance(data, dict) else None
    if not isinstance(scripts, dict):
        return []
    lines = text.splitlines()
    out: list[Read] = []
    for name, command in scripts.items():
        if not (isinstance(name, str) and isinstance(command, str) and "$" in command and runtime(name)):
            continue
        key = f'"{name}"'
        line = next((n for n, t in enumerate(lines, 1) if key in t), 1)
        out.extend(replace(r, line=line) for r in _shell_reads(command, file, "package-script"))
    return out


def discover_procfile(text: str, file: str) -> list[Read]:
    """A Procfile's commands are shell lines (`worker: celery --concurrency=${CELERY_CONCURRENCY:-1}`): their
    expansions read the environment the platform starts each process with."""
    commands = "\n".join(
        " " * (len(line) - len(command)) + command if sep else ""
        for line in text.splitlines()
        for _, sep, command in [line.partition(":")]
    )
    return _shell_reads(commands, file, "procfile")


def _fallback_expression(text: str, exp: Expansion) -> bool:
    """`${X:=$(compute)}`, `${X:-$OTHER}`: the fallback is an expression, no literal the places can share."""
    at = exp.offset + 2 + len(exp.name)
    if not text.startswith("${", exp.offset) or not text.startswith((":-", ":=", "-", "="), at):
        return False
    at += 2 if text[at] == ":" else 1
    return at < len(text) and text[at] != "}"


def _top_assignments(line: str) -> list[str]:
    return [name for name, _ in assigned_names(line)]


# What separates one simple command from the next on a line, and the words that open a command's list.
_COMMAND_BREAK = re2.compile(r"(?:;|&&|\|\||\||\$\(|`|\b(?:then|do|else)\b)")
_DISPLAY_COMMANDS = frozenset({"echo", "printf"})


def displayed(text: str, offset: int) -> bool:
    """Whether the expansion at offset is an argument of `echo` or `printf` (a message, not a setting)."""
    start = text.rfind("\n", 0, offset) + 1
    segment = _COMMAND_BREAK.split(text[start:offset])[-1]
    words = segment.split()
    return bool(words) and words[0] in _DISPLAY_COMMANDS


_GETOPTS_SPEC = re.compile(r"""\bgetopts\s+["']?:?([A-Za-z:]+)["']?\s+\w+""")


def _getopts_letters(text: str) -> set[str]:
    """The option letters a `getopts` loop whose `eval` sets each as a variable of that name gives."""
    if "getopts" not in text or "eval" not in text:
        return set()
    return {c for found in _GETOPTS_SPEC.finditer(text) for c in found.group(1) if c != ":"}


def _shell_reads(text: str, file: str, source: str) -> list[Read]:
    assigned = assignments(text)
    own = script_locals(text)
    scope = "build" if _GO_BUILD.search(text) else None
    hosts = release_names(text)  # the host OS's, from a sourced /etc/os-release
    globals_ = function_globals(text, _top_assignments)  # functions' reads of the script's own globals
    reads = _fill_reads(text, file, source, scope, assigned, hosts)
    filled = {(r.name, r.line) for r in reads}
    lines = text.splitlines()
    options = _getopts_letters(text)
    for exp in expansions(text):
        if exp.name in options:
            continue  # `while getopts "P:F:" arg; do eval $arg=...`: the option's variable, set by the script
        configured = exp.name in _SETTABLE_SYSTEM_NAMES and bool(
            exp.default
        )  # `${HOSTNAME:-::}`: a bind host
        if not (env_name(exp.name) or configured) or exp.name in hosts or (exp.name, exp.line) in filled:
            continue
        if any(start <= exp.line <= end for start, end in globals_.get(exp.name, ())):
            continue
        first = assigned.get(exp.name)
        elsewhere = first is not None and exp.line > first and _other_branch(lines, exp.name, first, exp.line)
        after_set = (first is not None and exp.line > first) or exp.offset >= own.get(exp.name, len(text) + 1)
        if after_set and not elsewhere:
            continue  # the script's own variable after it set it
        # `${X:-}` expands as `$X` does when X is unset (it only survives `set -u`): no fallback value;
        # `echo "path: ${X:-default}"` only shows a word for an unset X, no value the program falls back to
        shown = displayed(text, exp.offset)
        default = None if shown else exp.default or None
        if default is None and not shown and exp.optional:
            held = variable_default(text, exp.offset)  # `${X:-$fallback}` after `fallback='lit'`
            default = _plain_default(held) or None if held is not None else None
        computed = default is None and not shown and _fallback_expression(text, exp)
        reads.append(
            Read(
                exp.name,
                file,
                exp.line,
                exp.optional,
                source,
                default=default,
                scope=scope,
                computed_default=computed,
            )
        )
    if "${!" in text or "file_env" in text or "printenv" in text or "eval" in text or _lists_env(text):
        reads.extend(_Indirect(text, file, source).reads())
    return reads


_IF_OPEN = re.compile(r"^\s*(?:if|case)\b")
_IF_CLOSE = re.compile(r"^\s*(?:fi|esac)\b")
_IF_OTHER = re.compile(r"^\s*(?:elif|else)\b")


def _other_branch(lines: list[str], name: str, assigned: int, read: int) -> bool:
    """The read (line) is in another branch of the `if` whose branch assigned the name (line), one that does
    not assign it before: `if [ -f /run/secrets/x ]; then X=$(< ...); elif [ -z ${X+x} ]; then ...`: the
    `elif` tests the environment's X."""
    depth = 0
    other = False
    for number in range(assigned + 1, min(read, len(lines)) + 1):
        line = lines[number - 1]
        if other and "=" in line and any(n == name for n, _ in assigned_names(line)):
            return False  # `else X=/etc/b.cnf; touch "$X"`: this branch sets its own
        if _IF_CLOSE.match(line):
            if depth == 0:
                return False  # the `if` ended before the read: the name may be the script's
            depth -= 1
        elif _IF_OPEN.match(line) and not _IF_CLOSE.search(line.rsplit(";", 1)[-1]):
            depth += 1
        elif depth == 0 and _IF_OTHER.match(line):
            other = True
    return other


def _fill_reads(
    text: str, file: str, source: str, scope: str | None, assigned: dict[str, int], hosts: frozenset[str]
) -> list[Read]:
    """The reads of fill-a-default idioms (shell_fill.py), with the filled value as their default. A test of
    whether X is set at all (`-v X`, `${X+x}`) reads the environment even after a branch that set X (`if [ -f
    secret ]; then X=...; elif [ -z ${X+x} ]; then X=d`); an emptiness test only before the script sets X."""
    out: list[Read] = []
    for fill in fills(text):
        if not env_name(fill.name) or fill.name in hosts:
            continue
        line = text.count("\n", 0, fill.offset) + 1
        first = assigned.get(fill.name)
        if not fill.set_test and first is not None and first < line:
            continue
        default = _plain_default(fill.value) or None
        computed = default is None and bool(fill.value)
        out.append(
            Read(fill.name, file, line, True, source, default=default, scope=scope, computed_default=computed)
        )
    return out


# --- indirect expansion -------------------------------------------------------------------------------------

_FUNCTION = re2.compile(
    r"^([ \t]*)(?:function[ \t]+([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(?:\([ \t]*\))?"
    r"|([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\([ \t]*\))[ \t]*\{?[ \t]*(?:#.*)?$"
)
_INDIRECT = re2.compile(r"\$\{!([A-Za-z_][A-Za-z0-9_]*)(?:\}|(:?[-=?+]))")
# POSIX sh has no `${!var}`: `printenv "$var"` is its indirect read (docker entrypoints' `file_env` in sh)
_PRINTENV = re2.compile(r"\bprintenv[ \t]+\"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?\"?(?:$|[\s;&|)`])")


# ... or `eval echo \$"$var"` (`eval echo "\$$var"`): the escaped `$` before the name the variable holds
_EVAL_ECHO = re2.compile(
    r"\beval[ \t]+echo[ \t]+\"?\\\$\"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?\"?(?:$|[\s;&|)`])"
)


# ... or the environment's listing filtered by the name: `env | grep -E "^${var}=" | sed ...`
_ENV_GREP = re2.compile(r"\benv[ \t]*\|[ \t]*grep\b[^|\n]*?[\"']\^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?=")


# `eval export X=\$${app}_PORT`, `eval "v=\${PREFIX_${app}}"`, `eval var="\$${1}_FILE"`: the escaped `$`
# survives the first expansion, so eval reads the variable whose name the loop variable (or a function's
# positional argument) completes (literal text, variable, literal text).
_EVAL_REF = re2.compile(
    r"\\\$(\{?)([A-Za-z0-9_]*)\$(?:\{([A-Za-z_][A-Za-z0-9_]*|[0-9])\}|([A-Za-z_][A-Za-z0-9_]*|[0-9]))([A-Za-z0-9_]*)"
)


def _eval_refs(line: str) -> list[tuple[str, str, str, bool]]:
    """(prefix, variable, suffix, fallback given) of each name an `eval`ed line builds from one variable."""
    found: list[tuple[str, str, str, bool]] = []
    for match in _EVAL_REF.finditer(line):
        after = line[match.end() : match.end() + 1]
        # the name ends here: a braced one at its `}` (or an operator), a plain one before any expansion
        if after in ("}", ":", "-") if match.group(1) else after not in ("$", "{"):
            optional = after in (":", "-")  # `\${X_${app}:-d}`
            found.append((match.group(2), match.group(3) or match.group(4), match.group(5), optional))
    return found


def _lists_env(text: str) -> bool:
    return "grep" in text and _ENV_GREP.search(text) is not None


def _indirect_refs(line: str) -> list[tuple[str, bool, str | None]]:
    """The variables whose value names the variable a line reads, each with whether a default is given and
    the default when it is plain text: `${!var}`, `${!var:-d}`, `${!a:-${!b:-d}}` (both), `printenv "$var"`,
    `env | grep "^${var}="`."""
    found: list[tuple[str, bool, str | None]] = []
    if "${!" in line:
        braces = _brace_matches(line)
        for match in _INDIRECT.finditer(line):  # each `${!` where it starts: nested ones too
            op = match.group(2)
            default = None
            if op in (":-", "-", ":=", "="):
                end = braces.get(match.start() + 2, -1)
                word = line[match.end() : end] if end >= 0 else ""
                default = _plain_default(word) or None
            found.append((match.group(1), op is not None, default))
    if "printenv" in line:
        found.extend((m.group(1), False, None) for m in _PRINTENV.finditer(line))
    if "eval" in line:
        found.extend((m.group(1), False, None) for m in _EVAL_ECHO.finditer(line))
    if "grep" in line:
        found.extend((m.group(1), False, None) for m in _ENV_GREP.finditer(line))
    return found


_VALUE = re2.compile(
    r"(?:^|[\s;&|(])(?:(?:local|declare|typeset|readonly|export)[ \t]+(?:-[A-Za-z]+[ \t]+)*)?"
    r"([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|[^\s;&|)]*)"
)
_FOR_LIST = re2.compile(r"\bfor[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+in[ \t]+([^;\n]*)")
# `PREFIX_${var}_SUFFIX`, `$1`, `"${var}"_FILE` once quotes are dropped
_TEMPLATE = re2.compile(
    r"^([A-Za-z0-9_]*)\$(?:\{([A-Za-z_][A-Za-z0-9_]*|[0-9])\}|([A-Za-z_][A-Za-z0-9_]*|[0-9]))([A-Za-z0-9_]*)$"
)
_POSITIONAL_2 = re2.compile(r"\$(?:2\b|\{2[:}-])")
_WORD = re2.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# `names=( "DB_PASSWORD" "APP_KEY" )` (also over several lines) and a loop over it, `"${names[@]}"`
_ARRAY_START = re2.compile(
    r"^\s*(?:(?:local|declare|typeset|readonly)[ \t]+(?:-[A-Za-z]+[ \t]+)*)?([A-Za-z_][A-Za-z0-9_]*)=\("
)
_ARRAY_USE = re2.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\[[@*]\]\}$")
_COMMANDS = re2.compile(r"\s*(?:;|&&|\|\||\|)\s*")  # a line's simple commands (quotes aside)
_LEADING = frozenset({"do", "then", "else", "{", "(", "!", "if", "while", "until"})
_DO_DONE = re2.compile(r"(?:^|[\s;&|])(do|done)(?:$|[\s;&|)])")
# Known helpers used without their definition in the file (sourced from the image's entrypoint).
_KNOWN_HELPERS = {"file_env": ((1, "", "", True), (1, "", "_FILE", True))}
_MAX_NAMES = 256
_MAX_LOOPS_BACK = 16  # enclosing loops looked at for a loop variable


def do_done_pairs(lines: list[str]) -> list[tuple[int, int]]:
    """(line of a `do`, line of its `done`) for every loop body, in the order of the `do`s: one pass."""
    open_dos: list[int] = []
    pairs: dict[int, int] = {}
    order: list[int] = []
    for number, line in enumerate(lines, 1):
        if "do" not in line or line.lstrip().startswith("#"):
            continue
        for word in _DO_DONE.findall(line.split(" #", 1)[0]):
            if word == "do":
                open_dos.append(len(order))
                order.append(number)
            elif open_dos:
                pairs[open_dos.pop()] = number
    return [(line, pairs.get(i, len(lines))) for i, line in enumerate(order)]


def indirect_reads(
    text: str, file: str, source: str, loops: dict[str, list[tuple[int, int, list[str]]]]
) -> list[Read]:
    """The `${!var}` reads of a script, more loops giving their variable names: var -> (first line, last
    line, names), from loops over a file's keys (shell_key_loops.py)."""
    indirect = _Indirect(text, file, source)
    for var, spans in loops.items():
        indirect.loops[var] = sorted([*indirect.loops.get(var, []), *spans])
    return indirect.reads()


@dataclass(frozen=True, slots=True)
class _Helper:
    reads: tuple[tuple[int, str, str, bool], ...]  # (positional argument, prefix, suffix, optional)
    default_arg: int | None  # the positional argument that is the default of the plain read
    start: int  # its definition's lines (1-based), where calls are not looked for
    end: int


class _Indirect:
    """`${!var}` reads: resolved through `for var in A B` lists, `var="${other}_FILE"` assignments and, in
    a function, `var="$1"` (then each call of the function names the variable)."""

    def __init__(self, text: str, file: str, source: str) -> None:
        self.lines = text.splitlines()
        self.file = file
        self.source = source
        self.functions: list[tuple[str, int, int]] = []  # (name, first line, last line)
        self.assigned: dict[tuple[str | None, str], list[str]] = {}  # (function, var) -> raw values
        self.loops: dict[str, list[tuple[int, int, list[str]]]] = {}  # var -> (first, last line, words)
        self.owner: dict[int, tuple[str, int, int]] = {}  # line -> the function whose body it is in
        self._dones = self._match_do_done()
        self.arrays = self._arrays()
        self._scan()

    def _scan(self) -> None:
        open_fn: tuple[str, int, int] | None = None  # (name, indent, first line)
        for number, line in enumerate(self.lines, 1):
            stripped = line.strip()
            if stripped.startswith("#"):
                continue
            if open_fn is None:
                match = _FUNCTION.match(line)
                if match:
                    open_fn = (match.group(2) or match.group(3), len(match.group(1)), number)
            elif stripped.startswith("}") and len(line) - len(line.lstrip()) <= open_fn[1]:
                function = (open_fn[0], open_fn[2], number)
                self.functions.append(function)
                self.owner.update(dict.fromkeys(range(open_fn[2] + 1, number + 1), function))
                open_fn = None
            scope = open_fn[0] if open_fn is not None and open_fn[2] != number else None
            for match in _VALUE.finditer(line):
                value = match.group(2)
                if value[:1] in "'\"" and value[-1:] == value[:1] and len(value) >= 2:
                    value = value[1:-1]
                self.assigned.setdefault((scope, match.group(1)), []).append(value.replace('"', ""))
            for match in _FOR_LIST.finditer(line):
                words = [w.strip("'\"") for w in match.group(2).split()]
                words = words[: words.index("do")] if "do" in words else words
                array = _ARRAY_USE.match(words[0]) if len(words) == 1 else None
                if array is not None:
                    words = self.arrays.get(array.group(1), [])
                if words and all(_WORD.match(w) for w in words):
                    span = (number, self._loop_end(number), words)
                    self.loops.setdefault(match.group(1), []).append(span)

    def _arrays(self) -> dict[str, list[str]]:
        """Arrays of literal names (`names=( "A" "B" )`, one line or several): what a loop over
        `"${names[@]}"` gives its variable. An array holding anything else gives nothing."""
        arrays: dict[str, list[str]] = {}
        number = 0
        while number < len(self.lines):
            match = _ARRAY_START.match(self.lines[number])
            number += 1
            if match is None:
                continue
            body = self.lines[number - 1][match.end() :]
            while ")" not in body and number < len(self.lines) and len(body) < 20_000:
                body += " " + self.lines[number].split("#", 1)[0]
                number += 1
            words = [w.strip("'\"") for w in body.split(")", 1)[0].split()]
            arrays[match.group(1)] = words if all(_WORD.match(w) for w in words) else []
        return arrays

    def _match_do_done(self) -> list[tuple[int, int]]:
        return do_done_pairs(self.lines)

    def _loop_end(self, start: int) -> int:
        """The line of the `done` that closes the loop starting at line start (its first `do` from there)."""
        i = bisect.bisect_left(self._dones, (start, 0))
        return self._dones[i][1] if i < len(self._dones) else len(self.lines)

    def _loop_words(self, var: str, line: int) -> list[str]:
        """The words the `for var in ...` loops around line give var: the nearest loops that start before
        it (loops are listed in order; a few enclosing ones at most are looked at)."""
        spans = self.loops.get(var, [])
        i = bisect.bisect_right(spans, (line, len(self.lines) + 1, []))
        words: list[str] = []
        for start, end, given in spans[max(0, i - _MAX_LOOPS_BACK) : i][::-1]:
            if start <= line <= end:
                words.extend(given)
                if len(words) >= _MAX_NAMES:
                    break
        return words

    def _function_at(self, number: int) -> tuple[str, int, int] | None:
        return self.owner.get(number)

    def resolve(self, var: str, scope: str | None, line: int, depth: int = 0) -> list[tuple[str, str, str]]:
        """What `${!var}` at line names: (prefix, word or `$N`, suffix), the word a literal name from a loop
        around the line, `$N` the function's argument."""
        if depth > 6:
            return []
        found = [("", w, "") for w in self._loop_words(var, line)]
        values = self.assigned.get((scope, var)) or self.assigned.get((None, var)) or []
        for value in values:
            match = _TEMPLATE.match(value)
            if match is None:
                continue
            prefix, ref, suffix = match.group(1), match.group(2) or match.group(3), match.group(4)
            if ref.isdigit():
                found.append((prefix, f"${ref}", suffix))
            else:
                found.extend(
                    (prefix + p, w, s + suffix) for p, w, s in self.resolve(ref, scope, line, depth + 1)
                )
        return found[:_MAX_NAMES]

    def read(
        self, name: str, line: int, optional: bool, suffix: str, default: str | None = None
    ) -> Read | None:
        if not env_name(name):
            return None
        if suffix.endswith("_FILE"):
            return Read(name, self.file, line, True, FILE_SOURCE)
        return Read(name, self.file, line, optional, self.source, default=default)

    def reads(self) -> list[Read]:
        helpers = self._helpers()
        out: list[Read] = []
        for number, line in enumerate(self.lines, 1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            fn = self._function_at(number)
            scope = fn[0] if fn else None
            out.extend(self._indirect_reads(line, number, scope))
            if "eval" in line:
                out.extend(self._eval_reads(line, number, scope))
            if helpers:
                out.extend(self._helper_calls(helpers, stripped, number, scope))
        return list(dict.fromkeys(out))

    def _helpers(self) -> dict[str, _Helper]:
        """The script's functions that read the variable an argument names (`${!1}`, `${!var}` with
        `var=$1`), and the usual entrypoint helpers (`file_env`) when the script calls one it does not
        define."""
        helpers: dict[str, _Helper] = {}
        for fn_name, start, end in self.functions:
            helper_reads: dict[tuple[int, str, str], bool] = {}
            for number in range(start, end + 1):
                line = self.lines[number - 1]
                if line.lstrip().startswith("#"):
                    continue
                # `${!var}` / `printenv "$var"`, and POSIX sh's `eval "val=\${$var-}"`
                refs = [("", var, "", opt) for var, opt, _default in _indirect_refs(line)]
                refs += _eval_refs(line) if "eval" in line else []
                for before, var, after, has_default in refs:
                    # `eval var="\$${1}"` (docker-library's sh `file_env`): the positional itself
                    resolved = [("", "$" + var, "")] if var.isdigit() else self.resolve(var, fn_name, number)
                    for prefix, ref, suffix in resolved:
                        if ref.startswith("$"):
                            key = (int(ref[1:]), before + prefix, suffix + after)
                            helper_reads[key] = helper_reads.get(key, False) or has_default
            if helper_reads:
                body = "\n".join(self.lines[start:end])
                plain = (1, "", "") in helper_reads
                default_arg = 2 if plain and _POSITIONAL_2.search(body) else None
                reads = tuple((n, p, s, opt) for (n, p, s), opt in helper_reads.items())
                helpers[fn_name] = _Helper(reads, default_arg, start, end)
        for name, reads in _KNOWN_HELPERS.items():
            if name not in helpers and not any(f[0] == name for f in self.functions):
                helpers[name] = _Helper(reads, 2, 0, 0)
        return helpers

    def _indirect_reads(self, line: str, number: int, scope: str | None) -> list[Read]:
        """`${!var}` outside any helper: the names literal loops give var."""
        out: list[Read] = []
        for var, has_default, default in _indirect_refs(line):
            for prefix, ref, suffix in self.resolve(var, scope, number):
                if not ref.startswith("$"):
                    found = self.read(prefix + ref + suffix, number, has_default, suffix, default)
                    if found is not None:
                        out.append(found)
        return out

    def _eval_reads(self, line: str, number: int, scope: str | None) -> list[Read]:
        r"""`eval export X=\$${app}_PORT` in `for app in WEB API`: WEB_PORT and API_PORT."""
        out: list[Read] = []
        for before, var, after, optional in _eval_refs(line):
            for prefix, ref, suffix in self.resolve(var, scope, number):
                if not ref.startswith("$"):
                    name = before + prefix + ref + suffix + after
                    found = self.read(name, number, optional, suffix + after)
                    out.extend([found] if found is not None else [])
        return out

    def _helper_calls(
        self, helpers: dict[str, _Helper], stripped: str, number: int, scope: str | None
    ) -> list[Read]:
        """Calls of the helpers on one line (outside the helper's own body)."""
        out: list[Read] = []
        for command in _COMMANDS.split(stripped):
            words = command.split()
            while words and words[0] in _LEADING:
                words.pop(0)
            helper = helpers.get(words[0]) if words else None
            if helper is not None and not helper.start <= number <= helper.end:
                out.extend(self._call(helper, " ".join(words), number, scope))
        return out

    def _call(self, helper: _Helper, command: str, number: int, scope: str | None) -> list[Read]:
        """`file_env 'DB_PASSWORD' 'default'`: the helper's reads of the names its arguments give."""
        try:
            words = shlex.split(command, comments=True)
        except ValueError:
            return []
        args = words[1:]
        default = None
        if helper.default_arg is not None and len(args) >= helper.default_arg:
            given = args[helper.default_arg - 1]
            default = given if "$" not in given and "`" not in given else None
        out: list[Read] = []
        for position, prefix, suffix, optional in helper.reads:
            if position > len(args):
                continue
            arg = args[position - 1]
            if _WORD.match(arg):
                names = [arg]
            elif (match := _TEMPLATE.match(arg)) is not None and not (
                match.group(2) or match.group(3)
            ).isdigit():
                names = [
                    match.group(1) + p + w + s + match.group(4)
                    for p, w, s in self.resolve(match.group(2) or match.group(3), scope, number)
                    if not w.startswith("$")
                ]
            else:
                continue
            for name in names:
                has_default = helper.default_arg is not None and len(args) >= helper.default_arg
                found = self.read(
                    prefix + name + suffix,
                    number,
                    optional or has_default,
                    suffix,
                    default if suffix == "" and prefix == "" else None,
                )
                if found is not None:
                    out.append(found)
        return out
