"""Config objects whose camelCase keys a loader reads as `process.env[constantCase(key)]`; template names
built on a module constant; a TLS key given also as a file."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.js_cased_keys import constant_case
from tests.inventory.discover.projects import project

LOADER = """
import { constantCase } from "change-case";

export function loadConfig<S extends TSchema, C = Static<S>>({
  schema,
  keys,
}: {
  schema: S;
  keys: string[];
}): C {
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    raw[key] = process.env[constantCase(key)];
  }
  return validate(raw, schema);
}
"""

API_CONFIG = """
import { Type } from "@sinclair/typebox";
import { loadConfig } from "backend-lib/src/config/loader";

const BaseProps = {
  databaseUrl: Type.Optional(Type.String()),
  clickhouseHost: Type.String(),
};

const RawConfigProps = {
  ...BaseProps,
  apiServiceName: Type.Optional(Type.String()),
  readQueryPageSize: Type.Optional(Type.String({ format: "naturalNumber" })),
  enableWorker: Type.Optional(Type.String()),
  logConfig: Type.Optional(Type.String()),
  telemetryDisabled: Type.Optional(Type.String()),
  computeInterval: Type.Optional(Type.String()),
  s3Bucket: Type.Optional(Type.String()),
};

function parse(raw) {
  return {
    apiServiceName: raw.apiServiceName ?? "dittofeed-api",
    readQueryPageSize: raw.readQueryPageSize ? parseInt(raw.readQueryPageSize) : 1000,
    enableWorker: raw.enableWorker !== "false",
    logConfig: raw.logConfig === "true",
    telemetryDisabled: raw.telemetryDisabled === "true" || nodeEnv === "development",
    computeInterval: raw.computeInterval ? parseInt(raw.computeInterval) : 120 * 1000,
  };
}

export default function config() {
  return loadConfig({
    schema: RawConfig,
    transform: parse,
    keys: ["nodeEnv"].concat(Object.keys(RawConfigProps)),
  });
}
"""

WORKER_CONFIG = """
import { Type } from "@sinclair/typebox";
import { loadConfig } from "backend-lib/src/config/loader";

const RawConfig = Type.Object({
  taskQueue: Type.Optional(Type.String()),
  maxCachedWorkflows: Type.Optional(Type.String()),
});

export default function config() {
  return loadConfig({ schema: RawConfig, keys: Object.keys(RawConfig.properties) });
}
"""


def test_constant_case_splits_words_and_acronyms() -> None:
    assert constant_case("apiPort") == "API_PORT"
    assert constant_case("defaultAnonymousIdIdUserPropertyId") == "DEFAULT_ANONYMOUS_ID_ID_USER_PROPERTY_ID"
    assert constant_case("hyperDXApiKey") == "HYPER_DX_API_KEY"
    assert constant_case("s3Bucket") == "S3_BUCKET"


def test_loader_called_with_the_keys_of_config_objects_in_other_modules(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "packages/backend-lib/src/config/loader.ts": LOADER,
            "packages/api/src/config.ts": API_CONFIG,
            "packages/worker/src/config.ts": WORKER_CONFIG,
        },
    )
    for name in (
        "NODE_ENV",
        "DATABASE_URL",
        "CLICKHOUSE_HOST",
        "API_SERVICE_NAME",
        "READ_QUERY_PAGE_SIZE",
        "S3_BUCKET",
        "TASK_QUEUE",
        "MAX_CACHED_WORKFLOWS",
    ):
        assert name in found, name
    assert found["DATABASE_URL"].secret
    assert found["DATABASE_URL"].optional
    assert not found["CLICKHOUSE_HOST"].optional  # Type.String() without Optional: required
    assert found["API_SERVICE_NAME"].default == "dittofeed-api"
    assert found["READ_QUERY_PAGE_SIZE"].default == "1000"
    assert found["ENABLE_WORKER"].default == "true"
    assert found["LOG_CONFIG"].default == "false"
    assert found["TELEMETRY_DISABLED"].default is None  # also decided by NODE_ENV
    assert found["COMPUTE_INTERVAL"].default is None  # arithmetic, not one literal
    assert found["API_SERVICE_NAME"].locations == ["packages/api/src/config.ts:11"]


def test_loop_over_a_local_objects_keys(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/env.ts": """
                import { snakeCase } from "lodash";
                const defaults = { redisUrl: "", sessionTtl: "3600" };
                export const env: Record<string, string | undefined> = {};
                for (const key of Object.keys(defaults)) {
                  env[key] = process.env[snakeCase(key).toUpperCase()];
                }
            """,
        },
    )
    assert {"REDIS_URL", "SESSION_TTL"} <= set(found)


def test_a_function_not_imported_from_the_loader_module_gives_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/config/loader.ts": LOADER,
            "src/other.ts": """
                import { loadConfig } from "./settings";
                const Props = { unrelatedThing: 1 };
                loadConfig({ keys: Object.keys(Props) });
            """,
        },
    )
    assert "UNRELATED_THING" not in found


def test_wrapper_argument_built_on_a_module_constant(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "server/datasource.ts": """
                import fs from 'fs';
                const DB_SSL_PREFIX = 'DB_SSL_';

                function boolFromEnv(envVar: string, defaultVal = false) {
                  if (process.env[envVar]) {
                    return process.env[envVar]?.toLowerCase() === 'true';
                  }
                  return defaultVal;
                }

                function stringOrReadFileFromEnv(envVar: string) {
                  if (process.env[envVar]) {
                    return process.env[envVar];
                  }
                  const filePath = process.env[`${envVar}_FILE`];
                  return filePath ? fs.readFileSync(filePath) : undefined;
                }

                export const ssl = {
                  rejectUnauthorized: boolFromEnv(`${DB_SSL_PREFIX}REJECT_UNAUTHORIZED`, true),
                  ca: stringOrReadFileFromEnv(`${DB_SSL_PREFIX}CA`),
                  key: stringOrReadFileFromEnv(`${DB_SSL_PREFIX}KEY`),
                };
            """,
        },
    )
    assert found["DB_SSL_REJECT_UNAUTHORIZED"].default == "true"
    assert {"DB_SSL_CA", "DB_SSL_CA_FILE", "DB_SSL_KEY", "DB_SSL_KEY_FILE"} <= set(found)
    assert found["DB_SSL_KEY"].secret  # read also from a file: the key itself, not a path
    assert not found["DB_SSL_KEY_FILE"].secret
    assert not found["DB_SSL_CA"].secret
