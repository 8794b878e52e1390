"""Laravel config files of packages the project does not install. Laravel loads every `config/*.php` at boot,
but a published package config (`config/sentry.php` of sentry/sentry-laravel) is read by that package alone:
when composer.json (and composer.lock) lack the package, nothing uses the values its `env()` calls give, so
those reads are declarations only (`example`), not the running application's.

The owner of a config file is known only for well-known packages (`PACKAGE_CONFIGS`); any other config file
(the app's own `config/firefly.php`, an unknown package's) stays the application's. A config the app's own
code reads (`config('sanctum.stateful')`) stays too, and so do the framework's own files (`app.php`,
`database.php`...): laravel/framework reads them.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable

# laravel/framework's own config files: never a package's.
FRAMEWORK_CONFIGS = frozenset(
    """
    app auth broadcasting cache concurrency cors database filesystems hashing logging mail queue services
    session view
    """.split()
)
# Config names well-known packages publish (`php artisan vendor:publish`), and the packages (or the forks)
# that read them. Generic names an app may use for its own config (`settings`, `permission`) are left out.
PACKAGE_CONFIGS: dict[str, tuple[str, ...]] = {
    "sentry": ("sentry/sentry-laravel",),
    "sentry-tunnel": ("asbiin/laravel-sentry-tunnel",),
    "bugsnag": ("bugsnag/bugsnag-laravel",),
    "honeybadger": ("honeybadger-io/honeybadger-laravel",),
    "sanctum": ("laravel/sanctum",),
    "telescope": ("laravel/telescope",),
    "horizon": ("laravel/horizon",),
    "pulse": ("laravel/pulse",),
    "reverb": ("laravel/reverb",),
    "octane": ("laravel/octane",),
    "scout": ("laravel/scout",),
    "passport": ("laravel/passport",),
    "fortify": ("laravel/fortify",),
    "jetstream": ("laravel/jetstream",),
    "cashier": ("laravel/cashier", "laravel/cashier-paddle"),
    "nightwatch": ("laravel/nightwatch",),
    "debugbar": ("barryvdh/laravel-debugbar", "fruitcake/laravel-debugbar"),
    "ide-helper": ("barryvdh/laravel-ide-helper",),
    "dompdf": ("barryvdh/laravel-dompdf",),
    "clockwork": ("itsgoingd/clockwork",),
    "laravel-model-caching": ("genealabs/laravel-model-caching",),
    "media-library": ("spatie/laravel-medialibrary",),
    "activitylog": ("spatie/laravel-activitylog",),
    "json-api-paginate": ("spatie/laravel-json-api-paginate",),
    "query-builder": ("spatie/laravel-query-builder",),
    "webhook-server": ("spatie/laravel-webhook-server",),
    "webhook-client": ("spatie/laravel-webhook-client",),
    "ignition": ("spatie/laravel-ignition", "facade/ignition"),
    "flare": ("spatie/laravel-ignition", "facade/ignition"),
    "livewire": ("livewire/livewire",),
    "filament": ("filament/filament",),
    "google2fa": ("pragmarx/google2fa-laravel",),
    "twigbridge": ("rcrowe/twigbridge",),
    "breadcrumbs": ("diglactic/laravel-breadcrumbs", "davejamesmiller/laravel-breadcrumbs"),
    "l5-swagger": ("darkaonline/l5-swagger",),
    "scribe": ("knuckleswtf/scribe",),
    "log-viewer": ("opcodesio/log-viewer", "arcanedev/log-viewer"),
    "dotenv-editor": ("jackiedo/dotenv-editor",),
    "purifier": ("mews/purifier",),
    "laravellocalization": ("mcamara/laravel-localization",),
}


def config_file(rel: str) -> tuple[str, str] | None:
    """(the project's folder, the config's name) for `<folder>/config/<name>.php`, else None."""
    folder, base = posixpath.split(rel)
    if posixpath.basename(folder) != "config" or not base.endswith(".php"):
        return None
    return posixpath.dirname(folder), base[: -len(".php")]


def composer_packages(folder: str, read_file: Callable[[str], str | None]) -> set[str] | None:
    """The packages composer.json requires (require and require-dev) and composer.lock installs; None
    without a readable composer.json (nothing then says what is installed)."""
    names: set[str] = set()
    manifest = _json(read_file(posixpath.join(folder, "composer.json")))
    if manifest is None:
        return None
    for key in ("require", "require-dev"):
        section = manifest.get(key)
        if isinstance(section, dict):
            names.update(str(name).lower() for name in section)
    lock = _json(read_file(posixpath.join(folder, "composer.lock")))
    for key in ("packages", "packages-dev"):
        entries = lock.get(key) if lock is not None else None
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                names.add(entry["name"].lower())
    return names


def _json(text: str | None) -> dict[str, object] | None:
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _squash(text: str) -> str:
    return text.lower().replace("-", "").replace("_", "")


class PackageConfigs:
    """Decides, once per project folder, which of its config files belong to packages it lacks."""

    def __init__(self, read_file: Callable[[str], str | None]) -> None:
        self.read_file = read_file
        self.installed: dict[str, set[str] | None] = {}

    def uninstalled(self, rel: str) -> bool:
        """`config/<name>.php` is a well-known package's config and the project does not install it."""
        found = config_file(rel)
        if found is None:
            return False
        folder, name = found
        owners = PACKAGE_CONFIGS.get(name.lower())
        if owners is None or name.lower() in FRAMEWORK_CONFIGS:
            return False
        if folder not in self.installed:
            self.installed[folder] = composer_packages(folder, self.read_file)
        packages = self.installed[folder]
        if packages is None or any(owner in packages for owner in owners):
            return False
        squashed = _squash(name)
        return not any(
            squashed in _squash(package) for package in packages
        )  # a fork installed under its name


def reads_config(texts: list[tuple[str, str]], name: str) -> bool:
    """Whether the project's PHP outside config/ names a key of the config (`config('sanctum.stateful')`)."""
    needles = (f"'{name}.", f'"{name}.', f"'{name}'", f'"{name}"')
    return any(config_file(rel) is None and any(needle in text for needle in needles) for rel, text in texts)
