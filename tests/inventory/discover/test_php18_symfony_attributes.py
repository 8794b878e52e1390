"""Symfony's environment reads written in PHP: `#[Autowire(env: 'bool:X')]`, `#[Autowire('%env(X)%')]`,
`%env()%` in a PHP config file's strings, a route attribute's `condition: "env('X')"`, and the jbtronics
settings bundle's `#[SettingsParameter(envVar: 'bool:X')]` (no default: the stored setting stands when the
variable is unset)."""

from __future__ import annotations

import json
from pathlib import Path

from secretguard.inventory.discover.php import php_tokens
from secretguard.inventory.discover.php_symfony import symfony_php_reads
from tests.inventory.discover.projects import project

CONTROLLER = """
    <?php
    namespace App\\Controller;

    use Symfony\\Component\\DependencyInjection\\Attribute\\Autowire;
    use Symfony\\Component\\Routing\\Attribute\\Route;

    final class UpdateController
    {
        public function __construct(
            #[Autowire(env: 'bool:DISABLE_UPDATES')] private readonly bool $disabled,
            #[Autowire('%env(bool:FORCE_HTTPS)%')] private readonly bool $https,
            #[\\Symfony\\Component\\DependencyInjection\\Attribute\\Autowire(env: "HOOK_TOKEN")]
            private readonly string $token,
            #[Autowire(param: 'kernel.project_dir')] private readonly string $dir,
            // #[Autowire(env: 'COMMENTED_OUT')]
        ) {}

        #[Route('/hook', condition: "env('HOOKS_ENABLED') == '1'")]
        public function hook(): void
        {
            $label = "%env($name)%";
        }
    }
"""

SETTINGS = """
    <?php
    namespace App\\Settings;

    use Jbtronics\\SettingsBundle\\Settings\\SettingsParameter;
    use Jbtronics\\SettingsBundle\\ParameterTypes\\EnvVarMode;

    class ProviderSettings
    {
        #[SettingsParameter(label: new TM("provider.key"), formOptions: ['help' => 'x'],
            envVar: "PROVIDER_API_KEY", envVarMode: EnvVarMode::OVERWRITE)]
        public ?string $apiKey = null;

        #[SettingsParameter(envVar: 'bool:PROVIDER_ENABLED', envVarMode: EnvVarMode::INITIAL)]
        public bool $enabled = false;

        #[SettingsParameter(envVar: 'int:PROVIDER_LIMIT')]
        public int $limit = 50;
    }
"""

DOCTRINE_PHP = """
    <?php
    use Symfony\\Config\\DoctrineConfig;

    return static function (DoctrineConfig $doctrine): void {
        $doctrine->dbal()->connection('default')->url('%env(resolve:DB_URL)%');
        $doctrine->dbal()->connection('reports')->url('%env(default:reports_url:REPORTS_DSN)%');
    };
"""


def test_attribute_reads() -> None:
    text = CONTROLLER.replace("\n    ", "\n").lstrip("\n")
    reads = {r.name: r for r in symfony_php_reads(php_tokens(text, "src/C.php"), "src/C.php")}
    assert set(reads) == {"DISABLE_UPDATES", "FORCE_HTTPS", "HOOK_TOKEN", "HOOKS_ENABLED"}
    assert reads["DISABLE_UPDATES"].line == 10
    assert reads["DISABLE_UPDATES"].boolean_use
    assert reads["HOOKS_ENABLED"].line == 18
    assert not reads["HOOK_TOKEN"].optional  # unset and no default: the container refuses to start


def test_settings_bundle_env_vars_have_no_default() -> None:
    text = SETTINGS.replace("\n    ", "\n").lstrip("\n")
    reads = {r.name: r for r in symfony_php_reads(php_tokens(text, "src/S.php"), "src/S.php")}
    assert set(reads) == {"PROVIDER_API_KEY", "PROVIDER_ENABLED", "PROVIDER_LIMIT"}
    assert all(r.optional and r.default is None for r in reads.values())
    assert reads["PROVIDER_API_KEY"].line == 10


def test_symfony_project_php_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "composer.json": json.dumps({"require": {"symfony/dotenv": "7.*"}}),
            ".env": "DISABLE_UPDATES=1\nPROVIDER_LIMIT=10\n",
            "src/Controller/UpdateController.php": CONTROLLER,
            "src/Settings/ProviderSettings.php": SETTINGS,
            "config/packages/doctrine.php": DOCTRINE_PHP,
        },
    )
    assert {n for n, v in found.items() if v.scope == "runtime"} == {
        "DISABLE_UPDATES",
        "FORCE_HTTPS",
        "HOOK_TOKEN",
        "HOOKS_ENABLED",
        "PROVIDER_API_KEY",
        "PROVIDER_ENABLED",
        "PROVIDER_LIMIT",
        "DB_URL",
        "REPORTS_DSN",
    }
    assert found["DISABLE_UPDATES"].default == "1"  # the committed `.env`
    assert found["PROVIDER_LIMIT"].default == "10"
    assert found["PROVIDER_ENABLED"].default is None
    assert found["PROVIDER_ENABLED"].optional
    assert found["HOOK_TOKEN"].secret
    assert found["PROVIDER_API_KEY"].secret
    assert found["REPORTS_DSN"].optional  # `default:<param>:` falls back to another parameter
