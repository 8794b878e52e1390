"""JS/TS functions whose parameter names the variable they read (`process.env[name]`,
`process.env[name + "_FILE"]`): every call reads that name, across modules, with the call's fallback
argument (or the parameter's own default) as the default."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import DiscoveredVariable
from secretguard.inventory.discover.javascript import discover_javascript


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def label(var: DiscoveredVariable) -> tuple[bool, bool, str | None, str | None]:
    return var.secret, var.optional, var.default, var.file_of


def by_name(root: Path) -> dict[str, DiscoveredVariable]:
    return {v.name: v for v in discover(root).variables}


# A settings helper in the style of docker-secrets aware Node apps, written for this test.
SETTINGS_JS = """
    const fs = require("node:fs");

    /** The variable's value, or the content of the file its `_FILE` twin names. */
    function fromEnvOrSecretFile(name) {
        const fileVar = name + "_FILE";
        if (process.env[fileVar]) {
            return fs.readFileSync(process.env[fileVar], "utf8").trim();
        }
        return process.env[name];
    }

    const envOr = (key, fallback = "info") => process.env[key] ?? fallback;

    function envNumber(key, def) {
        const raw = process.env[key];
        if (raw === undefined || raw === "") {
            return def;
        }
        return Number(raw);
    }

    module.exports = { fromEnvOrSecretFile, envOr, envNumber };
"""


def test_commonjs_wrappers_across_modules(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/settings.js": SETTINGS_JS,
            "src/database.js": """
                const { fromEnvOrSecretFile, envNumber } = require("./settings");
                const settings = require("./settings");

                module.exports = {
                    host: fromEnvOrSecretFile("PG_HOST"),
                    password: fromEnvOrSecretFile("PG_PASSWORD"),
                    port: envNumber("PG_PORT", 5432),
                    poolSize: settings.envNumber("PG_POOL_SIZE", computePool()),
                    logLevel: settings.envOr("LOG_LEVEL"),
                    format: settings.envOr("LOG_FORMAT", "json"),
                };
            """,
        },
    )
    found = by_name(tmp_path)
    assert set(found) == {
        "PG_HOST",
        "PG_HOST_FILE",
        "PG_PASSWORD",
        "PG_PASSWORD_FILE",
        "PG_PORT",
        "PG_POOL_SIZE",
        "LOG_LEVEL",
        "LOG_FORMAT",
    }
    assert label(found["PG_HOST"]) == (False, False, None, None)
    assert label(found["PG_PASSWORD"]) == (True, False, None, None)
    assert "file-variant" in found["PG_PASSWORD"].sources
    assert label(found["PG_PASSWORD_FILE"]) == (False, True, None, "PG_PASSWORD")
    assert label(found["PG_HOST_FILE"]) == (False, True, None, "PG_HOST")
    assert label(found["PG_PORT"]) == (False, True, "5432", None)
    assert label(found["PG_POOL_SIZE"]) == (False, True, None, None)  # computed: no single default
    assert found["LOG_LEVEL"].default == "info"  # the parameter's own default
    assert found["LOG_FORMAT"].default == "json"
    assert found["PG_HOST"].locations == ["src/database.js:5"]


def test_esm_exports_templates_and_a_re_export(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "packages/config/src/env.ts": """
                export function appSetting(name: string, otherwise?: string): string | undefined {
                    const value = process.env[`APP_${name}`];
                    return value || otherwise;
                }

                export const secretFromFile = (name: string) =>
                    process.env[`${name}_FILE`] ?? process.env[name];
            """,
            "packages/config/src/index.ts": 'export * from "./env";\n',
            "apps/api/src/main.ts": """
                import { appSetting, secretFromFile as secret } from "../../../packages/config/src";

                const mode = appSetting("MODE", "production");
                const token = secret("BOT_TOKEN");
            """,
        },
    )
    found = by_name(tmp_path)
    assert set(found) == {"APP_MODE", "BOT_TOKEN", "BOT_TOKEN_FILE"}
    assert found["APP_MODE"].default == "production"
    assert label(found["BOT_TOKEN"])[0]
    assert label(found["BOT_TOKEN_FILE"]) == (False, True, None, "BOT_TOKEN")


def test_wrapper_of_a_wrapper_and_calls_in_the_same_file() -> None:
    text = textwrap.dedent("""
        function raw(key) {
            return process.env[key];
        }
        function flag(key, fallback = false) {
            const v = raw(key);
            return v === undefined ? fallback : v === "true";
        }
        export const debug = flag("DEBUG_SQL");
        export const strict = flag("STRICT_MODE", true);
        const url = raw("REDIS_URL") || "redis://localhost:6379";
    """)
    reads = {r.name: r for r in discover_javascript(text, "src/flags.js")}
    assert set(reads) == {"DEBUG_SQL", "STRICT_MODE", "REDIS_URL"}
    assert (reads["DEBUG_SQL"].optional, reads["DEBUG_SQL"].default) == (True, "false")
    assert reads["STRICT_MODE"].default == "true"
    assert (reads["REDIS_URL"].optional, reads["REDIS_URL"].default) == (True, "redis://localhost:6379")


def test_a_function_indexing_with_a_non_parameter_is_no_wrapper(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/util.js": """
                const KEYS = ["A"];
                export function each(fn) {
                    for (const k of Object.keys(process.env)) fn(process.env[k]);
                }
                export function show(label) {
                    console.log(label, process.env[KEYS[0]]);
                }
            """,
            "src/main.js": """
                import { each, show } from "./util";
                each(console.log);
                show("HOME_DIR");
            """,
        },
    )
    assert by_name(tmp_path) == {}


def test_a_default_exported_wrapper_and_its_parameter_default(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/setting.ts": """
                export default function setting(key: string, dflt = "10"): string {
                    return process.env[key] || dflt;
                }
            """,
            "src/worker.ts": """
                import setting from "./setting";
                const workers = Number(setting("WORKER_COUNT"));
                const queue = setting("QUEUE_NAME", "jobs");
            """,
        },
    )
    found = by_name(tmp_path)
    assert set(found) == {"WORKER_COUNT", "QUEUE_NAME"}
    assert label(found["WORKER_COUNT"]) == (False, True, "10", None)
    assert label(found["QUEUE_NAME"]) == (False, True, "jobs", None)
