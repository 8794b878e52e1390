#!/usr/bin/env python3
"""Rebuilds tests/assets/frameworks/: real build outputs of Next.js (Turbopack and webpack/standalone),
SvelteKit (adapter-node) and Nuxt (Nitro node-server) with made-up credentials leaked the way teams leak
them, trimmed to what matters, plus reference positions from Mozilla's `source-map` decoder
(tools/reference_positions.mjs).

    python3 tools/build_framework_fixtures.py            # everything (needs node >= 20 and the npm registry)
    FW_WORK=/tmp/fw python3 tools/build_framework_fixtures.py next-turbopack sveltekit-node nuxt-node

Nuxt 4 needs node >= 22: when the node on PATH is older, the Nuxt app is installed and built with the
official node binary of NUXT_NODE from the npm registry (`node-<platform>-<arch>`, under $FW_WORK).

The apps are written and built under $FW_WORK (default /tmp/fw), never in the repository; builds run under
`nice -n 19`. Every planted value comes from a seeded RNG (SEED): random characters of the provider's shape,
made up, never a real credential. The test suite needs neither node nor npm: it reads what this leaves.
Build ids, hashed chunk names and the per-build keys in Next's manifests change from one build to the
next, so a rebuild rewrites the fixture folders whole (EXPECTED.json included).
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import random
import re
import shutil
import string
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

SEED = 19
REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "assets" / "frameworks"
WORK = Path(os.environ.get("FW_WORK", "/tmp/fw"))  # noqa: S108 (a build folder outside the repository)
REFERENCE = REPO / "tools" / "reference_positions.mjs"

NEXT_PACKAGES = {
    "next": "16.5.0",
    "react": "19.3.1",
    "react-dom": "19.3.1",
    "typescript": "5.9.3",
    "@types/react": "19.3.3",
    "@types/react-dom": "19.3.0",
    "@types/node": "22.20.7",
}
KIT_PACKAGES = {
    "@sveltejs/kit": "2.70.4",
    "@sveltejs/adapter-node": "5.5.7",
    "@sveltejs/vite-plugin-svelte": "7.3.3",
    "vite": "8.4.1",
    "svelte": "5.60.1",
}
# vite is pinned to the last 8.3 release: Nuxt 4.6.4 predates vite 8.4, whose build of Nuxt's server bundle
# fails (INVALID_EXTERNAL_ID: unctx "is imported as an external ... but is already an existing non-external
# module id").
NUXT_PACKAGES = {
    "nuxt": "4.6.4",
    "vue": "3.5.47",
    "vue-router": "5.5.1",
    "vite": "8.3.8",
}
NUXT_NODE = "22.23.5"  # nuxt 4.6.4: engines.node ^22.22.3 || ^24.15.0 || >=26.0.0
DECODER_PACKAGES = {"source-map": "0.8.0"}
# What a fixture rule says of a built file: kept, left out, or "map" (a large map left out, its chunk kept).
Keep = bool | Literal["map"]
KeepRule = Callable[[str, int, bool], Keep]  # (path in the build, size, holds a planted value) -> Keep

ENV = dict(os.environ, NEXT_TELEMETRY_DISABLED="1", CI="1", NO_COLOR="1")

# ---------------------------------------------------------------------------------------------- values

_ALNUM = string.ascii_letters + string.digits
_URLSAFE = _ALNUM + "-_"
_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
# Words a scanner takes for a placeholder, and runs it takes for a sequence: a random value never holds one.
_AVOID = re.compile(
    r"example|sample|dummy|placeholder|change|replace|your|insert|redact|fake|real|lorem|ipsum|foobar|here|"
    r"test|xxxxx|0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef|defg|efgh",
    re.I,
)


def _pick(rng: random.Random, alphabet: str, n: int) -> str:
    while True:
        s = "".join(rng.choice(alphabet) for _ in range(n))
        if _AVOID.search(s):
            continue
        if alphabet is _ALNUM and not (
            re.search(r"[a-z]", s) and re.search(r"[A-Z]", s) and re.search(r"\d", s)
        ):
            continue
        return s


def _base62(number: int, width: int) -> str:
    digits = []
    while number:
        number, rest = divmod(number, 62)
        digits.append(_BASE62[rest])
    return "".join(reversed(digits)).rjust(width, "0")


def planted_values() -> dict[str, str]:
    rng = random.Random(SEED)
    gh_body = _pick(rng, _ALNUM, 30)
    return {
        # Next.js app
        "NEXT_PUBLIC_INTERNAL_API_SECRET": _pick(rng, "0123456789abcdef", 40),
        "SENDGRID_API_KEY": "SG." + _pick(rng, _URLSAFE, 22) + "." + _pick(rng, _URLSAFE, 43),
        "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY": "pk_live_" + _pick(rng, _ALNUM, 24),
        # ghp_ + 30 random + the base62 CRC32 of those 30, the layout GitHub's tokens have: made up, but
        # shaped like a real leak so that a checksum check passes.
        "GITHUB_TOKEN": "ghp_" + gh_body + _base62(zlib.crc32(gh_body.encode()), 6),
        # SvelteKit app
        "STRIPE_SECRET_KEY": "sk_live_" + _pick(rng, _ALNUM, 24),
        "PUBLIC_ANALYTICS_TOKEN": _pick(rng, _ALNUM, 32),
        # Nuxt app (drawn after the others: their values stay what they were)
        "NUXT_PUBLIC_INTERNAL_API_SECRET": _pick(rng, "0123456789abcdef", 40),
        "NUXT_STRIPE_SECRET_KEY": "sk_live_" + _pick(rng, _ALNUM, 24),
    }


# ------------------------------------------------------------------------------------------- app sources

NEXT_FILES = {
    "package.json": None,  # written from NEXT_PACKAGES
    "tsconfig.json": """{
  "compilerOptions": {
    "target": "ES2017",
    "lib": ["dom", "dom.iterable", "esnext"],
    "allowJs": true,
    "skipLibCheck": true,
    "strict": true,
    "noEmit": true,
    "esModuleInterop": true,
    "module": "esnext",
    "moduleResolution": "bundler",
    "resolveJsonModule": true,
    "isolatedModules": true,
    "jsx": "react-jsx",
    "incremental": true,
    "plugins": [{ "name": "next" }],
    "paths": { "@/*": ["./*"] }
  },
  "include": ["next-env.d.ts", "**/*.ts", "**/*.tsx", ".next/types/**/*.ts", ".next/dev/types/**/*.ts"],
  "exclude": ["node_modules"]
}
""",
    "app/layout.tsx": """import type { Metadata } from "next";

