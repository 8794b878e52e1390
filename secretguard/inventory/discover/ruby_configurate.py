"""Ruby: settings of a Configurate object (the `configurate` gem) whose environment provider answers first.

    AppConfig ||= Configurate::Settings.create do
      add_provider Configurate::Provider::Env
      add_provider Configurate::Provider::YAML, File.join(config_dir, "defaults.yml"), namespace: rails_env
      add_provider Configurate::Provider::YAML, File.join(config_dir, "defaults.yml"), namespace: "defaults"
    end

The environment provider looks every setting up under its path joined by `_` and upper-cased
(`AppConfig.environment.s3.key` -> `ENVIRONMENT_S3_KEY`), so each setting the YAML files hold is a variable.
A namespaced file's settings are those of its namespaces (`defaults:`, `production:`, `development:`; a
`test:` section is the test suite's). A setting's default is its scalar in the literal namespace the
providers name (`"defaults"`), unless an environment's section gives it another value (the places
disagree); a list or an empty value gives none.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from secretguard.inventory.discover.base import Read, is_env_name
from secretguard.inventory.discover.yamltree import Node, YamlTooLargeError, load_documents

SOURCE = "ruby-configurate"
_CREATE = "Configurate::Settings.create"
_ENV_PROVIDER = re.compile(r"\badd_provider\s+Configurate::Provider::Env\b")
# The provider's arguments: the rest of its line, and each next line while the one before ends with a comma.
_YAML_PROVIDER = re.compile(
    r"""\badd_provider\s+Configurate::Provider::YAML\b(?P<args>(?:[^\n]*,[ \t]*\n)*[^\n]*)"""
)
_FILE = re.compile(r"""["']([\w.-]+\.ya?ml)["']""")
_NAMESPACE = re.compile(r"""namespace:\s*(?:["'](\w+)["']|(\w+))""")
_TEST_NAMESPACES = frozenset({"test", "testing", "cucumber"})


@dataclass
class _Provider:
    file: str  # the Ruby file creating the settings object
    yaml_name: str  # the YAML file's name as the provider gives it
    namespace: str | None  # the literal namespace (`"defaults"`); "" for one chosen at run time


@dataclass
class ConfigurateProject:
    providers: list[_Provider] = field(default_factory=list)

    def add(self, text: str, file: str) -> None:
        if _CREATE not in text or _ENV_PROVIDER.search(text) is None:
            return
        for match in _YAML_PROVIDER.finditer(text):
            args = match.group("args")
            name = _FILE.search(args)
            if name is None:
                continue
            space = _NAMESPACE.search(args)
            namespace = None if space is None else (space.group(1) or "")
            self.providers.append(_Provider(file, name.group(1), namespace))

    def finish(self, read_file: Callable[[str], str | None]) -> list[Read]:
        out: list[Read] = []
        by_yaml: dict[str, list[_Provider]] = {}
        for provider in self.providers:
            path, text = _located(provider, read_file)
            if path is not None and text is not None:
                by_yaml.setdefault(path, []).append(provider)
        for path, providers in by_yaml.items():
            text = read_file(path)
            if text is not None:
                out.extend(_settings(path, text, providers))
        return out


def _located(provider: _Provider, read_file: Callable[[str], str | None]) -> tuple[str | None, str | None]:
    """The YAML file beside the Ruby file, else in the `config/` folder of its project."""
    here = posixpath.dirname(provider.file)
    candidates = [posixpath.join(here, provider.yaml_name)]
    root = provider.file.rsplit("config/", 1)[0] if "config/" in provider.file else ""
    candidates.append(posixpath.join(root, "config", provider.yaml_name))
    for path in dict.fromkeys(candidates):
        text = read_file(path)
        if text is not None:
            return path, text
    return None, None


def _settings(path: str, text: str, providers: list[_Provider]) -> list[Read]:
    try:
        docs = load_documents(text)
    except (yaml.YAMLError, YamlTooLargeError, RecursionError):
        return []
    if not docs or not docs[0].is_map:
        return []
    top = docs[0]
    namespaced = any(p.namespace is not None for p in providers)
    if not namespaced:
        return [_read(name, path, node, node.text) for name, node in _leaves(top, [])]
    literal = {p.namespace for p in providers if p.namespace}
    defaults: dict[str, Node] = {}
    others: dict[str, list[Node]] = {}
    for space, section in top.items():
        if space.lower() in _TEST_NAMESPACES or not section.is_map:
            continue
        for name, node in _leaves(section, []):
            if space in literal:
                defaults[name] = node
            else:
                others.setdefault(name, []).append(node)
    out: list[Read] = []
    for name, node in defaults.items():
        default = node.text
        if any(other.text != default for other in others.get(name, [])):
            default = None  # `production:` or `development:` gives another value: the places disagree
        out.append(_read(name, path, node, default))
    out.extend(_read(name, path, nodes[0], None) for name, nodes in others.items() if name not in defaults)
    return out


def _leaves(node: Node, path: list[str]) -> list[tuple[str, Node]]:
    out: list[tuple[str, Node]] = []
    for key, child in node.items():
        if child.is_map and child.value:
            out.extend(_leaves(child, [*path, str(key)]))
        else:
            name = "_".join([*path, str(key)]).upper()
            if is_env_name(name):
                out.append((name, child))
    return out


def _read(name: str, path: str, node: Node, default: str | None) -> Read:
    line = node.key_line or node.line
    return Read(name, path, line, True, SOURCE, default=default or None)
