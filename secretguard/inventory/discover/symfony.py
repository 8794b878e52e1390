"""Symfony's service container reads the environment through placeholders: `%env(NAME)%`, with a chain of
processors before the name (`%env(bool:NAME)%`, `%env(default:fallback_param:NAME)%`, `%env(key:host:json:
NAME)%`), in its YAML, XML and PHP configuration and in PHP attributes (php_symfony.py). A route's
`condition` calls the expression language's `env('NAME')`. A parameter `env(NAME): value` is the container's
own default for NAME, used when the variable is unset.

This module reads the placeholders' syntax and the config files; symfony_dotenv.py gives the defaults (the
`env()` parameters, the committed `.env`) to the reads once every file is seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.yamltree import Node, YamlTooLargeError, load_documents, scalar_lines

SOURCE = "symfony-env"
SETTINGS_SOURCE = "symfony-settings"  # php_symfony.py: a settings bundle's `envVar:`
PLACEHOLDER = re.compile(r"%env\(([\w.:\\-]+)\)%")
# The expression language's `env('NAME')` (route conditions, `@=` service expressions).
_EXPRESSION_ENV = re.compile(r"""\benv\(\s*(['"])([\w.:\\-]+)\1\s*\)""")
_PARAMETER_KEY = re.compile(r"^env\(([\w.:\\-]+)\)$")
# Symfony's own processors that take no argument; `key:`, `default:` and `enum:` take one.
_PROCESSORS = frozenset(
    """
    string bool not int float const base64 base64url json resolve csv shuffle file require trim url
    query_string urlencode defined strcsv
    """.split()
)
_WITH_ARGUMENT = frozenset({"key", "default", "enum"})
_PATH_PROCESSORS = frozenset({"file", "require"})  # the variable holds a file's path
_BOOLEAN_PROCESSORS = frozenset({"bool", "not"})
# An app's own processor (`addSlash:`) may take arguments of its own (`settings:section:field`): after one,
# only an upper-case last segment is taken for a variable's name.
_UPPER_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
# `when@dev:` / `when@test:` blocks apply in that environment only.
_WHEN_SCOPES = {"dev": "dev", "test": "test"}
_EXPRESSION_KEYS = frozenset({"condition"})


@dataclass(frozen=True, slots=True)
class EnvSpec:
    """What `%env(...)%` says of its variable."""

    name: str
    fallback: str | None  # `default:<param>:`: the parameter used when unset ("" for `default::`: null)
    holds_path: bool  # `file:` / `require:`: the value is a file's path
    boolean: bool  # `bool:` / `not:`: parsed as a switch
    presence: bool  # `defined:`: only whether it is set


def parse_spec(spec: str) -> EnvSpec | None:
    """The variable a placeholder's processor chain ends in (the last segment), else None."""
    parts = spec.split(":")
    name, chain = parts[-1], parts[:-1]
    fallback = None
    own_processor = False
    processors: set[str] = set()
    i = 0
    while i < len(chain):
        word = chain[i]
        if word in _WITH_ARGUMENT and i + 1 < len(chain):
            if word == "default":
                fallback = chain[i + 1]
            i += 2
            continue
        if word not in _PROCESSORS:
            own_processor = True
        processors.add(word)
        i += 1
    if not is_env_name(name) or "." in name or (own_processor and not _UPPER_NAME.match(name)):
        return None
    return EnvSpec(
        name,
        fallback,
        bool(processors & _PATH_PROCESSORS),
        bool(processors & _BOOLEAN_PROCESSORS),
        "defined" in processors,
    )


def spec_read(spec: EnvSpec, file: str, line: int, source: str = SOURCE, scope: str | None = None) -> Read:
    """The read a placeholder makes. Unset with no `default:` it is an error (the container refuses to
    start), unless an `env(NAME)` parameter or the `.env` gives a value: symfony_dotenv.py decides that."""
    fallback = spec.fallback
    return Read(
        spec.name,
        file,
        line,
        fallback is not None or spec.presence,
        source,
        scope=scope,
        computed_default=bool(fallback),  # another parameter's value
        holds_path=spec.holds_path,
        boolean_use=spec.boolean,
    )


def placeholder_specs(text: str) -> list[tuple[str, EnvSpec]]:
    """The `%env(...)%` placeholders in a string, each as written with what it says."""
    found = []
    for match in PLACEHOLDER.finditer(text):
        spec = parse_spec(match.group(1))
        if spec is not None:
            found.append((match.group(0), spec))
    return found


def expression_specs(text: str) -> list[EnvSpec]:
    """The variables of an expression's `env('...')` calls."""
    found = (parse_spec(m.group(2)) for m in _EXPRESSION_ENV.finditer(text))
    return [spec for spec in found if spec is not None]


@dataclass(frozen=True, slots=True)
class ParameterDefault:
    """`env(NAME): value` among a config file's parameters: NAME's value when unset."""

    name: str
    value: str | None  # None: null, empty or not one literal
    file: str
    line: int
    scope: str | None


def _parameter_value(node: Node) -> str | None:
    if node.is_map or node.is_list:
        return None
    text = node.text
    return text if text else None


def yaml_config(text: str, file: str) -> tuple[list[Read], list[ParameterDefault]]:
    """A YAML config file's placeholder and route-condition reads, and its `env(NAME)` parameters."""
    if "env(" not in text:
        return [], []
    try:
        docs = load_documents(text)
    except (yaml.YAMLError, YamlTooLargeError, RecursionError):
        return [], []
    lines = text.splitlines()
    reads: list[Read] = []
    defaults: list[ParameterDefault] = []
    for doc in docs:
        for key, node in doc.items() if doc.is_map else ():
            scope = _WHEN_SCOPES.get(key[5:]) if key.startswith("when@") else None
            blocks = list(node.items()) if key.startswith("when@") else [(key, node)]
            for block_key, block in blocks:
                if block_key == "parameters":
                    defaults.extend(_parameters(block, file, scope))
                _walk(block, block_key, lines, file, scope, reads)
    return reads, defaults


def _parameters(node: Node, file: str, scope: str | None) -> list[ParameterDefault]:
    out = []
    for key, value in node.items():
        match = _PARAMETER_KEY.match(key)
        if match and is_env_name(match.group(1)):
            out.append(ParameterDefault(match.group(1), _parameter_value(value), file, value.key_line, scope))
    return out


def _walk(node: Node, key: str, lines: list[str], file: str, scope: str | None, reads: list[Read]) -> None:
    stack = [(node, key)]
    while stack:
        current, at = stack.pop()
        if current.is_map:
            stack.extend((child, k) for k, child in current.items())
        elif current.is_list:
            stack.extend((child, at) for child in current.elements())
        elif isinstance(current.value, str):
            value = current.value
            for written, spec in placeholder_specs(value):
                line = scalar_lines(lines, current, written)  # a block scalar's own line
                reads.append(spec_read(spec, file, line, scope=scope))
            if at in _EXPRESSION_KEYS or value.startswith("@="):
                reads.extend(spec_read(s, file, current.line, scope=scope) for s in expression_specs(value))


_XML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_XML_PARAMETER = re.compile(r"<parameter\b[^>]*\bkey=\"env\(([\w.:\\-]+)\)\"[^>]*>([^<]*)</parameter>")


def xml_config(text: str, file: str) -> tuple[list[Read], list[ParameterDefault]]:
    """An XML config file's placeholders and `<parameter key="env(NAME)">value</parameter>` defaults
    (comments blanked out, their lines kept)."""
    if "env(" not in text:
        return [], []
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    reads = []
    for match in PLACEHOLDER.finditer(text):
        spec = parse_spec(match.group(1))
        if spec is not None:
            reads.append(spec_read(spec, file, text.count("\n", 0, match.start()) + 1))
    defaults = []
    for match in _XML_PARAMETER.finditer(text):
        if is_env_name(match.group(1)):
            value = match.group(2).strip() or None
            line = text.count("\n", 0, match.start()) + 1
            defaults.append(ParameterDefault(match.group(1), value, file, line, None))
    return reads, defaults
