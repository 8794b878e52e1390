"""Which repositories a `scan repos` run covers: arguments that are repositories, folders of them, or files
listing them. Anything that is none of these is reported as skipped, never silently dropped."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from secretguard.safe_read import RefusedInput, read_regular_file
from secretguard.scan.finding import Skipped

_MAX_LIST = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RepoRef:
    """A repository to scan: `name` labels it in reports (`repository`), `path` is where git runs."""

    name: str
    path: str


def is_repository(path: str) -> bool:
    """A work tree (has .git) or a bare repository (HEAD, objects/ and refs/): a cheap look, no git run."""
    if os.path.exists(os.path.join(path, ".git")):
        return True
    return all(
        check(os.path.join(path, name))
        for check, name in ((os.path.isfile, "HEAD"), (os.path.isdir, "objects"), (os.path.isdir, "refs"))
    )


def collect(arguments: Sequence[str], skipped: list[Skipped]) -> list[RepoRef]:
    """The repositories named by `arguments`, in order, each once (by real path)."""
    out: list[RepoRef] = []
    seen: set[str] = set()
    for ref in _expand(arguments, skipped):
        real = os.path.realpath(ref.path)
        if real not in seen:
            seen.add(real)
            out.append(ref)
    return out


def _expand(arguments: Sequence[str], skipped: list[Skipped]) -> Iterable[RepoRef]:
    for argument in arguments:
        if os.path.isdir(argument):
            if is_repository(argument):
                yield RepoRef(argument, argument)
            else:
                yield from _folder(argument, skipped)
        elif os.path.isfile(argument):
            yield from _list_file(argument, skipped)
        else:
            skipped.append(Skipped(argument, "no such repository, folder or list file"))


def _folder(folder: str, skipped: list[Skipped]) -> Iterable[RepoRef]:
    """The repositories directly inside `folder` (an organisation's mirrors), by name."""
    try:
        names = sorted(entry.name for entry in Path(folder).iterdir())
    except OSError as exc:
        skipped.append(Skipped(folder, f"cannot list the folder: {exc.strerror or exc}"))
        return
    found = 0
    for name in names:
        path = os.path.join(folder, name)
        if os.path.isdir(path) and is_repository(path):
            found += 1
            yield RepoRef(path, path)
    if not found:
        skipped.append(Skipped(folder, "neither a git repository nor a folder holding any"))


def _list_file(path: str, skipped: list[Skipped]) -> Iterable[RepoRef]:
    """A text file naming one repository per line (`#` starts a comment); relative to the file's folder."""
    try:
        text = read_regular_file(path, roots=None, max_bytes=_MAX_LIST).decode("utf-8")
    except RefusedInput as exc:
        skipped.append(Skipped(path, exc.reason))
        return
    except OSError as exc:
        skipped.append(Skipped(path, f"cannot read the repository list: {exc.strerror or exc}"))
        return
    except UnicodeDecodeError:
        skipped.append(Skipped(path, "a repository list must be UTF-8 text"))
        return
    base = Path(path).parent
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        target = entry if Path(entry).is_absolute() else str(base / entry)
        if os.path.isdir(target) and is_repository(target):
            yield RepoRef(entry, target)
        else:
            skipped.append(Skipped(f"{path}:{number}", f"{entry}: not a git repository"))
