"""sftpgo's patterns: `viper.SetDefault("common.idle_timeout", globalConf.Common.IdleTimeout)` takes the
literal at that path of the configuration's composite literal; a name built as `fmt.Sprintf("APP_LIST__%v__X",
idx)` stands for a numbered family, named by its first member; an example program's own viper prefix is not
the application's."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
package config

import (
    "fmt"
    "os"
    "strings"

    "github.com/spf13/viper"

    "example.org/app/internal/common"
)

const configEnvPrefix = "app"

var globalConf globalConfig

type globalConfig struct {
    Common common.Configuration
}

func Init() {
    globalConf = globalConfig{
        Common: common.Configuration{
            IdleTimeout: 15,
            UploadMode:  0,
            Defender: common.DefenderConfig{
                Driver: common.DefenderDriverMemory,
            },
        },
    }
    viper.SetEnvPrefix(configEnvPrefix)
    viper.SetEnvKeyReplacer(strings.NewReplacer(".", "__"))
    viper.AutomaticEnv()
    viper.SetDefault("common.idle_timeout", globalConf.Common.IdleTimeout)
    viper.SetDefault("common.upload_mode", globalConf.Common.UploadMode)
    viper.SetDefault("common.defender.driver", globalConf.Common.Defender.Driver)
}

func loadTOTP() {
    for idx := 0; idx < 10; idx++ {
        name, ok := os.LookupEnv(fmt.Sprintf("APP_MFA__TOTP__%v__NAME", idx))
        _, _ = name, ok
    }
}

func lookupService(service string) {
    _, _ = os.LookupEnv(fmt.Sprintf("APP_%v_HOST", service))
}
"""

_COMMON = """
package common

const DefenderDriverMemory = "memory"

type Configuration struct {
    IdleTimeout int
    UploadMode  int
    Defender    DefenderConfig
}

type DefenderConfig struct {
    Driver string
}
"""

_EXAMPLE = """
package config

import "github.com/spf13/viper"

func LoadConfig() {
    viper.SetEnvPrefix("ldapauth")
    viper.AutomaticEnv()
    viper.SetDefault("bind_address", "127.0.0.1")
}
"""


def test_defaults_from_a_composite_literal_path_and_numbered_names(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/app\n",
            "internal/config/config.go": _CONFIG,
            "internal/common/common.go": _COMMON,
            "examples/ldapauthserver/config/config.go": _EXAMPLE,
        },
    )
    assert found["APP_COMMON__IDLE_TIMEOUT"].default == "15"
    assert found["APP_COMMON__UPLOAD_MODE"].default == "0"
    assert found["APP_COMMON__DEFENDER__DRIVER"].default == "memory"
    assert "APP_MFA__TOTP__0__NAME" in found
    assert not any(name.startswith("APP_0") for name in found)  # `%v` of a service's name: no index
    assert not any(name.startswith("LDAPAUTH_COMMON") for name in found)  # the example's prefix stays its own
    assert found["LDAPAUTH_BIND_ADDRESS"].scope == "example"
