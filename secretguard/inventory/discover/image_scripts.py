"""Scripts the project's Dockerfiles run, and when.

- `.github/` files the project's own image runs: an entrypoint kept beside the workflows is the image's code,
  not the CI's (`ENTRYPOINT ["/bin/ash", ".github/docker/entrypoint.sh"]` after `COPY . ./`, or `COPY
  .github/docker/start.sh /start.sh` then `CMD ["/start.sh"]`). So is a CI folder's script the published
  server image runs (`ci/release-image/Dockerfile`, which EXPOSEs a port, starting `entrypoint.sh` beside it).
- A shell script only a `RUN` executes while the image is built (`COPY scripts/build-env.sh /tmp/` then `RUN
  /tmp/build-env.sh pnpm build`) reads the build's environment: `build` (a dev or test stage's: that scope),
  unless anything else starts it (a CMD/ENTRYPOINT, another script naming it)."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import SCOPES, Read, scope_of_read
from secretguard.inventory.discover.dockerfile import file_stage_scope, parse_instructions, stage_scope

# What ENTRYPOINT/CMD start is `runtime`; what a RUN executes while the image is built, `build`.
_GITHUB_DIR = ".github/"
_START_INSTRUCTIONS = frozenset({"ENTRYPOINT", "CMD"})
_SHELL_EXTS = (".sh", ".bash")


_TEMPLATE_SUFFIXES = frozenset({"template", "tmpl", "tpl", "dist", "sample", "example", "in", "docker"})


@dataclass
class ImageScripts:
    """The `.github/` files the project's Dockerfiles run, and when (`runtime` or `build`)."""

    scopes: dict[str, str] = field(default_factory=dict)
    built: dict[str, str] = field(default_factory=dict)  # other shell scripts (context paths): the scope
    # Python modules kept under a template's name and copied into the image as `.py` (`COPY
    # conf_templates/docker.py.template bugsink_conf.py`): candidates for each source's path in the project.
    python_sources: list[tuple[str, ...]] = field(default_factory=list)

    def add_dockerfile(self, text: str, rel: str) -> None:
        instructions = parse_instructions(text)
        place = _ci_place(rel)
        if place == "ci" and not any(word == "EXPOSE" for _, _, word, _ in instructions):
            return  # an action's own Dockerfile (under .github/), or a builder image a pipeline runs in
        if place not in ("runtime", "ci"):
            return  # a test's or an example's image
        # `ci/release-image/Dockerfile` that EXPOSEs a port: the server image the pipeline publishes
        workdir = "/"
        copied: dict[
            str, str
        ] = {}  # a path in the image -> the `.github/` (or CI folder's) file copied there
        image = file_stage_scope(rel)  # `Dockerfile.integration`: a test image throughout
        stage: str | None = image
        folders: dict[str, str] = {}  # a folder in the image -> the project's folder copied there
        for _, _, word, args in instructions:
            if word == "FROM":
                stage, copied, folders, workdir = stage_scope(args) or image, {}, {}, "/"
            elif word == "WORKDIR" and args:
                workdir = posixpath.join(workdir, _unquote(args.split()[0]))
            elif word in ("COPY", "ADD"):
                copied.update(_copies(_argv(args), workdir))
                folders.update(_copied_folders(_argv(args), workdir))
                self.python_sources.extend(_python_copies(_argv(args), rel))
            elif word in _START_INSTRUCTIONS or word == "RUN":
                scope = stage or ("runtime" if word in _START_INSTRUCTIONS else "build")
                argv = _argv(args)
                run = set(argv if word in _START_INSTRUCTIONS else _executed(argv))
                for arg in argv:
                    at = posixpath.normpath(posixpath.join(workdir, arg))
                    file = _github_file(arg) or copied.get(at) or _in_folder(at, folders)
                    if file is None and arg.endswith(_SHELL_EXTS) and "/" in arg and not arg.startswith("/"):
                        file = posixpath.normpath(arg)  # `RUN ./scripts/x.sh`: the build context's file
                    if file is None or file.startswith(".."):
                        continue
                    if _github_file(file) is not None or _ci_place(file) == "ci":
                        self._place(self.scopes, file, scope)
                    elif file.endswith(_SHELL_EXTS) and arg in run:
                        self._place(self.built, file, scope)

    @staticmethod
    def _place(scopes: dict[str, str], file: str, scope: str) -> None:
        old = scopes.get(file)
        if old is None or SCOPES.index(scope) < SCOPES.index(old):
            scopes[file] = scope

    def run_names(self) -> set[str]:
        """The base names of the scripts the Dockerfiles run."""
        return {posixpath.basename(f) for f in (*self.scopes, *self.built)}

    def _built_scope(self, file: str, named: set[str]) -> str | None:
        """The scope of a script only a Dockerfile's RUN (or a dev/test stage) runs, matched by its path
        in the build context (the project's root or a folder of it)."""
        if not self.built or posixpath.basename(file) in named:
            return None
        for path, scope in self.built.items():
            if scope != "runtime" and (file == path or file.endswith("/" + path)):
                return scope
        return None

    def place(self, reads: list[Read], named: set[str] | None = None) -> list[Read]:
        """The reads of `.github/` files with the image's scope instead of `ci`; those of scripts only a
        RUN executes with the build's (`named`: base names of files anything else starts)."""
        if not self.scopes and not self.built:
            return reads
        out: list[Read] = []
        for read in reads:
            own = scope_of_read(read) if read.scope is None else None
            scope = None
            if own == "ci" and read.file in self.scopes:
                scope = self.scopes[read.file]
            elif own == "runtime":
                scope = self._built_scope(read.file, named or set())
            out.append(read if scope is None else replace(read, scope=scope))
        return out


