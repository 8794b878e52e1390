"""TypeScript env helpers written as generic functions (`<K extends Key>(name: K) => process?.env?.[name]`),
names looked up in a literal object map, conversions around a helper's call, comparisons with a literal,
Vite's `import.meta.env` in a browser bundle, and the host-side files around an image (build scripts beside
the Dockerfile, a development compose file)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import discovered, project

# A typed env module in the style of monorepo apps, written for these tests.
ENV_TS = """
    type EnvKey = keyof NodeJS.ProcessEnv | (string & {});
    type EnvValue<K extends EnvKey> = K extends keyof NodeJS.ProcessEnv ? NodeJS.ProcessEnv[K] : string;

    export const env = <K extends EnvKey>(variable: K): EnvValue<K> => {
      if (typeof window !== 'undefined' && window.__ENV__) {
        return window.__ENV__[variable as string] as EnvValue<K>;
      }
      return (typeof process !== 'undefined' ? process?.env?.[variable] : undefined) as EnvValue<K>;
    };

    export const requireEnv = <K extends EnvKey>(variable: K, error?: Error): NonNullable<EnvValue<K>> => {
      const value = env(variable);
      if (!value) {
        throw error ?? new Error(`${String(variable)} is unset`);
      }
      return value as NonNullable<EnvValue<K>>;
    };

    export function setting<T extends Record<string, string>>(name: keyof T & string): string | undefined {
      return process.env[name];
    }
