"""Symfony: `%env(processors:NAME)%` placeholders in the container's YAML and XML config, route conditions'
`env('NAME')`, `env(NAME): value` parameters as the container's defaults, and the committed `.env` that the
Dotenv component loads at run time giving the values of the variables the app reads (only in an app that
installs Dotenv for production; any other project's `.env` is not read)."""

from __future__ import annotations

import json
from pathlib import Path

from secretguard.inventory.discover.base import DiscoveredVariable
from secretguard.inventory.discover.symfony import EnvSpec, parse_spec, xml_config, yaml_config
from tests.inventory.discover.projects import project

COMPOSER = json.dumps({"require": {"php": ">=8.2", "symfony/dotenv": "7.4.*", "symfony/runtime": "7.4.*"}})

FRAMEWORK = """
    framework:
        secret: '%env(APP_SECRET)%'
        trusted_proxies: '%env(TRUSTED_PROXIES)%'
        # trusted_hosts: '%env(COMMENTED_HOSTS)%'
    when@dev:
        framework:
            profiler: { dsn: '%env(PROFILER_DSN)%' }
    when@test:
        framework:
            test_token: '%env(TEST_ONLY_TOKEN)%'
    when@prod:
        framework:
            log_level: '%env(LOG_LEVEL)%'
"""

PARAMETERS = """
    parameters:
        app.title: '%env(string:settings:branding:siteTitle)%'
        app.natural_sort: '%env(bool:NATURAL_SORT)%'
        app.base: '%env(addSlash:string:BASE_URI)%'
        app.roles: '%env(json:ROLE_MAP)%'
        env(TRUSTED_PROXIES): '127.0.0.1'
        env(NATURAL_SORT): 0
        env(ROLE_MAP): '{}'
        env(ADMIN_EMAIL): ''
        app.admin_email: '%env(trim:string:ADMIN_EMAIL)%'
"""

SERVICES = """
    services:
        App\\Saml\\Factory:
            arguments:
                $key: '%env(string:default:saml.fallback_key:string:SAML_NEW_KEY)%'
                $cert: '%env(file:SAML_CERT_PATH)%'
                $host: '%env(key:host:url:REDIS_URL)%'
                $flag: '%env(default::OPTIONAL_FLAG)%'
"""

ROUTES = """
    saml:
        resource: '@SamlBundle/Resources/config/routing.yml'
        condition: "env('SAML_ENABLED') == '1' or env('bool:SAML_FORCED') == true"
"""

DOTENV = """
    # Committed defaults, loaded by Dotenv at run time
    APP_SECRET=0123456789abcdef
    LOG_LEVEL=warning
    BASE_URI="https://app.invalid/"
    SAML_ENABLED=0
    ROLE_MAP='{"admin": 1}'
    ADMIN_EMAIL=
    DATABASE_URL="sqlite:///%kernel.project_dir%/var/app.db"
    MAILER_FROM=$APP_USER@example.org
    CORS_ORIGIN='^https?://localhost$'
    LOCK_DSN=flock
    #NATURAL_SORT=1
"""


def _symfony_app(
    tmp_path: Path, dotenv: str = DOTENV, composer: str = COMPOSER
) -> dict[str, DiscoveredVariable]:
    return project(
        tmp_path,
        {
            "composer.json": composer,
            ".env": dotenv,
            ".env.local": "LOG_LEVEL=debug\nLOCAL_ONLY=1\n",
            "config/packages/framework.yaml": FRAMEWORK,
            "config/parameters.yaml": PARAMETERS,
            "config/services.yaml": SERVICES,
            "config/routes/saml.yaml": ROUTES,
            "config/packages/doctrine.yaml": "doctrine:\n  dbal:\n    url: '%env(resolve:DATABASE_URL)%'\n",
            "config/packages/mailer.yaml": "framework:\n  mailer:\n    sender: '%env(MAILER_FROM)%'\n",
            "config/packages/nelmio_cors.yaml": "nelmio_cors:\n  origin_regex: '%env(CORS_ORIGIN)%'\n",
        },
    )


