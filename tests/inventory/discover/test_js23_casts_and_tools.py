"""TypeScript casts and assertions around the environment object are still reads (`(env as any)["X"]`,
`(process.env as Record<string, string>).X`, `(<any>process.env).X`); developer tools' configs
(drizzle-kit's `drizzle.config.ts`, graphql-codegen's `codegen.ts`) are what a developer runs, unless a
start script runs the tool; a Node server a package builds with a second Vite config (`build.ssr`) reads its
`process.env` when it runs, beside the browser app the same package bundles."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_SERVER = (
    '{"name": "api", "main": "dist/index.js", "scripts": {"start": "node dist/index.js"},'
    ' "dependencies": {"hono": "^4.0.0"}}\n'
)


def test_casts_around_the_environment_object_are_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _SERVER,
            "src/index.ts": """
                import { env } from "node:process";

                const secret = (env as any)[
                    "WEBHOOK_SIGNING_SECRET"
                ];
                const url = (process.env as Record<string, string>).UPSTREAM_URL;
                const mode = (process.env as any).RUN_MODE || "web";
                const region = (<any>process.env).STORAGE_REGION;
                const team = ((env as unknown) as { TEAM_ID: string }).TEAM_ID;
                const zone = (env satisfies NodeJS.ProcessEnv)["TIME_ZONE"] ?? "UTC";
                // a call's argument cast: still the call's, not a member of the environment
                const parsed = parse(env as any).NOT_A_READ;
                export { secret, url, mode, region, team, zone, parsed };
            """,
        },
    )
    assert found["WEBHOOK_SIGNING_SECRET"].secret
    assert "UPSTREAM_URL" in found
    assert found["RUN_MODE"].default == "web"
    assert "STORAGE_REGION" in found
    assert "TEAM_ID" in found
    assert found["TIME_ZONE"].default == "UTC"
    assert "NOT_A_READ" not in found


def test_dev_tool_configs_are_developer_commands(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": """
                {"name": "api", "main": "dist/index.js",
                 "scripts": {"start": "node dist/index.js", "db:studio": "drizzle-kit studio",
                             "codegen": "graphql-codegen"},
                 "dependencies": {"hono": "^4.0.0"},
                 "devDependencies": {"drizzle-kit": "^0.31.0", "@graphql-codegen/cli": "^6.0.0"}}
            """,
            "src/index.ts": "console.log(process.env.API_PORT ?? '3000');\n",
            "drizzle.config.ts": """
                import { env } from 'node:process';
                import { defineConfig } from 'drizzle-kit';

                export default defineConfig({
                  dialect: 'turso',
                  dbCredentials: {
                    url: env.DRIZZLE_DB_URL ?? 'file:./db.sqlite',
                    authToken: env.DRIZZLE_DB_TOKEN,
                  },
                });
            """,
            "codegen.ts": """
                import { CodegenConfig } from "@graphql-codegen/cli";
                const host = process.env["GRAPHQL_SCHEMA_HOST"] || "localhost";
                const config: CodegenConfig = { schema: `http://${host}/graphql`, generates: {} };
                export default config;
            """,
        },
    )
    assert found["API_PORT"].scope == "runtime"
    assert found["DRIZZLE_DB_URL"].scope == "dev"
    assert found["DRIZZLE_DB_TOKEN"].scope == "dev"
    assert found["GRAPHQL_SCHEMA_HOST"].scope == "dev"


def test_a_dev_tool_a_start_script_runs_stays_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": """
                {"name": "api", "main": "dist/index.js",
                 "scripts": {"start": "npm run migrate && node dist/index.js",
                             "migrate": "drizzle-kit migrate"},
                 "dependencies": {"hono": "^4.0.0", "drizzle-kit": "^0.31.0"}}
            """,
            "src/index.ts": "console.log(process.env.API_PORT);\n",
            "drizzle.config.ts": """
                export default {
                  dialect: 'postgresql',
                  dbCredentials: { url: process.env.MIGRATIONS_DB_URL },
                };
            """,
        },
    )
    assert found["MIGRATIONS_DB_URL"].scope == "runtime"


def test_a_vite_ssr_server_beside_the_browser_app_reads_its_environment(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "web/package.json": """
                {"name": "web", "type": "module",
                 "scripts": {"build-app": "vite build -c vite.config.app.ts",
                             "build-server": "vite build -c vite.config.server.ts --mode production",
                             "serve": "node ./dist_server/index.js"},
                 "devDependencies": {"vite": "^6.0.0", "react": "^19.0.0"}}
            """,
            "web/vite.config.app.ts": """
                import { defineConfig } from "vite";
                export default defineConfig({ build: { outDir: "dist_app" } });
            """,
            "web/vite.config.server.ts": """
                import { defineConfig } from "vite";
                import { resolve } from "path";
                export default defineConfig({
                  build: { ssr: resolve(__dirname, "./src/server/index.ts"), outDir: "dist_server" },
                });
            """,
            "web/src/server/index.ts": """
                import { env } from "node:process";
                const port = env["COLLAB_PORT"] || "1234";
                export default port;
            """,
            "web/src/app/main.tsx": "export const debug = process.env.NODE_DEBUG_UI === 'true';\n",
        },
    )
    assert found["COLLAB_PORT"].scope == "runtime"
    assert found["NODE_DEBUG_UI"].scope == "build"  # the browser app's: the bundler replaces it
