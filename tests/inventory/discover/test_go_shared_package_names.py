"""Go: a name constant of a package whose name another package shares (`internal/common` and
`.../compiler/common`) is the declaring package's (`common.GetEnv(common.EnvSSHHost)`); a GenericFlag's value
of the app's own type gives its `Default:` field as the default."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_COMMON = """
package common

import "os"

func GetEnv(key string) string {
    return os.Getenv(key)
}

const (
    EnvSSHHost = "SSH_HOST"
    EnvSSHPort = "SSH_PORT"
)
"""

_OTHER_COMMON = """
package common

const Separator = "/"
"""

_SANDBOX = """
package sandbox

import "example.org/app/internal/common"

func sshConfig() map[string]any {
    return map[string]any{
        "HOST": common.GetEnv(common.EnvSSHHost),
        "PORT": common.GetEnv(common.EnvSSHPort),
    }
}
"""

_SERVE = """
package cmd

import "github.com/urfave/cli/v3"

type EnumValue struct {
    Enum     []string
    Default  string
    selected string
}

var flags = []cli.Flag{
    &cli.GenericFlag{
        Name: "gravatar-default",
        Value: &EnumValue{
            Enum:    []string{"blank", "identicon"},
            Default: "blank",
        },
        Sources: cli.EnvVars("AUTH_GRAVATAR_DEFAULT"),
    },
}
"""


def test_constants_of_a_package_sharing_its_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.org/app\n",
            "internal/common/environments.go": _COMMON,
            "internal/ingestion/compiler/common/common.go": _OTHER_COMMON,
            "internal/agent/sandbox/ssh.go": _SANDBOX,
        },
    )
    assert "SSH_HOST" in found
    assert "SSH_PORT" in found


def test_a_generic_flags_default_field(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module example.org/app\n", "cmd/serve.go": _SERVE})
    assert found["AUTH_GRAVATAR_DEFAULT"].default == "blank"