def _spec(text: str) -> EnvSpec:
    spec = parse_spec(text)
    assert spec is not None
    return spec


def test_processor_chains_end_in_the_name() -> None:
    assert _spec("APP_SECRET").name == "APP_SECRET"
    boolean = _spec("bool:DEMO_MODE")
    assert boolean.name == "DEMO_MODE"
    assert boolean.boolean
    chained = _spec("string:default:saml.sp.key:string:SAML_KEY")
    assert chained.name == "SAML_KEY"
    assert chained.fallback == "saml.sp.key"
    assert _spec("default::OPTIONAL").fallback == ""  # `default::` falls back to null
    keyed = _spec("key:path:json:file:AUTH_FILE")
    assert keyed.name == "AUTH_FILE"
    assert keyed.holds_path
    assert _spec("require:PHP_CONFIG").holds_path
    assert _spec("enum:App\\Enum\\Suit:CARD_SUIT").name == "CARD_SUIT"
    assert _spec("defined:FEATURE_X").presence
    # an app's own processor: its upper-case last segment is a variable, a lower-case one its argument
    assert _spec("addSlash:string:BASE_URI").name == "BASE_URI"
    assert parse_spec("settings:branding:siteTitle") is None


def test_yaml_placeholders_when_blocks_comments_and_parameters() -> None:
    reads, defaults = yaml_config(FRAMEWORK.replace("\n    ", "\n").lstrip("\n"), "config/packages/x.yaml")
    by_name = {r.name: r for r in reads}
    assert set(by_name) == {"APP_SECRET", "TRUSTED_PROXIES", "PROFILER_DSN", "TEST_ONLY_TOKEN", "LOG_LEVEL"}
    assert by_name["APP_SECRET"].line == 2
    assert by_name["PROFILER_DSN"].scope == "dev"
    assert by_name["TEST_ONLY_TOKEN"].scope == "test"
    assert by_name["LOG_LEVEL"].scope is None  # when@prod: where the app runs
    assert not defaults
    _, defaults = yaml_config(PARAMETERS.replace("\n    ", "\n").lstrip("\n"), "config/parameters.yaml")
    assert {(d.name, d.value) for d in defaults} == {
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("NATURAL_SORT", "0"),
        ("ROLE_MAP", "{}"),
        ("ADMIN_EMAIL", None),
    }


def test_xml_config_placeholders_and_parameters() -> None:
    xml = """<?xml version="1.0"?>
<container>
  <parameters>
    <parameter key="env(QUEUE_DSN)">sync://</parameter>
    <!-- <parameter key="app.old">%env(OLD_NAME)%</parameter> -->
    <parameter key="app.queue">%env(QUEUE_DSN)%</parameter>
  </parameters>
</container>
"""
    reads, defaults = xml_config(xml, "config/services.xml")
    assert [(r.name, r.line) for r in reads] == [("QUEUE_DSN", 6)]
    assert [(d.name, d.value) for d in defaults] == [("QUEUE_DSN", "sync://")]