def _argv(args: str) -> list[str]:
    """An instruction's words: its exec form's (JSON) or its shell form's, split on blanks and `&&`/`;`."""
    if args.startswith("["):
        try:
            argv = json.loads(args)
        except ValueError:
            argv = None
        if isinstance(argv, list) and all(isinstance(a, str) for a in argv):
            return [w for a in argv for w in a.split()]
    return [_unquote(w) for w in args.replace(";", " ; ").replace("&&", " && ").split()]


_SEPARATORS = frozenset({"&&", "||", ";", "|", "\\"})
_INTERPRETERS = frozenset({"sh", "bash", "ash", "dash", "zsh", "exec", ".", "source", "env"})


def _executed(argv: list[str]) -> list[str]:
    """The words a RUN executes as commands: each command's first word (after `VAR=x` assignments and
    `--mount=...` flags), or the script an interpreter (`sh`, `bash`, `.`) is given; not `chmod +x x.sh`'s
    argument."""
    out: list[str] = []
    first = True
    interpreter = False
    for word in argv:
        if word in _SEPARATORS:
            first, interpreter = True, False
            continue
        if (first or interpreter) and (word.startswith("-") or ("=" in word and not word.startswith("/"))):
            continue
        if first or interpreter:
            out.append(word)
            interpreter = first and posixpath.basename(word) in _INTERPRETERS
            first = False
    return out


def _unquote(word: str) -> str:
    return word.strip("'\"")


def _ci_place(file: str) -> str:
    return scope_of_read(Read("_", file, 1, True, "dockerfile"))


def _github_file(word: str) -> str | None:
    """`.github/docker/entrypoint.sh`, `./.github/x.sh` or `/app/.github/x.sh` (the context copied to /app) as
    the project's path."""
    at = word.find(_GITHUB_DIR)
    if at < 0 or (at > 0 and word[at - 1] != "/"):
        return None
    return posixpath.normpath(word[at:])


def _python_copies(argv: list[str], dockerfile: str) -> list[tuple[str, ...]]:
    """COPY's sources named `X.py.<template suffix>` copied to a `.py` file: each with the project paths it
    may be (the build context is the project's root or the Dockerfile's folder)."""
    paths = [a for a in argv if not a.startswith("--")]
    if any(a.startswith("--from") for a in argv) or len(paths) != 2 or not paths[1].endswith(".py"):
        return []
    source = paths[0]
    stem, dot, suffix = source.rpartition(".")
    if (
        not dot
        or not stem.endswith(".py")
        or suffix not in _TEMPLATE_SUFFIXES
        or source.startswith(("/", ".."))
    ):
        return []
    here = posixpath.dirname(dockerfile)
    return [tuple(dict.fromkeys(posixpath.normpath(p) for p in (source, posixpath.join(here, source))))]


def _copied_folders(argv: list[str], workdir: str) -> dict[str, str]:
    """COPY/ADD of project folders (`COPY .scripts/integration/ /etc/app/scripts/`): the folder in the
    image -> the project's folder."""
    if any(a.startswith("--from") for a in argv):
        return {}
    paths = [a for a in argv if not a.startswith("--")]
    if len(paths) != 2 or not paths[0].endswith("/") or paths[0].startswith(("/", "..")):
        return {}
    source, dest = paths
    return {posixpath.normpath(posixpath.join(workdir, dest)): posixpath.normpath(source)}


def _in_folder(path: str, folders: dict[str, str]) -> str | None:
    """The project file at `path` in the image, when a copied folder holds it."""
    for dest, source in folders.items():
        if path.startswith(dest + "/"):
            rest = path[len(dest) + 1 :]
            return rest if source == "." else posixpath.join(source, rest)
    return None


def _copies(argv: list[str], workdir: str) -> dict[str, str]:
    """COPY/ADD's `.github/` sources and shell scripts by their path in the image (a stage's or an image's
    files: none)."""
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
        if file is None and source.endswith(_SHELL_EXTS) and not source.startswith(("/", "..")):
            file = posixpath.normpath(source)
        if file is not None:
            target = posixpath.join(dest, posixpath.basename(file)) if into else dest
            out[posixpath.normpath(target)] = file
    return out
