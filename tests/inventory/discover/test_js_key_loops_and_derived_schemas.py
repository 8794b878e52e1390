"""JavaScript/TypeScript schemas: `X_FILE` variants read in a loop over a spec's keys, reads of a validated
env object keeping the schema's default, zod schemas parsed through a derived schema (`transform`, `refine`,
`extend`, `merge`...), and the app's own helper wrapping zod's `.prefault(d)`."""

from __future__ import annotations

from pathlib import Path

from secretguard.inventory.discover.base import Read
from secretguard.inventory.discover.javascript import discover_javascript
from tests.inventory.discover.projects import project, write_project


def found(reads: list[Read]) -> set[tuple[str, bool, str | None]]:
    return {(r.name, r.optional, r.default) for r in reads}


def test_each_key_of_an_envalid_spec_a_loop_walks_has_a_file_variant(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "server/env.js": """
                const fs = require("node:fs");
                const { cleanEnv, str, num } = require("envalid");

                const spec = {
                  HTTP_PORT: num({ default: 8080 }),
                  DB_PASSWORD: str(),
                  SMTP_HOST: str({ default: "" }),
                };

                // docker secrets: HTTP_PORT_FILE=/run/secrets/port
                for (const key in spec) {
                  const fileKey = key + "_FILE";
                  if (!(fileKey in process.env)) continue;
                  process.env[key] = fs.readFileSync(process.env[fileKey], "utf8").trim();
                }

                module.exports = cleanEnv(process.env, spec);
            """,
        },
    )
    for name in ("HTTP_PORT", "DB_PASSWORD", "SMTP_HOST"):
        variant = variables[name + "_FILE"]
        assert variant.file_of == name
        assert variant.optional
        assert not variant.secret
        assert "file-variant" in variables[name].sources
    assert variables["HTTP_PORT"].default == "8080"
    assert not variables["DB_PASSWORD"].optional  # the variant is another way to give it, not a default
    assert set(variables) == {"HTTP_PORT", "DB_PASSWORD", "SMTP_HOST"} | {
        n + "_FILE" for n in ("HTTP_PORT", "DB_PASSWORD", "SMTP_HOST")
    }


def test_keys_loops_over_a_zod_shape_object_entries_and_arrays_with_affixes() -> None:
    code = """
        import fs from "node:fs";
        import { z } from "zod";

        const schema = z.object({ REDIS_URL: z.string(), API_TOKEN: z.string() });
        Object.keys(schema.shape).forEach((name) => {
          const path = process.env[`${name}_FILE`];
          if (path) process.env[name] = fs.readFileSync(path, "utf8");
        });

        const legacy = { MAIL_USER: "", MAIL_PASS: "" };
        for (const [key, fallback] of Object.entries(legacy)) {
          settings[key] = process.env["OLD_" + key] ?? fallback;
        }

        const NAMES = ["S3_KEY", "S3_SECRET"];
        for (const n of NAMES) load(process.env[n + "_FILE"]);

        const local = { notAVariable: 1 };
        for (const k in local) console.log(process.env[k + "_file"]);
        for (const k in process.env) console.log(process.env[k + "_FILE"]);
        export const env = schema.parse(process.env);
    """
    reads = discover_javascript(code, "src/env.ts")
    variants = {r.name for r in reads if r.source == "docker-secret-file"}
    assert variants == {"REDIS_URL_FILE", "API_TOKEN_FILE", "S3_KEY_FILE", "S3_SECRET_FILE"}
    assert all(r.optional for r in reads if r.source == "docker-secret-file")
    names = {r.name for r in reads}
    assert {"OLD_MAIL_USER", "OLD_MAIL_PASS", "REDIS_URL", "API_TOKEN"} <= names
    assert "notAVariable_file" in names  # read all the same, but a lowercase suffix is no file variant
    assert not any(n.startswith("OLD_") for n in variants)


