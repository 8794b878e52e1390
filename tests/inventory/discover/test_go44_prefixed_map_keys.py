"""`os.LookupEnv(Prefix + k)` in a loop over a package-level map literal of defaults: each key after the
prefix, its map value the default (cloudreve's `CR_SETTING_DEFAULT_<key>`)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_prefixed_keys_of_a_defaults_map(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/cr\n\ngo 1.22\n",
            "inventory/setting.go": """
                package inventory

                var DefaultSettings = map[string]string{
                    "siteURL":  `http://localhost:5212`,
                    "siteName": "Cloudreve",
                    "siteID":   uuid.Must(uuid.NewV4()).String(),
                }
            """,
            "inventory/client.go": """
                package inventory

                import "os"

                const EnvDefaultOverwritePrefix = "CR_SETTING_DEFAULT_"

                func insertDefaults() {
                    for k, v := range DefaultSettings {
                        if override, ok := os.LookupEnv(EnvDefaultOverwritePrefix + k); ok {
                            v = override
                        }
                        _ = v
                    }
                }
            """,
        },
    )
    assert found["CR_SETTING_DEFAULT_siteURL"].default == "http://localhost:5212"
    assert found["CR_SETTING_DEFAULT_siteName"].default == "Cloudreve"
    assert found["CR_SETTING_DEFAULT_siteID"].default is None
    assert found["CR_SETTING_DEFAULT_siteID"].optional
