"""t3-env schemas assembled from spreads of same-file objects, Effect's `Config` reads, and names built from a
template literal around a constant of known values."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.javascript import discover_javascript
from secretguard.inventory.discover.js_effect import effect_config_reads


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_t3_env_server_and_client_built_from_spreads() -> None:
    code = src("""
        import { createEnv } from "@t3-oss/env-nextjs";
        import { z } from "zod";

        const flag = z.enum(["true", "false"]).transform((v) => v === "true");

        const coreEnv = {
          server: {
            DATABASE_URL: z.string().url(),
            PLAN: z.enum(["FREE", "PRO"]).default("FREE"),
          },
          client: { NEXT_PUBLIC_APP_URL: z.string().url() },
        };

        const mailEnv = {
          server: {
            MAIL_PORT: z.coerce.number().optional().default(25),
            MAIL_SECURE: flag.optional().default(false),
          },
        };

        export const env = createEnv({
          server: { ...coreEnv.server, ...mailEnv.server, WEBHOOK_TOKEN: z.string().optional() },
          client: { ...coreEnv.client },
          experimental__runtimeEnv: { NEXT_PUBLIC_APP_URL: process.env.NEXT_PUBLIC_APP_URL },
        });
    """)
    reads = discover_javascript(code, "packages/env/src/index.ts")
    declared = {(r.name, r.line, r.optional, r.default) for r in reads if r.source == "t3-env"}
    assert declared == {
        ("DATABASE_URL", 8, False, None),
        ("PLAN", 9, True, "FREE"),
        ("NEXT_PUBLIC_APP_URL", 11, False, None),
        ("MAIL_PORT", 16, True, "25"),
        ("MAIL_SECURE", 17, True, "false"),
        ("WEBHOOK_TOKEN", 22, True, None),
    }


def test_t3_env_server_given_as_a_name_bound_to_an_object_with_a_spread() -> None:
    code = src("""
        import { createEnv } from "@t3-oss/env-core";
        const shared = { REDIS_URL: z.string() };
        const server = { ...shared, QUEUE_NAME: z.string().default("jobs") };
        export const env = createEnv({ server, runtimeEnv: process.env });
    """)
    reads = discover_javascript(code, "src/env.ts")
    assert {(r.name, r.default) for r in reads if r.source == "t3-env"} == {
        ("REDIS_URL", None),
        ("QUEUE_NAME", "jobs"),
    }


def test_effect_config_names_defaults_secrets_and_nesting() -> None:
    code = src("""
        import { Config, Effect, Schema } from "effect";

        const ServerConfig = Config.all({
          port: Config.number("SERVER_PORT").pipe(Config.withDefault(3000)),
          secret: Config.redacted("RPC_SECRET"),
          url: Config.url("RPC_URL").pipe(Config.option),
        });
        const db = Config.nested(Config.all({ h: Config.string("HOST"), p: Config.secret("PASSWORD") }), "DB")
        const cache = Config.string("URL").pipe(Config.nested("CACHE"));
        export const make = Effect.gen(function* () {
          const region = yield* Config.string("S3_REGION").pipe(
            Config.withDefault("us-east-1"),
          );
          const port = yield* Config.option(Config.integer("S3_PORT"));
          const mode = yield* Config.withDefault(Config.string("MODE"), "fast");
          const tls = yield* Config.boolean("TLS_OFF").pipe(Config.withDefault(undefined));
          const redis = yield* Config.schema(Schema.Redacted(Schema.URL), "REDIS_URL");
        });
    """)
    found = {
        (r.name, r.line, r.optional, r.default, r.secret_hint) for r in effect_config_reads(code, "a.ts")
    }
    assert found == {
        ("SERVER_PORT", 4, True, "3000", False),
        ("RPC_SECRET", 5, False, None, True),
        ("RPC_URL", 6, True, None, False),
        ("DB_HOST", 8, False, None, False),
        ("DB_PASSWORD", 8, False, None, True),
        ("CACHE_URL", 9, False, None, False),
        ("S3_REGION", 11, True, "us-east-1", False),
        ("S3_PORT", 14, True, None, False),
        ("MODE", 15, True, "fast", False),
        ("TLS_OFF", 16, True, None, False),  # `undefined` is no default
        ("REDIS_URL", 17, False, None, False),
    }


def test_effect_config_only_with_effects_import() -> None:
    other = src("""
        import { Config } from "./my-config";
        const port = Config.number("PORT");
    """)
    assert effect_config_reads(other, "a.ts") == []
    namespaced = src("""
        import * as Cfg from "effect/Config";
        const port = Cfg.port("HTTP_PORT");
    """)
    assert [(r.name, r.source) for r in effect_config_reads(namespaced, "b.ts")] == [
        ("HTTP_PORT", "effect-config")
    ]


def test_names_built_from_a_template_around_a_known_suffix() -> None:
    code = src("""
        export function storage(region?: string) {
          const isUS = region === "us-east-2";
          const suffix = isUS ? "_US" : "";
          const getBucket = () => {
            const bucketVar = `UPLOAD_BUCKET${suffix}`;
            return process.env[bucketVar];
          };
          const getRegion = () => {
            const regionVar = `UPLOAD_REGION${suffix}`;
            return process.env[regionVar] || (isUS ? "us-east-2" : "eu-central-1");
          };
          return {
            bucket: getBucket(),
            endpoint: process.env[`UPLOAD_ENDPOINT${suffix}`],
            mode: process.env[`UPLOAD_MODE${suffix}`] ?? "fast",
          };
        }
        const tier = "_PRO";
        export const quota = process.env[`QUOTA${tier}_LIMIT`];
        export const unknown = process.env[`X_${someArgument}`];
    """)
    found = {(r.name, r.line, r.default) for r in discover_javascript(code, "lib/storage.ts")}
    assert found == {
        ("UPLOAD_BUCKET", 6, None),
        ("UPLOAD_BUCKET_US", 6, None),
        ("UPLOAD_REGION", 10, "eu-central-1"),  # each branch's default goes with its own name
        ("UPLOAD_REGION_US", 10, "us-east-2"),
        ("UPLOAD_ENDPOINT", 14, None),
        ("UPLOAD_ENDPOINT_US", 14, None),
        ("UPLOAD_MODE", 15, "fast"),
        ("UPLOAD_MODE_US", 15, "fast"),
        ("QUOTA_PRO_LIMIT", 19, None),
    }
