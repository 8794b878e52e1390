"""Libraries that fill a package's flags from the environment: flagconf (the program's name as the prefix),
peterbourgon/ff, envy, facebookgo/flagenv and namsral/flag; the flags of that package only."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

GO_MOD = "module go.example.xyz/tunes\n\ngo 1.22\n"

FLAGCONF_MAIN = """
package main

import (
    "flag"

    "go.senan.xyz/flagconf"
)

type pathList []string

func (p *pathList) String() string     { return "" }
func (p *pathList) Set(v string) error { *p = append(*p, v); return nil }

func main() {
    listen := flag.String("listen-addr", "0.0.0.0:4747", "listen address (optional)")
    tlsKey := flag.String("tls-key", "", "path to TLS private key (optional)")
    scan := flag.Bool("scan-at-start-enabled", false, "whether to perform an initial scan at startup")
    var music pathList
    flag.Var(&music, "music-path", "path to music")
    flag.Parse()
    flagconf.ParseEnv()
    _, _, _ = listen, tlsKey, scan
}
"""

TOOL = """
package main

import "flag"

func main() {
    flag.String("dump-dir", "", "where to dump")
    flag.Parse()
}
"""


def test_flagconf_prefixes_the_programs_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "cmd/tunes-server/main.go": FLAGCONF_MAIN,
            "cmd/dumper/main.go": TOOL,
            "Dockerfile": 'FROM golang\nRUN go build -o /out/ ./cmd/...\nCMD ["/out/tunes-server"]\n',
        },
    )
    assert found["TUNES_SERVER_LISTEN_ADDR"].default == "0.0.0.0:4747"
    assert found["TUNES_SERVER_LISTEN_ADDR"].scope == "runtime"  # `./cmd/...` builds every program
    assert found["TUNES_SERVER_SCAN_AT_START_ENABLED"].default == "false"
    assert found["TUNES_SERVER_MUSIC_PATH"].default is None
    assert found["TUNES_SERVER_MUSIC_PATH"].optional
    assert not found["TUNES_SERVER_TLS_KEY"].secret  # its usage says it is a path
    assert not any(name.endswith("DUMP_DIR") for name in found)  # another program's flags


def test_flagconf_at_the_module_root_takes_the_module_name(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": GO_MOD, "main.go": FLAGCONF_MAIN})
    assert "TUNES_LISTEN_ADDR" in found


def test_ff_envy_flagenv_and_namsral_prefixes(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "cmd/a/main.go": """
                package main

                import (
                    "flag"
                    "os"

                    "github.com/peterbourgon/ff/v3"
                )

                func main() {
                    fs := flag.NewFlagSet("a", flag.ExitOnError)
                    fs.Int("http-port", 8080, "port to serve on")
                    _ = ff.Parse(fs, os.Args[1:], ff.WithEnvVarPrefix("ALPHA"))
                }
            """,
            "cmd/b/main.go": """
                package main

                import (
                    "flag"

                    "github.com/jamiealquiza/envy"
                )

                func main() {
                    flag.String("upstream", "127.0.0.1", "upstream host")
                    envy.Parse("BETA")
                    flag.Parse()
                }
            """,
            "cmd/c/main.go": """
                package main

                import (
                    "flag"

                    "github.com/facebookgo/flagenv"
                )

                func main() {
                    flag.String("cache.dir", "/var/cache", "cache folder")
                    flagenv.Prefix = "gamma_"
                    flagenv.Parse()
                }
            """,
            "cmd/d/main.go": """
                package main

                import "github.com/namsral/flag"

                func main() {
                    flag.Int("workers", 4, "worker count")
                    flag.Parse()
                }
            """,
        },
    )
    assert found["ALPHA_HTTP_PORT"].default == "8080"
    assert found["BETA_UPSTREAM"].default == "127.0.0.1"
    assert found["GAMMA_CACHE_DIR"].default == "/var/cache"
    assert found["WORKERS"].default == "4"
    assert "HTTP_PORT" not in found
    assert "UPSTREAM" not in found


def test_plain_flags_are_not_variables(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": GO_MOD, "cmd/dumper/main.go": TOOL})
    assert "DUMP_DIR" not in found
