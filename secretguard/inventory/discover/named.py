"""Names the project declares (an `.env.example`, a compose file, a CI job) and its running code spells out
as a string: `flags: ["SSO_ENABLED"]`, `("SMTP_HOST", 25)` in a table a loop reads through a helper nobody
recognised. Discovery cannot follow every way code turns data into a read, but a declared name quoted whole
in runtime code is read there in all but rare cases, so such a variable is the app's runtime variable.

Only a quoted whole name counts, never one written to (`env["X"] = v`, `os.Setenv("X", v)`), used as a key
(`{"X": v}`, `'X' => v`) or asked of another object (`getattr(settings, "X", 0)`), and only in a file whose
own reads (if any) are runtime ones.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import re2

from secretguard.inventory.discover.base import Read, scope_of_read
from secretguard.inventory.discover.js_frontend import BrowserBundles

SOURCE = "named-in-code"
_CODE_SOURCES = ("python", "javascript", "ruby", "go", "php", "shell", "rust", "elixir", "java")
# A test's or a developer script's read often mirrors the app's variable (tests set up what the app reads);
# a CI script's names are the pipeline's own.
_TOOLING_SCOPES = frozenset({"ci"})
# A whole upper-case name of two words or more in quotes: `"SMTP_HOST"`, `'SMTP_HOST'`, `` `SMTP_HOST` ``.
# One-word names (`"DEBUG"`, `"TITLE"`) are too often something else's keys.
_NAME = r"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"
_QUOTED = re2.compile(f"\"{_NAME}\"|'{_NAME}'|`{_NAME}`")
# What follows a quoted name that is a key or a write, not a read.
_TAG_KEY = re.compile(r"(?:^|[\s`])[\w-]+:$")  # Go's `env:` before a struct tag's quoted value
_KEY_OR_WRITE = re2.compile(r"^\s*(?::[^:]|=>|\]\s*=[^=])")
# A Go constant's declaration before its quoted value: `EnvSSHHost = "SSH_HOST"`, `const Key string = "K"`.
_CONST_SPEC = re.compile(r"^\s*(?:const\s+)?[A-Za-z_]\w*(?:\s+[A-Za-z_][\w.]*)?\s*=\s*$")
_GO_SOURCES = frozenset({"go", "viper"})
# What precedes a quoted name handed to a writer (a config object's `->set('X', v)`, `.set("X", v)`) or to
# another object's lookup.
_WRITER = re2.compile(
    r"(?:[Ss]etenv|putenv|setdefault|getattr|hasattr|setattr|unsetenv|[Uu]nsetenv|(?:->|\.)set)\s*\([^()]*$"
)
# Where a line comment starts, per language: a name in a comment documents, it is not read there.
_COMMENTS = {
    "python": ("#",),
    "ruby": ("#",),
    "javascript": ("//",),
    "go": ("//",),
    "php": ("//", "#"),
}
_CODE_KINDS = frozenset(_COMMENTS)
# Client-side components: their quoted names are a browser's, never the server's environment.
_CLIENT_FILES = (".vue", ".svelte")
_JS = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")


def _in_comment(before: str, markers: tuple[str, ...]) -> bool:
    """Whether the text of a line before a match holds a comment's start outside quotes (or the line
    continues a block comment: ` * uses "X_Y"`)."""
    stripped = before.lstrip()
    if stripped.startswith(("*", "/*")):
        return True
    for marker in markers:
        at = before.find(marker)
        while at >= 0:
            head = before[:at]
            if head.count('"') % 2 == 0 and head.count("'") % 2 == 0 and head.count("`") % 2 == 0:
                return True
            at = before.find(marker, at + 1)
    return False


@dataclass
class NamedInCode:
    """Every quoted upper-case name in the project's code files, kept until the declared names are known."""

    read_file: Callable[[str], str | None]
    found: list[Read] = field(default_factory=list)
    # `EnvSSHHost = "SSH_HOST"` in a Go const block: where Go discovery followed the constant to its reads
    # (`common.GetEnv(common.EnvSSHHost)`, in a test or a tool), those reads tell where it is read.
    go_constants: list[Read] = field(default_factory=list)

    def add(self, kind: str, text: str, rel: str) -> None:
        if kind not in _CODE_KINDS or rel.endswith(_CLIENT_FILES) or posixpath.basename(rel).startswith("."):
            return  # `.phpstorm.meta.php` and friends: an IDE's index, not code that runs
        markers = _COMMENTS[kind]
        line, at = 1, 0
        exported = _export_lists(text) if kind == "python" and "__all__" in text else []
        for match in _QUOTED.finditer(text):
            start, end = match.span()
            if any(a <= start < b for a, b in exported):
                continue  # `__all__ = ["CHUNK_SIZE", ...]`: a module's exported names, its own constants'

            before = text[text.rfind("\n", 0, start) + 1 : start]
            keyed = _KEY_OR_WRITE.match(text[end : end + 12]) and not before.lstrip().startswith("case ")
            if kind == "go" and _TAG_KEY.search(before):
                continue  # a struct tag's value (`env:"AUTH_USER"` under a group's env-namespace): go.py's
            if keyed or _WRITER.search(text[max(0, start - 60) : start]) or _in_comment(before, markers):
                continue  # `case "X":` in a switch over the environment's names is a read
            line += text.count("\n", at, start)
            at = start
            name = match.group(1) or match.group(2) or match.group(3)
            mention = Read(name, rel, line, False, SOURCE)
            if kind == "go" and _CONST_SPEC.match(before):
                self.go_constants.append(mention)
            else:
                self.found.append(mention)

    def mentions(self, reads: Iterable[Read]) -> list[Read]:
        """The quoted names of declared variables, outside the files that read them some other way."""
        places: dict[str, set[str]] = {}
        followed: set[str] = set()
        for read in reads:
            places.setdefault(read.name, set()).add(read.file)
            if read.source in _GO_SOURCES:
                followed.add(read.name)
        found = [*self.found, *(r for r in self.go_constants if r.name not in followed)]
        return [r for r in found if r.name in places and r.file not in places[r.name]]

    def keep(self, reads: Iterable[Read], mentions: Iterable[Read]) -> list[Read]:
        """The mentions (placed by their files' launches) that make a variable no code reads at runtime a
        runtime one: those in runtime files whose own reads, if any, are runtime ones too, outside a browser
        bundle. Optional when a declaration gives the variable a value."""
        reads = list(reads)
        runtime = {r.name for r in reads if scope_of_read(r) == "runtime"}
        # a name only a CI script's code reads is no declaration of the app's
        declared = {
            r.name
            for r in reads
            if not (r.source.startswith(_CODE_SOURCES) and scope_of_read(r) in _TOOLING_SCOPES)
        }
        valued: dict[str, bool] = {}
        file_scopes: dict[str, set[str]] = {}
        for read in reads:
            valued[read.name] = valued.get(read.name, False) or read.optional
            file_scopes.setdefault(read.file, set()).add(scope_of_read(read))
        bundles = BrowserBundles(self.read_file)
        kept = []
        for read in mentions:
            if read.name in runtime or read.name not in declared or scope_of_read(read) != "runtime":
                continue
            if "runtime" not in file_scopes.get(read.file, {"runtime"}):
                continue
            if read.file.endswith(_JS) and bundles.bundle(read.file) is not None:
                continue
            kept.append(replace(read, optional=valued.get(read.name, False)))
        return kept


_ALL = re.compile(r"(?m)^__all__\s*\+?=\s*([\[(])")


def _export_lists(text: str) -> list[tuple[int, int]]:
    """The spans of a Python module's `__all__ = [...]` (or `+=`, or a tuple) lists."""
    spans: list[tuple[int, int]] = []
    for found in _ALL.finditer(text):
        close = "]" if found.group(1) == "[" else ")"
        end = text.find(close, found.end())
        spans.append((found.end(), end if end != -1 else len(text)))
    return spans
