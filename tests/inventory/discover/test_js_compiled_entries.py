"""A container running the compiled entry (`CMD ["pm2-runtime", "dist/src/main.js"]` in a package's
Dockerfile) runs its TypeScript source (`src/main.ts`): the source's reads are runtime even when an e2e setup
also imports it."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_the_source_of_a_launched_compiled_entry_is_runtime(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "mono", "private": true}\n',
            "apps/mail/package.json": '{"name": "@acme/mail", "scripts": {"test": "mocha e2e/setup.ts"}}\n',
            "apps/mail/Dockerfile": 'FROM node:20\nCOPY . .\nCMD ["pm2-runtime", "dist/src/main.js"]\n',
            "apps/mail/src/main.ts": "const { env } = process;\nexport const port = env.MAIL_PORT || 25;\n",
            "apps/mail/e2e/setup.ts": "import '../src/main';\n",
        },
    )
    assert found["MAIL_PORT"].scope == "runtime"
    assert found["MAIL_PORT"].default == "25"


def test_astro_reads_and_its_configs_fallbacks_are_the_builds(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": (
                '{"name": "site", "dependencies": {"astro": "5"}, "scripts": {"start": "node server.js"}}\n'
            ),
            "astro.config.mjs": (
                "const env = (name, fallback) => process.env[name] || fallback;\n"
                "export default { output: env('PLATFORM', 'node') };\n"
            ),
            "src/client/jobs.ts": "export const api = import.meta.env.PUBLIC_API_ENDPOINT;\n",
            "server.js": "const platform = process.env.PLATFORM;\nconsole.log(platform);\n",
        },
    )
    assert found["PUBLIC_API_ENDPOINT"].scope == "build"
    assert found["PLATFORM"].scope == "runtime"
    assert found["PLATFORM"].default is None  # astro.config's fallback is the build's


def test_next_config_fallbacks_stand_for_the_running_server(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "web", "dependencies": {"next": "14"}}\n',
            "next.config.js": "module.exports = { env: { socketPort: process.env.SOCKET_PORT || 3001 } };\n",
            "server/ws.ts": "export const port = process.env.SOCKET_PORT;\n",
        },
    )
    assert found["SOCKET_PORT"].default == "3001"  # `next start` loads next.config.js again
