"""viper as it really resolves variables: with AutomaticEnv every key it knows (a `SetDefault`, a flag bound
with `BindPFlag`) is read from the environment by Unmarshal; `BindEnv` before `SetEnvPrefix` binds the bare
name; a `_test.go` file's setup is not the program's configuration; a default named as another package's
constant is that constant's literal. Also: the image's `ENV` is not a default where the code reads the
variable, and a Go cross-build wrapper script is build scope."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
    package conf

    import (
        "path/filepath"
        "strings"
        "time"

        "github.com/spf13/viper"

        "example.com/jukebox/consts"
    )

    type configOptions struct {
        DataFolder            string
        LogLevel              string
        Port                  int
        PasswordEncryptionKey string
        Scrobbler             struct{ APIKey string }
        PlayCountMode         string
        PageSize              int
        SessionTimeout        time.Duration
    }

    var Server = &configOptions{}

    func Load() {
        if err := viper.Unmarshal(&Server); err != nil {
            panic(err)
        }
    }

    func setDefaults() {
        viper.SetDefault("datafolder", ".")
        viper.SetDefault("musicfolder", filepath.Join(".", "music"))
        viper.SetDefault("loglevel", "info")
        viper.SetDefault("port", 4533)
        viper.SetDefault("passwordencryptionkey", "")
        viper.SetDefault("scrobbler.apikey", "")
        viper.SetDefault("playcountmode", consts.PlayCountAbsolute)
        viper.SetDefault("pagesize", consts.DefaultPageSize)
        viper.SetDefault("sessiontimeout", consts.DefaultSessionTimeout)
        viper.SetDefault("retries", defaultRetries)
        viper.SetDefault("format", consts.DefaultFormat)
    }

    func InitConfig() {
        _ = viper.BindEnv("port")
        viper.SetEnvPrefix("JB")
        viper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
        viper.AutomaticEnv()
        _ = viper.BindEnv("listen")
    }
"""

_CONSTS = """
    package consts

    import "time"

    const (
        PlayCountAbsolute   = "absolute"
        DefaultPageSize     = 100
        DefaultSessionTimeout = 48 * time.Hour // an expression: no literal default
    )

    var (
        DefaultFormat = "opus"
    )
"""

_CONF_CONSTS = """
    package conf

    const defaultRetries = 3
"""

_CONF_TEST = """
    package conf

    import (
        "testing"

        "github.com/spf13/viper"
    )

    func TestLoad(t *testing.T) {
        viper.SetDefault("loglevel", "error")
        viper.SetDefault("datafolder", t.TempDir())
        viper.SetEnvPrefix("TESTING")
        Load()
    }
"""


def _jukebox(tmp_path: Path, extra: dict[str, str] | None = None) -> dict[str, tuple[bool, bool, str | None]]:
    files = {
        "go.mod": "module example.com/jukebox\n",
        "conf/configuration.go": _CONFIG,
        "conf/defaults.go": _CONF_CONSTS,
        "conf/configuration_test.go": _CONF_TEST,
        "consts/consts.go": _CONSTS,
        **(extra or {}),
    }
    found = project(tmp_path, files)
    return {n: (v.secret, v.optional, v.default) for n, v in found.items() if v.scope in ("runtime", "build")}


def test_automatic_env_makes_every_set_default_key_a_variable(tmp_path: Path) -> None:
    found = _jukebox(tmp_path)
    assert found["JB_DATAFOLDER"] == (False, True, ".")
    assert found["JB_PORT"] == (False, True, "4533")
    assert found["JB_PASSWORDENCRYPTIONKEY"] == (True, True, None)  # "" is no default; a secret by name
    assert found["JB_SCROBBLER_APIKEY"] == (True, True, None)  # "." -> "_" by the key replacer


def test_bind_env_before_set_env_prefix_binds_the_bare_name(tmp_path: Path) -> None:
    found = _jukebox(tmp_path)
    assert found["PORT"] == (False, True, "4533")  # bound before the prefix: PORT, with port's default
    assert "JB_LISTEN" in found  # bound after it: prefixed
    assert "LISTEN" not in found


def test_set_default_in_test_files_is_no_runtime_default(tmp_path: Path) -> None:
    found = _jukebox(tmp_path)
    assert found["JB_LOGLEVEL"] == (False, True, "info")  # not the test's "error"
    assert found["JB_DATAFOLDER"][2] == "."  # not the test's temporary folder
    assert not any(name.startswith("TESTING_") for name in found)  # nor its prefix


