"""Which JavaScript files are read for environment access: the ways a module reaches `process.env` or
`import.meta.env` are all still seen, while a vendored bundle that only says "process" or `import.meta.url`
is not tokenized at all."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.javascript import discover_javascript, mentions_env


def names(code: str) -> set[str]:
    return {r.name for r in discover_javascript(textwrap.dedent(code), "src/config.ts")}


def test_every_way_to_the_environment_is_still_read() -> None:
    assert names("export const a = process.env.A_URL;") == {"A_URL"}
    assert names("export const b = process?.env?.B_URL;") == {"B_URL"}
    assert names('export const c = process.env["C_URL"];') == {"C_URL"}
    assert names("const { env } = process;\nexport const d = env.D_URL;") == {"D_URL"}
    assert names('import { env } from "node:process";\nexport const e = env.E_URL;') == {"E_URL"}
    assert names("export const f = import.meta.env.VITE_F_URL;") == {"VITE_F_URL"}


def test_a_bundle_mentioning_process_only_in_passing_is_skipped() -> None:
    bundle = textwrap.dedent("""
        /* pdf.js worker, vendored */
        const isNode = typeof process === "object" && process + "" === "[object process]";
        const require = process.getBuiltinModule("module").createRequire(import.meta.url);
        const wasm = new URL("qcms_bg.wasm", import.meta.url);
    """)
    assert not mentions_env(bundle)
    assert discover_javascript(bundle, "static/pdfjs/pdf.worker.mjs") == []
