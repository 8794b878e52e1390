"""A project of a few files written into a temporary folder, and what discovery finds in it: the one helper
the discovery tests that build small trees share."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import Discovery, discover
from secretguard.inventory.discover.base import DiscoveredVariable


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Each file (relative path -> text, dedented) written under `root`."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def discovered(root: Path, files: dict[str, str]) -> Discovery:
    return discover(write_project(root, files))


def project(root: Path, files: dict[str, str]) -> dict[str, DiscoveredVariable]:
    """The variables discovery finds in the project, by name."""
    return {v.name: v for v in discovered(root, files).variables}
