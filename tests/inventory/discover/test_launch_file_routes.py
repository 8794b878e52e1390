"""The import graph's entry points and package paths: a framework's file-routed module (Next.js
`pages/api/**`, `app/**/route.ts`, `middleware.ts`) is run by its path, so a build config's package import
ending in the same name does not make it build-only; a package path ending in `/index` names an index file
by its folder, not every `index.*` of the project."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_file_routed_entry_points_stay_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": """
                {"name": "web", "scripts": {"build": "next build", "start": "next start"},
                 "dependencies": {"next": "^15.0.0", "react": "^19.0.0"},
                 "devDependencies": {"tailwindcss": "^3.0.0", "daisyui": "^4.0.0"}}
            """,
            # a build config importing a package's deep path ending in `index` and one ending in `route`
            "tailwind.config.js": """
                const themes = require("daisyui/src/theming/index");
                const route = require("some-router/lib/route");
                module.exports = { theme: themes, darkMode: process.env.TW_DARK_MODE };
            """,
            "pages/api/v1/billing/index.ts": """
                import { checkout } from "../../../../lib/api/checkout";
                export default function handler() { return checkout(process.env.BILLING_PRICE_ID); }
            """,
            "lib/api/checkout.ts": "export const checkout = (p) => [p, process.env.STRIPE_KEY];\n",
            "app/api/health/route.ts": "export const GET = () => Response.json(process.env.APP_VERSION);\n",
            "middleware.ts": "export const config = { matcher: process.env.PROTECTED_PATHS };\n",
        },
    )
    assert found["TW_DARK_MODE"].scope == "build"
    for name in ("BILLING_PRICE_ID", "STRIPE_KEY", "APP_VERSION", "PROTECTED_PATHS"):
        assert found[name].scope == "runtime", name


def test_a_package_index_path_names_its_folder(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "tool", "scripts": {"build": "node tools/make.js"}}\n',
            "tools/make.js": """
                const theming = require("ui-kit/src/theming/index");
                const shared = require("@app/theming/index");
                console.log(process.env.BUILD_TARGET);
            """,
            # imported only by the build script, through an alias ending in its folder
            "src/theming/index.js": "module.exports = { accent: process.env.THEME_ACCENT };\n",
            # an index file the build script does not import
            "src/server/index.js": "module.exports = { port: process.env.PORT };\n",
        },
    )
    assert found["BUILD_TARGET"].scope == "build"
    assert found["THEME_ACCENT"].scope == "build"
    assert found["PORT"].scope == "runtime"
