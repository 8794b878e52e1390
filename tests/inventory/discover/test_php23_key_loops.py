"""PHP: variables named after an array's keys, built by a Laravel `Str` chain in a loop
(`foreach ($flags as $key => $on) { env(Str::of($key)->snake('_')->upper()->prepend('FLAG_')->toString()) }`),
the keys those of a literal array, of `config('file.key')` or of a helper's argument (its callers'), and a
decimal default that says a name is no credential."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_HELPER = """
    <?php
    if (! function_exists('envOrDefault')) {
        function envOrDefault(string $key, $default = null)
        {
            $value = env($key, $default);
            return $value === '' ? $default : $value;
        }
    }
"""


def test_a_helper_over_a_config_arrays_keys_through_its_callers(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "bootstrap/helpers.php": _HELPER,
            "config/ui.php": """
                <?php
                use App\\Support\\Prefs;
                use Illuminate\\Support\\Arr;

                $defaults = [
                    'darkMode'      => envOrDefault('UI_DEFAULT__DARK_MODE', false),
                    'pageSize'      => envOrDefault('UI_DEFAULT__PAGE_SIZE', 20),
                    'showAPIHints'  => envOrDefault('UI_DEFAULT__SHOW_API_HINTS', true),
                    'lastTab'       => 0,
                ];
                $fixed = [
                    'lastTab',
                ];
                return [
                    'defaults' => $defaults,
                    'frozen' => Prefs::frozen(Arr::except($defaults, $fixed)),
                ];
            """,
            "app/Support/Prefs.php": """
                <?php
                namespace App\\Support;

                class Prefs
                {
                    public static function frozen(array $prefs): array
                    {
                        foreach ($prefs as $key => $value) {
                            $name = $key === 'showAPIHints' ? 'showApiHints' : $key;
                            $isFrozen = envOrDefault(
                                Str::of($name)->snake('_')->upper()->prepend('UI_FROZEN__')->toString(),
                                false
                            );
                            if ($isFrozen) {
                                $frozen[] = $key;
                            }
                        }
                        return $frozen ?? [];
                    }
                }
            """,
            # a test passing its own array runs the loop over other keys: not the app's names
            "tests/Unit/PrefsTest.php": """
                <?php
                Prefs::frozen(['onlyInTests' => true]);
            """,
        },
    )
    frozen = sorted(n for n in found if n.startswith("UI_FROZEN__"))
    assert frozen == ["UI_FROZEN__DARK_MODE", "UI_FROZEN__PAGE_SIZE", "UI_FROZEN__SHOW_API_HINTS"]
    assert all(found[n].default == "false" and not found[n].secret for n in frozen)
    assert found["UI_FROZEN__PAGE_SIZE"].locations == ["app/Support/Prefs.php:10"]
    assert found["UI_DEFAULT__PAGE_SIZE"].default == "20"


def test_loops_over_a_literal_array_and_over_config(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "config/features.php": """
                <?php
                return [
                    'toggles' => [
                        'betaSearch' => true,
                        'newEditor' => false,
                    ],
                ];
            """,
            "app/Providers/FeatureProvider.php": """
                <?php
                class FeatureProvider
                {
                    public function boot(): void
                    {
                        foreach (config('features.toggles') as $feature => $on) {
                            $this->flags[$feature] = env(
                                Str::of($feature)->snake('_')->upper()->prepend('FEATURE_')->toString(),
                                $on
                            );
                        }
                        $limits = ['uploadSize' => 10, 'apiCalls' => 100];
                        foreach ($limits as $limit => $value) {
                            $key = Str::of($limit)->snake('_')->upper()->append('_LIMIT')->toString();
                            $this->limits[$limit] = getenv($key);
                        }
                        foreach ($this->unknown() as $other => $value) {
                            env(Str::of($other)->upper()->prepend('OTHER_')->toString());
                        }
                    }
                }
            """,
        },
    )
    assert found["FEATURE_BETA_SEARCH"].locations == ["app/Providers/FeatureProvider.php:7"]
    assert "FEATURE_NEW_EDITOR" in found
    assert found["FEATURE_NEW_EDITOR"].default is None  # `$on`: each key's own value, computed
    assert {"UPLOAD_SIZE_LIMIT", "API_CALLS_LIMIT"} <= set(found)
    assert not any(n.startswith("OTHER_") for n in found)  # keys not known: no name made up


def test_a_decimal_default_says_no_credential(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "bootstrap/helpers.php": _HELPER,
            "config/app.php": """
                <?php
                return [
                    'mask_ratio' => envOrDefault('MASK_PASSWORD_BY', 0.5),
                    'smtp_password' => env('SMTP_PASSWORD', 'changeme'),
                ];
            """,
        },
    )
    assert not found["MASK_PASSWORD_BY"].secret
    assert found["MASK_PASSWORD_BY"].default == "0.5"
    assert found["SMTP_PASSWORD"].secret
