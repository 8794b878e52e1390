"""`process.env[name]` where `name` is each element of a literal array (an array callback's parameter, a
`for...of` variable), and a key joined from literals (`process.env["AWS" + "_REGION"]`)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_names_from_a_literal_array_callback_and_loop(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/lib/proxy.ts": """
                const PROXY_VARS = ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy"] as const;
                const FEATURE_VARS: readonly string[] = ["FEATURE_A", "FEATURE_B"];

                export function proxies() {
                  const set = PROXY_VARS.filter((name) => process.env[name]);
                  return set.map((name) => [name, process.env[name] as string]);
                }

                export function features() {
                  const on: string[] = [];
                  for (const flag of FEATURE_VARS) {
                    if (process.env[flag] === "1") on.push(flag);
                  }
                  ["LOG_LEVEL", "LOG_FORMAT"].forEach(function (key) {
                    console.log(process.env[key] ?? "info");
                  });
                  return on;
                }

                export function unrelated(name: string) {
                  return process.env[name];
                }
            """,
            "src/mail.ts": """
                export const region = process.env["MAIL" + "_REGION"] || "eu-west-1";
            """,
        },
    )
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "FEATURE_A", "FEATURE_B"):
        assert name in found, name
    assert found["LOG_LEVEL"].default == "info"
    assert found["LOG_FORMAT"].default == "info"
    assert found["MAIL_REGION"].default == "eu-west-1"
    assert "name" not in found
    assert "flag" not in found


def test_a_parameter_outside_the_callback_is_not_bound(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/env.js": """
                const NAMES = ["DB_HOST", "DB_PORT"];
                NAMES.forEach((name) => console.log(name));
                function read(name) {
                  return process.env[name];
                }
                module.exports = { read };
            """,
        },
    )
    assert "DB_HOST" not in found
    assert "DB_PORT" not in found
