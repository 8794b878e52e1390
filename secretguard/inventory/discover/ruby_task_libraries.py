"""Ruby libraries only rake tasks use: `lib/package_builder.rb` defining `class PackageBuilder`, named by no
file but `lib/tasks/deploy.rake` (`PackageBuilder.deploy!(:production)`). What it reads is the tasks'
(`dev`, like the rake file's own reads), unless a launcher runs one of those tasks (`Launches` made the rake
file's reads `runtime`): the running application never loads it.

A library no file names (loaded by a convention, or by a gem) keeps its scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, scope_of_read
from secretguard.inventory.discover.rake import is_rake_file

_DEFINED = re.compile(r"(?m)^(?:class|module)\s+([A-Z]\w*)")
_CONSTANT = re.compile(r"\b[A-Z][A-Za-z0-9]+\b")


@dataclass
class RakeOnlyLibraries:
    defined: dict[str, set[str]] = field(default_factory=dict)  # lib file -> top-level constants it defines
    users: dict[str, set[str]] = field(default_factory=dict)  # constant -> files naming it (not defining it)

    def add(self, text: str, rel: str) -> None:
        library = _library(rel)
        own = set(_DEFINED.findall(text)) if library else set()
        if own:
            self.defined[rel] = own
        for name in set(_CONSTANT.findall(text)) - own:
            self.users.setdefault(name, set()).add(rel)

    def settle(self, reads: list[Read]) -> list[Read]:
        if not self.defined:
            return reads
        launched = {r.file for r in reads if is_rake_file(r.file) and scope_of_read(r) == "runtime"}
        tooling: set[str] = set()
        for file, constants in self.defined.items():
            users = set().union(*(self.users.get(c, set()) for c in constants)) - {file}
            if users and all(is_rake_file(u) and u not in launched for u in users):
                tooling.add(file)
        return [
            replace(r, scope="dev") if r.file in tooling and scope_of_read(r) == "runtime" else r
            for r in reads
        ]


def _library(rel: str) -> bool:
    """`lib/package_builder.rb` (not a rake file, not under `lib/tasks/`)."""
    parts = rel.replace("\\", "/").split("/")
    return rel.endswith(".rb") and "lib" in parts[:-1] and "tasks" not in parts[:-1]
