"""Ruby: a Konfig schema read from the environment.

    ConfigSchema = Konfig::Schema.draw do
      group :main_db do
        string :password do
          default "postal"
        end
      end
    end
    sources << Konfig::Sources::Environment.new(ENV)

The environment source looks every setting up under its path joined by `_` and upper-cased (`main_db` and
`password` -> `MAIN_DB_PASSWORD`), so each setting of a schema is a read once the project hands `ENV` to that
source. A setting's `default` literal (a string, number or true/false) is its default; a list, a block, a
computed value or one Konfig fills in when it loads (`$config-file-root/signing.key`) gives none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "ruby-konfig"
_SCHEMA = "Konfig::Schema.draw"
_ENV_SOURCE = re.compile(r"Konfig::Sources::Environment\.new\(\s*ENV\b")
_GROUP = re.compile(r"^(\s*)group\s+:(\w+)\s+do\b")
_SETTING = re.compile(
    r"^(\s*)(?:string|integer|boolean|float|array|hash|symbol|\w+)\s+:(\w+)(\s+do\b)?\s*(?:#.*)?$"
)
_DEFAULT = re.compile(
    r"""^\s*default\s+(?:"([^"\\]*)"|'([^'\\]*)'|(-?\d[\d_]*(?:\.\d+)?|true|false))\s*(?:#.*)?$"""
)
_END = re.compile(r"^(\s*)end\b")


@dataclass
class KonfigProject:
    schemas: list[tuple[str, str]] = field(default_factory=list)  # (file, text) of schema definitions
    env_source: bool = False  # the project hands ENV to Konfig's environment source

    def add(self, text: str, file: str) -> None:
        if "Konfig" not in text:
            return
        if _SCHEMA in text:
            self.schemas.append((file, text))
        if _ENV_SOURCE.search(text) is not None:
            self.env_source = True

    def finish(self) -> list[Read]:
        if not self.env_source:
            return []
        return [read for file, text in self.schemas for read in _schema_reads(text, file)]


def _schema_reads(text: str, file: str) -> list[Read]:
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if _SCHEMA in line), None)
    if start is None:
        return []
    groups: list[tuple[int, str]] = []  # (indent, name) of the open groups
    out: list[Read] = []
    n = start + 1
    while n < len(lines):
        line = lines[n]
        if (end := _END.match(line)) is not None:
            while groups and groups[-1][0] >= len(end.group(1)):
                groups.pop()
            if not groups and len(end.group(1)) <= _indent(lines[start]):
                break  # the schema's own `end`
            n += 1
            continue
        if (group := _GROUP.match(line)) is not None:
            groups.append((len(group.group(1)), group.group(2)))
            n += 1
            continue
        setting = _SETTING.match(line)
        if setting is None or setting.group(2) in ("description", "default", "transform") or not groups:
            n += 1
            continue
        indent = len(setting.group(1))
        default: str | None = None
        body_end = n
        if setting.group(3):  # `string :x do ... end`: its body
            body_end = n + 1
            while body_end < len(lines):
                closing = _END.match(lines[body_end])
                if closing is not None and len(closing.group(1)) == indent:
                    break
                found = _DEFAULT.match(lines[body_end])
                if found is not None:
                    default = next((g for g in found.groups() if g is not None), None)
                    if found.group(3) is not None:
                        default = default.replace("_", "") if default else default  # `12_201`
                    if default is not None and "$" in default:
                        default = None  # `$config-file-root/signing.key`: filled in when loaded
                body_end += 1
        name = "_".join([g for _, g in groups] + [setting.group(2)]).upper()
        if is_env_name(name):
            out.append(Read(name, file, n + 1, True, SOURCE, default=default or None))
        n = body_end + 1
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
