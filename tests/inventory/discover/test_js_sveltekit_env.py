"""SvelteKit's `$env/*` modules: `env.X` on `$env/dynamic/private|public` is a runtime read (defaults,
comparisons and destructuring as on `process.env`); names imported from `$env/static/*` are inlined by
the build."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from secretguard.inventory.discover import discover
from secretguard.inventory.discover.javascript import JsProject

_LAYOUT = """
    <script lang="ts">
      import { env } from "$env/dynamic/public";
      import { page } from "$app/stores";
      const tiles = env.PUBLIC_TILE_SERVER ?? "https://tiles.example.org";
    </script>

    <nav>We're on {$page.url.pathname}</nav>
    {#if env.PUBLIC_MAINTENANCE === "true"}
      <p class="banner">Maintenance tonight</p>
    {/if}
"""

_SERVER = """
    import { env as priv } from '$env/dynamic/private';
    import { STRIPE_SECRET, PUBLIC_BRAND } from '$env/static/private';
    import type { Handle } from '@sveltejs/kit';

    const { MAILER_HOST, MAILER_PORT = "587" } = priv;

    export const handle: Handle = async ({ event, resolve }) => {
      if (priv.SIGNUPS_CLOSED == "true") event.locals.closed = true;
      event.locals.api = priv.BACKEND_URL;
      return resolve(event);
    };
"""


def _reads(text: str, file: str) -> dict[str, tuple[bool, str | None, str | None, str | None]]:
    found = JsProject().discover(textwrap.dedent(text), file)
    return {r.name: (r.optional, r.default, r.scope, r.compared_with) for r in found}


def test_dynamic_env_members_are_runtime_reads_in_svelte_markup() -> None:
    assert _reads(_LAYOUT, "src/routes/+layout.svelte") == {
        "PUBLIC_TILE_SERVER": (True, "https://tiles.example.org", None, None),
        "PUBLIC_MAINTENANCE": (False, None, None, "true"),
    }


def test_renamed_dynamic_env_destructuring_and_static_imports() -> None:
    assert _reads(_SERVER, "src/hooks.server.ts") == {
        "STRIPE_SECRET": (False, None, "build", None),
        "PUBLIC_BRAND": (False, None, "build", None),
        "MAILER_HOST": (False, None, None, None),
        "MAILER_PORT": (True, "587", None, None),
        "SIGNUPS_CLOSED": (False, None, None, "true"),
        "BACKEND_URL": (False, None, None, None),
    }


def test_a_sveltekit_app_on_adapter_node(tmp_path: Path) -> None:
    package = {
        "name": "web",
        "devDependencies": {"@sveltejs/kit": "^2.0.0", "@sveltejs/adapter-node": "^5.0.0", "vite": "^5.0.0"},
    }
    (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "src/routes").mkdir(parents=True)
    (tmp_path / "src/routes/+layout.svelte").write_text(textwrap.dedent(_LAYOUT))
    (tmp_path / "src/hooks.server.ts").write_text(textwrap.dedent(_SERVER))
    found = {v.name: v for v in discover(tmp_path).variables}
    assert found["PUBLIC_TILE_SERVER"].scope == "runtime"
    assert found["PUBLIC_TILE_SERVER"].default == "https://tiles.example.org"
    assert found["MAILER_PORT"].default == "587"
    assert found["BACKEND_URL"].scope == "runtime"
    assert found["STRIPE_SECRET"].scope == "build"
    assert found["STRIPE_SECRET"].secret


def test_other_dollar_modules_are_not_environments() -> None:
    code = """
        import { env } from "$lib/settings";
        import { page } from "$app/stores";
        export const x = env.SOME_SETTING;
    """
    assert _reads(code, "src/lib/x.ts") == {}
