"""Client apps whose `process.env` reads are inlined while they are bundled: an Expo / React Native app
(Metro inlines `EXPO_PUBLIC_*` and `EXPO_OS`; the bundle runs on phones) and a SvelteKit app prerendered by
`@sveltejs/adapter-static` (files served by another program). A SvelteKit app with a server adapter renders
on its own server: its reads stay runtime."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_an_expo_app_is_a_client_bundle(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "apps/mobile/package.json": """
                {"name": "mobile", "main": "expo-router/entry",
                 "dependencies": {"expo": "~53.0.0", "react-native": "0.79.0", "expo-router": "~5.0.0"}}
            """,
            "apps/mobile/lib/api.ts": "export const base = process.env.EXPO_PUBLIC_API_URL ?? 'https://x.test';\n",
            "apps/mobile/components/Tap.tsx": "export const ios = process.env.EXPO_OS === 'ios';\n",
            # the Expo CLI reads the app config while it builds
            "apps/mobile/app.config.ts": "export default { ios: { scheme: process.env.EXPO_IOS_SCHEME } };\n",
            "apps/server/package.json": '{"name": "server", "dependencies": {"express": "^4.0.0"}}\n',
            "apps/server/src/main.ts": "export const port = process.env.PORT || 3000;\n",
        },
    )
    assert found["EXPO_PUBLIC_API_URL"].scope == "build"
    assert found["EXPO_OS"].scope == "build"
    assert found["EXPO_IOS_SCHEME"].scope == "build"
    assert found["PORT"].scope == "runtime"


def test_a_static_sveltekit_app_is_a_client_bundle(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "frontend/package.json": """
                {"name": "ui", "devDependencies": {"@sveltejs/kit": "^2.0.0",
                 "@sveltejs/adapter-static": "^3.0.0", "vite": "^6.0.0", "svelte": "^5.0.0"}}
            """,
            "frontend/src/lib/api.ts": """
                const dev = typeof process !== "undefined" && process?.env?.DEV_BACKEND_URL;
                export const backend = dev ? process.env.DEV_BACKEND_URL : "";
            """,
            "site/package.json": """
                {"name": "site", "devDependencies": {"@sveltejs/kit": "^2.0.0",
                 "@sveltejs/adapter-node": "^5.0.0", "vite": "^6.0.0"}}
            """,
            "site/src/hooks.server.ts": "export const secret = process.env.SESSION_SECRET;\n",
        },
    )
    assert found["DEV_BACKEND_URL"].scope == "build"
    assert found["SESSION_SECRET"].scope == "runtime"


def test_a_nuxt_app_with_server_rendering_off_is_a_client_bundle(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "client/package.json": '{"name": "client", "dependencies": {"nuxt": "^2.17.0"}}\n',
            "client/nuxt.config.js": """
                export default {
                  ssr: false,
                  target: 'static',
                  env: { apiBase: process.env.NODE_ENV === 'production' ? '' : 'http://localhost:3333' },
                }
            """,
            "client/plugins/api.js": "export const base = `${process.env.apiBase}/api`;\n",
            "web/package.json": '{"name": "web", "dependencies": {"nuxt": "^3.0.0"}}\n',
            "web/nuxt.config.ts": "export default defineNuxtConfig({ ssr: true })\n",
            "web/server/api/hello.ts": "export const key = process.env.WEB_API_KEY;\n",
        },
    )
    assert found["apiBase"].scope == "build"  # generated to files: webpack inlines it
    assert found["WEB_API_KEY"].scope == "runtime"  # a Nuxt app rendering on its own server