def test_reads_of_a_validated_env_object_keep_the_schemas_default(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "server/env.js": """
                const { cleanEnv, str, bool } = require("envalid");
                module.exports = cleanEnv(process.env, {
                  LOGIN_FORM_DISABLED: bool({ default: false }),
                  FORCE_HTTPS: bool({ default: false }),
                  SITE_TITLE: str({ default: "Links" }),
                  REPORT_ADDRESS: str({ default: "" }),
                });
            """,
            "server/auth.js": """
                const env = require("./env");
                if (!env.LOGIN_FORM_DISABLED) {
                  passport.use(new LocalStrategy({ usernameField: "email" }, verify));
                }
            """,
            "server/links.js": """
                const env = require("./env");
                const scheme = (env.FORCE_HTTPS || !domain) && !env.isDev ? "https://" : "http://";
                const title = env.SITE_TITLE || computeTitle();
                const to = env.REPORT_ADDRESS || "abuse@example.com";
            """,
        },
    )
    assert variables["LOGIN_FORM_DISABLED"].default == "false"
    assert variables["FORCE_HTTPS"].default == "false"
    assert variables["SITE_TITLE"].default == "Links"
    # a literal fallback of the code still disagrees with the schema's: no single default
    assert variables["REPORT_ADDRESS"].default is None


def test_a_zod_schema_parsed_through_a_derived_schema() -> None:
    code = """
        import { z } from "zod";

        const base = z.object({ LOG_LEVEL: z.string().default("info") });
        const extra = z.object({ TRACE_URL: z.string().url().optional() });
        const allEnv = z.object({
          PORT: z.coerce.number().default(3000),
          SESSION_SECRET: z.string(),
          JOB_TIMEOUT: z.coerce.number().default(10 * 60),
        });

        const widened = allEnv.extend({ CACHE_DIR: z.string().default("/tmp/cache") }).merge(base);
        const checked = widened
          .and(extra)
          .refine((v) => v.PORT > 0)
          .superRefine((v, ctx) => ctx);
        const configSchema = checked.transform((val) => ({ port: val.PORT, secret: val.SESSION_SECRET }));

        export const config = configSchema.parse(process.env);

        const other = z.object({ WORKER_ID: z.string() });
        export const worker = other.pipe(z.object({ WORKER_ID: z.string() })).parse(process.env);
        const ignored = z.object({ NOT_READ: z.string() }).transform((v) => v);
    """
    assert found(discover_javascript(code, "src/config.ts")) == {
        ("PORT", True, "3000"),
        ("SESSION_SECRET", False, None),
        ("JOB_TIMEOUT", True, None),  # arithmetic: no one literal
        ("CACHE_DIR", True, "/tmp/cache"),
        ("LOG_LEVEL", True, "info"),
        ("TRACE_URL", True, None),
        ("WORKER_ID", False, None),
    }


def test_a_zod_schema_extended_from_another_schemas_shape() -> None:
    code = """
        import { z } from "zod";
        const shared = z.object({ DATABASE_URL: z.string() });
        const env = z
          .object({ PORT: z.string().default("80") })
          .extend(shared.shape)
          .parse(process.env);
    """
    assert found(discover_javascript(code, "src/env.ts")) == {
        ("PORT", True, "80"),
        ("DATABASE_URL", False, None),
    }


def test_a_helper_wrapping_zod_prefault_gives_its_argument_as_the_default(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "packages/shared/zod.ts": """
                import { z } from "zod";
                export const envFlag = (fallback: string) =>
                  z
                    .string()
                    .prefault(fallback)
                    .refine((s) => s === "true" || s === "false")
                    .transform((s) => s === "true");
            """,
            "packages/shared/config.ts": """
                import { z } from "zod";
                import { envFlag } from "./zod";

                const stringBool = (defaultValue: string) =>
                  z.string().prefault(defaultValue).transform((s) => s === "true");

                const allEnv = z.object({
                  SIGNUPS_DISABLED: stringBool("false"),
                  CRAWLER_HEADLESS: stringBool("true"),
                  METRICS_ENABLED: envFlag("true"),
                });
                const schema = allEnv.transform((v) => ({ signups: !v.SIGNUPS_DISABLED }));
                export default schema.parse(process.env);
            """,
            "packages/queue/env.ts": """
                import { z } from "zod";
                export const queueEnv = z
                  .object({ QUEUE_EXPOSE_ADMIN: envFlag("false") })
                  .parse(process.env);
            """,
        },
    )
    assert variables["SIGNUPS_DISABLED"].default == "false"
    assert variables["CRAWLER_HEADLESS"].default == "true"
    assert variables["METRICS_ENABLED"].default == "true"  # the imported helper's parameter
    assert variables["QUEUE_EXPOSE_ADMIN"].default == "false"  # the only helper of that name
    assert all(variables[n].optional for n in ("SIGNUPS_DISABLED", "METRICS_ENABLED", "QUEUE_EXPOSE_ADMIN"))


