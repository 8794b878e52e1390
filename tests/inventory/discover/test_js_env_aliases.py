"""JavaScript/TypeScript: aliases of process.env (in a file, in class fields, across modules) and the
variables validation schemas (envalid, t3-env, zod) declare."""

from __future__ import annotations

import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.javascript import JsProject, discover_javascript


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def found(reads: list[Read]) -> set[tuple[str, int, bool, str | None]]:
    return {(r.name, r.line, r.optional, r.default) for r in reads}


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(src(text), encoding="utf-8")


def test_an_alias_of_process_env_and_destructuring_from_it() -> None:
    code = src("""
        import { env as nodeEnv } from "node:process";
        const env = process.env;
        const port = env.PORT || "3000";
        const { DATABASE_URL, REDIS_URL = "redis://localhost:6379" } = env;
        const { env: penv } = process;
        const region = penv.AWS_REGION ?? "eu-west-1";
        const { NODE_ENV, ...rest } = process.env;
        const level = rest["LOG_LEVEL"];
        const cfg = env;
        const token = cfg.API_TOKEN!;
        const home = nodeEnv.APP_HOME;
        env.hasOwnProperty("NOT_A_READ");
        env.WRITTEN = "1";
        delete env.DELETED;
        // env.COMMENTED
        const other = { env: 1 };
        other.env.NOT_ENV;
    """)
    assert found(discover_javascript(code, "src/config.ts")) == {
        ("PORT", 3, True, "3000"),
        ("DATABASE_URL", 4, False, None),
        ("REDIS_URL", 4, True, "redis://localhost:6379"),
        ("AWS_REGION", 6, True, "eu-west-1"),
        ("NODE_ENV", 7, False, None),
        ("LOG_LEVEL", 8, False, None),
        ("API_TOKEN", 10, False, None),
        ("APP_HOME", 11, False, None),
    }


def test_class_fields_and_this_members_initialised_from_process_env() -> None:
    code = src("""
        export class AppConfig {
          private readonly env: NodeJS.ProcessEnv = process.env;
          static shared = process.env;
          readonly port = process.env.PORT ?? "8080";

          constructor(private vars = import.meta.env) {
            this.raw = process.env;
          }

          get jwtSecret(): string {
            return this.env.JWT_SECRET!;
          }

          get sentry(): string | undefined {
            return this.raw["SENTRY_DSN"];
          }

          get title(): string {
            return this.vars.VITE_TITLE || "App";
          }
        }
        export const timeout = AppConfig.shared.HTTP_TIMEOUT;
    """)
    reads = discover_javascript(code, "src/app-config.ts")
    assert found(reads) == {
        ("PORT", 4, True, "8080"),
        ("JWT_SECRET", 11, False, None),
        ("SENTRY_DSN", 15, False, None),
        ("VITE_TITLE", 19, True, "App"),
        ("HTTP_TIMEOUT", 22, False, None),
    }
    assert {r.name: r.source for r in reads}["VITE_TITLE"] == "import.meta.env"


def test_a_proxy_or_a_copy_of_process_env_is_an_alias() -> None:
    code = src("""
        const strict = new Proxy(process.env, {
          get(target, name) { return target[name] ?? fail(name); },
        });
        const copy = { ...process.env };
        const frozen = Object.freeze(process.env);
        export const a = strict.STRICT_VAR;
        export const b = copy.COPIED_VAR;
        export const c = frozen.FROZEN_VAR;
    """)
    assert {r.name for r in discover_javascript(code, "env.js")} == {"STRICT_VAR", "COPIED_VAR", "FROZEN_VAR"}


def test_envalid_keys_are_names_and_defaults_make_them_optional() -> None:
    code = src("""
        import { cleanEnv, str, num, bool, port, url } from "envalid";

        export const env = cleanEnv(process.env, {
          NODE_ENV: str({ choices: ["development", "test", "production"] }),
          PORT: port({ default: 3000 }),
          WORKERS: num({ default: 2, desc: "worker count" }),
          DEBUG: bool({ devDefault: false }),
          STRIPE_SECRET_KEY: str(),
          PUBLIC_URL: url({ default: undefined }),
        });

        export const listen = env.PORT;
        export const stripe = env.STRIPE_SECRET_KEY;
        export const notValidated = env.NOT_IN_SCHEMA;
    """)
    reads = discover_javascript(code, "src/env.ts")
    assert found(reads) == {
        ("NODE_ENV", 4, False, None),
        ("PORT", 5, True, "3000"),
        ("WORKERS", 6, True, "2"),
        ("DEBUG", 7, True, "false"),
        ("STRIPE_SECRET_KEY", 8, False, None),
        ("PUBLIC_URL", 9, True, None),
        # reads of the validated object: only its keys, optional and defaulted as the schema says
        ("PORT", 12, True, "3000"),
        ("STRIPE_SECRET_KEY", 13, False, None),
    }
    assert {r.source for r in reads} == {"envalid"}


