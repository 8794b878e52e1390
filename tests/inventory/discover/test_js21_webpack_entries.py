"""A package that runs a server and bundles a browser client with webpack (one package.json for both): the
reads of the folders the webpack config's entries are in are the bundle's (replaced while it builds, or read
from webpack's empty browser polyfill): `build`. A config building for node moves nothing."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_PACKAGE = '{"name": "app", "dependencies": {"express": "^4.0.0", "vue": "^2.0.0", "webpack": "^4.0.0"}}\n'


def test_the_client_folder_a_webpack_entry_names_is_built(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _PACKAGE,
            "tools/webpack/webpack.prod.js": """
                const webpack = require('webpack')
                module.exports = {
                  mode: 'production',
                  entry: {
                    app: './client/index-app.js',
                    setup: ['./client/index-setup.js']
                  },
                  plugins: [new webpack.DefinePlugin({ 'process.env.NODE_ENV': '"production"' })],
                  target: 'web'
                }
            """,
            "client/index-app.js": "import './app'\n",
            "client/index-setup.js": "export const x = 1\n",
            "client/app.js": """
                export const devtools = process.env.node_env === 'development'
                export const mode = process.env.NODE_ENV
            """,
            "server/index.js": """
                const isDebug = process.env.NODE_ENV === 'development'
                const port = process.env.PORT || 80
            """,
        },
    )
    assert found["node_env"].scope == "build"
    assert found["NODE_ENV"].scope == "runtime"  # the server reads it too
    assert found["PORT"].scope == "runtime"


def test_a_webpack_config_for_node_moves_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _PACKAGE,
            "webpack.config.js": "module.exports = { target: 'node', entry: './src/main.js' }\n",
            "src/main.js": "export const db = process.env.DATABASE_URL\n",
        },
    )
    assert found["DATABASE_URL"].scope == "runtime"


def test_an_entry_at_the_package_root_names_no_client_folder(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "package.json": _PACKAGE,
            "webpack.config.js": "module.exports = { entry: './index.js' }\n",
            "index.js": "require('./lib/server')\n",
            "lib/server.js": "export const port = process.env.PORT\n",
        },
    )
    assert found["PORT"].scope == "runtime"
