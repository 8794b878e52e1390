"""Constructs blind round 97 met: cfenv's get_credential, a Cloud Foundry manifest's command, Flask keys set
after from_prefixed_env, PHP tools under a shell name, a Go package named build, per-platform struct
variants, database connection names."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import project


def test_cfenv_credentials_and_manifest_commands(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "webservices/env.py": "import cfenv\nenv = cfenv.AppEnv()\n",
            "webservices/rest.py": """
                from webservices.env import env

                USE_PROXY = env.get_credential("FEC_API_USE_PROXY", False)
                REDIS = env.get_credential("FEC_REDIS_URL", "redis://localhost:6379/0")

                def followers(env_var_name, default_value=""):
                    return env.get_credential(env_var_name, default_value).split(",")

                FOLLOWERS = followers("SQLA_FOLLOWERS")
            """,
            "manifests/manifest_worker_prod.yml": """
                applications:
                  - name: celery-worker
                    command: celery --app webservices.tasks worker --loglevel ${LOGLEVEL:=INFO}
            """,
        },
    )
    assert found["FEC_API_USE_PROXY"].default == "false"
    assert found["FEC_REDIS_URL"].default == "redis://localhost:6379/0"
    assert "SQLA_FOLLOWERS" in found
    assert found["LOGLEVEL"].default == "INFO"


def test_flask_keys_set_after_the_prefixed_load(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/rest.py": """
                from flask import Flask

                app = Flask(__name__)
                app.config["PROPAGATE_EXCEPTIONS"] = True
                app.config.from_prefixed_env()
                app.config["MAX_CACHE_AGE"] = 60
            """,
        },
    )
    assert "FLASK_PROPAGATE_EXCEPTIONS" in found
    assert "FLASK_MAX_CACHE_AGE" not in found  # the app overwrites what the environment gave


def test_php_tools_with_a_shell_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "bin/update.sh": "#!/usr/bin/env php\n<?php\n$RCI = getenv('RC_INSTALL_DIR');\n",
        },
    )
    assert "RC_INSTALL_DIR" in found
    assert "RCI" not in found


def test_go_build_package_and_platform_variants(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/st\n",
            "lib/build/build.go": 'package build\n\nimport "os"\n\nvar Extra = os.Getenv("STVERSIONEXTRA")\n',
            "cmd/st/main.go": """
                package main

                import "github.com/alecthomas/kong"

                type serveCmd struct {
                    buildSpecificOptions
                    Home string `env:"STHOMEDIR"`
                }

                func main() {
                    var cli serveCmd
                    kong.Parse(&cli)
                }
            """,
            "cmd/st/hideconsole_windows.go": """
                package main

                type buildSpecificOptions struct {
                    HideConsole bool `name:"no-console" env:"STHIDECONSOLE"`
                }
            """,
            "cmd/st/hideconsole_others.go": """
                //go:build !windows
                package main

                type buildSpecificOptions struct {
                    HideConsole bool `hidden:""`
                }
            """,
        },
    )
    assert "STVERSIONEXTRA" in found
    assert "STHOMEDIR" in found
    assert "STHIDECONSOLE" in found


def test_database_connection_names() -> None:
    assert secret_by_name("SQLA_CONN")
    assert secret_by_name("PG_DSN")
    assert not secret_by_name("DB_MAX_CONN")


def test_a_digit_placeholder_does_not_unmake_a_token(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "lib/services.rb": """
                TOKEN = ENV.fetch("ASSET_MANAGER_BEARER_TOKEN", "12345678")
                LIMIT = ENV.fetch("RATE_LIMIT_TOKEN", "20")
            """,
        },
    )
    assert found["ASSET_MANAGER_BEARER_TOKEN"].secret
    assert found["ASSET_MANAGER_BEARER_TOKEN"].default is None  # a secret's default is never kept
    assert not found["RATE_LIMIT_TOKEN"].secret


def test_composite_literal_fields_naming_a_variable(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/bd\n",
            "internal/cmd/base/flags.go": """
                package base

                import "os"

                const EnvCLIFormat = `BOUNDARY_CLI_FORMAT`

                type StringVar struct {
                    Name    string
                    EnvVar  string
                    Default string
                }

                func (v *StringVar) value() string {
                    if s, ok := os.LookupEnv(v.EnvVar); ok {
                        return s
                    }
                    return v.Default
                }

                func Format() string { return os.Getenv(EnvCLIFormat) }
            """,
            "internal/cmd/commands/connect/postgres.go": """
                package connect

                import "example.com/bd/internal/cmd/base"

                const envUser = "BOUNDARY_CONNECT_USERNAME"

                var flags = []*base.StringVar{
                    {Name: "style", EnvVar: "BOUNDARY_CONNECT_POSTGRES_STYLE", Default: "psql"},
                    {Name: "username", EnvVar: envUser},
                }
            """,
        },
    )
    assert found["BOUNDARY_CONNECT_POSTGRES_STYLE"].default == "psql"
    assert "BOUNDARY_CONNECT_USERNAME" in found
    assert "BOUNDARY_CLI_FORMAT" in found  # a raw-string constant
    assert not secret_by_name("BOUNDARY_CONTROLLER_CONCURRENT_PASSWORD_HASH_WORKERS")


def test_a_prefix_variable_a_flag_may_clear(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/al\n",
            "internal/conf/config.go": """
                package conf

                import "github.com/caarlos0/env/v9"

                type Config struct {
                    SiteURL string `json:"site_url" env:"SITE_URL"`
                }

                func Load(noPrefix bool) *Config {
                    cfg := &Config{}
                    prefix := "ALIST_"
                    if noPrefix {
                        prefix = ""
                    }
                    _ = env.ParseWithOptions(cfg, env.Options{Prefix: prefix})
                    return cfg
                }
            """,
        },
    )
    assert "ALIST_SITE_URL" in found
    assert "SITE_URL" in found


def test_descriptor_attributes_named_as_the_variables(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "reflex_base/environment.py": """
                import os

                class EnvVar:
                    def __init__(self, name, default):
                        self.name, self.default = name, default

                    def get(self):
                        return os.getenv(self.name, self.default)

                class env_var:
                    def __init__(self, default=None):
                        self.default = default

                    def __set_name__(self, owner, name):
                        self.name = name

                class EnvironmentVariables:
                    REFLEX_USE_NPM: EnvVar[bool] = env_var(False)
                    SQLALCHEMY_POOL_SIZE: EnvVar[int] = env_var(5)
                    REFLEX_DIR: EnvVar[str] = env_var()
                    not_a_variable = env_var(1)
            """,
        },
    )
    assert found["REFLEX_USE_NPM"].default == "false"
    assert found["SQLALCHEMY_POOL_SIZE"].default == "5"
    assert "REFLEX_DIR" in found


def test_ddev_and_test_kernels(tmp_path: Path) -> None:
    from tests.inventory.discover.projects import discovered

    result = discovered(
        tmp_path,
        {
            ".ddev/mautic-setup.sh": '#!/bin/bash\n[ -z "${MAUTIC_URL}" ] && MAUTIC_URL="https://${DDEV_HOSTNAME}"\n',
            "app/AppTestKernel.php": "<?php\nif ($dir = getenv('TEST_CACHE_DIR')) { }\n",
        },
    )
    scopes = {v.name: v.scope for v in result.variables}
    assert scopes["DDEV_HOSTNAME"] == "dev"
    assert scopes["TEST_CACHE_DIR"] == "test"
