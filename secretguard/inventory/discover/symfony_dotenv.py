"""Where a Symfony app's variables get their values when the deployment sets none.

A Symfony app commits a `.env` beside its composer.json and loads it at run time with the Dotenv component
(before the kernel boots: `$_ENV` / `$_SERVER` get every name it sets that the real environment lacks), so
its values are the defaults of the variables the app reads: not an example file. `.env.local`, `.env.test`
and the like are a developer's or a test run's, never read here. Only an app that installs Dotenv for
production (composer.json's `require`, or a front controller or `config/bootstrap.php` calling it) loads it.

Failing that, the container's `env(NAME): value` parameter is NAME's value for its `%env()%` placeholders.
The config files' reads (symfony.py) are held here until every file is seen, then given those defaults.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from secretguard.inventory.discover.base import Read, carries_password, is_env_name, scope_of_read
from secretguard.inventory.discover.symfony import (
    SETTINGS_SOURCE,
    SOURCE,
    ParameterDefault,
    xml_config,
    yaml_config,
)
from secretguard.inventory.dotenv_format import parse_dotenv

DOTENV_SOURCE = "symfony-dotenv"
# Reads that see what Dotenv loaded: the container's placeholders, a settings bundle's and PHP's own reads.
_LOADED_FOR = frozenset({SOURCE, SETTINGS_SOURCE, "php"})
_FRONTS = ("config/bootstrap.php", "public/index.php")
# Dotenv expands `$NAME`, `${NAME}` and `$(command)` outside single quotes; `%param%` is a container
# parameter a `resolve:` placeholder fills in: either way no literal.
_EXPANDED = re.compile(r"\$[A-Za-z_{(]")
_PARAMETER_REF = re.compile(r"%[\w.]+%")

ReadFile = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class _Value:
    value: str | None  # None: set empty
    computed: bool


@dataclass
class SymfonyProject:
    """Symfony config files' reads and defaults, and the `.env` files, gathered during the walk."""

    reads: list[Read] = field(default_factory=list)
    defaults: list[ParameterDefault] = field(default_factory=list)
    dotenvs: list[str] = field(default_factory=list)
    xml: list[str] = field(default_factory=list)

    def note_file(self, rel: str) -> None:
        base = posixpath.basename(rel)
        if base == ".env":
            self.dotenvs.append(rel)
        elif base.lower().endswith(".xml") and "config" in rel.lower().split("/")[:-1]:
            self.xml.append(rel)  # services.xml, packages/*.xml (a bundle's `Resources/config/` too)

    def add_yaml(self, text: str, rel: str) -> None:
        reads, defaults = yaml_config(text, rel)
        self.reads.extend(reads)
        self.defaults.extend(defaults)

    def finish(self, reads: list[Read], read_file: ReadFile) -> list[Read]:
        """Every read given (the walk's) and the config files', with their Symfony defaults; the `.env`'s
        names as declarations (`example`, as an example file's: a name only `.env` sets is read by nothing
        of the app)."""
        for rel in self.xml:
            text = read_file(rel)
            if text is not None:
                found, defaults = xml_config(text, rel)
                self.reads.extend(found)
                self.defaults.extend(defaults)
        out = _with_parameters(reads + self.reads, self.defaults)
        for rel in self.dotenvs:
            folder = posixpath.dirname(rel)
            text = read_file(rel)
            if text is None or not _loads_dotenv(folder, read_file):
                continue
            values, declared = _dotenv(text, rel)
            putenv = _PutenvReads(read_file)
            out = [_with_dotenv(read, folder, values, putenv) for read in out] + declared
        self.reads, self.defaults, self.dotenvs, self.xml = [], [], [], []
        return out


def _with_parameters(reads: list[Read], defaults: list[ParameterDefault]) -> list[Read]:
    """A placeholder without a `default:` takes its `env(NAME)` parameter (a runtime one first)."""
    if not defaults:
        return reads
    by_name: dict[str, ParameterDefault] = {}
    for default in sorted(defaults, key=lambda d: not _runtime(d)):
        by_name.setdefault(default.name, default)
    out = []
    for read in reads:
        found = by_name.get(read.name) if read.source == SOURCE and not read.optional else None
        out.append(read if found is None else replace(read, optional=True, default=found.value))
    return out


def _runtime(default: ParameterDefault) -> bool:
    """Whether the parameter applies where the app runs (not `when@test:`, not `config/packages/dev/`)."""
    probe = Read(default.name, default.file, default.line, True, SOURCE, scope=default.scope)
    return scope_of_read(probe) == "runtime"


def _loads_dotenv(folder: str, read_file: ReadFile) -> bool:
    """Whether the app in folder loads its `.env` in production."""
    text = read_file(posixpath.join(folder, "composer.json"))
    if text is not None:
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        require = data.get("require") if isinstance(data, dict) else None
        if isinstance(require, dict) and "symfony/dotenv" in require:
            return True
    for front in _FRONTS:
        code = read_file(posixpath.join(folder, front))
        if code is not None and "Dotenv" in code:
            return True
    return False


def _dotenv(text: str, rel: str) -> tuple[dict[str, _Value], list[Read]]:
    """The `.env`'s values by name, and its names as declarations."""
    lines = text.splitlines()
    values: dict[str, _Value] = {}
    declared = []
    for entry in parse_dotenv(text):
        if not is_env_name(entry.key):
            continue
        raw = lines[entry.line - 1] if entry.line <= len(lines) else ""
        quoted = raw.partition("=")[2].lstrip().startswith("'")
        value = entry.value if entry.has_value and entry.value else None
        computed = value is not None and (
            bool(_PARAMETER_REF.search(value)) or (not quoted and bool(_EXPANDED.search(value)))
        )
        values[entry.key] = _Value(None if computed else value, computed)  # the last one wins, as in Dotenv
        hint = carries_password(entry.value)
        declared.append(Read(entry.key, rel, entry.line, True, DOTENV_SOURCE, hint, scope="example"))
    return values, declared


class _PutenvReads:
    """Which PHP reads go through `getenv()`: Dotenv fills `$_ENV` and `$_SERVER` but, unless the app asks
    for `putenv` (off by default since Symfony 5), not the process environment `getenv()` reads."""

    def __init__(self, read_file: ReadFile) -> None:
        self.read_file = read_file
        self.lines: dict[str, list[str]] = {}

    def __call__(self, read: Read) -> bool:
        if read.source != "php":
            return False
        if read.file not in self.lines:
            self.lines[read.file] = (self.read_file(read.file) or "").splitlines()
        lines = self.lines[read.file]
        line = lines[read.line - 1] if 0 < read.line <= len(lines) else ""
        return "getenv" in line and "$_ENV" not in line and "$_SERVER" not in line


def _with_dotenv(read: Read, folder: str, values: dict[str, _Value], putenv: _PutenvReads) -> Read:
    """A read of the app's code or config under folder, of a name its `.env` sets: the `.env` value is what
    it gets when the deployment sets none (an empty one: none)."""
    found = values.get(read.name)
    if found is None or read.source not in _LOADED_FOR or not _inside(read.file, folder) or putenv(read):
        return read
    return replace(read, optional=True, default=found.value, computed_default=found.computed)


def _inside(file: str, folder: str) -> bool:
    return not folder or file.startswith(folder + "/")
