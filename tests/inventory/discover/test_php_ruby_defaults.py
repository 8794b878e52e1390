"""Defaults in PHP (Laravel's `env('X', default)` in config files, `getenv() ?: 'x'`) and Ruby (`ENV.fetch`
with a second argument or a block): literals are defaults, `null`/`nil` are none, expressions make the
variable's default unknown, and `false` for a name that holds a value (`LDAP_SERVER`) means "not set"."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.php import discover_php
from secretguard.inventory.discover.ruby import discover_ruby


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def found(reads: list[Read]) -> dict[str, tuple[bool, str | None, bool]]:
    return {r.name: (r.optional, r.default, r.computed_default) for r in reads}


def test_laravel_config_defaults() -> None:
    config = src("""
        <?php

        use Illuminate\\Support\\Str;

        return [
            'env' => env('APP_ENV', 'production'),
            'debug' => env('APP_DEBUG', false),
            'port' => env('DB_PORT', 3306),
            'encryption' => env('MAIL_ENCRYPTION', null),
            'server' => env('LDAP_SERVER', false),
            'prefix' => env('CACHE_PREFIX', Str::slug(env('APP_NAME', 'laravel'), '_') . '_cache_'),
            'offset' => env('TZ_OFFSET', -1),
            'host' => getenv('REDIS_HOST') ?: '127.0.0.1',
            'mode' => $_ENV['QUEUE_MODE'] ?? 'sync',
            'key' => env('APP_KEY'),
            'drawio' => env('DRAWIO', !env('DISABLE_EXTERNAL_SERVICES', false)),
        ];
    """)
    assert found(discover_php(config, "config/app.php")) == {
        "APP_ENV": (True, "production", False),
        "APP_DEBUG": (True, "false", False),
        "DB_PORT": (True, "3306", False),
        "MAIL_ENCRYPTION": (False, None, False),  # `env('X', null)` is `env('X')`
        "LDAP_SERVER": (True, None, False),  # false stands for "no server"
        "CACHE_PREFIX": (True, None, True),
        "APP_NAME": (True, "laravel", False),
        "TZ_OFFSET": (True, "-1", False),
        "REDIS_HOST": (True, "127.0.0.1", False),
        "QUEUE_MODE": (True, "sync", False),
        "APP_KEY": (False, None, False),
        "DRAWIO": (True, None, True),
        "DISABLE_EXTERNAL_SERVICES": (True, "false", False),
    }


def test_ruby_fetch_defaults() -> None:
    code = src("""
        max_threads = ENV.fetch("RAILS_MAX_THREADS") { 5 }
        port ENV.fetch("PORT", 3000).to_i
        ssl = ENV.fetch("FORCE_SSL", true)
        url = ENV.fetch("SENTRY_DSN", nil)
        host = ENV.fetch("APP_HOST") { |name| raise "#{name} missing" }
        redis = ENV.fetch("REDIS_URL", "redis://" + default_host)
        workers = ENV.fetch("WEB_CONCURRENCY") do
          2
        end
        timeout = ENV.fetch("TIMEOUT", "30").to_i
        mode = ENV["MODE"] || "fast"
        key = ENV.fetch("SECRET_KEY_BASE")
    """)
    assert found(discover_ruby(code, "config/puma.rb")) == {
        "RAILS_MAX_THREADS": (True, "5", False),
        "PORT": (True, "3000", False),
        "FORCE_SSL": (True, "true", False),
        "SENTRY_DSN": (True, None, False),
        "APP_HOST": (True, None, True),
        "REDIS_URL": (True, None, True),
        "WEB_CONCURRENCY": (True, "2", False),
        "TIMEOUT": (True, "30", False),
        "MODE": (True, "fast", False),
        "SECRET_KEY_BASE": (False, None, False),
    }


def test_the_code_default_beats_the_example_in_a_laravel_project(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "mail.php").write_text(
        "<?php\nreturn ['host' => env('MAIL_HOST', 'smtp.mailgun.org'), 'db' => env('DB_DATABASE')];\n",
        encoding="utf-8",
    )
    (tmp_path / ".env.example").write_text("MAIL_HOST=localhost\nDB_DATABASE=database_database\n")
    variables = {v.name: v for v in discover(tmp_path).variables}
    assert variables["MAIL_HOST"].default == "smtp.mailgun.org"
    assert variables["DB_DATABASE"].default is None  # the example's value is no fallback
    assert not variables["DB_DATABASE"].optional


def test_key_half_of_a_key_secret_pair_is_no_secret(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "filesystems.php").write_text(
        src("""
            <?php
            return ['s3' => [
                'key' => env('STORAGE_S3_KEY', 'your-key'),
                'secret' => env('STORAGE_S3_SECRET', 'your-secret'),
                'api' => env('PAYMENT_API_KEY'),
            ]];
        """),
        encoding="utf-8",
    )
    variables = {v.name: v for v in discover(tmp_path).variables}
    assert (variables["STORAGE_S3_KEY"].secret, variables["STORAGE_S3_KEY"].default) == (False, "your-key")
    assert variables["STORAGE_S3_SECRET"].secret
    assert variables["PAYMENT_API_KEY"].secret  # no secret beside it: an API key is the credential


def test_an_oauth_client_key_beside_its_secret_is_the_clients_id(tmp_path: Path) -> None:
    (tmp_path / "config.go").write_text(
        src("""
            package config

            type config struct {
                GithubClientKey string `env:"OG_GITHUB_CLIENT_KEY"`
                GithubSecret    string `env:"OG_GITHUB_SECRET"`
                KafkaClientKey  string `env:"KAFKA_CLIENT_KEY"`
                KafkaClientCert string `env:"KAFKA_CLIENT_CERT"`
            }
        """),
        encoding="utf-8",
    )
    variables = {v.name: v for v in discover(tmp_path).variables}
    assert not variables["OG_GITHUB_CLIENT_KEY"].secret
    assert variables["OG_GITHUB_SECRET"].secret
    assert variables["KAFKA_CLIENT_KEY"].secret  # an mTLS client's private key: no secret beside it
