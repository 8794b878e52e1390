"""caarlos0/env under an import alias with `Parse(&cfg, Options{Prefix})`; a Dockerfile RUN heredoc's
scripts are the build's; a compose mount's host path named by a `*_KEY` variable is a path, not a key."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_caarlos_env_under_an_alias(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/gk\n\ngo 1.22\n",
            "internal/environment/Environment.go": """
                package environment

                import envParser "github.com/caarlos0/env/v6"

                type Environment struct {
                    ConfigDir string `env:"CONFIG_DIR" envDefault:"config"`
                    Port      int    `env:"PORT" envDefault:"53842"`
                    AwsKey    string `env:"AWS_KEY_SECRET"`
                }

                func parseEnvVars(result Environment) Environment {
                    _ = envParser.Parse(&result, envParser.Options{
                        Prefix: "GOKAPI_",
                    })
                    return result
                }
            """,
        },
    )
    assert found["GOKAPI_CONFIG_DIR"].default == "config"
    assert found["GOKAPI_PORT"].default == "53842"
    assert found["GOKAPI_AWS_KEY_SECRET"].secret
    assert "PORT" not in found


def test_run_heredoc_scripts_are_the_builds(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": """
                FROM python:3.12
                COPY . ./
                ARG TEST_BUILD
                RUN <<EOT
                    chmod +x ./nginx/renew.sh
                    ./nodeodm/setup.sh
                EOT
                CMD ["./start.sh"]
            """,
            "nodeodm/setup.sh": '#!/bin/bash\nif [ -z "${TEST_BUILD+x}" ]; then echo full; fi\n',
            "start.sh": '#!/bin/bash\necho "$WO_HOST"\n',
        },
    )
    assert found["TEST_BUILD"].scope == "build"
    assert found["WO_HOST"].scope == "runtime"


def test_compose_mount_source_is_a_path(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": 'FROM python:3.12\nCMD ["./start.sh"]\n',
            "start.sh": '#!/bin/bash\n[ -z "$WO_SSL_KEY" ] && echo no-ssl\n',
            "docker-compose.ssl-manual.yml": """
                services:
                  webapp:
                    build: .
                    volumes:
                      - ${WO_SSL_KEY}:/webodm/nginx/ssl/key.pem
            """,
        },
    )
    assert not found["WO_SSL_KEY"].secret


def test_php_helper_whose_unset_branch_defines_the_given_value(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "helpers/extensions.php": """
                <?php
                function Setting(string $name, $value)
                {
                    if (!defined('GROCY_' . $name))
                    {
                        if (getenv('GROCY_' . $name) !== false)
                        {
                            define('GROCY_' . $name, ExternalSettingValue(getenv('GROCY_' . $name)));
                        }
                        else
                        {
                            define('GROCY_' . $name, $value);
                        }
                    }
                }
            """,
            "config-dist.php": """
                <?php
                Setting('CURRENCY', 'USD');
                Setting('DISABLE_AUTH', false);
                Setting('TPRINTER_PORT', 9100);
            """,
        },
    )
    assert found["GROCY_CURRENCY"].default == "USD"
    assert found["GROCY_DISABLE_AUTH"].default == "false"
    assert found["GROCY_TPRINTER_PORT"].default == "9100"


def test_python_helper_returning_its_default_when_the_read_is_empty(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "hub/utils.py": """
                import os


                def _bool_env(key, default=False):
                    value = os.environ.get(key, "")
                    if value == "":
                        return default
                    return value.lower() not in {"0", "false"}
            """,
            "hub/auth.py": """
                from hub.utils import _bool_env

                ALLOW = _bool_env("JUPYTERHUB_ALLOW_WEBSOCKET_COOKIE_AUTH", default=True)
                DEBUG = _bool_env("JUPYTERHUB_DEBUG")
            """,
        },
    )
    assert found["JUPYTERHUB_ALLOW_WEBSOCKET_COOKIE_AUTH"].default == "true"
    assert found["JUPYTERHUB_DEBUG"].default == "false"


def test_traitlets_trait_tagged_with_its_variable(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "hub/app.py": """
                from traitlets import Bytes, Unicode


                class JupyterHub:
                    cookie_secret = Bytes(help="The cookie secret").tag(config=True, env="JPY_COOKIE_SECRET")
                    other = Unicode("x").tag(config=True)
            """,
        },
    )
    assert found["JPY_COOKIE_SECRET"].secret
    assert found["JPY_COOKIE_SECRET"].optional
