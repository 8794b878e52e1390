"""viper keys bound to names get the `default:` tag of the struct field they unmarshal into, when the
project fills such tags (creasty/defaults)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

LIMITS = """
package limits

type LimitConfigFile struct {
	DefaultTaskRunLimit int `mapstructure:"defaultTaskRunLimit" default:"2000"`
}
"""

SERVER = """
package server

import (
	"github.com/creasty/defaults"
	"github.com/spf13/viper"

	"example.com/app/pkg/config/limits"
)

type ServerConfigFile struct {
	Runtime ConfigFileRuntime `mapstructure:"runtime"`
	Auth    struct {
		Scopes []string `mapstructure:"scopes" default:"[\\"openid\\", \\"email\\"]"`
		Cookie string   `mapstructure:"cookie" default:"hatchet"`
	} `mapstructure:"auth"`
}

type ConfigFileRuntime struct {
	Port   int                    `mapstructure:"port" default:"8080"`
	URL    string                 `mapstructure:"url"`
	Limits limits.LimitConfigFile `mapstructure:"limits"`
}

func Load(v *viper.Viper, cfg *ServerConfigFile) error {
	if err := defaults.Set(cfg); err != nil {
		return err
	}
	return v.Unmarshal(cfg)
}

func BindAllEnv(v *viper.Viper) {
	_ = v.BindEnv("runtime.port", "SERVER_PORT")
	_ = v.BindEnv("runtime.url", "SERVER_URL")
	_ = v.BindEnv("runtime.limits.defaultTaskRunLimit", "SERVER_LIMITS_DEFAULT_TASK_RUN_LIMIT")
	_ = v.BindEnv("auth.scopes", "SERVER_AUTH_SCOPES")
	_ = v.BindEnv("auth.cookie", "SERVER_AUTH_COOKIE")
}
"""


def test_bound_keys_take_the_fields_default_tags(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/app\n",
            "pkg/config/limits/limits.go": LIMITS,
            "pkg/config/server/server.go": SERVER,
        },
    )
    assert found["SERVER_PORT"].default == "8080"
    assert found["SERVER_PORT"].optional
    assert found["SERVER_URL"].default is None
    assert found["SERVER_LIMITS_DEFAULT_TASK_RUN_LIMIT"].default == "2000"
    assert found["SERVER_AUTH_COOKIE"].default == "hatchet"
    assert found["SERVER_AUTH_SCOPES"].default is None  # a slice's JSON: no value a variable spells


def test_tags_count_only_when_a_library_fills_them(tmp_path: Path) -> None:
    text = SERVER.replace('"github.com/creasty/defaults"', "").replace(
        "if err := defaults.Set(cfg); err != nil {\n\t\treturn err\n\t}\n", ""
    )
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/app\n",
            "pkg/config/limits/limits.go": LIMITS,
            "pkg/config/server/server.go": text,
        },
    )
    assert found["SERVER_PORT"].default is None
