"""Env names held as data in a table of literal objects and read through an entry's property:
`entry.flagEnvs.some((flag) => process.env[flag])`, `for (const f of entry.flagEnvs)`,
`process.env[entry.customNameEnv]` read every string held under that key in the module's objects."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_names_held_under_a_key_of_a_table_of_objects(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/lib/providers.ts": """
                type Provider = { id: string; label: string; enableVars: string[]; labelVar: string };

                export function isEnabled(provider: Provider) {
                  return provider.enableVars.some((v) => process.env[v] === "true");
                }

                export function anyOn(provider: Provider) {
                  for (const v of provider.enableVars) {
                    if (process.env[v]) return true;
                  }
                  return false;
                }

                export function label(provider: Provider) {
                  return process.env[provider.labelVar] ?? provider.label;
                }

                export const providers: Provider[] = [
                  { id: "gitlab", label: "GitLab", enableVars: ["GITLAB_ON"], labelVar: "GITLAB_LABEL" },
                  {
                    id: "keycloak",
                    label: "Keycloak",
                    enableVars: ["KEYCLOAK_LOGIN_ENABLED", "KEYCLOAK_ENABLED"],
                    labelVar: "KEYCLOAK_LABEL",
                  },
                ];

                // an unrelated key never read as a name
                export const menu = [{ id: "home", title: "HOME_TITLE" }];
            """,
        },
    )
    assert {
        "GITLAB_ON",
        "KEYCLOAK_LOGIN_ENABLED",
        "KEYCLOAK_ENABLED",
        "GITLAB_LABEL",
        "KEYCLOAK_LABEL",
    } <= set(found)
    assert "HOME_TITLE" not in found
    assert found["KEYCLOAK_ENABLED"].scope == "runtime"
    # `process.env[provider.labelVar] ?? provider.label`: each entry's own label is its name's default
    assert found["GITLAB_LABEL"].default == "GitLab"
    assert found["KEYCLOAK_LABEL"].default == "Keycloak"


def test_a_property_read_with_no_literal_table_reads_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/config.ts": """
                export function read(opts: { key: string }) {
                  return process.env[opts.key];
                }
                export const PORT = process.env.PORT || "3000";
            """,
        },
    )
    assert set(found) == {"PORT"}