export const metadata: Metadata = {
  title: "Fixture Shop",
  description: "A small shop used as a secret-scanner fixture",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
""",
    "app/page.tsx": """import InternalPanel from "./internal-panel";

// Prerendered at build time (no dynamic API is used), so the client component's output lands in the HTML.
export default function Home() {
  return (
    <main>
      <h1>Fixture Shop</h1>
      <p>Orders ship within two days.</p>
      <InternalPanel />
    </main>
  );
}
""",
    "app/internal-panel.tsx": """"use client";

import { useState } from "react";

// A NEXT_PUBLIC_ variable is inlined into the browser bundle at build time: this "secret" ships to everyone.
const INTERNAL_API_SECRET = process.env.NEXT_PUBLIC_INTERNAL_API_SECRET;

export default function InternalPanel() {
  const [stats, setStats] = useState<string | null>(null);

  async function loadStats() {
    const res = await fetch("/internal/stats", {
      headers: { "x-internal-api-secret": INTERNAL_API_SECRET ?? "" },
    });
    setStats(await res.text());
  }

  return (
    <section>
      <h2>Internal</h2>
      <p>
        API secret: <code>{INTERNAL_API_SECRET}</code>
      </p>
      <button onClick={loadStats}>Load stats</button>
      {stats && <pre>{stats}</pre>}
    </section>
  );
}
""",
    "app/api/send/route.ts": """\
// Sends mail through SendGrid. SENDGRID_API_KEY is listed under `env` in next.config.ts, which inlines its
// build-time value into the compiled server code.
export async function POST(request: Request) {
  const { to, subject, text } = await request.json();
  const res = await fetch("https://api.sendgrid.com/v3/mail/send", {
    method: "POST",
    headers: {
      Authorization: `Bearer ${process.env.SENDGRID_API_KEY}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      personalizations: [{ to: [{ email: to }] }],
      from: { email: "shop@fixture.invalid" },
      subject,
      content: [{ type: "text/plain", value: text }],
    }),
  });
  return Response.json({ ok: res.ok }, { status: res.ok ? 202 : 502 });
}
""",
    "app/api/public-config/route.ts": """\
// Rendered once at build time and served as a static file: whatever it reads from the environment then is
// frozen into .next/server/app/api/public-config.body.
export const dynamic = "force-static";

export async function GET() {
  return Response.json({
    stripePublishableKey: process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY,
    // meant for the release-notes widget; a server token in a public endpoint
    githubToken: process.env.GITHUB_TOKEN,
    region: "eu-west-1",
  });
}
""",
}

NEXT_CONFIG = """import type {{ NextConfig }} from "next";

const nextConfig: NextConfig = {{
{extra}  // Client source maps are emitted next to the chunks in .next/static and served with them.
  productionBrowserSourceMaps: true,
  // `env` values are inlined at build time wherever the code reads them (here: the /api/send route).
  env: {{
    SENDGRID_API_KEY: process.env.SENDGRID_API_KEY,
  }},
}};

export default nextConfig;
"""

KIT_FILES = {
    "package.json": None,
    "svelte.config.js": """import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter()
	}
};

export default config;
""",
    "vite.config.ts": """import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	build: {
		sourcemap: true
	}
});
""",
    "tsconfig.json": """{
	"extends": "./.svelte-kit/tsconfig.json",
	"compilerOptions": {
		"allowJs": true,
		"checkJs": true,
		"esModuleInterop": true,
		"forceConsistentCasingInFileNames": true,
		"resolveJsonModule": true,
		"skipLibCheck": true,
		"sourceMap": true,
		"strict": true,
		"moduleResolution": "bundler"
	}
}
""",
    "src/app.html": """<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		%sveltekit.head%
	</head>
	<body data-sveltekit-preload-data="hover">
		<div style="display: contents">%sveltekit.body%</div>
	</body>
</html>
""",
    "src/app.d.ts": """declare global {
	namespace App {}
}

export {};
""",
    "src/routes/+page.server.ts": """import { STRIPE_SECRET_KEY } from '$env/static/private';
import type { PageServerLoad } from './$types';

// $env/static/private is replaced by its build-time value in the server bundle (never in the client one).
export const load: PageServerLoad = async ({ fetch }) => {
	const res = await fetch('https://api.stripe.com/v1/prices?active=true', {
		headers: { Authorization: `Bearer ${STRIPE_SECRET_KEY}` }
	});
	const body = res.ok ? await res.json() : { data: [] };
	return {
		prices: body.data.map((p: { id: string; unit_amount: number }) => ({
			id: p.id,
			amount: p.unit_amount
		}))
	};
};
""",
    "src/routes/+page.svelte": """<script lang="ts">
	import Analytics from '$lib/Analytics.svelte';

	let { data } = $props();
</script>

<h1>Pricing</h1>
<ul>
	{#each data.prices as price (price.id)}
		<li>{price.id}: {price.amount}</li>
	{/each}
</ul>
<Analytics />
""",
    "src/routes/about/+page.ts": """\
// Prerendered at build time: the HTML goes to build/prerendered/, served as is.
export const prerender = true;
""",
    "src/routes/about/+page.svelte": """<script lang="ts">
	import Analytics from '$lib/Analytics.svelte';
</script>

<h1>About</h1>
<p>We sell fixtures.</p>
<Analytics />
""",
    "src/lib/Analytics.svelte": """<script lang="ts">
	import { onMount } from 'svelte';
	import { PUBLIC_ANALYTICS_TOKEN } from '$env/static/public';
	import { env } from '$env/dynamic/public';

	// static: inlined into the client bundle at build time; dynamic: sent with every page at run time
	const token = env.PUBLIC_ANALYTICS_TOKEN || PUBLIC_ANALYTICS_TOKEN;

	onMount(() => {
		navigator.sendBeacon(
			`https://analytics.fixture.invalid/collect?token=${PUBLIC_ANALYTICS_TOKEN}`,
			JSON.stringify({ path: location.pathname, token })
		);
	});
</script>

<footer data-analytics-token={PUBLIC_ANALYTICS_TOKEN}>tracked as {token}</footer>
""",
}

NUXT_FILES = {
    "package.json": None,
    "nuxt.config.ts": """// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  compatibilityDate: "2025-07-15",
  devtools: { enabled: false },
  telemetry: false,
  // Client maps are written next to the chunks in .output/public/_nuxt and served with them.
  sourcemap: { client: true, server: true },
  nitro: {
    preset: "node-server",
    // .gz and .br copies of the public assets, served by Nitro in place of the originals.
    compressPublicAssets: true,
  },
  routeRules: {
    // Rendered once at build time: .output/public/index.html (and its _payload.json) are served as is.
    "/": { prerender: true },
  },
  runtimeConfig: {
    // Server-only: read by server/api/checkout.post.ts. Written with its build-time value into the server
    // bundle's runtime config (NUXT_STRIPE_SECRET_KEY would override it at run time anyway).
    stripeSecretKey: process.env.NUXT_STRIPE_SECRET_KEY,
    public: {
      // Everything under `public` is sent to the browser with every page (window.__NUXT__.config).
      internalApiSecret: process.env.NUXT_PUBLIC_INTERNAL_API_SECRET,
    },
  },
});
""",
    "tsconfig.json": """{
  "files": [],
  "references": [
    { "path": "./.nuxt/tsconfig.app.json" },
    { "path": "./.nuxt/tsconfig.server.json" },
    { "path": "./.nuxt/tsconfig.shared.json" },
    { "path": "./.nuxt/tsconfig.node.json" }
  ]
}
""",
    "app/app.vue": """<template>
  <NuxtPage />
