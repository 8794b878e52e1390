"""Round 68: a PyYAML loader whose implicit resolver fills `${VAR:default}` from the environment (private
gpt's `load_yaml_with_envvars`) makes each placeholder of the app's settings.yaml a read with its default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

LOADER = """
import os
import re
from yaml import SafeLoader

_env_replace_matcher = re.compile(r"\\$\\{(\\w|_)+:?.*}")


def load_yaml_with_envvars(stream, environ=os.environ):
    loader = SafeLoader(stream)

    def load_env_var(_, node):
        value = str(node.value).removeprefix("${").removesuffix("}")
        split = value.split(":", 1)
        return environ.get(split[0]) or (split[1] if len(split) > 1 else None)

    loader.add_implicit_resolver("env_var_replacer", _env_replace_matcher, None)
    loader.add_constructor("env_var_replacer", load_env_var)
    return loader.get_single_data()
"""

SETTINGS = """
server:
  port: ${PORT:8001}
  env_name: ${APP_ENV:prod}
openai:
  api_key: ${OPENAI_API_KEY:}
proxy:
  http: ${HTTP_PROXY,http_proxy:}
"""


def test_settings_placeholders_a_yaml_resolver_fills(tmp_path: Path) -> None:
    found = project(tmp_path, {"app/settings/yaml.py": LOADER, "settings.yaml": SETTINGS})
    assert found["PORT"].default == "8001"
    assert found["APP_ENV"].default == "prod"
    assert found["OPENAI_API_KEY"].secret
    assert "HTTP_PROXY" in found


def test_without_the_resolver_the_placeholders_are_no_reads(tmp_path: Path) -> None:
    found = project(tmp_path, {"settings.yaml": SETTINGS})
    assert "APP_ENV" not in found
