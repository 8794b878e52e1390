"""viper keys held in constants of a named string type, reached through the type's methods that call viper
with `string(k)`: with AutomaticEnv each constant used through such a method is a variable, and the value its
`setDefault` method is given is the default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
    package config

    import (
        "strings"
        "time"

        "github.com/spf13/viper"
    )

    // Key is a config key.
    type Key string

    const (
        // #nosec
        ServiceSecret    Key = `service.secret`
        ServiceInterface Key = `service.interface`
        ServiceJWTTTL    Key = "service.jwtttl"
        MailerHost       Key = `mailer.host`
        MailerPassword   Key = `mailer.password`
        CorsOrigins      Key = `cors.origins`
        RootPath         Key = `service.rootpath`
        AvatarProvider   Key = `defaultsettings.avatar_provider`
        ReadOnly         Key = `service.readonly` // set, never read
        Unused           Key = `service.unused`
    )

    func (k Key) GetString() string { return viper.GetString(string(k)) }

    func (k Key) GetInt() int {
        return viper.GetInt(string(k))
    }

    func (k Key) GetDuration() time.Duration { return viper.GetDuration(string(k)) }

    // GetStringOr: a method reaching viper through another one.
    func (k Key) GetStringOr(fallback string) string {
        if v := k.GetString(); v != "" {
            return v
        }
        return fallback
    }

    func (k Key) Set(i interface{}) { viper.Set(string(k), i) }

    func (k Key) setDefault(i interface{}) {
        viper.SetDefault(string(k), i)
    }

    func initDefaults() {
        ServiceInterface.setDefault(":3456")
        ServiceJWTTTL.setDefault(259200)
        MailerHost.setDefault("")
        CorsOrigins.setDefault([]string{"*"})
        RootPath.setDefault(rootLocation())
        AvatarProvider.setDefault("initials")
    }

    func rootLocation() string { return "." }

    func InitConfig() {
        initDefaults()
        viper.SetEnvPrefix("vikio")
        viper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
        viper.AutomaticEnv()
        ReadOnly.Set(true)
    }
"""

_MAIL = """
    package mail

    import "example.com/vikio/pkg/config"

    func Dial() string {
        return config.MailerHost.GetString() + config.MailerPassword.GetStringOr("none")
    }
"""

_SERVER = """
    package server

    import (
        cfg "example.com/vikio/pkg/config"
    )

    func Listen() (string, int) {
        return cfg.ServiceInterface.GetString(), cfg.ServiceJWTTTL.GetInt()
    }
"""

_CONFIG_TEST = """
    package config

    import "testing"

    func TestDefaults(t *testing.T) {
        Unused.setDefault("x")
        _ = Unused.GetString()
    }
"""


def _vikio(tmp_path: Path, extra: dict[str, str] | None = None) -> dict[str, tuple[bool, bool, str | None]]:
    files = {
        "go.mod": "module example.com/vikio\n",
        "pkg/config/config.go": _CONFIG,
        "pkg/config/config_test.go": _CONFIG_TEST,
        "pkg/mail/mail.go": _MAIL,
        "pkg/server/server.go": _SERVER,
        **(extra or {}),
    }
    found = project(tmp_path, files)
    return {n: (v.secret, v.optional, v.default) for n, v in found.items() if v.scope == "runtime"}


def test_typed_key_constants_read_through_methods_are_prefixed_variables(tmp_path: Path) -> None:
    found = _vikio(tmp_path)
    assert set(found) == {
        "VIKIO_SERVICE_INTERFACE",
        "VIKIO_SERVICE_JWTTTL",
        "VIKIO_MAILER_HOST",
        "VIKIO_MAILER_PASSWORD",  # through GetStringOr, which calls GetString
        "VIKIO_CORS_ORIGINS",
        "VIKIO_SERVICE_ROOTPATH",
        "VIKIO_DEFAULTSETTINGS_AVATAR_PROVIDER",  # "_" in a key stays
    }
    # ServiceSecret is never used, ReadOnly only Set (not a read), Unused only in a _test.go file.


def test_set_default_method_gives_the_literal_default(tmp_path: Path) -> None:
    found = _vikio(tmp_path)
    assert found["VIKIO_SERVICE_INTERFACE"] == (False, True, ":3456")
    assert found["VIKIO_SERVICE_JWTTTL"] == (False, True, "259200")
    assert found["VIKIO_DEFAULTSETTINGS_AVATAR_PROVIDER"][2] == "initials"
    assert not found["VIKIO_MAILER_HOST"][2]  # "" says no more than "optional"
    assert found["VIKIO_SERVICE_ROOTPATH"][2] is None  # an expression: computed, no literal
    assert found["VIKIO_CORS_ORIGINS"][2] is None
    assert found["VIKIO_MAILER_PASSWORD"][0] is True  # a secret by its name


def test_without_automatic_env_typed_keys_are_no_variables(tmp_path: Path) -> None:
    config = _CONFIG.replace("viper.AutomaticEnv()", "")
    found = _vikio(tmp_path, {"pkg/config/config.go": config})
    assert not any(name.startswith("VIKIO_") for name in found)


def test_a_method_not_passing_the_receiver_to_viper_is_not_followed(tmp_path: Path) -> None:
    other = """
        package labels

        type Label string

        const Urgent Label = "urgent.flag"

        func (l Label) GetString() string { return lookup(string(l)) }

        func lookup(s string) string { return s }

        func Use() string { return Urgent.GetString() }
    """
    found = _vikio(tmp_path, {"pkg/labels/labels.go": other})
    assert not any("URGENT" in name for name in found)


def test_an_environ_prefix_walk_merged_into_viper_reads_every_key(tmp_path: Path) -> None:
    walk = """
        package config

        import (
            "os"
            "strings"

            "github.com/spf13/viper"
        )

        func setConfigFromEnv() error {
            configMap := make(map[string]any)
            for _, kv := range os.Environ() {
                key, value, _ := strings.Cut(kv, "=")
                if strings.HasPrefix(key, "VIKIO_") {
                    parts := strings.Split(strings.ToLower(strings.TrimPrefix(key, "VIKIO_")), "_")
                    configMap[strings.Join(parts, ".")] = value
                }
            }
            return viper.MergeConfigMap(configMap)
        }
    """
    config = _CONFIG.replace("viper.AutomaticEnv()", "_ = setConfigFromEnv()")
    found = _vikio(tmp_path, {"pkg/config/config.go": config, "pkg/config/env.go": walk})
    assert found["VIKIO_SERVICE_INTERFACE"] == (False, True, ":3456")
    assert "VIKIO_MAILER_PASSWORD" in found
