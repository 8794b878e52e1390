"""Scopes from a monorepo's workspace packages: an import of a package's name resolves to its module, a
library's own build script does not hide its source from the apps importing it, a package of admin scripts
or a test runner's package is not the running app, and a bundler defining the whole `process.env` builds it
into its package's source and into shared modules only it imports."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inventory.discover.projects import project


def _package(name: str, scripts: dict[str, str] | None = None, **extra: object) -> str:
    return json.dumps({"name": name, "scripts": scripts or {}, **extra})


def test_a_library_bundled_by_its_own_script_stays_runtime_for_the_app_importing_it(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "apps/api/package.json": _package("api", {"start": "node src/server.js"}),
            "apps/api/src/server.js": 'import { env } from "@acme/env";\nlisten(env.PORT);\n',
            "packages/env/package.json": _package(
                "@acme/env",
                {"compile": "esbuild src/index.ts --bundle --outfile=dist/index.js"},
                exports={".": {"import": "./src/index.ts"}},
            ),
            "packages/env/src/index.ts": "export const env = { PORT: process.env.API_PORT };\n",
            "packages/tools/package.json": _package("@acme/gen", {"build": "node gen.js"}),
            "packages/tools/gen.js": "const out = process.env.GEN_OUT_DIR;\n",
        },
    )
    assert variables["API_PORT"].scope == "runtime"
    assert variables["GEN_OUT_DIR"].scope == "build"  # a build script nothing imports stays build


def test_a_package_of_admin_scripts_is_dev_even_through_start(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "packages/scripts/package.json": _package(
                "@acme/scripts", {"start": "tsx src/main.ts", "cleanup": "tsx src/cleanup.ts"}
            ),
            "packages/scripts/src/main.ts": 'import { cleanup } from "./cleanup";\nawait cleanup();\n',
            "packages/scripts/src/cleanup.ts": "export const cleanup = () => process.env.CLEANUP_DAYS;\n",
            "packages/scripts/src/utils.ts": "export const mode = process.env.SCRIPT_MODE;\n",
            "apps/web/package.json": _package("web", {"start": "node server.js"}),
            "apps/web/server.js": "const port = process.env.WEB_PORT;\n",
        },
    )
    assert variables["CLEANUP_DAYS"].scope == "dev"
    assert variables["SCRIPT_MODE"].scope == "dev"  # nothing imports it: still one of the scripts
    assert variables["WEB_PORT"].scope == "runtime"


def test_a_test_runners_package_is_test_scope(tmp_path: Path) -> None:
    variables = project(
        tmp_path,
        {
            "packages/playwright/package.json": _package(
                "@acme/playwright", exports={"./*": {"import": "./src/*.ts"}}
            ),
            "packages/playwright/src/seed.ts": "export const key = process.env.SEED_API_KEY;\n",
            "packages/playwright/src/reset.ts": "export const url = process.env.RESET_DB_URL;\n",
            "apps/web/package.json": _package("web", {"start": "node server.js"}),
            "apps/web/server.js": "const port = process.env.WEB_PORT;\n",
            "apps/web/e2e/login.spec.ts": 'import { key } from "@acme/playwright/seed";\n',
        },
    )
    assert variables["SEED_API_KEY"].scope == "test"
    assert variables["RESET_DB_URL"].scope == "test"
    assert variables["WEB_PORT"].scope == "runtime"


def test_a_bundler_defining_process_env_builds_it_into_its_source_and_shared_modules(tmp_path: Path) -> None:
    vite = """
        const viteEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("V")));
        export default defineConfig({ define: { "process.env": JSON.stringify(viteEnv) } });
    """
    server_deps = {"@react-router/node": "^7", "@react-router/serve": "^7", "vite": "^6"}
    variables = project(
        tmp_path,
        {
            "apps/web/package.json": _package(
                "web", {"start": "react-router-serve ./build/server/index.js"}, dependencies=server_deps
            ),
            "apps/web/vite.config.ts": vite,
            "apps/web/app/root.tsx": (
                'import { API } from "@acme/constants";\nexport const key = process.env.VITE_RECORDER_KEY;\n'
            ),
            "packages/constants/package.json": _package("@acme/constants", main="./src/index.ts"),
            "packages/constants/src/index.ts": "export const API = process.env.VITE_API_URL;\n",
            "packages/shared/package.json": _package("@acme/shared", main="./src/index.ts"),
            "packages/shared/src/index.ts": "export const region = process.env.SHARED_REGION;\n",
            "apps/web/app/routes/home.tsx": 'import { region } from "@acme/shared";\n',
            "apps/api/package.json": _package("api", {"start": "node server.js"}),
            "apps/api/server.js": 'import { region } from "@acme/shared";\nconst p = process.env.API_PORT;\n',
        },
    )
    assert variables["VITE_RECORDER_KEY"].scope == "build"
    assert variables["VITE_API_URL"].scope == "build"  # only the bundle imports it
    assert variables["SHARED_REGION"].scope == "runtime"  # the API server imports it too
    assert variables["API_PORT"].scope == "runtime"
