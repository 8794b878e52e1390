"""Programs a repository ships beside the application, each with its own package manifest, under a top-level
folder named for them: a command-line client (`cli/python/pyproject.toml`, `cli/node/package.json`), SDKs
(`sdk/go/go.mod`), integrations for other platforms (`integrations/n8n-nodes/package.json`). What they read
is their users' environment, not the deployed application's: `dev` scope (tooling beside the product).

Only a manifest inside the folder makes it one: a `cli/` package of the app's own code (no manifest of its
own) is the application's. A program with its own container (a Dockerfile or a compose file in its folder:
`integrations/nuclei_analyzer/Dockerfile`) is a service the deployment runs beside the application: its
reads stay where their place puts them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, scope_of_read

_FOLDERS = frozenset({"cli", "sdk", "sdks", "integrations", "utilities"})
_MANIFESTS = frozenset(
    {
        "package.json",
        "pyproject.toml",
        "setup.py",
        "go.mod",
        "Cargo.toml",
        "composer.json",
        "requirements.txt",
        "plugin.json",
    }
)
_MAX_DEPTH = 4  # folders below the top-level one a manifest is looked for in


@dataclass
class SeparatePrograms:
    folders: set[str] = field(default_factory=set)  # top-level folders holding another program's manifest
    others: bool = False  # a file outside such folders: the application itself
    served: set[str] = field(default_factory=set)  # folders inside them holding a container's definition

    def note_file(self, rel: str) -> None:
        parts = rel.replace("\\", "/").split("/")
        if len(parts) > 1 and parts[0].lower() in _FOLDERS:
            name = parts[-1]
            if 2 <= len(parts) <= _MAX_DEPTH + 1 and (name in _MANIFESTS or name.endswith(".gemspec")):
                self.folders.add(parts[0])
            if len(parts) > 2 and _container_file(name.lower()):
                self.served.add("/".join(parts[:-1]))
        elif len(parts) > 1 or posixpath.splitext(rel)[1] not in ("", ".md", ".txt"):
            self.others = True

    def settle(self, reads: list[Read]) -> list[Read]:
        if not self.folders or not self.others:
            return reads
        return [
            replace(r, scope="dev")
            if r.file.split("/", 1)[0] in self.folders
            and not self._in_service(r.file)
            and scope_of_read(r) == "runtime"
            else r
            for r in reads
        ]

    def _in_service(self, rel: str) -> bool:
        folder = posixpath.dirname(rel)
        while folder and "/" in folder:
            if folder in self.served:
                return True
            folder = posixpath.dirname(folder)
        return False


def _container_file(name: str) -> bool:
    """A Dockerfile (`Dockerfile`, `Dockerfile.prod`, `app.dockerfile`) or a compose file."""
    return (
        name.startswith("dockerfile")
        or name.endswith(".dockerfile")
        or (name.startswith(("compose", "docker-compose")) and name.endswith((".yml", ".yaml")))
    )
