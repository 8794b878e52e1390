"""Round 67: a compose service that runs the test suite (`command: make test`) and a test runner's
`karma.conf.js` configure the tests, not the application."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inventory.discover.projects import project

_COMPOSE = """
services:
  test:
    build: .
    command: {command}
    environment:
      VIRTUAL_ENV: "true"
  web:
    build: .
    command: gunicorn app:wsgi
    environment:
      WEB_CONCURRENCY: "4"
"""


@pytest.mark.parametrize("command", ["make test", "pytest -x", '["npm", "run", "test"]', "bundle exec rspec"])
def test_a_service_running_the_tests_is_test(tmp_path: Path, command: str) -> None:
    found = project(tmp_path, {"docker-compose.yml": _COMPOSE.format(command=command)})
    assert found["VIRTUAL_ENV"].scope == "test"
    assert found["WEB_CONCURRENCY"].scope == "runtime"


def test_karmas_config_is_the_tests(tmp_path: Path) -> None:
    found = project(
        tmp_path, {"gulp/karma.conf.js": "module.exports = { singleRun: !!process.env.TRAVIS };\n"}
    )
    assert found["TRAVIS"].scope == "test"


def test_a_ci_script_without_extension_and_a_pepper(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "script/minitest-ci": '#!/usr/bin/env bash\necho "$CI_NODE_TOTAL $CI_NODE_INDEX"\n',
            "config/devise.yml": "pepper: <%= ENV['DEVISE_PEPPER'] %>\n",
        },
    )
    assert found["CI_NODE_TOTAL"].scope == "ci"
    assert found["DEVISE_PEPPER"].secret


def test_certbots_hook_variables_are_no_settings(tmp_path: Path) -> None:
    hook = '#!/bin/sh\ncp "$RENEWED_LINEAGE/fullchain.pem" "$CERT_DIR/"\n'
    found = project(tmp_path, {"provisioning/templates/copy-certs.sh": hook})
    assert "RENEWED_LINEAGE" not in found
    assert "CERT_DIR" in found
