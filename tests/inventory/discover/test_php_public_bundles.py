"""A Laravel app's web root holds packages' published, minified scripts (`php artisan filament:assets`):
served to browsers, built elsewhere, so the `process.env` reads inside them are no setting of the app."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

MINIFIED = (
    "var a=" + ",".join(f"x{k}={k}" for k in range(400)) + ";"
    'typeof process<"u"&&process.env&&/\\bparse\\b/.test(process.env.PARSER_DEBUG);' + "\n"
)
HAND_WRITTEN = """
    // Served by the node server that also builds the page.
    const port = process.env.STATIC_PORT || 8080;
    module.exports = { port };
"""


def test_minified_scripts_under_public_are_not_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "app", "private": true}',  # the app's own scripts are built
            "public/js/vendorpkg/components/editor.js": MINIFIED,
            "public/server.js": HAND_WRITTEN,
            "resources/js/editor.js": MINIFIED,
        },
    )
    # Only the public/ copy is a published bundle; the app's own sources are read, however they look.
    assert [loc.split(":")[0] for loc in found["PARSER_DEBUG"].locations] == ["resources/js/editor.js"]
    assert found["STATIC_PORT"].scope == "runtime"


def test_minified_theme_assets_under_static_are_not_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            ".env.example": "PARSER_DEBUG=\nSTATIC_PORT=8080\n",
            "app/themes/admin/static/assets/pages/main-CA4_OjGq.js": MINIFIED + 'var k="STATIC_PORT";\n',
        },
    )
    assert found["PARSER_DEBUG"].scope == "example"  # neither read nor named there
    assert found["STATIC_PORT"].scope == "example"


LIBRARY = """
/*! some-icons 6.5.1 by the icons project */
(function () {
  var DEBUG = typeof process !== "undefined" && process.env && process.env.NODE_ENV !== "production";
  window.icons = { debug: DEBUG };
})();
"""


def test_a_library_copied_under_a_web_root_is_not_read(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": '{"name": "app", "private": true}',
            "public/assets/css/libs/icons/js/shims.js": LIBRARY,
            "public/js/app.js": "const mode = process.env.APP_MODE || 'web';\n",
        },
    )
    assert "NODE_ENV" not in found  # the library's own check, in a file served as it is
    assert found["APP_MODE"].scope == "runtime"  # the app's own hand-written script is still read
