"""Rust: clap's derive attributes naming a variable (`#[clap(long, env = "LLDAP_CONFIG_FILE",
default_value = "lldap_config.toml")]`, `#[arg(long, env = "APP_PORT", default_value_t = 8080)]`): clap reads
the variable when the flag is not given on the command line, so each is a read, optional when a default is
given or the field is an `Option<...>`, with that default; a `bool` field is a switch, off unless given."""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "rust-clap"
_ATTRIBUTE = re.compile(r"#\[\s*(?:clap|arg)\s*\((.*?)\)\s*\]", re.DOTALL)
_ENV = re.compile(r"(?:^|[\s,(])env\s*=\s*\"([A-Za-z_][A-Za-z0-9_]*)\"")
_DEFAULT = re.compile(r"\bdefault_value\s*=\s*\"([^\"\n]*)\"|\bdefault_value_t\s*=\s*(-?[\w.]+)")
_FIELD = re.compile(r"\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?\w+\s*:\s*(Option\s*<)?\s*(\w+)")


def clap_reads(text: str, file: str) -> list[Read]:
    if "env" not in text or ("clap" not in text and "arg(" not in text):
        return []
    out: list[Read] = []
    for attribute in _ATTRIBUTE.finditer(text):
        body = attribute.group(1)
        found = _ENV.search(body)
        if found is None or not is_env_name(found.group(1)):
            continue
        given = _DEFAULT.search(body)
        default = (given.group(1) if given.group(1) is not None else given.group(2)) if given else None
        field = _FIELD.match(text, attribute.end())
        switch = field is not None and field.group(2) == "bool"
        if switch and default is None and field is not None and field.group(1) is None:
            default = "false"  # a `bool` flag is off unless given (an `Option<bool>` is unset)
        optional = default is not None or (field is not None and field.group(1) is not None)
        line = text.count("\n", 0, attribute.start() + found.start(1)) + 1
        read = Read(found.group(1), file, line, optional, SOURCE, default=default or None, boolean_use=switch)
        out.append(read)
    return out
