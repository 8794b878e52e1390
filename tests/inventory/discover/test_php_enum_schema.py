"""A PHP 8.1 backed enum as the configuration schema: each case's value names a variable that a method of
the enum reads through `$this->value` (env(), getenv(), $_ENV, $_SERVER, or a project function), with
per-case defaults from a `match ($this)` method and each case's `<NAME>_FILE` docker-secrets variant."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

SETTINGS = """
<?php

namespace Acme\\Config;

use function Acme\\Support\\env;

enum Setting: string
{
    case STORAGE_DRIVER = 'STORAGE_DRIVER';
    case STORAGE_BUCKET = 'STORAGE_BUCKET';
    case QUEUE_WORKERS = 'QUEUE_WORKERS';
    case SEND_REPORTS = 'SEND_REPORTS';
    case KEEP_LOGS = 'KEEP_LOGS';
    case AUDIT_ENABLED = 'AUDIT_ENABLED';
    case MAILER_PASSWORD = 'MAILER_PASSWORD';
    case LOCALE = 'LOCALE';

    public function read(): mixed
    {
        return env($this->value) ?? $this->readFromFile() ?? $this->fallback();
    }

    private function readFromFile(): string|int|bool|null
    {
        $path = env(sprintf('%s_FILE', $this->value));
        return $path !== null && is_file($path) ? trim(file_get_contents($path)) : null;
    }

    private function fallback(): string|int|bool|null
    {
        return match ($this) {
            self::STORAGE_DRIVER => 'local',
            self::QUEUE_WORKERS => 4,
            self::SEND_REPORTS, self::KEEP_LOGS => true,
            self::AUDIT_ENABLED,
                => false,
            self::LOCALE => locale_get_default(),
            default => null,
        };
    }
}
"""


def test_every_case_is_a_variable_with_its_default(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/Config/Setting.php": SETTINGS,
            "config/app.php": "<?php\nreturn ['disk' => Setting::STORAGE_DRIVER->read()];\n",
        },
    )
    assert found["STORAGE_DRIVER"].default == "local"
    assert found["STORAGE_DRIVER"].optional
    assert found["QUEUE_WORKERS"].default == "4"
    assert found["SEND_REPORTS"].default == "true"
    assert found["KEEP_LOGS"].default == "true"
    assert found["AUDIT_ENABLED"].default == "false"  # the arm after a trailing comma
    assert found["LOCALE"].default is None  # computed: optional, no literal
    assert found["LOCALE"].optional
    assert found["STORAGE_BUCKET"].default is None  # `default => null`: no fallback
    assert not found["STORAGE_BUCKET"].optional
    assert found["MAILER_PASSWORD"].secret
    assert found["STORAGE_BUCKET"].scope == "runtime"
    assert found["STORAGE_DRIVER"].locations[0].startswith("src/Config/Setting.php:")


def test_each_case_has_its_file_variant(tmp_path: Path) -> None:
    found = project(tmp_path, {"src/Config/Setting.php": SETTINGS})
    variant = found["MAILER_PASSWORD_FILE"]
    assert variant.file_of == "MAILER_PASSWORD"
    assert variant.optional
    assert not variant.secret
    assert "file-variant" in found["MAILER_PASSWORD"].sources
    assert found["STORAGE_DRIVER_FILE"].file_of == "STORAGE_DRIVER"
    assert found["STORAGE_DRIVER_FILE"].default is None
    assert len([name for name in found if name.endswith("_FILE")]) == 8


def test_getenv_with_a_literal_fallback_and_a_concatenated_file_name(tmp_path: Path) -> None:
    source = """
    <?php
    enum Limit: string
    {
        case UPLOAD_MAX_MB = 'UPLOAD_MAX_MB';
        case RATE_PER_MINUTE = 'RATE_PER_MINUTE';

        public function get(): string
        {
            return getenv($this->value) ?: '10';
        }

        public function secretFile(): ?string
        {
            $name = $this->value . '_FILE';
            $path = getenv($name);
            return $path === false ? null : $path;
        }
    }
    """
    found = project(tmp_path, {"app/Limit.php": source})
    assert found["UPLOAD_MAX_MB"].default == "10"
    assert found["RATE_PER_MINUTE"].default == "10"
    assert found["RATE_PER_MINUTE_FILE"].file_of == "RATE_PER_MINUTE"


def test_pure_enum_read_by_case_name_through_env_arrays(tmp_path: Path) -> None:
    source = """
    <?php
    enum Feature
    {
        case BETA_SEARCH;
        case DARK_MODE;

        public function enabled(): bool
        {
            return ($_ENV[$this->name] ?? $_SERVER[$this->name] ?? 'off') === 'on';
        }
    }
    """
    found = project(tmp_path, {"src/Feature.php": source})
    assert set(found) >= {"BETA_SEARCH", "DARK_MODE"}


def test_server_request_keys_in_an_enum_are_not_variables(tmp_path: Path) -> None:
    source = """
    <?php
    enum Header: string
    {
        case HOST = 'HTTP_HOST';
        case PROXY_SECRET = 'PROXY_SHARED_SECRET';

        public function fromServer(): ?string
        {
            return $_SERVER[$this->value] ?? null;
        }
    }
    """
    found = project(tmp_path, {"src/Header.php": source})
    assert "HTTP_HOST" not in found
    assert "PROXY_SHARED_SECRET" in found


def test_read_through_a_project_function(tmp_path: Path) -> None:
    helpers = """
    <?php
    function app_setting(string $key, ?string $default = 'unset')
    {
        $value = getenv('ACME_' . $key);
        return $value === false ? $default : $value;
    }
    """
    source = """
    <?php
    enum Option: string
    {
        case REGION = 'REGION';
        case TIMEOUT = 'TIMEOUT';

        public function value(): ?string
        {
            return app_setting($this->value);
        }
    }
    """
    found = project(tmp_path, {"src/helpers.php": helpers, "src/Option.php": source})
    assert {"ACME_REGION", "ACME_TIMEOUT"} <= set(found)
    assert "REGION" not in found


def test_read_through_a_method_of_the_enum(tmp_path: Path) -> None:
    source = """
    <?php
    enum Credential: string
    {
        case SMTP_PASSWORD = 'SMTP_PASSWORD';
        case API_TOKEN = 'API_TOKEN';

        public function load(): ?string
        {
            return $this->lookup($this->value) ?? $this->lookup($this->value . '_FILE');
        }

        private function lookup(string $key): ?string
        {
            $value = getenv($key);
            return $value === false ? null : $value;
        }
    }
    """
    found = project(tmp_path, {"src/Credential.php": source})
    assert found["SMTP_PASSWORD"].secret
    assert found["API_TOKEN_FILE"].file_of == "API_TOKEN"


def test_enums_not_read_from_the_environment_name_nothing(tmp_path: Path) -> None:
    source = """
    <?php
    enum Driver: string
    {
        case MYSQL = 'MYSQL';
        case SQLITE = 'SQLITE';

        public function label(): string
        {
            return strtolower($this->value);
        }
    }

    enum CacheKey: string
    {
        case users = 'users';

        public function get(): mixed
        {
            return env($this->value);
        }
    }
    """
    found = project(tmp_path, {"src/Driver.php": source})
    assert not {"MYSQL", "SQLITE", "users", "USERS"} & set(found)


CONSTANTS = """
<?php

