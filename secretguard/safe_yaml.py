"""PyYAML's safe loaders with merge keys bounded.

A merge key pulls every entry of the mappings it names into its own (`<<: [*a, *a, *a]`), and those may merge
others in turn: ten lines that each merge the one before eight times expand to 8^10 entries, so a
half-kilobyte file keeps the loader busy for hours. Real files merge a few dozen keys; past MAX_MERGED
entries in one mapping the document is refused with a yaml.YAMLError, like any other invalid YAML.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

MAX_MERGED = 10_000


class _Bounded:
    def flatten_mapping(self, node: Any) -> None:
        # Nested mappings are flattened (and checked) first, by this same method: each step stays bounded.
        super().flatten_mapping(node)  # type: ignore[misc]
        if len(node.value) > MAX_MERGED:
            raise ConstructorError(None, None, "merge keys expand to too many entries", node.start_mark)


class SafeLoader(_Bounded, yaml.SafeLoader):
    """`yaml.safe_load`'s loader (pure Python), merge keys bounded."""


class CSafeLoader(_Bounded, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The libyaml parser (about ten times faster) when PyYAML has it, with the same safe constructor."""
