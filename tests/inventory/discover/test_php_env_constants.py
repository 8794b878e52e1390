"""Round 79 (AzuraCast): an `Environment` class built from `getenv()` holding the variables' names as its
constants and reading `$this->data[self::NAME]`, with a helper's literal or `?? 'v'` as the default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

ENVIRONMENT = """<?php
namespace App;

final class Environment
{
    public const string ASSET_URL = 'ASSETS_URL';
    public const string SHOW_DETAILED_ERRORS = 'SHOW_DETAILED_ERRORS';
    public const string LOG_LEVEL = 'LOG_LEVEL';
    public const string REDIS_HOST = 'REDIS_HOST';

    public function __construct(private array $data = []) {}

    public function getAssetUrl(): string
    {
        return Types::string($this->data[self::ASSET_URL] ?? null, '/static', true);
    }

    public function showDetailedErrors(): bool
    {
        return Types::bool($this->data[self::SHOW_DETAILED_ERRORS] ?? null, false, true);
    }

    public function getLogLevel(): string
    {
        return Types::stringOrNull($this->data[self::LOG_LEVEL] ?? null, true) ?? 'notice';
    }

    public function getRedisHost(): string
    {
        return $this->data[self::REDIS_HOST] ?? 'redis';
    }
}
"""

FACTORY = """<?php
namespace App;

final class AppFactory
{
    public static function buildEnvironment(array $raw = []): Environment
    {
        $_ENV = getenv();
        return new Environment(array_merge(array_filter($_ENV), $raw));
    }
}
"""


def test_environment_class_constants(tmp_path: Path) -> None:
    found = project(
        tmp_path, {"backend/src/Environment.php": ENVIRONMENT, "backend/src/AppFactory.php": FACTORY}
    )
    assert found["ASSETS_URL"].default == "/static"
    assert found["SHOW_DETAILED_ERRORS"].default == "false"
    assert found["LOG_LEVEL"].default is None  # a string helper's `true` is a flag
    assert found["REDIS_HOST"].default == "redis"


def test_a_class_nothing_builds_from_the_environment(tmp_path: Path) -> None:
    found = project(tmp_path, {"backend/src/Environment.php": ENVIRONMENT})
    assert "ASSETS_URL" not in found