def test_a_default_named_as_a_constant_is_its_literal(tmp_path: Path) -> None:
    found = _jukebox(tmp_path)
    assert found["JB_PLAYCOUNTMODE"] == (False, True, "absolute")  # consts.X, another package
    assert found["JB_PAGESIZE"] == (False, True, "100")
    assert found["JB_RETRIES"] == (False, True, "3")  # a constant of the same package, another file
    assert found["JB_FORMAT"] == (False, True, "opus")  # a package-level variable given a literal
    assert found["JB_SESSIONTIMEOUT"] == (False, True, None)  # an expression: no literal


def test_set_default_keys_without_automatic_env_are_no_variables(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/app\n",
            "main.go": """
                package main

                import "github.com/spf13/viper"

                func main() {
                    viper.SetDefault("cachesize", 100)
                    viper.SetEnvPrefix("APP")
                    _ = viper.BindEnv("token")
                    _ = viper.GetInt("cachesize")
                }
            """,
        },
    )
    assert set(found) == {"APP_TOKEN"}


def test_image_env_is_not_a_default_where_the_code_reads_the_variable(tmp_path: Path) -> None:
    found = _jukebox(
        tmp_path,
        {
            "Dockerfile": """
                FROM alpine:3.20
                ENV JB_DATAFOLDER=/data
                ENV JB_MUSICFOLDER=/music
                ENV JB_CONFIGFILE=/data/jukebox.toml
                ENV JB_THEME=dark
                COPY jukebox /app/jukebox
                ENTRYPOINT ["/app/jukebox"]
            """,
            "conf/file.go": """
                package conf

                import "os"

                func configFile() string {
                    return os.Getenv("JB_CONFIGFILE")
                }
            """,
        },
    )
    assert found["JB_DATAFOLDER"][2] == "."  # SetDefault's, not the image's /data
    assert found["JB_MUSICFOLDER"][2] is None  # SetDefault gives an expression: no literal, not /music
    assert found["JB_CONFIGFILE"][2] is None  # read with no fallback: /data/jukebox.toml is deployment's
    assert found["JB_THEME"][2] == "dark"  # nothing in the code reads it: the image's value is all there is


def test_go_cross_build_wrapper_script_is_build_scope(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "release/gowrap": """
                #!/bin/bash
                out=$(echo "$@" | sed -n 's/.*-o \\([^ ]*\\).*/\\1/p')
                target="${GOOS}_${GOARCH}"
                if [ "$GOARCH" = "arm" ]; then
                    target="${target}_${GOARM}"
                fi
                cp "dist/${target}/app" "$out"
            """,
            "scripts/cross.sh": """
                #!/bin/sh
                CGO_ENABLED=0 go build -ldflags "-X main.version=${RELEASE_VERSION}" -o bin/app .
            """,
            "docker/entrypoint.sh": """
                #!/bin/sh
                exec /app/server --port "${APP_PORT:-8080}"
            """,
        },
    )
    assert {n: v.scope for n, v in found.items()} == {
        "GOOS": "build",
        "GOARCH": "build",
        "GOARM": "build",
        "RELEASE_VERSION": "build",
        "APP_PORT": "runtime",
    }


def test_names_built_by_a_helper_from_a_table_of_option_names(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/app\n",
            "conf/legacy.go": """
                package conf

                import (
                    "log"
                    "os"
                    "strings"
                )

                var renamedOptions = []struct{ old, replacement string }{
                    {"CacheSize", "Cache.Size"},
                    {"Proxy.Header", "Auth.Header"},
                    {"DropMe", ""},
                }

                func envName(option string) string {
                    if option == "" {
                        return ""
                    }
                    return "APP_" + strings.ToUpper(strings.ReplaceAll(option, ".", "_"))
                }

                func warnLegacy(oldName, newName string) {
                    envVar := envName(oldName)
                    if os.Getenv(envVar) != "" {
                        log.Printf("%s is deprecated, use %s", envVar, envName(newName))
                    }
                }

                func checkLegacy() {
                    for _, o := range renamedOptions {
                        warnLegacy(o.old, o.replacement)
                    }
                    for _, name := range []string{"Debug.Trace"} {
                        _ = os.Getenv(envName(name))
                    }
                }
            """,
        },
    )
    assert set(found) == {"APP_CACHESIZE", "APP_PROXY_HEADER", "APP_DROPME", "APP_DEBUG_TRACE"}
    assert {v.scope for v in found.values()} == {"runtime"}
