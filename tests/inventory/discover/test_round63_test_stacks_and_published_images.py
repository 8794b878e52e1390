"""Round 63: a compose file named for the tests (`docker-compose-testing.yml`) is the test suite's stack, and
the published server image a CI folder builds (`ci/release-image/Dockerfile`, which EXPOSEs its port) runs
its entrypoint at run time, though both live in a CI folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inventory.discover.projects import project

_TEST_STACK = """
services:
  web:
    build: .
    environment:
      - TRAVIS=${TRAVIS}
      - GITHUB_TOKEN=${GITHUB_TOKEN}
      - SECRET_KEY_BASE=abc
"""


@pytest.mark.parametrize(
    "name", ["containers/docker-compose-testing.yml", "docker-compose.test.yml", "compose.e2e.yaml"]
)
def test_a_compose_file_named_for_the_tests_is_test(tmp_path: Path, name: str) -> None:
    found = project(tmp_path, {name: _TEST_STACK})
    assert {v.scope for v in found.values()} == {"test"}


_RELEASE_IMAGE = """
FROM debian:12
COPY release-packages/app*.deb /tmp/
RUN dpkg -i /tmp/app*.deb
COPY ci/release-image/entrypoint.sh /usr/bin/entrypoint.sh
ENV ENTRYPOINTD=/home/app/entrypoint.d
EXPOSE 8080
ENTRYPOINT ["/usr/bin/entrypoint.sh", "--bind-addr", "0.0.0.0:8080", "."]
"""
_ENTRYPOINT = """
#!/bin/sh
if [ "${DOCKER_USER-}" ]; then
  echo "renaming to $DOCKER_USER"
fi
if [ -d "${ENTRYPOINTD}" ]; then
  find "${ENTRYPOINTD}" -type f -executable -exec {} \\;
fi
exec /usr/bin/app "$@"
"""
_BUILDER_IMAGE = """
FROM golang:1.22
RUN apt-get update && apt-get install -y rpm
COPY ci/image/setup.sh /setup.sh
RUN /setup.sh
ENTRYPOINT ["/ci-start.sh"]
"""


def test_the_published_image_a_ci_folder_builds_starts_its_entrypoint_at_run_time(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "ci/release-image/Dockerfile": _RELEASE_IMAGE,
            "ci/release-image/entrypoint.sh": _ENTRYPOINT,
            "ci/image/Dockerfile": _BUILDER_IMAGE,
            "ci/image/ci-start.sh": '#!/bin/sh\necho "$BUILDER_MODE"\n',
        },
    )
    assert found["DOCKER_USER"].scope == "runtime"
    assert found["ENTRYPOINTD"].scope == "runtime"
    assert found["BUILDER_MODE"].scope == "ci"  # a builder image exposes nothing: the pipeline's


_DATABASE_EXAMPLE = """
production:
  adapter: mysql2
  username: <%= ENV['DB_USER'] || 'plots' %>
  port: <%= ENV['DB_PORT'] || 3306 %>
  pool: <%= ENV['RAILS_MAX_THREADS'] || 5 %>
"""


def test_a_rails_config_example_is_what_runs_when_the_real_file_is_absent(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/database.yml.example": _DATABASE_EXAMPLE,
            "config/database.yml.sqlite.example": "production:\n  database: <%= ENV['SQLITE_PATH'] %>\n",
            "Makefile": "install:\n\tcp config/database.yml.example config/database.yml\n",
        },
    )
    assert found["DB_USER"].scope == "runtime"
    assert found["DB_USER"].default == "plots"
    assert found["DB_PORT"].default == "3306"
    assert "SQLITE_PATH" not in found  # another variant: not the file's own template


def test_a_rails_config_example_beside_the_real_file_is_only_an_example(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/database.yml.sample": _DATABASE_EXAMPLE,
            "config/database.yml": "production:\n  url: <%= ENV['DATABASE_URL'] %>\n",
        },
    )
    assert "DATABASE_URL" in found
    assert "DB_USER" not in found
