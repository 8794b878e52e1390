"""TypeScript path aliases as the compiler resolves them (js_tsconfig.py): the nearest tsconfig.json above a
file, `extends` (one config or a list, later ones winning), `baseUrl`, the longest wildcard prefix, exact
patterns first, a config's `paths` replacing the inherited ones; configs are JSON with comments."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.js_tsconfig import TsPaths, parse_jsonc


def _paths(files: dict[str, str]) -> TsPaths:
    texts = {rel: textwrap.dedent(text) for rel, text in files.items()}
    return TsPaths(texts.get)


def test_jsonc_comments_and_trailing_commas() -> None:
    text = """
        {
          // the compiler's options
          "compilerOptions": { "baseUrl": ".", /* inline */ "strict": true, "target": "es2022", },
          "include": ["src/**/*.ts", "types/*.d.ts",],
          "version": -1.5,
        }
    """
    assert parse_jsonc(text) == {
        "compilerOptions": {"baseUrl": ".", "strict": True, "target": "es2022"},
        "include": ["src/**/*.ts", "types/*.d.ts"],
        "version": -1.5,
    }
    assert parse_jsonc("{ not json") is None


def test_longest_prefix_and_exact_patterns() -> None:
    paths = _paths(
        {
            "tsconfig.json": """
                {
                  "compilerOptions": {
                    "paths": {
                      "@app/*": ["src/*"],
                      "@app/ui/*": ["packages/ui/src/*", "packages/ui-legacy/src/*"],
                      "@app/env": ["src/config/env.ts"]
                    }
                  }
                }
            """,
        }
    )
    assert paths.bases("src/main.ts", "@app/services/mail") == ["src/services/mail"]
    assert paths.bases("src/main.ts", "@app/ui/button") == [
        "packages/ui/src/button",
        "packages/ui-legacy/src/button",
    ]
    assert paths.bases("src/main.ts", "@app/env") == ["src/config/env.ts"]
    assert paths.bases("src/main.ts", "lodash") == []


def test_extends_chain_base_url_and_replaced_paths() -> None:
    paths = _paths(
        {
            "tsconfig.base.json": """
                { "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["libs/*/src/index.ts"] } } }
            """,
            "apps/api/tsconfig.json": '{ "extends": ["../../tsconfig.base.json", "./tsconfig.strict"] }',
            "apps/api/tsconfig.strict.json": '{ "compilerOptions": { "strict": true } }',
            "apps/web/tsconfig.json": """
                {
                  "extends": "../../tsconfig.base.json",
                  "compilerOptions": { "paths": { "~/*": ["./src/*"] } }
                }
            """,
            "tools/tsconfig.json": '{ "extends": "@tsconfig/node20/tsconfig.json" }',
        }
    )
    # the base's baseUrl (the root) anchors its own paths; the later config sets no paths: the base's stay
    assert paths.bases("apps/api/src/deep/file.ts", "@lib/db") == ["libs/db/src/index.ts"]
    # web's paths replace the inherited ones and, with the inherited baseUrl, are relative to the root
    assert paths.bases("apps/web/src/page.ts", "@lib/db") == []
    assert paths.bases("apps/web/src/page.ts", "~/env") == ["src/env"]
    # a package's config is not in the tree: no aliases
    assert paths.bases("tools/seed.ts", "@lib/db") == []


def test_paths_relative_to_their_config_without_base_url_and_the_root_never_left() -> None:
    paths = _paths(
        {
            "web/tsconfig.json": """
                { "compilerOptions": { "paths": { "@/*": ["./src/*"], "#out": ["../../elsewhere/x.ts"] } } }
            """,
        }
    )
    assert paths.bases("web/src/app/page.tsx", "@/lib/env") == ["web/src/lib/env"]
    assert paths.bases("web/src/app/page.tsx", "#out") == []
    assert paths.bases("other/file.ts", "@/lib/env") == []  # no config above it