"""


def test_generic_arrow_and_function_wrappers_across_modules(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "packages/lib/utils/env.ts": ENV_TS,
            "packages/lib/jobs/queue.ts": """
                import { env, requireEnv, setting } from '../utils/env';

                export const queue = {
                  id: env('QUEUE_APP_ID_NAME') || 'worker',
                  signing: requireEnv('QUEUE_SIGNING_SECRET'),
                  region: setting('QUEUE_REGION'),
                };
                export const concurrency = Number(env('QUEUE_CONCURRENCY')) || 10;
            """,
        },
    )
    assert (found["QUEUE_APP_ID_NAME"].optional, found["QUEUE_APP_ID_NAME"].default) == (True, "worker")
    assert found["QUEUE_SIGNING_SECRET"].secret
    assert not found["QUEUE_SIGNING_SECRET"].optional
    assert found["QUEUE_REGION"].default is None
    # a conversion around the helper's call keeps the fallback after it
    assert found["QUEUE_CONCURRENCY"].default == "10"


def test_a_comparison_is_no_wrapper() -> None:
    from secretguard.inventory.discover.javascript import discover_javascript

    text = (
        "const small = count < LIMIT; const big = (x: number) => x > 3;\nexport const h = process.env.HOST;\n"
    )
    assert [r.name for r in discover_javascript(text, "src/a.ts")] == ["HOST"]


def test_names_looked_up_in_a_literal_object_map(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/env.ts": ENV_TS,
            "src/flags.ts": """
                import { env } from './env';

                export const signupEnabled = (provider: 'email' | 'github'): boolean => {
                  const flagMap = {
                    email: 'DISABLE_EMAIL_SIGNUP',
                    github: 'DISABLE_GITHUB_SIGNUP',
                  } as const;
                  return env(flagMap[provider]) !== 'true';
                };

                export const signinEnabled = (provider: 'email' | 'github'): boolean => {
                  const flagMap = { email: 'DISABLE_EMAIL_SIGNIN', github: 'DISABLE_GITHUB_SIGNIN' } as const;
                  return process.env[flagMap[provider]] !== 'true';
                };
            """,
        },
    )
    names = {"DISABLE_EMAIL_SIGNUP", "DISABLE_GITHUB_SIGNUP", "DISABLE_EMAIL_SIGNIN", "DISABLE_GITHUB_SIGNIN"}
    assert names <= set(found)
    # each function sees its own map: no signup name is read by the signin check, nor the reverse
    assert {loc.rsplit(":", 1)[1] for loc in found["DISABLE_EMAIL_SIGNUP"].locations} == {"8"}
    assert {loc.rsplit(":", 1)[1] for loc in found["DISABLE_EMAIL_SIGNIN"].locations} == {"13"}


def test_an_auth_switch_compared_with_a_literal_is_no_secret(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/env.ts": ENV_TS,
            "src/debug.ts": """
                import { env } from './env';
                export const debugAuth = env('APP_DEBUG_AUTH') === 'true';
                export const basic = 'true' === process.env.APP_BASIC_AUTH;
                export const token = process.env.APP_TOKEN_AUTH;
            """,
        },
    )
    assert not found["APP_DEBUG_AUTH"].secret
    assert not found["APP_BASIC_AUTH"].secret
    assert found["APP_TOKEN_AUTH"].secret  # used as it is: a credential


def test_import_meta_env_of_a_vite_bundle_is_build_time_unless_injected_at_start(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {
            "frontend/package.json": """
                {"name": "frontend", "private": true, "dependencies": {"vue": "^3.4.0"},
                 "devDependencies": {"vite": "^5.0.0", "@vitejs/plugin-vue": "^5.0.0"}}
            """,
            "frontend/src/api/index.js": "export const base = import.meta.env.VUE_APP_ROOT_URL || '/';\n",
            "frontend/src/useOnline.ts": "export const online = import.meta.env.VITE_IS_ONLINE;\n",
            # a bundle whose placeholders a start script fills from the container's environment
            "web/package.json": """
                {"name": "web", "dependencies": {"vue": "^3.4.0"},
                 "devDependencies": {"vite": "^5.0.0", "@import-meta-env/unplugin": "^0.6.0"}}
            """,
            "web/src/config.ts": "export const backend = import.meta.env.VITE_BACKEND_URL;\n",
        },
    )
    scopes = {v.name: v.scope for v in result.variables}
    assert scopes["VUE_APP_ROOT_URL"] == "build"
    assert scopes["VITE_IS_ONLINE"] == "build"
    assert scopes["VITE_BACKEND_URL"] == "runtime"


def test_image_build_scripts_and_a_development_compose_are_not_runtime(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {
            "docker/Dockerfile": 'FROM node:20\nCOPY . .\nCMD ["sh", "docker/start.sh"]\n',
            "docker/build.sh": """
                #!/usr/bin/env bash
                docker build -f docker/Dockerfile -t app-base .
                if [ ! -z "$IMAGE_REPOSITORY" ]; then
                    docker tag app-base "$IMAGE_REPOSITORY:latest"
                    docker push "$IMAGE_REPOSITORY:latest"
                fi
            """,
            "docker/buildx-and-push.sh": """
                #!/usr/bin/env bash
                if [ -z "$BUILD_PLATFORM" ]; then BUILD_PLATFORM="linux/amd64"; fi
                docker buildx build --platform=$BUILD_PLATFORM -t app:latest --push .
            """,
            # the image's own start script, beside it: runtime
            "docker/start.sh": """
                #!/bin/sh
                npx prisma migrate deploy
                HOSTNAME=0.0.0.0 node build/server.js --port "${APP_PORT:-3000}"
            """,
            "docker/development/compose.yml": """
                services:
                  converter:
                    image: gotenberg/gotenberg:8
                    environment:
                      - CONVERTER_BASIC_AUTH_USERNAME=dev
                      - CONVERTER_BASIC_AUTH_PASSWORD=dev
            """,
        },
    )
    scopes = {v.name: v.scope for v in result.variables}
    assert scopes["IMAGE_REPOSITORY"] == "build"
    assert scopes["BUILD_PLATFORM"] == "build"
    assert scopes["APP_PORT"] == "runtime"
    assert scopes["CONVERTER_BASIC_AUTH_USERNAME"] == "dev"
    assert scopes["CONVERTER_BASIC_AUTH_PASSWORD"] == "dev"


def test_a_list_of_database_urls_is_a_secret() -> None:
    from secretguard.inventory.discover.base import secret_by_name

    assert secret_by_name("APP_DATABASE_REPLICA_URLS")
    assert secret_by_name("POSTGRES_READ_URIS")
    assert not secret_by_name("ALLOWED_REDIRECT_URLS")


def test_optional_chaining_on_process_env() -> None:
    from secretguard.inventory.discover.javascript import discover_javascript

    text = 'export const a = process?.env?.APP_MODE ?? "fast";\nexport const b = process?.env?.["APP_B"];\n'
    assert [(r.name, r.default) for r in discover_javascript(text, "src/a.ts")] == [
        ("APP_MODE", "fast"),
        ("APP_B", None),
    ]
