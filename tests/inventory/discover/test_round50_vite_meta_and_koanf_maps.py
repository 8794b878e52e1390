"""Round 50's classes: Vite replaces `import.meta.env.X` while it builds even in a package that also runs an
Express server (dashy), unless a start-time injector fills it; a koanf env provider whose callback keeps
only the names a literal map lists (`envBinds[key]`, stash) reads the prefixed names of the map's keys."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project


def test_import_meta_env_in_a_vite_package_with_a_server_is_build(tmp_path: Path) -> None:
    package = {"name": "dash", "dependencies": {"express": "^4"}, "devDependencies": {"vite": "^5"}}
    found = project(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "server.js": "const port = process.env.PORT || 4000;\n",
            "src/router.js": "const mode = import.meta.env.VITE_APP_ROUTING_MODE;\n",
        },
    )
    assert found["PORT"].scope == "runtime"
    assert found["VITE_APP_ROUTING_MODE"].scope == "build"


def test_an_injected_import_meta_env_stays_runtime(tmp_path: Path) -> None:
    package = {
        "name": "dash",
        "dependencies": {"express": "^4", "@import-meta-env/unplugin": "^0.5"},
        "devDependencies": {"vite": "^5"},
    }
    found = project(
        tmp_path,
        {"package.json": json.dumps(package), "src/router.js": "const api = import.meta.env.API_URL;\n"},
    )
    assert found["API_URL"].scope == "runtime"


_INIT = """
package config

import (
    "strings"

    "github.com/knadh/koanf/providers/env"
    "github.com/knadh/koanf/v2"
)

var envBinds = map[string]string{
    "host":          Host,
    "external_host": ExternalHost,
    "ui":            UILocation,
}

func loadFromEnv(v *koanf.Koanf) {
    _ = v.Load(env.ProviderWithValue("STASH_", ".", func(key, value string) (string, interface{}) {
        key = strings.ToLower(strings.TrimPrefix(key, "STASH_"))
        if newKey, ok := envBinds[key]; ok {
            return newKey, value
        }
        return "", nil
    }), nil)
}
"""


def test_a_koanf_callback_keeping_a_maps_names(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module x\n", "internal/config/init.go": _INIT})
    for name in ("STASH_HOST", "STASH_EXTERNAL_HOST", "STASH_UI"):
        assert found[name].scope == "runtime"