</template>
""",
    "app/pages/index.vue": """<script setup lang="ts">
useHead({ title: "Fixture Shop" });
</script>

<template>
  <main>
    <h1>Fixture Shop</h1>
    <p>Orders ship within two days.</p>
    <InternalPanel />
  </main>
</template>
""",
    "app/components/InternalPanel.vue": """<script setup lang="ts">
// runtimeConfig.public is serialised into every page and readable by any visitor.
const config = useRuntimeConfig();
const internalApiSecret = config.public.internalApiSecret;
const stats = ref<string | null>(null);

async function loadStats() {
  stats.value = await $fetch<string>("/internal/stats", {
    headers: { "x-internal-api-secret": String(internalApiSecret ?? "") },
  });
}
</script>

<template>
  <section>
    <h2>Internal</h2>
    <p>
      API secret: <code>{{ internalApiSecret }}</code>
    </p>
    <button @click="loadStats">Load stats</button>
    <pre v-if="stats">{{ stats }}</pre>
  </section>
</template>
""",
    "server/api/checkout.post.ts": """\
// Creates a Stripe Checkout session. The private runtime config stays on the server.
export default defineEventHandler(async (event) => {
  const { stripeSecretKey } = useRuntimeConfig(event);
  const { price } = await readBody<{ price: string }>(event);
  const session = await $fetch<{ url: string }>("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${stripeSecretKey}` },
    body: new URLSearchParams({
      mode: "payment",
      "line_items[0][price]": price,
      "line_items[0][quantity]": "1",
      success_url: "https://shop.fixture.invalid/thanks",
    }),
  });
  return { url: session.url };
});
""",
}

# ------------------------------------------------------------------------------------------------ helpers


def run(cmd: list[str], cwd: Path, log: Path | None = None, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(cmd), f"(in {cwd})", flush=True)
    with open(log or os.devnull, "w") as out:
        proc = subprocess.run(
            ["nice", "-n", "19", *cmd],
            cwd=cwd,
            env=env or ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if proc.returncode:
        if log:
            sys.stderr.write(log.read_text()[-4000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def npm_install(
    app: Path, packages: dict[str, str], package_json: dict[str, Any], env: dict[str, str] | None = None
) -> None:
    (app / "package.json").write_text(json.dumps(package_json, indent=2) + "\n")
    if all(
        (app / "node_modules" / name / "package.json").exists()
        and json.loads((app / "node_modules" / name / "package.json").read_text())["version"] == version
        for name, version in packages.items()
    ):
        return
    run(
        [
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--save-exact",
            *[f"{n}@{v}" for n, v in packages.items()],
        ],
        app,
        WORK / f"{app.name}-install.log",
        env,
    )


def node_env(major: int, version: str) -> dict[str, str]:
    """ENV with a node of at least `major` first on PATH: the one installed, else the official binary of
    `version` from the npm registry (the `node-<platform>-<arch>` package), kept under $FW_WORK."""
    current = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    if int(current.strip().lstrip("v").split(".")[0]) >= major:
        return dict(ENV)
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}[platform.machine().lower()]
    package = f"node-{sys.platform}-{arch}"
    folder = WORK / f"node-{version}"
    folder.mkdir(parents=True, exist_ok=True)
    npm_install(folder, {package: version}, {"name": f"node-{version}", "private": True})
    bin_dir = folder / "node_modules" / package / "bin"
    return dict(ENV, PATH=f"{bin_dir}{os.pathsep}{ENV.get('PATH', '')}")


def node_version(env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["node", "--version"], capture_output=True, text=True, check=True, env=env or ENV
    ).stdout.strip()


def copy(src_root: Path, rel: str, dst_root: Path) -> None:
    src, dst = src_root / rel, dst_root / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def holders(root: Path, values: dict[str, str], rels: list[str] | None = None) -> dict[str, list[str]]:
    """Which files under root hold each value (plain text; .gz/.br decompressed)."""
    out: dict[str, list[str]] = {name: [] for name in values}
    for rel in rels if rels is not None else files_under(root):
        data = (root / rel).read_bytes()
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        elif rel.endswith(".br"):
            data = subprocess.run(
                [
                    "node",
                    "-e",
                    "process.stdout.write(require('zlib').brotliDecompressSync("
                    "require('fs').readFileSync(process.argv[1])))",
                    str(root / rel),
                ],
                capture_output=True,
                check=True,
            ).stdout
        for name, value in values.items():
            if value.encode() in data:
                out[name].append(rel)
    return out


def compress_pair(path: Path) -> None:
    """`gzip -9 -k -n` and brotli (node's zlib, quality 11) copies beside path, as static servers keep."""
    subprocess.run(["gzip", "-9", "-k", "-n", "-f", str(path)], check=True)
    subprocess.run(
        [
            "node",
            "-e",
            "const z=require('zlib'),f=require('fs');f.writeFileSync(process.argv[1]+'.br',"
            "z.brotliCompressSync(f.readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}))",
            str(path),
        ],
        check=True,
    )


def reference(root: Path, values: dict[str, str]) -> dict[str, Any]:
    decoder = WORK / "decoder"
    decoder.mkdir(parents=True, exist_ok=True)
    npm_install(decoder, DECODER_PACKAGES, {"name": "decoder", "private": True})
    proc = subprocess.run(
        ["node", str(REFERENCE), str(root)],
        input=json.dumps(values),
        capture_output=True,
        text=True,
        check=True,
        env=dict(ENV, SOURCE_MAP_MODULE=str(decoder / "node_modules" / "source-map")),
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def dir_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


# Maps larger than this that belong to framework chunks holding no planted value are left out of the
# fixtures (their chunks are kept, so a `sourceMappingURL` may name a map that is not there): the rest of
# the build output is kept as the framework wrote it.
MAP_LIMIT = 100_000

PLANTED = {
    "NEXT_PUBLIC_INTERNAL_API_SECRET": {
        "shape": "40 lowercase hex characters",
        "exposure": "public env prefix (NEXT_PUBLIC_) on a name that says SECRET: inlined into browser code",
        "detected_by": "the value, via --env-file app-src/.env.production (no provider format)",
        "how": "read by the 'use client' component app/internal-panel.tsx; Next inlines NEXT_PUBLIC_ values "
        "at build time into the client chunk, the SSR chunk, and the prerendered HTML of /",
    },
    "SENDGRID_API_KEY": {
        "shape": "SG. + 22 + . + 43 of [A-Za-z0-9_-] (SendGrid's layout)",
        "rule_hint": "sendgrid-api-key",
        "exposure": "server-only",
        "how": "listed under `env` in next.config.ts, so its build-time value is inlined into the compiled "
        "/api/send route; Next also serialises the whole config (env included) into "
        "required-server-files.json/.js and, with output: 'standalone', into standalone/server.js",
    },
    "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY": {
        "shape": "pk_live_ + 24 alphanumerics",
        "rule_hint": "stripe-publishable-key",
        "exposure": "client-safe",
        "how": "returned by the force-static route /api/public-config: frozen into its .body at build time; "
        "as a NEXT_PUBLIC_ value it is also inlined into that route's server code",
    },
    "GITHUB_TOKEN": {
        "shape": "ghp_ + 30 alphanumerics + 6 base62 digits of their CRC32 (GitHub's layout: checksum valid)",
        "rule_hint": "github-pat",
        "exposure": "server-only",
        "how": "returned by the force-static route /api/public-config: read from the environment at build "
        "time and frozen into the served .body (the server code only reads process.env.GITHUB_TOKEN)",
    },
    "STRIPE_SECRET_KEY": {
        "shape": "sk_live_ + 24 alphanumerics",
        "rule_hint": "stripe-live-secret-key",
        "exposure": "server-only",
        "how": "imported from $env/static/private in src/routes/+page.server.ts: SvelteKit replaces it with "
        "its build-time value in the server bundle (and the server maps' sourcesContent)",
    },
    "PUBLIC_ANALYTICS_TOKEN": {
        "shape": "32 alphanumerics",
        "exposure": "public env prefix (PUBLIC_) on a name that says TOKEN: inlined into browser code",
        "detected_by": "the value, via --env-file app-src/.env (no provider format)",
        "how": "src/lib/Analytics.svelte imports it from $env/static/public (inlined twice into a client "
        "chunk and into the SSR chunk) and also reads $env/dynamic/public, which is not inlined (the browser "
        "loads it from /_app/env.js, served by adapter-node from the server's environment at run "
        "time); the prerendered /about page holds the value as rendered HTML",
    },
    "NUXT_PUBLIC_INTERNAL_API_SECRET": {
        "shape": "40 lowercase hex characters",
        "exposure": "public runtime config (runtimeConfig.public, NUXT_PUBLIC_) on a name that says SECRET: "
        "sent to every browser",
        "detected_by": "the value, via --env-file app-src/.env (no provider format)",
        "how": "runtimeConfig.public.internalApiSecret is set from NUXT_PUBLIC_INTERNAL_API_SECRET in "
        "nuxt.config.ts and read by app/components/InternalPanel.vue: the prerendered / holds it twice (the "
        "rendered component and window.__NUXT__.config), and the server bundle's runtime config holds its "
        "build-time value",
    },
    "NUXT_STRIPE_SECRET_KEY": {
        "shape": "sk_live_ + 24 alphanumerics",
        "rule_hint": "stripe-live-secret-key",
        "exposure": "server-only",
        "how": "runtimeConfig.stripeSecretKey (private) is set from NUXT_STRIPE_SECRET_KEY in nuxt.config.ts "
        "and read by the server route server/api/checkout.post.ts: Nitro writes the build-time value into "
        "the server bundle's runtime config (.output/server/chunks/nitro/nitro.mjs), never into "
        ".output/public",
    },
}
NEXT_VALUES = (
    "NEXT_PUBLIC_INTERNAL_API_SECRET",
    "SENDGRID_API_KEY",
    "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
    "GITHUB_TOKEN",
)
KIT_VALUES = ("STRIPE_SECRET_KEY", "PUBLIC_ANALYTICS_TOKEN")
NUXT_VALUES = ("NUXT_PUBLIC_INTERNAL_API_SECRET", "NUXT_STRIPE_SECRET_KEY")

_MAP_URL = re.compile(rb"[#@] sourceMappingURL=([^\s'\"*]+)")


def map_of(path: Path) -> Path | None:
    """The map a generated file names (last sourceMappingURL comment), else its sibling .map."""
    urls = _MAP_URL.findall(path.read_bytes()[-4096:])
    if urls and not urls[-1].startswith(b"data:"):
        p = path.parent / urls[-1].decode()
        return p if p.is_file() else None
    sib = path.with_name(path.name + ".map")
    return sib if sib.is_file() else None


def collect(
    app: Path, roots: list[str], rule: KeepRule, values: dict[str, str], dest: Path
) -> dict[str, Any]:
    """Copy what `rule` keeps (plus the maps of kept files that hold a value) from app/<roots> to dest."""
    rels = [f"{r}/{x}" for r in roots for x in files_under(app / r) if "/node_modules/" not in f"/{x}"]
    found = holders(app, values, rels)
    holding = {rel for rels_ in found.values() for rel in rels_}
    keep, dropped_maps, other = set(), [], [0, 0]
    for rel in rels:
        verdict = rule(rel, (app / rel).stat().st_size, rel in holding)
        if verdict is True:
            keep.add(rel)
        elif verdict == "map":
            dropped_maps.append(rel)
        else:
            other[0] += 1
            other[1] += (app / rel).stat().st_size
    # The map of every kept file that holds a value, and of every other kept file when it is not large.
    for rel in sorted(keep):
        if re.search(r"\.(m|c)?js$|\.css$", rel) and (m := map_of(app / rel)):
            mrel = m.relative_to(app).as_posix()
            if rel in holding or m.stat().st_size <= MAP_LIMIT:
                keep.add(mrel)
                if mrel in dropped_maps:
                    dropped_maps.remove(mrel)
    shutil.rmtree(dest, ignore_errors=True)
    for rel in sorted(keep):
        copy(app, rel, dest)
    return {
        "maps_left_out": [
            {
                "path": r,
                "bytes": (app / r).stat().st_size,
                "why": f"over {MAP_LIMIT} bytes, holds no planted value (its chunk is kept)",
            }
            for r in sorted(dropped_maps)
        ],
        "other_files_left_out": {"count": other[0], "bytes": other[1]},
        "build_output_holders": found,
    }


def installed_versions(app: Path, names: list[str]) -> dict[str, str]:
    out = {}
    for n in names:
        p = app / "node_modules" / n / "package.json"
        if p.exists():
            out[n] = json.loads(p.read_text())["version"]
    return out


def write_expected(
    dest: Path,
    meta: dict[str, Any],
    values: dict[str, str],
    served: Callable[[str], tuple[bool, str]],
    env: dict[str, str] | None = None,
) -> None:
    built = [r for r in files_under(dest) if not r.startswith("app-src/") and r != "EXPECTED.json"]
    found = holders(dest, values, built)
    ref = reference(dest, values)
    planted = []
    for name, value in values.items():
        info = dict(PLANTED[name])
        files = []
        for rel in found[name]:
            is_served, why = served(rel)
            entry = {"path": rel, "served": is_served, "why": why}
            if rel.endswith((".gz", ".br")):
                entry["compressed_copy_of"] = rel[:-3]
            if rel.endswith(".map"):
                entry["in"] = "sourcesContent"
            files.append(entry)
        planted.append({"name": name, "value": value, **info, "files": files})
    positions = []
    for f in ref["files"]:
        is_served, _ = served(f["file"])
        for occ in f["occurrences"]:
            positions.append(
                {
                    "file": f["file"],
                    "served": is_served,
                    "map": f["map"],
                    "map_found_by": f["map_found_by"],
                    "map_indexed": f["indexed"],
                    "name": occ["name"],
                    "generated": occ["generated"],
                    "original": occ["original"],
                }
            )
    maps = []
    for m in ref["maps"]:
        # Relative sources resolved against the map's own folder: those that climb out of the build root
        # (SvelteKit's adapter copies maps one folder up without rewriting them) name no file here.
        outside = [
            s
            for s in m.pop("relative_sources")
            if os.path.normpath(os.path.join(str(Path(m["map"]).parent), s)).startswith("..")
        ]
        maps.append(dict(m, served=served(m["map"])[0], relative_sources_outside_root=len(outside)))
    late = meta.pop("_late", {})
    doc = {
        "fixture": dest.name,
        **meta,
        "node": node_version(env),
        "generator": "tools/build_framework_fixtures.py",
        "seed": SEED,
        "paths": "relative to this folder, which stands for the app's root (the build root); app-src/ holds "
        "the sources and the .env file the build read, and is not build output",
        "positions_convention": "line 1-based; column 1-based in UTF-16 code units (as source maps count), "
        "byte_column 1-based in UTF-8 bytes, offset 0-based bytes; original.column "
        "1-based (the decoder's 0-based column + 1); lookups for the value's first "
        "character with the decoder's default bias (GREATEST_LOWER_BOUND)",
        "reference_decoder": ref["decoder"] + " SourceMapConsumer.originalPositionFor "
        "(tools/reference_positions.mjs)",
        "planted": planted,
        "positions": positions,
        "maps": maps,
    }
    doc.update(late)
    (dest / "EXPECTED.json").write_text(json.dumps(doc, indent=1) + "\n")


# ------------------------------------------------------------------------------------------------- Next.js


def next_served(rel: str) -> tuple[bool, str]:
    """Whether Next serves a file of its build output to browsers, per its documented layout."""
    if rel.startswith(".next/standalone/"):
        inner = rel[len(".next/standalone/") :]
        if inner.startswith(".next/server/app/") and re.search(r"\.(html|body|rsc|meta)$", inner):
            return True, (
                "standalone copy of a prerendered route's output: the standalone server.js answers "
                "that route with it"
            )
        if inner.startswith(".next/server/pages/") and inner.endswith(".html"):
            return True, "standalone copy of a prerendered error page, served as the 404/500 response"
        return False, (
            "standalone server folder: deployed, server-side (its .next/static and public are "
            "copied in by hand when deploying)"
        )
    if rel.startswith(".next/static/"):
        return True, "served at /_next/static/"
    if rel.startswith("public/"):
        return True, "served at /"
    if rel.startswith(".next/server/app/") and re.search(r"\.(html|body|rsc|meta)$", rel):
        return True, "output of a prerendered route, served as that route's response"
    if rel.startswith(".next/server/pages/") and rel.endswith(".html"):
        return True, "prerendered error page, served as the 404/500 response"
    return False, "server-side (server code, manifests, build metadata)"


def next_rule(rel: str, size: int, holds: bool) -> Keep:
    rel = rel[len(".next/") :]
    if rel.startswith("standalone/"):
        inner = rel[len("standalone/") :]
        if inner.startswith(".next/"):
            return next_rule(inner, size, holds)
        return True  # server.js, package.json, the .env files Next copies
    name = rel.rsplit("/", 1)[-1]
    if (
        rel.startswith(("cache/", "dev/", "types/", "diagnostics/"))
        or name.endswith(".nft.json")
        or name.startswith("trace")
    ):
        return False
    if rel.startswith("static/"):
        return "map" if rel.endswith(".map") and size > MAP_LIMIT and not holds else True
    if rel.startswith("server/chunks/"):
        return holds
    if rel.startswith(("server/app/", "server/pages/")):
        return True
    if rel.startswith("server/"):
        return "/" not in rel[len("server/") :]
    return "/" not in rel


NEXT_NOTES = {
    "next-turbopack": [
        "Client chunks do not have their map beside them under the same name: the sourceMappingURL comment "
        "names a map with a hash of its own (see positions[].map); looking for <chunk>.js.map finds nothing.",
        "Turbopack writes indexed maps (`sections`) for client and server chunks. Client sources are "
        "turbopack:///[project]/... (the app and node_modules) and turbopack:///[turbopack]/... (its "
        "runtime); server chunk maps name sources relative to the map (../../../app/api/send/route.ts).",
        "The polyfill chunk carries no sourceMappingURL; Turbopack still writes its map (one source, "
        "next/dist/build/polyfills/polyfill-nomodule.js) that nothing names (left out here: over the limit).",
        "The NEXT_PUBLIC_ value is in the client chunk, the SSR chunk and the prerendered index.html, not in "
        "index.rsc (the RSC payload only references the client component).",
        "Values listed under `env` in next.config are serialised with the config into "
        ".next/required-server-files.json/.js.",
        "Left out: .next/cache, .next/diagnostics, *.nft.json traces, and server chunks that hold no value.",
    ],
    "next-webpack": [
        "The compiled route handlers are .next/server/app/api/<route>/route.js (webpack server chunks hold "
        "only framework code), and webpack writes no server maps in a production build.",
        "Client maps are <chunk>.js.map beside the chunk; sources are webpack://_N_E/./app/... with "
        'sourceRoot "" (the decoder reports webpack://_N_E/app/...).',
        "output: 'standalone' copies .env.production verbatim into .next/standalone/ (all four values), and "
        "standalone/server.js embeds the whole config, env.SENDGRID_API_KEY included.",
        "The standalone server answers prerendered routes from "
        "standalone/.next/server/app/*.html|.body|.rsc, so those copies are marked served.",
        "Not kept but worth knowing: .next/cache/webpack/*/0.pack holds the values too (a deploy that ships "
        ".next whole ships them).",
        "Left out: .next/cache, .next/diagnostics, *.nft.json traces, standalone/node_modules, and server "
        "chunks that hold no value.",
    ],
}


def build_next(variant: str, values: dict[str, str]) -> None:
    vals = {k: values[k] for k in NEXT_VALUES}
    app = WORK / "next-app"
    app.mkdir(parents=True, exist_ok=True)
    pkg = {
        "name": "fixture-next-app",
        "version": "0.0.0",
        "private": True,
        "scripts": {"build": "next build"},
        "dependencies": dict(NEXT_PACKAGES),
    }
    write_tree(app, {k: v for k, v in NEXT_FILES.items() if v is not None})
    npm_install(app, NEXT_PACKAGES, pkg)
    webpack = variant == "next-webpack"
    (app / "next.config.ts").write_text(
        NEXT_CONFIG.format(
            extra="  // A self-contained server in .next/standalone (traced files, the .env files).\n"
            '  output: "standalone",\n'
            if webpack
            else ""
        )
    )
    (app / ".env.production").write_text(
        "# Made-up values for a secret-scanner fixture (random, seeded); none of them is a real credential.\n"
        + "".join(f"{k}={v}\n" for k, v in vals.items())
    )
    shutil.rmtree(app / ".next", ignore_errors=True)
    cmd = ["npx", "next", "build"] + (["--webpack"] if webpack else [])
    run(cmd, app, WORK / f"{variant}-build.log")

    dest = OUT / variant
    kept = collect(app, [".next"], next_rule, vals, dest)
    # A static server's precompressed copies of the client chunk that holds the NEXT_PUBLIC_ value.
    compressed = []
    for rel in kept["build_output_holders"]["NEXT_PUBLIC_INTERNAL_API_SECRET"]:
        if rel.startswith(".next/static/") and rel.endswith(".js"):
            compress_pair(dest / rel)
            compressed += [rel + ".gz", rel + ".br"]
    for rel in [*NEXT_FILES, "next.config.ts", ".env.production"]:
        copy(app, rel, dest / "app-src")

    keys = []
    pm = json.loads((dest / ".next/prerender-manifest.json").read_text())
    for field, value in pm["preview"].items():
        keys.append(("preview." + field, value))
    srm = dest / ".next/server/server-reference-manifest.json"
    if srm.exists() and "encryptionKey" in (j := json.loads(srm.read_text())):
        keys.append(("encryptionKey", j["encryptionKey"]))
    key_files = holders(dest, dict(keys), [r for r in files_under(dest) if not r.startswith("app-src/")])
    version = installed_versions(app, ["next"])["next"]
    write_expected(
        dest,
        {
            "framework": {
                "name": "Next.js",
                "version": version,
                "router": "App Router",
                "bundler": "webpack" if webpack else "Turbopack (the default of next build in 16.x)",
                "output": "standalone" if webpack else "default",
            },
            "build_command": "next build --webpack" if webpack else "next build",
            "build_env": {"NEXT_TELEMETRY_DISABLED": "1", "CI": "1"},
            "packages": installed_versions(app, [*NEXT_PACKAGES, "@next/swc-linux-x64-gnu", "@next/env"]),
            "routes": {
                "/": "static (prerendered; client component inside)",
                "/_not-found": "static",
                "/api/public-config": "static (force-static route handler)",
                "/api/send": "dynamic route handler",
            },
            "served_layout": "Next serves .next/static/ at /_next/static/ and public/ at /; a prerendered "
            "route's .html/.rsc/.body/.meta under .next/server/app/ are its response; .next/server/chunks, "
            "the manifests, required-server-files and .next/standalone are server-side",
            "precompressed": {"files": compressed, "how": "gzip -9 -k -n; brotli quality 11 via node:zlib"},
            "trimmed": {k: v for k, v in kept.items() if k != "build_output_holders"},
            "notes": NEXT_NOTES[variant],
            "_late": {
                "build_generated_keys": [
                    {
                        "field": f,
                        "value": v,
                        "files": key_files[f],
                        "note": "random per build, written by Next (preview mode, server actions)",
                    }
                    for f, v in keys
                ]
            },
        },
        vals,
        next_served,
    )


# ------------------------------------------------------------------------------------------------ SvelteKit


def kit_served(rel: str) -> tuple[bool, str]:
    if rel.startswith("build/client/"):
        return True, "adapter-node serves build/client/ as static files (with its .gz/.br copies)"
    if rel.startswith("build/prerendered/"):
        return True, "adapter-node serves prerendered pages from build/prerendered/"
    if rel.startswith("build/"):
        return False, "server-side (adapter-node server bundle)"
    if rel.startswith(".svelte-kit/"):
        return False, "intermediate build output (not deployed; adapter-node copies it into build/)"
    return False, "not deployed"


def kit_rule(rel: str, size: int, holds: bool) -> Keep:
    if rel.startswith("build/client/"):
        return "map" if rel.endswith(".map") and size > MAP_LIMIT and not holds else True
    if rel.startswith("build/prerendered/"):
        return True
    if rel.startswith("build/server/"):
        return holds or size <= 2048
    if rel.startswith("build/"):
        return True
    return holds  # .svelte-kit/output: only what holds a value (and its map)


KIT_NOTES = [
    "adapter-node re-bundles the server with Rolldown into build/server/chunks/; the maps there name "
    ".svelte-kit/output/server/... files (the intermediate output, kept here for the files that hold a "
    "value), not src/: the Stripe key maps to the line of the intermediate file where SvelteKit inlined it.",
    "adapter-node copies .svelte-kit/output/client/ into build/client/ (one folder shallower) without "
    "rewriting the maps: their relative sources (../../../../../../src/lib/Analytics.svelte) climb out of "
    "the build root and name no file; sourcesContent is there.",
    "The first occurrence of the $env/static/public value in the client chunk (the inlined module constant) "
    "has no original position in the reference decoder (original: null); the second one maps to "
    "src/lib/Analytics.svelte.",
    "Rolldown writes the inlined strings as template literals (`...`), not quoted strings.",
    "adapter-node precompresses (precompress: true is its default): every build/client file and prerendered "
    "page has .gz and .br copies.",
    "Left out: build/server chunks over 2 KB that hold no value (the Svelte and SvelteKit runtimes) and the "
    ".svelte-kit/ files that hold no value.",
]


def build_kit(values: dict[str, str]) -> None:
    vals = {k: values[k] for k in KIT_VALUES}
    app = WORK / "kit-app"
    app.mkdir(parents=True, exist_ok=True)
    pkg = {
        "name": "fixture-kit-app",
        "version": "0.0.0",
        "private": True,
        "type": "module",
        "scripts": {"build": "vite build"},
        "devDependencies": dict(KIT_PACKAGES),
    }
    write_tree(app, {k: v for k, v in KIT_FILES.items() if v is not None})
    npm_install(app, KIT_PACKAGES, pkg)
    (app / ".env").write_text(
        "# Made-up values for a secret-scanner fixture (random, seeded); none of them is a real credential.\n"
        + "".join(f"{k}={v}\n" for k, v in vals.items())
    )
    shutil.rmtree(app / "build", ignore_errors=True)
    shutil.rmtree(app / ".svelte-kit", ignore_errors=True)
    cmd = ["npx", "vite", "build"]
    run(cmd, app, WORK / "sveltekit-node-build.log")

    dest = OUT / "sveltekit-node"
    kept = collect(app, ["build", ".svelte-kit/output"], kit_rule, vals, dest)
    for rel in [*KIT_FILES, ".env"]:
        copy(app, rel, dest / "app-src")
    compressed = [r for r in files_under(dest) if r.endswith((".gz", ".br"))]
    write_expected(
        dest,
        {
            "framework": {
                "name": "SvelteKit",
                "version": installed_versions(app, ["@sveltejs/kit"])["@sveltejs/kit"],
                "adapter": "@sveltejs/adapter-node",
                "bundler": "Vite (Rolldown)",
            },
            "build_command": "vite build",
            "packages": installed_versions(app, [*KIT_PACKAGES, "rolldown"]),
            "routes": {"/": "server-rendered (+page.server.ts load)", "/about": "prerendered"},
            "served_layout": "adapter-node serves build/client/ (immutable assets, with precompressed "
            ".gz/.br) and build/prerendered/; build/index.js, build/handler.js and build/server/ run on "
            "the server; .svelte-kit/ is the intermediate output the adapter copies from",
            "precompressed": {
                "files": compressed,
                "how": "written by adapter-node (precompress: true, its default)",
            },
            "trimmed": {k: v for k, v in kept.items() if k != "build_output_holders"},
            "notes": KIT_NOTES,
        },
        vals,
        kit_served,
    )


# ------------------------------------------------------------------------------------------------- Nuxt


def nuxt_served(rel: str) -> tuple[bool, str]:
    if rel.startswith(".output/public/"):
        return True, "the Nitro node server serves .output/public/ as static files (with its .gz/.br copies)"
    if rel.startswith(".output/server/"):
        return False, "server-side (the Nitro server bundle: node .output/server/index.mjs)"
    return False, "build metadata (not served)"


def nuxt_rule(rel: str, size: int, holds: bool) -> Keep:
    if rel.startswith(".output/public/"):
        return "map" if rel.endswith(".map") and size > MAP_LIMIT and not holds else True
    if rel.startswith(".output/server/"):
        if rel.endswith(".map"):
            return holds  # the maps of kept chunks are added with them
        return holds or size <= 4096
    return True  # .output/nitro.json


def vendor_chunks(app: Path, root: str, share: float = 0.9) -> dict[str, float]:
    """Generated files under app/root whose map says they are (nearly) all node_modules code: rel -> the
    node_modules share of their sources (by sourcesContent size, else by count of sources)."""
    out = {}
    for x in files_under(app / root):
        rel = f"{root}/{x}"
        if "/node_modules/" in f"/{x}" or not re.search(r"\.(m|c)?js$", rel) or not (m := map_of(app / rel)):
            continue
        doc = json.loads(m.read_text())
        sources = doc.get("sources") or []
        contents = doc.get("sourcesContent") or []
        sizes = [
            len(contents[i]) if i < len(contents) and isinstance(contents[i], str) else 1
            for i in range(len(sources))
        ]
        total = sum(sizes)
        vendor = sum(n for src, n in zip(sources, sizes, strict=True) if "node_modules/" in (src or ""))
        if total and vendor / total >= share:
            out[rel] = round(vendor / total, 3)
    return out


NUXT_NOTES = [
    "runtimeConfig.public is serialised into every rendered page (window.__NUXT__.config, an inline "
    "script): the prerendered index.html holds the public value there and in the rendered component. "
    "The client chunks never hold it (they read window.__NUXT__.config at run time).",
    "Nitro writes the whole runtime config, with the build-time values of nuxt.config.ts, as a JSON object "
    "(_inlineRuntimeConfig) into .output/server/chunks/nitro/nitro.mjs: both values are there, with no "
    "original position in the reference decoder (no segment maps that object) and no sourcesContent in "
    "the server maps.",
    "Client maps (.output/public/_nuxt/*.js.map) carry sourcesContent; their sources are relative to the "
    "map (../../../app/components/InternalPanel.vue). Server maps name sources relative to the map too, "
    "without sourcesContent.",
    "Built with node 22 (Nuxt 4.6.4 needs ^22.22.3, ^24.15.0 or >= 26): the official binary from the npm "
    "registry's node-<platform>-<arch> package when the node on PATH is older (the `node` field). vite is "
    "pinned to 8.3.8: vite 8.4, released after Nuxt 4.6.4, fails Nuxt's server build "
    "(INVALID_EXTERNAL_ID on unctx).",
    "compressPublicAssets writes .gz and .br copies of the compressible public assets above Nitro's size "
    "threshold (index.html included).",
    "Left out: .output/server/node_modules (the traced dependencies); chunks that hold no value and whose "
    "map says they are node_modules code (trimmed.vendor_chunks_left_out: the client entry with the Vue and "
    "Nuxt runtimes, the error pages), with their maps and .gz/.br copies; server chunks over 4 KB that "
    "hold no value.",
]


def build_nuxt(values: dict[str, str]) -> None:
    vals = {k: values[k] for k in NUXT_VALUES}
    app = WORK / "nuxt-app"
    app.mkdir(parents=True, exist_ok=True)
    env = dict(node_env(22, NUXT_NODE), NUXT_TELEMETRY_DISABLED="1")
    pkg = {
        "name": "fixture-nuxt-app",
        "version": "0.0.0",
        "private": True,
        "type": "module",
        "scripts": {"build": "nuxt build"},
        "dependencies": dict(NUXT_PACKAGES),
    }
    write_tree(app, {k: v for k, v in NUXT_FILES.items() if v is not None})
    npm_install(app, NUXT_PACKAGES, pkg, env)
    (app / ".env").write_text(
        "# Made-up values for a secret-scanner fixture (random, seeded); none of them is a real credential.\n"
        + "".join(f"{k}={v}\n" for k, v in vals.items())
    )
    shutil.rmtree(app / ".output", ignore_errors=True)
    shutil.rmtree(app / ".nuxt", ignore_errors=True)
    run(["npx", "nuxt", "build"], app, WORK / "nuxt-node-build.log", env)

    dest = OUT / "nuxt-node"
    vendor = vendor_chunks(app, ".output")

    def rule(rel: str, size: int, holds: bool) -> Keep:
        logical = re.sub(r"(\.map)?(\.gz|\.br)?$", "", rel)
        if logical in vendor and not holds:
            return False
        return nuxt_rule(rel, size, holds)

    kept = collect(app, [".output"], rule, vals, dest)
    kept["vendor_chunks_left_out"] = [
        {"path": r, "bytes": (app / r).stat().st_size, "node_modules_share": share}
        for r, share in sorted(vendor.items())
        if not (dest / r).exists()
    ]
    for rel in [*NUXT_FILES, ".env"]:
        copy(app, rel, dest / "app-src")
    compressed = [r for r in files_under(dest) if r.endswith((".gz", ".br"))]
    write_expected(
        dest,
        {
            "framework": {
                "name": "Nuxt",
                "version": installed_versions(app, ["nuxt"])["nuxt"],
                "server": "Nitro, preset node-server",
                "bundler": "Vite (Rolldown)",
            },
            "build_command": "nuxt build",
            "build_env": {"NUXT_TELEMETRY_DISABLED": "1", "CI": "1"},
            "packages": installed_versions(
                app, [*NUXT_PACKAGES, "nitropack", "rolldown", "@nuxt/vite-builder"]
            ),
            "routes": {
                "/": "prerendered (routeRules: prerender)",
                "/api/checkout": "server route (POST), reads the private runtime config",
            },
            "served_layout": "the Nitro node server (node .output/server/index.mjs) serves .output/public/ "
            "(client chunks, their maps, prerendered pages and payloads, with .gz/.br copies); "
            ".output/server/ runs on the server",
            "precompressed": {
                "files": compressed,
                "how": "written by Nitro (nitro.compressPublicAssets: true)",
            },
            "trimmed": {k: v for k, v in kept.items() if k != "build_output_holders"},
            "notes": NUXT_NOTES,
        },
        vals,
        nuxt_served,
        env,
    )


GITIGNORE = """\
# Build outputs kept as test fixtures (made by tools/build_framework_fixtures.py): the repository's own
# build/ and dist/ patterns must not hide them, nor a global ignore of Nuxt's .output/ or of the .env files
# the builds read (app-src/.env*: made-up values the tests give to --env-file).
!build/
!dist/
!.output/
!.env
!.env.*
"""

README = """# Framework build fixtures

Real build outputs of Next.js (Turbopack; webpack with `output: 'standalone'`), SvelteKit (adapter-node)
and Nuxt 4 (Nitro's node-server preset), with made-up credentials leaked the way teams leak them. Made by
`python3 tools/build_framework_fixtures.py` (node and the npm registry needed; the tests need neither).
Each folder stands for the app's root: the build output keeps the framework's layout (`.next/...`,
`build/...`, `.svelte-kit/output/...`, `.output/...`), `app-src/` holds the sources and the `.env` file the
build read, and `EXPECTED.json` says, for every planted value, which files hold it, whether each is served
to browsers, and its generated and original positions as Mozilla's `source-map` decoder computes them
(`tools/reference_positions.mjs`). Every value is random (seeded) and made up.
"""


def main(argv: list[str]) -> None:
    values = planted_values()
    targets = argv or ["next-turbopack", "next-webpack", "sveltekit-node", "nuxt-node"]
    WORK.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / ".gitignore").write_text(GITIGNORE)
    (OUT / "README.md").write_text(README)
    for t in targets:
        if t.startswith("next-"):
            build_next(t, values)
        elif t == "sveltekit-node":
            build_kit(values)
        elif t == "nuxt-node":
            build_nuxt(values)
        else:
            raise SystemExit(f"unknown fixture {t}")
    for t in targets:
        print(f"{t}: {dir_size(OUT / t)} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
