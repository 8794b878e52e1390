"""Round 87: a module-level shorthand of `os.environ.get` imported by other modules; a PHP class's wrappers
of a private `getenv` wrapper (`Env::asString('DB_HOST')`); Go defaults given after a helper's call (`if x ==
"" { x = "d" }`, `if err != nil { n = 80 }`) and names ranged over a local slice; a helper named for secrets
given a number or compared with a literal; convict's one-element list default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_an_imported_shorthand_of_environ_get_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/settings/__init__.py": "",
            "app/settings/_util.py": (
                'import os\nget_secret = os.environ.get\nSTAGE = get_secret("STAGE", "local")\n'
            ),
            "app/settings/security.py": (
                "from ._util import get_secret\n"
                'SECRET_KEY = get_secret("DJANGO_SECRET", None)\n'
                'DEBUG = get_secret("DEBUG", "False") == "True"\n'
                'EMAIL_PORT = get_secret("EMAIL_PORT", 25)\n'
            ),
        },
    )
    assert found["STAGE"].default == "local"
    assert found["DJANGO_SECRET"].secret is True
    assert found["DEBUG"].secret is False  # the shorthand's name says nothing of the values it reads
    assert found["DEBUG"].default == "False"
    assert found["EMAIL_PORT"].default == "25"
    assert found["DJANGO_SECRET"].locations == ["app/settings/security.py:2"]


_SECRETS = """
import os

def get_secret(secret_name, default=""):
    secret = os.environ.get(secret_name, default)
    return secret
"""

_AWS = """
from app import secrets

AWS_SQS = secrets.get_secret("AWS_SQS", False) == "True"
RETENTION_DAYS = int(secrets.get_secret("OLD_JOBS_RETENTION_DAYS", 14))
TOKEN = secrets.get_secret("SLACK_TOKEN")
RESULTS = secrets.get_secret("SEARCH_INDEX")
"""


def test_a_helper_named_for_secrets_given_a_number_or_compared(tmp_path: Path) -> None:
    found = project(tmp_path, {"app/__init__.py": "", "app/secrets.py": _SECRETS, "app/aws.py": _AWS})
    assert found["AWS_SQS"].secret is False
    assert found["OLD_JOBS_RETENTION_DAYS"].secret is False
    assert found["OLD_JOBS_RETENTION_DAYS"].default == "14"
    assert found["SEARCH_INDEX"].secret is False  # an index's name: a plain setting
    assert found["SLACK_TOKEN"].secret is True


_ENV_CLASS = """<?php
namespace App;

final class Env
{
    public static function asString(string $key): string
    {
        return trim((string) self::get($key));
    }

    public static function asBool(string $key): bool
    {
        $val = self::get($key);
        if ($val === false) {
            return false;
        }
        return strtolower($val) === 'true';
    }

    public static function asUrl(string $key): string
    {
        return self::asString($key);
    }

    private static function get(string $key): mixed
    {
        return getenv($key);
    }
}
"""

_DB = """<?php
namespace App;

class Db
{
    public function dsn(): string
    {
        return 'mysql:host=' . Env::asString('DB_HOST') . Env::asUrl('SITE_URL');
    }

    public function dev(): bool
    {
        return Env::asBool('DEV_MODE');
    }
}
"""

_REQUEST = """<?php
namespace App;

class Controller
{
    public function input(string $key)
    {
        return $this->request->get($key);
    }

    public function show()
    {
        return $this->input('page');
    }
}
"""


def test_a_php_class_of_wrappers_over_a_private_getenv(tmp_path: Path) -> None:
    found = project(tmp_path, {"src/Env.php": _ENV_CLASS, "src/Db.php": _DB, "src/Controller.php": _REQUEST})
    assert {"DB_HOST", "SITE_URL", "DEV_MODE"} <= set(found)
    assert "page" not in found  # another class's `get`: no wrapper of Env's
    assert "PAGE" not in found


_CONF = """
package conf

import "os"

func GetConfigString(key string) string {
    if value, ok := os.LookupEnv(key); ok {
        return value
    }
    return ""
}

func GetConfigInt64(key string) (int64, error) {
    return strconv.ParseInt(GetConfigString(key), 10, 64)
}

func init() {
    presetConfigItems := []string{"httpport", "appname"}
    for _, key := range presetConfigItems {
        if value, ok := os.LookupEnv(key); ok {
            println(value)
        }
    }
}
"""

_USE = """
package web

import "example.org/app/conf"

type Config struct{ DefaultApplication string }

