"""Which files run when in a JS/TS project: files only `npm run build`, a seed or a bundler config run are
`build`/`dev`, not runtime; the scripts a Dockerfile's CMD starts are runtime; next.config `env:` keys are
inlined at build time."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.base import is_build_config
from secretguard.inventory.discover.javascript import discover_javascript


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


PACKAGE = {
    "name": "analytics",
    "scripts": {
        "dev": "next dev",
        "build": "npm-run-all check-env build-geo build-app",
        "build-app": "next build",
        "build-geo": "node scripts/build-geo.js",
        "check-env": "node scripts/check-env.js",
        "start": "next start",
        "start-docker": "npm-run-all check-db start-server",
        "start-server": "node server.js",
        "check-db": "node scripts/check-db.js",
        "seed-data": "tsx scripts/seed-data.ts",
        "migrate": "node scripts/migrate.js",
        "postbuild": "node scripts/postbuild.js",
        "test": "vitest run",
        "build-tracker": "rollup -c rollup.tracker.config.js",
    },
}


def test_package_scripts_place_their_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "package.json": json.dumps(PACKAGE),
            "Dockerfile": 'FROM node:22\nCOPY . .\nRUN npm run build\nCMD ["pnpm", "start-docker"]\n',
            "Procfile": "release: node scripts/migrate.js\nweb: npm start\n",
            "scripts/migrate.js": "const target = process.env.MIGRATION_TARGET;\n",
            "scripts/build-geo.js": "const key = process.env.MAXMIND_LICENSE_KEY;\n",
            "scripts/check-env.js": "if (!process.env.DATABASE_URL) throw new Error('x');\n",
            "scripts/check-db.js": "const u = process.env.DATABASE_URL, s = process.env.SKIP_DB_CHECK;\n",
            "scripts/seed-data.ts": "const env = process.env.RAILWAY_ENVIRONMENT;\n",
            "scripts/postbuild.js": "console.log(process.env.POSTBUILD_FLAG);\n",
            "rollup.tracker.config.js": "export default { input: process.env.COLLECT_API_HOST };\n",
            "src/lib/db.ts": "export const replica = process.env.DATABASE_REPLICA_URL;\n",
            "prisma/seed.ts": "const admin = process.env.SEED_ADMIN_PASSWORD;\n",
            "web/.eslintrc.js": "module.exports = { rules: { debug: process.env.LINT_STRICT ? 2 : 0 } };\n",
            "playwright.config.ts": "export default { baseURL: process.env.E2E_BASE_URL };\n",
        },
    )
    scopes = {v.name: v.scope for v in discover(tmp_path).variables}
    assert scopes == {
        "MAXMIND_LICENSE_KEY": "build",
        "DATABASE_URL": "runtime",  # check-db.js runs at start; check-env.js at build
        "SKIP_DB_CHECK": "runtime",
        "RAILWAY_ENVIRONMENT": "dev",  # a seed task
        "POSTBUILD_FLAG": "build",  # `postbuild` runs after `build`
        "COLLECT_API_HOST": "build",  # a bundler config
        "DATABASE_REPLICA_URL": "runtime",
        "SEED_ADMIN_PASSWORD": "dev",  # a Prisma seed
        "LINT_STRICT": "dev",  # a linter's config
        "MIGRATION_TARGET": "runtime",  # a dev script, but the Procfile runs the file at release
        "E2E_BASE_URL": "test",  # a test runner's config
    }


def test_next_config_env_keys_are_inlined_at_build_time(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "next.config.ts": """
                const basePath = process.env.BASE_PATH || '';
                const corsMaxAge = process.env.CORS_MAX_AGE || '';
                export default { basePath, env: { basePath, cloudMode: process.env.CLOUD_MODE || '' } };
            """,
            "src/app/App.tsx": "const base = process.env.basePath;\nconst cloud = process.env.cloudMode;\n",
            "src/proxy.ts": """
                const maxAge = process.env.CORS_MAX_AGE || '86400';
                export const p = process.env.BASE_PATH;
            """,
        },
    )
    found = {v.name: v for v in discover(tmp_path).variables}
    assert {name: v.scope for name, v in found.items()} == {
        "BASE_PATH": "runtime",
        "CORS_MAX_AGE": "runtime",
        "CLOUD_MODE": "build",  # only the config reads it
        "basePath": "build",
        "cloudMode": "build",
    }
    # the runtime place's default wins over the build config's ''
    assert found["CORS_MAX_AGE"].default == "86400"


def test_build_config_names() -> None:
    for rel in ("next.config.js", "web/vite.config.ts", "rollup.recorder.config.js", "webpack.config.cjs"):
        assert is_build_config(rel), rel
    for rel in ("src/config.ts", "next-config-helpers.ts", "src/vite.ts"):
        assert not is_build_config(rel), rel


def test_typescript_cast_before_the_default() -> None:
    code = "const m = (process.env.KAFKA_SASL_MECHANISM as 'plain' | 'scram-sha-256') || 'plain';\n"
    (read,) = discover_javascript(code, "src/lib/kafka.ts")
    assert (read.name, read.optional, read.default) == ("KAFKA_SASL_MECHANISM", True, "plain")


def test_a_hosting_platforms_build_hook_runs_its_program_at_build_time(tmp_path: Path) -> None:
    package = {
        "name": "notes",
        "scripts": {
            "start": "node app.js",
            "build": "webpack --config webpack.prod.js",
            "heroku-postbuild": "npm run build && ./bin/platform-setup",
        },
    }
    write(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "app.js": "const port = process.env.APP_PORT || 3000;\n",
            "bin/platform-setup": """
                #!/usr/bin/env bash
                set -e
                if [ -n "$BUILD_STACK" ]; then cp config.json.example config.json; fi
            """,
        },
    )
    found = {v.name: v for v in discover(tmp_path).variables}
    assert found["BUILD_STACK"].scope == "build"  # only the platform's build hook runs the program
    assert found["APP_PORT"].scope == "runtime"
