"""LangChain's helpers read the variable their env-key argument names; cucumber's launcher is the tests'."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_LOADER = """
from langchain_core.utils import get_from_dict_or_env, secret_from_env


class MathpixLoader:
    def __init__(self, **kwargs):
        self.app_id = get_from_dict_or_env(kwargs, "mathpix_api_id", "MATHPIX_API_ID", default="empty")
        self.key = get_from_dict_or_env(kwargs, "mathpix_api_key", "MATHPIX_API_KEY")
        self.token = secret_from_env("ACME_TOKEN")
"""


def test_langchain_env_helpers(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "libs/loaders/mathpix.py": _LOADER,
            "script/cucumber": '#!/usr/bin/env ruby\nrequire "rubygems" unless ENV["NO_RUBYGEMS"]\n',
        },
    )
    assert found["MATHPIX_API_ID"].default == "empty"
    assert found["MATHPIX_API_KEY"].secret
    assert found["ACME_TOKEN"].secret
    assert found["NO_RUBYGEMS"].scope == "test"