namespace Acme;

use Acme\\Http\\Status;

const DEFAULT_PAGE_SIZE = 25;
const DEFAULT_STATUS = Status::FOUND;
define('DEFAULT_THEME', 'light');
"""

STATUS = """
<?php

namespace Acme\\Http;

enum Status: int
{
    case MOVED = 301;
    case FOUND = 302;
}
"""

MODE = """
<?php

namespace Acme\\Links;

enum Mode: string
{
    case LOOSE = 'loose';
    case STRICT = 'strict';
}

final class Limits
{
    public const MAX_TAGS = 12;
}
"""

OPTIONS = """
<?php

namespace Acme\\Config;

use Acme\\Links\\Limits;
use Acme\\Links\\Mode;

use const Acme\\DEFAULT_PAGE_SIZE;
use const Acme\\DEFAULT_STATUS;

enum Option: string
{
    case PAGE_SIZE = 'PAGE_SIZE';
    case REDIRECT_STATUS = 'REDIRECT_STATUS';
    case LINK_MODE = 'LINK_MODE';
    case MAX_TAGS = 'MAX_TAGS';
    case THEME = 'THEME';
    case RETRIES = 'RETRIES';

    public function load(): mixed
    {
        return getenv($this->value) ?: $this->defaultValue();
    }

    private function defaultValue(): mixed
    {
        return match ($this) {
            self::PAGE_SIZE => DEFAULT_PAGE_SIZE,
            self::REDIRECT_STATUS => DEFAULT_STATUS->value,
            self::LINK_MODE => Mode::STRICT->value,
            self::MAX_TAGS => Limits::MAX_TAGS,
            self::THEME => DEFAULT_THEME,
            self::RETRIES => RETRY_COUNT,
        };
    }
}
"""


def test_defaults_written_as_constants_are_looked_up(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/constants.php": CONSTANTS,
            "src/Http/Status.php": STATUS,
            "src/Links/Mode.php": MODE,
            "src/Config/Option.php": OPTIONS,
            # RETRY_COUNT is defined twice differently: no default rather than a wrong one
            "src/retries.php": "<?php\nconst RETRY_COUNT = 3;\n",
            "legacy/retries.php": "<?php\nconst RETRY_COUNT = 5;\n",
        },
    )
    assert found["PAGE_SIZE"].default == "25"
    assert found["REDIRECT_STATUS"].default == "302"  # a constant holding a case, then its value
    assert found["LINK_MODE"].default == "strict"
    assert found["MAX_TAGS"].default == "12"
    assert found["THEME"].default == "light"
    assert found["RETRIES"].default is None
    assert found["RETRIES"].optional
