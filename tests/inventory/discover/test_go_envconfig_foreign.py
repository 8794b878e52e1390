"""envconfig loading a struct of another package (`config := new(types.Config); envconfig.Process("",
config)`): that package's struct tags are read, the package chosen by the file's import path when two share
the name (`types` and `git/types`)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_LOADER = """
package server

import (
    "github.com/kelseyhightower/envconfig"

    "example.org/app/types"
)

func LoadConfig() (*types.Config, error) {
    config := new(types.Config)
    err := envconfig.Process("", config)
    return config, err
}
"""

_TYPES = """
package types

type Config struct {
    Debug bool `envconfig:"APP_DEBUG"`
    HTTP  struct {
        Port int `envconfig:"APP_HTTP_PORT" default:"3000"`
    }
    Encrypter struct {
        Secret string `envconfig:"APP_ENCRYPTER_SECRET"`
    }
}
"""

_GIT_TYPES = """
package types

type Config struct {
    Root string `envconfig:"GIT_ROOT_UNUSED"`
}
"""


def test_envconfig_loads_another_packages_struct(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/app\n",
            "cli/server/config.go": _LOADER,
            "types/config.go": _TYPES,
            "git/types/config.go": _GIT_TYPES,
        },
    )
    assert "APP_DEBUG" in found
    assert found["APP_HTTP_PORT"].default == "3000"
    assert found["APP_ENCRYPTER_SECRET"].secret
