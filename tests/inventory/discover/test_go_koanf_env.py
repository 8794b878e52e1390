"""koanf's env provider: `env.Provider(prefix, delim, cb)` takes the prefixed variables and maps each name
onto a key with cb; every key the app reads on that instance (getters, Unmarshal'd struct tags, posflag
flags) is set by the name cb maps onto it. A later load of runtime data over the config keeps only the keys
the sample config file or the flags declare."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_MAIN = """
    package main

    import (
        "strings"

        "github.com/knadh/koanf/providers/confmap"
        "github.com/knadh/koanf/providers/env"
        "github.com/knadh/koanf/providers/posflag"
        "github.com/knadh/koanf/v2"
        flag "github.com/spf13/pflag"
    )

    var ko = koanf.New(".")

    func initFlags() {
        f := flag.NewFlagSet("config", flag.ContinueOnError)
        f.StringSlice("config", []string{"config.toml"}, "config files")
        f.String("static-dir", "", "static files")
        f.Bool("passive", false, "passive mode")
        _ = ko.Load(posflag.Provider(f, ".", ko), nil)
    }

    func main() {
        initFlags()
        _ = ko.Load(confmap.Provider(map[string]interface{}{
            "app.lang": "en",
        }, "."), nil)
        // MAILR_db__host -> db.host; MAILR_static_dir -> static-dir
        _ = ko.Load(env.Provider("MAILR_", ".", func(s string) string {
            key := strings.ToLower(strings.TrimPrefix(s, "MAILR_"))
            key = strings.Replace(key, "__", ".", -1)
            if !strings.Contains(key, ".") {
                key = strings.Replace(key, "_", "-", -1)
            }
            return key
        }), nil)
        connect()
        serve(ko.String("app.address"), ko.String("static-dir"), ko.Bool("passive"), ko.String("app.lang"))
        _ = ko.Int("app.batch_size")
    }
"""

_DB = """
    package main

    import "time"

    func connect() {
        var c struct {
            Host        string        `koanf:"host"`
            Password    string        `koanf:"password"`
            MaxLifetime time.Duration `koanf:"max_lifetime"`
        }
        _ = ko.Unmarshal("db", &c)
    }

    func serve(addr, dir string, passive bool, lang string) {}
"""

_REQUEST = """
    package main

    import (
        "github.com/knadh/koanf/parsers/json"
        "github.com/knadh/koanf/providers/rawbytes"
        "github.com/knadh/koanf/v2"
    )

    func handleSettings(body []byte) string {
        ko := koanf.New(".")
        _ = ko.Load(rawbytes.Provider(body), json.Parser())
        return ko.String("smtp.host")
    }
"""

_SETTINGS = """
    package main

    import (
        "encoding/json"

        "github.com/knadh/koanf/providers/confmap"
    )

    func initSettings(raw []byte) {
        var out map[string]interface{}
        _ = json.Unmarshal(raw, &out)
        _ = ko.Load(confmap.Provider(out, "."), nil)
    }
"""

_SAMPLE = """
[app]
address = "localhost:9000"

[db]
host = "localhost"
password = "mailr"
max_lifetime = "300s"
"""


def _found(tmp_path: Path, extra: dict[str, str] | None = None) -> dict[str, tuple[bool, str | None, str]]:
    files = {
        "go.mod": "module example.com/mailr\n",
        "cmd/main.go": _MAIN,
        "cmd/db.go": _DB,
        "cmd/request.go": _REQUEST,
        **(extra or {}),
    }
    return {n: (v.secret, v.default, v.scope) for n, v in project(tmp_path, files).items()}


def test_keys_read_are_the_names_the_callback_maps_onto_them(tmp_path: Path) -> None:
    found = _found(tmp_path)
    assert found["MAILR_app__address"] == (False, None, "runtime")
    assert found["MAILR_app__batch_size"][2] == "runtime"
    assert found["MAILR_db__host"][2] == "runtime"  # Unmarshal("db", &c): c's koanf tags under db
    assert found["MAILR_db__password"][0] is True
    assert "MAILR_db__max_lifetime" in found
    assert found["MAILR_static_dir"][2] == "runtime"  # top-level: "_" -> "-" undone
    assert not any("smtp" in name for name in found)  # another instance, local to its function


def test_flag_and_literal_map_values_are_defaults(tmp_path: Path) -> None:
    found = _found(tmp_path)
    assert found["MAILR_passive"][1] == "false"
    assert found["MAILR_app__lang"][1] == "en"
    assert found["MAILR_static_dir"][1] is None  # "" is no default


def test_runtime_data_loaded_over_the_config_keeps_declared_keys_only(tmp_path: Path) -> None:
    found = _found(tmp_path, {"cmd/settings.go": _SETTINGS, "config.toml.sample": _SAMPLE})
    names = {n for n in found if n.startswith("MAILR_")}
    assert names == {
        "MAILR_app__address",  # in the sample
        "MAILR_db__host",
        "MAILR_db__password",
        "MAILR_db__max_lifetime",
        "MAILR_config",  # the flags
        "MAILR_static_dir",
        "MAILR_passive",
    }


def test_named_callback_and_no_callback(tmp_path: Path) -> None:
    main = """
        package main

        import (
            "strings"

            "github.com/knadh/koanf/providers/env"
            "github.com/knadh/koanf/v2"
        )

        var k = koanf.New(".")

        func toKey(s string) string {
            return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(s, "SHORTY_")), "_", ".")
        }

        func main() {
            _ = k.Load(env.Provider("SHORTY_", ".", toKey), nil)
            _ = k.String("server.port")
            raw := koanf.New(".")
            _ = raw.Load(env.Provider("RAW_", ".", nil), nil)
            _ = raw.String("RAW_TOKEN")
        }
    """
    found = project(tmp_path, {"go.mod": "module example.com/shorty\n", "main.go": main})
    assert found["SHORTY_server_port"].scope == "runtime"
    assert found["RAW_TOKEN"].secret is True
