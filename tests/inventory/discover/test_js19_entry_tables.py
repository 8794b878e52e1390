"""`process.env[entry.P]` with `entry` walking a literal table of the same file: the names the table's
elements hold under P (objects, or calls of a helper returning `{ P, ... }`); a table that is no literal
(a parameter, a query's result) names nothing, and a lower-case word is no env name."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_a_table_of_helper_calls_read_in_an_index_loop(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/settings/load.ts": """
                type Kind = "string" | "number";

                function entry(env: string, kind: Kind, path: string) {
                  return { env, kind, path };
                }

                export function load() {
                  const table = [
                    entry("APP_PORT", "number", "app.port"),
                    entry("MAIL_WEBHOOK_URL", "string", "mail.webhook"),
                    entry("STORE_BUCKET", "string", "store.bucket"),
                  ];
                  const out: Record<string, unknown> = {};
                  for (let i = 0; i !== table.length; ++i) {
                    const entry = table[i];
                    const raw = process.env[entry.env];
                    if (raw) out[entry.path] = entry.kind === "number" ? Number(raw) : raw;
                  }
                  return out;
                }
            """,
        },
    )
    assert {"APP_PORT", "MAIL_WEBHOOK_URL", "STORE_BUCKET"} <= set(found)
    assert "app.port" not in found
    assert "number" not in found
    assert found["STORE_BUCKET"].scope == "runtime"


def test_a_table_of_objects_and_an_arrow_helper_walked_by_for_of(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "lib/flags.js": """
                const named = (name, fallback) => ({ key: name, fallback });
                const FLAGS = [
                  { key: "FEATURE_UPLOADS", fallback: "on" },
                  named("FEATURE_INVITES", "off"),
                ];
                const LABELS = [{ key: "NOT_A_READ" }];
                module.exports = function flags() {
                  const out = {};
                  for (const flag of FLAGS) {
                    out[flag.key] = process.env[flag.key];
                  }
                  return out;
                };
            """,
        },
    )
    assert {"FEATURE_UPLOADS", "FEATURE_INVITES"} <= set(found)
    assert "NOT_A_READ" not in found


def test_a_table_that_is_a_parameter_names_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/vars.ts": """
                export function resolveVars(items: { name: string; type: string }[] = []) {
                  const vars: Record<string, string> = {};
                  for (const item of items) {
                    if (item.type === "runtime") vars[item.name] = process.env[item.name] ?? "";
                  }
                  return vars;
                }

                export const columns = [{ name: "files", label: "Files" }, { name: "SIZE_LIMIT" }];
                export const PORT = process.env.PORT ?? "8080";
            """,
        },
    )
    assert set(found) == {"PORT"}


def test_a_lower_case_word_under_the_key_is_no_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/vars.ts": """
                export function value(item: { name: string }) {
                  return process.env[item.name] ?? "";
                }
                export const columns = [{ name: "files" }, { name: "UPLOAD_DIR" }];
            """,
        },
    )
    assert "files" not in found
    assert "UPLOAD_DIR" in found
