#!/usr/bin/env bash
# Re-captures the real tool output the CI-log fixtures are built from (run from any folder; needs network
# access to PyPI and the npm registry). Each tool runs under `bash -x`, stdout and stderr together.
set -u
out=${1:-raw}
mkdir -p "$out"
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
bash -x -c "pip install -v --isolated --no-cache-dir --no-deps --target '$work/pip-target' six" >"$out/pip.txt" 2>&1
mkdir -p "$work/npm" && (cd "$work/npm" && bash -x -c 'npm init -y >/dev/null && npm install --verbose --no-audit --no-fund is-number') >"$out/npm.txt" 2>&1
git init -q "$work/origin" && git -C "$work/origin" -c user.name=ci -c user.email=ci@example.invalid commit -q --allow-empty -m init && seq 1 20000 >"$work/origin/numbers.txt" && git -C "$work/origin" add numbers.txt && git -C "$work/origin" -c user.name=ci -c user.email=ci@example.invalid commit -q -m numbers
bash -x -c "git clone -v --progress 'file://$work/origin' '$work/clone'" >"$out/git.txt" 2>&1
mkdir -p "$work/www" && echo ok >"$work/www/index.html"
python3 -m http.server 0 --bind 127.0.0.1 --directory "$work/www" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do port=$(grep -o 'port [0-9]*' "$work/server.log" | head -1 | cut -d' ' -f2); [ -n "$port" ] && break; sleep 0.1; done
bash -x -c "curl -v http://127.0.0.1:$port/" >"$out/curl.txt" 2>&1
sed -i "s#$work#/home/runner/work#g" "$out"/*.txt
