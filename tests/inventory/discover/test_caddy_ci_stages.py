"""Deployment files and scopes: Caddyfiles' `{$NAME:default}` placeholders, everything under
`.github/` (and an action's INPUT_* names) as CI, Dockerfile development/test stages and installer scripts
not runtime, and compose defaults with nested braces."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_caddyfile_placeholders(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Caddyfile": """
                {$DOMAIN_NAME} {
                    # root {$COMMENTED_OUT:/nowhere}
                    handle_path /static/* {
                        root {$STATIC_ROOT:/code/static/}
                        header X-Instance {env.INSTANCE_NAME}
                        header Content-disposition "attachment; filename={query.dl}"
                    }
                    reverse_proxy app:8000
                }
            """,
            "deploy/web.caddyfile": ":{$PORT:80} {\n    respond 200\n}\n",
            "Caddyfile.example": "{$EXAMPLE_HOST} {\n}\n",
        },
    )
    assert found["DOMAIN_NAME"].scope == "runtime"
    assert found["DOMAIN_NAME"].default is None
    assert not found["DOMAIN_NAME"].optional
    assert found["STATIC_ROOT"].default == "/code/static/"
    assert found["STATIC_ROOT"].locations == ["Caddyfile:4"]
    assert found["INSTANCE_NAME"].scope == "runtime"
    assert found["PORT"].default == "80"
    assert found["EXAMPLE_HOST"].scope == "example"
    assert "COMMENTED_OUT" not in found


def test_everything_under_github_is_ci_and_action_inputs(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".github/actions/ansible/entrypoint.sh": """
                #!/bin/sh
                echo "${INPUT_VAULT_PASSWORD}" > /tmp/vault
                ansible-playbook -i "${INPUT_INVENTORY}" "$DEPLOY_TARGET"
            """,
            ".github/actions/ansible/Dockerfile": "FROM alpine\nENV ANSIBLE_FORCE_COLOR=1\n",
            "action/action.yml": "name: notify\nruns:\n  using: docker\n  image: Dockerfile\n",
            "action/notify.sh": '#!/bin/sh\ncurl -H "Authorization: $INPUT_TOKEN" "$NOTIFY_URL"\n',
        },
    )
    for name in (
        "INPUT_VAULT_PASSWORD",
        "INPUT_INVENTORY",
        "DEPLOY_TARGET",
        "ANSIBLE_FORCE_COLOR",
        "INPUT_TOKEN",
    ):
        assert found[name].scope == "ci", name
    assert found["NOTIFY_URL"].scope == "runtime"  # only the runner's INPUT_* are the action's inputs


DOCKERFILE = """
    FROM python:3.12 AS base
    ENV APP_HOME=/code
    FROM base AS development_base
    ENV NODE_MAJOR=18
    RUN curl https://deb.nodesource.com/setup_$NODE_MAJOR.x | bash
    FROM development_base AS development
    CMD ["bash", "./bin/app_dev"]
    FROM python:3.12 AS testing
    ENV TEST_DB=sqlite
    CMD ["bash", "./bin/app_dev"]
    FROM base AS production
    ENV WORKERS=4
    CMD ["bash", "./bin/app", "run"]
"""


def test_dev_and_test_stages_and_installers(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": DOCKERFILE,
            "bin/app_dev": """
                #!/bin/bash
                npm install -g node@"${NODE_MAJOR}"
                exec python manage.py runserver "$DEV_PORT"
            """,
            # packaged as ./bin/app: the production CMD runs it, so it stays runtime
            "build-scripts/bin/app.sh": """
                #!/bin/bash
                exec gunicorn --workers "${WORKERS}" --bind "$BIND_ADDR"
            """,
            "build-scripts/install/install_path_handler.sh": """
                #!/bin/bash
                if [[ -n "${XDG_BIN_HOME:-}" ]]; then :; fi
            """,
            "scripts/install-deps.sh": '#!/bin/sh\napt-get install -y "$EXTRA_PACKAGES"\n',
        },
    )
    assert found["NODE_MAJOR"].scope == "dev"
    assert found["DEV_PORT"].scope == "dev"
    assert found["TEST_DB"].scope == "test"
    assert found["WORKERS"].scope == "runtime"
    assert found["BIND_ADDR"].scope == "runtime"
    assert found["APP_HOME"].scope == "build"  # a `_HOME` of the base stage: the toolchain's, as before
    assert found["XDG_BIN_HOME"].scope == "build"
    assert found["EXTRA_PACKAGES"].scope == "build"


def test_compose_defaults_with_nested_braces(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "docker-compose.yml": """
                services:
                  app:
                    image: example/app
                    environment:
                      OIDC_CONFIG_DICT: ${OIDC_CONFIG_DICT:-{}}
                      LOG_FORMAT: ${LOG_FORMAT:-{level} {message}}
                      PORT: ${PORT:-8000}
            """,
        },
    )
    # Declared by compose only: its fallbacks are the defaults (a code read without one would win with none).
    assert found["OIDC_CONFIG_DICT"].default == "{}"
    assert found["LOG_FORMAT"].default == "{level} {message}"
    assert found["PORT"].default == "8000"


def test_an_installer_an_entrypoint_runs_stays_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": 'FROM alpine\nCOPY . /app\nENTRYPOINT ["/app/docker-entrypoint.sh"]\n',
            "docker-entrypoint.sh": "#!/bin/sh\n/app/scripts/install-plugins.sh\nexec app\n",
            "scripts/install-plugins.sh": '#!/bin/sh\nfor p in $PLUGINS; do fetch "$p"; done\n',
            "install/host.sh": '#!/bin/sh\nmkdir -p "$INSTALL_PREFIX"\n./install/helpers.sh\n',
            "install/helpers.sh": '#!/bin/sh\necho "$HELPER_COLOR"\n',
        },
    )
    assert found["PLUGINS"].scope == "runtime"
    assert found["INSTALL_PREFIX"].scope == "build"
    assert found["HELPER_COLOR"].scope == "build"  # only an installer runs it
