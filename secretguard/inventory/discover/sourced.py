"""Files a shell script sources (`source lib/vars.inc`, `. "${ROOT}/defaults.conf"`): whatever their
extension, the shell runs them in the script's own process, so they are read as shell. Only the project's
files that no other discoverer reads are looked at, matched by the sourced path's literal tail."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.shell import discover_shell

_SOURCE = re.compile(
    r"(?:^|[;&|({`]|\$\(|\bthen\b|\bdo\b|\belse\b)[ \t]*(?:source|\.)[ \t]+[\"']?([^\s;&|)\"'`<>]+)",
    re.MULTILINE,
)
_GLOB = frozenset("*?[")
_EXPANSION = re.compile(r"\$\{[^}]*\}|\$\(+[^)]*\)+|\$\w+")


def _tail(target: str) -> str | None:
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

    def note_unread(self, rel: str) -> None:
        self.unread.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)

    def note_script(self, text: str) -> None:
        if "source" not in text and ". " not in text:
            return
        for match in _SOURCE.finditer(text):
            tail = _tail(match.group(1))
            if tail is not None:
                self.tails.add(tail)

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
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
