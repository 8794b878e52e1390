#!/usr/bin/env bash
# Rebuilds the bundle fixtures with a real bundler (esbuild from the npm registry). The outputs are kept in
# the repository as test assets, so the tests themselves need neither node nor npm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund esbuild@0.28.2 >/dev/null)
esbuild="$work/node_modules/.bin/esbuild"
cd "$here/app"
rm -rf dist dist-nomap dist-inline
# Minified bundle with an external map (the usual production build that forgot to drop its maps).
"$esbuild" src/index.ts --bundle --minify --sourcemap --target=es2020 --outfile=dist/app.js --log-level=warning
gzip -9 -k -n dist/app.js
# Same build, map kept out of the deploy folder: no public-map finding, findings stay in generated code.
"$esbuild" src/index.ts --bundle --minify --sourcemap=external --target=es2020 --outfile=dist-nomap/app.js --log-level=warning
mv dist-nomap/app.js.map "$here/app/nomap.js.map.kept-private"
# Inline (data: URL) map.
"$esbuild" src/index.ts --bundle --minify --sourcemap=inline --target=es2020 --outfile=dist-inline/app.js --log-level=warning
"$esbuild" --version > "$here/ESBUILD_VERSION"
