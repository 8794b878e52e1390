"""A library module's `if __name__ == "__main__":` block (a connector that builds itself from `JIRA_*` and
prints what it fetches) is a developer's try-out: dev scope. An entry module's block (`server.py`, `main.py`)
is how the program starts, and a standalone script outside any package is judged by the script rules."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONNECTOR = """
import os


class JiraConnector:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.timeout = int(os.environ.get("JIRA_TIMEOUT", "30"))


if __name__ == "__main__":
    connector = JiraConnector(os.environ["JIRA_BASE_URL"])
    print(connector.base_url, os.environ.get("JIRA_API_TOKEN"))
"""

_SERVER = """
import os

if __name__ == "__main__":
    port = int(os.environ.get("APP_PORT", "8000"))
"""


def test_a_library_modules_main_block_is_a_try_out(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "common/__init__.py": "",
            "common/data_source/__init__.py": "",
            "common/data_source/jira_connector.py": _CONNECTOR,
            "api/__init__.py": "",
            "api/server.py": _SERVER,
        },
    )
    assert found["JIRA_BASE_URL"].scope == "dev"
    assert found["JIRA_API_TOKEN"].scope == "dev"
    assert found["JIRA_TIMEOUT"].scope == "runtime"  # the class the app imports reads it
    assert found["APP_PORT"].scope == "runtime"  # the server's own start


_NESTED = """
import os


def main(port):
    def parse_bool_flag(key: str, default: bool) -> bool:
        val = os.environ.get(key, str(default))
        return str(val).strip().lower() in ("1", "true")

    return parse_bool_flag("MCP_JSON_RESPONSE", True), port
"""


def test_a_helper_defined_inside_a_function_is_a_reader(tmp_path: Path) -> None:
    found = project(tmp_path, {"server.py": _NESTED})
    assert "MCP_JSON_RESPONSE" in found
