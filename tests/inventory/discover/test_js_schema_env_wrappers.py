"""A zod or t3-env schema given the environment through a helper call (`removeEmpty(process.env)`), a spread
copy (`{ ...process.env }`) or `Object.fromEntries(Object.entries(process.env)...)`: zod parses whatever
object it is handed, so the schema's keys are still the variables, with the schema's defaults."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.javascript import discover_javascript


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def schema_reads(code: str, source: str = "zod") -> set[tuple[str, bool, str | None]]:
    return {
        (r.name, r.optional, r.default)
        for r in discover_javascript(src(code), "src/env.ts")
        if r.source == source
    }


EXPECTED = {
    ("DATABASE_URL", False, None),
    ("WORKER_CONCURRENCY", True, "4"),
    ("UPLOAD_PATH_STYLE", True, "false"),
}


def test_a_helper_call_around_process_env_is_parsed_as_the_environment() -> None:
    code = """
        import { z } from "zod";
        import { dropBlankValues } from "./utils";

        const EnvSchema = z.object({
          DATABASE_URL: z.string().url(),
          WORKER_CONCURRENCY: z.coerce.number().default(4),
          UPLOAD_PATH_STYLE: z.enum(["true", "false"]).default("false"),
        });

        export const env = EnvSchema.parse(dropBlankValues(process.env));
    """
    assert schema_reads(code) == EXPECTED


def test_safe_parse_over_a_local_helper_and_a_namespaced_one() -> None:
    code = """
        import { z } from "zod";
        import * as util from "./util";

        function clean(vars: NodeJS.ProcessEnv) {
          return Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== ""));
        }

        const Base = z.object({ DATABASE_URL: z.string() });
        const Extra = z.object({
          WORKER_CONCURRENCY: z.coerce.number().default(4),
          UPLOAD_PATH_STYLE: z.string().default("false"),
        });

        const first = Base.safeParse(clean(process.env));
        const second = Extra.safeParse(util.trimmed(process.env, { keep: true }));
    """
    assert schema_reads(code) == EXPECTED


def test_a_spread_copy_and_object_from_entries_are_the_environment() -> None:
    code = """
        import { z } from "zod";

        const Base = z.object({ DATABASE_URL: z.string() });
        const Extra = z.object({
          WORKER_CONCURRENCY: z.coerce.number().default(4),
          UPLOAD_PATH_STYLE: z.string().default("false"),
        });

        export const base = Base.parse({ ...process.env, NODE_ENV: "production" });
        export const extra = Extra.parse(
          Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")),
        );
    """
    assert schema_reads(code) == EXPECTED


def test_t3_runtime_env_built_by_a_helper_keeps_the_schema_defaults() -> None:
    code = """
        import { createEnv } from "@t3-oss/env-nextjs";
        import { z } from "zod";
        import { dropBlankValues } from "./utils";

        export const env = createEnv({
          server: {
            DATABASE_URL: z.string().url(),
            WORKER_CONCURRENCY: z.coerce.number().default(4),
            UPLOAD_PATH_STYLE: z.enum(["true", "false"]).default("false"),
          },
          runtimeEnv: dropBlankValues(process.env),
        });
    """
    assert schema_reads(code, "t3-env") == EXPECTED


def test_a_value_derived_from_one_variable_is_not_the_environment() -> None:
    code = """
        import { z } from "zod";

        const Ports = z.object({ HTTP_PORT: z.number(), ADMIN_PORT: z.number() });
        export const ports = Ports.parse(JSON.parse(process.env.PORTS_JSON ?? "{}"));
    """
    assert schema_reads(code) == set()
    names = {r.name for r in discover_javascript(src(code), "src/env.ts")}
    assert "PORTS_JSON" in names
    assert "HTTP_PORT" not in names
