"""PHP: variables named after a class's properties. A loop over `get_class_vars()` / `get_object_vars()` /
reflection builds each name from the property's (Laravel's `Str::snake`, `strtoupper`, a prefix) and reads
it through a reader, maybe through the project's own functions; each property's initial value is the
default, and a constant table consulted first names the properties it lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.inventory.discover.php_properties import snake
from tests.inventory.discover.projects import project

SETTINGS = """
    <?php
    namespace Shop\\Config;

    class Defaults
    {
        public string $siteTitle = 'My Shop';
        public string $cdnHostURL = 'https://cdn.example.test';
        public bool $useMailer = false;
        public bool $mailAuth = true;
        public int $mailPort = 25;
        public ?string $mailHost = null;
        public string $themeColor;
        public string $dbPassword = '';
        protected string $internalSalt = 'x';
        private int $counter = 0;

        public function describe(): string
        {
            $local = 'not a property';
            return $local;
        }
    }
"""

LOADER = """
    <?php
    namespace Shop\\Config;

    use Illuminate\\Support\\Str;

    class Loader
    {
        private const RENAMED = [
            'useMailer' => 'SHOP_MAIL_ENABLED',
            'mailAuth' => 'SHOP_MAIL_SMTP_AUTH',
            'unknownKey' => 'SHOP_NEVER_READ',
        ];

        private array $values = [];

        public function __construct()
        {
            $defaults = get_class_vars(Defaults::class);
            foreach (array_keys($defaults) as $p) {
                $this->values[$p] = $this->lookup(
                    name: self::RENAMED[$p] ?? 'SHOP_'.Str::of($p)->snake()->upper()->toString(),
                    fallback: $defaults[$p],
                );
            }
        }

        private function lookup(string $name, mixed $fallback): mixed
        {
            return $this->fromEnvironment($name) ?? $fallback;
        }

        private function fromEnvironment(string $name): mixed
        {
            return $_ENV[$name] ?? getenv($name) ?: null;
        }
    }
"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("siteTitle", "site_title"),
        ("printLogoURL", "print_logo_u_r_l"),
        ("smtpSSLNoverify", "smtp_s_s_l_noverify"),
        ("allowTelemetry", "allow_telemetry"),
        ("debug", "debug"),
        ("s3Key", "s3_key"),
        ("Title", "title"),
        ("already_snake", "already_snake"),
        ("hello world", "hello_world"),
    ],
)
def test_laravel_snake(name: str, expected: str) -> None:
    assert snake(name) == expected


def test_a_loop_over_a_classes_properties_reads_one_variable_each(tmp_path: Path) -> None:
    found = project(tmp_path, {"app/Config/Defaults.php": SETTINGS, "app/Config/Loader.php": LOADER})
    assert found["SHOP_SITE_TITLE"].default == "My Shop"
    # Str::snake puts `_` before every capital: the name the code reads, not the one a reader might expect
    assert "SHOP_CDN_HOST_U_R_L" in found
    assert "SHOP_CDN_HOST_URL" not in found
    # the table names the properties it lists (with their defaults); its other keys name nothing read
    assert found["SHOP_MAIL_ENABLED"].default == "false"
    assert not {"SHOP_USE_MAILER", "SHOP_NEVER_READ"} & set(found)
    assert found["SHOP_MAIL_PORT"].default == "25"
    # null or no initial value: no default
    assert (found["SHOP_MAIL_HOST"].default, found["SHOP_MAIL_HOST"].optional) == (None, False)
    assert (found["SHOP_THEME_COLOR"].default, found["SHOP_THEME_COLOR"].optional) == (None, False)
    # a credential stays one (its empty default says nothing more than "optional")
    assert found["SHOP_DB_PASSWORD"].secret is True
    # get_class_vars() from another class sees the public properties only; a method's locals are none
    assert not {"SHOP_INTERNAL_SALT", "SHOP_COUNTER", "SHOP_LOCAL"} & set(found)
    assert all(v.scope == "runtime" for k, v in found.items() if k.startswith("SHOP_"))


def test_a_boolean_property_is_a_switch_not_a_credential(tmp_path: Path) -> None:
    found = project(tmp_path, {"app/Config/Defaults.php": SETTINGS, "app/Config/Loader.php": LOADER})
    auth = found["SHOP_MAIL_SMTP_AUTH"]
    assert (auth.secret, auth.default) == (False, "true")


def test_other_loops_and_name_shapes(tmp_path: Path) -> None:
    options = """
        <?php
        class Options
        {
            public $cacheDriver = 'file';
            public $queueName = 'default';
            public static $workers = 4;
        }
    """
    boot = """
        <?php
        use Illuminate\\Support\\Str;

        $options = new Options();
        foreach (get_object_vars($options) as $key => $value) {
            $envName = 'APP_' . strtoupper(Str::snake($key));
            $options->$key = getenv($envName) ?: $value;
        }
        $reflection = new \\ReflectionClass(Options::class);
        foreach ($reflection->getProperties() as $prop) {
            $prop->setValue(env('OPT_' . strtoupper($prop->getName()) . '_VALUE'));
        }
        foreach (get_class_vars(Options::class) as $key => $value) {
            putenv('COPY_' . strtoupper($key) . '=' . $value);  // writes, reads nothing
        }
    """
    found = project(tmp_path, {"src/Options.php": options, "src/boot.php": boot})
    assert found["APP_CACHE_DRIVER"].default == "file"
    assert found["APP_QUEUE_NAME"].default == "default"
    assert "APP_WORKERS" not in found  # get_object_vars() leaves static properties out
    assert found["OPT_CACHEDRIVER_VALUE"].default == "file"
    assert found["OPT_WORKERS_VALUE"].default == "4"
    assert not any(name.startswith("COPY_") for name in found)


def test_a_helper_in_another_file_and_a_name_not_built_from_the_property(tmp_path: Path) -> None:
    helpers = """
        <?php
        function setting($key, $default = null) { return env($key, $default); }
    """
    config = """
        <?php
        class Limits
        {
            public int $uploadMb = 10;
        }

        class Apply
        {
            public function run(): void
            {
                foreach (get_class_vars(self::class) as $name => $value) {
                    env('FIXED_NAME');
                }
                foreach (array_keys(get_class_vars(Limits::class)) as $name) {
                    setting('LIMIT_' . strtoupper($name));
                    setting('LIMIT_' . $this->prefix . $name);
                }
            }
        }
    """
    found = project(tmp_path, {"app/helpers.php": helpers, "app/Limits.php": config})
    assert found["LIMIT_UPLOADMB"].default == "10"
    assert found["FIXED_NAME"].optional is False  # a plain read in the loop stays what it is
    assert not any(name.startswith("LIMIT_") and name != "LIMIT_UPLOADMB" for name in found)


def test_a_class_declared_twice_differently_names_nothing(tmp_path: Path) -> None:
    one = "<?php\nclass Env { public $alpha = 'a'; }\n"
    two = "<?php\nclass Env { public $beta = 'b'; }\n"
    loop = (
        "<?php\nforeach (array_keys(get_class_vars(Env::class)) as $p) { getenv('X_' . strtoupper($p)); }\n"
    )
    found = project(tmp_path, {"a/Env.php": one, "b/Env.php": two, "boot.php": loop})
    assert not any(name.startswith("X_") for name in found)
