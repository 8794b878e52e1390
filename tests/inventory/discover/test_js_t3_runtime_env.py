"""t3-env schemas whose keys hide in conditional spreads or are filled under another name (a prefix helper,
`KEY: process.env.OTHER`), defaults given by the app's own schema helpers, an env object validated again
(`Schema.transform(...).parse(parsed)`), and fallbacks naming a constant or written as a ternary."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.javascript import discover_javascript


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(src(text), encoding="utf-8")


def test_keys_inside_conditional_spreads_are_variables() -> None:
    code = src("""
        import { createEnv } from "@t3-oss/env-core";
        import { z } from "zod";

        const kinds = (process.env.LOGIN_KINDS ?? "password").split(",");

        export const env = createEnv({
          server: {
            SESSION_KEY: z.string(),
            ...(kinds.includes("saml")
              ? { SAML_ENTRY_POINT: z.string().url(), SAML_AUDIENCE: z.string().default("app") }
              : { PASSWORD_MIN: z.coerce.number().default(8) }),
            ...(kinds.includes("ldap") && { LDAP_BIND_SECRET: z.string() }),
          },
          runtimeEnv: process.env,
        });
    """)
    reads = {
        (r.name, r.optional, r.default)
        for r in discover_javascript(code, "src/env.ts")
        if r.source == "t3-env"
    }
    assert reads == {
        ("SESSION_KEY", False, None),
        ("SAML_ENTRY_POINT", False, None),
        ("SAML_AUDIENCE", True, "app"),
        ("PASSWORD_MIN", True, "8"),
        ("LDAP_BIND_SECRET", False, None),
    }


def test_a_prefix_helper_and_a_renamed_runtime_entry_name_the_real_variables(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/env/prefix.ts": """
                export const fromPrefix = (prefix: string) =>
                  Object.fromEntries(
                    Object.entries(process.env)
                      .filter(([key]) => key.startsWith(prefix))
                      .map(([key, value]) => [key.slice(prefix.length), value]),
                  );
            """,
            "src/cache/env.ts": """
                import { createEnv } from "@t3-oss/env-core";
                import { z } from "zod";
                import { fromPrefix } from "../env/prefix";

                export const cacheEnv = createEnv({
                  server: {
                    HOST: z.string().default("localhost"),
                    PASSWORD: z.string().optional(),
                  },
                  runtimeEnv: fromPrefix("CACHE_"),
                });
            """,
            "src/auth/env.ts": """
                import { createEnv } from "@t3-oss/env-core";
                import { z } from "zod";

                export const authEnv = createEnv({
                  server: { DEFAULT_ORG: z.string().optional(), REALM: z.string() },
                  runtimeEnv: { DEFAULT_ORG: process.env.SSO_DEFAULT_ORG, REALM: process.env.REALM },
                });
            """,
            "src/auth/org.ts": """
                import { authEnv } from "./env";
                export const org = authEnv.DEFAULT_ORG;
            """,
        },
    )
    reads = discover(tmp_path).reads
    names = {r.name for r in reads}
    assert {"CACHE_HOST", "CACHE_PASSWORD", "SSO_DEFAULT_ORG", "REALM"} <= names
    assert not names & {"HOST", "PASSWORD", "DEFAULT_ORG"}
    assert ("CACHE_HOST", True, "localhost") in {(r.name, r.optional, r.default) for r in reads}
    assert ("SSO_DEFAULT_ORG", "src/auth/org.ts") in {(r.name, r.file) for r in reads}


def test_defaults_of_the_apps_own_schema_helpers(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "lib/env/schemas.ts": """
                import { z } from "zod";
                export const flagSchema = (fallback: boolean) =>
                  z.stringbool({ truthy: ["1", "yes"] }).default(fallback);
                export function periodSchema(unit: string, fallback: string) {
                  return z.string().regex(/^\\d+[dh]$/).default(fallback);
                }
            """,
            "lib/env/index.ts": 'export * from "./schemas";\n',
            "app/env.ts": """
                import { createEnv } from "@t3-oss/env-core";
                import { z } from "zod";
                import { flagSchema, periodSchema } from "../lib/env";

                const portSchema = (fallback: number) => z.coerce.number().default(fallback);
                const rolesSchema = z
                  .string()
                  .transform((value) => value.split(";"))
                  .default(["viewer", "editor"]);

                export const env = createEnv({
                  server: {
                    READ_ONLY: flagSchema(false),
                    TOKEN_LIFETIME: periodSchema("d", "30d"),
                    HTTP_PORT: portSchema(8080),
                    DEFAULT_ROLES: rolesSchema,
                    UNKNOWN_HELPER: somewhereElse(true),
                  },
                  runtimeEnv: { READ_ONLY: process.env.READ_ONLY, HTTP_PORT: process.env.HTTP_PORT },
                });
            """,
            "app/roles.ts": """
                import { z } from "zod";
                const listSchema = z.string().transform((v) => v.split(",")).default(["a", "b"]);
                export const roles = listSchema.safeParse(process.env.EXTRA_ROLES).data ?? [];
            """,
        },
    )
    found = {(r.name, r.optional, r.default) for r in discover(tmp_path).reads}
    assert {
        ("READ_ONLY", True, "false"),
        ("TOKEN_LIFETIME", True, "30d"),
        ("HTTP_PORT", True, "8080"),
        ("DEFAULT_ROLES", True, "viewer;editor"),
        ("UNKNOWN_HELPER", False, None),
        ("EXTRA_ROLES", True, "a,b"),
    } <= found
    assert ("READ_ONLY", False, None) not in found  # the runtimeEnv read shares the helper's default


def test_an_env_validated_again_and_fallbacks_naming_constants(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "web/lib/env.ts": """
                import { createEnv } from "@t3-oss/env-nextjs";
                import { z } from "zod";

                const parsed = createEnv({
                  server: {
                    PUBLIC_URL: z.string().url().optional(),
                    WORKERS: z.coerce.number().optional(),
                    MAX_AGE: z.string().optional(),
                  },
                  runtimeEnv: {
                    PUBLIC_URL: process.env.PUBLIC_URL,
                    WORKERS: process.env.WORKERS,
                    MAX_AGE: process.env.MAX_AGE,
                  },
                });

                const Rules = z.object({ PUBLIC_URL: z.string().optional() });

                export const env = Rules.superRefine((value, ctx) => {})
                  .transform(() => parsed)
                  .parse(parsed);
            """,
            "web/lib/config.ts": """
                import { env } from "./env";

                const DEFAULT_WORKERS = 2;
                const LOCAL_URL = "http://localhost:3000";

                export const url = env.PUBLIC_URL || LOCAL_URL;
                export const workers = env.WORKERS ?? DEFAULT_WORKERS;
                export const maxAge = Number(env.MAX_AGE) || 86400;
            """,
            "web/lib/limits.ts": """
                export const DEFAULT_TIMEOUT = "30s";
                export const DEFAULT_RETRIES = 3;
            """,
            "web/jobs.ts": """
                import { env } from "./lib/env";
                import { DEFAULT_TIMEOUT, DEFAULT_RETRIES } from "./lib/limits";

                export const timeout = env.MAX_AGE ?? DEFAULT_TIMEOUT;
                export const retries = process.env.JOB_RETRIES ?? DEFAULT_RETRIES;
                export const unknown = process.env.JOB_QUEUE ?? DEFAULT_QUEUE;
            """,
            "web/metrics.ts": """
                const port = process.env.METRICS_PORT
                  ? Number.parseInt(process.env.METRICS_PORT, 10)
                  : 9464;
            """,
        },
    )
    found = {(r.name, r.file, r.default) for r in discover(tmp_path).reads}
    assert {
        ("PUBLIC_URL", "web/lib/config.ts", "http://localhost:3000"),
        ("WORKERS", "web/lib/config.ts", "2"),
        ("MAX_AGE", "web/lib/config.ts", "86400"),
        ("METRICS_PORT", "web/metrics.ts", "9464"),
        ("MAX_AGE", "web/jobs.ts", "30s"),
        ("JOB_RETRIES", "web/jobs.ts", "3"),
        ("JOB_QUEUE", "web/jobs.ts", None),
    } <= found