def test_scripts_tools_and_benchmark_packages_are_not_the_running_app(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "apps/worker/package.json": '{"name": "worker", "scripts": {"start": "tsx index.ts"}}',
            "apps/worker/index.ts": 'import { run } from "./jobs/run";\nrun(process.env.WORKER_QUEUE);\n',
            "apps/worker/jobs/run.ts": (
                "export const run = (q: string) => spawn(new URL('../scripts/parse.js', import.meta.url));\n"
                "// for a one-off crawl see scripts/adhoc.ts\n"
            ),
            "apps/worker/tsdown.config.ts": 'export default { entry: ["index.ts", "scripts/render.ts"] };\n',
            # run by nobody, named only in a comment: a developer's command
            "apps/worker/scripts/adhoc.ts": "if (process.env.ADHOC_REAL_DB !== '1') { useScratch(); }\n",
            # spawned by the worker, bundled as an entry: the app's
            "apps/worker/scripts/parse.ts": "const limit = process.env.PARSE_MEMORY_MB;\n",
            "apps/worker/scripts/render.ts": "const width = process.env.RENDER_WIDTH;\n",
            "apps/web/package.json": '{"name": "web", "scripts": {"start": "next start"}}',
            "apps/web/src/lib/config.ts": "export const url = process.env.WEB_URL;\n",
            "apps/web/src/app/page.tsx": 'import { url } from "@/lib/config";\nexport default () => url;\n',
            # a developer tool with its own schema and example env file
            "tools/compare/package.json": '{"name": "@acme/compare", "scripts": {"run": "tsx src/index.ts"}}',
            "tools/compare/.env.example": "COMPARE_LIMIT=10\nMODEL_A=gpt\n",
            "tools/compare/src/config.ts": "export const limit = process.env.COMPARE_LIMIT ?? 10;\n",
            "tools/compare/src/index.ts": 'import { limit } from "./config";\nconsole.log(limit);\n',
            # a benchmark package's compose file and source
            "packages/benchmarks/package.json": (
                '{"name": "@acme/benchmarks", "scripts": {"bench": "tsx src/b.ts"}}'
            ),
            "packages/benchmarks/docker-compose.yml": (
                "services:\n  app:\n    build:\n      context: ../../\n"
                "    environment:\n      APP_URL: http://localhost:${BENCH_PORT:-3000}\n"
            ),
            "packages/benchmarks/src/b.ts": "const rounds = process.env.BENCH_ROUNDS;\n",
        },
    )
    variables = project(tmp_path, {})
    scopes = {name: variables[name].scope for name in variables}
    assert scopes["WORKER_QUEUE"] == "runtime"
    assert scopes["PARSE_MEMORY_MB"] == "runtime"
    assert scopes["RENDER_WIDTH"] == "runtime"
    assert scopes["WEB_URL"] == "runtime"
    assert scopes["ADHOC_REAL_DB"] == "dev"
    assert scopes["COMPARE_LIMIT"] == "dev"
    assert scopes["MODEL_A"] == "example"  # declared only, in the tool's example file
    assert scopes["BENCH_ROUNDS"] == "dev"  # its `bench` script runs it: a developer's command
    assert scopes["BENCH_PORT"] == "test"


def test_a_loop_guarded_by_a_known_list_reads_each_listed_name(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "api/lib/utils.ts": """
                export function parseSecurityKeys(config: any) {
                    config.securityKeys = config.securityKeys || {}
                    const availableKeys = ['S2_Unauthenticated', 'S2_Authenticated', 'S0_Legacy']
                    const envKeys = Object.keys(process.env)
                        .filter((k) => k?.startsWith('KEY_'))
                        .map((k) => k.substring(4))
                    for (const k of envKeys) {
                        if (availableKeys.includes(k)) {
                            config.securityKeys[k] = process.env[`KEY_${k}`]
                        }
                    }
                    const labels = ['main', 'backup']
                    for (const l of envKeys) {
                        if (labels.includes(l)) {
                            config.labels[l] = process.env[`LABEL_${l}`]
                        }
                    }
                }
            """,
        },
    )
    assert found["KEY_S2_Unauthenticated"].secret  # kept as one of the security keys
    assert found["KEY_S0_Legacy"].secret
    assert found["LABEL_main"].secret is False
    assert "KEY_S1_Unknown" not in found
