"""A JS/TS module takes the scope of the files that import it when every one of them is a non-runtime
entry point (a release or build script a package.json script runs); any runtime or unplaced importer, or
none at all, keeps it runtime."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def test_helpers_of_maintainer_scripts_take_their_scope(tmp_path: Path) -> None:
    scripts = {
        "start": "node server/index.js",
        "release-beta": "node tools/release/beta.mjs",
        "build-assets": "node tools/build.js",
    }
    write(
        tmp_path,
        {
            "package.json": json.dumps({"name": "monitor", "scripts": scripts}),
            "tools/release/beta.mjs": """
                import { publish } from "./helpers.mjs";
                import { banner } from "../../shared/banner.js";
                import { version } from "../../server/version.js";
                await publish();
            """,
            "tools/release/helpers.mjs": """
                import { gh } from "./gh.mjs";
                export async function publish() {
                    if (process.env.DRY_RUN) return;
                    await gh(process.env.RELEASE_TOKEN);
                }
            """,
            "tools/release/gh.mjs": "export const gh = () => process.env.GITHUB_API_URL;\n",
            "tools/build.js": 'const { banner } = require("../shared/banner");\n',
            "shared/banner.js": "export const banner = process.env.BANNER_TEXT;\n",
            "server/index.js": 'require("./app");\n',
            "server/app.js": 'const { version } = require("./version");\nconst p = process.env.PORT;\n',
            "server/version.js": "export const version = process.env.APP_VERSION_OVERRIDE;\n",
            "server/jobs/cleanup.js": "const days = process.env.KEEP_DAYS;\n",  # nobody imports it
            "lib/aliased.ts": "export const region = process.env.STORAGE_REGION;\n",
            "tools/release/alias-user.mjs": 'import { region } from "@/lib/aliased";\n',
            "server/alias-user.ts": 'import { region } from "@/lib/aliased";\n',
        },
    )
    scopes = {v.name: v.scope for v in discover(tmp_path).variables}
    assert scopes == {
        "DRY_RUN": "dev",
        "RELEASE_TOKEN": "dev",
        "GITHUB_API_URL": "dev",  # imported by an imported helper
        "BANNER_TEXT": "build",  # a build script and a dev script import it: the most important wins
        "PORT": "runtime",
        "APP_VERSION_OVERRIDE": "runtime",  # the release script imports it, and so does the server
        "KEEP_DAYS": "runtime",  # no importer: maybe an entry point run some other way
        "STORAGE_REGION": "runtime",  # an alias import from a runtime file
    }


def test_an_import_cycle_stays_runtime(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "package.json": json.dumps({"scripts": {"lint-fix": "node scripts/fix.js"}}),
            "scripts/fix.js": 'require("../src/a");\n',
            "src/a.js": 'require("./b");\nconst a = process.env.CYCLE_A;\n',
            "src/b.js": 'require("./a");\nconst b = process.env.CYCLE_B;\n',
        },
    )
    scopes = {v.name: v.scope for v in discover(tmp_path).variables}
    assert scopes == {"CYCLE_A": "runtime", "CYCLE_B": "runtime"}
