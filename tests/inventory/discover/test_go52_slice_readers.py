"""consul-template's readers: a helper ranging over a `[]string` parameter reads each element of the
literal a call gives it (names written out, package constants, or a library's documented constants such as
hashicorp/vault/api's `EnvVaultAddress`); a reader named for booleans reads switches, never secrets."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_CONFIG = """
package config

import (
    "os"
    "strconv"
    "strings"

    "github.com/hashicorp/vault/api"
)

const EnvLog = "CT_LOG"

func stringFromEnv(list []string, def string) *string {
    for _, s := range list {
        if v := os.Getenv(s); v != "" {
            v = strings.TrimSpace(v)
            return &v
        }
    }
    return &def
}

func boolFromEnv(list []string, def bool) *bool {
    for _, s := range list {
        if v := os.Getenv(s); v != "" {
            b, _ := strconv.ParseBool(v)
            return &b
        }
    }
    return &def
}

func finalize() {
    _ = stringFromEnv([]string{EnvLog, "LOG_LEVEL"}, "WARN")
    _ = stringFromEnv([]string{api.EnvVaultAddress}, "")
    _ = boolFromEnv([]string{"VAULT_RENEW_TOKEN"}, true)
}
"""


def test_each_element_of_a_ranged_slice_argument(tmp_path: Path) -> None:
    found = project(tmp_path, {"go.mod": "module x\n", "config/config.go": _CONFIG})
    assert found["CT_LOG"].scope == "runtime"
    assert found["LOG_LEVEL"].default == "WARN"
    assert "VAULT_ADDR" in found
    assert not found["VAULT_RENEW_TOKEN"].secret
