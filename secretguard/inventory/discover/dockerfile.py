"""Dockerfiles: `ENV` (a default for the container) and `ARG` (a build argument), and `$X` / `${X}`
references. In RUN only references to the file's own ARG/ENV count (anything else is the build shell's);
CMD and ENTRYPOINT references are read when the container starts, so they all count."""

from __future__ import annotations

import os
import shlex

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.shell import SYSTEM_NAMES, env_name, expansions

_PREDEFINED_ARGS = frozenset(
    """
    HTTP_PROXY HTTPS_PROXY FTP_PROXY NO_PROXY ALL_PROXY http_proxy https_proxy ftp_proxy no_proxy all_proxy
    TARGETPLATFORM TARGETOS TARGETARCH TARGETVARIANT BUILDPLATFORM BUILDOS BUILDARCH BUILDVARIANT
    """.split()
)


def is_dockerfile(rel: str) -> bool:
    base = os.path.basename(rel)
    lower = base.lower()
    return (
        lower == "dockerfile"
        or lower.startswith("dockerfile.")
        or lower.endswith((".dockerfile", ".containerfile"))
        or lower == "containerfile"
    )


def _instructions(text: str) -> list[tuple[int, int, str, str]]:
    """(first line, last line, INSTRUCTION, arguments) with continuation lines joined (comments inside them
    dropped)."""
    out: list[tuple[int, int, str, str]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue
        if not current:
            start = number
        if stripped.endswith("\\"):
            current.append(stripped[:-1])
            continue
        current.append(stripped)
        joined = " ".join(current)
        current = []
        word, _, args = joined.partition(" ")
        out.append((start, number, word.upper(), args.strip()))
    if current:
        joined = " ".join(current)
        word, _, args = joined.partition(" ")
        out.append((start, start + len(current) - 1, word.upper(), args.strip()))
    return out


def _line_of(lines: list[str], first: int, last: int, needle: str) -> int:
    return next((n for n in range(first, min(last, len(lines)) + 1) if needle in lines[n - 1]), first)


def _pairs(args: str) -> list[tuple[str, str | None]]:
    """`K=V K2="v 2"` or the legacy `K value with spaces`."""
    try:
        words = shlex.split(args, posix=True)
    except ValueError:
        words = args.split()
    if not words:
        return []
    if "=" not in words[0]:
        return [(words[0], " ".join(words[1:]) if len(words) > 1 else None)]
    out: list[tuple[str, str | None]] = []
    for word in words:
        key, sep, value = word.partition("=")
        out.append((key, value if sep else None))
    return out


def discover_dockerfile(text: str, file: str) -> list[Read]:
    reads: list[Read] = []
    lines = text.splitlines()
    instructions = _instructions(text)
    declared: set[str] = set()
    defaulted: set[str] = set()  # ENV, or ARG with a default: references to them are satisfied
    for first, last, word, args in instructions:
        if word in ("ENV", "ARG"):
            for key, value in _pairs(args):
                if not is_env_name(key) or key in _PREDEFINED_ARGS:
                    continue
                declared.add(key)
                if word == "ENV" or value is not None:
                    defaulted.add(key)
                line = _line_of(lines, first, last, key)
                plain = value if value is not None and "$" not in value else None
                if word == "ENV":
                    reads.append(Read(key, file, line, True, "dockerfile-env", default=plain))
                else:
                    reads.append(Read(key, file, line, value is not None, "dockerfile-arg", default=plain))
    for first, last, word, args in instructions:
        if "$" not in args:
            continue
        if word in ("ENV", "ARG"):
            values = " ".join(v for _, v in _pairs(args) if v)
            found = expansions(values, quotes=False, comments=False)
        else:
            found = expansions(args, quotes=word == "RUN", comments=False)
        for exp in found:
            if not env_name(exp.name) or exp.name in SYSTEM_NAMES:
                continue
            if word == "RUN" and exp.name not in declared:
                continue
            reads.append(
                Read(
                    exp.name,
                    file,
                    _line_of(lines, first, last, exp.name),
                    exp.optional or exp.name in defaulted,
                    "dockerfile",
                    default=exp.default,
                )
            )
    return reads