def test_symfony_app_reads_and_defaults(tmp_path: Path) -> None:
    found = _symfony_app(tmp_path)
    runtime = {name for name, v in found.items() if v.scope == "runtime"}
    assert runtime == {
        "APP_SECRET",
        "TRUSTED_PROXIES",
        "LOG_LEVEL",
        "NATURAL_SORT",
        "BASE_URI",
        "ROLE_MAP",
        "ADMIN_EMAIL",
        "SAML_NEW_KEY",
        "SAML_CERT_PATH",
        "REDIS_URL",
        "OPTIONAL_FLAG",
        "SAML_ENABLED",
        "SAML_FORCED",
        "DATABASE_URL",
        "MAILER_FROM",
        "CORS_ORIGIN",
    }
    default = {name: v.default for name, v in found.items()}
    assert default["LOG_LEVEL"] == "warning"  # `.env`, not `.env.local` (a developer's)
    assert default["BASE_URI"] == "https://app.invalid/"
    assert default["ROLE_MAP"] == '{"admin": 1}'  # `.env` is loaded over the parameter's `{}`
    assert default["NATURAL_SORT"] == "0"  # commented out in `.env`: the parameter's
    assert default["TRUSTED_PROXIES"] == "127.0.0.1"
    assert default["ADMIN_EMAIL"] is None  # empty
    assert default["SAML_ENABLED"] == "0"  # a route condition's read
    assert default["CORS_ORIGIN"] == "^https?://localhost$"  # single quotes: `$` is no expansion
    assert default["MAILER_FROM"] is None  # `$APP_USER@...`: expanded by Dotenv, no literal
    assert default["SAML_NEW_KEY"] is None
    assert default["OPTIONAL_FLAG"] is None
    assert found["OPTIONAL_FLAG"].optional
    assert not found["SAML_CERT_PATH"].secret
    assert found["APP_SECRET"].secret
    assert found["APP_SECRET"].default is None
    # nothing reads these: the `.env` declares them, as an example file would
    assert found["LOCK_DSN"].scope == "example"
    assert "LOCAL_ONLY" not in found
    assert "COMMENTED_HOSTS" not in found
    assert found["PROFILER_DSN"].scope == "dev"
    assert found["TEST_ONLY_TOKEN"].scope == "test"


def test_dotenv_of_an_app_without_dotenv_in_production(tmp_path: Path) -> None:
    """Dotenv only in require-dev: production never loads `.env`, so it gives no default and is not read."""
    composer = json.dumps(
        {"require": {"symfony/framework-bundle": "7.4.*"}, "require-dev": {"symfony/dotenv": "*"}}
    )
    found = _symfony_app(tmp_path, composer=composer)
    assert found["LOG_LEVEL"].default is None
    assert found["TRUSTED_PROXIES"].default == "127.0.0.1"  # the container's own default still holds
    assert "LOCK_DSN" not in found


def test_front_controller_loading_dotenv(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "composer.json": json.dumps({"require": {"symfony/framework-bundle": "4.4.*"}}),
            "config/bootstrap.php": """
                <?php
                use Symfony\\Component\\Dotenv\\Dotenv;
                (new Dotenv(false))->loadEnv(dirname(__DIR__).'/.env');
            """,
            ".env": "APP_LOCALE=en\n",
            "config/packages/translation.yaml": "framework:\n  default_locale: '%env(APP_LOCALE)%'\n",
        },
    )
    assert found["APP_LOCALE"].default == "en"


def test_non_symfony_dotenv_is_not_read(tmp_path: Path) -> None:
    """A Laravel app's committed `.env` (or any other project's) is neither a declaration nor a default."""
    found = project(
        tmp_path,
        {
            "composer.json": json.dumps({"require": {"laravel/framework": "^11.0"}}),
            ".env": "APP_NAME=Shop\nQUEUE_CONNECTION=redis\n",
            "config/app.php": "<?php\nreturn ['name' => env('APP_NAME')];\n",
        },
    )
    assert set(found) == {"APP_NAME"}
    assert found["APP_NAME"].default is None
    assert not found["APP_NAME"].optional


def test_dotenv_gives_php_reads_their_value(tmp_path: Path) -> None:
    """Dotenv fills `$_ENV` and `$_SERVER` before the kernel boots: the app's own reads of them see `.env`
    too."""
    found = project(
        tmp_path,
        {
            "composer.json": COMPOSER,
            ".env": "DEFAULT_LOCALE=en\nSTATS_HOST=stats.invalid\n",
            "src/Locale.php": "<?php\nfunction locale() { return $_ENV['DEFAULT_LOCALE'] ?? 'de'; }\n",
            # Dotenv does not `putenv()` (Symfony 5+): getenv() never sees `.env`
            "src/Stats.php": "<?php\nfunction stats() { return getenv('STATS_HOST') ?: 'localhost'; }\n",
        },
    )
    assert found["STATS_HOST"].default == "localhost"
    assert found["DEFAULT_LOCALE"].default == "en"
    assert found["DEFAULT_LOCALE"].optional
