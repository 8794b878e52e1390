"""Config templates rendered from the environment when a container starts.

- Go templates, rendered by gomplate (`{{ getenv "X" "default" }}`, `{{ env.Getenv "X" }}`, `{{ .Env.X }}`)
  or dockerize (`{{ .Env.X }}`, `{{ default .Env.X "d" }}`; sprig's order `default "d" .Env.X` too).
- envsubst's `$X` / `${X}` (with a default, `${X:-d}`, where its variants take one) in a `*.template`,
  `*.tmpl` or `*.tpl` file under `docker/` or named by the script that renders it (the nginx image renders
  what is copied to `/etc/nginx/templates` itself).

A template is a runtime read only when the project's scripts or Dockerfiles run its renderer (`gomplate <
in > out`, `dockerize -template a:b`, `envsubst < in > out`): a `{{ getenv }}` nothing renders at start (a
Hugo layout, a chart) says nothing of what the running application reads. The files looked at are those
with a template suffix and those under a `docker/` folder (where images keep what they render at start).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.shell import SYSTEM_NAMES, expansions

TEMPLATE_SUFFIXES = (".template", ".tmpl", ".tpl", ".gotmpl")
_FOLDERS = frozenset({"docker", ".docker"})
# A renderer run with its input: `gomplate < in`, `gomplate -f in`, `envsubst '$A' < in`,
# `dockerize -template in:out` (not `gomplate --version` after installing it, nor a download URL).
_RENDER = re.compile(
    r"(?:^|[\s;&|(`/])(gomplate|envsubst|dockerize)[ \t]*(<|-{1,2}[A-Za-z][\w-]*|['\"]?\$)", re.MULTILINE
)
_NOT_RENDERING = frozenset({"-v", "--version", "-h", "--help"})
# A script rendering a template with the shell itself: `eval "echo \"$line\""` for each line read, or
# `eval "cat <<EOF ... EOF"` around the file's text.
_EVAL_RENDER = re.compile(r"""(?m)^[^#\n]*\beval\s+["']?(?:echo\s+\\?["']?\$\{?\w+|cat\s*<<)""")
# A name a template asks for. TZ is kept: a template writes it into a config file (php.ini's
# `date.timezone`), a setting the deployer gives, unlike the shell's own variables.
_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_STRING = r"(?:\"((?:[^\"\\\n]|\\.)*)\"|`([^`]*)`)"
_GETENV = re.compile(r"\b(?:env\.Getenv|getenv)\s+\"" + _NAME + r"\"(?:\s+" + _STRING + r")?")
_ENV_FIELD = r"(?<![\w.])(?:env\.)?\.?Env\." + _NAME
_DEFAULT_AFTER = re.compile(r"\bdefault\s+" + _ENV_FIELD + r"\s+" + _STRING)  # dockerize
_DEFAULT_BEFORE = re.compile(r"\bdefault\s+" + _STRING + r"\s+" + _ENV_FIELD)  # sprig
_PIPED = re.compile(_ENV_FIELD + r"\s*\|\s*default\s+" + _STRING)
_FIELD = re.compile(_ENV_FIELD)
_ACTION = re.compile(r"\{\{-?(.*?)-?\}\}", re.DOTALL)
_MAX_ACTION = 2_000
_TEMPLATE_NAME = re.compile(r"[\w.-]+\.(?:template|tmpl|tpl|gotmpl)\b", re.IGNORECASE)
_MARKERS = re.compile(r"Env\.|[gG]etenv")


def is_template_candidate(rel: str) -> bool:
    """Whether a file may be a start-time template: read it (the walk reads it for its markers)."""
    lower = rel.lower()
    parts = lower.split("/")
    if parts[-1].startswith((".env", "env.")) or ".env." in parts[-1]:
        return False  # a dotenv example (`.env.template`): declarations, read as such
    return lower.endswith(TEMPLATE_SUFFIXES) or any(p in _FOLDERS for p in parts[:-1])


def _template_name(name: str) -> bool:
    return name.isupper() and (name == "TZ" or name not in SYSTEM_NAMES)


def _string(match: re.Match[str], group: int) -> str | None:
    """A Go string argument: interpreted (`"a\\"b"`, its escapes undone) or raw (`` `a` ``)."""
    if match.group(group) is not None:
        return re.sub(r"\\(.)", r"\1", match.group(group))
    return match.group(group + 1)


def go_template_reads(text: str, file: str) -> list[Read]:
    """The environment reads of a gomplate / dockerize template, with their defaults."""
    reads: list[Read] = []
    for action in _ACTION.finditer(text):
        body = action.group(1)
        if len(body) > _MAX_ACTION or not _MARKERS.search(body):
            continue
        line = text.count("\n", 0, action.start()) + 1
        found: dict[str, tuple[bool, str | None]] = {}
        for match in _GETENV.finditer(body):
            given = match.group(2) is not None or match.group(3) is not None
            found.setdefault(match.group(1), (given, _string(match, 2) if given else None))
        for match in _DEFAULT_AFTER.finditer(body):
            found.setdefault(match.group(1), (True, _string(match, 2)))
        for match in _DEFAULT_BEFORE.finditer(body):
            found.setdefault(match.group(3), (True, _string(match, 1)))
        for match in _PIPED.finditer(body):
            found.setdefault(match.group(1), (True, _string(match, 2)))
        for match in _FIELD.finditer(body):
            found.setdefault(match.group(1), (False, None))
        for name, (optional, default) in found.items():
            if _template_name(name):
                reads.append(Read(name, file, line, optional, "template", default=default))
    return reads


def envsubst_reads(text: str, file: str) -> list[Read]:
    """envsubst replaces every `$X` / `${X}` of the file, comments and quotes included."""
    return [
        Read(e.name, file, e.line, e.optional, "template", default=e.default)
        for e in expansions(text, quotes=False, comments=False)
        if _template_name(e.name)
    ]


@dataclass
class Templates:
    """Candidate templates seen in the walk, and the renderers the project's scripts run."""

    go: list[tuple[str, str]] = field(default_factory=list)  # (file, text) with Go template env reads
    plain: list[tuple[str, str]] = field(default_factory=list)  # template-suffix files with `$` in them
    renderers: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)  # template file names the scripts mention

    def add(self, text: str, rel: str) -> None:
        if "{{" in text and _MARKERS.search(text):
            self.go.append((rel, text))
        if rel.lower().endswith(TEMPLATE_SUFFIXES) and "$" in text:
            self.plain.append((rel, text))

    def note_script(self, text: str) -> None:
        """A shell script or Dockerfile: which renderers it runs, and which templates it names."""
        nginx = "/etc/nginx/templates" in text
        if nginx:
            self.renderers.add("envsubst")  # the nginx image runs envsubst on them at start
        shell_eval = "eval" in text and _EVAL_RENDER.search(text) is not None
        if shell_eval:  # `eval "echo \"$line\""` over a template's lines: the shell expands it as envsubst
            self.renderers.add("envsubst")
        if (
            not (nginx or shell_eval)
            and "gomplate" not in text
            and "envsubst" not in text
            and "dockerize" not in text
        ):
            return
        self.named.update(m.lower() for m in _TEMPLATE_NAME.findall(text))
        for match in _RENDER.finditer(text):
            start = text.rfind("\n", 0, match.start(1)) + 1
            if text[start : match.start(1)].lstrip().startswith("#") or match.group(2) in _NOT_RENDERING:
                continue
            self.renderers.add(match.group(1))

    def finish(self) -> list[Read]:
        reads: list[Read] = []
        if self.renderers & {"gomplate", "dockerize"}:
            for rel, text in self.go:
                reads.extend(go_template_reads(text, rel))
        if "envsubst" in self.renderers:
            for rel, text in self.plain:
                folders = rel.lower().split("/")
                if _FOLDERS.intersection(folders[:-1]) or folders[-1] in self.named:
                    reads.extend(envsubst_reads(text, rel))
        return reads
