"""Ruby: a module method that reads the variable its arguments name, joined:

    module Credentials
      NESTING_DELIMITER = "__"
      def self.fetch(*key_segments, fallback: nil)
        key = key_segments.join(NESTING_DELIMITER).upcase
        ENV[key] || Rails.application.credentials.dig(*key_segments) || fallback
      end
    end
    Credentials.fetch(:SMTP, :PASSWORD)          # SMTP__PASSWORD
    Credentials.fetch(:LOCKBOX, fallback: "x")   # LOCKBOX, default "x"

A helper is a `def self.<name>(*<segments>...)` whose next lines join the segments (with a literal or a
constant of the module) into a key that reaches `ENV[...]` / `ENV.fetch(...)`. Each call `Module.<name>(...)`
anywhere in the project whose segments are all symbols or strings reads that name (upper-cased when the
helper upcases it); a segment computed at run time (`ColumnService::ENVIRONMENT`) names no one variable. A
module named for credentials (`Credentials`, `Secrets`) keeps credentials: a service's name read alone through
it (`Credentials.fetch(:LOCKBOX)`) is that service's secret, unless its words say it is a plain setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secretguard.inventory.discover.base import Read, is_env_name, plain_setting
from secretguard.scan.context import name_words

SOURCE = "ruby"
_MODULE = re.compile(r"^\s*(?:module|class)\s+([A-Z]\w*)", re.MULTILINE)
_HELPER = re.compile(r"^(\s*)def\s+self\.(\w+[?!]?)\(\s*\*(\w+)[^)]*\)\s*$", re.MULTILINE)
_CONSTANT = re.compile(r"^\s*([A-Z][A-Z0-9_]*)\s*=\s*[\"']([^\"']*)[\"']\s*$", re.MULTILINE)
_CALL = re.compile(r"\b([A-Z]\w*)\.(\w+[?!]?)\(([^()\n]*)\)")
_SEGMENT = re.compile(r"""^(?::([A-Za-z_]\w*)|["']([^"'#]*)["'])$""")
_FALLBACK = re.compile(r"""^fallback:\s*["']([^"']*)["']$""")
_CREDENTIAL_MODULE = re.compile(r"Credential|Secret", re.IGNORECASE)
_SETTING_WORDS = frozenset("ip ips email address domain host url number list id ids name public site".split())
_BODY_LINES = 8  # lines after the `def` where the join and the read are looked for


@dataclass(frozen=True, slots=True)
class _Helper:
    separator: str
    upcase: bool


@dataclass
class JoinedKeys:
    helpers: dict[tuple[str, str], _Helper] = field(default_factory=dict)  # (module, method) -> helper
    calls: list[tuple[str, str, str, str, int]] = field(
        default_factory=list
    )  # module, method, args, file, line

    def add(self, text: str, rel: str) -> None:
        if "def self." in text and "ENV" in text and ".join(" in text:
            self._helpers(text)
        if "(:" in text or '("' in text or "('" in text:
            for number, line in enumerate(text.splitlines(), 1):
                if line.lstrip().startswith("#"):
                    continue
                for found in _CALL.finditer(line):
                    self.calls.append((found.group(1), found.group(2), found.group(3), rel, number))

    def _helpers(self, text: str) -> None:
        constants = dict(_CONSTANT.findall(text))
        lines = text.splitlines()
        for found in _HELPER.finditer(text):
            module = _enclosing_module(text, found.start())
            if module is None:
                continue
            start = text.count("\n", 0, found.start()) + 1
            body = "\n".join(lines[start : start + _BODY_LINES])
            segments = re.escape(found.group(3))
            join = re.search(
                rf"\b{segments}\.join\(\s*(?:[\"']([^\"']*)[\"']|([A-Z][A-Z0-9_]*))\s*\)(\.upcase)?", body
            )
            if join is None or not re.search(r"\bENV(?:\[|\.fetch\()", body):
                continue
            separator = join.group(1) if join.group(1) is not None else constants.get(join.group(2) or "")
            if separator is not None:
                self.helpers[(module, found.group(2))] = _Helper(separator, join.group(3) is not None)

    def finish(self) -> list[Read]:
        out: list[Read] = []
        for module, method, args, file, line in self.calls:
            helper = self.helpers.get((module, method))
            if helper is None:
                continue
            segments: list[str] = []
            default: str | None = None
            computed = False
            for arg in (a.strip() for a in args.split(",") if a.strip()):
                literal = _SEGMENT.match(arg)
                fallback = _FALLBACK.match(arg)
                if literal is not None:
                    segments.append(literal.group(1) or literal.group(2) or "")
                elif fallback is not None:
                    default = fallback.group(1) or None
                elif arg.startswith("fallback:"):
                    computed = True
                else:
                    segments = []
                    break
            name = helper.separator.join(segments)
            name = name.upper() if helper.upcase else name
            if segments and is_env_name(name):
                optional = default is not None or computed
                # `Credentials.fetch(:LOCKBOX)`: a service's name alone stands for its credential
                hint = (
                    len(segments) == 1
                    and _CREDENTIAL_MODULE.search(module) is not None
                    and not plain_setting(name)
                    and not _SETTING_WORDS.intersection(name_words(name))
                )
                out.append(
                    Read(name, file, line, optional, SOURCE, hint, default=default, computed_default=computed)
                )
        self.calls.clear()
        return out


def _enclosing_module(text: str, at: int) -> str | None:
    """The innermost `module X` / `class X` opened before position at (by indentation, the nearest one)."""
    found = None
    for match in _MODULE.finditer(text, 0, at):
        found = match.group(1)
    return found
