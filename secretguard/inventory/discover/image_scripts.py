"""`.github/` files the project's own image runs: an entrypoint kept beside the workflows is the image's code,
not the CI's (`ENTRYPOINT ["/bin/ash", ".github/docker/entrypoint.sh"]` after `COPY . ./`, or `COPY
.github/docker/start.sh /start.sh` then `CMD ["/start.sh"]`)."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import SCOPES, Read, scope_of_read
from secretguard.inventory.discover.dockerfile import parse_instructions, stage_scope

# What ENTRYPOINT/CMD start is `runtime`; what a RUN executes while the image is built, `build`.
_GITHUB_DIR = ".github/"
_START_INSTRUCTIONS = frozenset({"ENTRYPOINT", "CMD"})


@dataclass
class ImageScripts:
    """The `.github/` files the project's Dockerfiles run, and when (`runtime` or `build`)."""

    scopes: dict[str, str] = field(default_factory=dict)

    def add_dockerfile(self, text: str, rel: str) -> None:
        if _GITHUB_DIR not in text or scope_of_read(Read("_", rel, 1, True, "dockerfile")) != "runtime":
            return  # an action's own Dockerfile (under .github/), or a test's or an example's image
        workdir = "/"
        copied: dict[str, str] = {}  # a path in the image -> the `.github/` file copied there
        stage: str | None = None
        for _, _, word, args in parse_instructions(text):
            if word == "FROM":
                stage, copied, workdir = stage_scope(args), {}, "/"
            elif word == "WORKDIR" and args:
                workdir = posixpath.join(workdir, _unquote(args.split()[0]))
            elif word in ("COPY", "ADD"):
                copied.update(_copies(_argv(args), workdir))
            elif word in _START_INSTRUCTIONS or word == "RUN":
                scope = stage or ("runtime" if word in _START_INSTRUCTIONS else "build")
                for arg in _argv(args):
                    file = _github_file(arg) or copied.get(posixpath.normpath(posixpath.join(workdir, arg)))
                    if file is not None:
                        self._place(file, scope)

    def _place(self, file: str, scope: str) -> None:
        old = self.scopes.get(file)
        if old is None or SCOPES.index(scope) < SCOPES.index(old):
            self.scopes[file] = scope

    def place(self, reads: list[Read]) -> list[Read]:
        """The reads of those files with the image's scope instead of `ci`."""
        if not self.scopes:
            return reads
        return [
            replace(read, scope=self.scopes[read.file])
            if read.file in self.scopes and read.scope is None and scope_of_read(read) == "ci"
            else read
            for read in reads
        ]


def _argv(args: str) -> list[str]:
    """An instruction's words: its exec form's (JSON) or its shell form's, split on blanks and `&&`/`;`."""
    if args.startswith("["):
        try:
            argv = json.loads(args)
        except ValueError:
            argv = None
        if isinstance(argv, list) and all(isinstance(a, str) for a in argv):
            return [w for a in argv for w in a.split()]
    return [_unquote(w) for w in args.replace(";", " ").replace("&&", " ").split()]


def _unquote(word: str) -> str:
    return word.strip("'\"")


def _github_file(word: str) -> str | None:
    """`.github/docker/entrypoint.sh`, `./.github/x.sh` or `/app/.github/x.sh` (the context copied to /app) as
    the project's path."""
    at = word.find(_GITHUB_DIR)
    if at < 0 or (at > 0 and word[at - 1] != "/"):
        return None
    return posixpath.normpath(word[at:])


def _copies(argv: list[str], workdir: str) -> dict[str, str]:
    """COPY/ADD's `.github/` sources by their path in the image (a stage's or an image's files: none)."""
    if any(a.startswith("--from") for a in argv):
        return {}
    paths = [a for a in argv if not a.startswith("--")]
    if len(paths) < 2:
        return {}
    *sources, dest = paths
    dest = posixpath.join(workdir, dest)
    into = dest.endswith("/") or len(sources) > 1
    out: dict[str, str] = {}
    for source in sources:
        file = _github_file(source)
        if file is not None:
            target = posixpath.join(dest, posixpath.basename(file)) if into else dest
            out[posixpath.normpath(target)] = file
    return out