def test_t3_env_server_client_shared_keys_and_runtime_env() -> None:
    code = src("""
        import { createEnv } from "@t3-oss/env-nextjs";
        import { z } from "zod";

        export const env = createEnv({
          server: {
            DATABASE_URL: z.string().url(),
            NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
            SENTRY_AUTH_TOKEN: z.string().optional(),
            AUTH_SECRET: process.env.NODE_ENV === "production" ? z.string() : z.string().optional(),
            PREVIEW: isPreview ? z.string().optional() : z.string().default("off"),
          },
          client: {
            NEXT_PUBLIC_POSTHOG_KEY: z.string().nullish(),
          },
          shared: {
            VERCEL_URL: z.string().optional(),
          },
          runtimeEnv: {
            DATABASE_URL: process.env.DATABASE_URL,
            NODE_ENV: process.env.NODE_ENV,
            SENTRY_AUTH_TOKEN: process.env.SENTRY_AUTH_TOKEN,
            NEXT_PUBLIC_POSTHOG_KEY: process.env.NEXT_PUBLIC_POSTHOG_KEY,
            VERCEL_URL: process.env.VERCEL_URL,
          },
          emptyStringAsUndefined: true,
        });
    """)
    reads = discover_javascript(code, "src/env.js")
    declared = {(r.name, r.line, r.optional, r.default) for r in reads if r.source == "t3-env"}
    assert declared == {
        ("DATABASE_URL", 6, False, None),
        ("NODE_ENV", 7, True, "development"),
        ("SENTRY_AUTH_TOKEN", 8, True, None),
        ("AUTH_SECRET", 9, False, None),  # required in production
        ("PREVIEW", 10, True, None),
        ("NEXT_PUBLIC_POSTHOG_KEY", 13, True, None),
        ("VERCEL_URL", 16, True, None),
    }
    # runtimeEnv hands each one over: optional (and defaulted) as the schema says, not required
    handed = {(r.name, r.optional, r.default) for r in reads if r.source == "javascript"}
    assert handed == {
        ("DATABASE_URL", False, None),
        ("NODE_ENV", True, "development"),
        ("NODE_ENV", False, None),  # read as is by the AUTH_SECRET choice
        ("SENTRY_AUTH_TOKEN", True, None),
        ("NEXT_PUBLIC_POSTHOG_KEY", True, None),
        ("VERCEL_URL", True, None),
    }


def test_zod_object_parsed_from_process_env() -> None:
    code = src("""
        import { z } from "zod";

        const EnvSchema = z.object({
          PORT: z.coerce.number().default(8080),
          OPENAI_API_KEY: z.string().min(1),
          LOG_LEVEL: z.enum(["debug", "info", "warn"]).optional(),
          TAGS: z.array(z.string().optional()),
        });
        export const config = EnvSchema.parse(process.env);
        const flags = z.object({ FEATURE_X: z.coerce.boolean().default(false) }).parse(process.env);
        const notEnv = z.object({ NAME: z.string() }).parse(body);
        export const key = config.OPENAI_API_KEY;
    """)
    assert found(discover_javascript(code, "src/config.ts")) == {
        ("PORT", 4, True, "8080"),
        ("OPENAI_API_KEY", 5, False, None),
        ("LOG_LEVEL", 6, True, None),
        ("TAGS", 7, False, None),  # the optional inside the array is not the variable's
        ("FEATURE_X", 10, True, "false"),
        ("OPENAI_API_KEY", 12, False, None),
    }


def test_an_imported_environment_module_is_resolved_across_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/utils/environment.ts": "export default process.env;\n",
            "src/routes/users.ts": """
                import env from "../utils/environment";
                import { format } from "./format";

                export function dsn(): string {
                  return env.USERS_DATABASE_URL ?? "postgres://localhost/users";
                }
                const { MAIL_FROM, MAIL_REPLY_TO = "noreply@example.com" } = env;
                export const notEnv = format.UPPER_CASE_CONSTANT;
            """,
            "src/routes/format.ts": "export const format = { UPPER_CASE_CONSTANT: 1 };\n",
            # CommonJS: a named export of the environment next to ordinary config
            "server/config.js": """
                const env = process.env;
                module.exports = { env, port: process.env.PORT };
            """,
            "server/app.js": """
                const { env } = require("./config");
                const config = require("./config");
                app.use(session({ secret: env.SESSION_SECRET, port: config.port }));
            """,
        },
    )
    result = discover(tmp_path)
    by_place = {(r.name, r.file, r.line, r.optional, r.default) for r in result.reads}
    assert by_place == {
        ("USERS_DATABASE_URL", "src/routes/users.ts", 5, True, "postgres://localhost/users"),
        ("MAIL_FROM", "src/routes/users.ts", 7, False, None),
        ("MAIL_REPLY_TO", "src/routes/users.ts", 7, True, "noreply@example.com"),
        ("PORT", "server/config.js", 2, False, None),
        ("SESSION_SECRET", "server/app.js", 3, False, None),
    }


