"""Round 68: `viper.BindPFlags(cmd.PersistentFlags())` with AutomaticEnv makes every flag of the file a key
viper looks up in the environment (names literal or held in the file's constants), the flag's default its
fallback."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

ROOT = """
package cmd

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

const timeoutFlag = "es.timeout"

var rootCmd = &cobra.Command{Use: "srv"}

func init() {
	rootCmd.PersistentFlags().String("log-level", "info", "level")
	rootCmd.PersistentFlags().Int("http-port", 8080, "port")
	rootCmd.PersistentFlags().Int(timeoutFlag, 120, "seconds")
	viper.SetEnvPrefix("SRV")
	viper.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	viper.AutomaticEnv()
	viper.BindPFlags(rootCmd.PersistentFlags())
}
"""


def test_bound_flags_under_automatic_env(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module example.com/m\n", "cmd/root.go": ROOT})
    assert found["SRV_LOG_LEVEL"].default == "info"
    assert found["SRV_HTTP_PORT"].default == "8080"
    assert "SRV_ES_TIMEOUT" in found


def test_without_automatic_env_bound_flags_are_no_variables(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"go.mod": "module example.com/m\n", "cmd/root.go": ROOT.replace("\tviper.AutomaticEnv()\n", "")},
    )
    assert "SRV_LOG_LEVEL" not in found


def test_go_test_helper_packages_and_build_script_folders(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/m\n",
            "internal/storage/snapshottest/snapshottest.go": (
                'package snapshottest\n\nimport "os"\n\nvar regen = os.Getenv("REGENERATE_SNAPSHOTS")\n'
            ),
            "scripts/build/build-image.sh": '#!/bin/sh\necho "$BRANCH"\n',
        },
    )
    assert found["REGENERATE_SNAPSHOTS"].scope == "test"
    assert found["BRANCH"].scope == "build"
