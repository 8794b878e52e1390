"""Round 69: a build ARG's value is never a running container's default; `script/build.go` and a signing
script are build tooling; Rails' Action Mailbox ingress reads RAILS_INBOUND_EMAIL_PASSWORD."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_build_arg_is_no_runtime_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": "FROM python:3.12\nARG DEVELOPMENT_MODE=False\nRUN echo $DEVELOPMENT_MODE\n",
            "cms/settings.py": 'import os\nif os.environ.get("DEVELOPMENT_MODE"):\n    DEBUG = True\n',
        },
    )
    assert found["DEVELOPMENT_MODE"].default is None


def test_build_and_signing_scripts(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/gh\n",
            "script/build.go": 'package main\n\nimport "os"\n\nvar flags = os.Getenv("GO_LDFLAGS")\n',
            "script/sign": '#!/bin/bash\nosslsigncode -pkcs12 "$CERT_FILE" -pass "$CERT_PASSWORD"\n',
        },
    )
    assert found["GO_LDFLAGS"].scope == "build"
    assert found["CERT_PASSWORD"].scope == "build"


def test_action_mailbox_ingress(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/application.rb": "module Alerts\n  class Application < Rails::Application\n  end\nend\n",
            "config/environments/production.rb": (
                "Rails.application.configure do\n  config.action_mailbox.ingress = :relay\nend\n"
            ),
        },
    )
    assert found["RAILS_INBOUND_EMAIL_PASSWORD"].secret


def test_scripts_ci_runs_with_bundle_exec_or_travis(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".github/workflows/ci.yml": (
                "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: bundle exec script/check_contributors_md.rb\n"
            ),
            ".travis.yml": "after_deploy:\n  - bundle exec script/heroku_maintenance.rb off\n",
            "script/check_contributors_md.rb": 'actor = ENV["GITHUB_ACTOR"]\n',
            "script/heroku_maintenance.rb": 'key = ENV["HEROKU_API_KEY"]\n',
        },
    )
    assert found["GITHUB_ACTOR"].scope == "ci"
    assert found["HEROKU_API_KEY"].scope == "ci"


def test_an_env_line_hands_an_args_value_to_the_container(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": "FROM python:3.12\nARG APP_PORT=8001\nENV CONTAINER_PORT=$APP_PORT\n",
        },
    )
    assert found["CONTAINER_PORT"].default == "8001"  # the image's ENV: a default where no code reads it
