"""Where an `env:"NAME,default=..."` tag's default ends, as the library that reads the tag parses it.

- sethvargo/go-envconfig: everything after `default=` is the default, commas included
  (`env:"HOSTS,default=a, b"` -> `a, b`).
- joeshaw/envdecode: the tag is split at every comma; `default=` is one of the parts and the others are
  options (`env:"TIMEOUT,default=5s,strict"` -> `5s`, strict; any part starting `required` requires it).
- Netflix/go-env: split at every comma too; `default=x`, `required=true`, and parts without `=` are names.

go.py reads the tag the go-envconfig way (the default is the rest of the tag); for a struct envdecode loads,
the tag is rewritten so the default comes last, which gives the same reading. Which library a struct's
package uses is told by its imports: the folder's own files first, else the project's when it imports one
of the two only.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping

from secretguard.inventory.discover.go_structs import Struct

ENVDECODE = '"github.com/joeshaw/envdecode'
NETFLIX = '"github.com/Netflix/go-env'
GO_ENVCONFIG = '"github.com/sethvargo/go-envconfig'


def comma_split_folders(texts: Mapping[str, str]) -> tuple[set[str], set[str]]:
    """(folders whose files import envdecode or Netflix's go-env, folders importing go-envconfig)."""
    split: set[str] = set()
    rest: set[str] = set()
    for file, text in texts.items():
        if ENVDECODE in text or NETFLIX in text:
            split.add(posixpath.dirname(file))
        if GO_ENVCONFIG in text:
            rest.add(posixpath.dirname(file))
    return split, rest


def splits_at_commas(folder: str, split: set[str], rest: set[str]) -> bool:
    """Whether the structs of the folder's package are read by envdecode's grammar."""
    if folder in split or folder in rest:
        return folder in split and folder not in rest
    return bool(split) and not rest  # loaded from another package of a project using envdecode only


def end_defaults_at_commas(structs: Iterable[Struct]) -> None:
    """Rewrite each field's `env` tag (nested structs too) so that its `default=` part, cut at the next
    comma, is the last option."""
    stack = list(structs)
    seen: set[int] = set()
    while stack:
        struct = stack.pop()
        if id(struct) in seen:
            continue
        seen.add(id(struct))
        for f in struct.fields:
            if f.inline is not None:
                stack.append(f.inline)
            spec = f.tags.get("env")
            if spec is not None:
                f.tags["env"] = envdecode_order(spec)


def envdecode_order(spec: str) -> str:
    """`NAME,default=5s,strict` -> `NAME,strict,default=5s` (the last `default=` part counts);
    `required=true` -> `required`."""
    name, *parts = spec.split(",")
    defaults = [p for p in parts if p.startswith("default=")]
    options = [_required(p) for p in parts if not p.startswith("default=")]
    return ",".join([name, *(o for o in options if o), *defaults[-1:]])


def _required(option: str) -> str:
    """go-env's `required=true` is envdecode's `required`; `required=false` requires nothing."""
    key, sep, value = option.partition("=")
    if key.strip().lower() != "required" or not sep:
        return option
    return "required" if value.strip().lower() == "true" else ""
