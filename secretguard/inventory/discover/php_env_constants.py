"""PHP: an environment class holding the variables' names as its constants and indexing the environment
array it was built from with them.

    class Environment
    {
        public const string ASSET_URL = 'ASSETS_URL';
        public function __construct(array $elements = []) { $this->data = $elements; }
        public function getAssetUrl(): string
        {
            return Types::string($this->data[self::ASSET_URL] ?? null, '/static', true);
        }
    }
    $environment = new Environment(array_merge(array_filter(getenv()), $raw));

A class named for the environment (`Environment`, `Env`, `AppEnvironment`) whose constants hold upper-case
names, each used as `$this-><array>[self::NAME]`, reads that constant's name; the class is built from the
environment somewhere in the project (`new Environment(...getenv()...)`, `$_ENV`, `$_SERVER`), which the
caller checks. A helper's literal second argument (`Types::string($x ?? null, '/static')`) or a `?? 'v'` is
the default.
"""

from __future__ import annotations

import re

from secretguard.inventory.discover.base import Read, is_env_name

SOURCE = "php"
_CLASS = re.compile(r"\bclass\s+(\w*Env(?:ironment)?)\b")
_CONSTANT = re.compile(r"""\bconst\s+(?:string\s+)?([A-Z][A-Z0-9_]*)\s*=\s*['"]([A-Z][A-Z0-9_]*)['"]\s*;""")
_INDEX = re.compile(r"\$this->\w+\[self::([A-Z][A-Z0-9_]*)\]")
# `Types::string($this->data[self::X] ?? null, 'default'` / `$this->data[self::X] ?? 'default'`
_DEFAULT = re.compile(
    r"""\$this->\w+\[self::(?P<const>[A-Z][A-Z0-9_]*)\]\s*\?\?\s*(?:null\s*,\s*"""
    r"""(?:(?P<q>['"])(?P<text>[^'"\n]+)(?P=q)|(?P<word>\d+|true|false))\s*[,)]"""
    r"""|(?P<pq>['"])(?P<plain>[^'"\n]*)(?P=pq))"""
)
_BUILT = re.compile(r"\bnew\s+(\w*Env(?:ironment)?)\s*\(")
_ENV_SOURCES = ("getenv()", "$_ENV", "$_SERVER")


def built_from_environment(text: str) -> set[str]:
    """Classes this file constructs in a file that reads the whole environment."""
    if not any(s in text for s in _ENV_SOURCES):
        return set()
    return set(_BUILT.findall(text))


def env_class_reads(text: str, file: str, built: set[str]) -> list[Read]:
    match = _CLASS.search(text)
    if match is None or match.group(1) not in built:
        return []
    names = dict(_CONSTANT.findall(text))
    if not names:
        return []
    defaults: dict[str, str] = {}
    for found in _DEFAULT.finditer(text):
        value = found.group("text") or found.group("word") or found.group("plain")
        before = text[max(0, found.start() - 30) : found.start()].lower()
        if value in ("true", "false") and "bool" not in before:
            continue  # `Types::string($x ?? null, true)`: a string helper's flag, not a default
        if value and value != "null":
            defaults.setdefault(found.group("const"), value)
    out: list[Read] = []
    seen: set[str] = set()
    for index in _INDEX.finditer(text):
        const = index.group(1)
        name = names.get(const)
        if name is None or name in seen or not is_env_name(name):
            continue
        seen.add(name)
        line = text.count("\n", 0, index.start()) + 1
        out.append(Read(name, file, line, True, SOURCE, default=defaults.get(const)))
    return out