func Load(config *Config) {
    config.DefaultApplication = conf.GetConfigString("defaultApplication")
    if config.DefaultApplication == "" {
        config.DefaultApplication = "app-built-in"
    }

    port, err := conf.GetConfigInt64("gatewayHttpPort")
    if err != nil {
        port = 80
    }
    println(port)
}
"""


def test_go_defaults_after_a_helper_call_and_a_local_name_list(tmp_path: Path) -> None:
    found = project(
        tmp_path, {"go.mod": "module example.org/app\n", "conf/conf.go": _CONF, "web/web.go": _USE}
    )
    assert found["defaultApplication"].default == "app-built-in"
    assert found["gatewayHttpPort"].default == "80"
    assert {"httpport", "appname"} <= set(found)


_CONVICT = """
import convict from "convict";

export const config = convict({
  amp_cache_domains: { format: "list", default: ["cdn.ampproject.org"], env: "AMP_CACHE_DOMAINS" },
  hosts: { format: "list", default: ["a.example.org", "b.example.org"], env: "ALLOWED_HOSTS" },
  sentry_key: { format: String, default: "", env: "SENTRY_FRONTEND_KEY" },
});
"""


def test_a_convict_list_of_one_and_a_sentry_client_key(tmp_path: Path) -> None:
    found = project(tmp_path, {"package.json": '{"name": "app"}', "src/config.ts": _CONVICT})
    assert found["AMP_CACHE_DOMAINS"].default == "cdn.ampproject.org"
    assert found["ALLOWED_HOSTS"].default is None
    assert found["SENTRY_FRONTEND_KEY"].secret is False


_BINDINGS = """
package config

import (
    "os"
    "strings"
)

const AppSlug = "dagu"

type envBinding struct {
    key    string
    env    string
    isPath bool
}

var envBindings = []envBinding{
    {key: "log_format", env: "LOG_FORMAT"},
    {key: "git_sync.auth.ssh_key_path", env: "GITSYNC_AUTH_SSH_KEY_PATH", isPath: true},
}

func bindEnvironmentVariables() {
    prefix := strings.ToUpper(AppSlug) + "_"
    for _, b := range envBindings {
        fullEnv := prefix + b.env
        if val := os.Getenv(fullEnv); val != "" {
            println(val)
        }
    }
}
"""


def test_go_names_joined_from_a_computed_prefix_and_a_table(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module example.org/app\n", "config/loader.go": _BINDINGS})
    assert {"DAGU_LOG_FORMAT", "DAGU_GITSYNC_AUTH_SSH_KEY_PATH"} <= set(found)


_CHUNKING = """
import os

DEFAULT_MAX = 100


def _get_chunk_size():
    chunk_size_str = os.getenv("APP_CHUNK_SIZE")
    if chunk_size_str:
        try:
            return int(chunk_size_str)
        except ValueError:
            pass
    return 400


def _min_chunk():
    raw = os.getenv("APP_MIN_CHUNK_SIZE")
    if raw is None:
        return 5
    return int(raw)


def max_upload():
    raw = os.environ.get("APP_MAX_UPLOAD_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX
    except ValueError:
        mb = DEFAULT_MAX
    return mb


def computed():
    raw = os.getenv("APP_TIMEOUT")
    if raw is None:
        return compute_timeout()
    return int(raw)


__all__ = ["CHUNK_SIZE_LIMIT", "max_upload"]
"""


def test_python_getters_returning_a_literal_when_unset(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"app/chunking.py": _CHUNKING, ".env.example": "# CHUNK_SIZE_LIMIT=1500\nAPP_CHUNK_SIZE=\n"},
    )
    assert found["APP_CHUNK_SIZE"].default == "400"
    assert found["APP_MIN_CHUNK_SIZE"].default == "5"
    assert found["APP_MAX_UPLOAD_MB"].default == "100"
    assert found["APP_TIMEOUT"].default is None
    assert found["CHUNK_SIZE_LIMIT"].scope == "example"  # named in `__all__`: a module's export, no read


def test_a_python_read_that_raises_when_unset_is_no_place_without_a_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "app/settings.py": 'import os\nREGION = os.environ.get("AWS_SES_REGION_NAME", "ap-south-1")\n',
            "app/server_settings.py": 'import os\nREGION = os.environ["AWS_SES_REGION_NAME"]\n',
            "app/a.py": 'import os\nX = os.getenv("APP_MODE", "web")\n',
            "app/b.py": 'import os\nY = os.getenv("APP_MODE")\n',
        },
    )
    assert found["AWS_SES_REGION_NAME"].default == "ap-south-1"  # the other place raises, never goes on
    assert found["APP_MODE"].default is None  # a bare getenv hands None on: the places disagree