def test_a_t3_env_package_through_an_alias_and_a_re_export(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "packages/env/src/index.ts": """
                import { createEnv } from "@t3-oss/env-core";
                import { z } from "zod";
                export const env = createEnv({
                  server: { STRIPE_SECRET_KEY: z.string(), CHECKOUT_MODE: z.string().default("test") },
                  runtimeEnv: process.env,
                });
            """,
            "apps/web/src/lib/index.ts": """
                export { env as serverEnv } from "@acme/env";
                export * from "./client-env";
            """,
            "apps/web/src/lib/client-env.ts": "export const clientEnv = import.meta.env;\n",
            "apps/web/src/pages/checkout.tsx": """
                import { serverEnv, clientEnv } from "~/lib";
                export default function Checkout() {
                  const mode = serverEnv.CHECKOUT_MODE;
                  return <Stripe secret={serverEnv.STRIPE_SECRET_KEY} title={clientEnv.VITE_SHOP_TITLE} />;
                }
                export const unknown = serverEnv.NOT_DECLARED;
            """,
        },
    )
    result = discover(tmp_path)
    page = {(r.name, r.line, r.optional, r.source) for r in result.reads if r.file.endswith("checkout.tsx")}
    assert page == {
        ("CHECKOUT_MODE", 3, True, "t3-env"),
        ("STRIPE_SECRET_KEY", 4, False, "t3-env"),
        ("VITE_SHOP_TITLE", 4, False, "import.meta.env"),
    }
    variables = {v.name: v for v in result.variables}
    assert variables["STRIPE_SECRET_KEY"].locations == [
        "apps/web/src/pages/checkout.tsx:4",
        "packages/env/src/index.ts:4",
    ]
    assert variables["CHECKOUT_MODE"].optional
    assert variables["CHECKOUT_MODE"].default == "test"


def test_without_a_project_imports_stay_unresolved_and_unrelated_modules_never_match() -> None:
    project = JsProject()
    exporter = "export const settings = { port: process.env.PORT };\n"
    assert {r.name for r in discover_javascript(exporter, "src/settings.ts", project)} == {"PORT"}
    user = 'import { settings } from "./settings";\nexport const p = settings.PORT;\n'
    assert discover_javascript(user, "src/main.ts", project) == []
    assert project.resolve() == []  # an object with a read inside is not the environment
    assert discover_javascript('import env from "./env";\nenv.X_VAR;\n', "src/a.ts") == []


def test_a_proxy_wrapper_exported_and_read_by_class_fields_elsewhere(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "server/utils/environment.ts": """
                import fs from "node:fs";

                export function withFileSecrets(env: Record<string, string | undefined>) {
                  return new Proxy(env, {
                    get(target, prop) {
                      const file = target[`${String(prop)}_FILE`];
                      return target[prop as string] ?? (file && fs.readFileSync(file, "utf8").trim());
                    },
                  });
                }

                export default withFileSecrets(process.env);
            """,
            "server/env.ts": """
                import environment from "./utils/environment";

                export class Environment {
                  public SECRET_KEY = environment.SECRET_KEY ?? "";
                  public DATABASE_URL = this.toOptionalString(environment.DATABASE_URL);
                  public REDIS_URL = environment.REDIS_URL;
                }
                export default new Environment();
            """,
            "plugins/slack/server/env.ts": """
                import environment from "@server/utils/environment";
                export const SLACK_SECRET = environment.SLACK_SECRET;
            """,
            "server/routes/auth.ts": """
                import env from "@server/env";
                export const key = env.SECRET_KEY;  // the Environment instance: no environment read here
            """,
        },
    )
    reads = {(r.name, r.file, r.line, r.optional) for r in discover(tmp_path).reads}
    assert reads == {
        ("SECRET_KEY", "server/env.ts", 4, True),
        ("DATABASE_URL", "server/env.ts", 5, False),
        ("REDIS_URL", "server/env.ts", 6, False),
        ("SLACK_SECRET", "plugins/slack/server/env.ts", 2, False),
    }


def test_the_importer_prefilter_matches_specifiers_ending_in_the_module_not_paths_through_it() -> None:
    from secretguard.inventory.discover.javascript import _import_pattern

    pattern = _import_pattern({"web/src/env.mjs", "packages/config/src/index.ts"})
    assert pattern is not None
    for line in (
        'import { env } from "@/src/env.mjs";',
        "import { env } from '../env';",
        'const { env } = require("#env");',
        'import { env } from "@acme/config";',
        'import { env } from "@env";',  # a tsconfig alias named after the module
        'export * from "../src/index.js";',
        "const m = await import(`~/config/index`);",
    ):
        assert pattern.search(line), line
    for line in (
        'import { Button } from "@/src/components/button";',  # through the index's folder, not to it
        'import { envelope } from "./envelope";',
        'fetch("/env/list");',
    ):
        assert not pattern.search(line), line
    assert _import_pattern(set()) is None
