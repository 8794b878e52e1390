"""CODEOWNERS: who owns a path of the repository, as GitHub and GitLab read the file.

- The file is the first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`, `.gitlab/CODEOWNERS`.
- Each line is `PATTERN OWNER...`; blank lines and `#` comments are skipped, and so is an inline comment
  (`#` after whitespace). A pattern with no owners un-sets ownership for what it matches.
- The last matching pattern wins. GitLab `[Section]` headers (`^[Optional]`, `[Name][2]`, with default
  owners after the header) start a new section: each section has its own last match, and the owners of every
  section that matches are combined, as GitLab does. A file without headers is one section (GitHub).
- Patterns are gitignore-style: a leading `/` or a `/` inside the pattern anchors it at the repository root,
  otherwise it matches at any depth; a trailing `/` matches a directory (everything under it); `*` and `?`
  do not cross `/`; `**/` is any number of directories, `/**` everything inside; `[abc]` is a character
  class; `\\ ` and `\\#` escape a space and a leading `#`. A pattern matches a file and everything under a
  directory it names, except that `dir/*` matches only the direct children of `dir` (GitHub's rule).
  Negation (`!`) is not supported by GitHub: such lines are skipped, and reported as problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from secretguard.safe_read import RefusedInput, read_regular_file

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
CATCH_ALL = frozenset({"*", "/", "**", "/**", "/*"})  # patterns that match every path
MAX_SIZE = 3 * 1024 * 1024  # GitHub ignores larger CODEOWNERS files
_SECTION = re.compile(r"^\^?\[([^\]]+)\](?:\[\d+\])?(?:\s+(.*))?$")


@dataclass(frozen=True, slots=True)
class OwnerRule:
    """One CODEOWNERS line: a pattern and its owners (not a detection rule: those are scan/rules.py's)."""

    pattern: str
    owners: tuple[str, ...]
    line: int
    section: str
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Match:
    owners: tuple[str, ...]
    rules: tuple[OwnerRule, ...]  # the deciding rule of each section that gave owners
    source: str  # the CODEOWNERS file, relative to the repository

    def describe(self) -> str:
        """`.github/CODEOWNERS:12 /services/api/` (every deciding line, for the reader to check)."""
        return ", ".join(f"{self.source}:{r.line} {r.pattern}" for r in self.rules)


@dataclass(slots=True)
class CodeOwners:
    rules: list[OwnerRule] = field(default_factory=list)
    source: str = "CODEOWNERS"
    problems: list[str] = field(default_factory=list)  # lines skipped, with why (never their text)

    def owners_for(self, path: str) -> Match | None:
        """The owners of a repository-relative path (`/`-separated), or None when no rule gives any."""
        path = path.replace("\\", "/").strip("/")
        while path.startswith("./"):
            path = path[2:]
        if not path:
            return None
        deciding: dict[str, OwnerRule] = {}
        for rule in self.rules:
            if rule.regex.fullmatch(path):
                deciding[rule.section] = rule  # the last match of each section wins
        owners: list[str] = []
        rules: list[OwnerRule] = []
        for rule in deciding.values():
            if rule.owners:
                rules.append(rule)
                owners += [o for o in rule.owners if o not in owners]
        if not owners:
            return None
        return Match(tuple(owners), tuple(rules), self.source)

    def default_owners(self) -> Match | None:
        """The repository's default owners: the last catch-all rule (`*`, `/`, `**`, `/**`, `/*`) of each
        section, for exposures that have no path in the repository (a CI log, a commit message)."""
        deciding: dict[str, OwnerRule] = {}
        for rule in self.rules:
            if rule.pattern in CATCH_ALL:
                deciding[rule.section] = rule
        owners: list[str] = []
        rules: list[OwnerRule] = []
        for rule in deciding.values():
            if rule.owners:
                rules.append(rule)
                owners += [o for o in rule.owners if o not in owners]
        return Match(tuple(owners), tuple(rules), self.source) if owners else None


def find_codeowners(repo: Path) -> Path | None:
    for relative in LOCATIONS:
        candidate = repo / relative
        if candidate.is_file():
            return candidate
    return None


def load_codeowners(repo: Path) -> CodeOwners | None:
    """The repository's CODEOWNERS rules, or None when it has no CODEOWNERS file."""
    path = find_codeowners(repo)
    if path is None:
        return None
    source = path.relative_to(repo).as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_SIZE:
            return CodeOwners(
                [], source, [f"{source} is larger than 3 MiB and was not read (GitHub ignores it)"]
            )
        text = read_regular_file(path, roots=None, max_bytes=MAX_SIZE).decode("utf-8", errors="replace")
    except RefusedInput as exc:
        return CodeOwners([], source, [f"cannot read {source}: {exc.reason}"])
    except OSError as exc:
        return CodeOwners([], source, [f"cannot read {source}: {exc.strerror}"])
    return parse_codeowners(text, source)


def parse_codeowners(text: str, source: str = "CODEOWNERS") -> CodeOwners:
    result = CodeOwners(source=source)
    section = ""
    defaults: tuple[str, ...] = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = _SECTION.match(_strip_comment(line))
        if header:
            section = header.group(1).strip()
            defaults = tuple(_owners(header.group(2) or ""))
            continue
        words = _split(line)
        pattern, owners = words[0], tuple(_owners(" ".join(words[1:])))
        if pattern.startswith("!"):
            result.problems.append(f"{source}:{number}: negated pattern skipped (not supported by GitHub)")
            continue
        try:
            regex = compile_pattern(pattern)
        except (ValueError, re.error):
            result.problems.append(f"{source}:{number}: invalid pattern skipped")
            continue
        if not owners and section:
            owners = defaults  # a GitLab section's default owners
        result.rules.append(OwnerRule(pattern, owners, number, section, regex))
    return result


def _strip_comment(line: str) -> str:
    return re.split(r"\s#", line, maxsplit=1)[0].strip()


def _split(line: str) -> list[str]:
    """Words of a line: `\\ ` is a space inside the pattern; a word starting with `#` ends the line."""
    words: list[str] = []
    current: list[str] = []
    chars = iter(line)
    for ch in chars:
        if ch == "\\":
            current.append(ch + next(chars, ""))  # kept: the pattern compiler reads the escape
        elif ch.isspace():
            if current:
                words.append("".join(current))
                current = []
        elif ch == "#" and not current and words:
            break  # an inline comment
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    return words


def _owners(text: str) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if word.startswith("#"):
            break
        if word not in out:
            out.append(word)
    return out


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A CODEOWNERS pattern as a regex matched against the whole repository-relative path."""
    body = pattern.strip("/")
    if not body:
        if pattern.startswith("/"):
            return re.compile(".+", re.DOTALL)  # `/`: the whole repository
        raise ValueError("empty pattern")
    anchored = pattern.startswith("/") or "/" in body
    segments = body.split("/")
    parts: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            parts.append(".+" if last else "(?:[^/]+/)*")  # `a/**`: everything inside; `**/`: any depth
        else:
            parts.append(_segment(segment) + ("" if last else "/"))
    if segments[-1] == "**":
        suffix = ""
    elif pattern.endswith("/"):
        suffix = "/.+"  # a directory: everything under it
    elif segments[-1] == "*" and len(segments) > 1:
        suffix = ""  # `docs/*`: the files directly in docs/, not deeper
    else:
        suffix = "(?:/.+)?"  # the file, or everything under the directory it names
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(prefix + "".join(parts) + suffix, re.DOTALL)


def _segment(segment: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(segment):
        ch = segment[i]
        if ch == "\\" and i + 1 < len(segment):
            i += 1
            out.append(re.escape(segment[i]))
        elif ch == "*":
            while i + 1 < len(segment) and segment[i + 1] == "*":
                i += 1  # `a**b`: ordinary asterisks
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = segment.find("]", i + 2 if segment[i + 1 : i + 2] in ("!", "^") else i + 1)
            if end < 0:
                raise ValueError("unclosed [")
            inner = segment[i + 1 : end]
            negate = inner[:1] in ("!", "^")
            inner = inner[1:] if negate else inner
            if not inner:
                raise ValueError("empty [")
            escaped = inner.replace("\\", "\\\\").replace("[", "\\[")
            out.append(("[^/" if negate else "[") + escaped + "]")
            i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)
