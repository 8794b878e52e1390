"""Round 67: an exported method reading `os.Getenv(prefix + "NAME")`, called through an interface with a
literal prefix; a secret's command or numbered file (`RESTIC_PASSWORD_COMMAND`, `RESTIC_PASSWORD_FILE2`)
is no secret, an Azure SAS is."""

from __future__ import annotations

from pathlib import Path

import pytest

from secretguard.inventory.discover.base import secret_by_name
from tests.inventory.discover.projects import project

CONFIG = """
package azure

import "os"

type Config struct{ Account, Key string }

func (cfg *Config) ApplyEnvironment(prefix string) {
	if cfg.Account == "" {
		cfg.Account = os.Getenv(prefix + "AZURE_ACCOUNT_NAME")
	}
	if cfg.Key == "" {
		cfg.Key = os.Getenv(prefix + "AZURE_ACCOUNT_KEY")
	}
}
"""

GLOBAL = """
package global

type applier interface{ ApplyEnvironment(prefix string) }

func open(cfg interface{}) {
	if c, ok := cfg.(applier); ok {
		c.ApplyEnvironment("")
	}
}
"""


def test_a_prefix_method_called_through_an_interface(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {"go.mod": "module example.com/r\n", "backend/azure/config.go": CONFIG, "global/global.go": GLOBAL},
    )
    assert {"AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_KEY"} <= set(found)
    assert found["AZURE_ACCOUNT_KEY"].secret


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("RESTIC_PASSWORD_COMMAND", False),
        ("RESTIC_PASSWORD_COMMAND2", False),
        ("RESTIC_PASSWORD_FILE2", False),
        ("RESTIC_PASSWORD2", True),
        ("AZURE_ACCOUNT_SAS", True),
    ],
)
def test_labels(name: str, secret: bool) -> None:
    assert secret_by_name(name) is secret
