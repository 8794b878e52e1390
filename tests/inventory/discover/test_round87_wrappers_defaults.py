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
